"""Column names as written (German and English) -> the schema's columns; header-row search."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import field as dc_field

from pinneberg_analysis.core.fields import normalise_name

MAX_HEADER_SCAN = 30


def normalise_header(value: object) -> str:
    """A comparison key for a column name.

    Examples
    --------
    >>> normalise_header("Lfd. Nr.")
    'lfd nr'
    >>> normalise_header("  UNTERSTÜTZUNGEN ")
    'unterstutzungen'
    >>> normalise_header("Bewerter/in")
    'bewerter in'
    """
    if value is None:
        return ""
    text = str(value).strip()
    if text == "#":
        return "#"
    return re.sub(r"[^a-z0-9#]+", " ", normalise_name(text)).strip()


def _keys(*names: str) -> frozenset[str]:
    return frozenset(normalise_header(n) for n in names)


CONTRIBUTION_SYNONYMS: dict[str, frozenset[str]] = {
    "title": _keys(
        "Titel", "Überschrift", "Title", "Betreff", "Subject", "Kurztitel", "Headline",
        "Name der Idee", "Titel der Idee", "Ideentitel", "Stichwort", "Idea title",
    ),
    "text": _keys(
        "Beschreibung", "Text", "Idee", "Ideen", "Vorschlag", "Beitrag", "Description",
        "Inhalt", "Ihre Idee", "Ihr Vorschlag", "Idea", "Proposal", "Body", "Content",
        "Anliegen", "Anregung", "Details", "Ideenbeschreibung", "Beschreibung der Idee",
        "Contribution", "Nachricht", "Message", "Wunsch", "Herausforderung", "Problem",
        "Comment text",
    ),
    "field": _keys(
        "Themenfeld", "Handlungsfeld", "Kategorie", "Field", "Category", "Handlungsfelder", "Feld",
        "Themenbereich", "Field of action", "Themenfelder",
    ),
    "votes": _keys(
        "Unterstützungen", "Unterstützung", "Unterstützer", "Stimmen", "Punkte", "Votes",
        "Likes", "Upvotes", "Supports", "Zustimmungen", "Zustimmung", "Anzahl Stimmen",
        "Klebepunkte", "Points", "Dots", "Support", "Anzahl Unterstützungen", "Vote count",
    ),
    "date": _keys(
        "Datum", "Date", "Erstellt", "Erstellt am", "Created", "Created at", "Eingereicht",
        "Eingereicht am", "Zeitstempel", "Timestamp", "Published at", "Veröffentlicht",
        "Veröffentlicht am", "Datum der Einreichung", "Submitted", "Submitted at",
    ),
    "participant_group": _keys(
        "Ich bin", "Gruppe", "Akteursgruppe", "Group", "Teilnehmergruppe",
        "Participant group", "Stakeholder", "Stakeholdergruppe", "Akteur", "Rolle", "Role",
        "I am", "Teilnehmende", "Zielgruppe",
    ),
    "round": _keys("Runde", "Round", "Workshop-Runde", "Beteiligungsrunde", "Workshop round"),
    "source_id": _keys(
        "ID", "Nr", "Nr.", "Lfd. Nr.", "Lfd Nr", "Referenznr", "Referenznr.", "Referenznummer",
        "Nummer", "No", "No.", "Laufende Nummer", "Ideen-Nr.", "Idee Nr.", "Beitrag Nr.",
        "Beitragsnummer", "Proposal ID", "Referenz", "Reference", "#", "Number",
        "document_id", "Document ID", "Dokument-ID", "Node ID", "Beitrags-ID", "Idee-ID",
        "Ideen-ID", "Vorschlags-ID", "Kennung", "Kennnummer", "Lfd.", "Laufende Nr.",
        "Reference No.", "Ref.", "comment-id", "Kommentar-ID", "Eingangsnummer",
    ),
    "section": _keys("Art", "Typ", "Type", "Beitragsart", "Art des Beitrags", "Section",
                     "Abschnitt"),
}

RATING_SYNONYMS: dict[str, frozenset[str]] = {
    "measure": _keys(
        "Maßnahme", "Massnahme", "Maßnahmen", "Massnahmen", "Idee", "Measure", "Maßnahmenname",
        "Maßnahmentitel", "Maßnahmenvorschlag", "Measure name", "Vorschlag",
    ),
    "measure_id": _keys(
        "Maßnahmen-ID", "Maßnahme-ID", "Maßnahmen-Nr.", "Maßnahme Nr.", "Measure ID", "ID",
        "Massnahmen-ID", "Nr.",
    ),
    "rater": _keys(
        "Bewerter", "Bewerter/in", "Bewerterin", "Bewertende", "Bewertende Person", "Rater",
        "Expert", "Experte", "Expertin", "Experte/in", "Gutachter", "Gutachter/in",
        "Reviewer", "Fachdienst", "Bewertet von",
    ),
}

# Prefixes for column names that are often followed by free text ("Ich bin ...").
_PREFIXES: tuple[tuple[str, str], ...] = (("ich bin", "participant_group"),)

_NOT_CRITERIA = _keys(
    "Kommentar", "Bemerkung", "Anmerkung", "Begründung", "Comment", "Notes", "Notiz",
    "Handlungsfeld", "Themenfeld", "Field", "Kategorie", "Datum", "Date",
)


def contribution_target(name: object) -> str | None:
    """The schema column a table column maps to, or None (the column goes to ``extra``)."""
    key = normalise_header(name)
    if not key:
        return None
    for target, keys in CONTRIBUTION_SYNONYMS.items():
        if key in keys:
            return target
    for prefix, target in _PREFIXES:
        if key.startswith(prefix):
            return target
    return None


def rating_target(name: object) -> str | None:
    """The ratings column a table column maps to (measure, measure_id, rater), or None."""
    key = normalise_header(name)
    for target, keys in RATING_SYNONYMS.items():
        if key in keys:
            return target
    return None


def is_non_criterion(name: object) -> bool:
    """Whether a column of a ratings table is known not to be a criterion (comments)."""
    return normalise_header(name) in _NOT_CRITERIA


def header_score(row: Sequence[object]) -> int:
    """How many different known columns (contribution or rating) a row names."""
    targets = set()
    for cell in row:
        if cell is None or not str(cell).strip() or len(str(cell)) > 80:
            continue
        target = contribution_target(cell) or rating_target(cell)
        if target:
            targets.add(target)
    return len(targets)


def find_header(rows: Sequence[Sequence[object]]) -> int | None:
    """Index of the header row: the first of the first rows naming >= 2 known columns.

    A table with a single text-like column (``Idee``) or measure column is found as a
    fallback.

    Parameters
    ----------
    rows : sequence of sequences
        The first rows of a table (title lines may come before the header).

    Returns
    -------
    int or None
        The 0-based index of the header row, or None when there is no table.
    """
    limit = min(len(rows), MAX_HEADER_SCAN)
    for idx in range(limit):
        if header_score(rows[idx]) >= 2:
            return idx
    for idx in range(limit):
        cells = [c for c in rows[idx] if c is not None and str(c).strip()]
        if cells and any(
            contribution_target(c) in ("text", "title") or rating_target(c) == "measure"
            for c in cells
        ):
            return idx
    return None


@dataclass
class ColumnMap:
    """Which column index holds which schema column; the rest go to ``extra``.

    Columns in ``skip`` (personal data of a platform export, ``ignore`` in the config) are
    never copied anywhere.
    """

    targets: dict[str, int] = dc_field(default_factory=dict)
    extra: dict[int, str] = dc_field(default_factory=dict)
    names: dict[str, str] = dc_field(default_factory=dict)
    skip: frozenset[int] = frozenset()
    fallbacks: dict[str, list[int]] = dc_field(default_factory=dict)

    def get(self, row: Sequence[object], target: str) -> object:
        """The cell of ``target`` in ``row`` (None when the column is absent).

        When the cell is empty, the target's ``fallbacks`` (other locales of a
        translated column) are tried in order.
        """
        idx = self.targets.get(target)
        if idx is None or idx >= len(row):
            return None
        value = row[idx]
        if value is None or (isinstance(value, str) and not value.strip()):
            for other in self.fallbacks.get(target, ()):
                found = row[other] if other < len(row) else None
                if found is not None and str(found).strip():
                    return found
        return value


def map_contribution_columns(header: Sequence[object]) -> ColumnMap:
    """Map a header row to the contribution schema.

    The first column of each kind wins. Two text-like columns and no title column
    (``Idee | Beschreibung``) give title and text. Other columns go to ``extra``.
    """
    found: dict[str, list[int]] = {}
    for idx, name in enumerate(header):
        target = contribution_target(name)
        if target:
            found.setdefault(target, []).append(idx)
    result = ColumnMap()
    texts = found.get("text", [])
    if "title" not in found and len(texts) >= 2:
        found["title"] = [texts[0]]
        found["text"] = texts[1:]
    for target, indices in found.items():
        result.targets[target] = indices[0]
        result.names[target] = extra_name(header[indices[0]], indices[0])
    used = set(result.targets.values())
    for idx, name in enumerate(header):
        if idx not in used:
            result.extra[idx] = extra_name(name, idx)
    return result


def extra_name(name: object, idx: int) -> str:
    """The key of a column in ``extra``: its name as written, or ``Spalte <n>``."""
    text = "" if name is None else re.sub(r"\s+", " ", str(name)).strip()
    return text or f"Spalte {idx + 1}"
