"""What a reader hands back: the rows it read, before fields, ids and duplicates are set."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from dataclasses import field as dc_field

# Reasons a row is rejected (German: users read them in rejected.csv).
EMPTY_ROW = "leere Zeile (alle Zellen leer)"
NO_TEXT = "Titel und Beschreibung leer"
NO_ITEM_TEXT = "Eintrag ohne Text"
NO_FIELD = "kein Handlungsfeld angegeben"


@dataclass(frozen=True)
class Rejection:
    """Why one row (or one rating value) was not accepted."""

    reason: str
    hint: str | None = None
    column: str | None = None
    value: str | None = None


@dataclass
class Item:
    """One row read from a file: a contribution candidate.

    ``field`` is the value of a field column (a wrong value rejects the row);
    ``context_fields`` are weaker hints (sheet name, heading, file name), tried in order,
    used only when they name a known field. ``parent_ref`` is the file's own id of the
    proposal a comment belongs to (its field is inherited when the comment names none).
    """

    locator: str
    row: str | None
    title: str = ""
    text: str = ""
    field: str | None = None
    field_column: str | None = None
    context_fields: tuple[str, ...] = ()
    source_id: str | None = None
    scope: str = ""
    round: int | None = None
    date: dt.date | None = None
    votes: int | None = None
    section: str = "other"
    participant_group: str | None = None
    extra: dict[str, str] = dc_field(default_factory=dict)
    reject: Rejection | None = None
    parent_ref: str | None = None


@dataclass
class RatingValue:
    """One accepted expert rating: measure x rater x criterion."""

    locator: str
    measure_ref: str
    measure_id: str | None
    rater: str
    criterion: str
    value: float
    field: str | None = None
    field_column: str | None = None
    row: str | None = None


@dataclass
class RejectedUnit:
    """A rejected row or rating value, with where it is."""

    locator: str
    row: str | None
    rejection: Rejection


@dataclass
class FileRead:
    """Everything one reader got out of one file.

    ``items`` hold contribution rows (accepted or rejected later); ratings files fill
    ``ratings`` and ``rating_rejects`` instead. ``notes`` end up in ``files.message``;
    ``recognised`` are German lines saying which column was taken for what (shown by the
    CLI and in the report).
    """

    kind: str
    items: list[Item] = dc_field(default_factory=list)
    ratings: list[RatingValue] = dc_field(default_factory=list)
    rating_rejects: list[RejectedUnit] = dc_field(default_factory=list)
    notes: list[str] = dc_field(default_factory=list)
    is_notes: bool = False
    recognised: list[str] = dc_field(default_factory=list)
    platform: str | None = None


@dataclass(frozen=True)
class ReadOptions:
    """What every reader needs to know besides the file.

    Attributes
    ----------
    canon : callable
        Field name as written -> canonical field or None (config aliases applied).
    max_bytes : int
        Refuse files (or uncompressed ZIP contents) larger than this.
    ratings_by_name : bool
        The file or folder name says "ratings" (``bewertung``, ``rating``).
    format : str, optional
        A platform adapter to use for every table (``--format``); None detects it.
    columns : mapping
        Column name as written -> schema column (``[ingest.columns]``), before any
        recognition by name or content.
    """

    canon: Callable[[object], str | None]
    max_bytes: int
    ratings_by_name: bool = False
    format: str | None = None
    columns: Mapping[str, str] = dc_field(default_factory=dict)
