"""German formatting of values for the report (numbers with decimal comma, ranks, dates)."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

DASH = "–"

#: German headers for column names that tables of unknown layout commonly use.
GERMAN_HEADERS: dict[str, str] = {
    "field": "Handlungsfeld",
    "measure_id": "Maßnahme",
    "measure_ref": "Bewerteter Name",
    "label": "Bezeichnung",
    "criterion": "Kriterium",
    "rater": "Bewertende Person",
    "reason": "Grund",
    "hint": "Behebung",
    "source_file": "Datei",
    "locator": "Stelle",
    "method": "Verfahren",
    "similarity": "Ähnlichkeit",
    "candidates": "Kandidaten",
    "pii_type": "Art der Angabe",
    "type": "Art",
    "count": "Anzahl",
    "n": "Anzahl",
    "weight": "Gewicht",
    "change": "Änderung",
    "value": "Wert",
    "rank": "Rang",
    "top_changed": "Spitze verändert",
    "jaccard": "Jaccard",
    "overlap": "Überschneidung",
    "alpha": "Krippendorffs α",
    "n_raters": "Bewertende",
    "n_items": "Maßnahmen",
}


def missing(value: object) -> bool:
    """True for None, NA, NaT and NaN (and empty strings)."""
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    if isinstance(value, str) and not value.strip():
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def floats(values: object) -> pd.Series:
    """A column as plain float (NaN for missing or non-numeric values)."""
    return pd.to_numeric(pd.Series(values), errors="coerce").astype("Float64").astype(float)


def text(value: object) -> str:
    """A cell as display text ("" when missing)."""
    if missing(value):
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if isinstance(value, pd.Timestamp):
        return date(value)
    if isinstance(value, float):
        return number(value)
    return str(value)


def integer(value: object) -> str:
    """``1234`` -> ``1.234``; missing -> "–"."""
    if missing(value):
        return DASH
    return f"{int(value):,d}".replace(",", ".")


def number(value: object, decimals: int = 2) -> str:
    """``0.756`` -> ``0,76``; integral floats without decimals; missing -> "–".

    Examples
    --------
    >>> number(0.756), number(12345.678), number(1234.0), number(None)
    ('0,76', '12.345,68', '1.234', '–')
    """
    if missing(value):
        return DASH
    value = float(value)
    if value.is_integer() and abs(value) < 1e15:
        return integer(value)
    out = f"{value:,.{decimals}f}"
    return out.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def fixed(value: object, decimals: int = 2) -> str:
    """Always ``decimals`` places: ``4`` -> ``4,00`` (scores, means); missing -> "–"."""
    if missing(value):
        return DASH
    return f"{float(value):.{decimals}f}".replace(".", ",")


def count(n: object, singular: str, plural: str) -> str:
    """``1 Beitrag``, ``3 Beiträge`` (German thousands separator).

    Examples
    --------
    >>> count(1, "Beitrag", "Beiträge"), count(1234, "Beitrag", "Beiträge")
    ('1 Beitrag', '1.234 Beiträge')
    """
    if missing(n):
        return f"{DASH} {plural}"
    return f"{integer(n)} {singular if int(n) == 1 else plural}"


def interval_share(value: object) -> str:
    """An interval coverage as a share: ``0.9`` -> ``90 %``, ``0.95`` -> ``95 %``.

    The number and the per-cent sign are joined by a no-break space.

    Examples
    --------
    >>> interval_share(0.9), interval_share(0.975)
    ('90\\xa0%', '97,5\\xa0%')
    """
    if missing(value):
        return DASH
    pct = 100.0 * float(value)
    text = str(int(round(pct))) if abs(pct - round(pct)) < 1e-9 else f"{pct:.1f}".replace(".", ",")
    return text + "\u00a0%"


def percent(part: float, whole: float) -> str:
    """Share in per cent with one decimal, German style (``12,5 %``)."""
    if not whole:
        return DASH
    return f"{100.0 * part / whole:.1f}".replace(".", ",") + "\u00a0%"


def rank(value: object) -> str:
    """A rank: integral ranks without decimals, tied (averaged) ranks with one."""
    if missing(value):
        return DASH
    value = float(value)
    return str(int(value)) if value.is_integer() else f"{value:.1f}".replace(".", ",")


def rank_interval(value: object, low: object, high: object) -> str:
    """``Rang 3 (2–6)``; ``Rang 3`` when the interval is a single rank or unknown.

    Examples
    --------
    >>> rank_interval(3, 2, 6), rank_interval(3, 3, 3), rank_interval(2.5, 1, 4)
    ('Rang 3 (2–6)', 'Rang 3', 'Rang 2,5 (1–4)')
    >>> rank_interval(None, 1, 4)
    'ohne Rang'
    """
    if missing(value):
        return "ohne Rang"
    if missing(low) or missing(high) or float(low) == float(high):
        return f"Rang {rank(value)}"
    return f"Rang {rank(value)} ({rank(low)}–{rank(high)})"


def date(value: object) -> str:
    """A date as ``10.05.2022``.

    Examples
    --------
    >>> date("2022-05-10"), date(None)
    ('10.05.2022', '–')
    """
    if missing(value):
        return DASH
    try:
        return pd.Timestamp(value).strftime("%d.%m.%Y")
    except (ValueError, TypeError):
        return str(value)


def split_list(value: object, sep: str = ";") -> list[str]:
    """A ``;``-joined cell as a list of its stripped, non-empty items."""
    if missing(value):
        return []
    return [part.strip() for part in str(value).split(sep) if part.strip()]


@dataclass
class Table:
    """A table ready for the template: German headers, rows of display strings."""

    headers: list[str]
    rows: list[list[str]]
    numeric: list[bool] = field(default_factory=list)
    note: str = ""
    classes: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.rows)


def frame_table(
    df: pd.DataFrame,
    columns: Mapping[str, str] | None = None,
    *,
    limit: int | None = None,
    formats: Mapping[str, Any] | None = None,
    classes: Mapping[str, str] | None = None,
) -> Table:
    """Turn a DataFrame into a :class:`Table` of display strings.

    Parameters
    ----------
    df : DataFrame
        The data (may be empty or lack some columns).
    columns : mapping, optional
        Column -> German header, in display order; columns missing from ``df`` are left
        out. By default every column under its own name.
    limit : int, optional
        Show at most this many rows (a note says how many were left out).
    formats : mapping, optional
        Column -> function(value) -> str for special formatting.
    classes : mapping, optional
        Column -> CSS class of its cells (e.g. ``"hash"``).
    """
    if columns is None:
        columns = {c: GERMAN_HEADERS.get(str(c), str(c)) for c in df.columns}
    present = [c for c in columns if c in df.columns]
    formats = dict(formats or {})
    numeric = [
        pd.api.types.is_numeric_dtype(df[c]) and not pd.api.types.is_bool_dtype(df[c])
        for c in present
    ]
    shown = df if limit is None else df.head(limit)
    rows: list[list[str]] = []
    for record in shown[present].itertuples(index=False, name=None):
        row = []
        for col, value, is_num in zip(present, record, numeric, strict=True):
            if col in formats:
                row.append(formats[col](value))
            elif is_num:
                row.append(number(value) if not missing(value) else DASH)
            else:
                row.append(text(value))
        rows.append(row)
    note = ""
    if limit is not None and len(df) > limit:
        note = f"{len(df) - limit} weitere Zeilen nicht gezeigt (vollständig in den Tabellen)."
    cells = [(classes or {}).get(c, "") for c in present]
    return Table([columns[c] for c in present], rows, numeric, note, cells)


def key_values(pairs: Sequence[tuple[str, object]]) -> Table:
    """A two-column table (Angabe / Wert) from label-value pairs, skipping missing values."""
    rows = [
        [label, text(value) if not isinstance(value, str) else value]
        for label, value in pairs
        if not missing(value)
    ]
    return Table(["Angabe", "Wert"], rows, [False, False])
