"""Columns recognised by content, [ingest.columns], rejected rows that show what they said,
loud lines for files rejected for one reason, and `report` with nothing left."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pinneberg_analysis.ingest import load
from pinneberg_analysis.ingest.columns import contribution_target

SCHOOL = (
    "Karte;Gruppe;Was wir uns wünschen;Kurz gesagt;Herzchen;Wann\n"
    "K1;Verkehr;Wir wünschen uns einen sicheren Schulweg mit Zebrastreifen;Zebrastreifen;12;"
    "04.05.2023\n"
    "K2;Bildung;Die Schule braucht mehr Tablets und schnelles Internet im Klassenraum;Tablets;"
    "7;04.05.2023\n"
    "K3;Soziales;Ein Jugendtreff im Stadtteil mit Musikraum wäre schön;Jugendtreff;3;05.05.2023\n"
    "K4;Umwelt;Mehr Bäume und Wasserspender auf dem Schulhof im Sommer;Schulhof;0;05.05.2023\n"
)


def test_school_table_with_unknown_headers_is_read_by_content(tmp_path):
    (tmp_path / "schule.csv").write_text(SCHOOL, encoding="utf-8")
    got = load(tmp_path)
    c = got.contributions
    assert len(c) == 4 and got.rejected.empty
    assert c["field"].tolist() == ["Mobilität", "Zusammenleben, Bildung und Kultur",
                                   "Zusammenleben, Bildung und Kultur",
                                   "Lebens- und Wohnumfeld mit Gesundheit"]
    assert c["text"].iloc[0].startswith("Wir wünschen uns")
    assert c["title"].tolist() == ["Zebrastreifen", "Tablets", "Jugendtreff", "Schulhof"]
    assert c["votes"].tolist() == [12, 7, 3, 0]
    assert c["date"].iloc[0] == pd.Timestamp("2023-05-04")
    assert c["source_id"].tolist() == ["K1", "K2", "K3", "K4"]
    # "Gruppe" names a participant group by its header, but its values are fields
    assert c["participant_group"].isna().all()
    lines = "\n".join(got.recognised)
    assert "Spalte 'Gruppe' als Handlungsfeld erkannt: 4 von 4 Werten passen" in lines
    assert "Spalte 'Was wir uns wünschen' als Text erkannt" in lines
    assert "Spalte 'Herzchen' als Stimmen erkannt" in lines


def test_config_columns_override_name_and_content(tmp_path):
    (tmp_path / "schule.csv").write_text(SCHOOL, encoding="utf-8")
    got = load(tmp_path, config={"columns": {"Kurz gesagt": "text", "Was wir uns wünschen":
                                             "ignore", "Herzchen": "ignore"}})
    c = got.contributions
    assert c["text"].tolist() == ["Zebrastreifen", "Tablets", "Jugendtreff", "Schulhof"]
    assert c["votes"].isna().all()
    assert "Herzchen" not in "".join(c["extra"])
    assert any("laut [ingest.columns]" in line for line in got.recognised)


def test_document_id_is_kept_as_source_id(tmp_path):
    (tmp_path / "a.csv").write_text(
        "document_id;Titel;Beschreibung;Handlungsfeld\nD-17;Radweg;Mehr Radwege;Mobilität\n",
        encoding="utf-8")
    assert load(tmp_path).contributions["source_id"].tolist() == ["D-17"]


def test_rejected_rows_show_title_text_and_value(tmp_path):
    (tmp_path / "a.csv").write_text(
        "Titel;Beschreibung;Handlungsfeld\nSkatepark;Ein Skatepark am Stadion;Sport und Freizeit\n"
        "Radweg;Mehr Radwege;Mobilität\n", encoding="utf-8")
    got = load(tmp_path)
    row = got.rejected.iloc[0]
    assert (row["title"], row["text"], row["value"], row["column"]) == (
        "Skatepark", "Ein Skatepark am Stadion", "Sport und Freizeit", "Handlungsfeld")
    assert any("'Sport und Freizeit' (1)" in w and "[fields.aliases]" in w for w in got.warnings)


def test_file_rejected_for_one_reason_gets_one_loud_line(tmp_path):
    (tmp_path / "ideen.csv").write_text(
        "Titel;Beschreibung\nA;Mehr Bänke im Park\nB;Längere Öffnungszeiten\n", encoding="utf-8")
    got = load(tmp_path)
    assert len(got.contributions) == 0
    assert got.warnings == [
        got.warnings[0]] and got.warnings[0].startswith(
        "ideen.csv: 2 von 2 Zeilen abgelehnt, Grund: kein Handlungsfeld angegeben. So beheben:")
    assert "--field" in got.warnings[0]


def test_report_with_nothing_left_ends_with_the_reason(tmp_path):
    (tmp_path / "ideen.csv").write_text(
        "Titel;Beschreibung\nA;Mehr Bänke im Park\nB;Längere Öffnungszeiten\n", encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "pinneberg_analysis", "report", str(tmp_path / "ideen.csv"),
         "--out", str(tmp_path / "out")], capture_output=True, text=True)
    assert run.returncode == 1
    assert "no contributions to cluster" not in run.stderr
    message = " ".join(run.stderr.split())
    assert "Keine Beiträge zum Auswerten übrig" in message
    assert "kein Handlungsfeld angegeben" in message and "--field" in message


def test_cli_ingest_says_what_it_took_for_what(tmp_path):
    (tmp_path / "schule.csv").write_text(SCHOOL, encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "pinneberg_analysis", "ingest", str(tmp_path / "schule.csv"),
         "--out", str(tmp_path / "out")], capture_output=True, text=True,
        env={**__import__("os").environ, "COLUMNS": "250"})
    assert run.returncode == 0, run.stderr
    assert "Spalte 'Gruppe' als Handlungsfeld erkannt: 4 von 4 Werten passen" in run.stdout


_FIELDS = ["Verkehr", "Bildung", "Soziales", "Umwelt", "Wirtschaft", "Verwaltung", "Mobilität"]
_TEXTS = ["Mehr sichere Radwege entlang der Hauptstraße bauen",
          "Ein offenes Café für alle Generationen im Stadtteil einrichten",
          "Längere Öffnungszeiten im Bürgerbüro am Samstag anbieten",
          "Schattige Bänke und Trinkbrunnen in der Fußgängerzone aufstellen"]
_names = st.text(alphabet="abcdefghijklmnopqrstuvwxyzäöü ", min_size=3, max_size=14).map(
    str.strip).filter(lambda n: len(n) >= 3 and contribution_target(n) is None)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(names=st.lists(_names, min_size=3, max_size=3, unique=True),
       order=st.permutations([0, 1, 2]),
       rows=st.lists(st.tuples(st.sampled_from(_FIELDS), st.sampled_from(_TEXTS),
                               st.integers(0, 300)), min_size=3, max_size=8))
def test_property_unknown_headers_any_order_every_row_accepted(tmp_path_factory, names, order,
                                                               rows):
    folder = tmp_path_factory.mktemp("prop")
    columns = [names[i] for i in order]
    lines = [";".join(columns)]
    for field, text, votes in rows:
        values = {0: field, 1: text, 2: str(votes)}
        lines.append(";".join(values[i] for i in order))
    (folder / "tabelle.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    got = load(folder)
    assert got.rejected.empty
    c = got.contributions
    assert c["text"].tolist() == [t for _, t, _ in rows]
    assert c["votes"].tolist() == [v for _, _, v in rows]
    assert c["field"].notna().all() and len(c) == len(rows)


def test_text_beside_a_title_named_by_header(tmp_path):
    (tmp_path / "a.csv").write_text(
        "Headline,What is your suggestion?,Topic area\n"
        "Radweg,Ein durchgehender Radweg an der Hauptstraße wäre gut,Verkehr\n"
        "Bänke,Mehr Bänke und Schatten im Stadtpark aufstellen bitte,Umwelt\n", encoding="utf-8")
    c = load(tmp_path).contributions
    assert c["title"].tolist() == ["Radweg", "Bänke"]
    assert c["text"].str.startswith(("Ein durchgehender", "Mehr Bänke")).all()
    assert c["field"].tolist() == ["Mobilität", "Lebens- und Wohnumfeld mit Gesundheit"]


def test_platform_export_keeps_an_id_column_named_by_synonym(tmp_path):
    (tmp_path / "ideen.csv").write_text(
        "Nr.;Titel;Beschreibung;Kategorie;Status;Link;Urheber\n"
        "7;Radweg;Mehr Radwege bitte;Verkehr;offen;https://x.example/7;Erika Mustermann\n",
        encoding="utf-8")
    got = load(tmp_path)
    assert any("adhocracy+" in line for line in got.recognised)
    c = got.contributions
    assert c["source_id"].tolist() == ["7"] and "Erika" not in c["extra"].iloc[0]


def test_group_column_of_one_field_name_stays_a_group(tmp_path):
    (tmp_path / "mobilitaet.csv").write_text(
        "Titel;Beschreibung;Ich bin\nBus;Mehr Busse am Abend;Verwaltung\n"
        "Rad;Mehr Radwege;Verwaltung\n", encoding="utf-8")
    c = load(tmp_path).contributions
    assert c["field"].tolist() == ["Mobilität", "Mobilität"]  # from the file name
    assert c["participant_group"].tolist() == ["Verwaltung", "Verwaltung"]
