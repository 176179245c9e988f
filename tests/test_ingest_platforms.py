"""Platform exports (Decidim, CONSUL, adhocracy+, DIPAS, Abwägungstabelle, Polis, Miro):
read without options, with text, votes, dates, fields and links to proposals right."""

from __future__ import annotations

import datetime as dt
import json
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from pinneberg_analysis.core.errors import InputError
from pinneberg_analysis.ingest import format_names, load
from pinneberg_analysis.ingest.platforms import all_platforms, detect_platform, get_platform
from tests.platform_exports import ASSETS, PERSONAL, write_exports

MOB, WIR, VER = "Mobilität", "Wirtschaft", "Verwaltung"
LEB, ZUS = "Lebens- und Wohnumfeld mit Gesundheit", "Zusammenleben, Bildung und Kultur"


@pytest.fixture(scope="module")
def exports(tmp_path_factory) -> Path:
    return write_exports(tmp_path_factory.mktemp("exports"))


@pytest.fixture(scope="module")
def result(exports):
    return load(exports)


def _rows(result, source_file: str) -> pd.DataFrame:
    c = result.contributions
    return c[c["source_file"] == source_file].set_index("source_id")


def _rejected(result, source_file: str) -> pd.DataFrame:
    r = result.rejected
    return r[r["source_file"] == source_file]


def test_every_file_is_read_and_accounted_for(result):
    assert result.errors == []
    files = result.files.set_index("source_file")
    assert (files["status"] == "read").all()
    assert (files["n_read"] == files["n_accepted"] + files["n_rejected"]).all()


def test_decidim_027_csv(result):
    rows = _rows(result, "decidim-0.27-proposals.csv")
    assert list(rows.index) == ["101", "102", "104"]
    assert rows.loc["101", "title"] == "Sichere Radwege zur Schule"  # German, not English
    assert rows.loc["101", "text"].startswith("Die Kinder brauchen")  # HTML stripped
    assert "<p>" not in "".join(rows["text"])
    assert rows["votes"].tolist() == [42, 17, 0]  # supports, not endorsements
    assert rows["field"].tolist() == [MOB, LEB, MOB]  # Verkehr, Umwelt
    assert rows.loc["101", "date"] == pd.Timestamp("2023-05-04")
    # Decidim's protective apostrophe is undone
    assert rows.loc["104", "title"] == "=Tempo 30 vor allen Schulen"
    assert rows.loc["104", "text"].startswith("-Tempo 30")
    extra = json.loads(rows.loc["101", "extra"])
    assert extra["reference"] == "PB-PROP-2023-05-101"
    assert extra["endorsements/total_count"] == "5"
    assert not any(k.startswith("author") for k in extra)
    rejected = _rejected(result, "decidim-0.27-proposals.csv")
    assert rejected["value"].tolist() == ["Sport und Freizeit"]
    assert rejected["title"].tolist() == ["Skatepark am Stadion"]
    assert rejected["text"].iloc[0].startswith("Ein Skatepark")


def test_decidim_028_json_takes_any_locale_when_german_is_missing(result):
    rows = _rows(result, "decidim-0.28-proposals.json")
    assert rows.loc["301", "field"] == MOB  # taxonomies/name/de
    assert rows.loc["301", "votes"] == 31
    assert rows.loc["301", "text"] == "Carsharing-Stationen an beiden Bahnhöfen einrichten."
    rejected = _rejected(result, "decidim-0.28-proposals.json")
    assert rejected["title"].tolist() == ["Online appointments at the town hall"]
    assert rejected["value"].tolist() == ["Administration"]


