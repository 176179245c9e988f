"""Tables: CSV (any common encoding and delimiter) and XLSX (every sheet).

A header row is searched below title lines; columns are mapped by their German or English
names (:mod:`.columns`), unknown columns go to ``extra``. A table whose header names a
measure and a rater (or whose file is named like a rating) is read as expert ratings.
"""

from __future__ import annotations

import contextlib
import csv
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from pinneberg_analysis.core.errors import InputError
from pinneberg_analysis.core.fields import canonical_group
from pinneberg_analysis.core.progress import track
from pinneberg_analysis.ingest.columns import ColumnMap, header_score
from pinneberg_analysis.ingest.detect import check_size, check_zip, decode_text, read_bytes
from pinneberg_analysis.ingest.layout import locate_header, plan_columns
from pinneberg_analysis.ingest.platforms import detect_platform
from pinneberg_analysis.ingest.platforms.miro import unpivot
from pinneberg_analysis.ingest.ratings import is_ratings_header, read_ratings
from pinneberg_analysis.ingest.records import EMPTY_ROW, FileRead, Item, ReadOptions, Rejection
from pinneberg_analysis.ingest.values import (
    cell_text,
    parse_date,
    parse_round,
    parse_votes,
    section_of,
)

Row = tuple[int, list[object]]
_DELIMITERS = (";", ",", "\t", "|")
_SNIFF_LINES = 60
_PROGRESS_EVERY = 2000  # rows between progress reports
# one physical line with its ending, split like io.StringIO(newline=""): \r\n, \r or \n
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")


@contextlib.contextmanager
def _field_limit(limit: int) -> Iterator[None]:
    """Raise the csv module's field size limit for one read (it is process-wide)."""
    old = csv.field_size_limit()
    csv.field_size_limit(max(old, min(limit, sys.maxsize, 2**31 - 1)))
    try:
        yield
    finally:
        csv.field_size_limit(old)


def _records(text: str, delimiter: str, limit: int | None = None) -> list[Row]:
    """Parse CSV text into (first physical line, cells) records."""
    # line by line from the text: io.StringIO would copy the whole text as 4 bytes a character
    reader = csv.reader((m.group() for m in _LINE.finditer(text)), delimiter=delimiter)
    out: list[Row] = []
    last = 0
    for cells in reader:
        out.append((last + 1, list(cells)))
        last = reader.line_num
        if limit is not None and len(out) >= limit:
            break
    return out


def sniff_delimiter(text: str, preferred: str | None = None) -> str:
    """The delimiter whose parse of the first lines gives the best header row.

    Examples
    --------
    >>> sniff_delimiter("Titel;Beschreibung;Datum\\nA;B, C;01.05.2022\\n")
    ';'
    >>> sniff_delimiter("Title,Description\\nA,B\\n")
    ','
    """
    head = _head(text, _SNIFF_LINES)
    best: tuple[tuple[int, int, int], str] | None = None
    for delimiter in _DELIMITERS:
        try:
            rows = [cells for _, cells in _records(head, delimiter, _SNIFF_LINES)]
        except csv.Error:
            continue
        widths = [len(r) for r in rows if len(r) > 1]
        modal = max(set(widths), key=widths.count) if widths else 1
        consistent = sum(1 for w in widths if w == modal)
        score = max((header_score(r) for r in rows[:30]), default=0)
        key = (score, int(delimiter == preferred), consistent * (modal > 1))
        if best is None or key > best[0]:
            best = (key, delimiter)
    return best[1] if best else ";"


def _head(text: str, lines: int) -> str:
    """The first ``lines`` lines of ``text``, without splitting the whole text.

    Examples
    --------
    >>> _head("a\\nb\\nc\\n", 2)
    'a\\nb'
    """
    end = -1
    for _ in range(lines):
        end = text.find("\n", end + 1)
        if end < 0:
            return text
    return text[:end]


