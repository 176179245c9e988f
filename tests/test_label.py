"""Labels that read like headings, keywords, representative contributions."""

from __future__ import annotations

import numpy as np

from pinneberg_analysis.features.vectorizer import TextVectorizer
from pinneberg_analysis.label.groups import display_forms, label_groups
from pinneberg_analysis.nlp.document import as_documents

TEXTS = [
    "Echtzeitanzeigen an den Haltestellen",
    "Echtzeitanzeigen an den Haltestellen, damit man sieht wann der Bus kommt",
    "digitale Abfahrtsanzeigen an allen Bushaltestellen",
    "Radwege sanieren, überall Schlaglöcher",
    "Die Radwege sanieren und die Wurzelaufbrüche beseitigen",
    "Radweg am Bahnhof sanieren!",
    "Kinoabende im Sommer im Park",
]
GROUPS = [[0, 1, 2], [3, 4, 5], [6]]


def labelled():
    docs = as_documents(TEXTS)
    Z = TextVectorizer(n_components=None).fit_transform(docs).toarray()
    original = np.arange(len(TEXTS))
    original[1] = 0  # pretend 1 is a near-duplicate of 0
    return docs, label_groups(docs, GROUPS, Z, original=original)


def test_labels_are_short_headings_from_the_texts():
    _, labels = labelled()
    # 0 and 1 are near-duplicates: one vote, as many as text 2 has
    assert labels[0].label in {"Echtzeitanzeigen an den Haltestellen",
                               "Digitale Abfahrtsanzeigen an allen Bushaltestellen"}
    assert labels[1].label == "Radwege sanieren"
    for lab in labels:
        assert 1 <= len(lab.label.split()) <= 6
        assert lab.label[0].isupper()


def test_keywords_are_readable_lemmas():
    _, labels = labelled()
    assert labels[0].keywords[0] in {"Haltestelle", "Echtzeitanzeige", "Fahrgastinformation"}
    assert "Radweg" in labels[1].keywords
    assert all(k == k.strip() and k for lab in labels for k in lab.keywords)


def test_representatives_skip_near_duplicates_and_stay_in_the_group():
    _, labels = labelled()
    reps = labels[0].representatives
    assert set(reps) <= {0, 1, 2} and not {0, 1} <= set(reps)
    assert labels[2].representatives == (6,)
    assert 2 <= len(labels[1].representatives) <= 3


def test_display_forms_restore_umlauts_and_case():
    forms = display_forms(as_documents(["Straßenbeleuchtung und ÖPNV", "öffentliche Mülleimer"]))
    assert forms["strassenbeleuchtung"] == "Straßenbeleuchtung"
    assert forms["oepnv"] == "ÖPNV"
    assert forms["muelleimer"] == "Mülleimer"


def test_single_contribution_without_phrase_still_gets_a_label():
    docs = as_documents(["bitte schnell machen"])
    lab = label_groups(docs, [[0]], np.ones((1, 1)))[0]
    assert lab.label and lab.representatives == (0,)


# -- headings by grammar (label_phrases) ------------------------------------------------------

def _label(texts, groups=None, **kw):
    docs = as_documents(texts)
    groups = groups or [list(range(len(texts)))]
    return label_groups(docs, groups, np.eye(len(texts)), **kw)


def _surfaces(text):
    from pinneberg_analysis.label.phrases import phrases
    from pinneberg_analysis.nlp.analysis import analyse

    return [p.surface for p in phrases(analyse([text])[0])]


def test_prepositional_group_is_kept_whole_or_dropped():
    found = _surfaces("Wir fordern einen baulich getrennten Radweg zwischen Bahnhof und Rathaus.")
    assert "Getrennter Radweg zwischen Bahnhof und Rathaus" in found
    assert not any(s.endswith("zwischen Bahnhof") for s in found)
    # "zwischen" without its partner is cut off and no candidate
    assert not any("zwischen" in s for s in _surfaces("ein Radweg zwischen Bahnhof, bitte"))
    assert "Sensoren für Feinstaub und Stickoxide" in _surfaces("Sensoren für Feinstaub und Stickoxide")


def test_phrases_do_not_stop_inside_a_name():
    assert not any(s.endswith("Social") for s in _surfaces("Jugendliche über Social Media beteiligen"))
    assert not any(s.startswith("Data") for s in _surfaces("Open Data Portal der Stadt"))
    # a compound with a German head noun is no part of a name
    assert "Online-Praktikumsbörse" in _surfaces("Online-Praktikumsbörse Schulen/Betriebe")


