"""Platform exports for the tests: the text fixtures of tests/assets/ingest/platforms plus
the XLSX exports (adhocracy+, Abwägungstabelle, a Decidim XLSX) and the Decidim open-data
ZIP, written from the rows below."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

from openpyxl import Workbook

ASSETS = Path(__file__).parent / "assets" / "ingest" / "platforms"

#: Values of personal columns: none may appear in any output.
PERSONAL = ("Erika Mustermann", "Hans Beispielmann", "Jana Probe", "erika_m", "hans_b",
            "profiles/jana", "Petra Verwaltung", "Klaus Gutachter", "erika@example.org",
            "0171 2345678", "Musterweg 12", "25421", "Sabine Einwender",
            "sabine.einwender@example.org", "Lindenallee 7", "3074457350000000001")

ADHOCRACY = [
    ["Referenznr.", "Link", "Titel", "Beschreibung", "Kategorie", "Merkmale", "Urheber",
     "Erstellt", "Positive Bewertungen ", "Negative Bewertungen ", "Anzahl Kommentare",
     "Status", "Ihre E-Mailadresse", "Ihre Telefonnummer"],
    ["2023-00042", "https://aplus.example.de/ideas/2023-00042/", "Bücherschrank am Markt",
     "<p>Ein offener Bücherschrank zum Tauschen am Marktplatz.</p>", "Kultur", "Treffpunkt",
     "Erika Mustermann", "2023-03-01 10:00:00", 15, 2, 3, "Angenommen", "erika@example.org",
     "0171 2345678"],
    ["2023-00043", "https://aplus.example.de/ideas/2023-00043/", "WLAN im Rathaus",
     "Freies WLAN im Wartebereich des Bürgerbüros.", "Verwaltung", "", "Hans Beispielmann",
     "2023-03-02 11:30:00", 8, 0, 0, "", "", ""],
    ["2023-00044", "https://aplus.example.de/ideas/2023-00044/", "Sportplatz sanieren",
     "Die Laufbahn am Sportplatz ist kaputt.", "Sport und Freizeit", "", "Jana Probe",
     "2023-03-03 12:00:00", 4, 1, 0, "", "", ""],
]

ABWAEGUNG = [
    ["Stellungnahme-ID", "Eingangsdatum", "Vorname", "Name", "E-Mail", "Straße", "PLZ", "Ort",
     "Stellungnahme", "Schlagwort", "Abwägungsvorschlag", "Votes"],
    ["ST-1", "2022-11-02", "Sabine", "Einwender", "sabine.einwender@example.org",
     "Lindenallee 7", "25421", "Pinneberg", "Der Radweg an der Hauptstraße endet abrupt und "
     "ist gefährlich.", "Lärmschutz", "Wird berücksichtigt.", 3],
    ["ST-1", "2022-11-02", "Sabine", "Einwender", "sabine.einwender@example.org",
     "Lindenallee 7", "25421", "Pinneberg", "Der Radweg an der Hauptstraße endet abrupt und "
     "ist gefährlich.", "Verkehr", "Wird berücksichtigt.", 3],
    ["ST-2", "2022-11-05", "Hans", "Beispielmann", "", "Musterweg 12", "25421", "Pinneberg",
     "Die Kita-Plätze reichen im Neubaugebiet nicht aus.", "Bildung", "Kenntnisnahme.", 1],
]


def _xlsx(path: Path, rows: list[list[object]], title: str = "Export") -> None:
    book = Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    book.save(path)


def write_exports(folder: Path) -> Path:
    """Copy the text fixtures to ``folder`` and add the XLSX and ZIP exports."""
    shutil.copytree(ASSETS, folder, dirs_exist_ok=True, ignore=shutil.ignore_patterns("decidim-open-data"))
    _xlsx(folder / "adhocracy-ideen.xlsx", ADHOCRACY)
    _xlsx(folder / "abwaegungstabelle.xlsx", ABWAEGUNG, "Abwägung")
    with zipfile.ZipFile(folder / "smartcity-open-data.zip", "w") as archive:
        for member in sorted((ASSETS / "decidim-open-data").iterdir()):
            archive.write(member, member.name)
    return folder
