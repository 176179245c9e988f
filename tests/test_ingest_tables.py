"""CSV and XLSX readers: encodings, delimiters, headers, synonyms, values, rejections."""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd
import pytest
from openpyxl import Workbook

from pinneberg_analysis.core.config import Config, FieldsConfig
from pinneberg_analysis.core.fields import FIELDS
from pinneberg_analysis.ingest import load


def write(path, text, encoding="utf-8"):
    path.write_bytes(text.encode(encoding))
    return path


GERMAN = (
    "Export der Ideenplattform (Stand 30.06.2022)\n"
    "\n"
    "Lfd. Nr.;Titel;Beschreibung;Handlungsfeld;Unterstützungen;Datum;Ich bin ...;Stadtteil\n"
    "1;Radweg Damm;Durchgängiger Radweg am Damm;Mobilität;5;04.04.2022;Bürger/in;Thesdorf\n"
    "2;Coworking;Coworking am Bahnhof;Wirtschaft / Handel;viele;2022-04-05;Unternehmen;\n"
    "3;Bürgeramt;Alles online;Verwaltung;3;31.02.2022;;\n"
)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252", "utf-16"])
def test_csv_encodings(tmp_path, encoding):
    write(tmp_path / "ideen.csv", GERMAN, encoding)
    result = load(tmp_path / "ideen.csv")
    c = result.contributions
    assert list(c["title"]) == ["Radweg Damm", "Coworking", "Bürgeramt"]
    assert c["participant_group"].tolist()[:2] == ["Bürgerschaft", "Wirtschaft"]
    assert result.files.loc[0, "status"] == "read"


def test_mostly_utf8_with_a_broken_byte_stays_utf8(tmp_path):
    text = "Titel;Beschreibung;Feld\nGrün;Bäume für die Straße;Lebens- und Wohnumfeld\n"
    (tmp_path / "a.csv").write_bytes(text.encode("utf-8") + b"X;kaputt \xff;Verwaltung\n")
    result = load(tmp_path)
    assert result.contributions["text"].tolist()[0] == "Bäume für die Straße"
    assert "ungültige Bytes ersetzt" in result.files.loc[0, "message"]


def test_csv_values_and_notes(tmp_path):
    write(tmp_path / "ideen.csv", GERMAN, "cp1252")
    result = load(tmp_path)
    c = result.contributions
    assert list(c["source_id"]) == ["1", "2", "3"]
    assert list(c["field"]) == ["Mobilität", "Wirtschaft", "Verwaltung"]
    assert c["date"].iloc[0] == pd.Timestamp("2022-04-04")
    assert c["date"].iloc[1] == pd.Timestamp("2022-04-05")
    assert pd.isna(c["date"].iloc[2])  # 31.02. is no date: row kept, date empty
    assert c["votes"].iloc[0] == 5 and pd.isna(c["votes"].iloc[1])
    assert json.loads(c["extra"].iloc[0]) == {"Stadtteil": "Thesdorf"}
    assert json.loads(c["extra"].iloc[1]) == {}
    assert c["locator"].tolist() == ["Zeile 4", "Zeile 5", "Zeile 6"]
    message = result.files.loc[0, "message"]
    assert "Spalte 'Unterstützungen': keine ganze Zahl >= 0 in 1 Zeile(n), leer gelassen " \
        "(Zeile 5 'viele')" in message
    assert "Spalte 'Datum': kein Datum (TT.MM.JJJJ oder JJJJ-MM-TT) in 1 Zeile(n)" in message
    assert "cp1252" in message and "2 Zeile(n) über der Kopfzeile" in message
    assert result.rejected.empty
    assert str(c["date"].dtype) == "datetime64[ns]"


@pytest.mark.parametrize("delimiter", [";", ",", "\t", "|"])
def test_csv_delimiters(tmp_path, delimiter):
    rows = [["Title", "Description", "Category", "Votes"],
            ["Bike lanes", "Safe, continuous bike lanes", "Mobility; traffic", "3"],
            ["Open data", "Publish the budget", "Verwaltung", "1"]]
    body = "\n".join(delimiter.join(f'"{c}"' if delimiter in c or "," in c or ";" in c else c
                                    for c in r) for r in rows)
    write(tmp_path / "export.csv", body)
    c = load(tmp_path).contributions
    assert c["text"].tolist() == ["Safe, continuous bike lanes", "Publish the budget"]
    assert c["field"].tolist() == ["Mobilität", "Verwaltung"]


