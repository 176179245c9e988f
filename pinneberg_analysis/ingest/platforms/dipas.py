"""DIPAS (Digitales Partizipationssystem, Hamburg and others): contributions and comments CSV.

The contributions export is ``;``-separated UTF-8 with a byte-order mark: ``Node ID,
Category, Rubric, Created (UTC), Rating, Total votes, Upvotes, Downvotes, Comments, Title,
Contributiontext, Location, ...``. The category is the field (mapped through
``[fields.aliases]``); upvotes count as support. The comments export links each comment to
its contribution's node id.
"""

from __future__ import annotations

from pinneberg_analysis.ingest.platforms.base import COMMON_PERSONAL, Platform, strip_html

CONTRIBUTIONS = Platform(
    name="dipas",
    label="DIPAS (Beiträge)",
    signature=("node id", "contributiontext", "rubric", r"created utc", "total votes",
               "upvotes", "downvotes", "rating"),
    min_signature=3,
    columns={
        "title": ("title", "titel"),
        "text": ("contributiontext", "contribution text", "beitragstext"),
        "field": ("category", "kategorie"),
        "votes": ("upvotes", "total votes"),
        "date": (r"created utc", "created"),
        "source_id": ("node id",),
        "section": ("rubric", "rubrik"),
    },
    personal=COMMON_PERSONAL,
    clean=strip_html,
    description="Beiträge (CSV): Node ID, Titel, Beitragstext, Kategorie als Handlungsfeld, "
    "Rubrik, Upvotes als Stimmen, Erstellt (UTC); Downvotes, Bewertung, Ort als Zusatzangaben.",
)

COMMENTS = Platform(
    name="dipas:comments",
    label="DIPAS (Kommentare)",
    signature=(r"comment id|kommentar id", r"commenttext|comment text|comment|kommentar",
               r"contribution id|contribution node id|node id|beitrag id", r"created utc",
               r"contribution title|beitragstitel"),
    min_signature=3,
    columns={
        "text": (r"commenttext|comment text|comment|kommentar",),
        "date": (r"created utc", "created"),
        "source_id": (r"comment id|kommentar id", "cid"),
        "parent": (r"contribution id|contribution node id|node id|beitrag id",),
    },
    personal=COMMON_PERSONAL,
    clean=strip_html,
    section="other",
    description="Kommentare (CSV): Text, Datum, verknüpft mit dem Beitrag (Node ID), dessen "
    "Handlungsfeld sie übernehmen.",
)

PLATFORMS = (CONTRIBUTIONS, COMMENTS)
