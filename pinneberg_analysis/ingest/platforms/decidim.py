"""Decidim proposals and their comments (CSV ``;``/``,``, JSON, XLSX, open-data ZIP).

Column names as the ``ProposalSerializer`` / ``CommentSerializer`` write them: nested keys
joined with ``/``, translated ones with a locale suffix (``title/de``, ``body/de``). 0.27 has
``category/name/<locale>``, ``supports`` and ``endorsements/total_count``; 0.28+
``taxonomies/...``, ``votes`` and ``likes/total_count``. Decidim protects cells that start
with ``=``, ``+``, ``-`` or ``@`` with a leading apostrophe, which is undone here. ``author/*``
columns are personal data and never copied.
"""

from __future__ import annotations

import re

from pinneberg_analysis.ingest.platforms.base import (
    COMMON_PERSONAL,
    Platform,
    localised,
    strip_html,
)
from pinneberg_analysis.ingest.records import FileRead, Item, ReadOptions

_PERSONAL = (*COMMON_PERSONAL, r"author( .*)?", r"user group( .*)?")
_ALIGNMENT = {"1": "dafür", "-1": "dagegen", "0": "neutral"}


def unprotect(text: str) -> str:
    """Undo Decidim's protective apostrophe before ``=``, ``+``, ``-`` or ``@``.

    Examples
    --------
    >>> unprotect("'=Mehr Bänke"), unprotect("'-5 Grad"), unprotect("'Ne Idee")
    ('=Mehr Bänke', '-5 Grad', "'Ne Idee")
    """
    if len(text) > 1 and text[0] == "'" and text[1] in "=+-@":
        return text[1:]
    return text


def _clean(text: str) -> str:
    """Undo the protective apostrophe and strip the HTML of Decidim's rich text."""
    return strip_html(unprotect(text))


def _link_comments(items: list[Item], read: FileRead, options: ReadOptions) -> list[Item]:
    for item in items:
        url = item.extra.get("root_commentable_url", "")
        found = re.search(r"/proposals/(\d+)", url)
        if found:
            item.parent_ref = found.group(1)
        elif "Proposal" in item.extra.get("commentable_type", ""):
            item.parent_ref = item.extra.get("commentable_id") or None
        alignment = item.extra.get("alignment")
        if alignment in _ALIGNMENT:
            item.extra["Haltung"] = _ALIGNMENT[alignment]
        item.extra.setdefault("Art", "Kommentar")
    return items


PROPOSALS = Platform(
    name="decidim",
    label="Decidim (Vorschläge)",
    signature=(r"title [a-z]{2}(?: [a-z]{2})?", r"body [a-z]{2}(?: [a-z]{2})?", "reference",
               "supports|votes", r"endorsements total count|likes total count",
               r"category name [a-z]{2}|taxonomies.*", "published at", "state",
               "participatory space id|participatory space url", "component id"),
    min_signature=3,
    columns={
        "title": localised("title"),
        "text": localised("body"),
        "field": (*localised("category name"), r"taxonomies name de", r"taxonomies .*name de",
                  r"taxonomies .*name [a-z]{2}", *localised("scope name")),
        "votes": ("supports", "votes", "proposal votes count", "votes count"),
        "date": ("published at", "created at"),
        "source_id": ("id",),
    },
    personal=_PERSONAL,
    clean=_clean,
    description="Vorschläge: Titel, Text (deutsch, sonst eine vorhandene Sprache), "
    "Kategorie bzw. Taxonomie als Handlungsfeld, Unterstützungen (supports/votes), "
    "Veröffentlichungsdatum, id; Status, Referenz, Antwort, Adresse u. a. als Zusatzangaben.",
)

COMMENTS = Platform(
    name="decidim:comments",
    label="Decidim (Kommentare)",
    signature=("commentable id", "commentable type", "root commentable url", "alignment",
               "depth", r"body [a-z]{2}"),
    min_signature=3,
    columns={
        "text": (*localised("body"),),
        "date": ("created at",),
        "source_id": ("id",),
        "votes": ("up votes", "upvotes"),
    },
    personal=_PERSONAL,
    clean=_clean,
    finish=_link_comments,
    section="other",
    description="Kommentare: Text, Datum, Haltung (alignment), verknüpft mit dem Vorschlag "
    "(root_commentable_url), dessen Handlungsfeld sie übernehmen.",
)

PLATFORMS = (PROPOSALS, COMMENTS)
