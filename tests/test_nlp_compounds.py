"""The compound splitter and lemmas on words of real participation text (see nlp_words.split_compound)."""

from __future__ import annotations

import pytest

from pinneberg_analysis import nlp
from pinneberg_analysis.nlp.lexicon import lookup_lemma
from pinneberg_analysis.nlp.words import compound_terms


@pytest.mark.parametrize(
    "word, parts",
    [
        ("fahrradabstellanlagen", ("fahrrad", "abstell", "anlage")),
        ("bushaltestelle", ("bus", "halt", "stelle")),
        ("ampelschaltung", ("ampel", "schaltung")),
        ("radweg", ("rad", "weg")),
        ("verkehrsberuhigung", ("verkehr", "beruhigung")),
        ("bahnhofsvorplatz", ("bahnhof", "vorplatz")),
        ("ladesaeulen", ("lade", "saeule")),
        ("stadtbaeume", ("stadt", "baum")),
        ("bodenfeuchtesensoren", ("bodenfeuchte", "sensor")),
        ("spielplaetze", ("spiel", "platz")),
        ("hochwasserschutz", ("hoch", "wasser", "schutz")),
        ("kinderbetreuung", ("kind", "betreuung")),
        ("mobilitaetsstation", ("mobilitaet", "station")),
        ("buergermeister", ("buerger", "meister")),
    ],
)
def test_good_splits_stay(word, parts):
    assert nlp.split_compound(word) == parts


@pytest.mark.parametrize("word", ["telefon", "office", "internet", "plattform", "krankenhaus"])
def test_a_word_commoner_than_its_rarest_part_is_not_split(word):
    # Tele|fon, Off|ice, Inter|net, Platt|form, kranken|Haus: the whole word is the common one
    assert nlp.split_compound(word) == (word,)


def test_a_known_inflected_noun_splits_as_its_lemma():
    assert nlp.split_compound("sensoren") == ("sensoren",)  # not Sen|Sore
    assert nlp.lemma_key("Sensoren") == "sensor"
    assert nlp.split_compound("spielplaetze") == nlp.split_compound("spielplatz")


@pytest.mark.parametrize(
    "word, parts",
    [
        ("beirat", ("beirat",)),
        ("seniorenbeirat", ("senior", "beirat")),
        ("ortsbeirat", ("ort", "beirat")),
        ("fussgaengerueberweg", ("fussgaenger", "ueberweg")),
        ("uebergang", ("uebergang",)),
    ],
)
def test_no_part_is_a_preposition(word, parts):
    assert nlp.split_compound(word) == parts
    assert "rat" not in compound_terms(nlp.lemma_key(word.capitalize()))


@pytest.mark.parametrize("word, parts", [("gegenverkehr", ("gegen", "verkehr")),
                                         ("nebenstrasse", ("neben", "strasse"))])
def test_positional_prepositions_form_compounds_of_their_head(word, parts):
    assert nlp.split_compound(word) == parts


@pytest.mark.parametrize("word", ["Fahrradstreifen", "Zebrastreifen", "Schutzstreifen"])
def test_streifen_is_its_own_noun_not_the_plural_of_streife(word):
    key = nlp.lemma_key(word)
    assert key.endswith("streifen")
    assert nlp.split_compound(key)[-1] == "streifen"


def test_nominalised_infinitives_still_yield_to_the_plural_reading():
    assert nlp.lemma_key("Boxen") == "box"
    assert nlp.split_compound("fahrradboxen") == ("fahrrad", "box")


@pytest.mark.parametrize("word, lemma", [("schaltet", "schalten"), ("ausschaltet", "ausschalten"),
                                         ("bildet", "bilden"), ("geleitet", "leiten")])
def test_weak_verb_forms_are_not_read_as_strong_ones(word, lemma):
    # the lookup table reads "schaltet" as a form of "schelten" (ihr schaltet)
    assert nlp.lemma_key(word, lookup_lemma(word)) == lemma


def test_weak_verb_without_a_spacy_lemma():
    assert nlp.lemma_key("schaltet") == "schalten"
    assert nlp.lemma_key("Schaltet") == "schalten"
