"""PII detection and redaction: each type, the hard negatives, the DataFrame API."""

import json
import logging
from collections import Counter

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pinneberg_analysis.core.config import PrivacyConfig
from pinneberg_analysis.privacy.redact import (
    PII_TYPES,
    Redactor,
    counts_table,
    find_pii,
    redact,
    redact_series,
    redact_text,
)


def found(text, config=None):
    return [(s.type, text[s.start:s.end]) for s in find_pii(text, config)]


# ------------------------------------------------------------------ positives per type
@pytest.mark.parametrize("text, value", [
    ("Rückfragen an anna.kowalski@web.de bitte.", "anna.kowalski@web.de"),
    ("Mail: KLAUS.HEINRICH@T-ONLINE.DE", "KLAUS.HEINRICH@T-ONLINE.DE"),
    ("m.schulz+smartcity@posteo.de", "m.schulz+smartcity@posteo.de"),
    ("Schreibt an hauke.petersen(at)gmx.de", "hauke.petersen(at)gmx.de"),
    ("birte [at] nordlicht-mail [dot] de", "birte [at] nordlicht-mail [dot] de"),
    ("Kontakt: jörg.müller@bürger-pinneberg.de.", "jörg.müller@bürger-pinneberg.de"),
])
def test_email(text, value):
    assert found(text) == [("E-Mail", value)]


@pytest.mark.parametrize("value", [
    "+49 4101 21 14 59", "+49 (0) 4101 334455", "+491609876543", "0049 4101 7788990",
    "04101 556677", "0176-12345678", "(04101) 21 14 59", "04101/5566-12", "040 8899776",
    "0151 23456789", "01702233445", "0160 / 98 76 54 3", "04101 211-0",
])
def test_phone_formats(value):
    assert found(f"Bitte rufen Sie an: {value}, danke.") == [("Telefon", value)]


def test_local_phone_needs_a_telephone_word():
    assert found("Telefon 556677 ab 18 Uhr") == [("Telefon", "556677")]
    assert found("Es kamen 556677 Besucher.") == []


@pytest.mark.parametrize("value", [
    "DE89 3704 0044 0532 0130 00", "DE89370400440532013000", "de61 2105 0170 0098 7654 32",
    "DE00 1234 5678 9012 3456 78",  # wrong check digits: a German IBAN all the same
    "AT61 1904 3002 3457 3201",
])
def test_iban(value):
    assert found(f"Überweisung an {value} bitte.") == [("IBAN", value)]


def test_foreign_iban_needs_valid_checksum():
    assert found("Code AT61 1904 3002 3457 3202 notiert.") == []


@pytest.mark.parametrize("url", [
    "https://www.facebook.com/anna.kowalski.77",
    "instagram.com/hauke_pbg",
    "https://www.linkedin.com/in/silke-jensen-4711/",
    "https://meine-seite.example.org/~kschmidt/radwege.html",
    "https://petra-voigt.blogspot.com/2023/05/radwege.html",
    "https://hof-example.de/kontakt?name=gerd.thiessen",
    "www.anna-meier.de",
])
def test_personal_url(url):
    assert found(f"Siehe {url} dazu.") == [("URL", url)]


@pytest.mark.parametrize("url", [
    "www.pinneberg.de", "https://www.pinneberg.de/smart-city", "hvv.de",
    "https://de.wikipedia.org/wiki/Pinneberg",
    "https://www.google.de/maps/@53.66,9.79,15z",
    "https://www.openpetition.de/petition/online/mehr-licht-im-drosteipark",
])
def test_public_url_stays(url):
    assert found(f"Siehe {url} dazu.") == []


def test_keep_domains_from_config():
    config = PrivacyConfig(keep_domains=["radentscheid-example.de"])
    text = "Infos: https://radentscheid-example.de/user/vorstand"
    assert found(text) == [("URL", "https://radentscheid-example.de/user/vorstand")]
    assert found(text, config) == []