def test_adjectives_agree_with_the_head_noun():
    assert "Netzwerk junger Unternehmen" in _surfaces("Netzwerk junger Unternehmen")
    assert "Junge Unternehmen" in _surfaces("Netzwerk junger Unternehmen")  # plural, not "Junges"
    assert "Haltende Autos" in _surfaces("Ständig haltende Autos auf dem Radweg")
    assert "Dynamische Fahrgastinformation" in _surfaces("Dynamische Fahrgastinformation")
    assert "Sichere Radwege" in _surfaces("mehr sichere Radwege!")


def test_single_words_give_way_to_a_phrase_with_a_modifier():
    labels = _label([
        "Lastenrad zum Ausleihen",
        "Lastenräder zum Ausleihen am Bahnhof",
        "ein Lastenrad für alle",
        "Lastenrad",
    ])
    assert len(labels[0].label.split()) >= 2
    assert labels[0].label.startswith("Lastenr")


def test_no_glued_pairs_only_real_coordinations():
    labels = _label([
        "Sensoren messen den Lärm an der Hauptstraße",
        "Lärm dauerhaft messen",
        "Sensoren für Feinstaub und Lärm",
        "Luftqualität und Lärm messen",
    ])
    lab = labels[0].label
    assert lab not in {"Lärm und Sensor", "Sensor und Lärm", "Lärm und Sensoren"}
    assert 2 <= len(lab.split()) <= 6


def test_umlauts_restored_from_the_corpus():
    labels = _label([
        "Termin im Buergerbuero per Internet buchen",
        "Termin im Buergerbuero online",
        "Online-Terminvergabe für das Bürgerbüro",
    ])
    assert "Buergerbuero" not in labels[0].label
    assert "ue" not in labels[0].label.replace("Bue", "")


def test_theme_label_names_what_its_measures_share():
    texts = [
        "sichere Radwege an der Hauptstraße", "Radwege sicher machen", "breite sichere Radwege",
        "Fahrradständer am Bahnhof", "mehr Fahrradständer am Bahnhof", "überdachte Fahrradständer",
    ]
    docs = as_documents(texts)
    from pinneberg_analysis.label.groups import label_context

    ctx = label_context(docs)
    Z = np.eye(len(texts))
    measures = label_groups(docs, [[0, 1, 2], [3, 4, 5]], Z, context=ctx)
    theme = label_groups(docs, [[0, 1, 2, 3, 4, 5]], Z, context=ctx)[0]
    assert theme.label not in {m.label for m in measures}
    assert 2 <= len(theme.label.split()) <= 6
    # labelling the same grouping again is not mistaken for themes
    again = label_groups(docs, [[0, 1, 2], [3, 4, 5]], Z, context=ctx)
    assert [a.label for a in again] == [m.label for m in measures]


def test_near_duplicates_share_one_vote():
    campaign = "Wir fordern einen getrennten Radweg an der Allee"
    texts = [campaign] * 4 + ["Radwege sanieren", "Radwege sanieren, Schlaglöcher", "Radweg sanieren"]
    original = np.array([0, 0, 0, 0, 4, 5, 6])
    lab = _label(texts, original=original)[0]
    assert lab.label == "Radwege sanieren"
    assert "sanieren" in lab.keywords[:2] and not {"getrennt", "fordern"} & set(lab.keywords[:2])


def test_labels_are_deterministic():
    texts = TEXTS + ["Radwege sanieren bitte", "Echtzeitanzeigen an allen Haltestellen"]
    groups = [[0, 1, 2, 8], [3, 4, 5, 7], [6]]
    a = [g.label for g in _label(texts, groups)]
    b = [g.label for g in _label(list(texts), groups)]
    assert a == b


def test_theme_composition_from_measure_labels():
    from pinneberg_analysis.label.themes import coordinate_cores, nominal_core

    assert nominal_core("Fahrgastinformation an den Haltestellen") == ["Fahrgastinformation"]
    assert nominal_core("Schulen digital ausstatten") == ["Schulen"]
    assert nominal_core("Netzwerk junger Unternehmen") == ["Netzwerk", "junger", "Unternehmen"]
    assert coordinate_cores(["Getrennter Radweg", "Fahrradabstellanlagen am Bahnhof"]) == \
        "Getrennter Radweg und Fahrradabstellanlagen"
    # a head contained in the other's compound adds nothing; the next label is taken
    assert coordinate_cores(["Sensoren für Feinstaub", "Bodenfeuchtesensoren", "Junge Stadtbäume"]) == \
        "Sensoren und junge Stadtbäume"
    assert coordinate_cores(["Radwege sanieren"]) is None
    # a second noun or an abbreviation ends the core; a foreign name stays whole
    assert nominal_core("Überholabstand Pkw") == ["Überholabstand"]
    assert nominal_core("Fahrradstr.") == []
    assert nominal_core("Open Data Portal") == ["Open", "Data", "Portal"]
    assert nominal_core("Sicherer Radweg") == ["Sicherer", "Radweg"]


