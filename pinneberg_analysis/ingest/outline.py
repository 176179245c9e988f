"""The shared core of the notes readers: headings give context, list items give rows.

A heading sets, for everything below it, the field, the round, the date and the section
(``challenge``, ``idea`` or ``other``). A deeper heading inherits what it does not name;
a heading at the same level replaces the one before. Top-level list items are
contributions; deeper items are appended to their parent's text, joined by ``"; "``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field as dc_field

from pinneberg_analysis.ingest.records import NO_ITEM_TEXT, FileRead, Item, Rejection
from pinneberg_analysis.ingest.values import find_date, find_round, section_of

ITEM = re.compile(
    r"^(?P<indent>[ \t]*)(?:(?P<bullet>[-*+\u2013])[ \t]+|(?P<dot>[\u2022\u00b7\u25aa\u25e6"
    r"\u2023\u25cf\u25a0\u25a1\u2043])[ \t]*|(?P<num>\d{1,3}[.)]|[a-z]\))[ \t]+)(?P<text>\S.*)$"
)
_ROUND_HEADING = re.compile(r"(runde|round)\b", re.I)


def match_item(line: str) -> re.Match[str] | None:
    """The list-item match of a line; ``2. Runde ...`` is a heading, not an item."""
    match = ITEM.match(line)
    if match and match.group("num") and _ROUND_HEADING.match(match.group("text")):
        return None
    return match


RULE = re.compile(r"^\s*([-*_=])(\s*\1){2,}\s*$")
_CHECKBOX = re.compile(r"^\[[ xX]\]\s+")

# Vote markers at the end of an item: (+3), [3 Punkte], 3 Punkte, 3x, ●●●.
_UNITS = r"(?:klebepunkte?|punkte?|pkt\.?|stimmen?|votes?|likes?|dots?)"
_VOTE_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\(\s*\+\s*(\d{1,6})\s*\)\s*$"), "num"),
    (re.compile(rf"[\[(]\s*(\d{{1,6}})\s*(?:{_UNITS}|x)\s*[\])]\s*$", re.I), "num"),
    (re.compile(rf"(?:^|(?<=\s))(\d{{1,6}})\s*{_UNITS}\s*$", re.I), "num"),
    (re.compile(r"(?:^|(?<=\s))(\d{1,6})\s*[x\u00d7]\s*$"), "num"),
    (re.compile(r"(?:^|(?<=\s))\+(\d{1,6})\s*$"), "num"),
    (re.compile(r"(?:^|(?<=\s))((?:[\u25cf\u2022\u2b24\u26ab\u25c9]\s*)+)$"), "dots"),
)
_LEADING_VOTES = re.compile(r"^\(\s*\+\s*(\d{1,6})\s*\)\s+")


def extract_votes(text: str) -> tuple[str, int | None]:
    """Remove a vote marker from the end of an item and return the votes.

    Examples
    --------
    >>> extract_votes("Radboxen am Bahnhof (+4)")
    ('Radboxen am Bahnhof', 4)
    >>> extract_votes("Coworking im Kaufhaus? [3 Punkte]")
    ('Coworking im Kaufhaus?', 3)
    >>> extract_votes("Infoscreens am ZOB \u25cf\u25cf\u25cf")
    ('Infoscreens am ZOB', 3)
    >>> extract_votes("Tempo 30 in 3 Straßen")
    ('Tempo 30 in 3 Straßen', None)
    """
    text = text.strip()
    for pattern, how in _VOTE_PATTERNS:
        match = pattern.search(text)
        if match:
            raw = match.group(1)
            votes = sum(1 for ch in raw if not ch.isspace()) if how == "dots" else int(raw)
            rest = text[: match.start()].rstrip(" \t-\u2013\u2014:|,;")
            return rest, votes
    match = _LEADING_VOTES.match(text)
    if match:
        return text[match.end():].strip(), int(match.group(1))
    return text, None


def clean_inline(text: str) -> str:
    """Strip Markdown emphasis, code marks, links and HTML tags; collapse spaces."""
    text = re.sub(r"!?\[([^\]\n]*)\]\([^)\n]*\)", r"\1", text)
    text = re.sub(r"<[^<>\n]{1,200}>", " ", text)
    text = text.replace("**", "").replace("__", "").replace("`", "")
    text = _CHECKBOX.sub("", text)
    return re.sub(r"\s+", " ", text).strip()


def looks_like_heading(text: str) -> bool:
    """A line that is no list item but works as a heading: ``Ideen:``, ``IDEEN``, ``**Ideen**``."""
    stripped = text.strip()
    if not stripped or len(stripped) > 80:
        return False
    if re.fullmatch(r"(\*\*|__)[^*_]+(\*\*|__):?", stripped):
        return True
    words = stripped.rstrip(":").split()
    if stripped.endswith(":") and len(words) <= 6:
        return True
    letters = [c for c in stripped if c.isalpha()]
    if len(letters) >= 4 and all(c.isupper() for c in letters) and len(words) <= 6:
        return True
    return section_of(stripped) is not None and len(words) <= 3


@dataclass
class _Heading:
    field: str | None
    round: int | None
    date: dt.date | None
    section: str | None


@dataclass
class _Open:
    item: Item
    indent: int
    own: list[str] = dc_field(default_factory=list)
    nested: list[list[str]] = dc_field(default_factory=list)


class OutlineBuilder:
    """Collects headings and list items of one notes file into :class:`Item` rows.

    Parameters
    ----------
    canon : callable
        Field name as written -> canonical field or None.
    file_stem : str
        The file name without extension (a fallback for field and round).
    """

    def __init__(self, canon: Callable[[object], str | None], file_stem: str) -> None:
        self._canon = canon
        self._stem = file_stem
        self._levels: dict[int, _Heading] = {}
        self._open: _Open | None = None
        self._preamble_date: dt.date | None = None
        self._seen_item = False
        self.real_level = 0
        self.items: list[Item] = []
        self.notes: list[str] = []
        self.ignored = 0

    # -- context ---------------------------------------------------------------------
    def heading(self, text: str, level: int, *, real: bool = True) -> None:
        """A heading at ``level`` (0 = title, 1 = top); closes the open item.

        ``real`` headings (Markdown ``#``, Word heading styles) set the level that
        headings without one (``Ideen:`` lines) are placed below.
        """
        self.close()
        if real:
            self.real_level = level
        text = clean_inline(text).rstrip(":").strip()
        self._levels = {lv: h for lv, h in self._levels.items() if lv < level}
        self._levels[level] = _Heading(
            field=self._canon(text), round=find_round(text), date=find_date(text),
            section=section_of(text),
        )

    def pseudo_level(self) -> int:
        """The level of a heading without a level of its own (``Ideen:`` lines)."""
        return self.real_level + 1

    def _context(self) -> _Heading:
        merged = _Heading(None, None, None, None)
        for level in sorted(self._levels):
            h = self._levels[level]
            merged = _Heading(
                h.field or merged.field, h.round or merged.round, h.date or merged.date,
                h.section or merged.section,
            )
        return merged

    def plain(self, text: str, *, continues: bool) -> None:
        """A line that is neither heading nor item: continues the open item, or is ignored."""
        text = clean_inline(text)
        if not text:
            return
        if continues and self._open is not None:
            (self._open.nested[-1] if self._open.nested else self._open.own).append(text)
            return
        self.close()
        if not self._seen_item and self._preamble_date is None:
            self._preamble_date = find_date(text)
        self.ignored += 1

    # -- items -----------------------------------------------------------------------
    def item(self, text: str, indent: int, locator: str, row: str) -> None:
        """A list item; deeper than the open item -> nested into it."""
        text = clean_inline(text)
        if self._open is not None and indent > self._open.indent:
            if text:
                self._open.nested.append([text])
            return
        self.close()
        self._seen_item = True
        ctx = self._context()
        item = Item(
            locator=locator,
            row=row,
            context_fields=tuple(f for f in (ctx.field, self._stem) if f),
            round=ctx.round or find_round(self._stem),
            date=ctx.date or self._preamble_date,
            section=ctx.section or "other",
        )
        self._open = _Open(item, indent, [text])

    def row(self, item: Item, *, section_hint: str | None = None) -> None:
        """A finished row from a table inside the notes (it takes the current context)."""
        self.close()
        self._seen_item = True
        ctx = self._context()
        item.context_fields = tuple(f for f in (ctx.field, self._stem) if f)
        item.round = item.round or ctx.round or find_round(self._stem)
        item.date = item.date or ctx.date or self._preamble_date
        item.section = section_hint or ctx.section or "other"
        self.items.append(item)

    def close(self) -> None:
        """Finish the open item (vote markers come off its own text, not the nested ones)."""
        if self._open is None:
            return
        opened, self._open = self._open, None
        item = opened.item
        own, votes = extract_votes(" ".join(opened.own))
        nested = [" ".join(parts) for parts in opened.nested]
        item.text = "; ".join([own, *nested]) if own else ""
        item.votes = votes
        if not own:
            item.reject = Rejection(
                NO_ITEM_TEXT, "die Idee hinter den Aufzählungspunkt schreiben oder den leeren Punkt löschen."
            )
        self.items.append(item)

    def finish(self, kind: str) -> FileRead:
        """All rows of the file."""
        self.close()
        read = FileRead(kind=kind, items=self.items, notes=list(self.notes), is_notes=True)
        if self.ignored:
            read.notes.append(
                f"{self.ignored} Zeile(n), die weder Überschrift noch Listenpunkt sind, wurden "
                "nicht als Beiträge gelesen"
            )
        if not self.items:
            read.notes.append(
                "keine Listenpunkte gefunden (Beiträge sind Aufzählungs- oder Nummernpunkte)"
            )
        return read
