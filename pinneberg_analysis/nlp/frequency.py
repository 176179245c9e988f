"""How common a German word is in general language: a prior for term weights.

Corpus IDF says how rare a word is *in the contributions at hand*; it cannot tell a word
that is rare here but common in German at large (*machen*, *Problem*, *Stadt*, *Weg*), and
says little about a contribution's topic, from one that names its topic (*Fahrradständer*,
*Ampelschaltung*). The Zipf frequencies of ``wordfreq`` (general German: subtitles,
Wikipedia, books, web) supply that: :func:`specificity` maps a word to a weight in
``[floor, 1]`` that falls linearly with its general-language log frequency, so that it
multiplies the corpus IDF like a second, language-wide IDF. Words rarer than one in
100,000 (Zipf < 4, most domain nouns and all long compounds) keep weight 1.

The resource ``resources/general_frequency_de.tsv.gz`` (7,000 folded words, CC BY-SA 4.0,
see its ``.LICENSE.txt``) is derived by ``scripts/derive_general_frequency.py``; it loads on
first use and is cached (see :mod:`~pinneberg_analysis.core.caches`).
"""

from __future__ import annotations

import gzip
from collections.abc import Iterable
from importlib import resources

import numpy as np

from pinneberg_analysis.core.caches import memoize

__all__ = ["FLOOR", "ZIPF_HIGH", "ZIPF_LOW", "specificity", "zipf"]

#: Zipf frequency at and below which a word keeps its full weight (1 in 100,000 words).
ZIPF_LOW = 4.0
#: Zipf frequency at which the weight would reach 0 (the most common German words: ~7.5).
ZIPF_HIGH = 7.0
#: Lowest weight: no word loses more than this share of its corpus IDF.
FLOOR = 0.2

_RESOURCE = "general_frequency_de.tsv.gz"


@memoize(maxsize=1)
def _table() -> dict[str, float]:
    data = resources.files("pinneberg_analysis.resources").joinpath(_RESOURCE).read_bytes()
    table: dict[str, float] = {}
    for line in gzip.decompress(data).decode("utf-8").splitlines():
        word, value = line.split("\t")
        table[word] = float(value)
    return table


def zipf(key: str) -> float:
    """Zipf frequency of a folded word in general German (0.0 when below 4.0 or unknown).

    Examples
    --------
    >>> zipf("machen") > 5.5 > zipf("fahrradstaender")
    True
    """
    return _table().get(key, 0.0)


def specificity(
    keys: Iterable[str], low: float = ZIPF_LOW, high: float = ZIPF_HIGH, floor: float = FLOOR
) -> np.ndarray:
    """Weights in ``[floor, 1]`` of folded words: 1 up to Zipf ``low``, falling linearly to 0 at ``high``.

    Parameters
    ----------
    keys : iterable of str
        Folded words or lemma keys (see :func:`pinneberg_analysis.nlp.analysis.fold`).
    low, high : float
        Zipf frequencies where the weight starts to fall and where it would reach 0.
    floor : float
        Lowest weight.

    Returns
    -------
    ndarray of float64
        One weight per key.

    Examples
    --------
    >>> specificity(["fahrradstaender", "problem", "machen"]).round(2).tolist()
    [1.0, 0.54, 0.34]
    """
    table = _table()
    z = np.fromiter((table.get(k, 0.0) for k in keys), dtype=np.float64)
    return np.clip((high - z) / (high - low), floor, 1.0)
