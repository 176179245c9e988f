"""write_report: files, tables, escaping, German content, determinism and atomic writes."""

from __future__ import annotations

import base64
import hashlib
import re
import zipfile
from html import unescape
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from pinneberg_analysis.core.errors import OutputError
from pinneberg_analysis.core.result import AnalysisResult
from pinneberg_analysis.report import write_report

CHARTS = (
    "teilnahme_uebersicht",
    "massnahmen_nach_unterstuetzung",
    "prioritaetenmatrix",
    "rangintervalle",
    "heatmap_feld_quelle",
    "kriterienprofil",
)
TABLES = ("contributions", "measures", "themes", "rejected", "ratings", "rating_matches")


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_writes_every_file(report_written):
    index, _ = report_written
    out = index.parent
    assert index.name == "index.html"
    for name in CHARTS:
        assert (out / "charts" / f"{name}.png").stat().st_size > 1000
        assert (out / "charts" / f"{name}.svg").read_bytes().startswith(b"<?xml")
    for name in TABLES:
        assert (out / "tables" / f"{name}.csv").is_file()
    assert (out / "tables" / "tables.xlsx").is_file()
    assert not list(out.parent.glob(".bericht.*")), "no temporary folders are left behind"


def test_measures_table_has_the_contract_columns(report_written):
    index, result = report_written
    measures = pd.read_csv(index.parent / "tables" / "measures.csv", encoding="utf-8")
    lead = [
        "measure_id",
        "field",
        "label",
        "n_contributions",
        "votes",
        "n_sources",
        "expert_score",
        "score",
        "rank",
        "rank_low",
        "rank_high",
    ]
    assert list(measures.columns[: len(lead)]) == lead
    assert {
        "crit_Wirkung",
        "crit_Umsetzbarkeit",
        "crit_Kosten",
        "keywords",
        "theme_id",
        "fields",
        "representatives",
        "review",
    } <= set(measures.columns)
    assert sorted(measures["measure_id"]) == sorted(result.measures["measure_id"])
    row = measures.set_index("measure_id").loc["M-006"]
    assert row["rank"] == 2 and row["rank_low"] == 1 and row["rank_high"] == 3
    assert row["review"] == "umbenannt durch Review"
    assert pd.isna(measures.set_index("measure_id").loc["M-004", "expert_score"])


def test_tables_read_back_and_are_formula_safe(report_written):
    index, result = report_written
    tables = index.parent / "tables"
    contributions = pd.read_csv(tables / "contributions.csv", encoding="utf-8")
    assert len(contributions) == len(result.contributions)
    assert contributions["measure_id"].notna().all()
    texts = set(contributions["text"])
    assert '\'=HYPERLINK("http://evil.example","klick")' in texts
    assert "'-2 Punkte für die Ampelschaltung, Radweg endet plötzlich." in texts
    assert not any(str(t).startswith(("=", "+", "-", "@")) for t in contributions["title"].dropna())
    workbook = load_workbook(tables / "tables.xlsx")
    assert workbook.sheetnames == ["Maßnahmen", "Beiträge", "Themen", "Abgelehnte Zeilen",
                                   "Bewertungen"]
    assert workbook["Maßnahmen"].max_row == len(result.measures) + 1
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate} is a formula"
    with zipfile.ZipFile(tables / "tables.xlsx") as archive:  # no save time inside
        assert {i.date_time for i in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert b"2000-01-01T00:00:00Z" in archive.read("docProps/core.xml")
    cells = {c.value for row in workbook["Beiträge"].iter_rows() for c in row}
    assert '\'=HYPERLINK("http://evil.example","klick")' in cells
    assert "'@SUM(1+1)" in cells


def test_hostile_text_is_escaped(report_written, report_sample):
    html = report_written[0].read_text(encoding="utf-8")
    assert "&lt;script&gt;window.__pwned=1;alert(1)&lt;/script&gt;" in html
    assert "<script>window.__pwned" not in html
    assert "<img src=x" not in html and 'onerror="window' not in html
    assert html.count("<script") == 1  # only the report's own print helper
    assert "&lt;b&gt;viele&lt;/b&gt;" in html


def test_report_is_self_contained_with_a_matching_csp(report_written):
    html = report_written[0].read_text(encoding="utf-8")
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:|//|file:)""", html)
    assert "<link" not in html
    sources = re.findall(r'<img src="([^"]+)"', html)
    # the heatmap repeats the stacked bar chart: written as a file, not shown on the page
    assert 'data-chart="heatmap_feld_quelle"' not in html
    assert len(sources) == len(CHARTS) - 1 and all(
        s.startswith("data:image/svg+xml;base64,") for s in sources
    )
    assert base64.b64decode(sources[0].split(",", 1)[1]).startswith(b"<?xml")
    csp = unescape(
        re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html).group(1)
    )
    assert "default-src 'none'" in csp
    style = re.search(r"<style>(.*?)</style>", html, re.S).group(1)
    script = re.search(r"<script>(.*?)</script>", html, re.S).group(1)
    for body in (style, script):
        digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in csp


