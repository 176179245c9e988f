"""Property-based tests: any bytes, text or truncated file gives rows or an InputError.

Never another exception, never a reader crash (``InputError.internal``), and the
accounting invariant (rows read = accepted + rejected) always holds.
"""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

from docx import Document
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from pinneberg_analysis.ingest import load
from pinneberg_analysis.ingest.outline import ITEM

SETTINGS = settings(max_examples=40, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])
SUFFIXES = [".csv", ".tsv", ".md", ".txt", ".xlsx", ".docx"]


def check(name: str, data: bytes):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        result = load(path, field="Mobilität")
    assert len(result.files) == 1
    row = result.files.iloc[0]
    assert row.n_read == row.n_accepted + row.n_rejected
    assert row.n_accepted == len(result.contributions) + len(result.ratings)
    assert row.n_rejected == len(result.rejected)
    for error in result.errors:
        assert not getattr(error, "internal", False), str(error)
        assert name in str(error)
    assert (row.status == "failed") == bool(result.errors)
    return result


@SETTINGS
@given(data=st.binary(max_size=2000), suffix=st.sampled_from(SUFFIXES))
def test_random_bytes(data, suffix):
    check("eingabe" + suffix, data)


CELLS = st.one_of(
    st.sampled_from(["Titel", "Beschreibung", "Idee", "Punkte", "Datum", "Handlungsfeld",
                     "Nr.", "Maßnahme", "Bewerter/in", "Wirkung", "Mobilität", "Tourismus",
                     "04.05.2022", "31.02.2022", "3", "-1", "x", "", " ", "7", "2,5"]),
    st.text(max_size=15),
)
DELIMS = st.sampled_from([";", ",", "\t", "|"])


@SETTINGS
@given(rows=st.lists(st.lists(CELLS, max_size=7), max_size=12), delimiter=DELIMS,
       quote=st.booleans(), encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]),
       name=st.sampled_from(["a.csv", "bewertung.csv"]))
def test_random_tables(rows, delimiter, quote, encoding, name):
    def fmt(cell: str) -> str:
        return '"' + cell.replace('"', '""') + '"' if quote else cell

    text = "\n".join(delimiter.join(fmt(c) for c in row) for row in rows)
    check(name, text.encode(encoding, errors="replace"))


LINES = st.one_of(
    st.sampled_from(["# Mobilität Runde 1", "## Ideen", "## Herausforderungen", "Ideen:",
                     "Sonstiges:", "IDEEN", "===", "---", "```", "| Idee | Punkte |",
                     "|---|---|", "| A | 3 |", "<!--", "-->", "> ", "", "**Ideen**"]),
    st.builds(lambda indent, marker, text, vote: " " * indent + marker + text + vote,
              st.integers(0, 12), st.sampled_from(["- ", "* ", "• ", "1. ", "2) ", "a) ", "+ "]),
              st.text(max_size=20),
              st.sampled_from(["", " (+3)", " [2 Punkte]", " 4x", " ●●", " 3 Punkte"])),
    st.text(max_size=30),
)


@SETTINGS
@given(lines=st.lists(LINES, max_size=25), suffix=st.sampled_from([".md", ".txt"]),
       newline=st.sampled_from(["\n", "\r\n", "\r"]))
def test_random_notes(lines, suffix, newline):
    result = check("notizen" + suffix, newline.join(lines).encode("utf-8"))
    # every row read comes from a list-item line or a table line: no phantom rows
    physical = newline.join(lines).splitlines()
    items = sum(1 for line in physical if ITEM.match(line.lstrip("> ")))
    assert result.files.iloc[0].n_read <= items + sum("|" in line for line in physical)


def _xlsx_bytes() -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "Mobilität"
    ws.append(["Titelzeile"])
    ws.append(["Nr.", "Idee", "Punkte"])
    for i in range(1, 20):
        ws.append([i, f"Idee {i}", i % 4])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _docx_bytes() -> bytes:
    doc = Document()
    doc.add_heading("Workshop Mobilität Runde 1", 1)
    doc.add_heading("Ideen", 2)
    for i in range(10):
        doc.add_paragraph(f"Idee {i} (+{i})", style="List Bullet")
    table = doc.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "Idee"
    table.rows[0].cells[1].text = "Punkte"
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


XLSX, DOCX = _xlsx_bytes(), _docx_bytes()


@SETTINGS
@given(cut=st.floats(0, 1), flip=st.integers(0, 10**6), which=st.sampled_from(["xlsx", "docx"]))
def test_truncated_or_flipped_office_files(cut, flip, which):
    data = bytearray(XLSX if which == "xlsx" else DOCX)
    if flip % 2:
        pos = flip % len(data)
        data[pos] ^= 0xFF
        check("datei." + which, bytes(data))
    else:
        check("datei." + which, bytes(data[: int(len(data) * cut)]))


def test_intact_office_files_read_fully():
    assert check("mobilitaet.xlsx", XLSX).files.iloc[0].n_accepted == 19
    assert check("mobilitaet.docx", DOCX).files.iloc[0].n_accepted == 10


def test_fuzzer_findings_stay_fixed():
    """Inputs the atheris run (benchmarks/fuzz_readers.py) once crashed the readers with."""
    folder = Path(__file__).parent / "assets" / "ingest" / "fuzz"
    found = sorted(folder.iterdir())
    assert found
    for path in found:
        check(path.name, path.read_bytes())