def test_csv_multiline_cell_and_physical_lines(tmp_path):
    text = ('Nr;Titel;Beschreibung;Kategorie\n'
            '1;Brief;"Sehr geehrte Damen und Herren,\r\nbitte Radwege.\n\nGrüße";Mobilität\n'
            '2;;;Mobilität\n'
            ';;;\n'
            '3;Tourismus-App;App;Tourismus\n')
    write(tmp_path / "a.csv", text)
    result = load(tmp_path)
    assert result.contributions["text"].iloc[0].startswith("Sehr geehrte")
    rejected = result.rejected.set_index("locator")
    assert rejected.loc["Zeile 6", "reason"] == "Titel und Beschreibung leer"
    assert rejected.loc["Zeile 7", "reason"] == "leere Zeile (alle Zellen leer)"
    assert rejected.loc["Zeile 8", "reason"] == "unbekanntes Handlungsfeld 'Tourismus'"
    assert rejected.loc["Zeile 8", "column"] == "Kategorie"
    for field in FIELDS:
        assert field in rejected.loc["Zeile 8", "hint"]
    assert "config" in rejected.loc["Zeile 8", "hint"]
    files = result.files.iloc[0]
    assert (files.n_read, files.n_accepted, files.n_rejected) == (4, 1, 3)


def test_blank_lines_are_not_rows(tmp_path):
    write(tmp_path / "a.csv", "Titel;Beschreibung;Feld\n\nA;B;Mobilität\n\n\nC;D;Wirtschaft\n")
    result = load(tmp_path, field="Mobilität")
    assert len(result.contributions) == 2 and result.rejected.empty


def test_field_fallbacks(tmp_path):
    write(tmp_path / "wirtschaft-ideen.csv", "Titel;Beschreibung\nA;B\n")
    write(tmp_path / "sonstige.csv", "Titel;Beschreibung\nC;D\n")
    result = load(tmp_path)
    assert result.contributions["field"].tolist() == ["Wirtschaft"]
    rej = result.rejected.iloc[0]
    assert rej["source_file"] == "sonstige.csv" and "--field" in rej["hint"]
    with_default = load(tmp_path, field="verwaltung")
    assert with_default.contributions["field"].tolist() == ["Verwaltung", "Wirtschaft"]


def test_config_aliases_and_extra_fields(tmp_path):
    write(tmp_path / "a.csv", "Titel;Kategorie\nRadtour-App;Tourismus\nKlimakarte;Klima\n")
    config = Config(fields=FieldsConfig(
        extra=["Tourismus"], aliases={"Klima": "Lebens- und Wohnumfeld mit Gesundheit"}))
    c = load(tmp_path, fields=config.fields).contributions
    assert c["field"].tolist() == ["Tourismus", "Lebens- und Wohnumfeld mit Gesundheit"]


def test_huge_cell(tmp_path):
    big = "x" * 300_000  # above the csv module's default field limit of 131072
    write(tmp_path / "a.csv", f'Titel;Beschreibung;Feld\nA;"{big}";Mobilität\n')
    c = load(tmp_path).contributions
    assert len(c["text"].iloc[0]) == 300_000


def test_two_text_columns_give_title_and_text(tmp_path):
    write(tmp_path / "a.csv", "Idee,Beschreibung,Field\nRufbus,Abends nach Waldenau,Mobility\n")
    c = load(tmp_path).contributions
    assert (c["title"].iloc[0], c["text"].iloc[0]) == ("Rufbus", "Abends nach Waldenau")


def test_no_header_fails_with_message(tmp_path):
    write(tmp_path / "a.csv", "foo;bar\n1;2\n")
    write(tmp_path / "b.csv", "Titel;Beschreibung;Feld\nA;B;Mobilität\n")
    result = load(tmp_path)
    assert len(result.contributions) == 1
    assert len(result.errors) == 1 and "a.csv" in str(result.errors[0])
    assert "Kopfzeile" in str(result.errors[0])
    assert result.files.set_index("source_file").loc["a.csv", "status"] == "failed"