def test_compound_in_the_dative_plural_becomes_its_nominative():
    # "Stadtbäumen" -> "Stadtbäume", never a spliced "Stadtbäbaum"
    assert "Stadtbäume" in _surfaces("Bodenfeuchtesensoren an Stadtbäumen")
    assert "Straßenbäume" in _surfaces("an den Straßenbäumen Sensoren")
    assert not any("bäbaum" in s for s in _surfaces("Sensoren an Straßenbäumen und Stadtbäumen"))


def test_adjective_endings_come_from_the_written_form():
    # a lemma that kept its inflection is not inflected twice
    assert "Kaputte Bodenschwellen" in _surfaces("die kaputten Bodenschwellen")
    assert "Schwere Lasten" in _surfaces("schwere Lasten")  # a lemma ending like an inflection
    assert "Zugewachsener Radweg" in _surfaces("ein zugewachsener Radweg")
    assert "Dunkle Radwege" in _surfaces("die dunklen Radwege")
    assert not any("erer " in s for s in _surfaces("ein zugewachsener Radweg"))


def test_coordinated_adjectives_agree():
    assert "Sicherer und attraktiver Radweg" in _surfaces("Sicheren und attraktiven Radweg an der Allee")
    assert "Sichere und breite Radwege" in _surfaces("wir brauchen sichere und breite Radwege")


def test_wegen_is_a_preposition_not_an_adjective():
    found = _surfaces("Videosprechstunde wegen Ärztemangel")
    assert "Videosprechstunde wegen Ärztemangel" in found
    assert not any(s.startswith("Weger") for s in found)


def test_prepositional_group_may_take_the_clause_final_infinitive():
    found = _surfaces("bitte direkt den Radweg auf die Straße legen")
    assert "Radweg auf die Straße legen" in found and "Radweg auf die Straße" in found
    # not across a comma or before more words of the clause
    assert not any(s.endswith("damit") for s in _surfaces("Anzeigen an den Haltestellen, damit man"))


def test_one_word_gives_way_to_a_phrase_with_its_head_covering_as_many():
    labels = _label([
        "WLAN in der Fußgängerzone",
        "Innenstadt-WLAN . Kostenloses WLAN in der Fußgängerzone und am Bahnhof",
        "Innenstadt-WLAN",
        "Innenstadt-WLAN für alle",
    ])
    assert labels[0].label == "WLAN in der Fußgängerzone"
    # also with another head noun, when it covers as many members ("Modell" and "Leihsystem": 2)
    texts = ["Fahrradleihsystem. Ich fände ein Leihsystem für Fahrräder sehr praktisch.",
             "Kopenhagen als Modell für alltagstaugliche Radwege",
             "Radverleih nach Nürnberger Modell. In Nürnberg gibt es flexible Radleihsysteme, die alltagstauglich sind.",
             "Radwege sanieren", "Radwege breiter machen", "Tempo 30 vor Schulen", "Mehr Bänke im Park"]
    assert _label(texts, [[0, 1, 2], [3, 4], [5], [6]])[0].label == "Flexible Radleihsysteme"
    assert "Radweg und Fußgängerüberweg" in _surfaces("Radweg UND Fußgängerüberweg")


def test_one_authors_detail_adds_nothing_to_a_phrase():
    # "am Bahnhof" is one of three authors' detail: the shared phrase wins
    labels = _label(["Radwege sanieren, überall Schlaglöcher", "Die Radwege sanieren und Wurzeln beseitigen",
                     "Radweg am Bahnhof sanieren!"])
    assert labels[0].label == "Radwege sanieren"


def test_referring_adjectives_start_no_heading():
    found = _surfaces("Vorhandene Fahrradständer erneuern, die dort befindlichen Bodenschwellen")
    assert "Fahrradständer erneuern" in found and "Bodenschwellen" in found
    assert not any(s.startswith(("Vorhanden", "Befindlich")) for s in found)


def test_foreign_names_are_one_noun():
    assert "Open Data Portal" in _surfaces("Open Data Portal der Stadt")
    assert "Smart City" in _surfaces("Pinneberg als Smart City")
    # a place name, an inflected adjective or a typo opens no name
    assert not any("Gymnasium" in s and "Hardtberg" in s for s in _surfaces("Schulweg zum Hardtberg Gymnasium"))
    assert "Steigenden Gesundheitsbewusstsein" not in " ".join(_surfaces("wegen Steigenden Gesundheitsbewustsein Dienstfahrrad"))
    assert "Jugendliche über Social Media beteiligen" in _surfaces("Jugendliche über Social Media beteiligen")
    # German words, place adjectives and function words are no name
    assert "Radwege" in _surfaces("Mehr Radwege bitte")
    assert not any("Kessenicher" in s for s in _surfaces("aus den Kessenicher Wohnvierteln"))


