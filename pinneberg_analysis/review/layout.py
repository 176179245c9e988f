"""The review workbook's layout: sheet names, column headers, keywords, the guide text.

Shared by the writer (:mod:`pinneberg_analysis.review`) and the reader
(:mod:`pinneberg_analysis.review.reader`), so that both always agree.
"""

from __future__ import annotations

SHEET_GUIDE = "Anleitung"
SHEET_OVERVIEW = "Übersicht"
SHEET_MOVE = "Beiträge verschieben"
SHEET_LOG = "Protokoll"
SHEET_META = "_meta"
SHEET_LISTS = "_listen"

H_ID = "ID"
H_LABEL = "Bezeichnung"
H_KEYWORDS = "Schlagwörter"
H_N = "Beiträge"
H_SUPPORT = "Unterstützung"
H_VOTES = "Stimmen"
H_RANK = "Rang im Feld"
H_THEME = "Thema"
H_EXAMPLES = "Beispiele"
H_NOTE = "Review-Vermerk"
H_LINK = "Beiträge ansehen"
H_RENAME = "Neuer Name"
H_MERGE = "Zusammenführen mit (ID)"
H_FIELD = "In Feld verschieben"
H_REJECT = "Ablehnen (Grund)"
H_COMMENT = "Kommentar"
MEASURE_INFO = (
    H_ID,
    H_LABEL,
    H_KEYWORDS,
    H_N,
    H_SUPPORT,
    H_VOTES,
    H_RANK,
    H_THEME,
    H_EXAMPLES,
    H_NOTE,
    H_LINK,
)
MEASURE_DECISIONS = (H_RENAME, H_MERGE, H_FIELD, H_REJECT, H_COMMENT)

H_CID = "Beitrags-ID"
H_CFIELD = "Feld"
H_CMEASURE = "Maßnahme (ID)"
H_CLABEL = "Maßnahme"
H_CTEXT = "Beitrag (gekürzt)"
H_CSOURCE = "Quelle"
H_NEW_MEASURE = "Neue Maßnahme (ID)"
H_NEW_FIELD = "Neues Feld"
H_NEW_NAME = "Name der neuen Maßnahme"
MOVE_INFO = (H_CID, H_CFIELD, H_CMEASURE, H_CLABEL, H_CTEXT, H_CSOURCE)
MOVE_DECISIONS = (H_NEW_MEASURE, H_NEW_FIELD, H_NEW_NAME, H_COMMENT)

LOG_HEADERS = (
    "Entscheidung",
    "Art",
    "Ziel",
    "Bezeichnung (damals)",
    "Wert",
    "Status",
    "Grund",
    "Kommentar",
    "Quelle",
    "Übernommen am",
)

#: What authors write in "Neue Maßnahme (ID)" to split contributions off into a new measure.
NEW_KEYS: tuple[str, ...] = ("NEU",) + tuple(f"NEU-{i}" for i in range(1, 10))
MAX_LABEL = 200
META_FORMAT = 1

GUIDE_LINES = [
    "Review-Arbeitsmappe: so tragen Sie Entscheidungen ein",
    "",
    "Jedes Handlungsfeld hat ein eigenes Blatt mit einer Zeile je Maßnahme. Die grauen Spalten "
    "zeigen den Vorschlag der Auswertung, in die gelben Spalten tragen Sie Ihre Entscheidungen "
    "ein. "
    "Leere gelbe Zellen bedeuten: keine Änderung.",
    "",
    f"• {H_RENAME}: ein besserer Name für die Maßnahme.",
    f"• {H_MERGE}: die ID einer anderen Maßnahme (Auswahlliste). Diese Maßnahme geht darin auf; "
    "Beiträge und Schlagwörter werden zusammengelegt, Name und Beispiele der Ziel-Maßnahme "
    "bleiben.",
    f"• {H_FIELD}: das Handlungsfeld, in das die Maßnahme gehört (Auswahlliste).",
    f'• {H_REJECT}: der Grund, warum die Maßnahme nicht weiterverfolgt wird. Ohne Grund (nur "x") '
    "wird nicht abgelehnt. Abgelehnte Maßnahmen fehlen im Ranking, der "
    "Bericht listet sie mit Grund.",
    f"• {H_COMMENT}: eine Anmerkung für das Protokoll; sie ändert nichts.",
    "",
    f'Einzelne Beiträge verschieben: Blatt "{SHEET_MOVE}". Die Beiträge stehen nach Maßnahme '
    f'geordnet; der Link "{H_LINK}" auf den Feldblättern springt zur ersten Zeile der Maßnahme.',
    f"• {H_NEW_MEASURE}: die ID der Maßnahme, zu der der Beitrag gehört.",
    "• Eine Maßnahme teilen: bei den Beiträgen, die eine eigene Maßnahme bilden sollen, NEU "
    "eintragen. Alle Zeilen mit NEU bilden eine neue Maßnahme; für mehrere neue Maßnahmen "
    f'NEU-1, NEU-2, ... verwenden. Den Namen der neuen Maßnahme in "{H_NEW_NAME}" angeben.',
    f"• {H_NEW_FIELD}: zusammen mit NEU das Feld der neuen Maßnahme; allein eingetragen wird der "
    "Beitrag eine Einzelidee in diesem Feld.",
    "",
    "Bitte nicht ändern: die Spalten ID und Beitrags-ID und die Kopfzeilen. Sortieren, Filtern und "
    "Ausblenden ist erlaubt. Keine Formeln eintragen.",
    "",
    f'Blatt "{SHEET_LOG}": alle bisher übernommenen Entscheidungen; rot markiert sind die, die '
    "in diesem Lauf nicht angewendet werden konnten (z. B. weil es die Maßnahme nicht mehr gibt), "
    "mit dem Grund. Entscheiden Sie dort bei Bedarf neu.",
    "",
    "Danach: die Mappe speichern und die Entscheidungen übernehmen mit",
    "    pinneberg-analysis review apply review.xlsx --decisions entscheidungen.yaml",
    "Fehler werden mit Blatt, Zeile und Spalte gemeldet; nichts wird gespeichert, bis alle "
    "Einträge gültig sind. Die Datei entscheidungen.yaml gehört unter Versionskontrolle. Der "
    "nächste Bericht (pinneberg-analysis report ... --decisions entscheidungen.yaml) zeigt jede "
    "Entscheidung; eine weitere Mappe ergänzt die Datei. Eine Entscheidung gilt für die Maßnahme, "
    "nicht für die Zeile: Maßnahmen werden in neuen Läufen an ihren Beiträgen wiedererkannt.",
]
