"""German synonyms and hypernyms from OpenThesaurus, as extra features of a text.

The resource ``resources/thesaurus_de.tsv.gz`` is derived from OpenThesaurus (LGPL, see
``resources/thesaurus_de.LICENSE.txt``) by ``scripts/derive_thesaurus.py``: one synset per
line, its single-word members folded like the lemma keys of :mod:`~pinneberg_analysis.nlp`
(``Fahrradweg``, ``Radweg``, ``Radfahrweg`` → ``fahrradweg radfahrweg radweg veloweg``) and
the ids of its hypernym synsets (*Oberbegriffe*).

:func:`synset_terms` turns a folded lemma into synset features (``~13836``) so that two
contributions that use different words for the same thing share a feature. By principle, not
by corpus, features are left out where a thesaurus misleads more than it helps:

* a word with more than :data:`MAX_SENSES` senses is ambiguous (*Rad*: bicycle, wheel, ...);
* a synset with more than :data:`MAX_SIZE` members is too broad to tell texts apart;
* a lemma the thesaurus does not know falls back to its compound head
  (*Hausarztpraxis* → *Praxis*) only when the head is itself unambiguous.

Hypernyms are added as their own features (``^2491``) when ``hypernyms=True``.
The resource loads lazily on first use (about 0.1 s) and is cached.
"""

from __future__ import annotations

import gzip
from functools import lru_cache
from importlib import resources

__all__ = ["MAX_SENSES", "MAX_SIZE", "synonyms", "synset_terms"]

#: Words with more senses than this get no synset features.
MAX_SENSES = 2
#: Synsets with more members than this are too broad to be features.
MAX_SIZE = 20
#: Synsets with fewer members than this are left out (one member: the word itself).
MIN_SIZE = 2
#: Also map a lemma the thesaurus lacks through its compound heads.
USE_HEADS = True
#: Add hypernym synsets as features.
HYPERNYMS = False

_RESOURCE = "thesaurus_de.tsv.gz"


@lru_cache(maxsize=1)
def _load() -> tuple[dict[str, tuple[int, ...]], list[tuple[str, ...]], list[tuple[int, ...]]]:
    """``(word -> synset ids, members of each synset, hypernym ids of each synset)``."""
    data = resources.files("pinneberg_analysis.resources").joinpath(_RESOURCE).read_bytes()
    members: list[tuple[str, ...]] = []
    hypers: list[tuple[int, ...]] = []
    by_word: dict[str, list[int]] = {}
    for i, line in enumerate(gzip.decompress(data).decode("utf-8").splitlines()):
        _, words, hyp = line.split("\t")
        ws = tuple(words.split())
        members.append(ws)
        hypers.append(tuple(int(h) for h in hyp.split()))
        for w in ws:
            by_word.setdefault(w, []).append(i)
    return {w: tuple(ids) for w, ids in by_word.items()}, members, hypers


def _senses(key: str) -> tuple[int, ...]:
    return _load()[0].get(key, ())


@lru_cache(maxsize=100_000)
def synset_terms(key: str, hypernyms: bool | None = None) -> tuple[str, ...]:
    """The synset features of a folded lemma (empty when unknown, ambiguous or too broad).

    Parameters
    ----------
    key : str
        A folded lemma (see :func:`pinneberg_analysis.nlp.lemma_key`).
    hypernyms : bool, optional
        Also return hypernym features (``^id``); default :data:`HYPERNYMS`.

    Returns
    -------
    tuple of str
        ``~id`` per synset the word belongs to, then ``^id`` per hypernym.

    Examples
    --------
    >>> synset_terms("radweg") == synset_terms("fahrradweg")  # doctest: +SKIP
    True
    """
    hypernyms = HYPERNYMS if hypernyms is None else hypernyms
    _, members, hypers = _load()
    ids = _senses(key)
    if not ids and USE_HEADS:
        from .nlp_words import compound_heads

        for head in compound_heads(key):
            ids = _senses(head)
            if ids:
                break
    if not ids or len(ids) > MAX_SENSES:
        return ()
    ids = tuple(i for i in ids if MIN_SIZE <= len(members[i]) <= MAX_SIZE)
    out = [f"~{i}" for i in ids]
    if hypernyms:
        out.extend(dict.fromkeys(f"^{h}" for i in ids for h in hypers[i] if len(members[h]) <= MAX_SIZE))
    return tuple(out)


def synonyms(key: str) -> tuple[str, ...]:
    """All single-word synonyms of a folded lemma over its senses (sorted; for inspection)."""
    _, members, _ = _load()
    return tuple(sorted({w for i in _senses(key) for w in members[i] if w != key}))
