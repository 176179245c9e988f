"""Inter-rater agreement per criterion: Krippendorff's alpha (ordinal).

The units are the rated measures (the matched ``measure_id``; for an unmatched name the name
as written, so agreement does not depend on the matching). A rater who rated the same unit
twice on a criterion enters with the mean of both values. Alpha is NA where it is undefined:
fewer than two raters, no unit rated by two raters, or a single value used throughout.
"""

from __future__ import annotations

import logging

import numpy as np
import pandas as pd

logger = logging.getLogger(__name__)

AGREEMENT_COLUMNS = ["criterion", "alpha", "n_raters", "n_measures", "n_pairable", "n_values"]


def rater_agreement(ratings: pd.DataFrame | None) -> pd.DataFrame:
    """Krippendorff's alpha (ordinal) per criterion.

    Parameters
    ----------
    ratings : DataFrame or None
        Long ratings: ``rater``, ``criterion``, ``value`` and ``measure_id`` and/or
        ``measure_ref``.

    Returns
    -------
    DataFrame
        ``criterion, alpha`` (Float64, NA when undefined), ``n_raters`` (raters with a value),
        ``n_measures`` (units with a value), ``n_pairable`` (units with values from at least
        two raters) and ``n_values``; one row per criterion, sorted by criterion.

    Examples
    --------
    >>> r = pd.DataFrame({"measure_id": ["M1", "M2", "M3"] * 2, "rater": list("AAABBB"),
    ...                   "criterion": "Wirkung", "value": [1.0, 3.0, 5.0, 1.0, 3.0, 5.0]})
    >>> float(rater_agreement(r)["alpha"].iloc[0])
    1.0
    """
    import krippendorff

    empty = pd.DataFrame({c: pd.Series(dtype="object") for c in AGREEMENT_COLUMNS})
    if ratings is None or len(ratings) == 0 or "criterion" not in ratings.columns:
        return empty.astype({"criterion": "string", "alpha": "Float64", "n_raters": "Int64",
                             "n_measures": "Int64", "n_pairable": "Int64", "n_values": "Int64"})
    unit = pd.Series(pd.NA, index=ratings.index, dtype="string")
    if "measure_id" in ratings.columns:
        unit = ratings["measure_id"].astype("string")
    if "measure_ref" in ratings.columns:
        unit = unit.fillna("ref:" + ratings["measure_ref"].astype("string"))
    r = pd.DataFrame({
        "unit": unit,
        "rater": ratings["rater"].astype("string").fillna("(ohne Namen)"),
        "criterion": ratings["criterion"].astype("string"),
        "value": pd.to_numeric(ratings["value"], errors="coerce").astype(float),
    })
    r = r[r["unit"].notna() & r["criterion"].notna() & r["value"].notna()]
    rows = []
    for criterion in sorted(r["criterion"].unique()):
        sub = r[r["criterion"] == criterion]
        matrix = sub.pivot_table(index="rater", columns="unit", values="value",
                                 aggfunc="mean", sort=True)
        data = matrix.to_numpy(dtype=float)
        per_unit = (~np.isnan(data)).sum(axis=0)
        n_pairable = int((per_unit >= 2).sum())
        alpha: float | None = None
        distinct = np.unique(data[~np.isnan(data)])
        if matrix.shape[0] >= 2 and n_pairable >= 1 and len(distinct) >= 2:
            try:
                value = float(krippendorff.alpha(reliability_data=data,
                                                 level_of_measurement="ordinal"))
                alpha = value if np.isfinite(value) else None
            except (ValueError, ZeroDivisionError) as exc:  # undefined for this data
                logger.info("alpha undefined for criterion %s: %s", criterion, exc)
        rows.append({
            "criterion": criterion,
            "alpha": alpha,
            "n_raters": int(matrix.shape[0]),
            "n_measures": int(matrix.shape[1]),
            "n_pairable": n_pairable,
            "n_values": int((~np.isnan(data)).sum()),
        })
    out = pd.DataFrame(rows, columns=AGREEMENT_COLUMNS)
    return out.astype({"criterion": "string", "alpha": "Float64", "n_raters": "Int64",
                       "n_measures": "Int64", "n_pairable": "Int64", "n_values": "Int64"})
