"""Safe table exports: UTF-8 CSV and XLSX without formula injection.

A spreadsheet program runs a cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return as a formula (or, with ``=cmd|' /C calc'!A0``, as a DDE command).
Citizen text is untrusted, so such text cells get a leading apostrophe; numbers stay
numbers. Decisions:

* A cell counts as formula-like when its first character *after leading white space*
  (spaces, tabs, line breaks, no-break and zero-width spaces) is ``=``, ``+``, ``-``,
  ``@`` or one of their full-width forms (``＝``, ``＋``, ``－``, ``＠``), or when it
  starts with a tab, carriage return or line feed. Some programs trim leading blanks on
  import, so `` =1+1`` is treated like ``=1+1``.
* The apostrophe is prepended, nothing is removed, so the text stays readable and a
  reader can strip it (``value[1:]``). Only ``str`` values change: numbers, dates,
  booleans and missing values are written as they are, including negative numbers.
* XLSX: no cell is ever written as a formula (``data_type "f"``) or an error value
  (``#N/A``) from text; characters XML cannot hold are removed; text longer than
  Excel's 32,767 characters is cut (with ``…``); infinities are written as text;
  time-zone-aware times are written in UTC without zone; sheet names are made valid
  and unique.
"""

from __future__ import annotations

import contextlib
import io
import logging
import math
import os
import re
import stat
import tempfile
import zipfile
from collections.abc import Iterator, Mapping
from pathlib import Path

import pandas as pd

logger = logging.getLogger(__name__)

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")
_FORMULA_START = frozenset("=+-@＝＋－＠")
_LEADING_BLANKS = " \t\r\n\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u200b\u202f\u205f\u3000\ufeff"
_XLSX_MAX_CHARS = 32_767
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")


