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
    H_CMEASURE,
    H_NEW_FIELD,
    H_NEW_MEASURE,
    H_NEW_NAME,
    H_RENAME,
    MOVE_DECISIONS,
    MOVE_INFO,
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
            what = f"die unbekannte Beitrags-ID {cid!r}." if cid else "keine Beitrags-ID."
            at(
                H_CID,
                f"Die Zeile hat Einträge, aber {what}",
                "die Spalte nicht ändern; Verschiebungen nur in der Zeile des Beitrags eintragen.",
            )
            continue
        _move_row(reader, at, cid, values, out, groups)
    for key in sorted(groups):
        _split(reader, key, groups[key], out)
    _measure_column_edits(reader, ws, cols)


def _measure_column_edits(reader: RowReader, ws: Any, cols: dict) -> None:
    """Report a grey "Maßnahme (ID)" cell that was overwritten: it only shows the measure."""
    if H_CMEASURE not in cols or H_CID not in cols:
        return
    for row, cells in enumerate(ws.iter_rows(min_row=2), start=2):
        at = Where(reader, ws, row, cols, cells)
        reader.foreign_entries(at, (*MOVE_INFO, *MOVE_DECISIONS))
        cid = at.get(H_CID)
        now = reader.meta.contribution_measure.get(cid or "")
        typed = at.get(H_CMEASURE)
        if now is None or (typed or "") == now:
            continue
        at(
            H_CMEASURE,
            f"Die Spalte ist nur zur Ansicht; „{typed or ''}“ statt {now} wird nicht gelesen.",
            f"die Ziel-Maßnahme in „{H_NEW_MEASURE}“ eintragen und „{H_CMEASURE}“ auf {now} "
            "zurücksetzen.",
        )


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
        at(H_NEW_FIELD, f"Unbekanntes Handlungsfeld {new_field!r}.", reader.field_hint())
        return
    new_key = _NEW_RE.match(target) if target else None
    if name and not new_key:
        at(
            H_NEW_NAME,
            f"Ein Name für eine neue Maßnahme, aber kein NEU in „{H_NEW_MEASURE}“.",
            f"NEU (oder NEU-1, NEU-2, …) in „{H_NEW_MEASURE}“ eintragen oder den Namen löschen.",
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
                f"Unbekannte Maßnahme {target!r}.",
                "eine Maßnahme aus der Auswahlliste wählen oder NEU für eine neue Maßnahme.",
            )
        elif meta.measures[dst]["status"] == "abgelehnt":
            at(
                H_NEW_MEASURE,
                f"Maßnahme {dst} ist abgelehnt.",
                "den Beitrag einer aktiven Maßnahme oder NEU zuordnen.",
            )
        elif fld and fld != meta.measures[dst]["field"]:
            at(
                H_NEW_FIELD,
                f"Maßnahme {dst} liegt in „{meta.measures[dst]['field']}“, nicht in „{fld}“.",
                f"entweder „{H_NEW_MEASURE}“ oder „{H_NEW_FIELD}“ angeben (mit NEU für "
                "eine neue Maßnahme in diesem Feld).",
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
                    f"{key} hat zwei Namen ({named[0].name!r} in Zeile {named[0].at.row}).",
                    "der neuen Maßnahme einen Namen geben oder verschiedene Schlüssel verwenden (NEU-1, NEU-2, …).",
                )
        return
    fields = {p.field for p in rows if p.field}
    if len(fields) > 1:
        rows[0].at(
            H_NEW_FIELD,
            f"{key} hat Beiträge mit verschiedenen neuen Feldern.",
            f"allen Zeilen von {key} dasselbe „{H_NEW_FIELD}“ geben (oder es leer lassen).",
        )
        return
    cids = sorted(p.cid for p in rows)
    held = Counter(meta.contribution_measure[c] for c in cids)
    src = min(held.items(), key=lambda kv: (-kv[1], kv[0]))[0]
    if len(held) == 1 and set(cids) == set(meta.members(src)) and not fields:
        rows[0].at(
            H_NEW_MEASURE,
            f"Alle Beiträge von {src} würden nach {key} wandern; das wäre nur eine Umbenennung.",
            f"stattdessen „{H_RENAME}“ in der Zeile der Maßnahme verwenden.",
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
