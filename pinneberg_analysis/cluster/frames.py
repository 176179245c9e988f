"""The measures, themes and assignment tables of a fitted :class:`MeasureClusterer`.

:func:`build_tables` computes them and returns them; the estimator's ``fit`` stores them
as its fitted attributes. Columns follow ``docs/contracts.md``. Rows are sorted by field (the canonical order, then
added fields), theme, size (largest first) and id, so the same clustering always gives the
same bytes.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd

from pinneberg_analysis.core.fields import field_sort_key
from pinneberg_analysis.core.ids import stable_id
from pinneberg_analysis.label.groups import label_context, label_groups

__all__ = ["ClusterTables", "build_tables"]

MEASURE_COLUMNS = [
    "measure_id", "theme_id", "field", "fields", "label", "keywords", "n_contributions",
    "is_single", "representatives", "representative_ids", "is_known",
]
THEME_COLUMNS = ["theme_id", "field", "label", "keywords", "n_measures", "n_contributions"]
ASSIGNMENT_COLUMNS = ["contribution_id", "measure_id", "theme_id", "is_near_duplicate", "near_duplicate_of"]


def _ranked_fields(fields: np.ndarray) -> list[str]:
    counts = pd.Series(fields).value_counts()
    return sorted(counts.index, key=lambda f: (-counts[f], field_sort_key(f)))


class ClusterTables(NamedTuple):
    """What :func:`build_tables` computes: the labels and the three tables of a clustering."""

    labels: np.ndarray
    """Row of ``measures`` for each contribution."""
    measures: pd.DataFrame
    """One row per measure (``MEASURE_COLUMNS``)."""
    themes: pd.DataFrame
    """One row per theme (``THEME_COLUMNS``)."""
    assignments: pd.DataFrame
    """Measure, theme and near-duplicate original of each contribution (``ASSIGNMENT_COLUMNS``)."""


def build_tables(
    df: pd.DataFrame,
    docs: list,
    Z: np.ndarray,
    measure: np.ndarray,
    theme: np.ndarray,
    original: np.ndarray,
    known: pd.DataFrame | None,
) -> ClusterTables:
    """The labels, measures, themes and assignments of a clustering, sorted and typed.

    Parameters
    ----------
    df : DataFrame
        The validated contributions (``contribution_id``, ``field``).
    docs : list of Document
        The analysed contributions.
    Z : ndarray
        Their normalised vectors.
    measure, theme : ndarray of int
        Measure and theme index per row; measures ``0..len(known)-1`` are the known ones.
        Not modified (a measure is put in the theme of most of its members on a copy).
    original : ndarray of int
        Near-duplicate original per row.
    known : DataFrame or None
        The known measures that received contributions, in index order.

    Returns
    -------
    ClusterTables
        ``labels`` (row of ``measures`` per contribution), ``measures``, ``themes`` and
        ``assignments``, with the columns of ``docs/contracts.md``.
    """
    ids = df["contribution_id"].to_numpy(dtype=object)
    fields = df["field"].to_numpy(dtype=object)
    n_known = 0 if known is None else len(known)
    context = label_context(docs)

    # a measure lives in one theme: the theme of most of its members
    theme = theme.copy()
    for m in np.unique(measure):
        rows = measure == m
        theme[rows] = np.bincount(theme[rows]).argmax()

    m_index = np.unique(measure)
    m_members = [np.nonzero(measure == m)[0] for m in m_index]
    problems = df["section"].eq("challenge").to_numpy() if "section" in df.columns else None
    m_labels = label_groups(docs, m_members, Z, original=original, context=context, problems=problems)
    t_index = np.unique(theme)
    t_members = [np.nonzero(theme == t)[0] for t in t_index]
    t_labels = label_groups(docs, t_members, Z, original=original, context=context)

    theme_id = {}
    theme_rows = []
    for t, rows, lab in zip(t_index, t_members, t_labels):
        tid = stable_id("T", "theme:" + min(ids[rows]))
        theme_id[t] = tid
        theme_rows.append({
            "theme_id": tid,
            "field": _ranked_fields(fields[rows])[0],
            "label": lab.label,
            "keywords": ";".join(lab.keywords),
            "n_measures": len(np.unique(measure[rows])),
            "n_contributions": len(rows),
        })
    themes = pd.DataFrame(theme_rows, columns=THEME_COLUMNS)

    measure_rows = []
    for m, rows, lab in zip(m_index, m_members, m_labels):
        is_known = m < n_known
        ranked = _ranked_fields(fields[rows])
        label, keywords = lab.label, ";".join(lab.keywords)
        if is_known:
            label = known["name"].iloc[m]
            if known["keywords"].iloc[m]:
                keywords = ";".join(k.strip() for k in known["keywords"].iloc[m].replace(",", ";").split(";") if k.strip())
        reps = list(lab.representatives)
        measure_rows.append({
            "measure_id": stable_id("M", "known:" + label) if is_known else stable_id("M", min(ids[rows])),
            "theme_id": theme_id[theme[rows[0]]],
            "field": ranked[0],
            "fields": ";".join(ranked),
            "label": label,
            "keywords": keywords,
            "n_contributions": len(rows),
            "is_single": len(rows) == 1,
            "representatives": "\n".join(docs[i].raw for i in reps),
            "representative_ids": ";".join(ids[i] for i in reps),
            "is_known": bool(is_known),
            "_m": m,
        })
    measures = pd.DataFrame(measure_rows)
    t_order = {tid: (field_sort_key(f), -n, tid) for tid, f, n in
               zip(themes["theme_id"], themes["field"], themes["n_contributions"])}
    themes = themes.sort_values("theme_id", key=lambda s: s.map(t_order)).reset_index(drop=True)
    order = sorted(range(len(measures)), key=lambda i: (
        t_order[measures["theme_id"].iloc[i]], -measures["n_contributions"].iloc[i],
        measures["measure_id"].iloc[i]))
    measures = measures.iloc[order].reset_index(drop=True)
    position = {m: i for i, m in enumerate(measures["_m"])}
    measures = measures.drop(columns="_m")

    measure_id = dict(zip(range(len(measures)), measures["measure_id"]))
    labels = np.array([position[m] for m in measure])
    near_dup = original != np.arange(len(df))
    assignments = pd.DataFrame({
        "contribution_id": ids,
        "measure_id": [measure_id[i] for i in labels],
        "theme_id": [theme_id[t] for t in theme],
        "is_near_duplicate": near_dup,
        "near_duplicate_of": [ids[o] if d else pd.NA for o, d in zip(original, near_dup)],
    })

    measures = measures.astype({c: "string" for c in
                                ("measure_id", "theme_id", "field", "fields", "label", "keywords",
                                 "representatives", "representative_ids")})
    measures["n_contributions"] = measures["n_contributions"].astype("Int64")
    themes = themes.astype({c: "string" for c in ("theme_id", "field", "label", "keywords")})
    themes[["n_measures", "n_contributions"]] = themes[["n_measures", "n_contributions"]].astype("Int64")
    assignments = assignments.astype({"contribution_id": "string", "measure_id": "string",
                                      "theme_id": "string", "near_duplicate_of": "string"})

    return ClusterTables(labels, measures[MEASURE_COLUMNS], themes[THEME_COLUMNS],
                         assignments[ASSIGNMENT_COLUMNS])
