"""Reading a filled-in review workbook into validated decisions.

Reads what the strategy authors entered, validates every entry (all problems at once) and
adds the decisions to the decisions file (:func:`apply_workbook`).
Sheets and columns are found by their header, so authors may sort, filter, hide columns
or rename sheets; rows are identified by their measure or contribution id, never by position.
"""

from __future__ import annotations

import zipfile
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

from pinneberg_analysis.core.config import FieldsConfig, section
from pinneberg_analysis.core.errors import DecisionError
from pinneberg_analysis.curate.decisions import Decision, DecisionsFile
from pinneberg_analysis.review.layout import (
    H_CID,
    H_ID,
    H_MERGE,
    H_NEW_MEASURE,
    SHEET_GUIDE,
    SHEET_LOG,
    SHEET_OVERVIEW,
)
from pinneberg_analysis.review.meta import read_meta
from pinneberg_analysis.review.moves import read_move_sheet
from pinneberg_analysis.review.ratings_sheet import H_ASSIGN, H_RATED, read_rating_sheet
from pinneberg_analysis.review.rows import RowReader
from pinneberg_analysis.review.xlsx import headers


def read_review_workbook(
    path: str | Path, *, fields: FieldsConfig | Mapping[str, Any] | None = None
) -> list[Decision]:
    """Read and validate the decisions entered in a review workbook.

    Parameters
    ----------
    path : str or Path
        The filled-in ``review.xlsx``.
    fields : FieldsConfig or dict, optional
        The ``[fields]`` settings: extra fields and spellings accepted in the field columns.

    Returns
    -------
    list of Decision
        In sheet and row order, without ids (the decisions file gives them).

    Raises
    ------
    DecisionError
        Listing every invalid entry with sheet, row (Excel's number), column (header and
        letter) and how to fix it; ``exc.problems`` holds them as :class:`Problem`.
    """
    fields = section(fields, FieldsConfig)
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    path = Path(path)
    try:
        wb = load_workbook(path, read_only=True, data_only=False)
    except FileNotFoundError as exc:
        raise DecisionError(f"Die Arbeitsmappe {path} gibt es nicht. So beheben: den Pfad prüfen.") from exc
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise DecisionError(
            f"{path} lässt sich nicht als Excel-Arbeitsmappe lesen ({exc}). So beheben: als .xlsx speichern."
        ) from exc
    try:
        meta = read_meta(wb, path)
        reader = RowReader(wb, meta, path.name, fields)
        out: list[Decision] = []
        n_sheets = 0
        for ws in wb.worksheets:
            if ws.sheet_state != "visible" or ws.title in (SHEET_GUIDE, SHEET_OVERVIEW):
                continue
            cols = headers(ws)
            if H_ID in cols and H_MERGE in cols:
                n_sheets += 1
                reader.measure_sheet(ws, cols, out)
            elif H_CID in cols and H_NEW_MEASURE in cols:
                n_sheets += 1
                read_move_sheet(reader, ws, cols, out)
            elif H_RATED in cols and H_ASSIGN in cols:
                n_sheets += 1
                read_rating_sheet(reader, ws, cols, out)
            elif ws.title != SHEET_LOG:
                n_sheets += reader.sheet_without_id(ws, cols)
        if n_sheets == 0:
            raise DecisionError(
                f"{path} hat kein Blatt mit den Spalten „{H_ID}“ und „{H_MERGE}“ oder „{H_CID}“ "
                f"und „{H_NEW_MEASURE}“. So beheben: die Kopfzeilen der Mappe unverändert lassen."
            )
        reader.cross_checks(out)
        if reader.problems:
            problems = sorted(reader.problems, key=lambda p: p.order)
            exc = DecisionError(
                f"{path.name}: {len(problems)} "
                f"{'ungültiger Eintrag' if len(problems) == 1 else 'ungültige Einträge'} "
                "in der Review-Mappe; nichts wurde gespeichert:\n"
                + "\n".join(str(p) for p in problems)
            )
            exc.problems = problems  # type: ignore[attr-defined]
            raise exc
    finally:
        wb.close()  # a read-only workbook keeps its file open
    return out


def apply_workbook(
    workbook_path: str | Path,
    decisions_path: str | Path,
    *,
    fields: FieldsConfig | Mapping[str, Any] | None = None,
    today: date | str | None = None,
    dry_run: bool = False,
) -> DecisionsFile:
    """Validate a filled-in workbook and add its decisions to the decisions file.

    Parameters
    ----------
    workbook_path : str or Path
        The filled-in ``review.xlsx``.
    decisions_path : str or Path
        The YAML decisions file; created when missing, else added to.
    fields : FieldsConfig or dict, optional
        The ``[fields]`` settings (extra fields and spellings).
    today : date or str, optional
        The date stored with new decisions (default: today).
    dry_run : bool
        Validate and compute the change, but do not write the file.

    Returns
    -------
    DecisionsFile
        The updated file; ``summary()`` describes what changed.

    Raises
    ------
    DecisionError
        When an entry is invalid (nothing is written).
    """
    new = read_review_workbook(workbook_path, fields=fields)
    dfile = DecisionsFile.load(decisions_path)
    dfile.add(new, today=today)
    if not dry_run:
        dfile.save(decisions_path)
    return dfile
