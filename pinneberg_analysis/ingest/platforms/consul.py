"""CONSUL Democracy: budget investments (CSV, English or German headers) and the
proposals/comments JSON dump.

The budget-investment CSV of the admin area has ``ID, Title, Supports, Administrator,
Valuator, Valuation Group, Scope of operation, Feasibility, Val. Fin., Selected, Show to
valuators, Author username`` (German: ``Titel, Unterstützungen, Durchführbarkeit, ...``);
the names of administrators, valuators and authors are never copied. The JSON dump has
``id, title, summary, description`` and vote counters (``cached_votes_up``).
"""

from __future__ import annotations

from pinneberg_analysis.ingest.platforms.base import COMMON_PERSONAL, Platform, strip_html

_PERSONAL = (*COMMON_PERSONAL, r"administrator(in)?", r"valuators?", r"begutachter( in)?(nen)?",
             r"bewerter( in)?(nen)?", r"author username|benutzername des autors|autor",
             r"author id|user id", r"responsible name")


def _clean(text: str) -> str:
    return strip_html(text)


INVESTMENTS = Platform(
    name="consul",
    label="CONSUL (Bürgerhaushalt)",
    signature=(r"supports|unterstutzungen?", r"feasibility|durchfuhrbarkeit",
               r"valuation group|begutachtungsgruppe|bewertungsgruppe",
               r"scope of operation|geozone|gebiet|einsatzbereich",
               r"val fin|valuation finished|begutachtung abgeschlossen",
               r"selected|ausgewahlt", r"show to valuators|fur begutachter sichtbar",
               r"administrator(in)?", r"valuators?|begutachter( in)?"),
    min_signature=3,
    columns={
        "title": ("title", "titel"),
        "text": ("description", "beschreibung"),
        "votes": (r"supports|unterstutzungen?",),
        "source_id": ("id",),
        "date": ("created at", "erstellt am", "erstellt"),
        "field": ("heading", "category", "kategorie", "tag list"),
    },
    personal=_PERSONAL,
    clean=_clean,
    description="Bürgerhaushalts-Vorschläge (CSV): ID, Titel, Beschreibung, "
    "Unterstützungen; Durchführbarkeit, Gebiet, Auswahl als Zusatzangaben.",
)

DUMP = Platform(
    name="consul:json",
    label="CONSUL (Vorschläge, JSON)",
    signature=("summary", "description", "cached votes up", "cached votes total",
               "comments count", "retired at", "tag list", "responsible name"),
    min_signature=2,
    columns={
        "title": ("title",),
        "text": ("description", "summary"),
        "votes": ("cached votes up", "cached votes total", "total votes", "votes"),
        "date": ("published at", "created at"),
        "source_id": ("id",),
        "field": ("tag list", "category", "categories"),
    },
    personal=_PERSONAL,
    clean=_clean,
    description="Vorschläge (JSON-Dump): id, Titel, Beschreibung (sonst Zusammenfassung), "
    "Unterstützungen (cached_votes_up), Datum; die Zusammenfassung als Zusatzangabe.",
)

COMMENTS = Platform(
    name="consul:comments",
    label="CONSUL (Kommentare)",
    signature=("commentable id", "commentable type", "body", "cached votes up", "ancestry"),
    min_signature=3,
    columns={
        "text": ("body",),
        "votes": ("cached votes up",),
        "date": ("created at",),
        "source_id": ("id",),
        "parent": ("commentable id",),
    },
    personal=_PERSONAL,
    clean=_clean,
    section="other",
    description="Kommentare (JSON-Dump): Text, Datum, Zustimmungen, verknüpft mit dem "
    "Vorschlag (commentable_id).",
)

PLATFORMS = (INVESTMENTS, DUMP, COMMENTS)
