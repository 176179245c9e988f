"""The strategy authors' review workbook (``review.xlsx``).

Sheets: "Anleitung" (how to fill it in), "Übersicht" (one row per field), one sheet per
field (one row per measure with editable decision columns), "Beiträge verschieben" (one
row per contribution, grouped by measure, to move or split off contributions), and the
hidden, protected ``_meta`` (identity snapshot: each contribution's measure, the run's
seed and version) and ``_listen`` (drop-down lists). Every text cell is neutralised
against formula injection; no cell is ever a formula. The file is byte-for-byte the same
for the same result. :func:`pinneberg_analysis.review.read_review_workbook` reads it back.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pandas as pd

from ..export import neutralise_cell
from ..fields import FIELDS, SHORT_NAMES
from ..result import AnalysisResult
from .layout import (
    GUIDE_LINES,
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
    META_FORMAT,
    MOVE_DECISIONS,
    MOVE_INFO,
    NEW_KEYS,
    SHEET_GUIDE,
    SHEET_LISTS,
    SHEET_META,
    SHEET_MOVE,
    SHEET_OVERVIEW,
)
from .xlsx import (
    FIXED_TIME,
    add_validation,
    fill_rows,
    list_ref,
    safe,
    save_workbook,
    style_header,
)

_MAX_TEXT = 300
_INVALID_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


def _short(text: Any, limit: int = _MAX_TEXT) -> str:
    text = "" if text is None or (not isinstance(text, str) and pd.isna(text)) else str(text)
    text = re.sub(r"\s+", " ", text).strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _sheet_names(fields: list[str]) -> dict[str, str]:
    reserved = {SHEET_GUIDE, SHEET_OVERVIEW, SHEET_MOVE, SHEET_META, SHEET_LISTS}
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


def _all_fields(result: AnalysisResult, measures: pd.DataFrame) -> list[str]:
    fields = list(FIELDS) + [f for f in result.config.fields.extra if f not in FIELDS]
    present = sorted(
        {str(f) for f in measures.get("field", []) if isinstance(f, str)} - set(fields)
    )
    return fields + present


def _measure_table(result: AnalysisResult) -> pd.DataFrame:
    m = result.measures.copy()
    for col, default in (
        ("status", "aktiv"),
        ("review_note", pd.NA),
        ("keywords", pd.NA),
        ("representatives", pd.NA),
        ("n_contributions", pd.NA),
        ("theme_id", pd.NA),
    ):
        if col not in m.columns:
            m[col] = default
    r = result.ranking
    if r is not None and not r.empty and "measure_id" in r.columns:
        keep = [c for c in ("measure_id", "support_score", "votes", "field_rank") if c in r.columns]
        m = m.merge(r[keep], on="measure_id", how="left")
    for col in ("support_score", "votes", "field_rank"):
        if col not in m.columns:
            m[col] = pd.NA
    t = result.themes
    if t is not None and not t.empty and {"theme_id", "label"} <= set(t.columns):
        m["theme_label"] = m["theme_id"].map(dict(zip(t["theme_id"], t["label"], strict=True)))
    else:
        m["theme_label"] = pd.NA
    m["_rejected"] = m["status"].fillna("aktiv").eq("abgelehnt")
    m["_rank"] = pd.to_numeric(m["field_rank"], errors="coerce")
    m["_n"] = -pd.to_numeric(m["n_contributions"], errors="coerce").fillna(0)
    return m.sort_values(
        ["_rejected", "_rank", "_n", "measure_id"], na_position="last", kind="mergesort"
    ).reset_index(drop=True)


def _write_guide(wb: Any) -> None:
    from openpyxl.styles import Alignment, Font

    ws = wb.create_sheet(SHEET_GUIDE)
    ws.column_dimensions["A"].width = 110
    for r, line in enumerate(GUIDE_LINES, start=1):
        cell = ws.cell(row=r, column=1, value=neutralise_cell(line) if line else None)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if r == 1:
            cell.font = Font(bold=True, size=14)


def _write_overview(
    wb: Any, m: pd.DataFrame, fields: list[str], names: dict[str, str], result: AnalysisResult
) -> None:
    from openpyxl.worksheet.hyperlink import Hyperlink

    ws = wb.create_sheet(SHEET_OVERVIEW)
    headers = [
        "Handlungsfeld",
        "Blatt",
        "Maßnahmen",
        "davon Einzelideen",
        "Beiträge",
        "abgelehnt",
        "mit Review-Vermerk",
    ]
    style_header(ws, headers, ())
    ws.freeze_panes = "A2"
    rows = []
    for f in fields:
        if f not in names:
            continue
        sub = m[m["field"] == f]
        active = sub[~sub["_rejected"]]
        single = (
            active["is_single"].fillna(False).astype(bool).sum() if "is_single" in active else 0
        )
        n_c = pd.to_numeric(active["n_contributions"], errors="coerce").fillna(0).sum()
        rows.append(
            [
                f,
                names[f],
                len(active),
                int(single),
                int(n_c),
                int(sub["_rejected"].sum()),
                int(sub["review_note"].notna().sum()),
            ]
        )
    fill_rows(ws, rows, headers, ())
    for r, f in enumerate([f for f in fields if f in names], start=2):
        cell = ws.cell(row=r, column=2)
        cell.hyperlink = Hyperlink(ref=cell.coordinate, location=f"'{names[f]}'!A1")
        cell.style = "Hyperlink"
    ws.column_dimensions["A"].width = 40
    ws.column_dimensions["B"].width = 26
    seed = result.parameters.get("seed", result.config.seed)
    ws.cell(
        row=len(rows) + 3, column=1, value=f"Lauf: Seed {seed}. Anleitung im Blatt „{SHEET_GUIDE}“."
    )


def _contribution_rows(result: AnalysisResult, m: pd.DataFrame, fields: list[str]) -> pd.DataFrame:
    c = result.contributions.copy()
    order = {
        mid: i
        for i, mid in enumerate(
            m.assign(_f=m["field"].map({f: i for i, f in enumerate(fields)})).sort_values(
                ["_f"], kind="mergesort"
            )["measure_id"]
        )
    }
    c["_pos"] = range(len(c))
    c["_m"] = c["measure_id"].map(order).fillna(len(order))
    return c.sort_values(["_m", "_pos"], kind="mergesort").reset_index(drop=True)


def _text_of(row: pd.Series) -> str:
    title = row.get("title")
    text = row.get("text")
    title = "" if title is None or pd.isna(title) else str(title).strip()
    text = "" if text is None or pd.isna(text) else str(text).strip()
    if title and text and not text.lower().startswith(title.lower()):
        return _short(f"{title}: {text}")
    return _short(text or title)


def _source_of(row: pd.Series) -> str:
    parts = [row.get("source_file"), row.get("locator")]
    return ", ".join(str(p) for p in parts if p is not None and not pd.isna(p) and str(p))


def write_review_workbook(result: AnalysisResult, path: str | Path) -> Path:
    """Write the review workbook for the strategy authors.

    Parameters
    ----------
    result : AnalysisResult
        Uses ``measures`` (curated: ``status``, ``review_note`` are shown when present),
        ``contributions``, ``ranking`` (may be empty), ``themes`` and ``config``.
    path : str or Path
        Where to write ``review.xlsx``.

    Returns
    -------
    Path
        The written file.
    """
    from openpyxl import Workbook
    from openpyxl.worksheet.hyperlink import Hyperlink

    path = Path(path)
    m = _measure_table(result)
    fields = _all_fields(result, m)
    present = [f for f in fields if (m["field"] == f).any()]
    names = _sheet_names(present)
    contribs = _contribution_rows(result, m, fields)
    label_of = dict(zip(m["measure_id"], m["label"], strict=True))
    first_row: dict[str, int] = {}
    for i, mid in enumerate(contribs["measure_id"], start=2):
        first_row.setdefault(mid, i)
    active_ids = [
        mid for f in present for mid in m.loc[(m["field"] == f) & ~m["_rejected"], "measure_id"]
    ]

    wb = Workbook()
    wb.remove(wb.active)
    wb.properties.created = wb.properties.modified = FIXED_TIME
    wb.properties.creator = "pinneberg-analysis"
    _write_guide(wb)
    _write_overview(wb, m, fields, names, result)

    headers = list(MEASURE_INFO + MEASURE_DECISIONS)
    for f in present:
        ws = wb.create_sheet(names[f])
        style_header(ws, headers, MEASURE_DECISIONS)
        sub = m[m["field"] == f]
        rows = []
        for _, r in sub.iterrows():
            examples = (
                "\n".join(_short(t, 200) for t in str(r["representatives"]).split("\n")[:3])
                if not pd.isna(r["representatives"])
                else None
            )
            support = (
                round(float(r["support_score"]), 2) if not pd.isna(r["support_score"]) else None
            )
            rows.append(
                [
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
                    "→ Beiträge" if r["measure_id"] in first_row else None,
                    None,
                    None,
                    None,
                    None,
                    None,
                ]
            )
        fill_rows(ws, rows, headers, MEASURE_DECISIONS)
        link_col = headers.index(H_LINK) + 1
        for i, mid in enumerate(sub["measure_id"], start=2):
            if mid in first_row:
                cell = ws.cell(row=i, column=link_col)
                cell.hyperlink = Hyperlink(
                    ref=cell.coordinate, location=f"'{SHEET_MOVE}'!A{first_row[mid]}"
                )
                cell.style = "Hyperlink"
        add_validation(ws, headers, H_RENAME, None, len(rows), max_len=MAX_LABEL)
        add_validation(ws, headers, H_MERGE, list_ref("A", len(active_ids)), len(rows))
        add_validation(ws, headers, H_FIELD, list_ref("B", len(fields)), len(rows))
        add_validation(ws, headers, H_REJECT, None, len(rows))
        add_validation(ws, headers, H_COMMENT, None, len(rows))

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
            None,
            None,
            None,
            None,
        ]
        for _, r in contribs.iterrows()
    ]
    fill_rows(ws, rows, headers, MOVE_DECISIONS)
    add_validation(
        ws, headers, H_NEW_MEASURE, list_ref("C", len(active_ids) + len(NEW_KEYS)), len(rows)
    )
    add_validation(ws, headers, H_NEW_FIELD, list_ref("B", len(fields)), len(rows))
    add_validation(ws, headers, H_NEW_NAME, None, len(rows), max_len=MAX_LABEL)

    _write_hidden(wb, result, m, fields, active_ids)
    return save_workbook(wb, path)


def _write_hidden(
    wb: Any, result: AnalysisResult, m: pd.DataFrame, fields: list[str], active_ids: list[str]
) -> None:
    from .. import __version__

    lists = wb.create_sheet(SHEET_LISTS)
    for col, (title, values) in enumerate(
        [
            ("Maßnahmen-ID", active_ids),
            ("Handlungsfeld", fields),
            ("Ziel", list(NEW_KEYS) + active_ids),
        ],
        start=1,
    ):
        lists.cell(row=1, column=col, value=title)
        for r, v in enumerate(values, start=2):
            lists.cell(row=r, column=col, value=safe(v))
    meta = wb.create_sheet(SHEET_META)
    seed = result.parameters.get("seed", result.config.seed)
    info = [
        ("Schlüssel", "Wert"),
        ("Format", META_FORMAT),
        ("Programm", "pinneberg-analysis"),
        ("Version", __version__),
        ("Seed", seed),
        ("Felder", ";".join(fields)),
    ]
    for r, (k, v) in enumerate(info, start=1):
        meta.cell(row=r, column=1, value=k)
        meta.cell(row=r, column=2, value=safe(v))
    c = result.contributions
    cluster = c["cluster_measure_id"] if "cluster_measure_id" in c.columns else c["measure_id"]
    meta.cell(row=1, column=4, value="contribution_id")
    meta.cell(row=1, column=5, value="measure_id")
    meta.cell(row=1, column=6, value="cluster_measure_id")
    for r, values in enumerate(
        zip(c["contribution_id"], c["measure_id"], cluster, strict=True), start=2
    ):
        for col, v in enumerate(values, start=4):
            meta.cell(row=r, column=col, value=safe(v))
    for col, title in enumerate(("measure_id", "field", "label", "status"), start=8):
        meta.cell(row=1, column=col, value=title)
    for r, (_, row) in enumerate(m.iterrows(), start=2):
        for col, key in enumerate(("measure_id", "field", "label", "status"), start=8):
            meta.cell(row=r, column=col, value=safe(row[key]))
    for ws in (lists, meta):
        ws.sheet_state = "hidden"
        ws.protection.sheet = True
