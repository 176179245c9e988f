"""Reading the "Beiträge verschieben" sheet: single contributions moved, or split off.

A contribution moves to an existing measure (its id), or with ``NEU`` (``NEU-1``,
``NEU-2``, ...) into a new measure: all rows with the same key form one new measure (a
split). A new field alone makes the contribution a single idea (Einzelidee) in that field.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

from pinneberg_analysis.curate.decisions import Decision, split_measure_id
from pinneberg_analysis.review.layout import (
    H_CID,
    H_NEW_FIELD,
    H_NEW_MEASURE,
    H_NEW_NAME,
    H_RENAME,
    MOVE_DECISIONS,
)
from pinneberg_analysis.review.rows import RowReader, Where

_NEW_RE = re.compile(r"^neu(?:[\s\-_]*([0-9a-z]+))?$", re.IGNORECASE)


@dataclass
class _Pending:
    at: Where
    cid: str
    field: str | None
    name: str | None
    comment: str | None


def read_move_sheet(reader: RowReader, ws: Any, cols: dict, out: list[Decision]) -> None:
    """Add the moves and splits entered on the move sheet to ``out``."""
    groups: dict[str, list[_Pending]] = defaultdict(list)
    for at, values in reader.rows(ws, cols, MOVE_DECISIONS):
        cid = at.get(H_CID)
        if cid not in reader.meta.contribution_measure:
            what = f"unknown contribution id {cid!r}." if cid else "no contribution id."
            at(
                H_CID,
                f"the row has entries but {what}",
                "do not change the column; enter moves only in the row of the contribution.",
            )
            continue
        _move_row(reader, at, cid, values, out, groups)
    for key in sorted(groups):
        _split(reader, key, groups[key], out)


def _move_row(
    reader: RowReader,
    at: Where,
    cid: str,
    values: dict,
    out: list[Decision],
    groups: dict[str, list[_Pending]],
) -> None:
    meta = reader.meta
    current = meta.contribution_measure[cid]
    target, new_field, name, comment = (values[h] for h in MOVE_DECISIONS)
    fld = reader.field(new_field) if new_field else None
    if new_field and fld is None:
        at(H_NEW_FIELD, f"unknown field of action {new_field!r}.", reader.field_hint())
        return
    new_key = _NEW_RE.match(target) if target else None
    if name and not new_key:
        at(
            H_NEW_NAME,
            f"a name for a new measure, but no NEU in '{H_NEW_MEASURE}'.",
            f"write NEU (or NEU-1, NEU-2, ...) into '{H_NEW_MEASURE}', or clear the name.",
        )
        return
    common = dict(comment=comment, source=reader.source, location=at.location, from_measure=current)
    if new_key:
        key = "NEU" + (f"-{new_key.group(1).upper()}" if new_key.group(1) else "")
        groups[key].append(_Pending(at, cid, fld, name, comment))
    elif target:
        dst = reader.measure_id(target)
        if dst is None:
            at(
                H_NEW_MEASURE,
                f"unknown measure id {target!r}.",
                "choose an id from the drop-down list, or NEU for a new measure.",
            )
        elif meta.measures[dst]["status"] == "abgelehnt":
            at(
                H_NEW_MEASURE,
                f"measure {dst} is rejected.",
                "move the contribution to an active measure or to NEU.",
            )
        elif fld and fld != meta.measures[dst]["field"]:
            at(
                H_NEW_FIELD,
                f"measure {dst} is in '{meta.measures[dst]['field']}', not in '{fld}'.",
                f"give either '{H_NEW_MEASURE}' or '{H_NEW_FIELD}' (with NEU for "
                "a new measure in that field).",
            )
        elif dst != current:
            out.append(
                Decision(
                    kind="move_contribution",
                    target=cid,
                    value=dst,
                    value_members=meta.snapshot(dst),
                    **common,
                )
            )
    elif fld and fld != meta.measures.get(current, {}).get("field"):
        groups[f"Feld:{cid}"].append(_Pending(at, cid, fld, None, comment))
    elif comment and not fld:
        out.append(Decision(kind="comment", target=cid, **common))


def _split(reader: RowReader, key: str, rows: list[_Pending], out: list[Decision]) -> None:
    meta = reader.meta
    named = [p for p in rows if p.name]
    if len({p.name for p in named}) > 1:
        for p in named[1:]:
            if p.name != named[0].name:
                p.at(
                    H_NEW_NAME,
                    f"{key} has two names ({named[0].name!r} in row {named[0].at.row}).",
                    "give the new measure one name, or use different keys (NEU-1, NEU-2, ...).",
                )
        return
    fields = {p.field for p in rows if p.field}
    if len(fields) > 1:
        rows[0].at(
            H_NEW_FIELD,
            f"{key} has contributions with different new fields.",
            f"give every row of {key} the same '{H_NEW_FIELD}' (or leave it empty).",
        )
        return
    cids = sorted(p.cid for p in rows)
    held = Counter(meta.contribution_measure[c] for c in cids)
    src = min(held.items(), key=lambda kv: (-kv[1], kv[0]))[0]
    if len(held) == 1 and set(cids) == set(meta.members(src)) and not fields:
        rows[0].at(
            H_NEW_MEASURE,
            f"all contributions of {src} would move to {key}; that only renames it.",
            f"use '{H_RENAME}' on the measure's row instead.",
        )
        return
    comments = [p.comment for p in rows if p.comment]
    out.append(
        Decision(
            kind="split",
            target=src,
            target_label=meta.measures.get(src, {}).get("label"),
            value=split_measure_id(cids),
            field=next(iter(fields), None),
            label=named[0].name if named else None,
            from_measure=src,
            contributions=tuple(cids),
            target_members=meta.snapshot(src),
            comment="; ".join(comments) or None,
            source=reader.source,
            location=f"Blatt '{rows[0].at.ws.title}', Zeile "
            + ", ".join(str(p.at.row) for p in sorted(rows, key=lambda p: p.at.row)),
        )
    )