@pytest.mark.parametrize("text, value", [
    ("Ich wohne in der Musterstraße 12 und", "Musterstraße 12"),
    ("Vor dem Haus Am Markt 3a parken Autos.", "Am Markt 3a"),
    ("Meine Anschrift: Lindenstr. 7, 25421 Pinneberg", "Lindenstr. 7, 25421 Pinneberg"),
    ("Wir wohnen Elmshorner Straße 101 und hören Lärm.", "Elmshorner Straße 101"),
    ("Treffpunkt Damm 17, gegenüber der Apotheke.", "Damm 17"),
    ("Das Haus Friedrich-Ebert-Straße 4-6 steht leer.", "Friedrich-Ebert-Straße 4-6"),
    ("Ich wohne Thesdorfer Weg 118 a und", "Thesdorfer Weg 118 a"),
    ("Eine Bank An der Mühlenau 5.", "An der Mühlenau 5"),
    ("Vor Dingstätte 35 parken Lieferwagen.", "Dingstätte 35"),
])
def test_address(text, value):
    assert found(text) == [("Adresse", value)]


@pytest.mark.parametrize("text, names", [
    ("Mein Name ist Jörg Brandt und ich fahre Rad.", ["Jörg Brandt"]),
    ("Ich heiße Tjark Hinrichs und bin 16.", ["Tjark Hinrichs"]),
    ("Frau Petersen vom Bürgeramt war hilfsbereit.", ["Petersen"]),
    ("Herr Dr. Schönfeld hat gesagt ...", ["Schönfeld"]),
    ("Frau Dr. med. Schulz und Herr Prof. Dr. Ahrens kamen.", ["Schulz", "Ahrens"]),
    ("Ich sprach mit Herrn Albers.", ["Albers"]),
    ("Danke an Hr. Kröger!", ["Kröger"]),
    ("gez. Prof.Kohlenbrenner", ["Kohlenbrenner"]),
    ("Frau Bürgermeisterin Steinberg soll das prüfen.", ["Steinberg"]),
    ("Frau Anna-Lena Voss hatte die Idee.", ["Anna-Lena Voss"]),
    ("Herr und Frau Sommer haben es beantragt.", ["Sommer"]),
    ("Bitte mehr Mülleimer.\nGruß, Anna K.", ["Anna K."]),
    ("Mehr Bänke!\n\nViele Grüße\nPeter Meier", ["Peter Meier"]),
    ("Danke für die Umfrage. LG Mia", ["Mia"]),
    ("Danke.\nMit freundlichen Grüßen\nDr. Helga Ramcke", ["Helga Ramcke"]),
    ("Toiletten öffnen.\nVG Okke Jansen", ["Okke Jansen"]),
    ("Mehr Kultur.\nHerzliche Grüße\nMalte und Wiebke", ["Malte", "Wiebke"]),
    ("MfG\nH. Schröder", ["H. Schröder"]),
    ("Grüße, Familie Demir", ["Demir"]),
    ("Mein Nachbar Klaus Behrens hat geschrieben.", ["Klaus Behrens"]),
    ("Meine Frau Ute und ich wünschen uns Bänke.", ["Ute"]),
    ("Meine Tochter Lea (8) traut sich nicht.", ["Lea"]),
    ("Wie Silke J. schon sagte, fehlt ein Treffpunkt.", ["Silke J."]),
    ("Die Idee kam von Ahmet Kaya aus der 9b.", ["Ahmet Kaya"]),
    ("Das sagte Jan van Dyk von der Initiative.", ["Jan van Dyk"]),
    ("Ansprechpartnerin: Meike Thomsen, Stadtteiltreff", ["Meike Thomsen"]),
    ("Liebe Stadt, bitte mehr Mülleimer. Eure Jana", ["Jana"]),
])
def test_names(text, names):
    assert found(text) == [("Name", n) for n in names]


def test_extra_names_from_config():
    config = PrivacyConfig(extra_names=["Moderatorin Quandt"])
    assert found("Die Moderatorin Quandt fasste zusammen.", config) == [
        ("Name", "Moderatorin Quandt")
    ]


def test_keep_terms_from_config():
    text = "Das Team von Hans Hansen macht Kurse."  # say, a shop named after its founder
    assert found(text) == [("Name", "Hans Hansen")]
    assert found(text, PrivacyConfig(keep_terms=["Hans Hansen"])) == []