def test_german_sections_and_notes(report_written):
    html = report_written[0].read_text(encoding="utf-8")
    for text in (
        'lang="de"',
        "Inhalt",
        "Überblick über die Beteiligung",
        "Beiträge je Handlungsfeld",
        "Beiträge je Runde",
        "Beiträge je Datum",
        "Maßnahmen aus mehreren Handlungsfeldern",
        "Methodik",
        "Eingelesene Dateien",
        "Abgelehnte Zeilen",
        "Einzelideen",
        "Review-Entscheidungen",
        "Stand: 02.05.2024",
        "Zufallsstartwert (Seed)",
        "Softwareversionen",
        "a" * 64,
        "90-%-Rangintervall",
        "Rang 2 (1–3)",
        "Die Reihenfolge ist hier nicht eindeutig",
        "ohne Expertenbewertung",
        "umbenannt durch Review",
        "zusammengeführt durch Review (mit M-015)",
        "Maßnahme M-099 gibt es nicht.",
        "Unbekanntes Handlungsfeld",
        "Thema: Radverkehr",
        "auch in: Lebens- und Wohnumfeld",
        "Krippendorffs α",
        "Datei ist passwortgeschützt",
    ):
        assert text in html, text
    sha = hashlib.sha256(
        (Path(__file__).parent / "assets" / "report" / "sample_result.py").read_bytes()
    ).hexdigest()
    assert sha in html


def test_a_measure_shows_label_keywords_support_ratings_and_quotes(report_written):
    html = report_written[0].read_text(encoding="utf-8")
    block = html[html.index('id="massnahme-m-001"') :]
    block = block[: block.index('<div class="measure"', 10)]
    for text in (
        "Sichere Radwege an Hauptstraßen",
        "Rang 1 (1–2)",
        "radweg",
        "5 Beiträge",
        "27 Stimmen",
        "4,3 von 5",
        "Wirkung 4,5",
        "Kosten (niedriger = besser) 3,0",
        "Auf der Elmshorner Straße fehlt",
        "workshops/workshop_runde1.docx, Zeile 2",
    ):
        assert text in block, text
    assert block.count("<blockquote>") == 3


def test_rerun_is_byte_identical(report_written, report_sample, tmp_path):
    index, _ = report_written
    first = _files(index.parent)
    again = write_report(
        report_sample.build_result(),
        index.parent,
        inputs=[Path(__file__).parent / "assets" / "report" / "sample_result.py"],
    )
    assert again == index
    second = _files(index.parent)
    assert sorted(second) == sorted(first)
    different = [name for name in first if first[name] != second[name]]
    assert different == []


