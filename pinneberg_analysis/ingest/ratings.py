"""Expert ratings: one row per measure and rater, one column per criterion (values 1-5).

Criteria names come from the file. An optional field column (Handlungsfeld) names the
measure's field; the rating matcher then only compares the name with that field's measures. An empty cell is a missing rating, not an error; a
value outside 1-5 or not a number is rejected with its row and column.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence

from pinneberg_analysis.ingest.columns import contribution_target, is_non_criterion, rating_target
from pinneberg_analysis.ingest.records import (
    EMPTY_ROW,
    FileRead,
    RatingValue,
    RejectedUnit,
    Rejection,
)
from pinneberg_analysis.ingest.values import cell_text

MIN_VALUE, MAX_VALUE = 1.0, 5.0
_NUMBER = re.compile(r"^[+-]?\d+([.,]\d+)?$")


def _number(value: object) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value) if not (isinstance(value, float) and math.isnan(value)) else None
    text = cell_text(value)
    if _NUMBER.match(text):
        return float(text.replace(",", "."))
    return None


def is_ratings_header(header: Sequence[str], *, by_name: bool = False) -> bool:
    """A measure column and a rater column (or a file named like ratings and a measure column).

    Examples
    --------
    >>> is_ratings_header(["Maßnahme", "Bewerter/in", "Wirkung", "Kosten"])
    True
    >>> is_ratings_header(["Titel", "Beschreibung", "Punkte"])
    False
    """
    targets = {rating_target(h) for h in header}
    has_measure = bool(targets & {"measure", "measure_id"})
    others = [h for h in header if h and not rating_target(h) and not is_non_criterion(h)]
    if has_measure and "rater" in targets and others:
        return True
    has_votes = any(contribution_target(h) == "votes" for h in header)
    return by_name and "measure" in targets and bool(others) and not has_votes


def _criteria(header: Sequence[str], body: Sequence[tuple[int, list[object]]]) -> tuple[
    list[int], list[str]
]:
    """Criterion columns (mostly numeric values) and the names of the other columns."""
    chosen, ignored = [], []
    for idx, name in enumerate(header):
        if not name or rating_target(name):
            continue
        if contribution_target(name) == "field":
            continue  # read as the measure's field, see read_ratings
        if is_non_criterion(name) or contribution_target(name) in ("date", "text"):
            ignored.append(name)
            continue
        values = [cells[idx] for _, cells in body if idx < len(cells) and cell_text(cells[idx])]
        numeric = sum(1 for v in values if _number(v) is not None)
        if values and numeric >= 0.5 * len(values):
            chosen.append(idx)
        elif values:
            ignored.append(name)
        else:
            chosen.append(idx)  # an empty column: nothing to read, nothing lost
    return chosen, ignored


def read_ratings(
    header: list[str],
    body: list[tuple[int, list[object]]],
    read: FileRead,
    *,
    locate: Callable[[int], str],
    default_rater: str,
    spreadsheet: bool,
    prefix: str = "",
) -> None:
    """Read a ratings table into ``read.ratings`` / ``read.rating_rejects``.

    Counting unit: one rating value (measure x rater x criterion); a row without a measure
    or rater, or a row of empty cells, is one rejected unit.
    """
    col = {}
    for idx, name in enumerate(header):
        target = rating_target(name)
        if target and target not in col:
            col[target] = idx
        elif not target and contribution_target(name) == "field" and "field" not in col:
            col["field"] = idx
    criteria, ignored = _criteria(header, body)
    if ignored:
        read.notes.append(f"{prefix}Spalten nicht als Kriterien gelesen (nicht numerisch): "
                          + ", ".join(repr(n) for n in ignored))
    if "rater" not in col:
        read.notes.append(f"{prefix}keine Spalte für Bewertende; Bewerter/in = {default_rater!r}")
    read.notes.append(f"{prefix}Bewertungen: Kriterien " + ", ".join(header[i] for i in criteria)
                      + "; gezählt je Bewertungswert")

    def get(cells: list[object], target: str) -> str:
        idx = col.get(target)
        return cell_text(cells[idx]) if idx is not None and idx < len(cells) else ""

    for number, cells in body:
        locator = locate(number)
        if not any(cell_text(c) for c in cells):
            if not spreadsheet and len(cells) > 1:
                read.rating_rejects.append(RejectedUnit(locator, str(number), Rejection(EMPTY_ROW)))
            continue
        measure_id = get(cells, "measure_id") or None
        measure = get(cells, "measure") or (measure_id or "")
        rater = get(cells, "rater") if "rater" in col else default_rater
        field = get(cells, "field") or None
        field_column = header[col["field"]] if "field" in col else None
        if not measure or not rater:
            what = "Maßnahme" if not measure else "Bewerter/in"
            column = header[col["measure"]] if not measure and "measure" in col else (
                header[col["rater"]] if not rater and "rater" in col else None)
            read.rating_rejects.append(RejectedUnit(locator, str(number), Rejection(
                f"{what} fehlt", "den Namen der Maßnahme eintragen." if not measure else
                "den Namen der bewertenden Person eintragen.",
                column)))
            continue
        for idx in criteria:
            raw = cells[idx] if idx < len(cells) else None
            text = cell_text(raw)
            if not text:
                continue
            value = _number(raw)
            if value is None or not MIN_VALUE <= value <= MAX_VALUE:
                reason = (f"Bewertung {text[:40]!r} ist keine Zahl" if value is None
                          else f"Bewertung {text[:40]!r} liegt nicht zwischen 1 und 5")
                read.rating_rejects.append(RejectedUnit(locator, str(number), Rejection(
                    reason, "eine ganze Zahl von 1 (niedrig) bis 5 (hoch) eintragen oder die "
                    "Zelle leer lassen, wenn es keine Bewertung gibt.", header[idx])))
                continue
            read.ratings.append(
                RatingValue(locator, measure, measure_id, rater, header[idx], value,
                            field, field_column, str(number)))
