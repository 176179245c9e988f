"""The report command on the bundled sample, as `make report` runs it."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import SAMPLE, run_cli
from openpyxl import load_workbook

from pinneberg_analysis.core.fields import FIELDS

TABLES = ("contributions", "measures", "themes", "rejected", "ratings")


def test_report_writes_every_public_output(sample_report):
    assert (sample_report / "index.html").is_file()
    assert (sample_report / "review.xlsx").is_file()
    assert (sample_report / "tables" / "tables.xlsx").is_file()
    for name in TABLES:
        assert (sample_report / "tables" / f"{name}.csv").is_file(), name
    charts = sorted(p.name for p in (sample_report / "charts").iterdir())
    pngs = {p[:-4] for p in charts if p.endswith(".png")}
    svgs = {p[:-4] for p in charts if p.endswith(".svg")}
    assert pngs == svgs and len(pngs) >= 6


def test_every_contribution_has_a_measure_and_every_field_is_present(sample_report):
    contributions = pd.read_csv(sample_report / "tables" / "contributions.csv")
    assert len(contributions) >= 200
    assert contributions["measure_id"].notna().all()
    assert contributions["theme_id"].notna().all()
    assert set(contributions["field"]) == set(FIELDS)
    measures = pd.read_csv(sample_report / "tables" / "measures.csv")
    assert set(contributions["measure_id"]) <= set(measures["measure_id"])
    for column in ("measure_id", "field", "label", "n_contributions", "votes", "n_sources",
                   "expert_score", "score", "rank", "rank_low", "rank_high"):
        assert column in measures.columns, column
    assert (measures["rank_low"] <= measures["rank"]).all()
    assert (measures["rank"] <= measures["rank_high"]).all()


def test_rejected_rows_are_listed_with_reasons(sample_report):
    rejected = pd.read_csv(sample_report / "tables" / "rejected.csv")
    assert len(rejected) >= 2
    assert rejected["reason"].notna().all()
    assert rejected["source_file"].notna().all()


def test_tables_xlsx_reads_back_without_formulas(sample_report):
    wb = load_workbook(sample_report / "tables" / "tables.xlsx")
    assert len(wb.sheetnames) >= 5
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{ws.title}!{cell.coordinate} is a formula"


def test_same_seed_gives_identical_tables_and_report_text(sample_report, tmp_path):
    again = tmp_path / "again"
    run_cli("report", str(SAMPLE), "--out", str(again), "--seed", "42")
    for name in TABLES:
        first = (sample_report / "tables" / f"{name}.csv").read_bytes()
        second = (again / "tables" / f"{name}.csv").read_bytes()
        assert first == second, f"tables/{name}.csv differs between two runs"
    assert (sample_report / "index.html").read_text() == (again / "index.html").read_text()


def test_ingest_command_writes_the_ingestion_tables(tmp_path):
    run = run_cli("ingest", str(SAMPLE), "--out", str(tmp_path))
    for name in ("contributions", "rejected", "ratings"):
        assert (tmp_path / "tables" / f"{name}.csv").is_file()
    assert "Eingelesene Dateien" in run.stdout


def test_bad_input_gives_one_paragraph_error_and_nonzero_exit(tmp_path):
    junk = tmp_path / "export.csv"
    junk.write_bytes(bytes(range(256)) * 20)
    run = run_cli("ingest", str(junk), "--out", str(tmp_path / "out"), check=False)
    assert run.returncode != 0
    assert "export.csv" in run.stderr + run.stdout
    assert "Traceback" not in run.stderr


def test_debug_shows_traceback(tmp_path):
    run = run_cli("--debug", "report", str(tmp_path / "missing"), "--out", str(tmp_path / "o"),
                  check=False)
    assert run.returncode != 0
    assert "Traceback" in run.stderr


@pytest.mark.parametrize("seed", ["7"])
def test_decisions_and_seed_options_exist(seed, tmp_path):
    run = run_cli("report", str(SAMPLE), "--out", str(tmp_path / "o"), "--seed", seed,
                  "--decisions", str(tmp_path / "missing.yaml"), check=False)
    assert run.returncode == 1
    assert "review apply" in run.stderr


def test_a_broken_file_is_named_and_the_others_are_still_reported(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "ideen.csv").write_text(
        "Titel;Beschreibung;Handlungsfeld\nRadweg;Radweg am Damm sanieren;Mobilität\n",
        encoding="utf-8",
    )
    (inputs / "forum.xlsx").write_bytes(b"PK\x03\x04 not really a workbook")
    run = run_cli("report", str(inputs), "--out", str(tmp_path / "out"), check=False)
    assert run.returncode == 1
    assert "forum.xlsx" in run.stderr
    assert "Traceback" not in run.stderr
    contributions = pd.read_csv(tmp_path / "out" / "tables" / "contributions.csv")
    assert contributions["text"].tolist() == ["Radweg am Damm sanieren"]


def test_previous_report_folder_keeps_measure_ids_in_a_new_folder(sample_report, tmp_path):
    # An earlier report whose measures carried other ids (as after an earlier review round).
    earlier = tmp_path / "earlier"
    (earlier / "tables").mkdir(parents=True)
    table = pd.read_csv(sample_report / "tables" / "contributions.csv", dtype="string")
    old_ids = {m: f"M-alt{i:05d}" for i, m in enumerate(sorted(table["cluster_measure_id"].unique()))}
    table["cluster_measure_id"] = table["cluster_measure_id"].map(old_ids)
    table["measure_id"] = table["cluster_measure_id"]
    table.to_csv(earlier / "tables" / "contributions.csv", index=False)

    out = tmp_path / "new"
    run_cli("report", str(SAMPLE), "--out", str(out), "--seed", "42", "--previous", str(earlier))
    new = pd.read_csv(out / "tables" / "contributions.csv", dtype="string")
    assert set(new["measure_id"]) == set(old_ids.values())
    assert (new["measure_id"].str.startswith("M-alt")).all()

    missing = run_cli("report", str(SAMPLE), "--out", str(tmp_path / "x"),
                      "--previous", str(tmp_path), check=False)
    assert missing.returncode != 0
    assert "--previous" in missing.stderr and "tables/contributions.csv" in missing.stderr
    assert "Traceback" not in missing.stderr


def test_report_with_a_projects_own_vocabulary(tmp_path):
    """`--config` with an [nlp] glossary: a local abbreviation and local synonyms meet."""
    inputs = tmp_path / "in"
    inputs.mkdir()
    rows = [
        ("AKN öfter", "Die Akn muss öfter fahren"),
        ("Bahn", "Takt der Altona-Kaltenkirchen-Neumünster-Bahn verdichten"),
        ("Bücherei", "Die Stadtbücherei sonntags öffnen"),
        ("Bibliothek", "Bibliothek auch am Wochenende"),
        ("Radwege", "Mehr Radwege bauen"),
        ("Radwege breiter", "Radwege verbreitern und Radwege sanieren"),
        ("WLAN", "WLAN im Rathaus"),
        ("WLAN frei", "Kostenloses WLAN in der Innenstadt"),
        ("Mülleimer", "Mehr Mülleimer im Park"),
        ("Papierkörbe", "Papierkörbe im Stadtpark leeren"),
    ]
    pd.DataFrame(rows, columns=["Titel", "Beschreibung"]).assign(Handlungsfeld="Mobilität").to_csv(
        inputs / "ideen.csv", index=False)
    config = tmp_path / "projekt.toml"
    config.write_text(
        '[nlp]\nabbreviations = { AKN = "Eisenbahn Altona-Kaltenkirchen-Neumünster" }\n'
        '[nlp.concepts]\n"Bücherei" = ["Stadtbücherei", "Bibliothek"]\n'
        # the glossary acts on the word features; with sentence vectors beside them it pulls less
        '[cluster]\nbackend = "tfidf"\n', encoding="utf-8")
    out = tmp_path / "out"
    run_cli("report", str(inputs), "--out", str(out), "--config", str(config))
    contributions = pd.read_csv(out / "tables" / "contributions.csv")
    measure = contributions.set_index("title")["measure_id"]
    assert measure["AKN öfter"] == measure["Bahn"]
    assert measure["Bücherei"] == measure["Bibliothek"] != measure["Radwege"]
    measures = pd.read_csv(out / "tables" / "measures.csv").set_index("measure_id")
    assert "AKN" in measures.loc[measure["Bahn"], "keywords"].split(";")  # as configured, not "Akn"
    assert "Eisenbahn Altona-Kaltenkirchen-Neumünster" in (out / "index.html").read_text(encoding="utf-8")

    bad = tmp_path / "bad.toml"
    bad.write_text('[nlp]\nabbreviations = { AKN = "" }\n', encoding="utf-8")
    run = run_cli("report", str(inputs), "--out", str(tmp_path / "x"), "--config", str(bad), check=False)
    assert run.returncode != 0 and "Traceback" not in run.stderr
    assert "bad.toml" in run.stderr and "nlp.abbreviations.AKN" in run.stderr


def test_review_overview_counts_match_the_report(sample_report):
    """The workbook's Übersicht and the report's table per field give the same numbers."""
    import re

    from openpyxl import load_workbook

    ws = load_workbook(sample_report / "review.xlsx", read_only=True)["Übersicht"]
    rows = list(ws.iter_rows(values_only=True))
    header = list(rows[0])
    overview = {r[0]: dict(zip(header, r, strict=False)) for r in rows[1:6] if r[0]}
    html = (sample_report / "index.html").read_text(encoding="utf-8")
    table = html[html.index("Beiträge je Handlungsfeld"):]
    for field, row in overview.items():
        cells = re.search(
            rf"<td>{re.escape(field)}</td><td[^>]*>([\d.]+)</td><td[^>]*>[^<]*</td>"
            rf"<td[^>]*>[^<]*</td><td[^>]*>([\d.]+)</td><td[^>]*>([\d.]+)</td>",
            table.replace("&amp;", "&"),
        )
        assert cells, field
        n_contrib, n_measures, n_single = (int(x.replace(".", "")) for x in cells.groups())
        assert row["abgelehnt"] == 0  # the sample report has no review decisions
        assert (row["Beiträge"], row["Maßnahmen"], row["Einzelideen"]) == (
            n_contrib, n_measures, n_single), field