def _forum_workbook(path, field_column=False):
    wb = Workbook()
    ws = wb.active
    ws.title = "Mobilität"
    ws.append(["Bürgerforum 14.05.2022"])
    ws.append(["Pinnwand Mobilität"])
    ws.append([])
    ws.append(["Nr.", "Idee", "Punkte", "Bemerkung"])
    ws.append([1, "Radwege durchgängig", 14, "viele Zettel"])
    ws.append([2, "Rufbus", None, None])
    ws.append([None, None, None, None])
    ws.append([3, "Ladesäulen", 2.0, None])
    ws2 = wb.create_sheet("Bildung & Kultur")
    ws2.append(["Nr.", "Idee", "Punkte"])
    ws2.append([1, "Makerspace", 5])
    ws3 = wb.create_sheet("Hinweise")
    ws3.append(["Die Ideen wurden abgeschrieben."])
    if field_column:
        ws4 = wb.create_sheet("Tabelle1")
        ws4.append(["Datum", "Handlungsfeld", "Vorschlag", "Stimmen"])
        ws4.append([dt.datetime(2022, 5, 14), "Verwaltung", "Online-Termine", "3"])
    wb.save(path)
    return path


def test_xlsx_sheets_titles_and_locators(tmp_path):
    _forum_workbook(tmp_path / "forum.xlsx", field_column=True)
    result = load(tmp_path)
    c = result.contributions
    assert c["text"].tolist() == ["Radwege durchgängig", "Rufbus", "Ladesäulen", "Makerspace",
                                  "Online-Termine"]
    assert c["field"].tolist() == ["Mobilität"] * 3 + [FIELDS[4], "Verwaltung"]
    assert c["locator"].tolist()[:4] == ["Blatt Mobilität, Zeile 5", "Blatt Mobilität, Zeile 6",
                                         "Blatt Mobilität, Zeile 8",
                                         "Blatt Bildung & Kultur, Zeile 2"]
    assert c["votes"].tolist()[:3] == [14, pd.NA, 2] or c["votes"].isna().tolist()[1]
    assert c["source_id"].tolist()[:3] == ["1", "2", "3"]
    assert c["date"].iloc[4] == pd.Timestamp("2022-05-14")
    assert c["section"].tolist() == ["idea"] * 5
    message = result.files.loc[0, "message"]
    assert "'Hinweise': keine Tabelle" in message
    assert result.rejected.empty and not result.errors
    # ids differ across sheets although both have Nr. 1
    assert c["contribution_id"].is_unique


def test_xlsx_without_any_table_fails(tmp_path):
    wb = Workbook()
    wb.active.append(["nur Notizen"])
    wb.save(tmp_path / "notes.xlsx")
    result = load(tmp_path)
    assert result.files.loc[0, "status"] == "failed"
    assert "Kopfzeile" in str(result.errors[0])


def test_corrupt_and_renamed_files(tmp_path):
    (tmp_path / "kaputt.xlsx").write_bytes(b"PK\x03\x04 this is not really a zip")
    (tmp_path / "binär.csv").write_bytes(bytes(range(256)) * 20)
    _forum_workbook(tmp_path / "als-csv.csv")
    write(tmp_path / "ok.csv", "Titel;Beschreibung;Feld\nA;B;Mobilität\n")
    result = load(tmp_path)
    assert len(result.contributions) == 1
    files = result.files.set_index("source_file")
    assert files.loc["ok.csv", "status"] == "read"
    for name in ("kaputt.xlsx", "binär.csv", "als-csv.csv"):
        assert files.loc[name, "status"] == "failed"
        assert name in files.loc[name, "message"]
    assert "ZIP-Container" in files.loc["als-csv.csv", "message"]
    assert "NUL-Zeichen" in files.loc["binär.csv", "message"]
    assert "Excel-Arbeitsmappe" in files.loc["kaputt.xlsx", "message"]
    assert len(result.errors) == 3
