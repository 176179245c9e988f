"""Label rules of issue 16: no wish without its negation, problems do not name measures, theme labels."""

from __future__ import annotations

import numpy as np

from pinneberg_analysis.label.groups import label_context, label_groups
from pinneberg_analysis.label.phrases import phrases
from pinneberg_analysis.label.themes import largest_and_more
from pinneberg_analysis.nlp.analysis import analyse
from pinneberg_analysis.nlp.document import as_documents


def _surfaces(text):
    return [p.surface for p in phrases(analyse([text])[0])]


def test_a_heading_never_drops_the_negation_of_its_verb():
    assert "Radweg am Damm verbreitern" in _surfaces("Radweg am Damm verbreitern")
    for negated in ("Keinen Radweg am Damm verbreitern", "Nie wieder Radweg am Damm verbreitern"):
        assert not any("verbreitern" in s for s in _surfaces(negated))
    # a negation in another sentence does not count
    assert "Radweg am Damm verbreitern" in _surfaces("Radweg am Damm verbreitern. Nicht warten!")
    # a noun phrase after "kein" is what is asked for: "kein schnelles Internet"
    assert "Schnelles Internet" in _surfaces("Das Gewerbegebiet hat kein schnelles Internet")


def test_problem_statements_do_not_name_a_measure_of_ideas():
    problems = ["Junge Stadtbäume vertrocknen im Sommer", "Junge Stadtbäume vertrocknen",
                "Die jungen Stadtbäume vertrocknen jedes Jahr"]
    ideas = ["Bodenfeuchtesensoren an den Stadtbäumen", "Sensoren für die Bodenfeuchte an Stadtbäumen"]
    texts = problems + ideas
    docs = as_documents(texts)
    flags = np.array([True] * 3 + [False] * 2)
    named = label_groups(docs, [list(range(5))], np.eye(5), problems=flags)[0].label
    assert "vertrocknen" not in named.lower() and "junge" not in named.lower()
    assert "sensor" in named.lower() or "bodenfeuchte" in named.lower()
    # a measure of problems only is still named by them
    only = label_groups(docs, [[0, 1, 2]], np.eye(5), problems=flags)[0].label
    assert "stadtbäume" in only.lower()


def _theme_label(texts, measures):
    docs = as_documents(texts)
    ctx = label_context(docs)
    Z = np.eye(len(texts))
    measure_labels = [m.label for m in label_groups(docs, measures, Z, context=ctx)]
    theme = label_groups(docs, [sorted(i for g in measures for i in g)], Z, context=ctx)[0].label
    return measure_labels, theme


def test_a_theme_of_unrelated_measures_names_its_largest_and_more():
    texts = ["Echtzeitanzeigen an den Haltestellen", "Echtzeitanzeigen an allen Haltestellen",
             "Echtzeitanzeigen an Haltestellen bitte", "Echtzeitanzeigen an den Haltestellen ausbauen",
             "Lastenräder zum Ausleihen", "Lastenräder zum Ausleihen am Markt",
             "Carsharing am Bahnhof", "Mehr Carsharing am Bahnhof"]
    measures, theme = _theme_label(texts, [[0, 1, 2, 3], [4, 5], [6, 7]])
    assert theme.endswith(" und weitere")
    assert theme.removesuffix(" und weitere").split()[0] in measures[0]  # the largest measure
    assert 2 <= len(theme.split()) <= 6


def test_a_theme_of_two_related_measures_names_both_and_of_unrelated_ones_the_larger():
    related = ["Echtzeitanzeigen an den Haltestellen", "Echtzeitanzeigen an allen Haltestellen",
               "Haltestellen barrierefrei umbauen", "Haltestellen barrierefrei umbauen bitte"]
    _, theme = _theme_label(related, [[0, 1], [2, 3]])
    assert " und " in theme and "weitere" not in theme
    unrelated = ["Echtzeitanzeigen an den Haltestellen", "Echtzeitanzeigen an allen Haltestellen",
                 "Echtzeitanzeigen an Haltestellen", "Lastenräder zum Ausleihen", "Lastenräder zum Ausleihen am Markt"]
    measures, theme = _theme_label(unrelated, [[0, 1, 2], [3, 4]])
    assert theme == f"{measures[0]} und weitere"  # never two unrelated halves


def test_largest_and_more_stays_within_six_words():
    for label in ("Radwege", "Sichere Radwege am Damm", "Sichere und breite Radwege in der ganzen Stadt"):
        out = largest_and_more([label, "Rufbus"])
        assert out.endswith("und weitere") and 3 <= len(out.split()) <= 6
        assert "Radwege" in out or "Rufbus" in out or label == "Radwege"  # never an adjective alone
    assert largest_and_more([]) is None
