"""Workshop notes: Markdown, text and Word; headings, sections, nesting, vote markers."""

from __future__ import annotations

import pandas as pd
import pytest
from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from pinneberg_analysis.ingest import load
from pinneberg_analysis.ingest.outline import extract_votes

MD = """\
# Workshop Mobilität – Runde 1 (virtuell, 03.05.2022)

Moderation: Stadtverwaltung. Stimmen in Klammern (+n).

## Herausforderungen

- Radwege enden plötzlich (+5)
- Bus kommt nie pünktlich 3x

## Ideen

1. Durchgängiges Radwegenetz (+6)
    - Lücken schließen
    - Schutzstreifen markieren
2. DFI-Anzeiger an Haltestellen [3 Punkte]
3) Echtzeitdaten aufs Handy ●●●●
* Ladesäulen
  die auch nachts gehen 2 Punkte
- (+2)

## Nächste Schritte

- Protokoll verschicken
"""


def load_text(tmp_path, name, text, **kwargs):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return load(path, **kwargs)


def test_markdown_sections_nesting_votes(tmp_path):
    result = load_text(tmp_path, "mobilitaet-runde-1.md", MD)
    c = result.contributions
    assert c["text"].tolist() == [
        "Radwege enden plötzlich",
        "Bus kommt nie pünktlich",
        "Durchgängiges Radwegenetz; Lücken schließen; Schutzstreifen markieren",
        "DFI-Anzeiger an Haltestellen",
        "Echtzeitdaten aufs Handy",
        "Ladesäulen die auch nachts gehen",
        "Protokoll verschicken",
    ]
    assert c["votes"].tolist()[:6] == [5, 3, 6, 3, 4, 2]
    assert pd.isna(c["votes"].iloc[6])
    assert c["section"].tolist() == ["challenge"] * 2 + ["idea"] * 4 + ["other"]
    assert set(c["field"]) == {"Mobilität"} and set(c["round"]) == {1}
    assert set(c["date"]) == {pd.Timestamp("2022-05-03")}
    assert set(c["source_kind"]) == {"workshop"}
    assert c["locator"].tolist()[0] == "Zeile 7"
    assert c["title"].tolist() == [""] * 7
    rejected = result.rejected.iloc[0]
    assert rejected["locator"] == "Zeile 19" and rejected["reason"] == "Eintrag ohne Text"
    files = result.files.iloc[0]
    assert (files.n_read, files.n_accepted, files.n_rejected) == (8, 7, 1)


TXT = """\
Workshop Wirtschaft, Runde 2
virtuell am 25.05.2022

HERAUSFORDERUNGEN:
• Zu viele leere Läden [3 Punkte]

Ideen:
1) Digitaler Marktplatz [4 Punkte]
   • Zustellung per Fahrradkurier
2) Coworking im Kaufhaus? [1 Punkt]
"""


def test_text_notes_first_line_and_sections(tmp_path):
    c = load_text(tmp_path, "protokoll.txt", TXT.replace("\n", "\r\n")).contributions
    assert c["text"].tolist() == ["Zu viele leere Läden",
                                  "Digitaler Marktplatz; Zustellung per Fahrradkurier",
                                  "Coworking im Kaufhaus?"]
    assert c["votes"].tolist() == [3, 4, 1]
    assert c["section"].tolist() == ["challenge", "idea", "idea"]
    assert set(c["field"]) == {"Wirtschaft"} and set(c["round"]) == {2}
    assert set(c["date"]) == {pd.Timestamp("2022-05-25")}
    assert c["locator"].tolist() == ["Zeile 5", "Zeile 8", "Zeile 10"]


def test_numbered_round_line_is_a_heading(tmp_path):
    text = "2. Runde Verwaltung\nIdeen:\n1. Online-Termine\n"
    c = load_text(tmp_path, "notizen.txt", text).contributions
    assert c["text"].tolist() == ["Online-Termine"]
    assert (c["round"].iloc[0], c["field"].iloc[0], c["section"].iloc[0]) == (
        2, "Verwaltung", "idea")


def test_field_round_from_file_name_and_default(tmp_path):
    text = "## Ideen\n- Sensoren an Bäumen\n"
    c = load_text(tmp_path, "lebensumfeld-r2.md", text).contributions
    assert c["field"].iloc[0] == "Lebens- und Wohnumfeld mit Gesundheit"
    assert c["round"].iloc[0] == 2
    other = tmp_path / "sub"
    other.mkdir()
    result = load_text(other, "notizen.md", text)
    assert result.contributions.empty and "--field" in result.rejected["hint"].iloc[0]
    assert load(other / "notizen.md", field="Verwaltung").contributions["field"].iloc[0] == (
        "Verwaltung")


def test_several_fields_in_one_file_and_heading_styles(tmp_path):
    text = """\
Mobilität
=========

**Ideen**
- Rufbus

Wirtschaft
----------

Probleme:
- Leerstand

> ### Verwaltung, 2. Runde
> - Online-Termine (+1)

```
- kein Beitrag im Codeblock
```
<!-- - auch kein Beitrag -->
| Idee | Punkte |
|------|-------:|
| Open Data | 2 |
|  |  |
"""
    result = load_text(tmp_path, "sammlung.md", text)
    c = result.contributions
    assert c["text"].tolist() == ["Rufbus", "Leerstand", "Online-Termine", "Open Data"]
    assert c["field"].tolist() == ["Mobilität", "Wirtschaft", "Verwaltung", "Verwaltung"]
    assert c["section"].tolist() == ["idea", "challenge", "other", "idea"]
    assert c["round"].tolist()[2:] == [2, 2]
    assert c["votes"].tolist()[2:] == [1, 2]
    assert result.rejected["reason"].tolist() == ["leere Zeile (alle Zellen leer)"]


