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
    H_CID,
    H_CMEASURE,
    H_COMMENT,
    H_FIELD,
    H_ID,
    H_LABEL,
    H_MERGE,
    H_NEW_MEASURE,
    H_REJECT,
    H_RENAME,
    MAX_LABEL,
    MEASURE_DECISIONS,
    MEASURE_INFO,
    MOVE_DECISIONS,
)
from pinneberg_analysis.review.meta import Meta, plain

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
        where = f"Blatt „{self.sheet}“"
        if self.row is not None:
            where += f", Zeile {self.row}"
        if self.column:
            where += f", Spalte „{self.column}“" + (f" ({self.letter})" if self.letter else "")
        return f"- {where}: {self.message} So beheben: {self.hint}"


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
                f"Die Zelle enthält eine Formel ({text!r}).",
                "einfachen Text eintragen; Formeln werden in der Review-Mappe nicht angenommen.",
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
        return f"ein Handlungsfeld aus der Auswahlliste wählen: {names}."

    def sheet_without_id(self, ws: Any, cols: dict) -> int:
        """Report a field or move sheet whose ID column was deleted or renamed (1 if so).

        Without its ID column no row of the sheet can be matched to a measure; its
        entries would be lost, so the whole workbook is refused with a message.
        """
        field_like = [h for h in (H_LABEL, *MEASURE_DECISIONS) if h in cols and h != H_COMMENT]
        move_like = [h for h in (H_CMEASURE, *MOVE_DECISIONS) if h in cols and h != H_COMMENT]
        if not field_like and not move_like:
            return 0
        needed, where = (H_ID, "Maßnahme") if len(field_like) >= len(move_like) else (
            H_CID, "Beitrag")
        order = (self.wb.sheetnames.index(ws.title), 0, -1)
        self.problems.append(
            Problem(
                ws.title, None, needed, None,
                f"Die Spalte „{needed}“ fehlt (gelöscht oder umbenannt); ohne sie kann keine "
                f"Zeile einem {where} zugeordnet werden, alle Einträge des Blatts gingen verloren.",
                f"die Spalte „{needed}“ mit ihrer Kopfzeile wiederherstellen (Rückgängig, oder "
                "die Einträge in eine frische review.xlsx aus dem Berichtsordner übertragen).",
                order,
            )
        )
        return 1

    def label_edit(self, at: Where, rename: str | None) -> str | None:
        """A name typed into the grey "Bezeichnung" column, read as a rename.

        The column only shows the proposal; an author who overwrote it meant a new name.
        When "Neuer Name" holds another name, or the label was deleted, the row is
        reported instead (nothing is dropped in silence).
        """
        if H_LABEL not in at.cols:
            return None
        raw_id, label = at.get(H_ID), at.get(H_LABEL)
        label = plain(label).strip() or None if label else None
        mid = self.measure_id(raw_id) if raw_id else None
        if mid is None:
            return None
        before = " ".join(plain(self.meta.measures[mid]["label"]).split())
        if " ".join((label or "").split()) == before:
            return None
        if not label:
            at(H_LABEL, f"Die Bezeichnung „{before}“ wurde gelöscht; die Spalte ist nur zur "
               "Ansicht.", f"die Bezeichnung wiederherstellen; einen neuen Namen in "
               f"„{H_RENAME}“ eintragen.")
            return None
        if rename and rename != label:
            at(H_LABEL, f"Die Bezeichnung wurde in „{label}“ geändert, „{H_RENAME}“ nennt "
               f"aber „{rename}“.", f"den neuen Namen nur in „{H_RENAME}“ eintragen und die "
               f"Bezeichnung auf „{before}“ zurücksetzen.")
            return None
        return label

    def foreign_entries(self, at: Where, known: Sequence[str]) -> None:
        """Report entries in columns the workbook did not have (they would not be read)."""
        for header, (index, _) in at.cols.items():
            if header in known or index >= len(at.cells):
                continue
            value, _formula = cell_text(at.cells[index])
            if value:
                at(
                    header,
                    f"Einträge in der Spalte „{header}“ werden nicht gelesen ({value[:40]!r}).",
                    "die Entscheidung in eine der gelben Spalten schreiben (z. B. eine Anmerkung "
                    f"in „{H_COMMENT}“) oder die Spalte leeren.",
                )

    def measure_sheet(self, ws: Any, cols: dict, out: list[Decision]) -> None:
        """Read the decision columns of a field sheet."""
        for row, cells in enumerate(ws.iter_rows(min_row=2), start=2):
            at = Where(self, ws, row, cols, cells)
            self.foreign_entries(at, (*MEASURE_INFO, *MEASURE_DECISIONS))
            values = {h: at.get(h) for h in MEASURE_DECISIONS}
            typed = self.label_edit(at, values[H_RENAME])
            if typed and not values[H_RENAME]:
                values[H_RENAME] = typed
            if not any(values.values()):
                continue
            raw_id = at.get(H_ID)
            mid = self.measure_id(raw_id) if raw_id else None
            if mid is None:
                what = f"die unbekannte Maßnahmen-ID {raw_id!r}." if raw_id else "keine Maßnahmen-ID."
                at(
                    H_ID,
                    f"Die Zeile enthält Entscheidungen, aber {what}",
                    "die Spalte ID nicht ändern; Entscheidungen nur in der Zeile der Maßnahme "
                    "eintragen, die sie betreffen.",
                )
            elif mid in self.row_of:
                first = self.row_of[mid]
                at(
                    H_ID,
                    f"Maßnahme {mid} hat Entscheidungen in zwei Zeilen (auch Blatt "
                    f"„{first.ws.title}“, Zeile {first.row}).",
                    "alle Entscheidungen zu einer Maßnahme in eine Zeile schreiben.",
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
                    f"Der neue Name hat {len(rename)} Zeichen.",
                    f"auf höchstens {MAX_LABEL} Zeichen kürzen.",
                )
            else:
                found.append(Decision(kind="rename", value=rename, **common))
        if merge:
            dst = self.measure_id(merge)
            if dst is None:
                at(
                    H_MERGE,
                    f"Unbekannte Maßnahme {merge!r}.",
                    "eine Maßnahme aus der Auswahlliste wählen („Name (ID)“, oder eine ID aus "
                    "der Spalte ID der Feldblätter).",
                )
            elif dst == mid:
                at(
                    H_MERGE,
                    f"Maßnahme {mid} kann nicht mit sich selbst zusammengeführt werden.",
                    "die andere Maßnahme eintragen oder die Zelle leeren.",
                )
            elif self.meta.measures[dst]["status"] == "abgelehnt":
                at(
                    H_MERGE,
                    f"Maßnahme {dst} ist abgelehnt.",
                    "mit einer aktiven Maßnahme zusammenführen oder diese ebenfalls ablehnen.",
                )
            else:
                snapshot = self.meta.snapshot(dst)
                found.append(Decision(kind="merge", value=dst, value_members=snapshot, **common))
        if move:
            new = self.field(move)
            if new is None:
                at(H_FIELD, f"Unbekanntes Handlungsfeld {move!r}.", self.field_hint())
            elif new != info["field"]:
                found.append(Decision(kind="move_field", value=new, **common))
        if reason:
            if reason.lower() in _NO_REASON or len(reason) < 3:
                at(
                    H_REJECT,
                    f"{reason!r} ist kein Grund.",
                    "schreiben, warum die Maßnahme abgelehnt wird (z. B. „nicht umsetzbar: keine "
                    "Zuständigkeit der Stadt“).",
                )
            else:
                found.append(Decision(kind="reject", value=reason, **common))
        if merge and (rename or move or reason):
            other = H_RENAME if rename else (H_FIELD if move else H_REJECT)
            at(
                other,
                f"Maßnahme {mid} wird zusammengeführt und bekommt zugleich „{other}“.",
                f"eine zusammengeführte Maßnahme entfällt: „{other}“ in die Zeile der Ziel-Maßnahme "
                f"schreiben oder „{H_MERGE}“ leeren.",
            )
        elif reason and (rename or move):
            other = H_RENAME if rename else H_FIELD
            at(
                other,
                f"Maßnahme {mid} wird abgelehnt und bekommt zugleich „{other}“.",
                f"„{other}“ oder „{H_REJECT}“ leeren.",
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
                    f"Maßnahme {d.value} wird in dieser Mappe abgelehnt.",
                    "mit einer aktiven Maßnahme zusammenführen oder diese ebenfalls ablehnen.",
                )
        for cycle in merge_cycles(decisions):
            chain = " → ".join([d.target for d in cycle] + [cycle[0].target])
            for d in cycle:
                self.row_of[d.target](
                    H_MERGE,
                    f"Zusammenführung im Kreis: {chain}.",
                    "diese Maßnahmen in eine von ihnen zusammenführen: in einer der Zeilen die Zelle leeren.",
                )
