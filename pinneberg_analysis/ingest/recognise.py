"""Columns recognised by their content when their names say nothing (or something ambiguous).

A table from a school workshop may call its field column ``Gruppe`` and its text column
``Was wir uns wünschen``. What the values look like decides: a column whose short values
nearly all name a field of action (``Verkehr``, ``Bildung``, ``Soziales``) is the field; the
column of the longest free text is the text, a shorter one the title; a single column of
small whole numbers the votes; dates, and unique short codes the file's own id. Every
decision comes back as one German line (``Spalte 'Gruppe' als Handlungsfeld erkannt: 24 von
24 Werten passen``) for the CLI and the report.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from pinneberg_analysis.ingest.columns import ColumnMap, extra_name, normalise_header
from pinneberg_analysis.ingest.values import cell_text, parse_date, parse_votes

LABELS = {
    "field": "Handlungsfeld", "text": "Text", "title": "Titel", "votes": "Stimmen",
    "date": "Datum", "source_id": "ID", "participant_group": "Gruppe", "round": "Runde",
    "section": "Abschnitt", "parent": "Bezug (Vorschlag)", "ignore": "nicht gelesen",
}
_SAMPLE = 2000
# Short codes like K1, B1441, ST-1, 2023-00042.
_CODE = re.compile(r"[A-Za-z]{0,4}[-_/.#]?\d[\d\-_/.]*[A-Za-z]?")
_FIELD_SHARE = 0.8
_ID_NAME = re.compile(r"(^|\s)(id|nr|nummer|no|key|ref|referenz|reference|code)(\s|$)|id$")


@dataclass
class _Column:
    idx: int
    name: str
    values: list[object]
    texts: list[str]

    @property
    def n(self) -> int:
        return len(self.texts)

    @property
    def mean_length(self) -> float:
        return statistics.fmean(len(t) for t in self.texts) if self.texts else 0.0

    @property
    def spaced(self) -> float:
        return sum(1 for t in self.texts if " " in t) / self.n if self.n else 0.0


def _columns(header: Sequence[str], body: Sequence[Sequence[object]]) -> list[_Column]:
    width = max([len(header), *(len(r) for r in body[:_SAMPLE])], default=0)
    out = []
    for idx in range(width):
        raw = [r[idx] for r in body[:_SAMPLE] if idx < len(r) and cell_text(r[idx])]
        out.append(_Column(idx, extra_name(header[idx] if idx < len(header) else None, idx),
                           raw, [cell_text(v) for v in raw]))
    return out


def _field_share(col: _Column, canon: Callable[[object], str | None]) -> int:
    """How many values name a field, or 0 when the column is not a short categorical one."""
    if not col.n or col.mean_length > 40 or max(len(t.split()) for t in col.texts) > 6:
        return 0
    if len(set(col.texts)) > max(12, col.n // 2):
        return 0
    return sum(1 for t in col.texts if canon(t))


def _is_number_column(col: _Column) -> bool:
    parsed = [parse_votes(v) for v in col.values]
    return bool(col.n) and all(ok and value is not None for value, ok in parsed)


def _is_sequence(col: _Column) -> bool:
    numbers = [parse_votes(v)[0] for v in col.values]
    if len(numbers) <= 2 or any(n is None for n in numbers):
        return False
    return all(b == a + 1 for a, b in zip(numbers, numbers[1:]))


def _is_date_column(col: _Column) -> bool:
    if not col.n or _is_number_column(col):
        return False
    hits = sum(1 for v in col.values if parse_date(v)[0] is not None)
    return hits >= _FIELD_SHARE * col.n


def _free_text(col: _Column) -> bool:
    return col.n > 0 and col.spaced >= 0.5 and col.mean_length >= 12 and not _is_date_column(col)


def _take_title(cols: list[_Column], text: _Column, mapped: set[int],
                canon: Callable[[object], str | None], take: Callable) -> None:
    """A shorter, mostly distinct, wordy column beside the text is its title."""
    best = None
    for col in cols:
        if col.idx in mapped or col.idx == text.idx or not col.n:
            continue
        letters = sum(ch.isalpha() for t in col.texts for ch in t) / max(1, sum(map(len, col.texts)))
        if (5 <= col.mean_length <= 0.6 * text.mean_length and letters >= 0.7
                and len(set(col.texts)) >= 0.8 * col.n and not _is_date_column(col)
                and _field_share(col, canon) < 0.5 * col.n
                and (best is None or col.mean_length > best.mean_length)):
            best = col
    if best is not None:
        take("title", best, f"kürzerer Text neben dem Text (Ø {best.mean_length:.0f} Zeichen)")


def recognise(
    header: Sequence[str],
    body: Sequence[Sequence[object]],
    cmap: ColumnMap,
    canon: Callable[[object], str | None],
    fixed: frozenset[str] = frozenset(),
    skip: frozenset[int] = frozenset(),
) -> list[str]:
    """Complete ``cmap`` from the columns' content; return what was decided, in German.

    Parameters
    ----------
    header : sequence of str
        The column names as written.
    body : sequence of rows
        The data rows (cells as read).
    cmap : ColumnMap
        The mapping by name; changed in place (a column taken for something else leaves
        ``extra``).
    canon : callable
        Field name as written -> canonical field or None.
    fixed : frozenset of str
        Targets set by ``[ingest.columns]`` or a platform adapter: not changed.
    skip : frozenset of int
        Columns never to consider (personal data, ignored by the config).

    Returns
    -------
    list of str
        One line per column taken by content.
    """
    cols = [c for c in _columns(header, body) if c.idx not in skip]
    n_rows = sum(1 for r in body if any(cell_text(c) for c in r))
    lines: list[str] = []

    def take(target: str, col: _Column, detail: str) -> None:
        for other, idx in list(cmap.targets.items()):
            if idx == col.idx:
                del cmap.targets[other]
                cmap.names.pop(other, None)
        old = cmap.targets.get(target)
        if old is not None:
            cmap.extra[old] = cmap.names.get(target, extra_name(None, old))
        cmap.targets[target] = col.idx
        cmap.names[target] = col.name
        cmap.extra.pop(col.idx, None)
        lines.append(f"Spalte {col.name!r} als {LABELS[target]} erkannt: {detail}")

    free = {"text", "title"}
    mapped = lambda: set(cmap.targets.values())  # noqa: E731 - changes as columns are taken

    if "field" not in fixed:
        current = cmap.targets.get("field")
        current_share = 0.0
        if current is not None:
            col = next((c for c in cols if c.idx == current), None)
            current_share = _field_share(col, canon) / col.n if col and col.n else 0.0
        if current is None or current_share < 0.5:
            best = None
            for col in cols:
                if col.idx == current or cmap.targets.get("text") == col.idx:
                    continue
                hits = _field_share(col, canon)
                if col.idx in cmap.targets.values() and len(
                        {canon(t) for t in col.texts} - {None}) < 2:
                    continue  # a group column of "Verwaltung" only stays a group
                if col.n and hits >= _FIELD_SHARE * col.n and (best is None or hits > best[0]):
                    best = (hits, col)
            if best is not None:
                take("field", best[1], f"{best[0]} von {best[1].n} Werten passen")
    if "title" in cmap.targets and "text" not in cmap.targets and "text" not in fixed:
        title = next((c for c in cols if c.idx == cmap.targets["title"]), None)
        longer = sorted((c for c in cols if c.idx not in mapped() and _free_text(c)
                         and title is not None and c.mean_length >= 1.5 * title.mean_length),
                        key=lambda c: (-c.mean_length, c.idx))
        if longer:
            take("text", longer[0], f"längerer freier Text neben dem Titel (Ø "
                 f"{longer[0].mean_length:.0f} Zeichen)")
    if not free & set(cmap.targets) and "text" not in fixed:
        texts = sorted((c for c in cols if c.idx not in mapped() and _free_text(c)),
                       key=lambda c: (-c.mean_length, c.idx))
        if texts:
            take("text", texts[0], f"längster freier Text (Ø {texts[0].mean_length:.0f} Zeichen)")
            if "title" not in fixed:
                _take_title(cols, texts[0], mapped(), canon, take)
    if "votes" not in cmap.targets and "votes" not in fixed:
        numbers = [c for c in cols if c.idx not in mapped() and _is_number_column(c)
                   and not _is_sequence(c) and c.n >= max(1, n_rows // 2)
                   and max(parse_votes(v)[0] or 0 for v in c.values) <= 100_000]
        if len(numbers) == 1:
            take("votes", numbers[0], f"{numbers[0].n} von {n_rows} Werten sind ganze Zahlen ≥ 0")
        elif len(numbers) > 1:
            names = ", ".join(repr(c.name) for c in numbers)
            lines.append(f"Mehrere Zahlenspalten ({names}): keine als Stimmen genommen; "
                         "festlegen mit [ingest.columns] \"NAME\" = \"votes\"")
    if "date" not in cmap.targets and "date" not in fixed:
        dates = [c for c in cols if c.idx not in mapped() and _is_date_column(c)]
        if dates:
            take("date", dates[0], f"{dates[0].n} Werte sind Daten")
    if "source_id" not in cmap.targets and "source_id" not in fixed:
        for col in cols:
            if col.idx in mapped() or not n_rows or col.n < n_rows:
                continue
            unique = len(set(col.texts)) == col.n and all(
                len(t) <= 24 and " " not in t for t in col.texts)
            named = bool(_ID_NAME.search(normalise_header(col.name)))
            codes = all(_CODE.fullmatch(t) for t in col.texts)
            if unique and (named or codes or _is_sequence(col)):
                take("source_id", col, f"{col.n} eindeutige Werte")
                break
    return lines
