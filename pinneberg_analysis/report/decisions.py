"""Review decisions as the report shows them: per-measure notes and the decision tables.

The decisions log comes from the curate stage. Its column names are read tolerantly
(``action``/``decision``, ``measure_id``/``measure``, ``target_id``/``into``,
``applied``/``status``, ``reason``/``message``), so the report works with either spelling.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import pandas as pd

from . import fmt

_COLUMNS: Mapping[str, tuple[str, ...]] = {
    "decision_id": ("decision_id", "id", "row"),
    "action": ("action", "decision", "type", "operation"),
    "measure_id": ("measure_id", "measure", "source_id", "measure_ids"),
    "target_id": ("target_id", "target", "into", "target_measure_id"),
    "value": ("value", "new_value", "new_label", "label", "field"),
    "applied": ("applied", "status"),
    "reason": ("reason", "message", "error", "note"),
}

# (pattern on the normalised action, German participle)
_VERBS: tuple[tuple[str, str], ...] = (
    (r"merge|zusammen", "zusammengeführt"),
    (r"split|teil", "aufgeteilt"),
    (r"rename|relabel|umbenenn|label|titel|name", "umbenannt"),
    (r"move|field|verschieb|feld", "in ein anderes Handlungsfeld verschoben"),
    (r"theme|thema", "einem anderen Thema zugeordnet"),
    (r"keyword|schlag", "Schlagworte geändert"),
    (r"drop|delete|remove|reject|lösch|losch|entfern|verwerf", "entfernt"),
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
    out = pd.DataFrame({role: _pick(log, role) for role in _COLUMNS})
    applied = out["applied"]
    if not pd.api.types.is_bool_dtype(applied):
        applied = applied.map(
            lambda v: False if fmt.missing(v) else str(v).strip().casefold() in _APPLIED_WORDS
        )
    out["applied"] = applied.fillna(False).astype(bool)
    return out.reset_index(drop=True)


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
    "measure_id": "Maßnahme",
    "target_id": "Ziel",
    "value": "Neuer Wert",
    "reason": "Grund",
}


def decision_tables(log: pd.DataFrame) -> tuple[fmt.Table, fmt.Table]:
    """The applied and the not-applied decisions as display tables."""
    df = normalise(log)
    df = df.assign(action=df["action"].map(lambda a: f"{fmt.text(a)} ({verb(a)})"))
    applied = {k: v for k, v in HEADERS.items() if k != "reason"}
    return (
        fmt.frame_table(df[df["applied"]], applied),
        fmt.frame_table(df[~df["applied"]], HEADERS),
    )
