"""Score and rank arrays of measures: the arithmetic shared by the point estimate, the
bootstrap and the sensitivity analysis.

``score = (w_s * support_overall + w_e * expert) / (w_s + w_e)`` ranks all measures (support
on one process-wide scale), ``field_score`` the same with ``support_score`` (support within
the field) ranks the measures of a field. Both parts lie in 0–1, so the scores do too.

**Prior for unrated measures.** A measure nobody rated gets the expert part of the *prior*:
in the point estimate its lower end, 0 (the worst rating the scale allows), so that missing
data is never a bonus and no measure moves up by losing its rating; in each bootstrap
replicate the replicate's expert score of a rated measure of the same field drawn at random
(of all rated measures when the field has none), so the spread of the field's ratings
widens the unrated measure's rank interval upwards. Without any rating in the process the
expert part is 0 for all and the order is that of support. Rank 1 is the highest score;
ties go to the smaller ``measure_id``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from pinneberg_analysis.ranking.expert import ExpertData, criterion_means, expert_scores
from pinneberg_analysis.ranking.support import (
    SupportData,
    aggregate_support,
    normalise_support,
    process_support,
)

# Scores are rounded before ranking so that sums in a different order cannot reorder ties.
_DECIMALS = 12


@dataclass(frozen=True)
class Weights:
    """The weights one score uses.

    Attributes
    ----------
    weight_support, weight_expert : float
    support : dict of str to float
        Support component -> weight.
    criteria : ndarray of float, shape (C,)
        Per criterion of the :class:`ExpertData`, its weight.
    """

    weight_support: float
    weight_expert: float
    support: dict[str, float]
    criteria: np.ndarray = field(default_factory=lambda: np.zeros(0))


@dataclass
class Scores:
    """Every component of the score for B replicates and M measures."""

    raw: dict[str, np.ndarray]
    normalised: dict[str, np.ndarray]
    support_score: np.ndarray
    crit_means: np.ndarray
    expert_score: np.ndarray
    score: np.ndarray
    overall: dict[str, np.ndarray] = field(default_factory=dict)
    support_overall: np.ndarray = field(default_factory=lambda: np.zeros((0, 0)))
    expert_used: np.ndarray = field(default_factory=lambda: np.zeros((0, 0)))
    field_score: np.ndarray = field(default_factory=lambda: np.zeros((0, 0)))


def prior_donors(field_codes: np.ndarray, rated: np.ndarray, uniform: np.ndarray) -> np.ndarray:
    """For each replicate and measure, the rated measure whose expert score an unrated one
    borrows (itself when rated; -1 when nothing is rated).

    Parameters
    ----------
    field_codes : ndarray of int (M,)
    rated : ndarray of bool (M,)
    uniform : ndarray of float (B, M)
        Uniform draws in [0, 1).

    Examples
    --------
    >>> prior_donors(np.array([0, 0, 1]), np.array([True, False, False]),
    ...              np.full((1, 3), 0.5)).tolist()
    [[0, 0, 0]]
    """
    b, m = uniform.shape
    out = np.broadcast_to(np.arange(m), (b, m)).copy()
    everyone = np.flatnonzero(rated)
    for f in np.unique(field_codes):
        cols = np.flatnonzero((field_codes == f) & ~rated)
        if not len(cols):
            continue
        pool = np.flatnonzero(rated & (field_codes == f))
        pool = pool if len(pool) else everyone
        if not len(pool):
            out[:, cols] = -1
            continue
        pick = np.minimum((uniform[:, cols] * len(pool)).astype(np.int64), len(pool) - 1)
        out[:, cols] = pool[pick]
    return out


def with_prior(expert: np.ndarray, donors: np.ndarray | None) -> np.ndarray:
    """The expert part each measure's score uses: its own, or the prior's (0 at the point
    estimate, the donor's score in a replicate)."""
    if donors is None:
        return np.nan_to_num(expert, nan=0.0)
    borrowed = np.take_along_axis(np.nan_to_num(expert, nan=0.0), np.maximum(donors, 0), axis=1)
    own = np.where(np.isnan(expert), borrowed, expert)
    return np.where(donors < 0, 0.0, own)


def combine(support_score: np.ndarray, expert_score: np.ndarray, weight_support: float,
            weight_expert: float) -> np.ndarray:
    """Weighted mean of support and expert score (an unknown expert score counts 0)."""
    total = weight_support + weight_expert
    if total <= 0:
        raise ValueError("weight_support and weight_expert cannot both be 0")
    return (weight_support * support_score + weight_expert * np.nan_to_num(expert_score)) / total


def compute_scores(sdata: SupportData, edata: ExpertData, available: np.ndarray,
                   weights: Weights, s_idx: np.ndarray | None = None,
                   e_idx: np.ndarray | None = None,
                   donors: np.ndarray | None = None) -> Scores:
    """All score components, for the point estimate (no indices) or bootstrap draws.

    Parameters
    ----------
    sdata, edata : SupportData, ExpertData
    available : ndarray of bool (n_fields, n_components)
        Which support component is known in which field.
    weights : Weights
    s_idx : ndarray (B, N), optional
        Contributions drawn per replicate.
    e_idx : ndarray (B, R), optional
        (measure, rater) rows drawn per replicate.
    donors : ndarray (B, M), optional
        Per replicate, whose expert score an unrated measure borrows (:func:`prior_donors`);
        None: the prior's lower end, 0.

    Returns
    -------
    Scores
    """
    raw = aggregate_support(sdata, s_idx)
    normalised, support_score = normalise_support(sdata, raw, weights.support, available)
    means = criterion_means(edata, e_idx)
    if means.shape[0] != support_score.shape[0]:
        means = np.broadcast_to(means, (support_score.shape[0],) + means.shape[1:])
    crit_w = weights.criteria if len(weights.criteria) == len(edata.criteria) else None
    expert = expert_scores(edata, means, crit_w)
    used = with_prior(expert, donors)
    overall, support_overall = process_support(sdata, raw, weights.support, available)
    score = combine(support_overall, used, weights.weight_support, weights.weight_expert)
    field_score = combine(support_score, used, weights.weight_support, weights.weight_expert)
    return Scores(raw, normalised, support_score, means, expert, score, overall,
                  support_overall, used, field_score)


def _ranks(scores: np.ndarray) -> np.ndarray:
    """Rank along axis 1 (1 = highest); ties by position, i.e. by measure_id."""
    b, m = scores.shape
    order = np.argsort(-np.round(scores, _DECIMALS), axis=1, kind="stable")
    ranks = np.empty((b, m), dtype=np.int32)
    np.put_along_axis(ranks, order, np.arange(1, m + 1, dtype=np.int32)[None, :].repeat(b, 0),
                      axis=1)
    return ranks


def overall_ranks(scores: np.ndarray) -> np.ndarray:
    """Ranks over all measures, shape (B, M): 1 for the highest score of each row.

    Scores are compared rounded; ties go to the measure that comes first (by ``measure_id``).

    Examples
    --------
    >>> import numpy as np
    >>> overall_ranks(np.array([[0.2, 0.9, 0.5, 0.9]])).tolist()
    [[4, 1, 3, 2]]
    """
    return _ranks(scores)


def field_ranks(scores: np.ndarray, field_codes: np.ndarray) -> np.ndarray:
    """Ranks within each measure's field, shape (B, M) (ties as in :func:`overall_ranks`).

    Examples
    --------
    >>> import numpy as np
    >>> field_ranks(np.array([[0.2, 0.9, 0.5, 0.9]]), np.array([0, 0, 1, 1])).tolist()
    [[2, 1, 2, 1]]
    """
    out = np.zeros(scores.shape, dtype=np.int32)
    for f in np.unique(field_codes):
        cols = field_codes == f
        out[:, cols] = _ranks(scores[:, cols])
    return out
