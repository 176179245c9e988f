"""Parsing and validating the rows of a filled-in review workbook."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from ..config import FieldsConfig
from ..decisions import Decision, merge_cycles, split_measure_id
from ..fields import FIELDS, canonical_field
from .layout import (
    H_CID,
    H_COMMENT,
    H_FIELD,
    H_ID,
    H_MERGE,
    H_NEW_FIELD,
    H_NEW_MEASURE,
    H_NEW_NAME,
    H_REJECT,
    H_RENAME,
    MAX_LABEL,
    MEASURE_DECISIONS,
    MOVE_DECISIONS,
)
from .meta import Meta

_NEW_RE = re.compile(r"^neu(?:[\s\-_]*([0-9a-z]+))?$", re.IGNORECASE)
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


class RowReader:
    def __init__(self, wb: Any, meta: Meta, source: str, fields_config: FieldsConfig | None):
        self.wb, self.meta, self.source = wb, meta, source
        self.problems: list[Problem] = []
        self.aliases = fields_config.aliases if fields_config else {}
        self.extra = [f for f in meta.fields if f not in FIELDS]
        if fields_config:
            self.extra += [f for f in fields_config.extra if f not in self.extra]
        self.ids = {m.lower(): m for m in meta.measures}
        self.row_of: dict[str, tuple[Any, int, dict]] = {}

    def problem(
        self, ws: Any, row: int | None, header: str | None, cols: dict, message: str, hint: str
    ) -> None:
        letter = cols[header][1] if header in cols else None
        order = (
            self.wb.sheetnames.index(ws.title),
            row or 0,
            cols[header][0] if header in cols else -1,
        )
        self.problems.append(Problem(ws.title, row, header, letter, message, hint, order))

    def get(self, ws: Any, cells: tuple, row: int, cols: dict, header: str) -> str | None:
        if header not in cols:
            return None
        idx = cols[header][0]
        if idx >= len(cells):
            return None
        text, formula = cell_text(cells[idx])
        if formula:
            self.problem(
                ws,
                row,
                header,
                cols,
                f"the cell holds a formula ({text!r}).",
                "type plain text; formulas are not accepted in a review workbook.",
            )
            return None
        return text

    def measure_id(self, text: str) -> str | None:
        return self.ids.get(text.strip().lower())

    def field(self, text: str) -> str | None:
        return canonical_field(text, self.aliases, self.extra)

    def field_hint(self) -> str:
        return (
            "choose a field from the drop-down list: "
            + ", ".join(f"'{f}'" for f in self.meta.fields)
            + "."
        )

    def location(self, ws: Any, rows: Sequence[int]) -> str:
        return f"Blatt '{ws.title}', Zeile " + ", ".join(str(r) for r in rows)

    def measure_sheet(
        self, ws: Any, cols: dict, out: list[Decision], seen: dict[str, tuple[str, int]]
    ) -> None:
        for cells in ws.iter_rows(min_row=2):
            row = cells[0].row
            values = {h: self.get(ws, cells, row, cols, h) for h in MEASURE_DECISIONS}
            if not any(values.values()):
                continue
            raw_id = self.get(ws, cells, row, cols, H_ID)
            mid = self.measure_id(raw_id) if raw_id else None
            if mid is None:
                self.problem(
                    ws,
                    row,
                    H_ID,
                    cols,
                    f"unknown measure id {raw_id!r}."
                    if raw_id
                    else "the row has decisions but no measure id.",
                    "do not change the ID column; enter decisions only in the row of the "
                    "measure they concern.",
                )
                continue
            if mid in seen:
                self.problem(
                    ws,
                    row,
                    H_ID,
                    cols,
                    f"measure {mid} has decisions in two rows (also sheet '{seen[mid][0]}', "
                    f"row {seen[mid][1]}).",
                    "put all decisions on one measure into one row.",
                )
                continue
            seen[mid] = (ws.title, row)
            self.row_of[mid] = (ws, row, cols)
            self.measure_row(ws, row, cols, mid, values, out)

    def measure_row(
        self, ws: Any, row: int, cols: dict, mid: str, values: dict, out: list[Decision]
    ) -> None:
        info = self.meta.measures[mid]
        common = dict(
            target=mid,
            target_label=info["label"],
            target_members=self.meta.snapshot(mid),
            comment=values[H_COMMENT],
            source=self.source,
            location=self.location(ws, [row]),
        )
        found: list[Decision] = []
        rename, merge, move, reason = (values[h] for h in (H_RENAME, H_MERGE, H_FIELD, H_REJECT))
        if rename and rename != info["label"]:
            if len(rename) > MAX_LABEL:
                self.problem(
                    ws,
                    row,
                    H_RENAME,
                    cols,
                    f"the new name has {len(rename)} characters.",
                    f"shorten it to at most {MAX_LABEL} characters.",
                )
            else:
                found.append(Decision(kind="rename", value=rename, **common))
        if merge:
            dst = self.measure_id(merge)
            if dst is None:
                self.problem(
                    ws,
                    row,
                    H_MERGE,
                    cols,
                    f"unknown measure id {merge!r}.",
                    "choose an id from the drop-down list (the IDs in column ID of the "
                    "field sheets).",
                )
            elif dst == mid:
                self.problem(
                    ws,
                    row,
                    H_MERGE,
                    cols,
                    f"measure {mid} cannot be merged into itself.",
                    "enter the id of the other measure, or clear the cell.",
                )
            elif self.meta.measures[dst]["status"] == "abgelehnt":
                self.problem(
                    ws,
                    row,
                    H_MERGE,
                    cols,
                    f"measure {dst} is rejected.",
                    "merge into an active measure, or reject this one too.",
                )
            else:
                found.append(
                    Decision(
                        kind="merge", value=dst, value_members=self.meta.snapshot(dst), **common
                    )
                )
        if move:
            new = self.field(move)
            if new is None:
                self.problem(
                    ws, row, H_FIELD, cols, f"unknown field of action {move!r}.", self.field_hint()
                )
            elif new != info["field"]:
                found.append(Decision(kind="move_field", value=new, **common))
        if reason:
            if reason.lower() in _NO_REASON or len(reason) < 3:
                self.problem(
                    ws,
                    row,
                    H_REJECT,
                    cols,
                    f"{reason!r} is not a reason.",
                    "write why the measure is rejected (e.g. 'nicht umsetzbar: keine "
                    "Zuständigkeit der Stadt').",
                )
            else:
                found.append(Decision(kind="reject", value=reason, **common))
        if merge and (rename or move or reason):
            other = H_RENAME if rename else (H_FIELD if move else H_REJECT)
            self.problem(
                ws,
                row,
                other,
                cols,
                f"measure {mid} is merged and also gets '{other}'.",
                f"a merged measure disappears: put '{other}' on the row of the measure it is "
                f"merged into, or clear '{H_MERGE}'.",
            )
        elif reason and (rename or move):
            other = H_RENAME if rename else H_FIELD
            self.problem(
                ws,
                row,
                other,
                cols,
                f"measure {mid} is rejected and also gets '{other}'.",
                f"clear '{other}' or '{H_REJECT}'.",
            )
        if not found and values[H_COMMENT] and not (rename or merge or move or reason):
            found.append(Decision(kind="comment", **common))
        out.extend(found)

    def move_sheet(self, ws: Any, cols: dict, out: list[Decision]) -> None:
        groups: dict[str, list[tuple[int, str, str | None, str | None, str | None]]] = defaultdict(
            list
        )
        for cells in ws.iter_rows(min_row=2):
            row = cells[0].row
            values = {h: self.get(ws, cells, row, cols, h) for h in MOVE_DECISIONS}
            if not any(values.values()):
                continue
            cid = self.get(ws, cells, row, cols, H_CID)
            if cid not in self.meta.contribution_measure:
                self.problem(
                    ws,
                    row,
                    H_CID,
                    cols,
                    f"unknown contribution id {cid!r}."
                    if cid
                    else "the row has entries but no contribution id.",
                    "do not change the column; enter moves only in the row of the contribution.",
                )
                continue
            self.move_row(ws, row, cols, cid, values, out, groups)
        for key in sorted(groups):
            self.split_group(ws, cols, key, groups[key], out)

    def move_row(
        self,
        ws: Any,
        row: int,
        cols: dict,
        cid: str,
        values: dict,
        out: list[Decision],
        groups: dict,
    ) -> None:
        current = self.meta.contribution_measure[cid]
        target, new_field, name, comment = (values[h] for h in MOVE_DECISIONS)
        fld = None
        if new_field:
            fld = self.field(new_field)
            if fld is None:
                self.problem(
                    ws,
                    row,
                    H_NEW_FIELD,
                    cols,
                    f"unknown field of action {new_field!r}.",
                    self.field_hint(),
                )
                return
        new_key = _NEW_RE.match(target) if target else None
        if name and not new_key:
            self.problem(
                ws,
                row,
                H_NEW_NAME,
                cols,
                f"a name for a new measure, but no NEU in '{H_NEW_MEASURE}'.",
                f"write NEU (or NEU-1, NEU-2, ...) into '{H_NEW_MEASURE}', or clear the name.",
            )
            return
        common = dict(comment=comment, source=self.source, location=self.location(ws, [row]))
        if new_key:
            key = "NEU" + (f"-{new_key.group(1).upper()}" if new_key.group(1) else "")
            groups[key].append((row, cid, fld, name, comment))
        elif target:
            dst = self.measure_id(target)
            if dst is None:
                self.problem(
                    ws,
                    row,
                    H_NEW_MEASURE,
                    cols,
                    f"unknown measure id {target!r}.",
                    "choose an id from the drop-down list, or NEU for a new measure.",
                )
            elif self.meta.measures[dst]["status"] == "abgelehnt":
                self.problem(
                    ws,
                    row,
                    H_NEW_MEASURE,
                    cols,
                    f"measure {dst} is rejected.",
                    "move the contribution to an active measure or to NEU.",
                )
            elif fld and fld != self.meta.measures[dst]["field"]:
                self.problem(
                    ws,
                    row,
                    H_NEW_FIELD,
                    cols,
                    f"measure {dst} is in '{self.meta.measures[dst]['field']}', not in '{fld}'.",
                    f"give either '{H_NEW_MEASURE}' or '{H_NEW_FIELD}' (with NEU for a new "
                    "measure in that field).",
                )
            elif dst != current:
                out.append(
                    Decision(
                        kind="move_contribution",
                        target=cid,
                        value=dst,
                        from_measure=current,
                        value_members=self.meta.snapshot(dst),
                        **common,
                    )
                )
        elif fld and fld != self.meta.measures.get(current, {}).get("field"):
            groups[f"FELD:{cid}"].append((row, cid, fld, None, comment))
        elif comment and not fld:
            out.append(Decision(kind="comment", target=cid, from_measure=current, **common))

    def split_group(self, ws: Any, cols: dict, key: str, rows: list, out: list[Decision]) -> None:
        names = [(r, n) for r, _, _, n, _ in rows if n]
        fields_ = {f for _, _, f, _, _ in rows if f}
        if len({n for _, n in names}) > 1:
            first = names[0]
            for r, n in names[1:]:
                if n != first[1]:
                    self.problem(
                        ws,
                        r,
                        H_NEW_NAME,
                        cols,
                        f"{key} has two names ({first[1]!r} in row {first[0]}).",
                        "give the new measure one name, or use different keys (NEU-1, NEU-2, ...).",
                    )
            return
        if len(fields_) > 1:
            self.problem(
                ws,
                rows[0][0],
                H_NEW_FIELD,
                cols,
                f"{key} has contributions with different new fields.",
                f"give every row of {key} the same '{H_NEW_FIELD}' (or leave it empty).",
            )
            return
        cids = sorted(c for _, c, _, _, _ in rows)
        held = Counter(self.meta.contribution_measure[c] for c in cids)
        src = min(held.items(), key=lambda kv: (-kv[1], kv[0]))[0]
        if len(held) == 1 and set(cids) == set(self.meta.members(src)) and not fields_:
            self.problem(
                ws,
                rows[0][0],
                H_NEW_MEASURE,
                cols,
                f"all contributions of {src} would move to {key}; that only renames the measure.",
                f"use '{H_RENAME}' on the measure's row instead.",
            )
            return
        comments = [c for *_, c in rows if c]
        out.append(
            Decision(
                kind="split",
                target=src,
                target_label=self.meta.measures.get(src, {}).get("label"),
                value=split_measure_id(cids),
                field=next(iter(fields_), None),
                label=names[0][1] if names else None,
                from_measure=src,
                contributions=tuple(cids),
                target_members=self.meta.snapshot(src),
                comment="; ".join(comments) or None,
                source=self.source,
                location=self.location(ws, [r for r, *_ in rows]),
            )
        )

    def cross_checks(self, decisions: list[Decision]) -> None:
        rows = self.row_of
        decisions = [d for d in decisions if d.kind != "split" and d.target in rows]
        rejected = {d.target for d in decisions if d.kind == "reject"}
        for d in decisions:
            if d.kind == "merge" and d.value in rejected:
                ws, row, cols = rows[d.target]
                self.problem(
                    ws,
                    row,
                    H_MERGE,
                    cols,
                    f"measure {d.value} is rejected in this workbook.",
                    "merge into an active measure, or reject this one too.",
                )
        for cycle in merge_cycles(decisions):
            chain = " → ".join([d.target for d in cycle] + [cycle[0].target])
            for d in cycle:
                ws, row, cols = rows[d.target]
                self.problem(
                    ws,
                    row,
                    H_MERGE,
                    cols,
                    f"merge cycle {chain}.",
                    "merge these measures into one of them: clear the cell in one of the rows.",
                )