def test_decidim_open_data_zip_links_comments_to_proposals(result):
    rows = result.contributions[result.contributions["source_file"] == "smartcity-open-data.zip"]
    by_id = rows.set_index("source_id")
    assert set(by_id.index) == {"201", "202", "901", "902", "903"}  # results.csv not read
    ids = by_id["contribution_id"]
    assert by_id.loc["901", "parent_id"] == ids["201"]
    assert by_id.loc["902", "parent_id"] == ids["201"]  # a reply: root proposal
    assert by_id.loc["903", "parent_id"] == ids["202"]
    assert by_id.loc["901", "field"] == ZUS  # inherited from the proposal (Bildung)
    assert by_id.loc["903", "field"] == WIR
    assert by_id.loc["901", "section"] == "other"
    assert json.loads(by_id.loc["901", "extra"])["Haltung"] == "dafür"
    assert pd.isna(by_id.loc["201", "parent_id"])
    assert by_id.loc["201", "votes"] == 12
    assert by_id.loc["901", "locator"].startswith("smartcity-open-data-proposal_comments.csv")


def test_decidim_xlsx_is_read_like_the_csv(tmp_path):
    from openpyxl import Workbook

    lines = (ASSETS / "decidim-0.27-proposals.csv").read_text(encoding="utf-8").splitlines()
    book = Workbook()
    for line in lines:
        book.active.append(line.split(";"))
    book.save(tmp_path / "export.xlsx")
    rows = load(tmp_path).contributions.set_index("source_id")
    assert rows["votes"].tolist() == [42, 17, 0]
    assert rows.loc["101", "field"] == MOB


def test_consul(result):
    rows = _rows(result, "consul-proposals.json")
    assert rows.loc["11", "votes"] == 64
    assert rows.loc["11", "field"] == VER
    assert rows.loc["11", "text"].startswith("Viele arbeiten")
    assert rows.loc["11", "date"] == pd.Timestamp("2022-09-02")
    comment = _rows(result, "consul-comments.json").loc["501"]
    assert comment["parent_id"] == rows.loc["11", "contribution_id"]
    assert (comment["field"], comment["votes"]) == (VER, 6)
    assert comment["text"] == "Samstags wäre ideal für Berufstätige."
    budget = _rejected(result, "consul-budget-investments.csv")
    assert budget["title"].tolist() == ["Trinkbrunnen im Stadtpark", "Fahrradständer am Rathaus"]
    # with a field the budget investments are read, supports as votes
    alone = load(ASSETS / "consul-budget-investments.csv", field="Lebens- und Wohnumfeld")
    assert alone.contributions["votes"].tolist() == [57, 23]
    assert alone.contributions["source_id"].tolist() == ["1", "2"]


def test_consul_german_headers(tmp_path):
    (tmp_path / "investitionen.csv").write_text(
        "ID;Titel;Beschreibung;Unterstützungen;Administrator;Begutachter;Gebiet;"
        "Durchführbarkeit;Ausgewählt\n"
        "5;Mehr Mülleimer;Am Bahnhof fehlen Mülleimer.;12;Petra Verwaltung;-;Nord;ja;nein\n",
        encoding="utf-8")
    got = load(tmp_path, field="Lebens- und Wohnumfeld")
    assert got.recognised[0].endswith("als Export von CONSUL (Bürgerhaushalt) gelesen")
    assert got.contributions["votes"].tolist() == [12]
    assert "Petra" not in got.contributions["extra"].iloc[0]


def test_adhocracy(result):
    rows = _rows(result, "adhocracy-ideen.xlsx")
    assert rows.loc["2023-00042", "votes"] == 15  # Positive Bewertungen (trailing space)
    assert rows.loc["2023-00042", "field"] == ZUS  # Kategorie Kultur
    assert rows.loc["2023-00042", "date"] == pd.Timestamp("2023-03-01")
    assert rows.loc["2023-00042", "text"] == "Ein offener Bücherschrank zum Tauschen am Marktplatz."
    extra = json.loads(rows.loc["2023-00042", "extra"])
    assert extra["Negative Bewertungen"] == "2"
    assert not {"Urheber", "Ihre E-Mailadresse", "Ihre Telefonnummer"} & set(extra)


def test_dipas_contributions_and_comments(result):
    rows = _rows(result, "dipas-contributions.csv")
    assert rows.loc["4711", "votes"] == 11  # upvotes
    assert rows.loc["4711", "field"] == MOB
    assert rows.loc["4711", "section"] == "idea"  # Rubric "Idee"
    comments = _rows(result, "dipas-comments.csv")
    assert comments.loc["77", "parent_id"] == rows.loc["4711", "contribution_id"]
    assert comments.loc["77", "field"] == MOB
    assert comments.loc["77", "date"] == pd.Timestamp("2021-06-03")