def test_failure_midway_keeps_the_previous_report(report_result, tmp_path, monkeypatch):
    out = tmp_path / "bericht"
    write_report(report_result, out)
    before = _files(out)

    def broken(*_args, **_kwargs):
        raise RuntimeError("Abbruch mitten im Schreiben")

    monkeypatch.setattr("pinneberg_analysis.report.charts.write_charts", broken)
    changed = AnalysisResult(
        **{**report_result.__dict__, "parameters": {"report_date": "2030-01-01"}}
    )
    with pytest.raises(RuntimeError, match="Abbruch"):
        write_report(changed, out)
    assert _files(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bericht"]


def test_refuses_to_replace_a_foreign_folder(report_result, tmp_path):
    out = tmp_path / "eigene-dateien"
    out.mkdir()
    (out / "wichtig.txt").write_text("nicht löschen", encoding="utf-8")
    with pytest.raises(OutputError, match="nicht leer"):
        write_report(report_result, out)
    assert (out / "wichtig.txt").read_text(encoding="utf-8") == "nicht löschen"
    (tmp_path / "datei").write_text("x", encoding="utf-8")
    with pytest.raises(OutputError, match="kein Ordner"):
        write_report(report_result, tmp_path / "datei")


def test_review_workbook_is_written(report_result, tmp_path):
    write_report(report_result, tmp_path / "r")
    wb = load_workbook(tmp_path / "r" / "review.xlsx")
    assert "Übersicht" in wb.sheetnames
    cells = "\n".join(
        str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row
    )
    for measure_id in report_result.measures["measure_id"]:
        assert str(measure_id) in cells


def test_empty_result_gives_a_complete_report(tmp_path):
    index = write_report(AnalysisResult(), tmp_path / "leer")
    html = index.read_text(encoding="utf-8")
    assert "Keine Beiträge" in html
    measures = pd.read_csv(tmp_path / "leer" / "tables" / "measures.csv")
    assert list(measures.columns[:3]) == ["measure_id", "field", "label"] and measures.empty
    assert len(list((tmp_path / "leer" / "charts").glob("*.png"))) == len(CHARTS)


def _variant(result: AnalysisResult, **tables) -> AnalysisResult:
    return AnalysisResult(**{**result.__dict__, **tables})


def test_html_without_ratings_marks_every_measure(report_result):
    from pinneberg_analysis.report.html import render_html

    ranking = report_result.ranking.copy()
    ranking["expert_score"] = pd.NA
    ranking["rated"] = False
    ranking = ranking.drop(columns=[c for c in ranking if c.startswith("crit_")])
    html = render_html(_variant(report_result, ranking=ranking, ratings=pd.DataFrame()), [])
    n_grouped = int((~report_result.measures["is_single"]).sum())
    assert html.count('<span class="badge unrated">ohne Expertenbewertung</span>') == n_grouped
    assert "Wirkung" not in html.split('id="methodik"')[0]


def test_html_for_one_field_without_ranking_or_themes(report_result):
    from pinneberg_analysis.report.html import render_html

    mob = report_result.contributions["field"] == "Mobilität"
    measures = report_result.measures[report_result.measures["field"] == "Mobilität"].copy()
    measures.loc[measures["measure_id"] == "M-004", "theme_id"] = pd.NA
    result = _variant(
        report_result,
        contributions=report_result.contributions[mob],
        measures=measures,
        ranking=pd.DataFrame(),
        themes=pd.DataFrame(),
        decisions_log=pd.DataFrame(),
    )
    html = render_html(result, [])
    assert html.count('class="field-title"') == 1
    assert "Thema: T-MOB-1" in html  # no theme table: the id stands in for the label
    assert "Thema: Weitere Maßnahmen ohne Themenzuordnung" in html
    assert "ohne Rang" in html
    assert "Es wurden keine Review-Entscheidungen angewendet." in html


def test_decision_log_with_other_column_names():
    from pinneberg_analysis.report.decision_tables import review_notes

    log = pd.DataFrame(
        {
            "decision": ["zusammenführen", "umbenennen", "löschen"],
            "measure": ["M-2;M-3", "M-4", "M-5"],
            "into": ["M-1", pd.NA, pd.NA],
            "status": ["applied", "applied", "failed"],
            "message": ["", "", "unbekannte Maßnahme"],
        }
    )
    assert review_notes(log) == {
        "M-1": ["zusammengeführt durch Review (mit M-2, M-3)"],
        "M-4": ["umbenannt durch Review"],
    }


def test_a_filled_review_workbook_is_kept_on_rerun(report_result, tmp_path):
    out = tmp_path / "r"
    write_report(report_result, out)
    wb = load_workbook(out / "review.xlsx")
    ws = wb[wb.sheetnames[[n.startswith("Mobil") for n in wb.sheetnames].index(True)]]
    header = [c.value for c in ws[1]]
    ws.cell(row=2, column=header.index("Neuer Name") + 1, value="Radverkehr stärken")
    wb.save(out / "review.xlsx")
    filled = (out / "review.xlsx").read_bytes()
    write_report(report_result, out)
    assert (out / "review-ausgefuellt.xlsx").read_bytes() == filled
    assert (out / "review.xlsx").read_bytes() != filled
    write_report(report_result, out)  # the kept copy is not duplicated
    assert not (out / "review-ausgefuellt-2.xlsx").exists()


def test_tables_xlsx_is_for_people(report_written):
    """German headers, rounded numbers, sorted by rank, words instead of True/False/JSON."""
    index, result = report_written
    workbook = load_workbook(index.parent / "tables" / "tables.xlsx")
    ws = workbook["Maßnahmen"]
    header = [c.value for c in ws[1]]
    assert header[:3] == ["Rang", "Rang von", "Rang bis"] and "Maßnahme" in header
    assert header[-1] == "ID" and len(header) <= 25
    assert not [h for h in header if "_" in str(h)], header
    rows = [dict(zip(header, (c.value for c in r), strict=True)) for r in ws.iter_rows(min_row=2)]
    ranks = [r["Rang"] for r in rows if r["Rang"] is not None]
    assert ranks == sorted(ranks) and rows[: len(ranks)] == [r for r in rows if r["Rang"] is not None]
    values = [v for r in rows for v in r.values()]
    assert not any(isinstance(v, bool) or v in ("True", "False") for v in values)
    assert all(round(v, 2) == v for v in values if isinstance(v, float))
    expert = [r["Expertenbewertung (1–5)"] for r in rows if r["Expertenbewertung (1–5)"] is not None]
    assert expert and all(1 <= v <= 5 for v in expert)
    for sheet in workbook.worksheets:
        assert not [c.value for c in sheet[1] if "_" in str(c.value)], sheet.title


def _no_reading(monkeypatch):
    import pinneberg_analysis.review.reader as reader

    def fail(path):
        raise AssertionError(f"{path} was read")

    monkeypatch.setattr(reader, "read_review_workbook", fail)


def test_a_workbook_as_written_is_not_read_again(report_result, tmp_path, monkeypatch):
    """Reading a large workbook costs more than a warm run: an unfilled one is recognised."""
    out = tmp_path / "r"
    write_report(report_result, out)
    _no_reading(monkeypatch)
    write_report(report_result, out)  # the same report: the old workbook equals the new one
    assert not (out / "review-ausgefuellt.xlsx").exists()


def test_the_stage_cache_recognises_the_last_runs_workbook_after_a_decision(report_result, tmp_path,
                                                                            monkeypatch):
    from pinneberg_analysis.core import stagecache

    monkeypatch.setenv(stagecache.STAGE_ENV, str(tmp_path / "stages"))
    monkeypatch.delenv(stagecache.NO_CACHE_ENV, raising=False)
    stagecache.set_enabled(None)
    stagecache.close_stage_cache()
    try:
        out = tmp_path / "r"
        write_report(report_result, out)
        before = (out / "review.xlsx").read_bytes()
        report_result.measures.loc[report_result.measures.index[0], "label"] = "Umbenannt im Test"
        _no_reading(monkeypatch)
        write_report(report_result, out)  # a rename: a new workbook, the old one as written
        assert (out / "review.xlsx").read_bytes() != before
        assert not (out / "review-ausgefuellt.xlsx").exists()
    finally:
        stagecache.close_stage_cache()
        stagecache.set_enabled(None)
