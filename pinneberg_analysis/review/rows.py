"""Reading and validating the measure rows of a filled-in review workbook.

Every problem is collected (nothing stops at the first) as a :class:`Problem` that names
the sheet, the Excel row, the column (header and letter) and how to fix it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from pinneberg_analysis.core.config import FieldsConfig
from pinneberg_analysis.core.fields import FIELDS, canonical_field
from pinneberg_analysis.curate.decisions import Decision, merge_cycles
from pinneberg_analysis.review.layout import (
    H_COMMENT,
    H_FIELD,
    H_ID,
    H_MERGE,
    H_REJECT,
    H_RENAME,
    MAX_LABEL,
    MEASURE_DECISIONS,
)
from pinneberg_analysis.review.meta import Meta

_NO_REASON = {"x", "ja", "j", "yes", "y", "1", "true", "wahr", "abgelehnt", "ablehnen", "ok", "-"}


@dataclass
class Problem:
    """One invalid entry, located as sheet, Excel row and column."""

    sheet: str
    row: int | None
    column: str | None
    letter: str | None
    message: str
    hint: str
    order: tuple = ()

    def __str__(self) -> str:
        where = f"sheet '{self.sheet}'"
        if self.row is not None:
            where += f", row {self.row}"
        if self.column:
            where += f", column '{self.column}'" + (f" ({self.letter})" if self.letter else "")
        return f"- {where}: {self.message} How to fix: {self.hint}"


def cell_text(cell: Any) -> tuple[str | None, bool]:
    """A cell's value as stripped text (None when empty) and whether it is a formula."""
    value = cell.value
    if cell.data_type == "f":
        return str(value), True
    if value is None:
        return None, False
    if isinstance(value, bool):
        value = "ja" if value else "nein"
    elif isinstance(value, float) and value.is_integer():
        value = int(value)
    elif isinstance(value, (datetime, date)):
        value = value.isoformat()
    text = str(value).strip()
    return (text or None), False


@dataclass
class Where:
    """One row of one sheet: reports problems there and reads its cells by header."""

    reader: RowReader
    ws: Any
    row: int
    cols: dict[str, tuple[int, str]]
    cells: tuple = ()

    def __call__(self, header: str | None, message: str, hint: str) -> None:
        index, letter = self.cols.get(header, (-1, None)) if header else (-1, None)
        order = (self.reader.wb.sheetnames.index(self.ws.title), self.row, index)
        self.reader.problems.append(
            Problem(self.ws.title, self.row, header, letter, message, hint, order)
        )

    def get(self, header: str) -> str | None:
        index = self.cols.get(header, (len(self.cells), None))[0]
        if index >= len(self.cells):
            return None
        text, formula = cell_text(self.cells[index])
        if formula:
            self(
                header,
                f"the cell holds a formula ({text!r}).",
                "type plain text; formulas are not accepted in a review workbook.",
            )
            return None
        return text

    @property
    def location(self) -> str:
        return f"Blatt '{self.ws.title}', Zeile {self.row}"