def test_abwaegungstabelle_merges_rows_per_statement(result):
    rows = _rows(result, "abwaegungstabelle.xlsx")
    assert list(rows.index) == ["ST-1", "ST-2"]
    assert rows.loc["ST-1", "field"] == MOB  # the first tag that names a field
    assert rows.loc["ST-1", "locator"].endswith("Zeilen 2, 3")
    assert json.loads(rows.loc["ST-1", "extra"])["Schlagworte"] == "Lärmschutz; Verkehr"
    assert rows.loc["ST-1", "votes"] == 3
    assert any("3 Zeilen zu 2 Stellungnahmen" in line for line in result.recognised)


def test_polis_moderated_out_comments_are_rejected_with_their_text(result):
    rows = _rows(result, "polis-verkehr-comments.csv")
    assert rows["votes"].tolist() == [25, 3]  # agrees
    assert rows.loc["0", "date"] == pd.Timestamp(dt.date(2022, 6, 14))
    rejected = _rejected(result, "polis-verkehr-comments.csv")
    assert rejected["reason"].str.contains("Moderation").tolist() == [True, True]
    assert rejected["text"].tolist() == ["Alle Autofahrer sind Idioten.",
                                         "<img src=x onerror=alert(1)> Werbung für Autohaus"]


def test_miro_json_and_csv(result, exports):
    rows = _rows(result, "miro-board.json")
    assert rows["text"].tolist() == ["Mehr Fahrradbügel am Markt"]  # HTML stripped
    assert rows["field"].tolist() == [MOB]  # frame title
    question = _rejected(result, "miro-board.json")
    assert question["text"].tolist() == ["Sitzbänke und Schatten"]
    with_field = load(exports / "miro-board.json", field="Lebens- und Wohnumfeld")
    note = with_field.contributions.set_index("text").loc["Sitzbänke und Schatten"]
    assert json.loads(note["extra"])["Frage"] == "Was fehlt in der Innenstadt?"
    board = _rows(result, "miro-board.csv")
    assert board["text"].tolist() == ["Ein Nachbarschaftsfest im Sommer", "Treffpunkt für Senioren"]


def test_miro_wide_board_forced_with_format(tmp_path):
    (tmp_path / "board.csv").write_text(
        "Mobilität;Wirtschaft\nMehr Busse am Abend;Wochenmarkt auch samstags\n;Coworking im Rathaus\n",
        encoding="utf-8")
    got = load(tmp_path, format="miro")
    assert sorted(zip(got.contributions["field"], got.contributions["text"])) == [
        (MOB, "Mehr Busse am Abend"), (WIR, "Coworking im Rathaus"),
        (WIR, "Wochenmarkt auch samstags")]


def test_format_forces_an_adapter_and_unknown_names_are_refused(tmp_path):
    (tmp_path / "c.csv").write_text("comment-body,agrees,moderated\nMehr Bänke,4,-1\nMehr Licht,2,1\n",
                                    encoding="utf-8")
    got = load(tmp_path, format="polis", field="Mobilität")
    assert got.contributions["text"].tolist() == ["Mehr Licht"]
    assert got.rejected["text"].tolist() == ["Mehr Bänke"]
    with pytest.raises(InputError, match="unbekanntes Format") as info:
        load(tmp_path, format="facebook")
    assert "decidim" in info.value.hint


def test_format_leaves_a_ratings_table_beside_the_exports_alone(tmp_path):
    (tmp_path / "comments.csv").write_text("comment-id,comment-body,agrees,moderated\n"
                                           "0,Mehr Licht im Park,2,1\n", encoding="utf-8")
    (tmp_path / "bewertungen.csv").write_text("Maßnahme;Bewerter;Wirkung;Kosten\n"
                                              "Mehr Licht;Fachdienst A;4;2\n", encoding="utf-8")
    got = load(tmp_path, format="polis", field="Mobilität")
    assert got.contributions["text"].tolist() == ["Mehr Licht im Park"]
    assert sorted(got.ratings["criterion"]) == ["Kosten", "Wirkung"]


