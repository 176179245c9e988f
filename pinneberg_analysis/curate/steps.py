"""The steps of curation: bookkeeping while decisions are applied, one function per kind.

Used by :func:`pinneberg_analysis.curate.apply.apply_decisions`; not a public API.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import Any

import pandas as pd

from pinneberg_analysis.core.config import FieldsConfig
from pinneberg_analysis.core.fields import canonical_field
from pinneberg_analysis.curate.decisions import (
    KIND_LABELS,
    Decision,
    merge_cycles,
    split_measure_id,
)

STATUS_ACTIVE = "aktiv"
STATUS_REJECTED = "abgelehnt"
APPLIED = "angewendet"
NOT_APPLICABLE = "nicht anwendbar"

LOG_COLUMNS = [
    "decision_id",
    "kind",
    "target",
    "value",
    "status",
    "reason",
    "kind_label",
    "target_label",
    "comment",
    "source",
    "location",
    "applied_on",
]
CONTRIBUTION_LEVEL = ("split", "move_contribution")
MEASURE_LEVEL = ("move_field", "rename", "reject", "comment")


def plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


class State:
    """Mutable bookkeeping while decisions are applied."""

    def __init__(self, contributions: pd.DataFrame, measures: pd.DataFrame) -> None:
        def column(name: str) -> list[Any]:
            return contributions[name].to_numpy(dtype=object, na_value=None).tolist()

        self.order = [str(c) for c in column("contribution_id")]
        self.assign: dict[str, Any] = dict(zip(self.order, column("measure_id"), strict=True))
        self.start = dict(self.assign)  # the assignment before review
        self.initial = {m for m in self.assign.values() if isinstance(m, str)}
        self.pos = {cid: i for i, cid in enumerate(self.order)}
        self.index: dict[str, set[str]] = defaultdict(set)
        for cid, mid in self.assign.items():
            if isinstance(mid, str):
                self.index[mid].add(cid)
        self.cfield: dict[str, Any] = (
            dict(zip(self.order, column("field"), strict=True))
            if "field" in contributions.columns
            else {}
        )
        self.recs: dict[str, dict[str, Any]] = {
            str(r["measure_id"]): dict(r) for r in measures.to_dict("records")
        }
        self.notes: dict[str, list[str]] = defaultdict(list)
        self.cnotes: dict[str, list[str]] = defaultdict(list)
        self.touched: set[str] = set()
        self.field_moved: set[str] = set()
        self.merged_into: dict[str, str] = {}
        self.moved_in: Counter[str] = Counter()
        self.moved_out: Counter[str] = Counter()
        self.last_out: dict[str, int] = {}
        self.log: list[dict[str, Any]] = []
        # merge destination -> the measures that decisions merge into it (for identity checks)
        self.feeders: dict[str, set[str]] = defaultdict(set)

    def exists(self, mid: str | None) -> bool:
        return mid is not None and mid in self.recs and mid not in self.merged_into

    def members(self, mid: str) -> list[str]:
        """The measure's contributions, in input order."""
        return sorted(self.index.get(mid, ()), key=self.pos.__getitem__)

    def reassign(self, cid: str, dst: str) -> None:
        src = self.assign.get(cid)
        if isinstance(src, str):
            self.index[src].discard(cid)
        self.assign[cid] = dst
        self.index[dst].add(cid)

    def label(self, mid: str) -> str:
        rec = self.recs.get(mid)
        return str(rec.get("label")) if rec is not None else mid

    def move(self, cid: str, dst: str, log_index: int, *, count: bool = True) -> None:
        src = self.assign.get(cid)
        if src == dst:
            return
        self.reassign(cid, dst)
        if isinstance(src, str):
            self.moved_out[src] += count
            self.touched.add(src)
            self.last_out[src] = log_index
        self.moved_in[dst] += count
        self.touched.add(dst)
        self.cnotes[cid].append(f"durch Review von {src} nach {dst} verschoben")

    def missing_reason(self, mid: str | None, snapshot: Sequence[str]) -> str:
        if mid in self.merged_into:
            return f"Maßnahme {mid} wurde mit {self.final(mid)} zusammengeführt."
        text = (
            f"Maßnahme {mid} gibt es in diesem Lauf nicht mehr: keine Maßnahme teilt "
            "mindestens die Hälfte ihrer Beiträge."
        )
        held = Counter(self.assign[c] for c in snapshot if isinstance(self.assign.get(c), str))
        if held:
            best, n = min(held.items(), key=lambda kv: (-kv[1], kv[0]))
            text += f" Die meisten ({n} von {len(snapshot)}) liegen jetzt in {best}."
        elif snapshot:
            text += " Keiner ihrer Beiträge ist noch in den Eingaben."
        gone = sum(1 for c in snapshot if c not in self.assign)
        if held and gone:
            text += f" {gone} von {len(snapshot)} sind nicht mehr in den Eingaben."
        return text

    def stale_reason(
        self, mid: str | None, snapshot: Sequence[str], threshold: float = 0.5
    ) -> str:
        """Why a decision no longer fits the measure ``mid`` holds now ("" when it fits).

        A decision applies only while the measure holds at least ``threshold`` of the
        contributions the decision was made about (its identity snapshot). Members that
        have left the input count against it, so a measure reduced to one of its earlier
        members never inherits a decision meant for the whole.
        """
        if mid is None or not snapshot:
            return ""
        group, todo = {mid}, [mid]
        while todo:
            for src in self.feeders.get(todo.pop(), ()):
                if src not in group:
                    group.add(src)
                    todo.append(src)
        held = sum(
            1 for c in snapshot if self.assign.get(c) in group or self.start.get(c) == mid
        )
        gone = sum(1 for c in snapshot if c not in self.assign)
        if held >= threshold * len(snapshot):
            return ""
        text = (
            f"Maßnahme {mid} enthält nur noch {held} von {len(snapshot)} Beiträgen, auf die "
            "sich die Entscheidung bezog"
        )
        if gone:
            text += f" ({gone} davon sind nicht mehr in den Eingaben)"
        return text + (
            "; die Entscheidung wird deshalb nicht angewendet. Bitte im Review-Arbeitsblatt "
            "neu entscheiden."
        )

    def final(self, mid: str) -> str:
        seen = set()
        while mid in self.merged_into and mid not in seen:
            seen.add(mid)
            mid = self.merged_into[mid]
        return mid

    def record(self, d: Decision, status: str, reason: str = "") -> int:
        self.log.append(
            {
                "decision_id": d.id,
                "kind": d.kind,
                "target": d.target,
                "value": d.value,
                "status": status,
                "reason": reason,
                "kind_label": KIND_LABELS[d.kind],
                "target_label": d.target_label,
                "comment": d.comment,
                "source": d.source,
                "location": d.location,
                "applied_on": d.applied_on,
            }
        )
        return len(self.log) - 1


