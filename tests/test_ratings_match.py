import numpy as np
import pandas as pd
import pytest

from pinneberg_analysis.core.errors import InputError
from pinneberg_analysis.ranking.matching import assign_names, match_ratings, normalise_text

MEASURES = pd.DataFrame({
    "measure_id": ["M1", "M2", "M3"],
    "label": ["Mobilitätsstationen am Bahnhof", "Digitales Rathaus", "Radwege ausbauen"],
    "keywords": ["Carsharing;Leihrad", "Online;Termin", "Radweg;Sicherheit"],
})
CONTRIBUTIONS = pd.DataFrame({
    "measure_id": ["M1", "M2", "M3"],
    "text": ["Leihräder und Carsharing am Bahnhof bündeln", "Online-Termine im Bürgeramt",
             "Mehr sichere Radwege in der Innenstadt"],
})


def _ratings(refs, ids=None):
    n = len(refs)
    out = pd.DataFrame({"rating_id": [f"R{i}" for i in range(n)], "measure_ref": refs,
                        "rater": "A", "criterion": "Wirkung", "value": [4.0] * n})
    if ids is not None:
        out["measure_id"] = pd.array(ids, dtype="string")
    return out


def test_normalise_text_folds_umlauts():
    assert normalise_text("Mobilitätsstraße, Öffnung!") == "mobilitaetsstrasse oeffnung"
    assert normalise_text(pd.NA) == ""


def test_text_match_reports_method_and_similarity():
    m = match_ratings(_ratings(["Mobilitaetsstation Bahnhof", "Rathaus digital"]), MEASURES,
                      CONTRIBUTIONS)
    rows = m.matches.set_index("measure_ref")
    assert rows.loc["Mobilitaetsstation Bahnhof", "measure_id"] == "M1"
    assert rows.loc["Rathaus digital", "measure_id"] == "M2"
    assert (rows["method"] == "text").all() and (rows["status"] == "matched").all()
    assert (rows["similarity"] >= 0.5).all() and (rows["similarity"] <= 1).all()
    assert rows.loc["Rathaus digital", "candidates"].startswith("M2 (")


def test_member_text_helps_matching():
    # Matches the contribution text of M2, not its label.
    m = match_ratings(_ratings(["Online-Termine Bürgeramt"]), MEASURES, CONTRIBUTIONS)
    assert m.matches["measure_id"].iloc[0] == "M2"
    without = match_ratings(_ratings(["Online-Termine Bürgeramt"]),
                            MEASURES.drop(columns="keywords"), None)
    assert without.matches["similarity"].iloc[0] < m.matches["similarity"].iloc[0]


def test_unknown_measure_is_listed_as_unmatched_and_kept():
    ratings = _ratings(["Stadtwald aufforsten", "Radwege ausbauen", "Stadtwald aufforsten"])
    m = match_ratings(ratings, MEASURES, CONTRIBUTIONS)
    assert m.unmatched["measure_ref"].tolist() == ["Stadtwald aufforsten"]
    assert m.unmatched["status"].tolist() == ["unmatched"]
    assert m.unmatched["n_ratings"].tolist() == [2]
    # Every rating row is still there, with NA where unmatched.
    assert len(m.ratings) == len(ratings)
    assert m.ratings["rating_id"].tolist() == ratings["rating_id"].tolist()
    assert m.ratings["measure_id"].isna().tolist() == [True, False, True]
    assert m.ratings["match_status"].tolist() == ["unmatched", "matched", "unmatched"]


def test_two_equally_similar_measures_are_ambiguous():
    measures = pd.DataFrame({"measure_id": ["A1", "A2"],
                             "label": ["Radwege ausbauen", "Radwege ausbauen"]})
    m = match_ratings(_ratings(["Radwege ausbauen"]), measures)
    assert m.matches["status"].iloc[0] == "ambiguous"
    assert m.matches["measure_id"].isna().iloc[0]
    assert "A1" in m.matches["candidates"].iloc[0] and "A2" in m.matches["candidates"].iloc[0]
    assert len(m.unmatched) == 1


def test_match_by_id_and_unknown_id_is_not_guessed():
    ratings = _ratings(["irgendwas", "Radwege ausbauen"], ids=["M2", "M9"])
    m = match_ratings(ratings, MEASURES, CONTRIBUTIONS)
    rows = m.matches.set_index("given_measure_id")
    assert rows.loc["M2", "measure_id"] == "M2" and rows.loc["M2", "method"] == "id"
    assert rows.loc["M2", "similarity"] == 1.0
    # M9 does not exist: unmatched even though its name would match M3 by text.
    assert rows.loc["M9", "status"] == "unmatched" and pd.isna(rows.loc["M9", "measure_id"])
    assert m.ratings["measure_id"].tolist()[0] == "M2"
    assert pd.isna(m.ratings["measure_id"].tolist()[1])


def test_threshold_is_respected():
    strict = match_ratings(_ratings(["Mobilitaetsstation Bahnhof"]), MEASURES, threshold=0.99)
    assert strict.matches["status"].iloc[0] == "unmatched"


