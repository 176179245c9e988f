"""A second chance by meaning for rated names that no word links to their measure.

A rated name written by city staff often shares no word with the contributions it stands
for (*Intelligentes Bewässerungsmanagement* for *Bodenfeuchtesensoren an Stadtbäumen*).
Sentence vectors (:mod:`pinneberg_analysis.features.e5`) see such paraphrases. They are
used here only where they are already at hand: when the grouping ran with sentence vectors
(the contributions' ``grouping_mode`` is ``tfidf+e5``), every member's vector is in the
process memo or the on-disk stage cache, so a measure's vector is the mean of its members'
vectors and only the rated names (a few dozen short texts) are encoded.

**Similarity.** Cosine of the name's vector and the measure's, both centred on the mean of
the measure vectors (as the grouping centres them): all texts of one process are alike to a
sentence model, so raw cosines crowd near 0.9; centred ones spread out in ``[-1, 1]``.

**Second chance** (:func:`second_chance`). The names that text matching left unmatched or
ambiguous compete, one-to-one (:func:`one_to_one`), for the measures no other name holds,
on the sum of the meaning and the word similarity. A pair counts only when the meaning
similarity reaches :data:`MEANING_FLOOR` and either the measure holds a word of the name's
core (the text matcher's evidence) or it is the name's best measure by meaning, clearly
(by :data:`MEANING_MARGIN`) ahead of the next one. Such a match is never *sure*: it always
goes to the authors' sheet to be checked.

**Agreement.** When the vectors are at hand, a text match is only sure when the meaning
view agrees that it is the name's best measure (:func:`meaning_best`): two views that
disagree leave the decision to a person.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import numpy as np
import pandas as pd

from pinneberg_analysis.nlp.document import raw_text

__all__ = ["MEANING_FLOOR", "MEANING_MARGIN", "MeaningMatch", "meaning_best",
           "meaning_similarity", "one_to_one", "second_chance", "vectors_at_hand"]

logger = logging.getLogger(__name__)

#: Least centred cosine of a match by meaning.
MEANING_FLOOR = 0.2
#: Least lead of a name's best measure by meaning over its next one, when no word links them.
MEANING_MARGIN = 0.05
#: Grouping modes whose contribution vectors this module can reuse.
SENTENCE_MODES = frozenset({"tfidf+e5"})


@dataclass(frozen=True)
class MeaningMatch:
    """A match by meaning: the measure (column index), whether a core word links them."""

    measure: int
    evidence: bool


def vectors_at_hand(contributions: pd.DataFrame | None) -> bool:
    """True when the grouping ran with e5 sentence vectors (``grouping_mode``), so the
    members' vectors are cached, and the engine is installed."""
    from pinneberg_analysis.features import e5

    if contributions is None or "grouping_mode" not in contributions.columns:
        return False
    modes = set(contributions["grouping_mode"].dropna().astype(str))
    return bool(modes) and modes <= SENTENCE_MODES and e5.available()


