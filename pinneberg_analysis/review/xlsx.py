"""openpyxl helpers for the review workbook: styles, drop-down lists, safe cells, and a
save that gives the same bytes for the same workbook."""

from __future__ import annotations

import io
import os
import zipfile
from copy import copy
from datetime import datetime
from pathlib import Path
from typing import Any

import pandas as pd

from pinneberg_analysis.core.export import atomic_path, neutralise_cell
from pinneberg_analysis.review.layout import (
    H_CFIELD,
    H_CID,
    H_CLABEL,
    H_CMEASURE,
    H_COMMENT,
    H_CSOURCE,
    H_CTEXT,
    H_EXAMPLES,
    H_FIELD,
    H_ID,
    H_KEYWORDS,
    H_LABEL,
    H_LINK,
    H_MERGE,
    H_N,
    H_NEW_FIELD,
    H_NEW_MEASURE,
    H_NEW_NAME,
    H_NOTE,
    H_RANK,
    H_REJECT,
    H_RENAME,
    H_SUPPORT,
    H_THEME,
    H_VOTES,
    MAX_LABEL,
    SHEET_LISTS,
)

_WIDTHS = {
    H_ID: 13,
    H_LABEL: 38,
    H_KEYWORDS: 28,
    H_N: 9,
    H_SUPPORT: 13,
    H_VOTES: 9,
    H_RANK: 9,
    H_THEME: 24,
    H_EXAMPLES: 60,
    H_NOTE: 32,
    H_LINK: 16,
    H_RENAME: 32,
    H_MERGE: 16,
    H_FIELD: 30,
    H_REJECT: 32,
    H_COMMENT: 32,
    H_CID: 14,
    H_CFIELD: 22,
    H_CMEASURE: 13,
    H_CLABEL: 32,
    H_CTEXT: 70,
    H_CSOURCE: 28,
    H_NEW_MEASURE: 16,
    H_NEW_FIELD: 30,
    H_NEW_NAME: 32,
    # the protocol sheet
    "Entscheidung": 13,
    "Art": 20,
    "Ziel": 13,
    "Bezeichnung (damals)": 30,
    "Wert": 30,
    "Status": 15,
    "Grund": 50,
    "Übernommen am": 14,
}
_WRAP = {
    H_LABEL,
    H_KEYWORDS,
    H_THEME,
    H_EXAMPLES,
    H_NOTE,
    H_RENAME,
    H_REJECT,
    H_COMMENT,
    H_CLABEL,
    H_CTEXT,
    H_CSOURCE,
    H_NEW_NAME,
    H_FIELD,
    H_NEW_FIELD,
    H_CFIELD,
    "Bezeichnung (damals)",
    "Wert",
    "Grund",
}
_PROMPTS = {
    H_RENAME: ("Neuer Name", f"Besserer Name für die Maßnahme (höchstens {MAX_LABEL} Zeichen)."),
    H_MERGE: ("Zusammenführen", "Maßnahme, in die diese aufgehen soll: „Name (ID)“ aus der Liste."),
    H_FIELD: ("Feld ändern", "Handlungsfeld, in das die Maßnahme gehört (Liste)."),
    H_REJECT: ("Ablehnen", "Grund der Ablehnung. Ohne Grund wird nicht abgelehnt."),
    H_COMMENT: ("Kommentar", "Anmerkung für das Protokoll; ändert nichts."),
    H_NEW_MEASURE: ("Neue Maßnahme", "Ziel-Maßnahme „Name (ID)“ aus der Liste, oder NEU / NEU-1 ... zum Abtrennen."),
    H_NEW_FIELD: (
        "Neues Feld",
        "Handlungsfeld der neuen Maßnahme (mit NEU) oder allein: "
        "Beitrag wird Einzelidee in diesem Feld.",
    ),
    H_NEW_NAME: ("Name", "Name der neuen Maßnahme (nur mit NEU)."),
}
FIXED_TIME = datetime(2022, 1, 1)


