"""Score and rank arrays of measures: the arithmetic shared by the point estimate, the
bootstrap and the sensitivity analysis.

``score = (w_s * support_score + w_e * expert_score) / (w_s + w_e)`` for a rated measure and
``score = support_score`` for an unrated one. Both parts lie in 0–1, so the score does too,
and rated and unrated measures share one scale (an unrated measure is ranked as if its
expert score equalled its support score). Rank 1 is the highest score; ties go to the
smaller ``measure_id``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from pinneberg_analysis.ranking.expert import ExpertData, criterion_means, expert_scores
from pinneberg_analysis.ranking.support import SupportData, aggregate_support, normalise_support

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


def combine(support_score: np.ndarray, expert_score: np.ndarray, weight_support: float,
            weight_expert: float) -> np.ndarray:
    """Weighted mean of support and expert score; support alone where unrated (NaN)."""
    total = weight_support + weight_expert
    if total <= 0:
        raise ValueError("weight_support and weight_expert cannot both be 0")
    mixed = (weight_support * support_score + weight_expert * np.nan_to_num(expert_score)) / total
    return np.where(np.isnan(expert_score), support_score, mixed)


def compute_scores(sdata: SupportData, edata: ExpertData, available: np.ndarray,
                   weights: Weights, s_idx: np.ndarray | None = None,
                   e_idx: np.ndarray | None = None) -> Scores:
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
    score = combine(support_score, expert, weights.weight_support, weights.weight_expert)
    return Scores(raw, normalised, support_score, means, expert, score)


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