def read_csv(path: Path, name: str, options: ReadOptions) -> FileRead:
    """Read a CSV file (see the module docstring)."""
    read = FileRead(kind="csv")
    # decoded at once: the bytes are freed before the text is parsed
    text, encoding = decode_text(read_bytes(path, name, options.max_bytes), name)
    _read_csv_text(text, encoding, name, read, options,
                   tab=path.suffix.lower() in (".tsv", ".tab"))
    return read


def read_csv_into(
    data: bytes, name: str, read: FileRead, options: ReadOptions, *, tab: bool = False,
    member: str = "",
) -> None:
    """Read the bytes of a CSV table into ``read`` (``member``: its name inside an archive).

    Raises
    ------
    InputError
        When the bytes are no CSV table with a recognisable header.
    """
    text, encoding = decode_text(data, name)
    _read_csv_text(text, encoding, name, read, options, tab=tab, member=member)


def _read_csv_text(
    text: str, encoding: str, name: str, read: FileRead, options: ReadOptions, *,
    tab: bool = False, member: str = "",
) -> None:
    """Parse decoded CSV text into ``read`` (see :func:`read_csv_into`)."""
    delimiter = sniff_delimiter(text, "\t" if tab else None)
    try:
        with _field_limit(options.max_bytes):
            records = _records(text, delimiter)
    except csv.Error as exc:
        raise InputError(
            f"erwartet war eine CSV-Tabelle, aber sie lässt sich nicht zerlegen: {exc}",
            file=name,
            hint="sie in einem Tabellenprogramm öffnen und erneut als CSV speichern.",
        ) from exc
    names = {";": "Semikolon", ",": "Komma", "\t": "Tabulator", "|": "senkrechter Strich"}
    read.notes.append(f"{member + ': ' if member else ''}{encoding}, "
                      f"getrennt durch {names[delimiter]}")
    if member:
        found = read_table(records, read, options, locate=lambda n: f"{member}, Zeile {n}",
                           context=(Path(member).stem, Path(name).stem), where=member)
    else:
        found = read_table(records, read, options, locate=lambda n: f"Zeile {n}",
                           context=(Path(name).stem,), where="")
    if not found:
        raise InputError(
            "erwartet war eine Tabelle mit einer Kopfzeile, die mindestens zwei bekannte Spalten "
            "nennt (z. B. Titel, Beschreibung, Handlungsfeld, Datum), aber in den ersten 30 "
            "Zeilen" + (f" von {member}" if member else "") + " gibt es keine",
            file=name,
            hint="eine Kopfzeile über die Daten setzen, z. B. 'Titel; Beschreibung; Handlungsfeld; "
            "Punkte; Datum' (englische Namen gehen auch: Title, Description, Category, Votes, "
            "Date; eine ID-Spalte darf ID, Nr. oder Lfd. Nr. heißen), oder die Spalten in der "
            "Konfiguration unter [ingest.columns] benennen.",
        )


