"""A small, hand-made AnalysisResult of realistic shape for the plot and report tests.

Synthetic: invented contributions for four of the five Pinneberg fields of action, with
hostile text (HTML/script and spreadsheet formulas) planted where citizen text goes.
Built by :func:`build_result`; the tests load this file by path (see tests/conftest.py).
"""

from __future__ import annotations

import hashlib

import pandas as pd

from pinneberg_analysis.core.config import Config
from pinneberg_analysis.core.result import AnalysisResult

MOB = "Mobilität"
WIR = "Wirtschaft"
VER = "Verwaltung"
LEB = "Lebens- und Wohnumfeld mit Gesundheit"
ZUS = "Zusammenleben, Bildung und Kultur"

HOSTILE_SCRIPT = "<script>window.__pwned=1;alert(1)</script> Bitte schneller bearbeiten!"
HOSTILE_IMG = '<img src=x onerror="window.__pwned=1;alert(2)"> WLAN im Rathaus'
HOSTILE_FORMULA = '=HYPERLINK("http://evil.example","klick")'

WS1 = "workshops/workshop_runde1.docx"
WS2 = "workshops/workshop_runde2.xlsx"
ONL = "online/ideenplattform_export.csv"
FOR = "forum/buergerforum_protokoll.md"
RAT = "bewertung/expertenbewertung.xlsx"

# measure_id, theme_id, field, fields, label, keywords, is_single
MEASURES = [
    ("M-001", "T-MOB-1", MOB, MOB, "Sichere Radwege an Hauptstraßen", "radweg;sicherheit;hauptstraße", False),
    ("M-002", "T-MOB-1", MOB, MOB, "Fahrradabstellanlagen am Bahnhof", "fahrradbügel;bahnhof;abstellen", False),
    ("M-003", "T-MOB-2", MOB, f"{MOB};{LEB}", "Echtzeit-Fahrgastinformation an allen Bushaltestellen der Innenstadt", "bus;echtzeit;haltestelle;anzeige", False),
    ("M-004", "T-MOB-2", MOB, MOB, "Carsharing-Stationen in Wohnquartieren", "carsharing;quartier;station", False),
    ("M-005", pd.NA, MOB, MOB, "Seilbahn zum Bahnhof", "seilbahn", True),
    ("M-006", "T-VER-1", VER, VER, "Online-Terminvergabe im Bürgerbüro", "termin;bürgerbüro;online", False),
    ("M-007", "T-VER-1", VER, VER, "Digitaler Bauantrag", "bauantrag;digital;formular", False),
    ("M-008", pd.NA, VER, VER, HOSTILE_IMG, "wlan;rathaus", True),
    ("M-009", "T-ZUS-1", ZUS, ZUS, "Digitale Stadtbibliothek mit Makerspace", "bibliothek;makerspace;3d-drucker", False),
    ("M-010", "T-ZUS-1", ZUS, f"{ZUS};{VER}", "Tablets und WLAN für alle Schulen", "schule;tablet;wlan", False),
    ("M-011", "T-LEB-1", LEB, LEB, "Sensoren für Luftqualität und Hitze", "sensor;luft;hitze", False),
    ("M-012", "T-LEB-1", LEB, LEB, "Smarte Straßenbeleuchtung", "beleuchtung;led;bewegungsmelder", False),
    ("M-013", pd.NA, LEB, LEB, "Trinkbrunnen in der Innenstadt", "trinkbrunnen", True),
    ("M-014", "T-WIR-1", WIR, WIR, "Digitaler Marktplatz für den Einzelhandel", "marktplatz;einzelhandel;online", False),
]

