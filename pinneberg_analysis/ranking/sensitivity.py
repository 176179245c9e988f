"""How the top of each field changes when one weight moves.

Each weight (``weight_support``, ``weight_expert``, every support component weight and every
criterion weight) is multiplied by each factor (by default 0, 0.5, 1, 1.5 and 2), one weight
at a time with the others at their configured values, and the point ranking is recomputed.
For every field, and for all measures together (field ``Gesamt``), the table compares the
new order with the baseline order.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import replace

import numpy as np
import pandas as pd
from scipy.stats import kendalltau

from pinneberg_analysis.ranking.expert import ExpertData
from pinneberg_analysis.ranking.scoring import Weights, compute_scores, overall_ranks
from pinneberg_analysis.ranking.support import SupportData

logger = logging.getLogger(__name__)

OVERALL = "Gesamt"
SENSITIVITY_COLUMNS = [
    "weight", "factor", "value", "field", "n_measures", "top_k", "overlap", "top1_same",
    "kendall_tau",
]


def _variants(weights: Weights, edata: ExpertData, rated: bool) -> list[tuple[str, str, object]]:
    out: list[tuple[str, str, object]] = [("weight_support", "top", None)]
    if rated:
        out.append(("weight_expert", "top", None))
    out += [(f"support_weights.{k}", "support", k) for k in weights.support]
    if rated:
        out += [(f"criterion_weights.{c}", "criterion", j) for j, c in enumerate(edata.criteria)]
    return out


def _scaled(weights: Weights, kind: str, key: object, name: str, factor: float) -> tuple[Weights,
                                                                                       float]:
    if kind == "top":
        value = getattr(weights, name) * factor
        return replace(weights, **{name: value}), value
    if kind == "support":
        support = dict(weights.support)
        support[key] = support[key] * factor
        return replace(weights, support=support), support[key]
    criteria = weights.criteria.copy()
    criteria[key] = criteria[key] * factor
    return replace(weights, criteria=criteria), float(criteria[key])


def _order(ranks: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """Measure indices of ``cols`` from best to worst."""
    idx = np.flatnonzero(cols)
    return idx[np.argsort(ranks[idx], kind="stable")]


def sensitivity_table(
    sdata: SupportData,
    edata: ExpertData,
    available: np.ndarray,
    weights: Weights,
    *,
    factors: Sequence[float] = (0.0, 0.5, 1.0, 1.5, 2.0),
    top_k: int = 5,
) -> pd.DataFrame:
    """One row per weight, factor and field (plus ``Gesamt``).

    Parameters
    ----------
    sdata, edata : SupportData, ExpertData
    available : ndarray of bool (n_fields, n_components)
    weights : Weights
        The baseline weights.
    factors : sequence of float
        Multipliers applied to one weight at a time.
    top_k : int
        Size of the top of a field.

    Returns
    -------
    DataFrame
        ``weight`` (config name), ``factor``, ``value`` (the weight used), ``field``,
        ``n_measures``, ``top_k`` (";"-joined measure ids of the new top, best first),
        ``overlap`` (share of the baseline top still in the new top), ``top1_same`` (the
        first place is unchanged) and ``kendall_tau`` (Kendall's tau-b between the
        baseline and new scores of the field's measures; NA when undefined). Combinations
        where both main weights would be 0 are left out.
    """
    base = compute_scores(sdata, edata, available, weights)
    rated = bool((~np.isnan(base.expert_score)).any())
    base_rank = overall_ranks(base.score)[0]
    base_frank = overall_ranks(base.field_score)[0]  # order within a field: field_score
    groups = [(sdata.fields[f], sdata.field_codes == f) for f in range(len(sdata.fields))]
    groups.append((OVERALL, np.ones(sdata.n_measures, dtype=bool)))
    groups = [(f, cols) for f, cols in groups if cols.any()]
    rows = []
    for name, kind, key in _variants(weights, edata, rated):
        for factor in factors:
            new_w, value = _scaled(weights, kind, key, name, float(factor))
            if new_w.weight_support + new_w.weight_expert <= 0:
                continue
            scores = compute_scores(sdata, edata, available, new_w)
            new_rank = overall_ranks(scores.score)[0]
            new_frank = overall_ranks(scores.field_score)[0]
            for field, cols in groups:
                whole = field == OVERALL
                k = min(top_k, int(cols.sum()))
                base_top = _order(base_rank if whole else base_frank, cols)[:k]
                new_top = _order(new_rank if whole else new_frank, cols)[:k]
                old_s = base.score if whole else base.field_score
                new_s = scores.score if whole else scores.field_score
                tau = np.nan
                if cols.sum() >= 2:
                    with np.errstate(invalid="ignore", divide="ignore"):
                        tau = kendalltau(old_s[0, cols], new_s[0, cols]).statistic
                rows.append({
                    "weight": name,
                    "factor": float(factor),
                    "value": float(value),
                    "field": field,
                    "n_measures": int(cols.sum()),
                    "top_k": ";".join(str(sdata.measure_ids[i]) for i in new_top),
                    "overlap": len(set(base_top) & set(new_top)) / k if k else np.nan,
                    "top1_same": bool(k and base_top[0] == new_top[0]),
                    "kendall_tau": float(tau) if np.isfinite(tau) else np.nan,
                })
    out = pd.DataFrame(rows, columns=SENSITIVITY_COLUMNS)
    return out.astype({"weight": "string", "factor": "float64", "value": "float64",
                       "field": "string", "n_measures": "Int64", "top_k": "string",
                       "overlap": "Float64", "top1_same": "boolean", "kendall_tau": "Float64"})
