"""Personal data never reaches a published output: the PII test set through the whole report."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from conftest import ASSETS, run_cli
from openpyxl import load_workbook

PII = ASSETS / "pii"


def _values(name: str) -> list[str]:
    lines = (PII / name).read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line.strip() and not line.startswith("#")]


@pytest.fixture(scope="module")
def pii_report(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("pii") / "report"
    run_cli("report", str(PII / "contributions_pii.csv"), "--out", str(out))
    return out


def _published_text(report: Path) -> dict[str, str]:
    texts = {}
    for path in sorted(report.rglob("*")):
        if path.suffix in {".csv", ".html", ".svg"}:
            texts[str(path.relative_to(report))] = path.read_text(encoding="utf-8")
        elif path.suffix == ".xlsx":
            wb = load_workbook(path)
            cells = [
                str(cell.value)
                for ws in wb.worksheets
                for row in ws.iter_rows()
                for cell in row
                if cell.value is not None
            ]
            texts[str(path.relative_to(report))] = "\n".join(cells)
        elif path.suffix == ".docx":  # every XML part: body, tables, captions, properties
            with zipfile.ZipFile(path) as archive:
                texts[str(path.relative_to(report))] = "\n".join(
                    archive.read(n).decode("utf-8") for n in archive.namelist()
                    if n.endswith(".xml") or n.endswith(".rels")
                )
    return texts


def test_no_raw_personal_value_in_any_output(pii_report):
    texts = _published_text(pii_report)
    assert {"index.html", "report.docx", "tables/contributions.csv", "tables/tables.xlsx",
            "review.xlsx"} <= set(
        texts
    )
    assert any(name.startswith("charts/") for name in texts)
    leaks = [
        (value, name) for value in _values("expected_absent.txt") for name, text in texts.items()
        if value in text
    ]
    assert not leaks, f"personal data published: {leaks[:5]}"


def test_public_places_and_content_survive(pii_report):
    contributions = (pii_report / "tables" / "contributions.csv").read_text(encoding="utf-8")
    missing = [v for v in _values("expected_present.txt") if v not in contributions]
    assert not missing


def test_placeholders_and_counts_are_reported(pii_report):
    contributions = pd.read_csv(pii_report / "tables" / "contributions.csv")
    joined = "\n".join(contributions["text"].astype(str))
    for placeholder in ("[Name]", "[E-Mail]", "[Telefon]", "[Adresse]", "[IBAN]", "[URL]"):
        assert placeholder in joined
    expected = pd.read_csv(PII / "expected_counts.csv")
    html = (pii_report / "index.html").read_text(encoding="utf-8")
    shown = dict(re.findall(r"<tr><td>([^<]+)</td><td class=\"n\">(\d+)</td></tr>", html))
    for row in expected.itertuples():
        assert shown.get(row.pii_type) == str(row.n), row.pii_type