def test_registry_finds_every_module():
    import pinneberg_analysis.ingest.platforms as package

    modules = {p.stem for p in Path(package.__file__).parent.glob("*.py")}
    modules -= {"__init__", "base"}
    names = {p.name.split(":")[0] for p in all_platforms()}
    assert names == {"decidim", "consul", "adhocracy", "dipas", "abwaegung", "polis", "miro"}
    assert len(modules) == len(names)
    assert format_names() == sorted(names)
    assert len({p.name for p in all_platforms()}) == len(all_platforms())
    assert get_platform("DECIDIM")[0].name == "decidim"


@pytest.mark.parametrize("header", [
    ["Titel", "Beschreibung", "Handlungsfeld", "Punkte"],
    ["Idee", "Gruppe", "Datum"],
    ["Title", "Description", "Category", "Votes", "Created"],
])
def test_ordinary_tables_are_no_platform_export(header):
    assert detect_platform(header) is None


@pytest.fixture(scope="module")
def cli_report(exports, tmp_path_factory):
    """`pinneberg-analysis report` on every export, as a user runs it."""
    import os
    import subprocess
    import sys

    out = tmp_path_factory.mktemp("report") / "out"
    run = subprocess.run(
        [sys.executable, "-m", "pinneberg_analysis", "report", str(exports), "--out", str(out)],
        capture_output=True, text=True, env={**os.environ, "COLUMNS": "200"})
    return run, out


def test_no_personal_value_in_any_output(cli_report):
    run, out = cli_report
    assert run.returncode == 0, run.stderr
    assert "als Export von Decidim (Vorschläge) gelesen" in run.stdout
    assert "Kategorie(n) ohne Handlungsfeld: 'Sport und Freizeit'" in run.stderr
    files = [f for f in out.rglob("*") if f.is_file()]
    assert {"contributions.csv", "rejected.csv", "index.html", "review.xlsx"} <= {f.name for f in files}
    for path in files:
        data = path.read_bytes()
        if data[:2] == b"PK":
            with zipfile.ZipFile(path) as archive:
                data = b"".join(archive.read(n) for n in archive.namelist())
        text = data.decode("utf-8", "replace")
        for value in PERSONAL:
            assert value not in text, f"{value!r} in {path.name}"
    rejected = pd.read_csv(out / "tables" / "rejected.csv", dtype=str)
    assert {"value", "title", "text"} <= set(rejected.columns)
    assert "Skatepark am Stadion" in set(rejected["title"])
    contributions = pd.read_csv(out / "tables" / "contributions.csv", dtype=str)
    assert contributions["parent_id"].notna().sum() == 5  # Decidim 3, DIPAS 1, CONSUL 1


@pytest.mark.browser
def test_report_shows_warnings_and_rejected_text_in_chromium(cli_report):
    import shutil

    playwright = pytest.importorskip("playwright.sync_api")
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(chromium).exists():
        pytest.skip("needs Debian's Chromium (apt-get install chromium)")
    run, out = cli_report
    assert run.returncode == 0, run.stderr
    with playwright.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, headless=True,
                                     args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page()
        dialogs: list[str] = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.goto((out / "index.html").as_uri())
        banner = page.locator("aside.ingest-warnings")
        assert banner.is_visible()
        assert "Sport und Freizeit" in banner.inner_text()
        assert "[fields.aliases]" in banner.inner_text()
        # the banner comes before the first section of the report
        first = page.locator("section").first
        assert banner.bounding_box()["y"] < first.bounding_box()["y"]
        rejected = page.locator("table.rejected").inner_text()
        assert "Skatepark am Stadion" in rejected
        assert "<img src=x onerror=alert(1)> Werbung für Autohaus" in rejected  # shown as text
        assert page.locator("table.rejected img").count() == 0
        assert dialogs == []
        browser.close()
