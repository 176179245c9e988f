"""Review decisions as the report shows them: per-measure notes and the decision tables.

The decisions log comes from the curate stage
(``pinneberg_analysis.curate.steps.LOG_COLUMNS``: ``decision_id, kind, target, value, status,
reason, kind_label, ...``, where ``target`` is
the measure (or, for ``move_contribution``, the contribution) and ``value`` the new name,
field, reason or destination measure). Other spellings are read tolerantly
(``action``/``decision``, ``measure_id``/``measure``, ``target_id``/``into``,
``applied``/``status``, ``reason``/``message``). The curated measures' own ``review_note``
and ``status`` take precedence over notes derived from the log.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import pandas as pd

from pinneberg_analysis.report import fmt

_COLUMNS: Mapping[str, tuple[str, ...]] = {
    "decision_id": ("decision_id", "id", "row"),
    "action": ("action", "decision", "kind", "type", "operation"),
    "measure_id": ("measure_id", "measure", "source_id", "measure_ids"),
    "target_id": ("target_id", "target", "into", "target_measure_id"),
    "value": ("value", "new_value", "new_label", "label", "field"),
    "applied": ("applied", "status"),
    "reason": ("reason", "message", "error", "note"),
    "label": ("kind_label",),
}
# The curate stage's log: ``value`` is a destination measure for these kinds ...
_DESTINATION_KINDS = {"merge", "move_contribution", "split"}
REJECTED = "abgelehnt"

# (pattern on the normalised action, German participle)
_VERBS: tuple[tuple[str, str], ...] = (
    (r"merge|zusammen", "zusammengeführt"),
    (r"split|teil", "aufgeteilt"),
    (r"rename|relabel|umbenenn|label|titel|name", "umbenannt"),
    (r"reject|ablehn", "abgelehnt"),
    (r"move_contribution|beitrag", "Beitrag verschoben"),
    (r"comment|kommentar", "kommentiert"),
    (r"move|field|verschieb|feld", "in ein anderes Handlungsfeld verschoben"),
    (r"theme|thema", "einem anderen Thema zugeordnet"),
    (r"keyword|schlag", "Schlagworte geändert"),
    (r"drop|delete|remove|lösch|losch|entfern|verwerf", "entfernt"),
    (r"keep|confirm|accept|bestätig|bestatig|behalt", "bestätigt"),
)
_APPLIED_WORDS = {"applied", "ok", "done", "yes", "ja", "true", "angewendet", "umgesetzt"}


def _pick(df: pd.DataFrame, role: str) -> pd.Series:
    for name in _COLUMNS[role]:
        if name in df.columns:
            return df[name]
    return pd.Series(pd.NA, index=df.index, dtype="object")


def normalise(log: pd.DataFrame) -> pd.DataFrame:
    """The decisions log with the standard columns of :data:`_COLUMNS` and a bool ``applied``."""
    if log is None or log.empty:
        return pd.DataFrame(columns=list(_COLUMNS))
    if {"kind", "target"} <= set(log.columns) and not {"measure_id", "target_id"} & set(
        log.columns
    ):
        log = _from_curate(log)
    out = pd.DataFrame({role: _pick(log, role) for role in _COLUMNS})
    applied = out["applied"]
    if not pd.api.types.is_bool_dtype(applied):
        applied = applied.map(
            lambda v: False if fmt.missing(v) else str(v).strip().casefold() in _APPLIED_WORDS
        )
    out["applied"] = applied.fillna(False).astype(bool)
    return out.reset_index(drop=True)


def _from_curate(log: pd.DataFrame) -> pd.DataFrame:
    """The curate stage's log in the report's roles: who was acted on, and where to."""
    kind = log["kind"].astype("string").fillna("")
    to_measure = kind.isin(sorted(_DESTINATION_KINDS))
    value = log["value"] if "value" in log.columns else pd.Series(pd.NA, index=log.index)
    out = log.drop(columns=["target", "value"], errors="ignore")
    out["measure_id"] = log["target"]
    out["target_id"] = value.where(to_measure, pd.NA)
    out["value"] = value.where(~to_measure, pd.NA)
    if "comment" in log.columns:  # a comment decision's text is its whole content
        out["value"] = out["value"].where(kind != "comment", log["comment"])
    return out


def verb(action: object) -> str:
    """The German participle for a review action (``merge`` -> ``zusammengeführt``)."""
    key = fmt.text(action).casefold()
    for pattern, word in _VERBS:
        if re.search(pattern, key):
            return word
    return "geändert"


def review_notes(log: pd.DataFrame) -> dict[str, list[str]]:
    """Per measure id, the notes "… durch Review" of every applied decision that touched it.

    A merge is noted on the measure that remains (the target) and names the merged ones.
    """
    notes: dict[str, list[str]] = {}
    for row in normalise(log).itertuples(index=False):
        if not row.applied:
            continue
        word = verb(row.action)
        sources = fmt.split_list(row.measure_id)
        targets = fmt.split_list(row.target_id)
        if word == "zusammengeführt" and targets:
            others = ", ".join(sources)
            note = (
                f"zusammengeführt durch Review (mit {others})" if others else f"{word} durch Review"
            )
            for target in targets:
                notes.setdefault(target, []).append(note)
            continue
        for mid in sources + (targets if word == "aufgeteilt" else []):
            notes.setdefault(mid, []).append(f"{word} durch Review")
    return {k: sorted(set(v), key=v.index) for k, v in notes.items()}


HEADERS = {
    "decision_id": "Nr.",
    "action": "Entscheidung",
    "measure_id": "Betrifft",
    "target_id": "Ziel",
    "value": "Neuer Wert",
    "reason": "Grund",
}


def measure_notes(measures: pd.DataFrame, log: pd.DataFrame) -> dict[str, list[str]]:
    """Per measure id, the review notes the report shows with it.

    The curated measures' ``review_note`` when they have that column (the curate stage
    writes precise German notes, e.g. "durch Review umbenannt (Vorschlag war „…“)"),
    else the notes derived from the decisions log (:func:`review_notes`).
    """
    if measures is None or not {"measure_id", "review_note"} <= set(measures.columns):
        return review_notes(log)
    return {
        fmt.text(mid): [fmt.text(note)]
        for mid, note in zip(measures["measure_id"], measures["review_note"], strict=True)
        if not fmt.missing(note)
    }


def is_rejected(measures: pd.DataFrame) -> pd.Series:
    """True for the measures the review rejected (``status == "abgelehnt"``)."""
    if measures is None or "status" not in measures.columns:
        return pd.Series(False, index=getattr(measures, "index", None), dtype=bool)
    return measures["status"].astype("string").fillna("").str.strip().eq(REJECTED)


def rejected_table(measures: pd.DataFrame, log: pd.DataFrame) -> fmt.Table:
    """The rejected measures with their field and the reason given in the review."""
    if measures is None or measures.empty:
        return fmt.Table([], [])
    rejected = measures[is_rejected(measures)]
    df = normalise(log)
    reasons = {}
    for row in df[df["applied"]].itertuples(index=False):
        if verb(row.action) == "abgelehnt" and not fmt.missing(row.value):
            reasons[fmt.text(row.measure_id)] = fmt.text(row.value)
    rows = []
    for r in rejected.to_dict("records"):
        mid = fmt.text(r.get("measure_id"))
        reason = reasons.get(mid) or fmt.text(r.get("review_note"))
        rows.append([fmt.text(r.get("label")) or mid, mid, fmt.text(r.get("field")), reason])
    return fmt.Table(["Maßnahme", "ID", "Handlungsfeld", "Grund"], rows)


def decision_tables(log: pd.DataFrame) -> tuple[fmt.Table, fmt.Table]:
    """The applied and the not-applied decisions as display tables."""
    df = normalise(log)
    df = df.assign(
        action=[
            fmt.text(label) if not fmt.missing(label) else f"{fmt.text(a)} ({verb(a)})"
            for a, label in zip(df["action"], df["label"], strict=True)
        ]
    )
    applied = {k: v for k, v in HEADERS.items() if k != "reason"}
    return (
        fmt.frame_table(df[df["applied"]], applied),
        fmt.frame_table(df[~df["applied"]], HEADERS),
    )