def test_no_ratings_gives_empty_tables():
    m = match_ratings(None, MEASURES)
    assert m.matches.empty and m.unmatched.empty
    with pytest.raises(InputError):
        match_ratings(pd.DataFrame({"rater": ["A"]}), MEASURES)


# --- the matcher on paraphrases, names not in the data, one-to-one -------------------------

MOB, WIR, VER = "Mobilität", "Wirtschaft", "Verwaltung"
LEB = "Lebens- und Wohnumfeld mit Gesundheit"
# Labels as the labeller proposes them (label == label_proposed): no evidence on their own.
CITY = pd.DataFrame({
    "measure_id": ["R1", "R2", "R3", "R4", "R5", "R6", "R7"],
    "field": [MOB, MOB, WIR, VER, LEB, WIR, WIR],
    "label": ["Fahrradparkhaus am Bahnhof", "Anzeigen an Bushaltestellen", "Coworking",
              "Mängelmelder und Foto", "Drohne zu Pflegeheimen", "Leerstandsmanagement",
              "WLAN in der Fußgängerzone"],
})
CITY["fields"] = CITY["field"]
CITY["label_proposed"] = CITY["label"]
CITY_TEXTS = pd.DataFrame({
    "measure_id": ["R1", "R1", "R1", "R2", "R2", "R3", "R4", "R4", "R5", "R6", "R7"],
    "title": ["Fahrradparkhaus", "", "Radboxen", "Echtzeitanzeigen", "", "Coworking", "",
              "Mängelmelder-App", "", "", ""],
    "text": ["Ein bewachtes Fahrradparkhaus am Bahnhof",
             "Zu wenig Fahrradabstellanlagen am Bahnhof, die Räder stehen wild herum",
             "Abschließbare Radboxen am Bahnhof",
             "Echtzeitanzeigen an allen Bushaltestellen",
             "Anzeigetafel am ZOB mit den Abfahrtszeiten",
             "Coworking-Space in einem leeren Laden nahe dem Bahnhof",
             "Schäden auf der Straße per App mit Foto melden",
             "Eine Mängelmelder-App für Schlaglöcher",
             "Medikamente per Drohne zu den Pflegeheimen bringen",
             "Leerstandsmanagement für leere Läden mit Pop-up-Flächen",
             "Kostenloses WLAN in der ganzen Fußgängerzone"],
})
PARAPHRASES = {
    "Gesicherte Abstellanlagen für Fahrräder am Bahnhof": "R1",
    "Echtzeit-Fahrgastinformation an Haltestellen": "R2",
    "Coworking-Angebot in Bahnhofsnähe": "R3",
    "Digitaler Mängelmelder": "R4",
}
# Not in the data; each shares only a place, a compound part, a head or an adjective.
NOT_IN_DATA = [
    "Seilbahn nach Hamburg",  # "bahn" only as a part of "Bahnhof"
    "Hallenbad am Bahnhof",  # only the place
    "Tierheim erweitern",  # "heim" only as the head of "Pflegeheim"
    "Sensorgestütztes Parkraummanagement",  # "management" only as the head of another
    "Kostenloses Schulessen",  # only the adjective
    "Städtepartnerschaft mit Dänemark",  # nothing
]


def _statuses(refs, measures=CITY, contributions=CITY_TEXTS, **kw):
    m = match_ratings(_ratings(refs), measures, contributions, **kw)
    return m, m.matches.set_index("measure_ref")


def test_staff_paraphrases_match_through_terms_and_compounds():
    _, rows = _statuses(list(PARAPHRASES))
    assert rows["measure_id"].to_dict() == PARAPHRASES
    assert (rows["status"] == "matched").all()


def test_names_of_measures_not_in_the_data_stay_unmatched():
    # Alone, and rated together with names that are in the data.
    for refs in (NOT_IN_DATA, NOT_IN_DATA + list(PARAPHRASES)):
        m, rows = _statuses(refs)
        assert len(m.matches) == len(refs)
        assert (rows.loc[NOT_IN_DATA, "status"] != "matched").all(), rows.loc[NOT_IN_DATA]
        assert rows.loc[NOT_IN_DATA, "measure_id"].isna().all()
    # No word of the name's core in any measure: said so.
    assert "kein Kernwort" in rows.loc["Städtepartnerschaft mit Dänemark", "candidates"]


def test_a_labellers_label_is_no_evidence_but_a_reviewers_is():
    # The labeller's label "Coworking" of R3 would match; its text does not mention it.
    texts = CITY_TEXTS.assign(text=CITY_TEXTS["text"].str.replace("Coworking-Space", "Büro"),
                              title=CITY_TEXTS["title"].replace("Coworking", ""))
    _, rows = _statuses(["Coworking-Angebot"], contributions=texts)
    assert rows.loc["Coworking-Angebot", "status"] == "unmatched"
    renamed = CITY.assign(label_proposed=CITY["label_proposed"].replace("Coworking", "Büro"))
    _, rows = _statuses(["Coworking-Angebot"], measures=renamed, contributions=texts)
    assert rows.loc["Coworking-Angebot", "measure_id"] == "R3"