# measure_id, title, text, source_file, votes, group
CONTRIBUTIONS = [
    ("M-001", "Radweg Elmshorner Straße", "Auf der Elmshorner Straße fehlt ein geschützter Radweg, Kinder fahren auf dem Gehweg.", WS1, 7, "Bürgerschaft"),
    ("M-001", "Radwege", "Durchgehende, breite Radwege an allen Hauptstraßen, baulich getrennt vom Autoverkehr.", ONL, 12, "Bürgerschaft"),
    ("M-001", "", "Radfahren auf der Damm-Kreuzung ist gefährlich – bitte sichere Querung.", FOR, pd.NA, "Seniorenbeirat"),
    ("M-001", "Sicher zur Schule", "Sichere Radwege zu den Schulen, damit Eltern nicht mehr mit dem Auto bringen.", WS2, 5, "Schule"),
    ("M-001", "-Radweg", "-2 Punkte für die Ampelschaltung, Radweg endet plötzlich.", ONL, 3, pd.NA),
    ("M-002", "Fahrradbügel Bahnhof", "Mehr überdachte Fahrradbügel am Bahnhof Pinneberg.", WS1, 4, "Bürgerschaft"),
    ("M-002", "Fahrradparkhaus", "Ein Fahrradparkhaus mit Schließfächern am Bahnhof.", ONL, 9, "Bürgerschaft"),
    ("M-002", "", "Abstellanlagen am Bahnhof sind immer voll.", FOR, pd.NA, "Bürgerschaft"),
    ("M-003", "Anzeigetafeln", "Digitale Anzeigetafeln mit Echtzeit-Abfahrten an den Bushaltestellen.", WS1, 6, "Bürgerschaft"),
    ("M-003", "App", "Eine App, die zeigt, wann der Bus wirklich kommt.", ONL, 8, "Bürgerschaft"),
    ("M-003", "", "Echtzeitinfo auch barrierefrei mit Sprachausgabe.", WS2, 2, "Seniorenbeirat"),
    ("M-004", "Carsharing", "Carsharing-Stationen in den Wohngebieten, z. B. Quellental.", ONL, 5, "Bürgerschaft"),
    ("M-004", "", "E-Carsharing am Rathaus und in Thesdorf.", WS2, 1, "Verwaltung"),
    ("M-005", "Seilbahn", "Eine Seilbahn vom Bahnhof zur Innenstadt.", ONL, 1, "Bürgerschaft"),
    ("M-006", "Termine online", "Termine im Bürgerbüro online buchen statt Warteschlange.", ONL, 15, "Bürgerschaft"),
    ("M-006", "Wartezeiten", HOSTILE_SCRIPT, ONL, 2, "Bürgerschaft"),
    ("M-006", "", "Terminvergabe per Telefon und online, mit Erinnerung per SMS.", WS1, 4, "Bürgerschaft"),
    ("M-006", "@SUM(1+1)", "Online-Termine auch für die Kfz-Zulassung.", WS2, 3, "Wirtschaft"),
    ("M-007", "Bauantrag", "Bauanträge digital einreichen und den Bearbeitungsstand sehen.", WS1, 3, "Wirtschaft"),
    ("M-007", "", HOSTILE_FORMULA, ONL, 1, pd.NA),
    ("M-008", "WLAN", HOSTILE_IMG, ONL, 2, "Bürgerschaft"),
    ("M-009", "Bibliothek", "Die Stadtbibliothek als digitaler Lernort mit Makerspace und 3D-Drucker.", WS1, 6, "Verein"),
    ("M-009", "", "E-Books und Onleihe ausbauen.", ONL, 4, "Bürgerschaft"),
    ("M-009", "Makerspace", "Offene Werkstatt für Jugendliche in der Bibliothek.", FOR, pd.NA, "Schule"),
    ("M-010", "Schulen", "Alle Schulen brauchen schnelles WLAN und Tablets.", WS2, 9, "Schule"),
    ("M-010", "", "Tablets für Grundschulen, mit Wartung durch die Stadt.", ONL, 6, "Bürgerschaft"),
    ("M-010", "Lehrkräfte", "Fortbildung für Lehrkräfte zu digitalen Medien.", WS1, 2, "Schule"),
    ("M-011", "Luft", "Sensoren für Luftqualität an der Hauptverkehrsstraße.", ONL, 3, "Bürgerschaft"),
    ("M-011", "Hitze", "Hitze-Messpunkte in der Innenstadt, Daten offen veröffentlichen.", WS2, 2, "Verein"),
    ("M-012", "Licht", "Straßenlaternen mit Bewegungsmeldern, die Strom sparen.", WS1, 2, "Bürgerschaft"),
    ("M-012", "", "LED-Beleuchtung im Fahltskamp.", FOR, pd.NA, "Bürgerschaft"),
    ("M-013", "Wasser", "Trinkbrunnen in der Fußgängerzone.", ONL, 1, "Bürgerschaft"),
    ("M-014", "Marktplatz", "Ein gemeinsamer Online-Marktplatz der Pinneberger Geschäfte.", WS1, 3, "Wirtschaft"),
    ("M-014", "", "Click & Collect für den lokalen Einzelhandel.", ONL, 2, "Wirtschaft"),
]

