"""Expert score per measure, from matched ratings (1–5 per rater and criterion).

Per measure and criterion, ``crit_<Criterion>`` is the mean over raters of each rater's
mean (a rater who rated the same measure twice counts once). Each criterion mean is scaled
to 0–1 as ``(x - 1) / 4``; a criterion where a high value is bad (``invert_criteria``, by
default ``Kosten``) as ``(5 - x) / 4``, i.e. ``6 - x`` on the 1–5 scale. ``expert_score`` is
the weighted mean of the scaled criteria the measure has (weights from
``criterion_weights``, 1 by default), in 0–1, and NA for a measure nobody rated.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from pinneberg_analysis.core.errors import InputError
from pinneberg_analysis.core.fields import normalise_name

logger = logging.getLogger(__name__)

SCALE_MIN, SCALE_MAX = 1.0, 5.0


@dataclass(frozen=True)
class ExpertData:
    """Ratings as one row per (measure, rater) with a value per criterion.

    Attributes
    ----------
    criteria : tuple of str
        Criterion names as written in the ratings, sorted.
    row_measure : ndarray of int, shape (R,)
        Measure index of each (measure, rater) row; rows sorted by measure then rater.
    values : ndarray of float, shape (R, C)
        The rater's mean per criterion, NaN where the rater gave none.
    inverted : ndarray of bool, shape (C,)
    weights : ndarray of float, shape (C,)
    n_measures : int
    """

    criteria: tuple[str, ...]
    row_measure: np.ndarray
    values: np.ndarray
    inverted: np.ndarray
    weights: np.ndarray
    n_measures: int


def _lookup(names: Iterable[str]) -> set[str]:
    return {normalise_name(n) for n in names}


def build_expert_data(
    ratings: pd.DataFrame | None,
    measure_ids: np.ndarray,
    *,
    invert_criteria: Iterable[str] = ("Kosten",),
    criterion_weights: Mapping[str, float] | None = None,
) -> ExpertData:
    """Encode matched ratings as arrays.

    Parameters
    ----------
    ratings : DataFrame or None
        Long ratings with ``measure_id`` filled where matched (see :func:`match_ratings`),
        ``rater``, ``criterion`` and ``value``. Rows without a known measure or value are
        skipped.
    measure_ids : ndarray of str
        The measures, in the order of :class:`~pinneberg_analysis.ranking.support.SupportData`.
    invert_criteria : iterable of str
        Criteria where a high value is bad (compared case- and umlaut-insensitively).
    criterion_weights : mapping, optional
        Criterion -> weight; criteria not listed weigh 1.

    Returns
    -------
    ExpertData

    Raises
    ------
    InputError
        When a value lies outside 1–5 (names the file and locator).
    """
    m = len(measure_ids)
    empty = ExpertData((), np.zeros(0, np.int64), np.zeros((0, 0)), np.zeros(0, bool),
                       np.zeros(0), m)
    if ratings is None or len(ratings) == 0 or "measure_id" not in ratings.columns:
        return empty
    missing = [c for c in ("rater", "criterion", "value") if c not in ratings.columns]
    if missing:
        raise InputError(f"the ratings table lacks the columns {missing}",
                         hint="pass the ratings table described in docs/contracts.md.")
    r = ratings.assign(value=pd.to_numeric(ratings["value"], errors="coerce").astype("Float64"))
    r = r[r["measure_id"].notna() & r["value"].notna() & r["criterion"].notna()]
    r = r[r["measure_id"].astype(str).isin(set(measure_ids))]
    bad = r[(r["value"] < SCALE_MIN) | (r["value"] > SCALE_MAX)]
    if len(bad):
        row = bad.iloc[0]
        raise InputError(
            f"rating value {row['value']} is outside 1–5 ({len(bad)} such values)",
            file=str(row.get("source_file", "")) or None,
            row=str(row.get("locator", "")) or None,
            column="value",
            hint="ratings are on a 1–5 scale; correct the value or leave it empty.",
        )
    if len(r) == 0:
        return empty
    pos = {mid: i for i, mid in enumerate(measure_ids)}
    r = r.assign(
        _m=[pos[str(v)] for v in r["measure_id"]],
        rater=r["rater"].astype("string").fillna("(ohne Namen)"),
        criterion=r["criterion"].astype(str),
        value=r["value"].astype(float),
    )
    table = r.pivot_table(index=["_m", "rater"], columns="criterion", values="value",
                          aggfunc="mean", sort=True)
    table = table.reindex(sorted(table.columns), axis=1)
    criteria = tuple(str(c) for c in table.columns)
    inv = _lookup(invert_criteria)
    weights_in = {normalise_name(k): float(v) for k, v in (criterion_weights or {}).items()}
    unused = sorted(set(weights_in) - _lookup(criteria))
    if unused:
        logger.warning(
            "[rank.criterion_weights] nennt Kriterien, die in den Bewertungen nicht vorkommen: %s. "
            "So beheben: die Namen wie in der Spalte der Bewertungsdatei schreiben; bis dahin "
            "gelten diese Gewichte nicht.", ", ".join(unused))
    return ExpertData(
        criteria=criteria,
        row_measure=table.index.get_level_values("_m").to_numpy(dtype=np.int64),
        values=table.to_numpy(dtype=float),
        inverted=np.array([normalise_name(c) in inv for c in criteria], dtype=bool),
        weights=np.array([weights_in.get(normalise_name(c), 1.0) for c in criteria]),
        n_measures=m,
    )


def criterion_means(data: ExpertData, idx: np.ndarray | None = None) -> np.ndarray:
    """Mean per criterion over the (drawn) raters of each measure.

    Parameters
    ----------
    data : ExpertData
    idx : ndarray of int, shape (B, R), optional
        Per replicate, the (measure, rater) rows drawn; None = every row once (B = 1).

    Returns
    -------
    ndarray of float, shape (B, M, C)
        NaN where no drawn rater gave a value.
    """
    r, c, m = len(data.row_measure), len(data.criteria), data.n_measures
    if idx is None:
        idx = np.arange(r, dtype=np.int64)[None, :]
    b = idx.shape[0]
    out = np.full((b, m, c), np.nan)
    if r == 0 or c == 0:
        return out
    key = (np.arange(b)[:, None] * m + data.row_measure[idx]).ravel()
    for j in range(c):
        v = data.values[idx, j].ravel()
        known = ~np.isnan(v)
        s = np.bincount(key[known], weights=v[known], minlength=b * m)
        n = np.bincount(key[known], minlength=b * m)
        out[:, :, j] = np.divide(s, n, out=np.full(b * m, np.nan), where=n > 0).reshape(b, m)
    return out


def scaled_criteria(data: ExpertData, means: np.ndarray) -> np.ndarray:
    """Scale criterion means to 0–1 (inverted criteria turned round)."""
    scaled = (means - SCALE_MIN) / (SCALE_MAX - SCALE_MIN)
    return np.where(data.inverted[None, None, :], 1.0 - scaled, scaled)


def expert_scores(data: ExpertData, means: np.ndarray,
                  weights: np.ndarray | None = None) -> np.ndarray:
    """Weighted mean of the scaled criteria each measure has.

    Parameters
    ----------
    data : ExpertData
    means : ndarray (B, M, C)
        From :func:`criterion_means`.
    weights : ndarray (C,), optional
        Overrides ``data.weights`` (used by the sensitivity analysis).

    Returns
    -------
    ndarray (B, M)
        NaN for a measure without any rated (positively weighted) criterion.
    """
    w = data.weights if weights is None else weights
    b, m, c = means.shape
    if c == 0:
        return np.full((b, m), np.nan)
    scaled = scaled_criteria(data, means)
    known = ~np.isnan(scaled) & (w[None, None, :] > 0)
    num = np.where(known, np.nan_to_num(scaled) * w[None, None, :], 0.0).sum(axis=2)
    den = np.where(known, w[None, None, :], 0.0).sum(axis=2)
    return np.divide(num, den, out=np.full((b, m), np.nan), where=den > 0)


def n_raters(data: ExpertData) -> np.ndarray:
    """Number of distinct raters with at least one value, per measure."""
    has_value = ~np.isnan(data.values).all(axis=1) if len(data.criteria) else np.zeros(0, bool)
    return np.bincount(data.row_measure[has_value], minlength=data.n_measures)
