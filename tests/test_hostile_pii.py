"""Issue 19, item 8: the greeting and signature forms of German letters and e-mails.

"Mit freundlichem Gruß <Vorname Nachname>" let the name through (to contributions, keywords,
both workbooks and the HTML keyword list) when the surname is also a German noun.
"""

from __future__ import annotations

import re
import zipfile

import pandas as pd
import pytest
from conftest import run_cli
from openpyxl import load_workbook

from pinneberg_analysis.privacy import redact_text

GREETINGS = [
    "Mit freundlichem Gruß {}", "Mit freundlichem Gruß, {}", "Mit freundlichem Gruß\n{}",
    "Mit freundlichen Grüßen {}", "Mit freundlichen Grüssen, {}", "Mit freundlichem Gruss {}",
    "MfG {}", "MfG, {}", "Mfg {}", "mfg {}", "VG {}", "VG, {}", "vg {}", "LG {}", "Lg, {}",
    "Viele Grüße {}", "Viele Grüße, {}", "Viele Grüße\n{}", "Gruß {}", "Grüße, {}",
    "Liebe Grüße {}", "Beste Grüße\n{}", "Herzliche Grüße aus Thesdorf, {}",
]
# Surnames that are also nouns, a first name that is also a word, a rare first name.
NAMES = ["Bernd Grube", "Ilse Sommer", "Heide Winter", "Thees Wulf", "Karl-Heinz Brandt",
         "Jörg Hansen", "J. Vogel"]


@pytest.mark.parametrize("greeting", GREETINGS)
@pytest.mark.parametrize("name", NAMES)
def test_the_name_after_a_greeting_is_redacted(greeting, name):
    text = "Bitte mehr Radbügel am Bahnhof. " + greeting.format(name)
    redacted, counts = redact_text(text)
    parts = [p for p in re.split(r"[\s.-]+", name) if len(p) > 1]
    assert not any(p in redacted for p in parts), redacted
    assert counts["Name"] >= 1
    assert redacted.startswith("Bitte mehr Radbügel am Bahnhof.")


@pytest.mark.parametrize("text", [
    "Mit freundlichem Gruß Ihr Seniorenbeirat",
    "Viele Grüße aus dem Stadtteil Thesdorf",
    "Mit freundlichem Gruß an die Verwaltung und vielen Dank für die Mühe.",
    "Grüße an den Bürgermeister",
])
def test_greetings_without_a_name_stay(text):
    assert redact_text(text)[0] == text


def test_a_signed_name_reaches_no_output(tmp_path):
    data = tmp_path / "daten"
    data.mkdir()
    rows = [("Mobilität", f"Radweg am Bahnhof sicherer machen, Vorschlag {n}.\n"
             "Mit freundlichem Gruß Bernd Grube") for n in range(5)]
    rows += [("Mobilität", f"Busse öfter fahren lassen, Idee {n}. MfG Ilse Sommer")
             for n in range(5)]
    pd.DataFrame(rows, columns=["Handlungsfeld", "Beitrag"]).to_csv(
        data / "ideen.csv", sep=";", index=False)
    out = tmp_path / "bericht"
    run_cli("report", str(data), "--out", str(out), "--seed", "42")
    texts = {p.relative_to(out).as_posix(): p.read_text(encoding="utf-8")
             for p in out.rglob("*") if p.suffix in (".csv", ".html")}
    for p in out.rglob("*.xlsx"):
        wb = load_workbook(p, read_only=True)
        texts[p.name] = "\n".join(str(c) for ws in wb.worksheets
                                  for row in ws.iter_rows(values_only=True) for c in row)
        with zipfile.ZipFile(p) as archive:
            texts[p.name] += "".join(archive.read(n).decode("utf-8", "replace")
                                     for n in archive.namelist())
    for word in ("Grube", "Sommer", "Bernd", "Ilse"):
        leaks = [name for name, text in texts.items() if word in text]
        assert leaks == [], f"{word} in {leaks}"
