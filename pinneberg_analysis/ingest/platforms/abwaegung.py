"""Abwägungstabelle (XLSX) of DEMOS-plan-based platforms, as used by state portals.

Each statement (Stellungnahme) is repeated once per tag (Schlagwort): the rows of one
statement are merged back into one contribution whose locator lists every source row (the
merge is noted for the file). The first tag that names a field of action is the field.
Name, e-mail, street, postcode and town of the person who submitted it are never copied.
"""

from __future__ import annotations

from pinneberg_analysis.ingest.ids import normalise_text
from pinneberg_analysis.ingest.platforms.base import COMMON_PERSONAL, Platform
from pinneberg_analysis.ingest.records import FileRead, Item, ReadOptions

_TAGS = "Schlagworte"


def _merge(items: list[Item], read: FileRead, options: ReadOptions) -> list[Item]:
    groups: dict[tuple[str, str], list[Item]] = {}
    order: list[tuple[str, str]] = []
    kept: list[Item] = []
    for item in items:
        if item.reject is not None or not (item.text or item.title):
            kept.append(item)
            continue
        key = (("id", item.source_id) if item.source_id
               else ("text", normalise_text(item.title + " " + item.text)))
        if key not in groups:
            groups[key] = []
            order.append(key)
            kept.append(item)
        groups[key].append(item)
    merged_rows = 0
    for key in order:
        rows = groups[key]
        first = rows[0]
        tags = list(dict.fromkeys(r.field for r in rows if r.field))
        if tags:
            first.field = next((t for t in tags if options.canon(t)), tags[0])
            first.extra[_TAGS] = "; ".join(tags)
        votes = [r.votes for r in rows if r.votes is not None]
        if votes:
            first.votes = max(votes)
        if len(rows) > 1:
            merged_rows += len(rows) - 1
            numbers = ", ".join(r.row or "?" for r in rows)
            first.locator = f"{first.locator.rsplit('Zeile', 1)[0]}Zeilen {numbers}"
            first.row = numbers
    if merged_rows:
        n_items = len(order)
        line = (f"{merged_rows + n_items} Zeilen zu {n_items} Stellungnahmen zusammengeführt "
                "(je Schlagwort eine Zeile; die Fundstelle nennt alle Zeilen)")
        read.notes.append(line)
        read.recognised.append(line)
    return kept


STATEMENTS = Platform(
    name="abwaegung",
    label="Abwägungstabelle (DEMOS-plan)",
    signature=(r"stellungnahme", r"abwagung|abwagungsvorschlag|erwiderung|votum",
               r"schlagworte?|schlagwort namen?|tags?", r"eingangsdatum|einreichungsdatum",
               r"einreicher( in)?|verfasser( in)?", r"plz|postleitzahl", r"stellungnahme ?(id|nr)|"
               r"eingangsnummer|vorgangsnummer"),
    min_signature=3,
    columns={
        "text": (r"stellungnahme", r"text der stellungnahme|stellungnahmetext|stellungnahme text",
                 r"inhalt|einwendung"),
        "field": (r"schlagworte?|schlagwort namen?|tags?|tag namen?", r"themen?|thema|kategorie"),
        "votes": (r"votes|anzahl votes|mitzeichnungen|anzahl mitzeichnungen|unterstutzungen|"
                  r"anzahl der mitzeichnungen|stimmen",),
        "date": (r"eingangsdatum|einreichungsdatum|eingereicht am|datum der stellungnahme",
                 "datum"),
        "source_id": (r"stellungnahme ?(id|nr)|eingangsnummer|vorgangsnummer", "id", "nr"),
    },
    personal=(*COMMON_PERSONAL, r"ort|wohnort|stadt|town|city", r"einreicher( in)?.*",
              r"verfasser( in)?.*", r"hausnr"),
    finish=_merge,
    description="Stellungnahmen (XLSX): Text, Schlagworte (das erste, das ein Handlungsfeld "
    "nennt, ist das Feld), Stimmen, Eingangsdatum, ID; je Schlagwort wiederholte Zeilen werden "
    "zu einer Stellungnahme zusammengeführt.",
)

PLATFORMS = (STATEMENTS,)