def read_xlsx(path: Path, name: str, options: ReadOptions) -> FileRead:
    """Read every sheet of an Excel workbook (see the module docstring)."""
    check_size(path, name, options.max_bytes)
    check_zip(path, name, options.max_bytes, "eine Excel-Arbeitsmappe (.xlsx)")
    try:
        from openpyxl import load_workbook

        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for broken files
        raise InputError(
            f"erwartet war eine Excel-Arbeitsmappe (.xlsx), aber sie lässt sich nicht öffnen "
            f"({type(exc).__name__}: {exc})",
            file=name,
            hint="sie in Excel oder LibreOffice öffnen und erneut als .xlsx speichern.",
        ) from exc
    read = FileRead(kind="xlsx")
    try:
        any_table = False
        for sheet in workbook.worksheets:
            if hasattr(sheet, "reset_dimensions"):
                sheet.reset_dimensions()  # a wrong <dimension> must not pad every row
            rows = [
                (number, list(values))
                for number, values in enumerate(sheet.iter_rows(values_only=True), start=1)
                if not _blank(values)
            ]
            title = str(sheet.title)
            found = read_table(
                rows, read, options, locate=lambda n, t=title: f"Blatt {t}, Zeile {n}",
                context=(title, Path(name).stem), where=title, spreadsheet=True,
            )
            if not found:
                read.notes.append(f"Blatt {title!r}: keine Tabelle (keine Kopfzeile), nicht gelesen")
            any_table = any_table or found
    except InputError:
        raise
    except Exception as exc:
        raise InputError(
            f"die Arbeitsmappe ist beschädigt und lässt sich nicht lesen ({type(exc).__name__}: {exc})",
            file=name,
            hint="sie in Excel oder LibreOffice öffnen und erneut als .xlsx speichern.",
        ) from exc
    finally:
        workbook.close()
    if not any_table:
        raise InputError(
            "erwartet war mindestens ein Blatt mit einer Kopfzeile, die zwei bekannte Spalten "
            "nennt (z. B. Nr., Idee, Punkte), aber es gibt keines",
            file=name,
            hint="eine Kopfzeile über die Daten setzen (deutsche oder englische Spaltennamen).",
        )
    return read


def _blank(cells: Sequence[object]) -> bool:
    return not any(cell_text(c) for c in cells)


def read_table(
    rows: list[Row],
    read: FileRead,
    options: ReadOptions,
    *,
    locate: Callable[[int], str],
    context: tuple[str, ...],
    where: str,
    spreadsheet: bool = False,
) -> bool:
    """Read one table (a CSV file or a sheet) into ``read``; False when it has no header."""
    header_at, guessed = locate_header([cells for _, cells in rows[:30]], options)
    if header_at is None:
        return False
    header = [cell_text(c) for c in rows[header_at][1]]
    body = rows[header_at + 1:]
    prefix = f"Blatt {where!r}: " if where else ""
    if header_at:
        read.notes.append(f"{prefix}{header_at} Zeile(n) über der Kopfzeile übersprungen")
    trailing = 0
    while body and _blank(body[-1][1]):
        body.pop()
        trailing += 1
    if trailing and not spreadsheet:
        read.notes.append(f"{prefix}{trailing} leere Zeile(n) am Ende ignoriert")
    platform = detect_platform(header, options.format)
    # --format applies to the exports, not to a ratings table beside them
    signed = platform is not None and bool(platform.score(header))
    if not signed and is_ratings_header(header, by_name=options.ratings_by_name):
        read_ratings(header, body, read, locate=locate, default_rater=context[-1],
                     spreadsheet=spreadsheet, prefix=prefix)
        return True
    if platform is not None and platform.name == "miro" and not platform.map_columns(
            header).get("text"):
        header, body = unpivot(header, body)
    plan = plan_columns(header, [cells for _, cells in body], options)
    cmap, platform = plan.cmap, plan.platform
    if guessed and platform is None and not {"text", "title"} & set(cmap.targets):
        return False
    where_de = (f"Blatt {where!r}: " if spreadsheet else f"{where}: ") if where else ""
    if platform is not None:
        read.platform = platform.name.split(":")[0]
        read.recognised.append(f"{where_de}als Export von {platform.label} gelesen")
    if plan.dropped:
        read.recognised.append(f"{where_de}nie übernommen (personenbezogen): "
                               + ", ".join(repr(n) for n in plan.dropped))
    read.recognised.extend(where_de + line for line in plan.lines)
    read.notes.extend(where_de + line for line in plan.lines)
    clean = platform.clean if platform is not None else None
    text_col = cmap.targets.get("text", cmap.targets.get("title"))
    section_hint = section_of(header[text_col]) if text_col is not None else None
    skipped_blank = 0
    problems: dict[str, list[str]] = {}
    start = len(read.items)
    if spreadsheet and body:  # blank rows were never stored; count the gaps
        skipped_blank = body[-1][0] - rows[header_at][0] - len(body)
    with track(f"Zeilen lesen ({context[-1]})", len(body)) as step:
        for k, (number, cells) in enumerate(body, start=1):
            if k % _PROGRESS_EVERY == 0:
                step.advance(_PROGRESS_EVERY)
            locator = locate(number)
            if _blank(cells):
                # A spreadsheet has empty rows everywhere; a CSV line of empty cells is a record.
                if spreadsheet or len(cells) <= 1:
                    skipped_blank += 1
                    continue
                read.items.append(Item(locator=locator, row=str(number), reject=Rejection(
                    EMPTY_ROW, "die leere Zeile löschen oder ausfüllen.")))
                continue
            if clean is not None:
                cells = [clean(c) if isinstance(c, str) else c for c in cells]
            item = row_values(cells, cmap, locator, str(number), problems)
            item.context_fields = context
            item.scope = where
            if not cell_text(cmap.get(cells, "section")):
                # a table of proposals, unless named otherwise
                item.section = platform.section if platform else (section_hint or "idea")
            read.items.append(item)
        step.advance(len(body) - step.done)
    if platform is not None and platform.finish is not None:
        read.items[start:] = platform.finish(read.items[start:], read, options)
    read.notes.extend(summarise_problems(problems, prefix))
    if skipped_blank:
        read.notes.append(f"{prefix}{skipped_blank} leere Zeile(n) zwischen den Daten ignoriert")
    if "text" not in cmap.targets and "title" not in cmap.targets:
        read.notes.append(f"{prefix}keine Titel- oder Textspalte: jede Zeile wird abgelehnt")
    return True


