"""From the readers' rows to the contract tables: fields, rejections, ids, duplicates."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from pinneberg_analysis.core.fields import unknown_field_hint
from pinneberg_analysis.core.schema import (
    CONTRIBUTION_COLUMNS,
    FILE_COLUMNS,
    RATING_COLUMNS,
    REJECTED_COLUMNS,
    empty_frame,
)
from pinneberg_analysis.ingest.ids import IdKey, contribution_ids, duplicate_flags, rating_ids
from pinneberg_analysis.ingest.records import NO_FIELD, NO_TEXT, FileRead, Item, Rejection

FIELD_HINT = (
    "das Handlungsfeld in einer Spalte (Handlungsfeld), im Blattnamen, in einer Überschrift "
    "oder im Dateinamen nennen, oder für Dateien zu einem einzigen Feld --field NAME "
    "angeben (Konfiguration: ingest.default_field)."
)


@dataclass
class FileOutcome:
    """One input file: where it came from and what its reader returned (or why not)."""

    source_file: str
    kind: str
    status: str
    source_kind: str = "other"
    sha256: str | None = None
    read: FileRead | None = None
    message: str = ""


def resolve_field(
    item: Item, canon: Callable[[object], str | None], default: str | None
) -> tuple[str | None, Rejection | None]:
    """The canonical field of a row, or why it has none.

    A field column wins (an unknown value there rejects the row); then the sheet name,
    heading and file name, when they name a known field; then the default (``--field``).
    """
    if item.field:
        found = canon(item.field)
        if found:
            return found, None
        return None, Rejection(
            f"unbekanntes Handlungsfeld {item.field!r}", unknown_field_hint(), item.field_column,
            item.field,
        )
    for hint in item.context_fields:
        found = canon(hint)
        if found:
            return found, None
    if default:
        return default, None
    return None, Rejection(NO_FIELD, FIELD_HINT, None)


def _parents(outcomes: list[FileOutcome]) -> dict[int, Item]:
    """id(comment item) -> the proposal item it belongs to.

    Looked up in the comment's own file first (a Decidim open-data ZIP), then among the
    files of the same platform, then anywhere; outside its own file the id must be unique.
    """
    by_file: dict[tuple[str, str], Item] = {}
    by_platform: dict[tuple[str | None, str], list[Item]] = {}
    anywhere: dict[str, list[Item]] = {}
    for out in outcomes:
        for item in out.read.items if out.read is not None else ():
            if item.parent_ref is None and item.source_id and item.reject is None:
                by_file.setdefault((out.source_file, item.source_id), item)
                by_platform.setdefault((out.read.platform, item.source_id), []).append(item)
                anywhere.setdefault(item.source_id, []).append(item)
    found: dict[int, Item] = {}
    for out in outcomes:
        for item in out.read.items if out.read is not None else ():
            if item.parent_ref is None:
                continue
            parent = by_file.get((out.source_file, item.parent_ref))
            for pool in (by_platform.get((out.read.platform, item.parent_ref), []),
                         anywhere.get(item.parent_ref, [])):
                if parent is None and len(pool) == 1:
                    parent = pool[0]
            if parent is not None:
                found[id(item)] = parent
    return found


def build_tables(
    outcomes: list[FileOutcome], canon: Callable[[object], str | None], default: str | None
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Contributions, rejected, ratings and files tables (in file order, then row order).

    A comment (``parent_ref``) without a field of its own takes its proposal's field, and
    ``parent_id`` links it to the proposal's contribution.
    """
    accepted: list[dict] = []
    rejected: list[dict] = []
    ratings: list[dict] = []
    files: list[dict] = []
    parents = _parents(outcomes)
    position: dict[int, int] = {}
    for out in outcomes:
        n_read = n_acc = n_rej = 0
        read = out.read
        if read is not None:
            # each row's Item is let go once its table row exists: never both for every row
            items, read.items = read.items, []
            for k, item in enumerate(items):
                items[k] = None
                n_read += 1
                problem = item.reject
                if problem is None and not (item.title.strip() or item.text.strip()):
                    problem = Rejection(NO_TEXT, "einen Titel oder eine Beschreibung eintragen "
                                        "oder die Zeile löschen.", None)
                field = None
                parent = parents.get(id(item))
                if item.parent_ref is not None:
                    item.extra.setdefault("Bezug (Vorschlag)", item.parent_ref)
                if problem is None and parent is not None and not item.field:
                    field, _ = resolve_field(parent, canon, None)
                if problem is None and field is None:
                    field, problem = resolve_field(item, canon, default)
                if problem is not None:
                    n_rej += 1
                    rejected.append(_rejected_row(out.source_file, item.locator, item.row, problem,
                                                  item))
                    continue
                n_acc += 1
                position[id(item)] = len(accepted)
                row = _contribution_row(out, item, field)
                row["_parent"] = parent
                accepted.append(row)
            for value in read.ratings:
                n_read += 1
                field = canon(value.field) if value.field else None
                if value.field and field is None:
                    n_rej += 1
                    rejected.append(_rejected_row(out.source_file, value.locator, value.row, Rejection(
                        f"unbekanntes Handlungsfeld {value.field!r}", unknown_field_hint(),
                        value.field_column, value.field), None, title=value.measure_ref))
                    continue
                n_acc += 1
                ratings.append({
                    "source_file": out.source_file, "locator": value.locator,
                    "measure_ref": value.measure_ref, "measure_id": value.measure_id,
                    "rater": value.rater, "criterion": value.criterion, "value": value.value,
                    "field": field,
                })
            for unit in read.rating_rejects:
                n_read += 1
                n_rej += 1
                rejected.append(_rejected_row(out.source_file, unit.locator, unit.row,
                                              unit.rejection))
        files.append({
            "source_file": out.source_file, "kind": out.kind, "status": out.status,
            "n_read": n_read, "n_accepted": n_acc, "n_rejected": n_rej,
            "sha256": out.sha256, "message": out.message or None,
        })
    return (
        _contributions_frame(accepted, position),
        _frame(rejected, REJECTED_COLUMNS),
        _ratings_frame(ratings),
        _frame(files, FILE_COLUMNS),
    )