def apply_move(st: State, d: Decision) -> None:
    cid = d.target
    if cid not in st.assign:
        st.record(d, NOT_APPLICABLE, f"Beitrag {cid} gibt es in den Eingaben nicht mehr.")
        return
    if not st.exists(d.value):
        st.record(d, NOT_APPLICABLE, st.missing_reason(d.value, d.value_members))
        return
    if st.assign[cid] == d.value:
        st.record(d, APPLIED, f"Beitrag war schon in {d.value}.")
        return
    idx = st.record(d, APPLIED)
    st.move(cid, d.value, idx)


def apply_split(st: State, d: Decision) -> None:
    present = [c for c in d.contributions if c in st.assign]
    new_id = d.value or split_measure_id(d.contributions)
    if not present:
        st.record(d, NOT_APPLICABLE, "Keiner der genannten Beiträge ist noch in den Eingaben.")
        return
    if new_id in st.recs:
        st.record(d, NOT_APPLICABLE, f"Die Maßnahmen-ID {new_id} ist schon vergeben.")
        return
    held = Counter(st.assign[c] for c in present if isinstance(st.assign[c], str))
    if d.from_measure in held:
        src = d.from_measure
    elif held:
        src = min(held.items(), key=lambda kv: (-kv[1], kv[0]))[0]
    else:
        st.record(d, NOT_APPLICABLE, "Die Beiträge gehören zu keiner Maßnahme.")
        return
    template = st.recs[src]
    new_field = d.field or template.get("field")
    rec = {key: pd.NA for key in template}
    rec.update(
        measure_id=new_id,
        theme_id=template.get("theme_id", pd.NA),
        field=new_field,
        label=d.label or f"Abgetrennt von „{template.get('label')}“",
        status=STATUS_ACTIVE,
    )
    rec["label_proposed"] = rec["label"]
    st.recs[new_id] = rec
    st.notes[new_id].append(f"durch Review abgetrennt von {src}")
    for s in sorted(held):
        st.notes[s].append(
            f"durch Review geteilt: {plural(held[s], 'Beitrag', 'Beiträge')} nach {new_id}"
        )
    reason = ""
    if len(present) < len(d.contributions):
        gone = sorted(set(d.contributions) - set(present))
        reason = (
            f"{len(present)} von {len(d.contributions)} Beiträgen angewendet; nicht mehr in "
            f"den Eingaben: {', '.join(gone)}."
        )
    idx = st.record(d, APPLIED, reason)
    for cid in present:
        st.move(cid, new_id, idx, count=False)
        if d.field and st.cfield.get(cid) != d.field:
            st.cnotes[cid].append(f"Feld durch Review geändert (vorher: {st.cfield.get(cid)})")
            st.cfield[cid] = d.field