def test_unclosed_code_block_is_reported(tmp_path):
    result = load_text(tmp_path, "mobilitaet.md", "- A\n```\n- B\n")
    assert result.contributions["text"].tolist() == ["A"]
    assert "Ein Codeblock, geöffnet in Zeile 2, wird nie geschlossen" in result.files.loc[0, "message"]


def test_deep_nesting_does_not_recurse(tmp_path):
    depth = 5000
    lines = ["# Mobilität", "- Wurzel"] + [" " * (2 * i) + "- tiefer" for i in range(1, depth)]
    lines += ["> " * depth + "- zitiert"]
    c = load_text(tmp_path, "tief.md", "\n".join(lines)).contributions
    assert c["text"].iloc[0].count("tiefer") == depth - 1
    assert c["text"].iloc[1] == "zitiert"


@pytest.mark.parametrize("raw, text, votes", [
    ("Idee (+3)", "Idee", 3), ("Idee ( + 12 )", "Idee", 12), ("Idee [3 Punkte]", "Idee", 3),
    ("Idee (1 Stimme)", "Idee", 1), ("Idee 3 Punkte", "Idee", 3), ("Idee – 4 Pkt.", "Idee", 4),
    ("Idee 3x", "Idee", 3), ("Idee ●●●", "Idee", 3), ("Idee •• •", "Idee", 3),
    ("Idee +2", "Idee", 2), ("(+2) Idee", "Idee", 2),
    ("Tempo 30 in 3 Straßen", "Tempo 30 in 3 Straßen", None),
    ("3x pro Woche Markt", "3x pro Woche Markt", None), ("Runde (2022)", "Runde (2022)", None),
])
def test_vote_markers(raw, text, votes):
    assert extract_votes(raw) == (text, votes)


def _numbered(paragraph, level):
    ppr = paragraph._p.get_or_add_pPr()
    num = OxmlElement("w:numPr")
    ilvl = OxmlElement("w:ilvl")
    ilvl.set(qn("w:val"), str(level))
    num_id = OxmlElement("w:numId")
    num_id.set(qn("w:val"), "1")
    num.append(ilvl)
    num.append(num_id)
    ppr.append(num)


def test_docx_lists_nesting_tables(tmp_path):
    doc = Document()
    doc.add_heading("Workshop Verwaltung – Runde 1 (virtuell, 06.05.2022)", level=1)
    doc.add_paragraph("Protokoll, 14 Teilnehmende.")
    doc.add_heading("Herausforderungen", level=2)
    doc.add_paragraph("Zu viele Wege ins Rathaus (+6)", style="List Bullet")
    doc.add_heading("Ideen", level=2)
    doc.add_paragraph("Digitales Bürgeramt (+8)", style="List Number")
    doc.add_paragraph("Login über BundID", style="List Bullet 2")
    paragraph = doc.add_paragraph("Mängelmelder-App")
    _numbered(paragraph, 0)
    detail = doc.add_paragraph("mit Foto")
    _numbered(detail, 1)
    doc.add_paragraph("• Ratsversammlung als Livestream ●●")
    doc.add_heading("Priorisierung", level=2)
    table = doc.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "Idee"
    table.rows[0].cells[1].text = "Punkte"
    for idea, points in (("Open-Data-Portal", "2"), ("Stadt-App", ""), ("", "")):
        cells = table.add_row().cells
        cells[0].text, cells[1].text = idea, points
    other = doc.add_table(rows=2, cols=2)
    other.rows[0].cells[0].text = "Name"
    other.rows[1].cells[0].text = "Frau X"
    doc.save(tmp_path / "notizen.docx")
    result = load(tmp_path)
    c = result.contributions
    assert c["text"].tolist() == [
        "Zu viele Wege ins Rathaus", "Digitales Bürgeramt; Login über BundID",
        "Mängelmelder-App; mit Foto", "Ratsversammlung als Livestream", "Open-Data-Portal",
        "Stadt-App",
    ]
    assert c["section"].tolist() == ["challenge"] + ["idea"] * 5
    assert c["votes"].tolist()[:2] == [6, 8] and c["votes"].tolist()[3:5] == [2, 2]
    assert c["locator"].tolist() == ["Absatz 4", "Absatz 6", "Absatz 8", "Absatz 10",
                                     "Tabelle 1, Zeile 2", "Tabelle 1, Zeile 3"]
    assert set(c["field"]) == {"Verwaltung"} and set(c["round"]) == {1}
    assert set(c["date"]) == {pd.Timestamp("2022-05-06")}
    assert result.rejected["locator"].tolist() == ["Tabelle 1, Zeile 4"]
    assert "Tabelle 2: keine Spalte mit Ideen" in result.files.loc[0, "message"]
    assert c["source_kind"].tolist() == ["workshop"] * 6


def test_broken_docx_is_an_input_error(tmp_path):
    (tmp_path / "kaputt.docx").write_bytes(b"PK\x03\x04garbage")
    (tmp_path / "leer.docx").write_bytes(b"")
    result = load(tmp_path)
    assert list(result.files["status"]) == ["failed", "failed"]
    assert all("Word-Dokument" in str(e) for e in result.errors)