def _rejected_row(source_file: str, locator: str, row: str | None, problem: Rejection,
                  item: Item | None = None, title: str | None = None) -> dict:
    """A rejected row with what it said (title, text) and the raw value that failed."""
    text = item.text if item is not None else None
    if title is None and item is not None:
        title = item.title
    return {"source_file": source_file, "locator": locator, "row": row,
            "column": problem.column, "reason": problem.reason, "hint": problem.hint,
            "value": problem.value, "title": title or None, "text": text or None}


def _contribution_row(out: FileOutcome, item: Item, field: str) -> dict:
    return {
        "field": field, "source_file": out.source_file, "source_kind": out.source_kind,
        "locator": item.locator, "source_id": item.source_id, "round": item.round,
        "date": pd.Timestamp(item.date) if item.date else pd.NaT,
        "title": item.title, "text": item.text, "votes": item.votes, "section": item.section,
        "participant_group": item.participant_group,
        "extra": json.dumps(item.extra, ensure_ascii=False, sort_keys=True),
        "_scope": item.scope,
    }


def _frame(rows: list[dict], columns: dict[str, str]) -> pd.DataFrame:
    if not rows:
        return empty_frame(columns)
    df = pd.DataFrame(rows, columns=list(columns))
    for col, dtype in columns.items():
        if dtype == "datetime64[ns]":
            df[col] = pd.to_datetime(df[col]).astype("datetime64[ns]")
        else:
            df[col] = df[col].astype(dtype)
    return df


def _contributions_frame(rows: list[dict], position: dict[int, int]) -> pd.DataFrame:
    if not rows:
        return empty_frame(CONTRIBUTION_COLUMNS)
    ids = contribution_ids([
        IdKey(r["source_file"], r["_scope"], r["source_id"], r["field"], r["section"],
              r["title"], r["text"])
        for r in rows
    ])
    flags, of = duplicate_flags(ids, [r["field"] for r in rows], [r["title"] for r in rows],
                                [r["text"] for r in rows])
    for row, ident, flag, first in zip(rows, ids, flags, of, strict=True):
        row["contribution_id"], row["is_duplicate"], row["duplicate_of"] = ident, flag, first
    for row in rows:
        parent = row.pop("_parent", None)
        at = position.get(id(parent)) if parent is not None else None
        row["parent_id"] = ids[at] if at is not None else None
    return _frame(rows, CONTRIBUTION_COLUMNS)


def _ratings_frame(rows: list[dict]) -> pd.DataFrame:
    if not rows:
        return empty_frame(RATING_COLUMNS)
    ids = rating_ids([
        (r["source_file"], r["locator"].rsplit(",", 1)[0] if r["locator"].startswith("Blatt")
         else "", r["measure_ref"], r["rater"], r["criterion"])
        for r in rows
    ])
    for row, ident in zip(rows, ids, strict=True):
        row["rating_id"] = ident
    return _frame(rows, RATING_COLUMNS)