def row_values(
    cells: Sequence[object],
    cmap: ColumnMap,
    locator: str,
    row: str,
    problems: dict[str, list[str]],
) -> Item:
    """One table row -> an :class:`Item`.

    A value that cannot be read (a date that is none, votes that are no whole number) is
    left empty and recorded in ``problems`` (description -> examples); the row is kept.
    """
    item = Item(locator=locator, row=row)
    item.title = cell_text(cmap.get(cells, "title"))
    item.text = cell_text(cmap.get(cells, "text"))
    field = cell_text(cmap.get(cells, "field"))
    if field:
        item.field = field
        item.field_column = cmap.names.get("field")
    item.source_id = cell_text(cmap.get(cells, "source_id")) or None
    item.parent_ref = cell_text(cmap.get(cells, "parent")) or None
    item.participant_group = canonical_group(cell_text(cmap.get(cells, "participant_group")))
    section = cell_text(cmap.get(cells, "section"))
    if section:
        item.section = section_of(section) or "other"
    checks = (("date", parse_date, "kein Datum (TT.MM.JJJJ oder JJJJ-MM-TT)"),
              ("votes", parse_votes, "keine ganze Zahl >= 0"),
              ("round", parse_round, "keine Rundennummer"))
    for target, parse, problem in checks:
        raw = cmap.get(cells, target)
        value, ok = parse(raw)
        setattr(item, target, value)
        if not ok:
            key = f"Spalte {cmap.names.get(target, target)!r}: {problem}"
            problems.setdefault(key, []).append(f"{locator} {cell_text(raw)[:40]!r}")
    for idx, key in cmap.extra.items():
        if idx < len(cells) and idx not in cmap.skip:
            value = cell_text(cells[idx])
            if value:
                item.extra[key] = value
    last = max(cmap.extra.keys() | cmap.targets.values() | cmap.skip, default=-1)
    for idx in range(last + 1, len(cells)):
        value = cell_text(cells[idx])
        if value:
            item.extra[f"Spalte {idx + 1}"] = value
    return item


def summarise_problems(problems: dict[str, list[str]], prefix: str = "") -> list[str]:
    """One message per kind of unreadable value, with the first few places."""
    out = []
    for key, places in problems.items():
        shown = ", ".join(places[:5]) + (", ..." if len(places) > 5 else "")
        out.append(f"{prefix}{key} in {len(places)} Zeile(n), leer gelassen ({shown})")
    return out


