"""Whiteboards (Miro): sticky notes from a CSV export or the REST API's JSON (``/items``).

Less documented than the other platforms: Miro has no fixed export schema for boards, so
this reader is tolerant. A CSV with a content column (``Content``/``Text``) and a frame
column (``Frame``/``Frame title``/``Parent``) is read one note per row; a CSV forced with
``--format miro`` that has neither is read one note per cell, the column title naming the
frame. The API's JSON (``{"data": [{"type": "sticky_note", "data": {"content": "<p>…</p>"},
"parent": {"id": …}}, {"type": "frame", "data": {"title": …}}]}``) is turned into such rows.
Content is HTML: tags are stripped. A frame (or column) title that names a field of action
is the field; any other title is the question the note answers (its section and a hint
for the field). ``createdBy``/``modifiedBy`` and author columns are never copied.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from pinneberg_analysis.ingest.platforms.base import COMMON_PERSONAL, Platform, strip_html
from pinneberg_analysis.ingest.records import FileRead, Item, ReadOptions
from pinneberg_analysis.ingest.values import section_of

FRAME = "Frame"
_NOTE_TYPES = {"sticky_note", "text", "card", "shape", "app_card"}


def _finish(items: list[Item], read: FileRead, options: ReadOptions) -> list[Item]:
    for item in items:
        frame = item.field or ""
        if frame and not options.canon(frame):
            item.field = None
            item.context_fields = (frame, *item.context_fields)
            item.section = section_of(frame) or "other"
            item.extra["Frage"] = frame
    return items


def unpivot(header: Sequence[str], body: Sequence[tuple[int, list[object]]]) -> tuple[
    list[str], list[tuple[int, list[object]]]
]:
    """One note per non-empty cell: ``(Frame, Content)`` rows from a board table."""
    rows: list[tuple[int, list[object]]] = []
    for number, cells in body:
        for idx, cell in enumerate(cells):
            if cell is not None and str(cell).strip() and idx < len(header):
                rows.append((number, [header[idx] or f"Spalte {idx + 1}", cell]))
    return [FRAME, "Content"], rows


def api_rows(data: Any) -> tuple[list[str], list[tuple[int, list[object]]]] | None:
    """Rows ``Frame, Type, ID, Created, Content`` from the REST API's items JSON, or None."""
    items = data.get("data") if isinstance(data, Mapping) else data
    if not isinstance(items, list) or not items or not all(isinstance(i, Mapping) for i in items):
        return None
    if not any("type" in i and isinstance(i.get("data"), Mapping) for i in items):
        return None
    frames = {str(i.get("id")): str((i.get("data") or {}).get("title") or "")
              for i in items if i.get("type") == "frame"}
    rows: list[tuple[int, list[object]]] = []
    for number, item in enumerate(items, start=1):
        if item.get("type") not in _NOTE_TYPES:
            continue
        content = item.get("data") or {}
        text = " ".join(str(content.get(k) or "") for k in ("title", "content", "description")
                        if content.get(k))
        parent = item.get("parent") or {}
        frame = frames.get(str(parent.get("id")), "") if isinstance(parent, Mapping) else ""
        rows.append((number, [frame, item.get("type"), str(item.get("id") or ""),
                              str(item.get("createdAt") or ""), text]))
    return [FRAME, "Type", "ID", "Created", "Content"], rows


BOARD = Platform(
    name="miro",
    label="Miro (Whiteboard)",
    signature=(r"content|inhalt", r"frame|frame title|frame name|parent|rahmen",
               r"sticky ?note|type|shape|color|farbe"),
    min_signature=2,
    columns={
        "text": (r"content|inhalt|text|note|notiz",),
        "field": (r"frame|frame title|frame name|rahmen|parent|column|spalte",),
        "date": (r"created|created at|erstellt",),
        "source_id": ("id", "item id"),
    },
    personal=(*COMMON_PERSONAL, r"created by( .*)?|modified by( .*)?|erstellt von"),
    clean=strip_html,
    finish=_finish,
    section="other",
    description="Haftnotizen (CSV oder REST-API-JSON; wenig dokumentiert, daher tolerant): "
    "Text ohne HTML, Rahmen- bzw. Spaltentitel als Handlungsfeld oder Frage.",
)

PLATFORMS = (BOARD,)
