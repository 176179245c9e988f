"""Write the three DOCX workshop protocols of the synthetic sample (python-docx).

Run:  /tmp/probe/bin/python data/sample-truth/make_docx.py
(also imported by make_sample.py, which derives the ground-truth rows from DOCS).

Each document is a list of blocks:
  ("Heading 1" | "Heading 2" | "Normal", text, None)            -> not a contribution
  ("List Bullet" | "List Number", text, KEY)                    -> a contribution
  ("List Bullet 2", text, None)                                 -> detail of the item above
  ("table", [(idea, points, KEY), ...], None)                   -> table "Idee | Punkte"
Section of an item = the last Heading 2 above it.
"""
from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.shared import Pt

HERE = Path(__file__).resolve().parent
OUT = HERE.parent / "sample" / "workshops"

DOCS: dict[str, list[tuple]] = {
    "verwaltung-runde-1.docx": [
        ("Heading 1", "Workshop Verwaltung – Runde 1 (virtuell, 06.05.2022)", None),
        ("Normal", "Protokoll der Online-Sitzung, 14 Teilnehmende. Moderation: Fachdienst Stadtentwicklung.", None),
        ("Heading 2", "Herausforderungen", None),
        ("List Bullet", "Für jede Kleinigkeit muss man persönlich ins Rathaus (+6)", "VER-01"),
        ("List Bullet", "Ältere Menschen ohne Internet dürfen nicht abgehängt werden (+4)", "VER-08"),
        ("List Bullet", "Verwaltung arbeitet noch viel mit Papierakten, es fehlt IT-Personal (+2)", "EINZEL-13"),
        ("Heading 2", "Ideen", None),
        ("List Number", "Digitales Bürgeramt: alle Anträge online, mit Statusanzeige (+8)", "VER-01"),
        ("List Bullet 2", "Login über BundID bzw. Online-Ausweis", None),
        ("List Bullet 2", "Bescheide als PDF ins Postfach", None),
        ("List Number", "Online-Terminvergabe für das Bürgerbüro (+5)", "VER-02"),
        ("List Number", "Mängelmelder per App mit Foto und GPS-Position (+4)", "VER-03"),
        ("List Bullet 2", "Herr Dr. Brandt bietet an, die App mit seiner Nachbarschaftsgruppe zu testen", None),
        ("List Number", "Rückmeldung über den Bearbeitungsstand jeder Meldung (+2)", "VER-03"),
        ("List Number", "Eine Pinneberg-App bündelt Infos, Termine und Services (+3)", "VER-04"),
        ("List Number", "Offene Daten: Haushalt und Verkehrsdaten maschinenlesbar veröffentlichen (+1)", "VER-05"),
        ("List Number", "Ratsversammlung als Livestream (+3)", "VER-06"),
        ("List Number", "Beteiligungsplattform als Dauereinrichtung", "VER-07"),
        ("Heading 2", "Nächste Schritte", None),
        ("Normal", "Die Ergebnisse werden in Runde 2 am 30.05.2022 priorisiert.", None),
    ],
    "verwaltung-runde-2.docx": [
        ("Heading 1", "Workshop Verwaltung – Runde 2 (virtuell, 30.05.2022)", None),
        ("Normal", "Protokoll: Fachdienst IT. 11 Teilnehmende.", None),
        ("Heading 2", "Ideen", None),
        ("List Bullet", "Online-Dienste Schritt für Schritt ausbauen, zuerst Meldewesen und Kfz-Zulassung (+3)", "VER-01"),
        ("List Bullet", "digitaler Personalausweis-Antrag und Ummeldung von zu Hause (+2)", "VER-01"),
        ("List Bullet", "Terminbuchung mit Erinnerung per SMS oder E-Mail (+2)", "VER-02"),
        ("List Bullet", "Wartenummer aufs Handy statt im Flur sitzen (+1)", "VER-02"),
        ("List Bullet", "Persönliche Sprechstunde „Digitalhilfe“ im Rathaus (+4)", "VER-08"),
        ("List Bullet 2", "einmal pro Woche, auch ohne Termin", None),
        ("List Bullet", "Chatbot auf der Website der Stadt für einfache Fragen", "EINZEL-10"),
        ("List Bullet", "Pflegegeld- und Hilfsmittelanträge digital, dazu Beratung zu Smart-Home-Hilfen für Pflegebedürftige (+2)", "LEB-05"),
        ("Heading 2", "Priorisierung (Abstimmung im Chat)", None),
        ("Normal", "Die folgenden Ideen wurden am Ende der Sitzung per Chat bewertet:", None),
        ("table", [
            ("Mängelmelder mit Karte aller Meldungen", 7, "VER-03"),
            ("Stadt-App mit Push-Nachrichten (z.B. Straßensperrungen)", 5, "VER-04"),
            ("Open-Data-Portal der Stadt", 2, "VER-05"),
            ("Sitzungsunterlagen und Videos der Ausschüsse online", 3, "VER-06"),
            ("Online-Beteiligung bei allen Bauprojekten", 4, "VER-07"),
        ], None),
    ],
    "zusammenleben-runde-1.docx": [
        ("Heading 1", "Workshop Zusammenleben, Bildung und Kultur – Runde 1 (virtuell, 10.05.2022)", None),
        ("Normal", "Teilnehmende: Schulen, Vereine, Stadtbücherei, Seniorenbeirat, Bürgerinnen und Bürger.", None),
        ("Heading 2", "Herausforderungen", None),
        ("List Bullet", "Schulen sind digital schlecht ausgestattet, Lehrkräfte machen die IT nebenbei (+5)", "ZUS-01"),
        ("Heading 2", "Ideen", None),
        ("List Bullet", "Jede Schule bekommt eine IT-Fachkraft und genug Endgeräte (+6)", "ZUS-01"),
        ("List Bullet 2", "Leihgeräte für Familien ohne Laptop", None),
        ("List Bullet", "Werkstatt für Digitales in der Bücherei (Makerspace) (+3)", "ZUS-02"),
        ("List Bullet", "Smartphone-Sprechstunde: Jugendliche helfen Älteren (+4)", "ZUS-03"),
        ("List Bullet", "Plattform für Ehrenamt und Nachbarschaftshilfe (+2)", "ZUS-04"),
        ("List Bullet", "Zentraler Online-Veranstaltungskalender (+5)", "ZUS-05"),
        ("List Bullet 2", "Schnittstelle zu den Websites der Vereine", None),
        ("List Bullet 2", "auch als Newsletter", None),
        ("List Bullet", "Infoscreens mit Veranstaltungshinweisen im Rathaus und am ZOB (+1)", "ZUS-05"),
        ("List Bullet", "Buchungssystem für Vereinsräume und Turnhallen (+3)", "ZUS-06"),
        ("List Bullet", "Stadtgeschichte mit QR-Codes und Augmented Reality erlebbar machen (+2)", "ZUS-07"),
        ("List Bullet", "Jugendliche über Social Media an Entscheidungen beteiligen (+2)", "ZUS-08"),
        ("List Bullet", "Behördengänge online, dann bleibt mehr Zeit für Familie und Ehrenamt (+1)", "VER-01"),
    ],
}


def build(outdir: Path = OUT) -> list[Path]:
    outdir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, blocks in DOCS.items():
        doc = Document()
        doc.styles["Normal"].font.name = "Calibri"
        doc.styles["Normal"].font.size = Pt(11)
        for style, content, _key in blocks:
            if style == "table":
                table = doc.add_table(rows=1, cols=2)
                table.style = "Table Grid"
                table.rows[0].cells[0].text = "Idee"
                table.rows[0].cells[1].text = "Punkte"
                for idea, points, _k in content:
                    cells = table.add_row().cells
                    cells[0].text = idea
                    cells[1].text = "" if points is None else str(points)
                doc.add_paragraph("")
            elif style.startswith("Heading"):
                doc.add_heading(content, level=int(style.split()[-1]))
            else:
                doc.add_paragraph(content, style=style)
        doc.core_properties.author = "Stadt Pinneberg (synthetisch)"
        doc.core_properties.title = blocks[0][1]
        path = outdir / name
        doc.save(path)
        written.append(path)
    return written


if __name__ == "__main__":
    for p in build():
        print("wrote", p)
