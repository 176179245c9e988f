import pandas as pd
import pytest

from pinneberg_analysis.errors import InputError
from pinneberg_analysis.ratings_match import match_ratings, normalise_text

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
