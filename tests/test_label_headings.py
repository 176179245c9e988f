"""Issue 16 item 5: labels an author can use as they stand (one test per rule, with negatives)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from pinneberg_analysis.label.groups import label_groups
from pinneberg_analysis.label.phrases import Spelling, phrases
from pinneberg_analysis.label.themes import related_labels
from pinneberg_analysis.nlp.analysis import analyse
from pinneberg_analysis.nlp.document import as_documents


def _phrases(text, heading=False, corpus=()):
    a = analyse([text])[0]
    spelling = Spelling(w[0] for t in (text, *corpus) for w in analyse([t])[0].words) if corpus else None
    return {p.surface: p for p in phrases(a, spelling, heading=heading)}


def _labels(texts, groups):
    docs = as_documents(texts)
    return [g.label for g in label_groups(docs, groups, np.eye(len(texts)))]


def _titled(pairs):
    """Labels of single ideas given as (title, text)."""
    docs = as_documents(pd.DataFrame({"title": [t for t, _ in pairs], "text": [x for _, x in pairs]}))
    return [g.label for g in label_groups(docs, [[i] for i in range(len(pairs))], np.eye(len(pairs)))]


def test_the_object_of_a_preposition_is_marked_governed():
    found = _phrases("Autos parken in zweiter Reihe")
    assert found["Zweite Reihe"].governed
    assert not found["Autos"].governed
    # "Für sichere Radwege": a title that is one prepositional group is its author's heading
    title = _phrases("Für sichere Radwege", heading=True)
    assert not title["Sichere Radwege"].governed and title["Sichere Radwege"].whole


def test_a_measure_is_named_by_what_is_asked_not_by_where():
    texts = ["Parken in zweiter Reihe", "Autos parken hier in zweiter Reihe",
             "Parken in zweiter Reihe. Täglich in zweiter Reihe", "Abenteuer. Autos in zweiter Reihe"]
    label = _labels(texts, [[0, 1, 2, 3]])[0]
    assert label != "Zweite Reihe" and "Reihe" in label
    assert label.split()[0] in {"Parken", "Autos"}


def test_a_verb_written_as_a_noun_keeps_its_form():
    assert "Parken in zweiter Reihe" in _phrases("Parken in zweiter Reihe")
    assert not any(s.startswith("Parks") for s in _phrases("Parken in zweiter Reihe"))
    # a plain plural noun is still put in the nominative
    assert "Straßenbäume" in _phrases("an den Straßenbäumen")


def test_whole_titles_are_marked_and_the_opening_clause_of_an_untitled_text():
    title = _phrases("Fahrbahnkissen entfernen", heading=True)
    assert title["Fahrbahnkissen entfernen"].whole
    text = _phrases("Radweg unbeleuchtet, schon ab September nicht nutzbar", heading=True)
    assert text["Radweg unbeleuchtet"].whole
    assert not any(p.whole for p in _phrases("Radweg unbeleuchtet, schon ab September").values())


def test_a_title_two_authors_share_names_the_measure():
    texts = ["Fahrbahnkissen entfernen. Die Fahrbahnkissen in der Weststadt sind gefährlich",
             "Fahrbahnkissen entfernen. Fahrbahnkissen sind glatt",
             "Gefährliche Fahrbahnkissen. Glatte Fahrbahnkissen im Herbst"]
    assert _labels(texts, [[0, 1, 2]])[0] == "Fahrbahnkissen entfernen"


def test_a_noun_phrase_takes_the_verb_its_authors_ask_for():
    texts = ["Fahrbahnkissen in der Südstadt entfernen - Gefahr für Radfahrer",
             "Schwellen. Die Fahrbahnkissen in der Südstadt sind bei Nässe glatt"]
    assert _labels(texts, [[0, 1]])[0] == "Fahrbahnkissen in der Südstadt entfernen"
    # negated, the verb is never added
    negated = ["Keine Fahrbahnkissen in der Südstadt entfernen", "Die Fahrbahnkissen in der Südstadt bleiben"]
    assert "entfernen" not in _labels(negated, [[0, 1]])[0]


def test_a_route_from_needs_its_end():
    found = _phrases("Radweg von Bürgersteig auf Straße")
    assert "Radweg von Bürgersteig auf Straße" in found and "Radweg von Bürgersteig" not in found
    assert "Radweg vom Bahnhof" in _phrases("Radweg vom Bahnhof")


def test_question_and_place_only_titles_do_not_name_a_single_idea():
    labels = _titled([("Was ist los in Pinneberg?", "Eine Seite mit allen Veranstaltungen der Vereine"),
                      ("Rheinufer Bonn", "Der Radweg am Rheinufer ist zu schmal für Fußgänger und Radfahrer"),
                      ("Fahrradmitnahme im Bus", "Oft müssen Fahrräder draußen bleiben"),
                      ("Tempo 30", "In der ganzen Stadt"),
                      ("Mehr Radwege", "Überall fehlen sie")])
    assert "?" not in labels[0]
    assert labels[1] != "Rheinufer Bonn"
    assert labels[2] == "Fahrradmitnahme im Bus"  # a title that is a heading stays
    assert labels[3] == "Tempo 30"
    assert labels[4] == "Mehr Radwege"


def test_a_one_word_title_gives_way_to_the_opening_phrase_of_its_text():
    labels = _titled([("Regiomat", "Ein Automat mit regionalen Lebensmitteln (Milch, Eier) am Bahnhof"),
                      ("Lungenkrebsreservoir", "Wer an dieser Ampel wartet, atmet Abgase ein")])
    assert labels[0] == "Automat mit regionalen Lebensmitteln"
    assert labels[1] in {"Lungenkrebsreservoir", "Abgase"}  # no opening phrase: as before


def test_a_truncated_compound_is_no_noun_of_a_heading():
    found = _phrases("Pflegegeld- und Hilfsmittelanträge digital")
    assert not any(s.startswith("Pflegegeld") for s in found)
    assert "Hilfsmittelanträge" in found
    assert "Pflegegeld und Hilfsmittel" in _phrases("Pflegegeld und Hilfsmittel")


def test_no_heading_after_a_third_person_possessive():
    assert not any(s.startswith("Dach") for s in _phrases("ob sein Dach für Solar geeignet ist"))
    assert "Dach für Solar" in _phrases("Das Dach für Solar nutzen")


def test_a_participle_missing_its_d_is_written_as_the_corpus_writes_it():
    corpus = ["Hängende Büsche am Radweg", "Die hängenden Büsche"]
    assert "Hängende Büsche" in _phrases("Die hängenen Büsche", corpus=corpus)
    # the corpus decides: where nobody writes the participle, nothing is invented
    assert not any("Hängende" in s for s in _phrases("Die hängenen Büsche", corpus=["Büsche am Radweg"]))
    assert "Offene Fenster" in _phrases("offene Fenster", corpus=["offene Fenster"])


def test_an_oblique_adjective_before_an_unknown_noun_makes_no_heading():
    found = _phrases("Der Radweg ist in einem sehr schlechten Zusatnd")
    assert not any("Schlechten" in s for s in found)
    assert "Schlechter Zustand" in _phrases("Der Radweg ist in einem schlechten Zustand")


def test_related_labels_share_a_word_or_compound_part():
    assert related_labels("Sicherer Radweg", "Fahrradabstellanlagen am Bahnhof")
    assert related_labels("Echtzeitanzeigen an den Haltestellen", "Haltestellen barrierefrei umbauen")
    assert not related_labels("Makerspace in der Bücherei", "Stadtgeschichte mit QR-Codes")
    assert not related_labels("Benutzungspflicht aufheben", "Einleitung in Straßenverkehr")


def test_a_modifier_that_repeats_its_head_says_nothing():
    from pinneberg_analysis.label.choose import tautological

    def phrase(text):
        return next(p for p in phrases(analyse([text])[0]) if p.n_words > 1)

    assert tautological(phrase("fahrende Radfahrer"))
    for text in ("parkende Autos", "abbiegende Radfahrer", "schlechter Straßenbelag", "dauerhafte Online-Beteiligung"):
        assert not tautological(phrase(text)), text


def test_a_one_word_best_gives_way_to_a_close_phrase_of_several_members():
    texts = ["Jugendbeteiligung per App", "E-Sport Raum für Jugendliche",
             "Jugend beteiligen. Jugendliche gehen nicht zu Bürgerforen. Eine Jugendbeteiligung über eine App",
             "Jugendliche über Social Media an Entscheidungen beteiligen", "Jugendbeirat mit digitaler Abstimmung",
             "freies WLAN in Jugendtreffs und auf öffentlichen Plätzen"]
    assert _labels(texts, [list(range(6))])[0] == "Jugendbeteiligung per App"
    # no phrase of two members comes close: the word stays rather than one author's phrase
    lone = ["Azubi-Börse", "Azubi-Börse!", "Azubi-Börse bitte. Speed-Dating mit Betrieben"]
    assert _labels(lone, [[0, 1, 2]])[0] == "Azubi-Börse"


def test_a_title_with_lower_case_words_is_no_place_name():
    labels = _titled([("Bergauf Radweg endet plötzlich", "Am Hang hört der Radweg auf"),
                      ("Radweg Kessenich-Dottendorf", "Der Radweg ist zu schmal")])
    assert labels[0] == "Bergauf Radweg endet plötzlich"
    assert labels[1] != "Radweg Kessenich-Dottendorf"