def _clean(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


def _measure_vectors(measures: pd.DataFrame, contributions: pd.DataFrame | None,
                     ids: list[str]) -> np.ndarray:
    """Mean e5 vector of each measure's members (its label and representatives without)."""
    from pinneberg_analysis.features import e5

    pos = {mid: i for i, mid in enumerate(ids)}
    owners: list[int] = []
    texts: list[str] = []
    if contributions is not None and {"measure_id", "text"} <= set(contributions.columns):
        c = contributions[contributions["measure_id"].notna()]
        titles = c["title"].tolist() if "title" in c.columns else [""] * len(c)
        for mid, title, text in zip(c["measure_id"].astype(str), titles, c["text"].tolist()):
            if mid in pos:
                owners.append(pos[mid])
                texts.append(raw_text(_clean(title), _clean(text)))
    have = set(owners)
    by_id = measures.set_index(measures["measure_id"].astype(str))
    for mid in ids:
        if pos[mid] not in have:
            row = by_id.loc[mid]
            parts = [_clean(row.get("label"))] + _clean(row.get("representatives")).split("\n")
            owners.append(pos[mid])
            texts.append(". ".join(p for p in parts if p.strip()))
    vectors = e5.encode(texts)
    member = np.zeros((len(ids), len(texts)))
    member[owners, np.arange(len(texts))] = 1.0
    return (member @ vectors) / member.sum(axis=1, keepdims=True)


def _unit(m: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(m, axis=1, keepdims=True)
    return m / np.where(norms == 0, 1.0, norms)


def meaning_similarity(refs: list[str], measures: pd.DataFrame,
                       contributions: pd.DataFrame | None, ids: list[str]) -> np.ndarray:
    """Centred cosine of each rated name to each measure (module doc), (names, measures).

    Parameters
    ----------
    refs : list of str
        The rated names.
    measures : DataFrame
        ``measure_id``; ``label`` and ``representatives`` for measures without members.
    contributions : DataFrame or None
        ``measure_id``, ``text`` and optional ``title``.
    ids : list of str
        The measure ids, in the order of the columns.

    Returns
    -------
    ndarray of float, shape (len(refs), len(ids))
    """
    from pinneberg_analysis.features import e5

    if not refs or not ids:
        return np.zeros((len(refs), len(ids)))
    m = _unit(_measure_vectors(measures, contributions, ids))
    centre = m.mean(axis=0)
    names = _unit(e5.encode(refs) - centre)
    return names @ _unit(m - centre).T


def meaning_best(meaning: np.ndarray, allowed: np.ndarray) -> np.ndarray:
    """Each name's best measure by meaning among the allowed ones (-1 when none)."""
    masked = np.where(allowed, meaning, -np.inf)
    best = masked.argmax(axis=1) if masked.shape[1] else np.zeros(len(masked), dtype=int)
    return np.where(allowed.any(axis=1), best, -1)


def one_to_one(weights: np.ndarray) -> dict[int, int]:
    """One-to-one assignment maximising the total weight (row -> column), positive only.

    Examples
    --------
    >>> one_to_one(np.array([[0.9, 0.8], [0.85, 0.0]]))
    {0: 1, 1: 0}
    """
    from scipy.optimize import linear_sum_assignment

    rows = np.flatnonzero((weights > 0).any(axis=1))
    cols = np.flatnonzero((weights > 0).any(axis=0))
    if not len(rows):
        return {}
    sub = weights[np.ix_(rows, cols)]
    r, c = linear_sum_assignment(sub, maximize=True)
    return {int(rows[a]): int(cols[b]) for a, b in zip(r, c) if sub[a, b] > 0}


def second_chance(meaning: np.ndarray, text: np.ndarray, evidence: np.ndarray,
                  allowed: np.ndarray, open_rows: np.ndarray, free: np.ndarray,
                  floor: float = MEANING_FLOOR, margin: float = MEANING_MARGIN
                  ) -> dict[int, MeaningMatch]:
    """Match the open names to free measures by meaning (module doc), one-to-one.

    Parameters
    ----------
    meaning : ndarray, shape (names, measures)
        From :func:`meaning_similarity`.
    text : ndarray, same shape
        Word similarity, 0 where the measure holds no evidence.
    evidence : ndarray of bool, same shape
        Whether the measure holds a word of the name's core.
    allowed : ndarray of bool, same shape
        Which measures a name may match at all (its field).
    open_rows : ndarray of bool, shape (names,)
        The names still without a measure.
    free : ndarray of bool, shape (measures,)
        The measures no name holds.
    floor, margin : float
        :data:`MEANING_FLOOR` and :data:`MEANING_MARGIN`.

    Returns
    -------
    dict of int to MeaningMatch
        Name (row) -> its match; names not in it stay without a measure.

    Examples
    --------
    The second name is closest to the first measure too: without a shared word it gets
    no other.

    >>> meaning = np.array([[0.5, 0.1], [0.45, 0.3]])
    >>> none = np.zeros((2, 2), dtype=bool)
    >>> second_chance(meaning, np.zeros((2, 2)), none, ~none, np.array([True, True]),
    ...               np.array([True, True]))
    {0: MeaningMatch(measure=0, evidence=False)}
    """
    k, n = meaning.shape
    if not k or not n:
        return {}
    m = np.where(allowed, meaning, -np.inf)
    order = np.argsort(-m, axis=1, kind="stable")
    best = order[:, 0]
    second = m[np.arange(k), order[:, 1]] if n > 1 else np.full(k, -np.inf)
    clear = np.zeros((k, n), dtype=bool)
    clear[np.arange(k), best] = (m[np.arange(k), best] - second) >= margin
    ok = allowed & (meaning >= floor) & (evidence | clear)
    ok &= open_rows[:, None] & free[None, :]
    weights = np.where(ok, meaning + text, 0.0)
    return {i: MeaningMatch(j, bool(evidence[i, j])) for i, j in one_to_one(weights).items()}
