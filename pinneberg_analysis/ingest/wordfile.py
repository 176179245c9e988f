"""Workshop notes as Word documents (.docx, python-docx).

Headings (``Heading N`` / ``Überschrift N`` styles, short lines ending in ``:``) give the
context; list paragraphs (``List Bullet``, ``List Number``, numbering in the paragraph
properties, or typed bullets) are items, ``List Bullet 2`` or a numbering level > 0
nests into the item above; tables with an idea-like column give one item per row.
Locators are ``Absatz <n>`` (n-th paragraph of the body) and ``Tabelle <t>, Zeile <r>``.
"""

from __future__ import annotations

import re
from pathlib import Path

from pinneberg_analysis.core.errors import InputError
from pinneberg_analysis.ingest.columns import find_header
from pinneberg_analysis.ingest.detect import check_size, check_zip
from pinneberg_analysis.ingest.notes import add_table_rows
from pinneberg_analysis.ingest.outline import ITEM, OutlineBuilder, looks_like_heading, match_item
from pinneberg_analysis.ingest.records import FileRead, ReadOptions
from pinneberg_analysis.ingest.values import cell_text

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def read_docx(path: Path, name: str, options: ReadOptions) -> FileRead:
    """Read a Word document of workshop notes.

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
        One item per top-level list paragraph or table row.

    Raises
    ------
    InputError
        When the file is not a readable .docx (or would unpack to more than the limit).
    """
    check_size(path, name, options.max_bytes)
    check_zip(path, name, options.max_bytes, "ein Word-Dokument (.docx)")
    try:
        from docx import Document

        document = Document(str(path))
        blocks = list(document.iter_inner_content())
    except Exception as exc:  # python-docx raises many types for broken files
        raise InputError(
            f"erwartet war ein Word-Dokument (.docx), aber es lässt sich nicht öffnen "
            f"({type(exc).__name__}: {exc})",
            file=name,
            hint="es in Word oder LibreOffice öffnen und erneut als .docx speichern.",
        ) from exc
    builder = OutlineBuilder(options.canon, Path(name).stem)
    n_par = n_tab = 0
    try:
        for block in blocks:
            if block.__class__.__name__ == "Table":
                n_tab += 1
                _table(block, n_tab, builder)
                continue
            n_par += 1
            _paragraph(block, n_par, builder)
    except Exception as exc:  # damaged XML that python-docx only notices while reading
        where = f"Tabelle {n_tab}" if block.__class__.__name__ == "Table" else f"Absatz {n_par}"
        raise InputError(
            f"das Dokument ist bei {where} beschädigt und lässt sich nicht lesen "
            f"({type(exc).__name__}: {str(exc)[:200]})",
            file=name,
            hint="es in Word oder LibreOffice öffnen und erneut als .docx speichern.",
        ) from exc
    return builder.finish("docx")


# python-docx reads attributes lazily and raises InvalidXmlError, ValueError, KeyError, ...
# on a damaged part; one broken paragraph property must not lose the document.
def _style_name(paragraph) -> str:
    try:
        style = paragraph.style
        return (style.name or "") if style is not None else ""
    except Exception:
        return ""


def _numbering_level(paragraph) -> int | None:
    try:
        ppr = paragraph._p.pPr
        if ppr is None or ppr.numPr is None:
            return None
        ilvl = ppr.numPr.ilvl
        return int(ilvl.val) if ilvl is not None and ilvl.val is not None else 0
    except Exception:
        return 0


def _paragraph(paragraph, number: int, builder: OutlineBuilder) -> None:
    text = paragraph.text or ""
    stripped = text.strip()
    style = _style_name(paragraph).lower()
    locator, row = f"Absatz {number}", str(number)
    if not stripped:
        return
    level_match = re.search(r"(\d+)\s*$", style)
    style_level = int(level_match.group(1)) if level_match else None
    if style.startswith(("heading", "überschrift", "uberschrift")):
        builder.heading(stripped, style_level or 1)
        return
    if style in ("title", "titel"):
        builder.heading(stripped, 0)
        return
    if style in ("subtitle", "untertitel"):
        builder.heading(stripped, 1)
        return
    numbering = _numbering_level(paragraph)
    is_list_style = any(w in style for w in ("list", "liste", "aufzählung", "aufzahlung"))
    if numbering is not None or is_list_style:
        level = numbering if numbering is not None else max((style_level or 1) - 1, 0)
        typed = ITEM.match(text)
        builder.item(typed.group("text") if typed else stripped, level, locator, row)
        return
    typed = match_item(text)
    if typed:
        builder.item(typed.group("text"), len(typed.group("indent").expandtabs(4)), locator, row)
        return
    if _all_bold(paragraph) and len(stripped) <= 80 or looks_like_heading(stripped):
        builder.heading(stripped, builder.pseudo_level(), real=False)
        return
    builder.plain(stripped, continues=False)


def _all_bold(paragraph) -> bool:
    try:
        runs = [r for r in paragraph.runs if (r.text or "").strip()]
        return bool(runs) and all(bool(r.bold) for r in runs)
    except Exception:
        return False


def _table(table, number: int, builder: OutlineBuilder) -> None:
    rows: list[list[str]] = []
    for tr in table._tbl.findall(f"{_W}tr"):
        cells = []
        for tc in tr.findall(f"{_W}tc"):
            cells.append(cell_text("\n".join(
                "".join(t.text or "" for t in p.iter(f"{_W}t")) for p in tc.iter(f"{_W}p")
            )))
        rows.append(cells)
    if not rows:
        return
    header_at = find_header(rows[:10])
    if header_at is None:
        builder.notes.append(f"Tabelle {number}: keine Spalte mit Ideen (z. B. 'Idee'), nicht gelesen")
        return
    body = [(i + 1, cells) for i, cells in enumerate(rows) if i > header_at]
    add_table_rows(builder, rows[header_at], body, lambda r, t=number: f"Tabelle {t}, Zeile {r}",
                   label=f"Tabelle {number}")
