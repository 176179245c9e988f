"""Polis conversations: ``comments.csv`` of the data export.

Columns ``timestamp, datetime, comment-id, author-id, agrees, disagrees, moderated,
comment-body``. A comment with ``moderated = -1`` was hidden by the moderators: it is
listed as rejected with that reason. ``author-id`` is a participant's pseudonym: never copied.
"""

from __future__ import annotations

import datetime as dt

from pinneberg_analysis.ingest.platforms.base import COMMON_PERSONAL, Platform
from pinneberg_analysis.ingest.records import FileRead, Item, ReadOptions, Rejection

MODERATED_OUT = "von der Moderation ausgeblendet (moderated = -1)"


def _finish(items: list[Item], read: FileRead, options: ReadOptions) -> list[Item]:
    for item in items:
        if item.extra.get("moderated", "").strip() == "-1" and item.reject is None:
            item.reject = Rejection(
                MODERATED_OUT,
                "nichts zu tun: die Moderation hat diesen Kommentar in Polis ausgeblendet; "
                "wer ihn trotzdem auswerten will, setzt 'moderated' auf 0.",
                "moderated", "-1")
        stamp = item.extra.get("timestamp", "")
        if item.date is None and stamp.isdigit():
            seconds = int(stamp) / (1000 if len(stamp) > 11 else 1)
            item.date = dt.datetime.fromtimestamp(seconds, tz=dt.timezone.utc).date()
    return items


COMMENTS = Platform(
    name="polis",
    label="Polis (comments.csv)",
    signature=("comment id", "comment body", "agrees", "disagrees", "moderated", "author id"),
    min_signature=3,
    columns={
        "text": ("comment body",),
        "votes": ("agrees",),
        "source_id": ("comment id",),
    },
    personal=(*COMMON_PERSONAL, "author id"),
    finish=_finish,
    own=("date",),
    description="Kommentare (comments.csv): Text, Zustimmungen (agrees) als Stimmen, "
    "Ablehnungen als Zusatzangabe, Datum; ausgeblendete Kommentare (moderated = -1) "
    "werden mit diesem Grund abgelehnt.",
)

PLATFORMS = (COMMENTS,)