def apply_merges(st: State, merges: list[Decision]) -> None:
    usable: list[Decision] = []
    for d in merges:
        if d.target == d.value:
            st.record(
                d,
                NOT_APPLICABLE,
                "Eine Maßnahme kann nicht mit sich selbst zusammengeführt werden.",
            )
        elif not st.exists(d.target):
            st.record(d, NOT_APPLICABLE, st.missing_reason(d.target, d.target_members))
        elif not st.exists(d.value):
            st.record(d, NOT_APPLICABLE, st.missing_reason(d.value, d.value_members))
        elif reason := st.stale_reason(d.target, d.target_members) or st.stale_reason(
            d.value, d.value_members
        ):
            st.record(d, NOT_APPLICABLE, reason)
        else:
            usable.append(d)
    in_cycle = {id(d): c for c in merge_cycles(usable) for d in c}
    for d in usable:
        if id(d) in in_cycle:
            chain = " → ".join([x.target for x in in_cycle[id(d)]] + [in_cycle[id(d)][0].target])
            st.record(d, NOT_APPLICABLE, f"Zusammenführung im Kreis ({chain}).")
    usable = [d for d in usable if id(d) not in in_cycle]
    for d in usable:
        st.merged_into[d.target] = d.value
    for d in usable:
        src, dst = d.target, st.final(d.target)
        reason = f"über {d.value} in {dst} zusammengeführt." if dst != d.value else ""
        st.record(d, APPLIED, reason)
        for cid in st.members(src):
            st.reassign(cid, dst)
        st.touched.add(dst)
        st.last_out.pop(src, None)
        st.notes[dst].append(f"durch Review zusammengeführt aus {src} („{st.label(src)}“)")
        kw_dst = split_list(st.recs[dst].get("keywords"))
        kw_src = split_list(st.recs[src].get("keywords"))
        seen = {k.casefold() for k in kw_dst}
        kw_dst += [k for k in kw_src if not (k.casefold() in seen or seen.add(k.casefold()))]
        st.recs[dst]["keywords"] = ";".join(kw_dst) if kw_dst else pd.NA


def apply_measure_level(st: State, d: Decision, fields: FieldsConfig | None) -> None:
    if d.kind == "comment" and (d.target in st.assign or d.from_measure is not None):
        # a comment on a contribution (the move sheet)
        if d.target in st.assign:
            st.record(d, APPLIED)
        else:
            st.record(d, NOT_APPLICABLE, f"Beitrag {d.target} gibt es in den Eingaben nicht mehr.")
        return
    if not st.exists(d.target):
        st.record(d, NOT_APPLICABLE, st.missing_reason(d.target, d.target_members))
        return
    if reason := st.stale_reason(d.target, d.target_members):
        st.record(d, NOT_APPLICABLE, reason)
        return
    rec = st.recs[d.target]
    if d.kind == "rename":
        old = rec.get("label")
        if d.value == old:
            st.record(d, APPLIED, "Name war schon so.")
            return
        rec["label"] = d.value
        st.notes[d.target].append(
            f"durch Review umbenannt (Vorschlag war „{rec.get('label_proposed')}“)"
        )
    elif d.kind == "move_field":
        extra = fields.extra if fields else ()
        aliases = fields.aliases if fields else None
        new = canonical_field(d.value, aliases, extra)
        if new is None:
            st.record(d, NOT_APPLICABLE, f"Unbekanntes Handlungsfeld „{d.value}“.")
            return
        if new == rec.get("field"):
            st.record(d, APPLIED, "Maßnahme war schon in diesem Feld.")
            return
        st.notes[d.target].append(f"durch Review von „{rec.get('field')}“ nach „{new}“ verschoben")
        rec["field"] = new
        st.field_moved.add(d.target)
        st.touched.add(d.target)
    elif d.kind == "reject":
        rec["status"] = STATUS_REJECTED
        st.notes[d.target].append(f"abgelehnt: {d.value}")
    st.record(d, APPLIED)


def split_list(value: Any) -> list[str]:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return []
    return [v.strip() for v in str(value).split(";") if v.strip()]


def apply_rating_assignment(st: State, d: Decision) -> tuple[str, str | None] | None:
    """Resolve an ``assign_rating`` decision: (rated name, measure id or None), or None
    when the measure it names is gone (logged as not applicable).

    The measure is found by its id (following merges) or, when the id no longer exists, as
    the measure that holds at least half of the members it had at decision time.
    """
    if not d.value:
        st.record(d, APPLIED, "keiner Maßnahme zugeordnet")
        return d.target, None
    mid = st.final(d.value) if d.value in st.recs else None
    if mid is None or not st.exists(mid):
        held = Counter(st.assign[c] for c in d.value_members
                       if isinstance(st.assign.get(c), str))
        best = min(held.items(), key=lambda kv: (-kv[1], kv[0])) if held else None
        if best is not None and 2 * best[1] >= len(d.value_members) and st.exists(best[0]):
            mid = st.final(best[0])
    if mid is None or not st.exists(mid):
        st.record(d, NOT_APPLICABLE, st.missing_reason(d.value, d.value_members))
        return None
    if st.recs[mid].get("status") == STATUS_REJECTED:
        st.record(d, NOT_APPLICABLE, f"Maßnahme {mid} wurde abgelehnt.")
        return None
    st.record(d, APPLIED, f"zugeordnet zu {mid} ({st.label(mid)})")
    return d.target, mid
