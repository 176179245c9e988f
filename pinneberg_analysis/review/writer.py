"""The strategy authors' review workbook (``review.xlsx``).

Sheets: "Anleitung" (how to fill it in), "Übersicht" (one row per field), one sheet per
field (one row per measure with editable decision columns), "Beiträge verschieben" (one
row per contribution, grouped by measure, to move or split off contributions),
"Bewertungen zuordnen" (one row per rated name, to confirm or change its measure; only
with ratings, placed last),
"Protokoll" (the stored decisions and whether each was applied), and the hidden,
protected ``_meta`` (identity snapshot: each contribution's measure before and after
review, the run's seed and version) and ``_listen`` (drop-down lists). Every text cell is
neutralised against formula injection; no cell is ever a formula. The same result gives
the same bytes. :func:`pinneberg_analysis.review.read_review_workbook` reads it back.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pandas as pd

from pinneberg_analysis.core.fields import FIELDS, SHORT_NAMES
from pinneberg_analysis.core.result import AnalysisResult
from pinneberg_analysis.review.layout import (
    H_COMMENT,
    H_FIELD,
    H_LINK,
    H_MERGE,
    H_NEW_FIELD,
    H_NEW_MEASURE,
    H_NEW_NAME,
    H_REJECT,
    H_RENAME,
    MAX_LABEL,
    MEASURE_DECISIONS,
    MEASURE_INFO,
    MOVE_DECISIONS,
    MOVE_INFO,
    NEW_KEYS,
    SHEET_GUIDE,
    SHEET_LISTS,
    SHEET_LOG,
    SHEET_META,
    SHEET_MOVE,
    SHEET_OVERVIEW,
)
from pinneberg_analysis.review.ratings_sheet import write_rating_sheet
from pinneberg_analysis.review.sheets import (
    write_guide,
    write_hidden,
    write_overview,
    write_protocol,
)
from pinneberg_analysis.review.xlsx import (
    FIXED_TIME,
    add_row_lists,
    add_validation,
    fill_rows,
    list_ref,
    save_workbook,
    style_header,
)

_MAX_TEXT = 300
_INVALID_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")
_MEASURE_DEFAULTS = {
    "measure_id": pd.NA,
    "field": pd.NA,
    "label": pd.NA,
    "status": "aktiv",
    "review_note": pd.NA,
    "keywords": pd.NA,
    "representatives": pd.NA,
    "n_contributions": pd.NA,
    "is_single": False,
    "theme_id": pd.NA,
}


def _missing(value: Any) -> bool:
    return value is None or (not isinstance(value, str) and bool(pd.isna(value)))


def _short(text: Any, limit: int = _MAX_TEXT) -> str:
    text = "" if _missing(text) else re.sub(r"\s+", " ", str(text)).strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _sheet_names(fields: list[str]) -> dict[str, str]:
    reserved = {SHEET_GUIDE, SHEET_OVERVIEW, SHEET_MOVE, SHEET_LOG, SHEET_META, SHEET_LISTS}
    out, taken = {}, {r.lower() for r in reserved}
    for f in fields:
        base = _INVALID_SHEET_CHARS.sub(" ", SHORT_NAMES.get(f, f)).strip()[:31] or "Feld"
        name, n = base, 2
        while name.lower() in taken:
            suffix = f" ({n})"
            name, n = base[: 31 - len(suffix)] + suffix, n + 1
        taken.add(name.lower())
        out[f] = name
    return out


def _measure_table(result: AnalysisResult) -> pd.DataFrame:
    """Measures with ranking and theme columns, in sheet order (rank, size; rejected last)."""
    m = result.measures.copy()
    for col, default in _MEASURE_DEFAULTS.items():
        if col not in m.columns:
            m[col] = default
    r = result.ranking
    keep = [c for c in ("support_score", "votes", "field_rank") if c in r.columns]
    if keep and "measure_id" in r.columns:
        m = m.merge(r[["measure_id", *keep]], on="measure_id", how="left")
    for col in ("support_score", "votes", "field_rank"):
        if col not in m.columns:
            m[col] = pd.NA
    t = result.themes
    labels = (
        dict(zip(t["theme_id"], t["label"], strict=True))
        if {"theme_id", "label"} <= set(t.columns)
        else {}
    )
    m["theme_label"] = m["theme_id"].map(labels.get, na_action="ignore")
    m["_rejected"] = m["status"].fillna("aktiv").eq("abgelehnt")
    m["_rank"] = pd.to_numeric(m["field_rank"], errors="coerce")
    m["_n"] = -pd.to_numeric(m["n_contributions"], errors="coerce").fillna(0)
    return m.sort_values(
        ["_rejected", "_rank", "_n", "measure_id"], na_position="last", kind="mergesort"
    ).reset_index(drop=True)


def _contribution_table(result: AnalysisResult, measure_order: list[str]) -> pd.DataFrame:
    """Contributions grouped by measure in sheet order, input order within a measure."""
    c = result.contributions.copy()
    for col in ("contribution_id", "measure_id"):
        if col not in c.columns:
            c[col] = pd.Series(dtype="string")
    order = {mid: i for i, mid in enumerate(measure_order)}
    c["_pos"] = range(len(c))
    c["_m"] = c["measure_id"].map(order.get, na_action="ignore").fillna(len(order))
    return c.sort_values(["_m", "_pos"], kind="mergesort").reset_index(drop=True)


def _text_of(row: dict) -> str:
    title = "" if _missing(row.get("title")) else str(row["title"]).strip()
    text = "" if _missing(row.get("text")) else str(row["text"]).strip()
    if title and text and not text.lower().startswith(title.lower()):
        return _short(f"{title}: {text}")
    return _short(text or title)


def _source_of(row: dict) -> str:
    parts = [row.get("source_file"), row.get("locator")]
    return ", ".join(str(p) for p in parts if not _missing(p) and str(p))


def _link(cell: Any, location: str) -> None:
    from openpyxl.worksheet.hyperlink import Hyperlink

    cell.hyperlink = Hyperlink(ref=cell.coordinate, location=location)
    cell.style = "Hyperlink"


def _measure_row(r: dict, has_members: bool) -> list[Any]:
    examples = None
    if not _missing(r["representatives"]):
        examples = "\n".join(_short(t, 200) for t in str(r["representatives"]).split("\n")[:3])
    support = None if _missing(r["support_score"]) else round(float(r["support_score"]), 2)
    info = [
        r["measure_id"],
        r["label"],
        r["keywords"],
        r["n_contributions"],
        support,
        r["votes"],
        r["field_rank"],
        r["theme_label"],
        examples,
        r["review_note"],
        "→ Beiträge" if has_members else None,
    ]
    return info + [None] * len(MEASURE_DECISIONS)


def _write_field_sheet(
    wb: Any,
    name: str,
    sub: pd.DataFrame,
    first_row: dict[str, int],
    position: dict[str, int],
    n_fields: int,
) -> None:
    n_active = len(position)
    ws = wb.create_sheet(name)
    headers = list(MEASURE_INFO + MEASURE_DECISIONS)
    style_header(ws, headers, MEASURE_DECISIONS)
    records = sub.to_dict("records")
    fill_rows(
        ws,
        [_measure_row(r, r["measure_id"] in first_row) for r in records],
        headers,
        MEASURE_DECISIONS,
    )
    link_col = headers.index(H_LINK) + 1
    for i, r in enumerate(records, start=2):
        if r["measure_id"] in first_row:
            _link(ws.cell(row=i, column=link_col), f"'{SHEET_MOVE}'!A{first_row[r['measure_id']]}")
    n = len(records)
    add_validation(ws, headers, H_RENAME, None, n, max_len=MAX_LABEL)
    add_row_lists(ws, headers, H_MERGE, "A", [position.get(r["measure_id"]) for r in records],
                  n_active)
    add_validation(ws, headers, H_FIELD, list_ref("B", n_fields), n)
    add_validation(ws, headers, H_REJECT, None, n)
    add_validation(ws, headers, H_COMMENT, None, n)


def _write_move_sheet(
    wb: Any,
    contribs: pd.DataFrame,
    label_of: dict[str, Any],
    position: dict[str, int],
    n_fields: int,
) -> None:
    ws = wb.create_sheet(SHEET_MOVE)
    headers = list(MOVE_INFO + MOVE_DECISIONS)
    style_header(ws, headers, MOVE_DECISIONS)
    rows = [
        [
            r["contribution_id"],
            r.get("field"),
            r["measure_id"],
            label_of.get(r["measure_id"]),
            _text_of(r),
            _source_of(r),
        ]
        + [None] * len(MOVE_DECISIONS)
        for r in contribs.to_dict("records")
    ]
    fill_rows(ws, rows, headers, MOVE_DECISIONS)
    own = [position.get(r["measure_id"]) for r in contribs.to_dict("records")]
    add_row_lists(ws, headers, H_NEW_MEASURE, "C", own, len(position), len(NEW_KEYS))
    add_validation(ws, headers, H_NEW_FIELD, list_ref("B", n_fields), len(rows))
    add_validation(ws, headers, H_NEW_NAME, None, len(rows), max_len=MAX_LABEL)


def write_review_workbook(result: AnalysisResult, path: str | Path) -> Path:
    """Write the review workbook for the strategy authors.

    Parameters
    ----------
    result : AnalysisResult
        Uses ``measures`` (after curation: ``status`` and ``review_note`` are shown),
        ``contributions`` (``cluster_measure_id`` when present is the identity snapshot),
        ``ranking`` (may be empty), ``themes``, ``decisions_log`` and ``config`` (its seed).
    path : str or Path
        Where to write ``review.xlsx``.

    Returns
    -------
    Path
        The written file.
    """
    from openpyxl import Workbook

    m = _measure_table(result)
    fields = list(FIELDS) + [f for f in result.config.fields.extra if f not in FIELDS]
    fields += sorted({f for f in m["field"] if isinstance(f, str)} - set(fields))
    present = [f for f in fields if (m["field"] == f).any()]
    names = _sheet_names(present)
    in_order = pd.concat([m[m["field"] == f] for f in present]) if present else m
    contribs = _contribution_table(result, list(in_order["measure_id"]))
    first_row: dict[str, int] = {}
    for i, mid in enumerate(contribs["measure_id"], start=2):
        first_row.setdefault(mid, i)
    active_ids = list(in_order.loc[~in_order["_rejected"], "measure_id"])

    wb = Workbook()
    wb.remove(wb.active)
    wb.properties.created = wb.properties.modified = FIXED_TIME
    wb.properties.creator = "pinneberg-analysis"
    write_guide(wb)
    write_overview(wb, m, fields, names, result)
    position = {mid: i for i, mid in enumerate(active_ids)}
    for f in present:
        _write_field_sheet(wb, names[f], m[m["field"] == f], first_row, position, len(fields))
    label_of = dict(zip(m["measure_id"], m["label"], strict=True))
    _write_move_sheet(wb, contribs, label_of, position, len(fields))
    write_protocol(wb, result)
    write_hidden(wb, result, m, fields, active_ids)
    write_rating_sheet(wb, result, label_of, active_ids)
    return save_workbook(wb, Path(path))