KIND = {WS1: "workshop", WS2: "workshop", ONL: "online", FOR: "forum"}
ROUND = {WS1: 1, WS2: 2}
DATE = {WS1: "2022-05-10", WS2: "2022-06-14", ONL: "2022-05-20", FOR: "2022-06-01"}

# measure_id: support_score, expert_score or None, crit (Wirkung, Umsetzbarkeit, Kosten),
# score, rank, rank_low, rank_high, field_rank, field_rank_low, field_rank_high
RANKING = {
    "M-001": (1.00, 4.3, (4.5, 4.0, 3.0), 0.91, 1, 1, 3, 1, 1, 2),
    "M-002": (0.62, 3.8, (3.5, 4.5, 2.0), 0.66, 5, 3, 8, 2, 1, 3),
    "M-003": (0.58, 4.0, (4.0, 3.5, 3.5), 0.64, 6, 3, 9, 3, 2, 4),
    "M-004": (0.30, None, None, 0.15, 11, 8, 13, 4, 3, 5),
    "M-005": (0.05, None, None, 0.03, 14, 12, 14, 5, 4, 5),
    "M-006": (1.00, 4.5, (4.5, 4.5, 2.5), 0.95, 2, 1, 3, 1, 1, 1),
    "M-007": (0.40, 3.5, (4.0, 3.0, 3.0), 0.48, 8, 5, 11, 2, 2, 3),
    "M-008": (0.20, None, None, 0.10, 12, 9, 14, 3, 2, 3),
    "M-009": (0.85, 3.9, (4.0, 4.0, 3.0), 0.82, 3, 2, 6, 1, 1, 2),
    "M-010": (0.90, 4.1, (4.5, 3.5, 4.5), 0.80, 4, 2, 6, 2, 1, 2),
    "M-011": (0.55, 3.2, (3.5, 3.0, None), 0.50, 7, 4, 10, 1, 1, 2),
    "M-012": (0.35, None, None, 0.20, 10, 7, 13, 2, 1, 3),
    "M-013": (0.10, None, None, 0.05, 13, 10, 14, 3, 3, 3),
    "M-014": (1.00, None, None, 0.45, 9, 5, 12, 1, 1, 1),
}

THEMES = [
    ("T-MOB-1", MOB, "Radverkehr", "radweg;fahrrad;bahnhof"),
    ("T-MOB-2", MOB, "Bus, Bahn und Sharing", "bus;carsharing;echtzeit"),
    ("T-VER-1", VER, "Digitale Bürgerdienste", "online;termin;antrag"),
    ("T-ZUS-1", ZUS, "Digitale Bildung und Kultur", "schule;bibliothek;tablet"),
    ("T-LEB-1", LEB, "Klima, Umwelt und Stadtraum", "sensor;licht;hitze"),
    ("T-WIR-1", WIR, "Innenstadt und Handel", "handel;marktplatz"),
]

CRITERIA = ("Wirkung", "Umsetzbarkeit", "Kosten")


def _cid(i: int) -> str:
    return "C-" + hashlib.sha256(f"sample-{i}".encode()).hexdigest()[:10]


def _contributions(measures: pd.DataFrame) -> pd.DataFrame:
    field_of = dict(zip(measures["measure_id"], measures["field"], strict=True))
    theme_of = dict(zip(measures["measure_id"], measures["theme_id"], strict=True))
    rows = []
    for i, (mid, title, text, src, votes, group) in enumerate(CONTRIBUTIONS):
        rows.append(
            {
                "contribution_id": _cid(i),
                "field": field_of[mid],
                "source_file": src,
                "source_kind": KIND[src],
                "locator": f"Zeile {i + 2}" if src != FOR else f"Absatz {i + 1}",
                "source_id": pd.NA if src != ONL else f"ID-{100 + i}",
                "round": ROUND.get(src, pd.NA),
                "date": DATE[src],
                "title": title,
                "text": text,
                "votes": votes,
                "section": "idea",
                "participant_group": group,
                "is_duplicate": False,
                "duplicate_of": pd.NA,
                "extra": "{}",
                "measure_id": mid,
                "theme_id": theme_of[mid],
            }
        )
    df = pd.DataFrame(rows)
    for col in ("round", "votes"):
        df[col] = df[col].astype("Int64")
    df["date"] = pd.to_datetime(df["date"])
    for col in df.columns:
        if col not in ("round", "votes", "date", "is_duplicate"):
            df[col] = df[col].astype("string")
    return df


