"""Bootstrap rank intervals.

Each replicate draws, with replacement,

* the contributions: within each field (``resample="field"``, the default: a measure's
  number of contributions varies from draw to draw, so a measure with 4 contributions is
  not presented as clearly ahead of one with 3) or within each measure
  (``resample="measure"``: counts stay fixed, votes, sources, rounds and groups vary);
* the raters of each rated measure (as many as it has), so its criterion means vary;
* for each unrated measure, a rated measure of its field whose replicate expert score it
  borrows (the prior, :func:`~.scoring.prior_donors`), so its interval is wider.

It then recomputes every score component and the ranks exactly as for the point estimate.
The rank interval is the central ``interval`` (e.g. 90 %: 5th to 95th percentile) of the
replicates' ranks, widened when needed so that it contains the point rank. Each replicate
has its own random stream derived from ``random_state``, so results do not depend on how
the replicates are batched.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from pinneberg_analysis.ranking.expert import ExpertData
from pinneberg_analysis.ranking.scoring import (
    Weights,
    compute_scores,
    field_ranks,
    overall_ranks,
    prior_donors,
)
from pinneberg_analysis.ranking.support import SupportData

# Upper bound on the elements of one batch of draws (keeps memory flat for large inputs).
_BATCH_ELEMENTS = 500_000


@dataclass
class BootstrapRanks:
    """Ranks of every replicate, shape (B, M) each."""

    ranks: np.ndarray
    field_ranks: np.ndarray


def _groups(strata: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Start and size of the contiguous group each element belongs to."""
    n = len(strata)
    if n == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    change = np.r_[True, strata[1:] != strata[:-1]]
    gid = np.cumsum(change) - 1
    starts = np.flatnonzero(change)
    sizes = np.diff(np.r_[starts, n])
    return starts[gid], sizes[gid]


def _draw(uniform: np.ndarray, start: np.ndarray, size: np.ndarray) -> np.ndarray:
    idx = start[None, :] + np.floor(uniform * size[None, :]).astype(np.int64)
    return np.minimum(idx, (start + size - 1)[None, :])


def bootstrap_ranks(
    sdata: SupportData,
    edata: ExpertData,
    available: np.ndarray,
    weights: Weights,
    *,
    n_bootstrap: int,
    resample: str = "field",
    random_state: int | None = 42,
) -> BootstrapRanks:
    """Overall and field ranks of ``n_bootstrap`` replicates.

    Parameters
    ----------
    sdata, edata : SupportData, ExpertData
    available : ndarray of bool (n_fields, n_components)
    weights : Weights
    n_bootstrap : int
    resample : {"field", "measure"}
        Stratum within which contributions are drawn.
    random_state : int or None
        Seed; None draws fresh entropy.

    Returns
    -------
    BootstrapRanks
    """
    if resample not in ("field", "measure"):
        raise ValueError(f"resample must be 'field' or 'measure', not {resample!r}")
    strata = sdata.contribution_field if resample == "field" else sdata.measure_of
    s_start, s_size = _groups(strata)
    e_start, e_size = _groups(edata.row_measure)
    n, r, m = sdata.n_contributions, len(edata.row_measure), sdata.n_measures
    children = np.random.SeedSequence(random_state).spawn(n_bootstrap)
    point = compute_scores(sdata, edata, available, weights)
    rated = ~np.isnan(point.expert_score[0])
    per_replicate = max(n, r * max(len(edata.criteria), 1), m * 16, 1)
    batch = int(max(1, min(n_bootstrap, _BATCH_ELEMENTS // per_replicate)))
    ranks = np.empty((n_bootstrap, m), dtype=np.int32)
    franks = np.empty((n_bootstrap, m), dtype=np.int32)
    for lo in range(0, n_bootstrap, batch):
        hi = min(lo + batch, n_bootstrap)
        u_s = np.empty((hi - lo, n))
        u_e = np.empty((hi - lo, r))
        u_p = np.empty((hi - lo, m))
        for k, seq in enumerate(children[lo:hi]):
            gen = np.random.default_rng(seq)
            u_s[k] = gen.random(n)
            u_e[k] = gen.random(r)
            u_p[k] = gen.random(m)
        scores = compute_scores(sdata, edata, available, weights,
                                _draw(u_s, s_start, s_size), _draw(u_e, e_start, e_size),
                                prior_donors(sdata.field_codes, rated, u_p))
        ranks[lo:hi] = overall_ranks(scores.score)
        franks[lo:hi] = field_ranks(scores.field_score, sdata.field_codes)
    return BootstrapRanks(ranks, franks)


def rank_interval(boot: np.ndarray, point: np.ndarray, interval: float) -> tuple[np.ndarray,
                                                                                 np.ndarray]:
    """Central ``interval`` of the bootstrap ranks, widened to contain the point rank.

    Parameters
    ----------
    boot : ndarray (B, M)
    point : ndarray (M,)
    interval : float in (0, 1)

    Returns
    -------
    low, high : ndarray of int (M,)
        Best and worst rank of the interval (low <= point <= high).
    """
    tail = (1.0 - interval) / 2.0
    low = np.quantile(boot, tail, axis=0, method="inverted_cdf").astype(np.int64)
    high = np.quantile(boot, 1.0 - tail, axis=0, method="inverted_cdf").astype(np.int64)
    return np.minimum(low, point), np.maximum(high, point)


def tiers(boot: np.ndarray, point: np.ndarray, groups: np.ndarray,
          confidence: float) -> np.ndarray:
    """Number the groups (tiers) of measures whose order the bootstrap cannot tell apart.

    Within each group of ``groups`` (a field, or one group for all), the measures are taken
    in the order of their point rank. The first measure leads tier 1; a later measure starts
    the next tier when the current tier's leader ranks before it in at least ``confidence``
    of the replicates, and stays in the leader's tier otherwise.

    Parameters
    ----------
    boot : ndarray (B, M)
        Bootstrap ranks (lower is better).
    point : ndarray (M,)
        Point ranks.
    groups : ndarray (M,)
        Group code of each measure.
    confidence : float in (0.5, 1)

    Returns
    -------
    ndarray of int (M,)
        Tier numbers, 1 = the front group.

    Examples
    --------
    >>> boot = np.array([[1, 2, 3], [1, 3, 2], [1, 2, 3]])
    >>> tiers(boot, np.array([1, 2, 3]), np.zeros(3, int), 0.9).tolist()
    [1, 2, 2]
    """
    out = np.zeros(len(point), dtype=np.int64)
    for g in np.unique(groups):
        cols = np.flatnonzero(groups == g)
        cols = cols[np.argsort(point[cols], kind="stable")]
        tier, leader = 1, cols[0]
        for c in cols:
            if c != leader and np.mean(boot[:, leader] < boot[:, c]) >= confidence:
                tier, leader = tier + 1, c
            out[c] = tier
    return out
