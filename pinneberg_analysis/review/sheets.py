"""The review workbook's supporting sheets: guide, overview, protocol, and the hidden ones."""

from __future__ import annotations

from typing import Any

import pandas as pd

from pinneberg_analysis.core.export import neutralise_cell
from pinneberg_analysis.core.result import AnalysisResult
from pinneberg_analysis.review.layout import (
    GUIDE_LINES,
    LOG_HEADERS,
    META_FORMAT,
    NEW_KEYS,
    SHEET_GUIDE,
    SHEET_LISTS,
    SHEET_LOG,
    SHEET_META,
    SHEET_OVERVIEW,
)
from pinneberg_analysis.review.xlsx import choice, fill_rows, safe, style_header

_LOG_KEYS = (
    "decision_id",
    "kind_label",
    "target",
    "target_label",
    "value",
    "status",
    "reason",
    "comment",
    "source",
    "applied_on",
)


def write_guide(wb: Any) -> None:
    """The "Anleitung" sheet: how to fill in the workbook and apply it."""
    from openpyxl.styles import Alignment, Font

    ws = wb.create_sheet(SHEET_GUIDE)
    ws.column_dimensions["A"].width = 110
    for r, line in enumerate(GUIDE_LINES, start=1):
        cell = ws.cell(row=r, column=1, value=neutralise_cell(line) if line else None)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if r == 1:
            cell.font = Font(bold=True, size=14)


def write_overview(
    wb: Any, m: pd.DataFrame, fields: list[str], names: dict[str, str], result: AnalysisResult
) -> None:
    """The "Übersicht" sheet: one row per field, linked to its sheet."""
    from openpyxl.worksheet.hyperlink import Hyperlink

    ws = wb.create_sheet(SHEET_OVERVIEW)
    headers = [
        "Handlungsfeld",
        "Blatt",
        "Maßnahmen",
        "Einzelideen",
        "Beiträge",
        "abgelehnt",
        "mit Review-Vermerk",
    ]
    style_header(ws, headers, ())
    ws.freeze_panes = "A2"
    shown = [f for f in fields if f in names]
    rows = []
    c = result.contributions
    # counted as the report counts them: contributions by their own field, measures with
    # several contributions and Einzelideen apart
    by_field = c["field"].value_counts() if "field" in c.columns else pd.Series(dtype=int)
    for f in shown:
        sub = m[m["field"] == f]
        active = sub[~sub["_rejected"]]
        single = active["is_single"].fillna(False).astype(bool).sum()
        rows.append(
            [
                f,
                names[f],
                len(active) - int(single),
                int(single),
                int(by_field.get(f, 0)),
                int(sub["_rejected"].sum()),
                int(sub["review_note"].notna().sum()),
            ]
        )
    fill_rows(ws, rows, headers, ())
    for r, f in enumerate(shown, start=2):
        cell = ws.cell(row=r, column=2)
        cell.hyperlink = Hyperlink(ref=cell.coordinate, location=f"'{names[f]}'!A1")
        cell.style = "Hyperlink"
    ws.column_dimensions["A"].width = 40
    ws.column_dimensions["B"].width = 26
    seed = result.config.seed
    lines = [f"Lauf: Seed {seed}. Anleitung im Blatt „{SHEET_GUIDE}“."]
    log = result.decisions_log
    if log is not None and not log.empty and "status" in log.columns:
        n_bad = int((log["status"] == "nicht anwendbar").sum())
        lines.append(
            f"Review-Entscheidungen: {len(log) - n_bad} angewendet, {n_bad} nicht anwendbar "
            f"(Blatt „{SHEET_LOG}“)."
        )
    for i, line in enumerate(lines):
        ws.cell(row=len(rows) + 3 + i, column=1, value=line)


def write_protocol(wb: Any, result: AnalysisResult) -> None:
    """The "Protokoll" sheet: every stored decision and whether it was applied."""
    from openpyxl.styles import PatternFill

    ws = wb.create_sheet(SHEET_LOG)
    style_header(ws, list(LOG_HEADERS), ())
    log = result.decisions_log
    rows = []
    if log is not None and not log.empty:
        rows = [[row.get(k) for k in _LOG_KEYS] for row in log.to_dict("records")]
    fill_rows(ws, rows, list(LOG_HEADERS), ())
    warn = PatternFill("solid", fgColor="F4CCCC")
    status_col = LOG_HEADERS.index("Status") + 1
    for r in range(2, len(rows) + 2):
        if ws.cell(row=r, column=status_col).value == "nicht anwendbar":
            for c in range(1, len(LOG_HEADERS) + 1):
                ws.cell(row=r, column=c).fill = warn


def write_hidden(
    wb: Any, result: AnalysisResult, m: pd.DataFrame, fields: list[str], active_ids: list[str]
) -> None:
    """``_listen`` (drop-down lists) and ``_meta`` (identity snapshot), hidden and protected."""
    from pinneberg_analysis import __version__

    lists = wb.create_sheet(SHEET_LISTS)
    label_of = dict(zip(m["measure_id"], m["label"], strict=True))
    named = [choice(label_of.get(mid), mid) for mid in active_ids]
    # each list twice, so that every row's drop-down is a window without its own measure
    # (see add_row_lists); the targets of a move have NEU ... between the two copies
    columns = [
        ("Maßnahme (Name und ID)", named + named),
        ("Handlungsfeld", fields),
        ("Ziel", named + list(NEW_KEYS) + named),
    ]
    for col, (title, values) in enumerate(columns, start=1):
        lists.cell(row=1, column=col, value=title)
        for r, v in enumerate(values, start=2):
            lists.cell(row=r, column=col, value=safe(v))
    meta = wb.create_sheet(SHEET_META)
    seed = result.config.seed
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
    if "contribution_id" in c.columns:
        cluster = c["cluster_measure_id"] if "cluster_measure_id" in c.columns else c["measure_id"]
        triples = zip(c["contribution_id"], c["measure_id"], cluster, strict=True)
    else:
        triples = iter(())
    for col, title in enumerate(("contribution_id", "measure_id", "cluster_measure_id"), start=4):
        meta.cell(row=1, column=col, value=title)
    for r, values in enumerate(triples, start=2):
        for col, v in enumerate(values, start=4):
            meta.cell(row=r, column=col, value=safe(v))
    keys = ("measure_id", "field", "label", "status")
    for col, title in enumerate(keys, start=8):
        meta.cell(row=1, column=col, value=title)
    for r, row in enumerate(m[list(keys)].itertuples(index=False), start=2):
        for col, v in enumerate(row, start=8):
            meta.cell(row=r, column=col, value=safe(v))
    for ws in (lists, meta):
        ws.sheet_state = "hidden"
        ws.protection.sheet = True