def test_field_of_the_rating_restricts_the_candidates():
    ratings = _ratings(["Coworking-Angebot in Bahnhofsnähe"] * 2)
    wrong_field = match_ratings(ratings.assign(field="Verkehr & Mobilität"), CITY, CITY_TEXTS)
    assert wrong_field.matches["status"].iloc[0] != "matched"
    right_field = match_ratings(ratings.assign(field=WIR), CITY, CITY_TEXTS)
    assert right_field.matches["measure_id"].iloc[0] == "R3"


def test_rows_and_order_do_not_change_the_result():
    refs = NOT_IN_DATA + list(PARAPHRASES)
    a = match_ratings(_ratings(refs), CITY, CITY_TEXTS).matches
    b = match_ratings(_ratings(refs[::-1]), CITY.iloc[::-1], CITY_TEXTS.iloc[::-1]).matches
    pd.testing.assert_frame_equal(a, b)


def test_assignment_is_one_to_one():
    # Both names are closest to measure 0; the second one's next candidate is measure 1.
    d = assign_names(np.array([[0.60, 0.10], [0.50, 0.45]]), floor=0.2, margin=0.05)
    assert [(x.measure, x.status) for x in d] == [(0, "matched"), (1, "matched")]
    # Nearly equal candidates, but the other one clearly belongs to another name.
    d = assign_names(np.array([[0.30, 0.28], [0.31, 0.05]]), floor=0.2, margin=0.05)
    assert [(x.measure, x.status) for x in d] == [(1, "matched"), (0, "matched")]


def test_mutual_best_close_contested_and_floor():
    # Lead 0.02 < margin, but the two are each other's best.
    assert assign_names(np.array([[0.30, 0.28]]), 0.2, 0.05)[0].status == "matched"
    # Close, and another name is closer to the runner-up's measure: not mutual.
    d = assign_names(np.array([[0.30, 0.28, 0.0], [0.0, 0.29, 0.6]]), 0.2, 0.05)
    assert d[0].measure == 0 and d[1].measure == 2
    d = assign_names(np.array([[0.30, 0.28], [0.32, 0.0]]), 0.2, 0.05)
    assert (d[0].status, d[0].measure) == ("matched", 1)
    # Two names that clearly claim the same measure: both ambiguous, each naming the other.
    d = assign_names(np.array([[0.50, 0.05], [0.40, 0.05]]), 0.2, 0.05)
    assert [(x.status, x.reason, x.other) for x in d] == [
        ("ambiguous", "contested", 1), ("ambiguous", "contested", 0)]
    # Below the floor: unmatched; a tie: ambiguous.
    assert assign_names(np.array([[0.15, 0.0]]), 0.2, 0.05)[0].status == "unmatched"
    tie = assign_names(np.array([[0.4, 0.4]]), 0.2, 0.05)[0]
    assert (tie.status, tie.reason) == ("ambiguous", "close")
    assert assign_names(np.zeros((2, 0)), 0.2, 0.05)[1].status == "unmatched"


def test_contested_measure_is_reported_with_the_rival():
    texts = pd.concat([CITY_TEXTS, pd.DataFrame({
        "measure_id": ["R8", "R8"], "title": ["", ""],
        "text": ["Lastenräder zum Ausleihen", "Lieferungen in der Innenstadt mit Lastenrädern"],
    })], ignore_index=True)
    measures = pd.concat([CITY, pd.DataFrame({
        "measure_id": ["R8"], "field": [MOB], "fields": [MOB], "label": ["Lastenrad"],
        "label_proposed": ["Lastenrad"]})], ignore_index=True)
    sharing, delivery = "Kommunales Lastenrad-Sharing", "Lastenrad-Lieferverkehr in der Innenstadt"
    _, rows = _statuses([sharing, delivery], measures=measures, contributions=texts)
    assert (rows["status"] == "ambiguous").all()
    assert f"«{delivery}»" in rows.loc[sharing, "candidates"]
    assert f"«{sharing}»" in rows.loc[delivery, "candidates"]
    assert rows.loc[sharing, "candidates"].startswith("R8 (")


def test_char_counts_equal_the_vectorizer_on_whole_texts():
    from hypothesis import given, settings, strategies as st
    from sklearn.feature_extraction.text import CountVectorizer

    from pinneberg_analysis.ranking.similarity import char_counts

    alphabet = "abcäöüßXYZ -.,!12é\u0301\t\n"

    @settings(max_examples=60, deadline=None)
    @given(st.lists(st.text(alphabet, max_size=30), min_size=1, max_size=8)
           .filter(lambda ts: any(normalise_text(t) for t in ts)))
    def check(texts):
        vec = CountVectorizer(analyzer="char_wb", ngram_range=(3, 5), preprocessor=normalise_text,
                              dtype=np.float64)
        expected = vec.fit_transform(texts)
        got = char_counts(texts)
        assert got.shape == expected.shape
        np.testing.assert_array_equal(got.toarray(), expected.toarray())

    check()
