"""``tables.xlsx`` for people: German headers, readable columns, rounded, sorted by rank.

The CSV files keep the English column names (the notebooks' contract) and every column;
the workbook is what an author opens in Excel: measures sorted by rank, scores rounded to
two places, expert scores on the raters' 1–5 scale, yes/no instead of True/False, lists
as comma-separated words, ids at the end.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from pinneberg_analysis.plots.style import SOURCE_LABELS
from pinneberg_analysis.report.scale import EXPERT_SCALE

#: CSV name -> German sheet name (in this order).
SHEETS = {
    "measures": "Maßnahmen",
    "contributions": "Beiträge",
    "themes": "Themen",
    "rejected": "Abgelehnte Zeilen",
    "ratings": "Bewertungen",
}
_MEASURES = {
    "rank": "Rang",
    "rank_low": "Rang von",
    "rank_high": "Rang bis",
    "tier": "Gruppe",
    "field": "Handlungsfeld",
    "label": "Maßnahme",
    "n_contributions": "Beiträge",
    "votes": "Stimmen",
    "n_sources": "Quellen",
    "support_score": "Unterstützung (Index 0–1)",
    "expert_score": "Expertenbewertung (1–5)",
    "n_raters": "Bewertende",
    "field_rank": "Rang im Feld",
    "keywords": "Schlagwörter",
    "fields": "Handlungsfelder",
    "is_single": "Einzelidee",
    "status": "Status",
    "review": "Review",
    "measure_id": "ID",
}
_CONTRIBUTIONS = {
    "field": "Handlungsfeld",
    "source_kind": "Quelle",
    "source_file": "Datei",
    "locator": "Stelle",
    "round": "Runde",
    "date": "Datum",
    "section": "Abschnitt",
    "title": "Titel",
    "text": "Text",
    "votes": "Stimmen",
    "participant_group": "Gruppe",
    "measure_label": "Maßnahme",
    "measure_id": "Maßnahme (ID)",
    "duplicate_of": "Dublette von",
    "near_duplicate_of": "Fast gleich wie",
    "contribution_id": "ID",
}
_THEMES = {
    "field": "Handlungsfeld",
    "label": "Thema",
    "keywords": "Schlagwörter",
    "n_measures": "Maßnahmen",
    "n_contributions": "Beiträge",
    "theme_id": "ID",
}
_REJECTED = {
    "source_file": "Datei",
    "locator": "Stelle",
    "column": "Spalte",
    "reason": "Grund",
    "hint": "Behebung",
}
_RATINGS = {
    "source_file": "Datei",
    "locator": "Stelle",
    "measure_ref": "Bewerteter Name",
    "measure_id": "Maßnahme (ID)",
    "rater": "Bewertende Person",
    "criterion": "Kriterium",
    "value": "Wert (1–5)",
    "field": "Handlungsfeld",
}
_SECTIONS = {"idea": "Idee", "challenge": "Herausforderung", "other": "sonstiges"}


def _readable(df: pd.DataFrame, names: Mapping[str, str]) -> pd.DataFrame:
    """The named columns that exist, renamed; floats rounded, booleans and lists in words."""
    out = pd.DataFrame(index=df.index)
    for col, name in names.items():
        if col not in df.columns:
            continue
        values = df[col]
        if pd.api.types.is_bool_dtype(values) or set(values.dropna().unique()) <= {True, False}:
            if values.notna().any():
                values = values.map(lambda v: "" if pd.isna(v) else ("ja" if bool(v) else "nein"))
        elif pd.api.types.is_float_dtype(values):
            values = values.round(2)
        elif pd.api.types.is_datetime64_any_dtype(values):
            values = values.dt.strftime("%d.%m.%Y")
        elif col in ("keywords", "fields"):
            values = values.map(lambda v: ", ".join(str(v).split(";")) if isinstance(v, str) else v)
        out[name] = values
    return out.reset_index(drop=True)


def _measures(m: pd.DataFrame) -> pd.DataFrame:
    m = m.copy()
    if "expert_score" in m.columns:
        low, high = EXPERT_SCALE
        m["expert_score"] = pd.to_numeric(m["expert_score"], errors="coerce") * (high - low) + low
    for col in ("support_score",):
        if col in m.columns:
            m[col] = pd.to_numeric(m[col], errors="coerce")
    names = dict(_MEASURES)
    crit = [c for c in m.columns if str(c).startswith("crit_")]
    for c in crit:  # insert the criteria after the expert score
        names = {**{k: v for k, v in names.items() if k != "measure_id"},
                 c: f"{str(c)[5:]} (1–5)", "measure_id": "ID"}
    keys = pd.DataFrame({
        "r": pd.to_numeric(m.get("rank"), errors="coerce"),
        "f": pd.to_numeric(m.get("field_rank"), errors="coerce"),
    }, index=m.index)
    order = keys.sort_values(["r", "f"], na_position="last", kind="stable").index
    return _readable(m.loc[order], names)


def _contributions(c: pd.DataFrame, measures: pd.DataFrame | None) -> pd.DataFrame:
    c = c.copy()
    if "source_kind" in c.columns:
        c["source_kind"] = c["source_kind"].map(lambda k: SOURCE_LABELS.get(k, k))
    if "section" in c.columns:
        c["section"] = c["section"].map(lambda s: _SECTIONS.get(s, s))
    if measures is not None and {"measure_id", "label"} <= set(measures.columns):
        labels = dict(zip(measures["measure_id"], measures["label"], strict=True))
        c["measure_label"] = c.get("measure_id", pd.Series(dtype=object)).map(labels)
    return _readable(c, _CONTRIBUTIONS)


def readable_tables(tables: Mapping[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """German sheet name -> readable table, for the tables present in ``tables``."""
    out: dict[str, pd.DataFrame] = {}
    for key, sheet in SHEETS.items():
        if key not in tables:
            continue
        df = tables[key]
        if key == "measures":
            out[sheet] = _measures(df)
        elif key == "contributions":
            out[sheet] = _contributions(df, tables.get("measures"))
        elif key == "themes":
            out[sheet] = _readable(df, _THEMES)
        elif key == "rejected":
            out[sheet] = _readable(df, _REJECTED)
        else:
            out[sheet] = _readable(df, _RATINGS)
    return out