# ------------------------------------------------------------------ hard negatives
@pytest.mark.parametrize("text", [
    "Im Drosteipark und am Rathaus fehlen Bänke.",
    "Am Bahnhof Pinneberg fehlen 200 Fahrradstellplätze.",
    "Die Ampel an der Elmshorner Straße Ecke Damm ist zu kurz grün.",
    "An der Dingstätte und im Fahltskamp fehlen Fahrradbügel.",
    "Die Radwege in Thesdorf, Waldenau und am Rübekamp sind zu schmal.",
    "Der ZOB ist abends unheimlich.",
    "Die Baustelle in der Friedrich-Ebert-Straße dauert zu lange.",
    "Die Linie 185 fährt abends nur alle 60 Minuten.",
    "Die Busse der Linien 185, 195 und 285 sollten warten.",
    "Tempo 30 vor Schulen, auf dem Damm wird mit 50 km/h statt 30 km/h gefahren.",
    "Die Sitzung am 14.03.2022 um 19:30 Uhr hatte 120 Gäste.",
    "Von 2019 bis 2023 stieg die Zahl um 12 %, Vorgang 2023-04711.",
    "Abstimmungsergebnis: 34 Stimmen dafür, 5 dagegen.",
    "Das Ticket kostet 49 Euro, für Schüler 29 €, Parken 2,50 € pro Stunde.",
    "Es gibt 25421 Pinneberg und 25462 Rellingen.",
    "Im Jahr 2030 und am Wochenende 2 Stunden kostenlos parken.",
    "Die Bahnhofstraße 20 Bäume pflanzen wäre toll.",
    "Die Parkplätze Am Rathaus 1 bis 30 sind belegt.",
    "Der Weg 5 im Kleingartenverein ist unbefestigt.",
    "Auf Platz 1 steht der Radweg, Nummer 5 auf der Liste.",
    "Die Frau am Empfang konnte nicht helfen.",
    "Das Frauenhaus braucht Plätze, es gibt zu wenige Angebote für Frauen.",
    "Jede Frau und jeder Mann soll sich sicher fühlen.",
    "Der Herr der Lage ist hier der Autoverkehr.",
    "Frau Oberbürgermeisterin war nicht beim Workshop.",
    "Herr und Frau Pinneberger sollen mitreden.",
    "Die Geschwister-Scholl-Schule und das Johannes-Brahms-Gymnasium brauchen Radständer.",
    "Die Ludwig Erhard Allee und der Bertha von Suttner Platz sind gefährlich.",
    "Viele Grüße aus Thesdorf und danke für die Mühe!",
    "Mehr Grün.\nBeste Grüße, Ihr Seniorenbeirat",
    "Mit freundlichen Grüßen\nSchulleitung der Grundschule Thesdorf",
    "Viele Grüße\nRadentscheid Pinneberg",
    "Ich heiße die Idee gut.",
    "Meine Telefonnummer steht im Telefonbuch, die Hotline 115 ist besetzt.",
    "Heide, Linde und Rosen im Park; Will man das?",
    "Max. 30 Personen pro Raum, die Anne Frank Schule und der Martin Luther King Platz.",
    "Das ist eine Frau. Müller sind wir alle nicht.",
])
def test_hard_negatives(text):
    assert found(text) == []


# ------------------------------------------------------------------ redact_text
def test_placeholders_and_counts():
    text = ("Mein Name ist Ingrid Paulsen, ich wohne Rosenweg 14, Tel. 04101 223344, "
            "ingrid@example.org, IBAN DE89 3704 0044 0532 0130 00, "
            "https://www.facebook.com/ingrid.paulsen")
    out, counts = redact_text(text)
    assert out == ("Mein Name ist [Name], ich wohne [Adresse], Tel. [Telefon], [E-Mail], "
                   "IBAN [IBAN], [URL]")
    assert counts == Counter({t: 1 for t in PII_TYPES})


def test_no_pii_returns_text_unchanged():
    text = "Mehr Bänke im Drosteipark."
    assert redact_text(text) == (text, Counter())
    assert redact_text("") == ("", Counter())


def test_redaction_is_idempotent():
    text = "Gruß, Anna K.\nTel. 0176-12345678, Musterstraße 12, anna@web.de"
    once, counts = redact_text(text)
    twice, counts2 = redact_text(once)
    assert sum(counts.values()) == 4
    assert twice == once and not counts2


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_characters="[]", blacklist_categories=("Cs",)),
               max_size=200))
def test_random_text_never_fails_and_counts_match_placeholders(text):
    out, counts = redact_text(text)
    assert isinstance(out, str)
    for kind in PII_TYPES:
        assert out.count(f"[{kind}]") == counts.get(kind, 0)