def _measures(contributions: pd.DataFrame | None = None) -> pd.DataFrame:
    df = pd.DataFrame(
        MEASURES,
        columns=["measure_id", "theme_id", "field", "fields", "label", "keywords", "is_single"],
    )
    texts: dict[str, list[tuple[str, str]]] = {}
    for i, (mid, _t, text, *_rest) in enumerate(CONTRIBUTIONS):
        texts.setdefault(mid, []).append((_cid(i), text))
    df["n_contributions"] = df["measure_id"].map(lambda m: len(texts[m])).astype("Int64")
    df["representatives"] = df["measure_id"].map(lambda m: "\n".join(t for _, t in texts[m][:3]))
    df["representative_ids"] = df["measure_id"].map(lambda m: ";".join(c for c, _ in texts[m][:3]))
    for col in df.columns:
        if col not in ("n_contributions", "is_single"):
            df[col] = df[col].astype("string")
    return df[
        ["measure_id", "theme_id", "field", "fields", "label", "keywords", "n_contributions",
         "is_single", "representatives", "representative_ids"]
    ]


def _ranking(measures: pd.DataFrame, contributions: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for _, m in measures.iterrows():
        mid = m["measure_id"]
        part = contributions[contributions["measure_id"] == mid]
        sup, exp, crit, score, rank, lo, hi, frank, flo, fhi = RANKING[mid]
        row = {
            "measure_id": mid,
            "field": m["field"],
            "label": m["label"],
            "n_contributions": len(part),
            "votes": int(part["votes"].sum()),
            "n_sources": part["source_file"].nunique(),
            "n_rounds": part["round"].dropna().nunique(),
            "n_groups": part["participant_group"].dropna().nunique(),
            "multi_field": ";" in m["fields"],
            "support_n_contributions": sup,
            "support_votes": sup * 0.9,
            "support_n_sources": min(1.0, part["source_file"].nunique() / 3),
            "support_n_rounds": part["round"].dropna().nunique() / 2,
            "support_score": sup,
            # the ranking keeps expert scores on 0-1, as (x - 1) / 4 of the raters' 1-5 mean
            "expert_score": None if exp is None else (exp - 1) / 4,
            "n_raters": 2 if exp is not None else 0,
        }
        for name, value in zip(CRITERIA, crit or (None, None, None), strict=True):
            row[f"crit_{name}"] = value
        row.update(
            score=score, rank=rank, rank_low=lo, rank_high=hi, field_rank=frank,
            field_rank_low=flo, field_rank_high=fhi, rated=exp is not None,
        )
        rows.append(row)
    df = pd.DataFrame(rows)
    for col in ("n_contributions", "votes", "n_sources", "n_rounds", "n_groups", "n_raters",
                "rank", "rank_low", "rank_high", "field_rank", "field_rank_low", "field_rank_high"):
        df[col] = df[col].astype("Int64")
    for col in ["expert_score"] + [f"crit_{c}" for c in CRITERIA]:
        df[col] = df[col].astype("Float64")
    for col in ("measure_id", "field", "label"):
        df[col] = df[col].astype("string")
    return df.sort_values("rank", kind="stable").reset_index(drop=True)


def _ratings(ranking: pd.DataFrame, measures: pd.DataFrame) -> pd.DataFrame:
    rows = []
    label_of = dict(zip(measures["measure_id"], measures["label"], strict=True))
    for _, r in ranking[ranking["rated"]].sort_values("measure_id").iterrows():
        for rater, shift in (("Expertin A", 0.5), ("Experte B", -0.5)):
            for crit in CRITERIA:
                mean = r[f"crit_{crit}"]
                if pd.isna(mean):
                    continue
                rows.append(
                    {
                        "rating_id": f"R-{len(rows) + 1:03d}",
                        "source_file": RAT,
                        "locator": f"Blatt Bewertung, Zeile {len(rows) + 2}",
                        "measure_ref": label_of[r["measure_id"]],
                        "measure_id": r["measure_id"],
                        "rater": rater,
                        "criterion": crit,
                        "value": float(min(5.0, max(1.0, mean + shift))),
                    }
                )
    df = pd.DataFrame(rows)
    df["value"] = df["value"].astype("Float64")
    return df.astype({c: "string" for c in df.columns if c != "value"})


def build_result() -> AnalysisResult:
    """The sample result: 34 contributions, 14 measures (3 Einzelideen), 6 themes."""
    measures = _measures()
    contributions = _contributions(measures)
    ranking = _ranking(measures, contributions)
    themes = pd.DataFrame(THEMES, columns=["theme_id", "field", "label", "keywords"])
    themes["n_measures"] = themes["theme_id"].map(measures["theme_id"].value_counts()).astype("Int64")
    themes["n_contributions"] = themes["theme_id"].map(
        contributions["theme_id"].value_counts()
    ).astype("Int64")
    rejected = pd.DataFrame(
        [
            (ONL, "Zeile 40", "40", "text", "Leerer Beitrag", "Zeile löschen oder Text ergänzen."),
            (WS2, "Blatt Tourismus, Zeile 3", "3", "Handlungsfeld", "Unbekanntes Handlungsfeld 'Tourismus'", "Alias in der Konfiguration ergänzen."),
            (ONL, "Zeile 41", "41", "votes", "Stimmen ist keine Zahl: '<b>viele</b>'", "Zahl eintragen."),
        ],
        columns=["source_file", "locator", "row", "column", "reason", "hint"],
        dtype="string",
    )
    files = pd.DataFrame(
        [
            (WS1, "docx", "read", 12, 12, 0, "a" * 64, ""),
            (WS2, "xlsx", "read", 9, 8, 1, "b" * 64, ""),
            (ONL, "csv", "read", 16, 14, 2, "c" * 64, ""),
            (FOR, "markdown", "read", 5, 5, 0, "d" * 64, ""),
            (RAT, "ratings", "read", 46, 46, 0, "e" * 64, ""),
            ("online/alt_export.xlsx", "xlsx", "failed", 0, 0, 0, "f" * 64, "Datei ist passwortgeschützt"),
        ],
        columns=["source_file", "kind", "status", "n_read", "n_accepted", "n_rejected", "sha256", "message"],
    )
    decisions = pd.DataFrame(
        [
            ("D-1", "rename", "M-006", pd.NA, "Online-Terminvergabe im Bürgerbüro", True, ""),
            ("D-2", "merge", "M-015", "M-001", pd.NA, True, ""),
            ("D-3", "move", "M-010", pd.NA, ZUS, True, ""),
            ("D-4", "rename", "M-099", pd.NA, "Neue Bezeichnung", False, "Maßnahme M-099 gibt es nicht."),
        ],
        columns=["decision_id", "action", "measure_id", "target_id", "value", "applied", "reason"],
    )
    agreement = pd.DataFrame(
        {"criterion": list(CRITERIA), "alpha": [0.71, 0.64, 0.52], "n_raters": [2, 2, 2], "n_items": [8, 8, 7]}
    )
    pii = pd.DataFrame({"pii_type": ["E-Mail", "Telefon", "Name"], "count": [2, 1, 4]})
    sensitivity = pd.DataFrame(
        {"field": [MOB, VER], "weight": ["weight_expert", "weight_expert"], "change": [0.25, 0.25],
         "top_changed": [False, True]}
    )
    parameters = {
        "seed": 42,
        "report_date": "2024-05-02",
        "n_measures": 14,
        "n_themes": 6,
        "cluster_backend": "tfidf",
        "versions": {"pinneberg-analysis": "0.1.0", "pandas": "2.2.2", "scikit-learn": "1.5.0"},
    }
    return AnalysisResult(
        contributions=contributions,
        rejected=rejected,
        files=files,
        ratings=_ratings(ranking, measures),
        measures=measures,
        themes=themes,
        ranking=ranking,
        agreement=agreement,
        sensitivity=sensitivity,
        decisions_log=decisions,
        pii_counts=pii,
        config=Config(),
        parameters=parameters,
    )