def is_formula_like(value: object) -> bool:
    """Whether a spreadsheet could read ``value`` as a formula (see the module docstring)."""
    if not isinstance(value, str) or not value:
        return False
    if value.startswith(FORMULA_PREFIXES):
        return True
    stripped = value.lstrip(_LEADING_BLANKS)
    return bool(stripped) and stripped != value and stripped[0] in _FORMULA_START


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
    >>> neutralise_cell(" +49 4101")
    "' +49 4101"
    >>> neutralise_cell(-3)
    -3
    """
    if is_formula_like(value):
        return "'" + value  # type: ignore[operator]
    return value


def neutralise_frame(df: pd.DataFrame) -> pd.DataFrame:
    """Return a copy of ``df`` whose text cells (and column names) cannot run as formulas.

    Text, object and categorical columns are checked cell by cell; numeric, boolean and
    date columns are left as they are. A categorical column comes back as ``object``.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"text": ['=HYPERLINK("http://x")', "Mehr Bänke"], "votes": [3, 4]})
    >>> neutralise_frame(df).to_dict("list")
    {'text': ['\\'=HYPERLINK("http://x")', 'Mehr Bänke'], 'votes': [3, 4]}
    """
    out = df.copy()
    for col in out.columns:
        series = out[col]
        if isinstance(series.dtype, pd.CategoricalDtype):
            series = series.astype(object)
        if series.dtype == object or pd.api.types.is_string_dtype(series):
            out[col] = series.map(neutralise_cell, na_action="ignore")
    out.columns = [neutralise_cell(str(c)) for c in out.columns]
    return out


@contextlib.contextmanager
def atomic_path(path: Path, *, keep_mode: bool = False) -> Iterator[Path]:
    """Yield a temporary path beside ``path`` and move it into place when the block succeeds.

    The file gets the usual permissions (``0o666`` less the umask), not the private mode
    of a temporary file, since reports are shared; with ``keep_mode`` a file that exists
    keeps its own permissions (a file the user made, like the decisions file).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
        if keep_mode and path.is_file():
            mode = stat.S_IMODE(path.stat().st_mode)
        tmp.chmod(mode)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _atomic_write_bytes(path: Path, data: bytes) -> None:
    with atomic_path(path) as tmp:
        tmp.write_bytes(data)


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
            safe[col] = safe[col].map(
                lambda v: v.replace("\r\n", "\n").replace("\r", "\n") if isinstance(v, str) else v,
                na_action="ignore",
            )
    text = safe.to_csv(index=False, lineterminator="\n", date_format="%Y-%m-%d")
    _atomic_write_bytes(path, text.encode("utf-8"))
    return path


def _sheet_titles(names: list[str]) -> list[str]:
    """Valid, unique sheet names (<= 31 characters, none of ``[]:*?/\\``)."""
    titles: list[str] = []
    seen: set[str] = set()
    for name in names:
        base = _SHEET_BAD.sub("_", _ILLEGAL_XML.sub("", str(name))).strip("'") or "Tabelle"
        title = base[:31]
        n = 2
        while title.lower() in seen:
            suffix = f" ({n})"
            title = base[: 31 - len(suffix)] + suffix
            n += 1
        seen.add(title.lower())
        titles.append(title)
    return titles


#: Excel's rows per sheet (the header row included).
XLSX_MAX_ROWS = 1_048_576


def xlsx_too_large(tables: Mapping[str, pd.DataFrame]) -> str | None:
    """Why ``tables`` do not fit into an XLSX file (German), or None when they do.

    Examples
    --------
    >>> xlsx_too_large({"contributions": pd.DataFrame({"a": [1, 2]})}) is None
    True
    """
    limit = XLSX_MAX_ROWS - 1
    over = [f"{name} ({len(df):,} Zeilen)".replace(",", ".") for name, df in tables.items()
            if len(df) > limit]
    if not over:
        return None
    return (
        f"Die Tabelle(n) {', '.join(over)} haben mehr Zeilen, als ein Excel-Blatt fassen kann "
        f"({limit:,} ohne Kopfzeile)".replace(",", ".")
        + "; tables.xlsx wird darum nicht geschrieben. Die CSV-Dateien daneben enthalten "
        "alle Zeilen."
    )


def write_xlsx(tables: Mapping[str, pd.DataFrame], path: str | Path) -> Path:
    """Write several tables as sheets of one XLSX file; no cell is ever a formula.

    Checked first, so that no file is half written: a table with more rows than an Excel
    sheet holds (:data:`XLSX_MAX_ROWS`) raises :class:`OutputError`.

    Parameters
    ----------
    tables : mapping of str to DataFrame
        Sheet name -> table (names are made valid: cut to Excel's 31 characters,
        ``[]:*?/\\`` replaced, duplicates numbered).
    path : str or Path
        Where to write the workbook.

    Returns
    -------
    Path
        The written file.

    Raises
    ------
    OutputError
        When a table does not fit into a sheet (see :func:`xlsx_too_large`).
    """
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    from pinneberg_analysis.core.errors import OutputError

    reason = xlsx_too_large(tables)
    if reason is not None:
        raise OutputError(f"{path}: {reason}")
    path = Path(path)
    wb = Workbook()
    wb.remove(wb.active)
    bold = Font(bold=True)
    for title, (name, df) in zip(_sheet_titles(list(tables)), tables.items(), strict=True):
        ws = wb.create_sheet(title=title)
        safe = neutralise_frame(df)
        ws.append([_xlsx_value(c, where=(name, "header")) for c in safe.columns])
        for r, row in enumerate(safe.itertuples(index=False), start=2):
            ws.append([_xlsx_value(v, where=(name, r)) for v in row])
        for cell in ws[1]:
            cell.font = bold
        ws.freeze_panes = "A2"
        if ws.max_row > 1:
            ws.auto_filter.ref = ws.dimensions
        for idx, col in enumerate(safe.columns, start=1):
            width = max([len(str(col))] + [len(str(v)) for v in safe[col].head(200)])
            ws.column_dimensions[get_column_letter(idx)].width = min(max(width + 2, 8), 60)
        for row in ws.iter_rows():
            for cell in row:
                # openpyxl turns "=..." into a formula and "#N/A" into an error value
                if cell.data_type in ("f", "e") and isinstance(cell.value, str):
                    cell.data_type = "s"
    with atomic_path(path) as tmp:
        wb.save(tmp)
        _make_reproducible(tmp)
    return path


def _xlsx_value(value: object, *, where: tuple[object, object] = ("", "")) -> object:
    """A value openpyxl can write and Excel can open, never a formula."""
    import datetime as dt
    from decimal import Decimal

    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item") and not isinstance(value, (str, pd.Timestamp)):
        try:
            value = value.item()
        except (ValueError, AttributeError):
            pass
    if isinstance(value, pd.Timestamp):
        if value is pd.NaT or pd.isna(value):
            return None
        if value.tzinfo is not None:
            value = value.tz_convert("UTC").tz_localize(None)
        return value.to_pydatetime()
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.astimezone(dt.timezone.utc).replace(tzinfo=None)
    if isinstance(value, float) and math.isinf(value):
        return "inf" if value > 0 else "-inf"
    if isinstance(value, (bool, int, float, Decimal, dt.date, dt.time, dt.timedelta)):
        return value
    if not isinstance(value, str):
        value = str(value)
    value = _ILLEGAL_XML.sub("", value)
    if len(value) > _XLSX_MAX_CHARS:
        logger.warning(
            "Blatt %r, Zeile %s: ein Text mit %d Zeichen wurde auf Excels Grenze von %d Zeichen "
            "gekürzt; der ganze Text steht in den CSV-Tabellen.",
            where[0], where[1], len(value), _XLSX_MAX_CHARS,
        )
        value = value[: _XLSX_MAX_CHARS - 1] + "…"
    return neutralise_cell(value)


_FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_FIXED_DOC_TIME = b"2000-01-01T00:00:00Z"


def _make_reproducible(path: Path) -> None:
    """Make an XLSX file byte-reproducible: fixed zip entry times and document dates.

    openpyxl stamps the save time into ``docProps/core.xml`` and every zip entry; both
    are set to fixed values so the same tables give the same bytes.
    """
    with zipfile.ZipFile(path) as source:
        entries = [(info, source.read(info.filename)) for info in source.infolist()]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info, data in entries:
            if info.filename == "docProps/core.xml":
                data = re.sub(
                    rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)",
                    rb"\g<1>" + _FIXED_DOC_TIME + rb"\g<3>",
                    data,
                )
            entry = zipfile.ZipInfo(info.filename, date_time=_FIXED_ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = info.external_attr
            target.writestr(entry, data)
    path.write_bytes(buffer.getvalue())


def make_reproducible(path: str | Path) -> None:
    """Make an Office file (XLSX, DOCX) byte-reproducible: fixed zip times and dates."""
    _make_reproducible(Path(path))