# ------------------------------------------------------------------ DataFrame API
def _frame():
    return pd.DataFrame({
        "contribution_id": ["C-1", "C-2", "C-3", "C-4"],
        "title": pd.array(["Radweg", "Kontakt Frau Meier", pd.NA, ""], dtype="string"),
        "text": pd.array([
            "Mehr Radwege in Thesdorf.",
            "Mail an p.meier@gmx.net oder 0176-12345678.\nViele Grüße\nPeter Meier",
            "Ich wohne Musterstraße 12.",
            pd.NA,
        ], dtype="string"),
        "votes": pd.array([3, 0, pd.NA, 1], dtype="Int64"),
        "extra": pd.array([
            "{}",
            json.dumps({"E-Mail": "p.meier@gmx.net", "Kommentar": "Gruß, Anna K."}),
            json.dumps({"Telefon": "", "Ort": "Waldenau"}),
            "{}",
        ], dtype="string"),
    }, index=[10, 11, 12, 13])


def test_redact_frame():
    df = _frame()
    before = df.copy(deep=True)
    out, counts = redact(df)
    pd.testing.assert_frame_equal(df, before)  # the input is not changed
    assert list(out.index) == [10, 11, 12, 13]
    assert out.loc[11, "title"] == "Kontakt Frau [Name]"
    assert out.loc[11, "text"] == "Mail an [E-Mail] oder [Telefon].\nViele Grüße\n[Name]"
    assert out.loc[12, "text"] == "Ich wohne [Adresse]."
    assert pd.isna(out.loc[12, "title"]) and pd.isna(out.loc[13, "text"])
    assert out["text"].dtype == df["text"].dtype and out["votes"].equals(df["votes"])
    extra = json.loads(out.loc[11, "extra"])
    assert extra == {"E-Mail": "[E-Mail]", "Kommentar": "Gruß, [Name]"}
    assert json.loads(out.loc[12, "extra"]) == {"Telefon": "", "Ort": "Waldenau"}
    assert out["pii_types"].tolist() == ["", "Name;E-Mail;Telefon", "Adresse", ""]
    assert str(out["pii_types"].dtype) == "string"
    assert counts["pii_type"].tolist() == list(PII_TYPES)
    assert dict(zip(counts["pii_type"], counts["n"], strict=True)) == {
        "Name": 3, "E-Mail": 2, "Telefon": 1, "Adresse": 1, "IBAN": 0, "URL": 0,
    }
    assert str(counts["n"].dtype) == "Int64"


def test_redact_is_deterministic():
    a, ca = redact(_frame())
    b, cb = redact(_frame())
    pd.testing.assert_frame_equal(a, b)
    pd.testing.assert_frame_equal(ca, cb)


def test_redact_empty_frame_and_missing_columns():
    out, counts = redact(pd.DataFrame({"text": pd.Series([], dtype="string")}))
    assert out.empty and list(out.columns) == ["text", "pii_types"]
    assert counts["n"].sum() == 0 and len(counts) == len(PII_TYPES)
    out, _ = redact(pd.DataFrame({"other": ["Gruß, Anna K."]}))
    assert out.loc[0, "other"] == "Gruß, Anna K." and out.loc[0, "pii_types"] == ""


def test_redact_series_keeps_missing_and_index():
    s = pd.Series(["LG Mia", None, "ok"], index=["a", "b", "c"], dtype=object)
    out, counts = redact_series(s)
    assert out.tolist() == ["LG [Name]", None, "ok"]
    assert list(out.index) == ["a", "b", "c"]
    assert [sum(c.values()) for c in counts] == [1, 0, 0]


def test_counts_table_has_all_types_in_order():
    table = counts_table(Counter({"URL": 2}))
    assert table["pii_type"].tolist() == list(PII_TYPES)
    assert table["n"].tolist() == [0, 0, 0, 0, 0, 2]


def test_no_raw_value_is_logged(caplog):
    raw = ["p.meier@gmx.net", "0176-12345678", "Peter Meier", "Musterstraße 12", "Meier"]
    with caplog.at_level(logging.DEBUG):
        Redactor()  # builds (or reuses) the name lists, which logs at debug level
        redact(_frame())
        redact(pd.DataFrame({"text": ["Ich wohne Musterstraße 12."]}))
    assert caplog.records, "redact should log a summary"
    logged = caplog.text + " ".join(str(r.args) for r in caplog.records)
    for value in raw:
        assert value not in logged
    assert "Name=3" in caplog.text