class RowReader:
    """Turns the rows of one workbook into decisions, collecting every problem."""

    def __init__(self, wb: Any, meta: Meta, source: str, fields: FieldsConfig | None):
        self.wb, self.meta, self.source = wb, meta, source
        self.problems: list[Problem] = []
        self.aliases = fields.aliases if fields else {}
        self.extra = [f for f in meta.fields if f not in FIELDS]
        if fields:
            self.extra += [f for f in fields.extra if f not in self.extra]
        self.ids = {m.lower(): m for m in meta.measures}
        self.row_of: dict[str, Where] = {}

    def rows(self, ws: Any, cols: dict, headers: Sequence[str]):
        """(where, values) for each row with an entry in one of ``headers``."""
        for row, cells in enumerate(ws.iter_rows(min_row=2), start=2):
            at = Where(self, ws, row, cols, cells)
            values = {h: at.get(h) for h in headers}
            if any(values.values()):
                yield at, values

    def measure_id(self, text: str) -> str | None:
        """The measure an entry names: a bare id, or a drop-down entry ``Name (ID)``."""
        text = text.strip()
        found = self.ids.get(text.lower())
        if found is None and text.endswith(")") and "(" in text:
            found = self.ids.get(text[text.rindex("(") + 1 : -1].strip().lower())
        return found

    def field(self, text: str) -> str | None:
        return canonical_field(text, self.aliases, self.extra)

    def field_hint(self) -> str:
        names = ", ".join(f"'{f}'" for f in self.meta.fields)
        return f"choose a field from the drop-down list: {names}."

    def measure_sheet(self, ws: Any, cols: dict, out: list[Decision]) -> None:
        """Read the decision columns of a field sheet."""
        for at, values in self.rows(ws, cols, MEASURE_DECISIONS):
            raw_id = at.get(H_ID)
            mid = self.measure_id(raw_id) if raw_id else None
            if mid is None:
                what = f"unknown measure id {raw_id!r}." if raw_id else "no measure id."
                at(
                    H_ID,
                    f"the row has decisions but {what}",
                    "do not change the ID column; enter decisions only in the row of the "
                    "measure they concern.",
                )
            elif mid in self.row_of:
                first = self.row_of[mid]
                at(
                    H_ID,
                    f"measure {mid} has decisions in two rows (also sheet "
                    f"'{first.ws.title}', row {first.row}).",
                    "put all decisions on one measure into one row.",
                )
            else:
                self.row_of[mid] = at
                out.extend(self.measure_row(at, mid, values))

    def measure_row(self, at: Where, mid: str, values: dict) -> list[Decision]:
        info = self.meta.measures[mid]
        common = dict(
            target=mid,
            target_label=info["label"],
            comment=values[H_COMMENT],
            target_members=self.meta.snapshot(mid),
            source=self.source,
            location=at.location,
        )
        found: list[Decision] = []
        rename, merge, move, reason = (values[h] for h in (H_RENAME, H_MERGE, H_FIELD, H_REJECT))
        if rename and rename != info["label"]:
            if len(rename) > MAX_LABEL:
                at(
                    H_RENAME,
                    f"the new name has {len(rename)} characters.",
                    f"shorten it to at most {MAX_LABEL} characters.",
                )
            else:
                found.append(Decision(kind="rename", value=rename, **common))
        if merge:
            dst = self.measure_id(merge)
            if dst is None:
                at(
                    H_MERGE,
                    f"unknown measure id {merge!r}.",
                    "choose an id from the drop-down list (the IDs in column ID of the field "
                    "sheets).",
                )
            elif dst == mid:
                at(
                    H_MERGE,
                    f"measure {mid} cannot be merged into itself.",
                    "enter the id of the other measure, or clear the cell.",
                )
            elif self.meta.measures[dst]["status"] == "abgelehnt":
                at(
                    H_MERGE,
                    f"measure {dst} is rejected.",
                    "merge into an active measure, or reject this one too.",
                )
            else:
                snapshot = self.meta.snapshot(dst)
                found.append(Decision(kind="merge", value=dst, value_members=snapshot, **common))
        if move:
            new = self.field(move)
            if new is None:
                at(H_FIELD, f"unknown field of action {move!r}.", self.field_hint())
            elif new != info["field"]:
                found.append(Decision(kind="move_field", value=new, **common))
        if reason:
            if reason.lower() in _NO_REASON or len(reason) < 3:
                at(
                    H_REJECT,
                    f"{reason!r} is not a reason.",
                    "write why the measure is rejected (e.g. 'nicht umsetzbar: keine "
                    "Zuständigkeit der Stadt').",
                )
            else:
                found.append(Decision(kind="reject", value=reason, **common))
        if merge and (rename or move or reason):
            other = H_RENAME if rename else (H_FIELD if move else H_REJECT)
            at(
                other,
                f"measure {mid} is merged and also gets '{other}'.",
                f"a merged measure disappears: put '{other}' on the row of the measure it is "
                f"merged into, or clear '{H_MERGE}'.",
            )
        elif reason and (rename or move):
            other = H_RENAME if rename else H_FIELD
            at(
                other,
                f"measure {mid} is rejected and also gets '{other}'.",
                f"clear '{other}' or '{H_REJECT}'.",
            )
        if values[H_COMMENT] and not found:
            found.append(Decision(kind="comment", **common))
        return found

    def cross_checks(self, decisions: list[Decision]) -> None:
        """Checks across rows: merges into rejected measures, merge cycles."""
        decisions = [d for d in decisions if d.kind != "split" and d.target in self.row_of]
        rejected = {d.target for d in decisions if d.kind == "reject"}
        for d in decisions:
            if d.kind == "merge" and d.value in rejected:
                self.row_of[d.target](
                    H_MERGE,
                    f"measure {d.value} is rejected in this workbook.",
                    "merge into an active measure, or reject this one too.",
                )
        for cycle in merge_cycles(decisions):
            chain = " → ".join([d.target for d in cycle] + [cycle[0].target])
            for d in cycle:
                self.row_of[d.target](
                    H_MERGE,
                    f"merge cycle {chain}.",
                    "merge these measures into one of them: clear the cell in one of the rows.",
                )
