"""Workshop notes as Markdown or plain text: headings, bullet and numbered items, tables.

Line based and without recursion, so deeply nested lists or quotes cannot exhaust the
stack. Locators are ``Zeile <n>`` (1-based line numbers).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from pinneberg_analysis.ingest.columns import find_header, map_contribution_columns
from pinneberg_analysis.ingest.detect import decode_text, read_bytes
from pinneberg_analysis.ingest.outline import (
    RULE,
    OutlineBuilder,
    clean_inline,
    looks_like_heading,
    match_item,
)
from pinneberg_analysis.ingest.records import EMPTY_ROW, FileRead, Item, ReadOptions, Rejection
from pinneberg_analysis.ingest.spreadsheets import row_values, summarise_problems
from pinneberg_analysis.ingest.values import cell_text, section_of

_ATX = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)[ \t]*#*[ \t]*$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_TABLE_SEP = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")


def read_notes(path: Path, name: str, options: ReadOptions) -> FileRead:
    """Read a Markdown or text file of workshop notes.

    Parameters
    ----------
    path : Path
        The file.
    name : str
        Its ``source_file`` (for messages).
    options : ReadOptions
        Field canonicalisation and limits.

    Returns
    -------
    FileRead
        One item per top-level list item or table row.
    """
    text, encoding = decode_text(read_bytes(path, name, options.max_bytes), name)
    is_markdown = path.suffix.lower() in (".md", ".markdown")
    read = parse_lines(text.splitlines(), options, Path(name).stem, is_markdown=is_markdown)
    if encoding not in ("utf-8", "utf-8-sig"):
        read.notes.append(f"gelesen als {encoding}")
    return read


def _strip_quote(line: str) -> str:
    stripped = line.lstrip()
    while stripped.startswith(">"):
        stripped = stripped[1:].lstrip()
    return stripped if line.lstrip().startswith(">") else line


def _indent(prefix: str) -> int:
    return len(prefix.expandtabs(4))


def parse_lines(
    lines: list[str], options: ReadOptions, stem: str, *, is_markdown: bool
) -> FileRead:
    """Turn the lines of a notes file into rows (see :class:`OutlineBuilder`)."""
    builder = OutlineBuilder(options.canon, stem)
    fence: str | None = None
    in_comment = False
    opened_at = 0
    previous_kind = "blank"
    first_content = True
    idx = 0
    if lines and lines[0].strip() == "---" and is_markdown:  # YAML front matter
        end = next((i for i in range(1, min(len(lines), 200)) if lines[i].strip() == "---"), None)
        idx = end + 1 if end else 0
    while idx < len(lines):
        raw = lines[idx]
        number = idx + 1
        idx += 1
        if fence is not None:
            if raw.strip().startswith(fence):
                fence = None
            continue
        if in_comment:
            in_comment = "-->" not in raw
            continue
        line = _strip_quote(raw.replace("\ufeff", ""))
        stripped = line.strip()
        if not stripped:
            previous_kind = "blank"
            continue
        if stripped.startswith("<!--"):
            in_comment, opened_at = "-->" not in stripped, number
            continue
        fence_match = _FENCE.match(line)
        if fence_match:
            fence, opened_at = fence_match.group(1)[:3], number
            continue
        atx = _ATX.match(line)
        if atx:
            builder.heading(atx.group(2), len(atx.group(1)))
            previous_kind, first_content = "heading", False
            continue
        if stripped.startswith("|") and idx < len(lines) and _TABLE_SEP.match(lines[idx]):
            idx = _read_table(lines, idx - 1, builder)
            previous_kind, first_content = "table", False
            continue
        if RULE.match(line):
            previous_kind = "blank"
            continue
        item = match_item(line)
        if item:
            builder.item(item.group("text"), _indent(item.group("indent")), f"Zeile {number}",
                         str(number))
            previous_kind, first_content = "item", False
            continue
        if idx < len(lines) and _SETEXT.match(lines[idx]) and previous_kind != "item":
            builder.heading(stripped, 1 if lines[idx].strip().startswith("=") else 2)
            idx += 1
            previous_kind, first_content = "heading", False
            continue
        if first_content and not is_markdown:
            builder.heading(stripped, 1)
            previous_kind, first_content = "heading", False
            continue
        first_content = False
        if looks_like_heading(stripped) and not (
            previous_kind == "item" and line[:1] in " \t"
        ):
            builder.heading(stripped, builder.pseudo_level(), real=False)
            previous_kind = "heading"
            continue
        continues = previous_kind == "item" or (
            previous_kind == "continued" and line[:1] in " \t"
        )
        builder.plain(stripped, continues=continues)
        previous_kind = "continued" if continues else "plain"
    if fence is not None or in_comment:
        what = "Ein Codeblock" if fence is not None else "Ein HTML-Kommentar"
        builder.notes.append(f"{what}, geöffnet in Zeile {opened_at}, wird nie geschlossen: die "
                             "Zeilen danach wurden nicht gelesen")
    return builder.finish("markdown" if is_markdown else "text")


def _split_pipe_row(line: str) -> list[str]:
    cells = line.strip()
    if cells.startswith("|"):
        cells = cells[1:]
    if cells.endswith("|") and not cells.endswith("\\|"):
        cells = cells[:-1]
    return [clean_inline(c.replace("\\|", "|")) for c in re.split(r"(?<!\\)\|", cells)]


def _read_table(lines: list[str], start: int, builder: OutlineBuilder) -> int:
    """Read a Markdown pipe table starting at ``start``; return the index after it."""
    header = _split_pipe_row(lines[start])
    end = start + 2
    while end < len(lines) and lines[end].strip().startswith("|"):
        end += 1
    body = [(i + 1, _split_pipe_row(lines[i])) for i in range(start + 2, end)]
    add_table_rows(builder, header, body, lambda n: f"Zeile {n}",
                   label=f"Tabelle in Zeile {start + 1}")
    return end


def add_table_rows(
    builder: OutlineBuilder,
    header: list[str],
    body: list[tuple[int, list[str]]],
    locate: Callable[[int], str],
    *,
    label: str = "table",
) -> bool:
    """Rows of a table inside notes (``Idee | Punkte``) become items in the current context.

    Returns False (and reads nothing) when the header has no idea-like column.
    """
    cmap = map_contribution_columns(header)
    if find_header([header]) is None or not {"text", "title"} & cmap.targets.keys():
        builder.notes.append(f"{label}: keine Ideen-Spalte (z. B. 'Idee'), nicht gelesen")
        return False
    text_col = cmap.targets.get("text", cmap.targets.get("title"))
    section_hint = section_of(header[text_col]) if text_col is not None else None
    problems: dict[str, list[str]] = {}
    for number, cells in body:
        locator = locate(number)
        if not any(cell_text(c) for c in cells):
            item = Item(locator=locator, row=str(number), reject=Rejection(EMPTY_ROW))
        else:
            item = row_values(cells, cmap, locator, str(number), problems)
        builder.row(item, section_hint=item.section if item.section != "other" else section_hint)
    builder.notes.extend(summarise_problems(problems, f"{label}: "))
    return True
