"""report.docx read back with python-docx: chapters, tables, figures, captions, safety."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import docx
import pytest
from conftest import SAMPLE

FIELDS = (
    "Mobilität",
    "Wirtschaft",
    "Verwaltung",
    "Lebens- und Wohnumfeld mit Gesundheit",
    "Zusammenleben, Bildung und Kultur",
)


@pytest.fixture(scope="module")
def document(sample_report: Path):
    return docx.Document(str(sample_report / "report.docx"))


def _styled(document, prefix: str) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name.startswith(prefix)]


def test_chapters_are_real_word_headings(document):
    h1 = _styled(document, "Heading 1")
    assert h1[0] == "Kernergebnisse"
    for chapter in ("Überblick", "Rangfolge", "Handlungsfeld", "Grenzen", "Methodik"):
        assert any(chapter in h for h in h1), (chapter, h1)
    assert set(FIELDS) <= set(_styled(document, "Heading 2"))
    # the Kernergebnisse are sentences with numbers, right under their heading
    body = [p for p in document.paragraphs]
    start = next(i for i, p in enumerate(body) if p.text == "Kernergebnisse")
    findings = []
    for p in body[start + 1:]:
        if p.style.name.startswith("Heading"):
            break
        findings.append(p.text)
    assert len(findings) >= 3 and all(re.search(r"\d", f) for f in findings[:3])


def test_tables_and_figures_have_numbered_captions(document):
    captions = _styled(document, "Caption")
    tables = [c for c in captions if c.startswith("Tabelle ")]
    figures = [c for c in captions if c.startswith("Abbildung ")]
    assert [int(re.match(r"Tabelle (\d+):", c).group(1)) for c in tables] == list(
        range(1, len(tables) + 1)
    )
    assert [int(re.match(r"Abbildung (\d+):", c).group(1)) for c in figures] == list(
        range(1, len(figures) + 1)
    )
    assert len(tables) == len(document.tables) >= 7
    assert len(figures) == len(document.inline_shapes) >= 4
    # the overall ranked table: German headers, ranks in order, every field present
    overall = next(t for t in document.tables if t.rows[0].cells[0].text == "Rang (Intervall)"
                   and "Handlungsfeld" in [c.text for c in t.rows[0].cells])
    ranks = [int(re.match(r"Rang (\d+)", r.cells[0].text).group(1)) for r in overall.rows[1:]]
    assert ranks == sorted(ranks) and len(ranks) >= 20
    field_col = [c.text for c in overall.rows[0].cells].index("Handlungsfeld")
    assert len({r.cells[field_col].text for r in overall.rows[1:]}) == len(FIELDS)
    # header rows repeat on every printed page
    assert all(t.rows[0]._tr.xpath("./w:trPr/w:tblHeader") for t in document.tables)


def test_no_fields_macros_or_personal_data(sample_report: Path):
    path = sample_report / "report.docx"
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        xml = "\n".join(archive.read(n).decode("utf-8") for n in names if n.endswith(".xml"))
    assert not any("vbaProject" in n or n.endswith(".bin") for n in names)
    assert "w:fldSimple" not in xml and "w:instrText" not in xml and "w:fldChar" not in xml
    assert "macroEnabled" not in xml
    # nobody's name in the document properties; no e-mail address anywhere
    core = zipfile.ZipFile(path).read("docProps/core.xml").decode("utf-8")
    assert "python-docx" not in core
    for tag in ("dc:creator", "cp:lastModifiedBy"):
        assert re.search(rf"<{tag}>[^<]+</{tag}>", core) is None, core
    raw_addresses = set(re.findall(r"[\w.+-]+@[\w-]+\.[\w.]+", _sample_text()))
    assert raw_addresses, "the sample should hold e-mail addresses to test against"
    assert not any(a in xml for a in raw_addresses)


def _sample_text() -> str:
    return "\n".join(
        p.read_text(encoding="utf-8", errors="ignore")
        for p in SAMPLE.rglob("*") if p.suffix in {".md", ".txt", ".csv"}
    )


def test_docx_is_deterministic(report_written, report_sample, tmp_path):
    from pinneberg_analysis.report import write_report

    first = report_written[0].parent / "report.docx"
    again = write_report(report_sample.build_result(), tmp_path / "b").parent / "report.docx"
    assert first.read_bytes() == again.read_bytes()