def test_no_heading_after_a_possessive():
    found = _surfaces("Unser Betrieb im Gewerbegebiet hat nur 16 Mbit")
    assert not any(s.startswith("Betrieb") for s in found)
    assert "Gewerbegebiet" in found


def test_one_authors_prepositional_group_makes_no_heading():
    # "über Social Media" is one of five authors' detail: "Jugendliche über Social Media" scores
    # as the bare "Jugendliche" and the shared phrase wins
    texts = ["Jugendbeteiligung per App", "E-Sport Raum für Jugendliche",
             "Jugendliche über Social Media an Entscheidungen beteiligen", "Jugendbeirat mit digitaler Abstimmung",
             "Jugendliche gehen nicht zu Bürgerforen. Eine Jugendbeteiligung über eine App",
             "Radwege sanieren", "Radwege breiter machen", "Tempo 30 vor Schulen", "Mehr Bänke im Park",
             "Bus öfter fahren lassen"]
    labels = _label(texts, [[0, 1, 2, 3, 4], [5, 6], [7], [8], [9]])
    assert labels[0].label == "Jugendbeteiligung per App"


RADWEGE_THEME = ["sichere Radwege am Bahnhof", "Radwege sicher machen", "breite sichere Radwege",
                 "Fahrradständer am Bahnhof", "Fahrradständer an Radwegen", "überdachte Fahrradständer",
                 "Tempo 30 vor Schulen", "Mehr Bänke im Park"]


def _first_theme_label(texts, measures, themes, original=None) -> str:
    """Label the measures, then the themes made of them (the context keeps the measures)."""
    from pinneberg_analysis.label.groups import label_context

    docs = as_documents(texts)
    ctx = label_context(docs)
    Z = np.eye(len(texts))
    label_groups(docs, measures, Z, context=ctx, original=original)
    return label_groups(docs, themes, Z, context=ctx, original=original)[0].label


def test_theme_heading_is_not_one_authors_phrase():
    # "Radwege am Bahnhof" has theme words only, but one author writes it
    label = _first_theme_label(RADWEGE_THEME, [[0, 1, 2], [3, 4, 5], [6], [7]], [[0, 1, 2, 3, 4, 5], [6, 7]])
    assert label != "Radwege am Bahnhof"
    assert label == "Sichere Radwege und überdachte Fahrradständer"


def test_a_copy_paste_campaign_is_still_one_author_of_a_theme_heading():
    texts = RADWEGE_THEME + ["sichere Radwege am Bahnhof!"]
    original = np.array([0, 1, 2, 3, 4, 5, 6, 7, 0])  # the last text copies the first
    label = _first_theme_label(texts, [[0, 1, 2, 8], [3, 4, 5], [6], [7]], [[0, 1, 2, 3, 4, 5, 8], [6, 7]],
                               original=original)
    assert label != "Radwege am Bahnhof"


def test_prepositional_group_before_a_dangling_preposition_is_cut():
    # "von ... aus", "an ... entlang": the group is not complete without its closing word
    assert "Linksabbiegerampel von Aufstellfläche" not in _surfaces(
        "Linksabbiegerampel von Aufstellfläche aus nicht sichtbar")
    assert "Radweg an der Allee" not in _surfaces("Sicheren Radweg an der Allee entlang.")
    # a preposition with its own object is no closing word
    assert "Wartenummer aufs Handy" in _surfaces("Wartenummer aufs Handy statt im Flur sitzen")


def test_adverb_opening_a_sentence_is_no_noun():
    found = _surfaces("Vorne an der Kreuzung fehlt ein Radweg")
    assert not any(s.startswith("Vorne") for s in found)
    assert "Kreuzung" in found


def test_theme_without_shared_phrase_takes_one_authors_phrase_over_a_keyword():
    # both measures are "... Kopfsteinpflaster": no "A und B"; no phrase has two authors
    texts = ["verlegtes Kopfsteinpflaster", "verlegtes Kopfsteinpflaster an der Kreuzung",
             "Kopfsteinpflaster ist gefährlich", "glattes Kopfsteinpflaster vor allen Kreuzungen",
             "glattes Kopfsteinpflaster bei Nässe", "Kopfsteinpflaster", "Tempo 30 vor Schulen",
             "Mehr Bänke im Park"]
    label = _first_theme_label(texts, [[0, 1, 2], [3, 4, 5], [6], [7]], [[0, 1, 2, 3, 4, 5], [6, 7]])
    assert len(label.split()) >= 2 and "Kopfsteinpflaster" in label


def test_prepositional_group_before_a_name_is_cut():
    found = _surfaces("Die Radspur in Richtung Rhein wird blockiert")
    assert "Radspur in Richtung" not in found and "Radspur" in found
    # a German noun after the group is no name: the group stays
    assert "Sensoren für Feinstaub" in _surfaces("Sensoren für Feinstaub Messwerte online")
