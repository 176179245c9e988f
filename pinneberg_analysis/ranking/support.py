"""Participation support per measure, from the contributions assigned to it.

Raw components (per measure)
----------------------------
``n_contributions``  number of contributions;
``votes``            sum of the known votes / points / dot votes (NA if none is known);
``n_sources``        distinct source kinds (workshop, forum, online, other);
``n_rounds``         distinct known workshop rounds (NA if none is known);
``n_groups``         distinct known participant groups (NA if none is known);
``multi_field``      raised in more than one field (the measure's ``fields`` list, or its
                     contributions come from more than one field).

Normalisation
-------------
Each component is divided by its maximum among the measures of the same (primary) field,
so the strongest measure of every field gets 1.0 on it, whatever the field's size: a field
with many contributions does not drown the others. A component that is unknown for every
measure of a field (e.g. no votes were collected there) is left out for that field and the
remaining weights are rescaled to sum to one; within a field where it is known, a measure
without a known value counts as 0. ``support_score`` is the weighted mean of the normalised
components, in 0–1.

The same array code computes the point estimate (every contribution once) and the bootstrap
replicates (contributions drawn with replacement), so both follow one definition.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from pinneberg_analysis.core.config import SUPPORT_COMPONENTS
from pinneberg_analysis.core.errors import InputError

logger = logging.getLogger(__name__)

_CATEGORY_COLUMNS = {
    "n_sources": "source_kind",
    "n_rounds": "round",
    "n_groups": "participant_group",
    "n_fields": "field",
}


@dataclass(frozen=True)
class SupportData:
    """Contributions encoded as arrays for fast (bootstrap) aggregation.

    Attributes
    ----------
    measure_ids : ndarray of str, shape (M,)
        Measure ids, sorted; position = measure index.
    field_codes : ndarray of int, shape (M,)
        Index into ``fields`` of each measure's primary field.
    fields : tuple of str
        The fields, sorted.
    declared_multi : ndarray of bool, shape (M,)
        The measure's ``fields`` list names more than one field.
    measure_of : ndarray of int, shape (N,)
        Measure index of each contribution (contributions sorted by field, measure, id).
    votes : ndarray of float, shape (N,)
        Votes, NaN where unknown.
    categories : dict of str to (ndarray of int, int)
        Per category column the code of each contribution (-1 = unknown) and the number of
        codes.
    contribution_field : ndarray of int, shape (N,)
        Index into ``fields`` of the primary field of each contribution's measure (the
        stratum for ``resample="field"``).
    """

    measure_ids: np.ndarray
    field_codes: np.ndarray
    fields: tuple[str, ...]
    declared_multi: np.ndarray
    measure_of: np.ndarray
    votes: np.ndarray
    categories: dict[str, tuple[np.ndarray, int]]
    contribution_field: np.ndarray

    @property
    def n_measures(self) -> int:
        return len(self.measure_ids)

    @property
    def n_contributions(self) -> int:
        return len(self.measure_of)


def _require(df: pd.DataFrame, columns: list[str], table: str) -> None:
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise InputError(
            f"the {table} table lacks the columns {missing}",
            hint=f"pass the {table} table described in docs/contracts.md.",
        )


def build_support_data(measures: pd.DataFrame, contributions: pd.DataFrame) -> SupportData:
    """Encode measures and their contributions as arrays.

    Parameters
    ----------
    measures : DataFrame
        Needs ``measure_id`` and ``field``; ``fields`` (";"-joined) is used when present.
    contributions : DataFrame
        Needs ``measure_id`` and ``field``; ``votes``, ``source_kind``, ``round`` and
        ``participant_group`` are used when present. Contributions without a measure, or
        with a measure not in ``measures``, are ignored (and logged).

    Returns
    -------
    SupportData
    """
    _require(measures, ["measure_id", "field"], "measures")
    _require(contributions, ["measure_id", "field"], "contributions")
    if measures["measure_id"].isna().any():
        raise InputError("a measure has no measure_id", column="measure_id")
    if measures["measure_id"].duplicated().any():
        dups = sorted(measures.loc[measures["measure_id"].duplicated(), "measure_id"].astype(str))
        raise InputError(
            f"measure ids occur more than once: {dups[:5]}",
            column="measure_id",
            hint="each measure needs its own id.",
        )
    m = measures.assign(measure_id=measures["measure_id"].astype(str)).sort_values(
        "measure_id", kind="stable"
    )
    if m["field"].isna().any():
        bad = m.loc[m["field"].isna(), "measure_id"].tolist()[:5]
        raise InputError(f"measures without a field: {bad}", column="field")
    measure_ids = m["measure_id"].to_numpy(dtype=object)
    fields = tuple(sorted(set(m["field"].astype(str))))
    field_index = {f: i for i, f in enumerate(fields)}
    field_codes = np.array([field_index[f] for f in m["field"].astype(str)], dtype=np.int64)
    if "fields" in m.columns:
        declared_multi = np.array(
            [
                isinstance(v, str) and len({p.strip() for p in v.split(";") if p.strip()}) > 1
                for v in m["fields"].tolist()
            ],
            dtype=bool,
        )
    else:
        declared_multi = np.zeros(len(m), dtype=bool)

    pos = pd.Series(np.arange(len(m)), index=measure_ids)
    c = contributions[contributions["measure_id"].notna()]
    c = c.assign(measure_id=c["measure_id"].astype(str))
    unknown = ~c["measure_id"].isin(pos.index)
    dropped = len(contributions) - len(c) + int(unknown.sum())
    if dropped:
        logger.info("%d contributions without a known measure are not counted", dropped)
    c = c[~unknown]
    c = c.assign(
        _m=pos.loc[c["measure_id"]].to_numpy(),
        _id=c["contribution_id"].astype(str) if "contribution_id" in c.columns else "",
    )
    c = c.assign(_f=field_codes[c["_m"].to_numpy(dtype=np.int64)]).sort_values(
        ["_f", "_m", "_id"], kind="stable"
    )
    measure_of = c["_m"].to_numpy(dtype=np.int64)
    if "votes" in c.columns:
        votes = pd.to_numeric(c["votes"], errors="coerce").astype("Float64")
        votes = votes.to_numpy(dtype=float, na_value=np.nan)
    else:
        votes = np.full(len(c), np.nan)
    categories: dict[str, tuple[np.ndarray, int]] = {}
    for name, col in _CATEGORY_COLUMNS.items():
        if col not in c.columns:
            categories[name] = (np.full(len(c), -1, dtype=np.int64), 0)
            continue
        values = c[col].astype("string")
        known = sorted(set(values.dropna().tolist()))
        lookup = {v: i for i, v in enumerate(known)}
        codes = np.array(
            [lookup[v] if v is not pd.NA else -1 for v in values.tolist()], dtype=np.int64
        )
        categories[name] = (codes, len(known))
    return SupportData(
        measure_ids=measure_ids,
        field_codes=field_codes,
        fields=fields,
        declared_multi=declared_multi,
        measure_of=measure_of,
        votes=votes,
        categories=categories,
        contribution_field=c["_f"].to_numpy(dtype=np.int64),
    )


def _distinct(codes: np.ndarray, n_codes: int, measure: np.ndarray, idx: np.ndarray,
              n_measures: int) -> np.ndarray:
    """Distinct known codes per (replicate, measure); NaN where no code is known."""
    b = idx.shape[0]
    out = np.full((b, n_measures), np.nan)
    if n_codes == 0:
        return out
    cc = codes[idx]
    known = cc >= 0
    rep = np.broadcast_to(np.arange(b)[:, None], idx.shape)
    key = ((rep * n_measures + measure) * n_codes + cc)[known]
    present = np.bincount(key, minlength=b * n_measures * n_codes).reshape(b, n_measures, n_codes)
    counts = (present > 0).sum(axis=2).astype(float)
    return np.where(counts > 0, counts, np.nan)


def aggregate_support(data: SupportData, idx: np.ndarray | None = None) -> dict[str, np.ndarray]:
    """Raw support components per replicate and measure.

    Parameters
    ----------
    data : SupportData
    idx : ndarray of int, shape (B, N), optional
        Per replicate, the contributions drawn (indices into the contributions). None means
        every contribution once (the point estimate, B = 1).

    Returns
    -------
    dict of str to ndarray of shape (B, M)
        One float array per component of :data:`SUPPORT_COMPONENTS`; NaN = unknown.
    """
    n, m = data.n_contributions, data.n_measures
    if idx is None:
        idx = np.arange(n, dtype=np.int64)[None, :]
    b = idx.shape[0]
    measure = data.measure_of[idx]
    rep_key = (np.arange(b)[:, None] * m + measure).ravel()
    size = b * m
    counts = np.bincount(rep_key, minlength=size).reshape(b, m).astype(float)
    v = data.votes[idx].ravel()
    v_known = ~np.isnan(v)
    vote_sum = np.bincount(rep_key[v_known], weights=v[v_known], minlength=size).reshape(b, m)
    vote_n = np.bincount(rep_key[v_known], minlength=size).reshape(b, m)
    out = {
        "n_contributions": counts,
        "votes": np.where(vote_n > 0, vote_sum, np.nan),
    }
    for name in ("n_sources", "n_rounds", "n_groups"):
        codes, n_codes = data.categories[name]
        out[name] = _distinct(codes, n_codes, measure, idx, m)
    codes, n_codes = data.categories["n_fields"]
    n_fields = np.nan_to_num(_distinct(codes, n_codes, measure, idx, m), nan=0.0)
    out["multi_field"] = ((n_fields > 1) | data.declared_multi[None, :]).astype(float)
    # No contribution at all: the count-like components are 0, not unknown.
    out["n_sources"] = np.where(counts == 0, 0.0, out["n_sources"])
    return out


def available_components(data: SupportData, point: Mapping[str, np.ndarray]) -> np.ndarray:
    """Which component is known in which field, from the point estimate.

    Returns
    -------
    ndarray of bool, shape (n_fields, n_components)
        In the order of :data:`SUPPORT_COMPONENTS`.
    """
    avail = np.zeros((len(data.fields), len(SUPPORT_COMPONENTS)), dtype=bool)
    for k, name in enumerate(SUPPORT_COMPONENTS):
        known = ~np.isnan(point[name][0])
        for f in range(len(data.fields)):
            avail[f, k] = bool(known[data.field_codes == f].any())
    return avail


def _combine(
    data: SupportData,
    raw: Mapping[str, np.ndarray],
    weights: Mapping[str, float],
    available: np.ndarray,
    scale: Callable[[str, np.ndarray, np.ndarray], np.ndarray],
) -> tuple[dict[str, np.ndarray], np.ndarray, np.ndarray]:
    """Scale each weighted component and take the weighted mean of those known per field.

    ``scale(name, values, usable)`` gets a component's values (B, M; unknown and unusable
    ones as 0) and returns them scaled to 0–1. Returns the scaled components (NaN where left
    out for the measure's field), the score and each measure's sum of usable weights.
    """
    b, m = next(iter(raw.values())).shape
    fc = data.field_codes
    normalised: dict[str, np.ndarray] = {}
    total = np.zeros((b, m))
    weight_sum = np.zeros(m)
    for k, name in enumerate(SUPPORT_COMPONENTS):
        if name not in weights:
            continue
        w = float(weights[name])
        usable = available[fc, k]
        values = np.where(usable[None, :], np.nan_to_num(raw[name], nan=0.0), 0.0)
        scaled = np.where(usable[None, :], scale(name, values, usable), 0.0)
        normalised[name] = np.where(usable[None, :], scaled, np.nan)
        total += w * scaled
        weight_sum += np.where(usable, w, 0.0)
    score = np.divide(total, weight_sum[None, :], out=np.zeros_like(total),
                      where=weight_sum[None, :] > 0)
    return normalised, score, weight_sum


def normalise_support(
    data: SupportData,
    raw: Mapping[str, np.ndarray],
    weights: Mapping[str, float],
    available: np.ndarray,
) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """Divide each component by its field maximum and combine them.

    Parameters
    ----------
    data : SupportData
    raw : dict of str to ndarray (B, M)
        From :func:`aggregate_support`.
    weights : mapping of str to float
        Support component -> weight (components not listed weigh 0).
    available : ndarray of bool (n_fields, n_components)
        From :func:`available_components`.

    Returns
    -------
    normalised : dict of str to ndarray (B, M)
        Per weighted component, the value in 0–1; NaN where the component is left out
        for the measure's field.
    support_score : ndarray (B, M)
        Weighted mean of the available normalised components.
    """
    fc = data.field_codes

    def per_field(name: str, values: np.ndarray, usable: np.ndarray) -> np.ndarray:
        scaled = np.zeros_like(values)
        for f in np.unique(fc[usable]):
            cols = fc == f
            block = values[:, cols]
            top = block.max(axis=1, keepdims=True)
            scaled[:, cols] = np.divide(block, top, out=np.zeros_like(block), where=top > 0)
        return scaled

    normalised, score, weight_sum = _combine(data, raw, weights, available, per_field)
    if (weight_sum <= 0).any():
        empty = sorted({data.fields[f] for f in fc[weight_sum <= 0]})
        logger.warning(
            "In den Handlungsfeldern %s ist keine gewichtete Unterstützungsangabe (Beiträge, Stimmen, "
            "Teilnehmende) bekannt; ihre Unterstützung zählt als 0. So beheben: in [rank.support_weights] "
            "eine Angabe gewichten, die diese Felder haben.", ", ".join(empty)
        )
    return normalised, score


def process_support(
    data: SupportData,
    raw: Mapping[str, np.ndarray],
    weights: Mapping[str, float],
    available: np.ndarray,
) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """Support on one scale for the whole process (the overall ranking).

    Counts (contributions, sources, rounds, groups) are divided by their maximum over all
    measures of the process, so a field's strongest measure gets 1.0 only when it is the
    strongest of the process. Votes are not comparable between fields (dot votes in a
    workshop, likes online), so a field's votes share out the field's contributions: a
    measure with a share ``v / V_f`` of its field's votes counts ``v / V_f * N_f``
    contribution-equivalents (``N_f`` contributions in the field), divided by the process
    maximum. Doubling every vote of a field changes nothing. Components unknown in a field
    are left out there and the remaining weights rescaled, as in :func:`normalise_support`.

    Parameters
    ----------
    data, raw, weights, available
        As for :func:`normalise_support`.

    Returns
    -------
    normalised : dict of str to ndarray (B, M)
    support_overall : ndarray (B, M)
    """
    fc = data.field_codes
    n_fields = len(data.fields)

    def process_wide(name: str, values: np.ndarray, usable: np.ndarray) -> np.ndarray:
        if name == "multi_field":
            return values
        if name == "votes":
            counts = raw["n_contributions"]
            field_votes = np.zeros((values.shape[0], n_fields))
            field_n = np.zeros((values.shape[0], n_fields))
            for f in range(n_fields):
                cols = fc == f
                field_votes[:, f] = values[:, cols].sum(axis=1)
                field_n[:, f] = counts[:, cols].sum(axis=1)
            v_total, n_total = field_votes[:, fc], field_n[:, fc]
            values = np.divide(values * n_total, v_total, out=np.zeros_like(values),
                               where=v_total > 0)
        top = values.max(axis=1, keepdims=True)
        return np.divide(values, top, out=np.zeros_like(values), where=top > 0)

    normalised, score, _ = _combine(data, raw, weights, available, process_wide)
    return normalised, score