def safe(value: Any) -> Any:
    """A cell value: NA → empty, numpy → Python, strings neutralised."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and value != value:
        return None
    if hasattr(value, "item") and not isinstance(value, str):
        value = value.item()
    return neutralise_cell(value)


def headers(ws: Any) -> dict[str, tuple[int, str]]:
    """Header text -> (0-based column index, column letter), from row 1."""
    from openpyxl.utils import get_column_letter

    out: dict[str, tuple[int, str]] = {}
    # by position: the empty cells of a read-only sheet carry no column number
    for index, cell in enumerate(next(ws.iter_rows(min_row=1, max_row=1), ())):
        if isinstance(cell.value, str) and cell.value.strip():
            out.setdefault(cell.value.strip(), (index, get_column_letter(index + 1)))
    return out


def style_header(ws: Any, headers: list[str], decisions: tuple[str, ...]) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    info_fill = PatternFill("solid", fgColor="D9D9D9")
    decision_fill = PatternFill("solid", fgColor="FFD966")
    for idx, header in enumerate(headers, start=1):
        cell = ws.cell(row=1, column=idx, value=header)
        cell.font = Font(bold=True)
        cell.fill = decision_fill if header in decisions else info_fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.column_dimensions[get_column_letter(idx)].width = _WIDTHS.get(header, 14)
    ws.freeze_panes = "B2"
    ws.row_dimensions[1].height = 32


def fill_rows(
    ws: Any, rows: list[list[Any]], headers: list[str], decisions: tuple[str, ...]
) -> None:
    """Write ``rows`` below the header: safe values, wrapped text, editable columns shaded."""
    from openpyxl.styles import Alignment, PatternFill
    from openpyxl.utils import get_column_letter

    edit_fill = PatternFill("solid", fgColor="FFF2CC")
    wrap = Alignment(wrap_text=True, vertical="top")
    top = Alignment(vertical="top")
    styles: dict[int, Any] = {}
    for r, values in enumerate(rows, start=2):
        for c, (header, value) in enumerate(zip(headers, values, strict=True), start=1):
            cell = ws.cell(row=r, column=c, value=safe(value))
            if cell.data_type == "f":  # never a formula, whatever the value
                cell.data_type = "s"
            if c in styles:
                # Same style as the column's first cell; copying the style array (as
                # openpyxl's copy_worksheet does) is faster than setting it again
                # (benchmarks/RESULTS.md, review loop).
                cell._style = copy(styles[c])
                continue
            cell.alignment = wrap if header in _WRAP else top
            if header in decisions:
                cell.fill = edit_fill
            styles[c] = cell._style
    last = max(len(rows) + 1, 2)
    ws.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{last}"


def add_validation(
    ws: Any,
    headers: list[str],
    header: str,
    source: str | None,
    n_rows: int,
    *,
    max_len: int | None = None,
) -> None:
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    col = get_column_letter(headers.index(header) + 1)
    title, prompt = _PROMPTS[header]
    if source is not None:
        dv = DataValidation(type="list", formula1=source, allow_blank=True)
        dv.error, dv.errorTitle = "Bitte einen Eintrag aus der Liste wählen.", "Ungültiger Eintrag"
    elif max_len is not None:
        dv = DataValidation(
            type="textLength", operator="lessThanOrEqual", formula1=str(max_len), allow_blank=True
        )
        dv.error, dv.errorTitle = f"Höchstens {max_len} Zeichen.", "Zu lang"
    else:
        dv = DataValidation(allow_blank=True)
    dv.showErrorMessage = source is not None or max_len is not None
    dv.showInputMessage = True
    dv.promptTitle, dv.prompt = title, prompt
    ws.add_data_validation(dv)
    dv.add(f"{col}2:{col}{max(n_rows + 1, 2)}")


def list_ref(col: str, n: int, start: int = 0) -> str:
    """The range of ``n`` list entries in column ``col`` of ``_listen``, from entry ``start``."""
    return f"'{SHEET_LISTS}'!${col}${start + 2}:${col}${start + max(n, 1) + 1}"


def add_row_lists(
    ws: Any,
    headers: list[str],
    header: str,
    col: str,
    own: list[int | None],
    n_items: int,
    n_extra: int = 0,
) -> None:
    """A drop-down per row that offers every measure but the row's own.

    The ``_listen`` column holds the ``n_items`` choices, then ``n_extra`` further entries
    (e.g. NEU), then the choices again. A row whose own measure is choice ``p`` gets the
    window that starts right after it and ends right before its second copy: everything
    but itself, in storage that grows with the number of measures, not its square.
    Rows with ``own[i] is None`` get the first copy and the extra entries.
    """
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    letter = get_column_letter(headers.index(header) + 1)
    title, prompt = _PROMPTS[header]
    groups: dict[str, list[int]] = {}
    for row, p in enumerate(own, start=2):
        if p is None:
            ref = list_ref(col, n_items + n_extra)
        else:
            ref = list_ref(col, n_items - 1 + n_extra, p + 1)
        groups.setdefault(ref, []).append(row)
    for ref, rows in groups.items():
        dv = DataValidation(type="list", formula1=ref, allow_blank=True)
        dv.error, dv.errorTitle = "Bitte einen Eintrag aus der Liste wählen.", "Ungültiger Eintrag"
        dv.showErrorMessage = dv.showInputMessage = True
        dv.promptTitle, dv.prompt = title, prompt
        ws.add_data_validation(dv)
        for row in rows:
            dv.add(f"{letter}{row}")


def choice(label: Any, mid: str, limit: int = 80) -> str:
    """A drop-down entry: ``Name (ID)``; the name shortened so the id always shows.

    Examples
    --------
    >>> choice("Sicherer Radweg", "M-1a2b3c4d")
    'Sicherer Radweg (M-1a2b3c4d)'
    """
    name = " ".join(str(label).split()) if isinstance(label, str) and label.strip() else ""
    if len(name) > limit:
        name = name[: limit - 1].rstrip() + "…"
    return f"{name} ({mid})" if name else mid


class _FixedTimeZip(zipfile.ZipFile):
    """A zip file with a fixed time on every entry: same workbook, same bytes."""

    def writestr(self, zinfo_or_arcname: Any, data: Any, *args: Any, **kwargs: Any) -> None:
        if not isinstance(zinfo_or_arcname, zipfile.ZipInfo):
            zinfo = zipfile.ZipInfo(zinfo_or_arcname, date_time=FIXED_TIME.timetuple()[:6])
            zinfo.compress_type = self.compression
            zinfo.external_attr = 0o600 << 16
            zinfo_or_arcname = zinfo
        super().writestr(zinfo_or_arcname, data, *args, **kwargs)

    def write(self, filename: Any, arcname: Any = None, *args: Any, **kwargs: Any) -> None:
        self.writestr(arcname or os.path.basename(filename), Path(filename).read_bytes())


def save_workbook(wb: Any, path: Path) -> Path:
    from openpyxl.writer.excel import ExcelWriter

    buffer = io.BytesIO()
    archive = _FixedTimeZip(buffer, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
    ExcelWriter(wb, archive).save()
    with atomic_path(path) as tmp:  # shared file: the usual permissions, not 0600
        tmp.write_bytes(buffer.getvalue())
    return path
