"""Safe table exports: UTF-8 CSV and XLSX without formula injection.

A spreadsheet program runs a cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return as a formula. Citizen text is untrusted, so such text cells get a leading
apostrophe; numbers stay numbers.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise_cell(value: object) -> object:
    """Return ``value`` made safe for a spreadsheet cell.

    Parameters
    ----------
    value : object
        A cell value. Only strings are changed.

    Returns
    -------
    object
        The value, with a leading ``'`` when a string starts like a formula.

    Examples
    --------
    >>> neutralise_cell("=HYPERLINK(\\"http://x\\")")
    '\\'=HYPERLINK("http://x")'
    >>> neutralise_cell(-3)
    -3
    """
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def neutralise_frame(df: pd.DataFrame) -> pd.DataFrame:
    """Return a copy of ``df`` whose text cells (and column names) cannot run as formulas."""
    out = df.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(neutralise_cell, na_action="ignore")
    out.columns = [neutralise_cell(str(c)) for c in out.columns]
    return out


def _atomic_write_bytes(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_csv(df: pd.DataFrame, path: str | Path) -> Path:
    """Write ``df`` as a UTF-8 CSV, formula-injection safe, atomically.

    Parameters
    ----------
    df : DataFrame
        The table.
    path : str or Path
        Where to write it.

    Returns
    -------
    Path
        The written file.
    """
    path = Path(path)
    safe = neutralise_frame(df)
    for col in safe.columns:
        if safe[col].dtype == object or pd.api.types.is_string_dtype(safe[col]):
            # A bare carriage return is not quoted by the csv module and would split the row.
            safe[col] = safe[col].str.replace("\r\n", "\n", regex=False).str.replace(
                "\r", "\n", regex=False
            )
    text = safe.to_csv(index=False, lineterminator="\n", date_format="%Y-%m-%d")
    _atomic_write_bytes(path, text.encode("utf-8"))
    return path


def write_xlsx(tables: Mapping[str, pd.DataFrame], path: str | Path) -> Path:
    """Write several tables as sheets of one XLSX file; no cell is ever a formula.

    Parameters
    ----------
    tables : mapping of str to DataFrame
        Sheet name -> table (sheet names are cut to Excel's 31 characters).
    path : str or Path
        Where to write the workbook.

    Returns
    -------
    Path
        The written file.
    """
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    path = Path(path)
    wb = Workbook()
    wb.remove(wb.active)
    for name, df in tables.items():
        ws = wb.create_sheet(title=str(name)[:31])
        safe = neutralise_frame(df)
        ws.append(list(safe.columns))
        for row in safe.itertuples(index=False):
            ws.append([_xlsx_value(v) for v in row])
        for cell in ws[1]:
            cell.font = cell.font.copy(bold=True)
        ws.freeze_panes = "A2"
        if ws.max_row > 1:
            ws.auto_filter.ref = ws.dimensions
        for idx, col in enumerate(safe.columns, start=1):
            width = max([len(str(col))] + [len(str(v)) for v in safe[col].head(200)])
            ws.column_dimensions[get_column_letter(idx)].width = min(max(width + 2, 8), 60)
        for row in ws.iter_rows(min_row=2):
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    try:
        wb.save(tmp)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def _xlsx_value(value: object) -> object:
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and value != value:
        return None
    if hasattr(value, "item") and not isinstance(value, str):
        try:
            return value.item()
        except (ValueError, AttributeError):
            pass
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    return value
