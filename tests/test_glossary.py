"""A project's own vocabulary (``[nlp]`` config): parsing, folding, effect, isolation, labels."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone

from pinneberg_analysis import nlp
from pinneberg_analysis.cluster.clusterer import MeasureClusterer, cluster_contributions
from pinneberg_analysis.core.config import Config
from pinneberg_analysis.core.errors import ConfigError
from pinneberg_analysis.features.vectorizer import TextVectorizer
from pinneberg_analysis.nlp.document import as_documents
from pinneberg_analysis.nlp.glossary import Glossary, build_glossary
from pinneberg_analysis.nlp.glossary_checks import fold_abbreviation, fold_word
from pinneberg_analysis.pipeline import load_settings

AKN = {"AKN": "Eisenbahn Altona-Kaltenkirchen-Neumünster"}
BUECHEREI = {"Bücherei": ["Stadtbücherei", "Bibliothek", "Mediathek"]}


def _write(tmp_path, text: str):
    path = tmp_path / "projekt.toml"
    path.write_text(text, encoding="utf-8")
    return path


def _config(tmp_path, text: str) -> Config:
    """Read and validate a config file as the CLI does (the glossary built once)."""
    return load_settings(_write(tmp_path, text))[0]


def _terms(text: str, glossary: Glossary | None = None) -> list[str]:
    return nlp.analyse([text], glossary=glossary)[0].terms


def _cos(X, i: int, j: int) -> float:
    X = X.toarray() if hasattr(X, "toarray") else X
    return float(X[i] @ X[j])


# -- config ------------------------------------------------------------------------------

def test_nlp_section_parses_into_a_glossary(tmp_path):
    cfg = _config(tmp_path, """
[nlp]
abbreviations = { AKN = "Eisenbahn Altona-Kaltenkirchen-Neumünster", "E-Roller" = "Elektroroller" }
stop_words = ["Pinneberg"]
[nlp.concepts]
"Bücherei" = ["Stadtbücherei", "Bibliothek"]
[nlp.disable]
abbreviations = ["P+R"]
concepts = ["Straßenbeleuchtung"]
stop_words = ["Stadt"]
""")
    g = build_glossary(cfg.nlp)
    assert g.abbreviation_table["akn"].startswith("Eisenbahn")
    assert g.abbreviation_table["eroller"] == "Elektroroller"
    assert "pr" not in g.abbreviation_table and "oepnv" in g.abbreviation_table
    assert "strassenbeleuchtung" not in g.concept_maps[1] and g.concept_maps[1]["buecherei"] == "Bücherei"
    assert g.concept_maps[0]["bibliothek"] == "buecherei"
    assert "pinneberg" in g.stop and "stadt" in g.unstop


@pytest.mark.parametrize("text", ["", "[nlp]\n", "[nlp]\nabbreviations = {}\nstop_words = []\n"])
def test_empty_section_is_the_builtin_vocabulary(tmp_path, text):
    cfg = _config(tmp_path, text)
    assert build_glossary(cfg.nlp) is None
    assert Glossary().is_empty and nlp.analyse(["x"], glossary=Glossary())[0].terms == _terms("x")


@pytest.mark.parametrize("toml, expected", [
    ('[nlp]\nabbreviations = { AKN = "" }', r"nlp\.abbreviations\.AKN: die Langform von 'AKN' ist leer"),
    ('[nlp]\nabbreviations = { AKN = 3 }', r"nlp\.abbreviations\.AKN: erwartet war Text, gefunden 3"),
    ('[nlp]\nabbreviations = { "-" = "Strich" }', r"nlp\.abbreviations\.-: '-' ist keine Abkürzung"),
    ('[nlp]\nabbreviations = { "E-Bike" = "a", EBIKE = "b" }', r"vereinheitlicht dieselbe Abkürzung \('ebike'\)"),
    ('[nlp]\nabbriviations = {}', r"nlp\.abbriviations: unbekannte Einstellung"),
    ('[nlp]\nstop_words = "Pinneberg"', r"nlp\.stop_words: erwartet war eine Liste, gefunden 'Pinneberg'"),
    ('[nlp]\nstop_words = ["Stadt Pinneberg"]', r"nlp\.stop_words: 'Stadt Pinneberg' ist kein einzelnes Wort"),
    ('[nlp.concepts]\nRadweg = []', r"nlp\.concepts\.Radweg: der Begriff 'Radweg' hat keine Wörter"),
    ('[nlp.concepts]\nA = ["Weg"]\nB = ["weg"]', r"'weg' steht in zwei Begriffen"),
    ('[nlp.disable]\nabbreviations = ["AKN"]', r"nlp\.disable\.abbreviations: 'AKN' ist keine eingebaute Abkürzung"),
    ('[nlp.disable]\nconcepts = ["Radweg"]', r"'Radweg' ist kein eingebauter Begriff; eingebaut: Mülleimer"),
    ('[nlp.disable]\nstop_words = ["Radweg"]', r"'Radweg' ist kein eingebautes Stoppwort"),
    ('[nlp.disable]\nwords = []', r"nlp\.disable\.words: unbekannte Einstellung"),
])
def test_bad_entries_name_the_file_and_the_key(tmp_path, toml, expected):
    with pytest.raises(ConfigError, match=expected) as err:
        _config(tmp_path, toml)
    assert "projekt.toml" in str(err.value) and "So beheben" in str(err.value)


def test_build_rejects_bad_entries_with_a_config_error():
    with pytest.raises(ConfigError, match="abbreviations.X: 'X' ist keine Abkürzung"):
        Glossary.build(abbreviations={"X": "Ix"})
    with pytest.raises(ConfigError, match="unbekannte Schlüssel"):
        Glossary.build(disable={"words": ["a"]})


# -- folding -----------------------------------------------------------------------------

def test_entries_are_folded_like_the_builtin_ones():
    assert fold_abbreviation("E-Scooter") == "escooter" == fold_abbreviation(" e scooter ")
    assert fold_abbreviation("P+R") == "pr" and fold_abbreviation("ÖPNV") == "oepnv"
    assert fold_word("Bürger-Büro") == "buergerbuero" and fold_word("STRASSE") == fold_word("Straße")
    g = Glossary.build(abbreviations={"e-Roller": "Elektroroller"}, concepts={"Bürgeramt": ["Bürgerbüro"]},
                       stop_words=["Bürgerinnen"], disable={"abbreviations": ["Park+Ride"]})
    assert "eroller" in g.abbreviation_table and "parkride" not in g.abbreviation_table
    assert g.concept_maps[0]["buergerbuero"] == "buergeramt"
    assert {"buergerinnen", "buerger"} <= g.stop  # folded and as lemma
    assert Glossary.build(abbreviations={"AKN": "Bahn"}) == Glossary.build(abbreviations={" AKN ": "Bahn "})


# -- the analysis ------------------------------------------------------------------------

def test_user_abbreviation_adds_its_expansion_also_inside_compounds():
    g = Glossary.build(abbreviations={**AKN, "HVV": "Hamburger Verkehrsverbund"})
    assert "eisenbahn" not in _terms("Die AKN fährt selten")
    terms = _terms("Die AKN fährt selten", g)
    assert {"akn", "eisenbahn", "altona", "neumuenster"} <= set(terms)
    assert {"hvv", "verkehrsverbund", "ticket"} <= set(_terms("HVV-Tickets billiger", g))


def test_user_abbreviation_makes_two_texts_similar():
    texts = ["Die AKN muss öfter fahren", "Takt der Altona-Kaltenkirchen-Neumünster-Bahn verdichten",
             "Mehr Radwege bauen", "WLAN im Rathaus"]
    plain = TextVectorizer(n_components=None).fit_transform(texts)
    with_akn = TextVectorizer(n_components=None, glossary=Glossary.build(AKN)).fit_transform(texts)
    assert _cos(plain, 0, 1) < 0.1
    assert _cos(with_akn, 0, 1) > _cos(plain, 0, 1) + 0.3


def test_user_concept_makes_local_synonyms_similar():
    texts = ["Die Stadtbücherei sonntags öffnen", "Bibliothek auch am Wochenende", "Mehr Radwege bauen"]
    plain = TextVectorizer(n_components=None).fit_transform(texts)
    g = Glossary.build(concepts=BUECHEREI)
    assert "buecherei" in _terms("Bibliothek", g) and "buecherei" not in _terms("Bibliothek")
    assert _cos(plain, 0, 1) < 0.05
    assert _cos(TextVectorizer(n_components=None, glossary=g).fit_transform(texts), 0, 1) > 0.12


def test_user_entry_wins_and_builtin_entries_can_be_switched_off():
    assert "pendlerparkplatz" in _terms("P+R am Bahnhof")
    off = Glossary.build(disable={"abbreviations": ["P+R"], "concepts": ["Mülleimer"]})
    assert "pendlerparkplatz" not in _terms("P+R am Bahnhof", off)
    assert "muelleimer" in _terms("Papierkorb leeren") and "muelleimer" not in _terms("Papierkorb leeren", off)
    mine = Glossary.build(abbreviations={"PR": "Öffentlichkeitsarbeit"})
    assert {"pr", "oeffentlichkeitsarbeit"} <= set(_terms("Bessere PR", mine))
    assert "pendlerparkplatz" not in _terms("Bessere PR", mine)


def test_stop_words_are_dropped_and_switched_off_ones_come_back():
    g = Glossary.build(stop_words=["Rathaus", "Innenstadt"], disable={"stop_words": ["Stadt"]})
    assert "rathaus" in _terms("WLAN im Rathaus und in der Stadt")
    terms = _terms("WLAN im Rathaus und in der Stadt", g)
    assert "rathaus" not in terms and "haus" not in terms and "stadt" in terms and "wlan" in terms
    assert "stadt" not in _terms("WLAN im Rathaus und in der Stadt")


def test_glossaries_do_not_leak_through_the_word_caches():
    text = "AKN und Bibliothek, P+R"
    before = _terms(text)
    a = Glossary.build(abbreviations=AKN)
    b = Glossary.build(concepts=BUECHEREI, disable={"abbreviations": ["PR"]})
    ta, tb = _terms(text, a), _terms(text, b)
    assert "eisenbahn" in ta and "buecherei" not in ta and "pendlerparkplatz" in ta
    assert "eisenbahn" not in tb and "buecherei" in tb and "pendlerparkplatz" not in tb
    assert _terms(text) == before and _terms(text, a) == ta and _terms(text, b) == tb
    # two vectorizers with different glossaries in one process
    texts = ["AKN öfter", "Bibliothek am Sonntag", "Radwege bauen", "P+R am Bahnhof"]
    va = TextVectorizer(n_components=None, glossary=a).fit(texts)
    vb = TextVectorizer(n_components=None, glossary=b).fit(texts)
    v0 = TextVectorizer(n_components=None).fit(texts)
    names = [set(v.feature_names()) for v in (va, vb, v0)]
    assert "lemma:eisenbahn" in names[0] and "lemma:eisenbahn" not in names[1] | names[2]
    assert "lemma:buecherei" in names[1] and "lemma:buecherei" not in names[0] | names[2]


def test_vectorizer_stores_the_glossary_as_a_parameter():
    g = Glossary.build(abbreviations=AKN)
    vec = TextVectorizer(glossary=g)
    assert vec.get_params()["glossary"] is g
    copy = clone(vec)
    assert copy.glossary == g and hash(copy.glossary) == hash(g)
    with pytest.raises(ConfigError, match="glossary muss ein Glossary"):
        TextVectorizer(glossary={"AKN": "Bahn"}).fit(["a b", "c d"])


def test_documents_are_analysed_again_for_another_glossary():
    g = Glossary.build(abbreviations=AKN)
    docs = as_documents(["Die AKN fährt selten"])
    assert docs[0].glossary is None and "eisenbahn" not in docs[0].text_nlp.terms
    again = as_documents(docs, g)
    assert again[0].glossary == g and "eisenbahn" in again[0].text_nlp.terms
    assert as_documents(again, g) is not None and as_documents(again, g)[0] is again[0]


# -- clustering and labels ----------------------------------------------------------------

TINY = pd.DataFrame({
    "contribution_id": [f"C-{i}" for i in range(10)],
    "field": "Mobilität",
    "text": [
        "Die AKN muss öfter fahren", "Takt der Altona-Kaltenkirchen-Neumünster-Bahn verdichten",
        "Die Stadtbücherei sonntags öffnen", "Bibliothek auch am Wochenende",
        "Mehr Radwege bauen", "Radwege verbreitern und Radwege sanieren",
        "WLAN im Rathaus", "Kostenloses WLAN in der Innenstadt",
        "Mehr Mülleimer im Park", "Papierkörbe im Stadtpark leeren",
    ],
})


def test_glossary_changes_the_clustering_of_a_tiny_process():
    plain = MeasureClusterer(random_state=0).fit(TINY).labels_
    g = Glossary.build(abbreviations=AKN, concepts=BUECHEREI)
    mine = MeasureClusterer(random_state=0, vectorizer=TextVectorizer(glossary=g)).fit(TINY).labels_
    assert plain[0] != plain[1] and plain[2] != plain[3]
    assert mine[0] == mine[1] and mine[2] == mine[3]
    assert [mine[i] == mine[i + 1] for i in (4, 6, 8)] == [True] * 3  # the rest stays paired


def test_cluster_contributions_uses_the_glossary_and_labels_keep_the_users_spelling():
    df = TINY.copy()
    df.loc[0, "text"] = "Die Akn muss öfter fahren"  # the label shows "AKN" as configured
    g = Glossary.build(abbreviations=AKN)
    # the glossary acts on the word features (with sentence vectors beside them it pulls less)
    out, measures, _ = cluster_contributions(df, {"backend": "tfidf"}, random_state=0, glossary=g)
    akn = measures.loc[measures["measure_id"] == out.loc[0, "measure_id"]].iloc[0]
    keywords = akn["keywords"].split(";")
    assert "AKN" in keywords and "Akn" not in keywords and "akn" not in keywords
    assert out.loc[0, "measure_id"] == out.loc[1, "measure_id"]
    assert not any(k.islower() and k in {"kaltenkirche", "altona"} for k in keywords)


def test_default_glossary_leaves_the_clustering_unchanged():
    plain = MeasureClusterer(random_state=0).fit(TINY)
    empty = MeasureClusterer(random_state=0, vectorizer=TextVectorizer(glossary=Glossary())).fit(TINY)
    np.testing.assert_array_equal(plain.labels_, empty.labels_)
    pd.testing.assert_frame_equal(plain.measures_, empty.measures_)


def test_the_templates_examples_work_when_uncommented(tmp_path):
    from pinneberg_analysis.core.config import DEFAULT_TOML

    text = DEFAULT_TOML.replace("# AKN =", "AKN =").replace("# HVV =", "HVV =").replace("# Radweg =", "Radweg =")
    g = build_glossary(_config(tmp_path, text).nlp)
    assert {"akn", "hvv"} <= set(g.abbreviation_table) and g.concept_maps[0]["schutzstreifen"] == "radweg"


RATED_MEASURES = pd.DataFrame({"measure_id": ["M1", "M2", "M3"], "field": "Mobilität",
                               "label": ["Takt der Altona-Kaltenkirchen-Neumünster-Bahn",
                                         "Radwege sanieren", "WLAN in der Innenstadt"]})
RATED_CONTRIBUTIONS = pd.DataFrame({
    "measure_id": ["M1", "M1", "M2", "M2", "M3"], "field": "Mobilität", "votes": 1,
    "source_kind": "online",
    "text": ["Takt der Altona-Kaltenkirchen-Neumünster-Bahn verdichten",
             "Bahn nach Kaltenkirchen öfter", "Mehr Radwege bauen", "Radwege sanieren",
             "WLAN im Rathaus"]})
RATINGS = pd.DataFrame({"measure_ref": ["AKN", "Radwege"], "rater": "A",
                        "criterion": "Wirkung", "value": [4.0, 3.0]})


def test_rated_names_are_matched_with_the_glossary():
    from pinneberg_analysis.ranking.matching import match_ratings

    measures, contributions, ratings = RATED_MEASURES, RATED_CONTRIBUTIONS, RATINGS
    plain = match_ratings(ratings, measures, contributions).matches.set_index("measure_ref")
    mine = match_ratings(ratings, measures, contributions,
                         glossary=Glossary.build(abbreviations=AKN)).matches.set_index("measure_ref")
    assert plain.loc["AKN", "status"] == "unmatched" and plain.loc["Radwege", "measure_id"] == "M2"
    assert mine.loc["AKN", "measure_id"] == "M1" and mine.loc["Radwege", "measure_id"] == "M2"


# -- review fixes --------------------------------------------------------------------------

def test_a_pickled_glossary_hashes_like_a_fresh_equal_one():
    import pickle
    import subprocess
    import sys

    code = ("import pickle, sys; from pinneberg_analysis.nlp.glossary import Glossary; "
            "g = Glossary.build(abbreviations={'AKN': 'Eisenbahn'}, stop_words=['Rathaus']); hash(g); "
            "sys.stdout.buffer.write(pickle.dumps(g))")
    env = {**__import__("os").environ, "PYTHONHASHSEED": "1"}  # another process, other str hashes
    data = subprocess.run([sys.executable, "-c", code], capture_output=True, check=True, env=env).stdout
    loaded = pickle.loads(data)
    fresh = Glossary.build(abbreviations={"AKN": "Eisenbahn"}, stop_words=["Rathaus"])
    assert loaded == fresh and hash(loaded) == hash(fresh)
    again = pickle.loads(pickle.dumps(fresh))
    assert again == fresh and hash(again) == hash(fresh) and "eisenbahn" in _terms("AKN", again)


def test_a_glossary_that_is_not_a_glossary_is_a_config_error_in_the_clusterer():
    with pytest.raises(ConfigError, match="glossary muss ein Glossary.*Glossary.build"):
        MeasureClusterer(vectorizer=TextVectorizer(glossary={"AKN": "Bahn"})).fit(TINY)
    with pytest.raises(ConfigError, match="glossary muss ein Glossary"):
        nlp.analyse(["x"], glossary={"AKN": "Bahn"})


def test_rank_and_sensitivity_use_the_glossary_they_are_given(tmp_path, monkeypatch):
    from pinneberg_analysis.ranking import ranker as ranking

    cfg, glossary = load_settings(_write(tmp_path, '[nlp.abbreviations]\nAKN = "Eisenbahn '
                                                   'Altona-Kaltenkirchen-Neumünster"\n'
                                                   '[rank]\nn_bootstrap = 20\n'))
    out = ranking.rank(RATED_MEASURES, RATED_CONTRIBUTIONS, RATINGS, cfg.rank,
                       glossary=glossary).set_index("measure_id")
    assert out.loc["M1", "rated"] and out.loc["M2", "rated"]
    plain = ranking.rank(RATED_MEASURES, RATED_CONTRIBUTIONS, RATINGS, cfg.rank).set_index("measure_id")
    assert not plain.loc["M1", "rated"]  # without the glossary "AKN" means nothing
    seen = []
    real = ranking.match_ratings
    monkeypatch.setattr(ranking, "match_ratings",
                        lambda *a, **k: seen.append(k["glossary"]) or real(*a, **k))
    ranking.sensitivity(RATED_MEASURES, RATED_CONTRIBUTIONS, RATINGS, cfg.rank, glossary=glossary)
    assert seen == [glossary]


def test_a_whole_config_is_no_rank_section(tmp_path):
    from pinneberg_analysis.ranking import rank

    with pytest.raises(ConfigError, match=r"erwartet waren die Einstellungen \[rank\].*config\.rank übergeben"):
        rank(RATED_MEASURES, RATED_CONTRIBUTIONS, RATINGS, Config())


def test_reading_a_config_does_no_io_beyond_the_file(tmp_path):
    import subprocess
    import sys

    path = _write(tmp_path, '[nlp.abbreviations]\nWIR = "Wirtschaft"\n')
    code = ("import sys; from pinneberg_analysis.core.config import load_config; "
            f"cfg = load_config({str(path)!r}); "
            "assert cfg.nlp.abbreviations == {'WIR': 'Wirtschaft'}; "  # judged by build_glossary
            "print(sorted(m for m in sys.modules if m.startswith('pinneberg_analysis')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "pinneberg_analysis.nlp" not in out.stdout  # no word lists behind the config
    with pytest.raises(ConfigError, match=r"projekt\.toml.*\n.*nlp\.abbreviations\.WIR: 'WIR' wird zu"):
        load_settings(path)


@pytest.mark.parametrize("key, why", [
    ("WIR", r"'wir', ein Stoppwort"), ("mit", r"'mit', ein Stoppwort"),
    ("Bus", r"'bus', das häufige deutsche Wort 'Bus'"), ("RAD", r"'rad', das häufige deutsche Wort 'Rad'"),
    ("NEU", r"'neu', das häufige deutsche Wort 'neu'"),
    ("BU", r"'bus' \(sein Plural mit s\), das häufige deutsche Wort 'Bus'"),
])
def test_an_abbreviation_that_is_a_common_word_is_rejected(tmp_path, key, why):
    toml = f'[nlp.abbreviations]\n{key} = "Wirtschaftsförderung Innovation Region"\n'
    with pytest.raises(ConfigError, match=rf"nlp\.abbreviations\.{key}: {key!r} wird zu {why}") as err:
        _config(tmp_path, toml)
    assert "projekt.toml" in str(err.value) and "Begriff" in str(err.value)
    with pytest.raises(ConfigError, match=f"abbreviations.{key}: "):
        Glossary.build(abbreviations={key: "Wirtschaftsförderung Innovation Region"})


def test_abbreviations_that_are_no_common_word_stay_valid():
    # unknown to the dictionary, written in capitals there, or a built-in key replaced
    g = Glossary.build(abbreviations={k: "Ausgeschrieben" for k in
                                      ("AKN", "HVV", "KVB", "DB", "IT", "SPD", "EU", "PR", "Kita")})
    assert {"akn", "hvv", "kvb", "db", "it", "spd", "eu", "pr", "kita"} <= set(g.abbreviation_table)
    assert "ausgeschrieben" not in _terms("Wir fahren mit dem Bus", g)


@pytest.mark.parametrize("toml, expected", [
    ('[nlp.concepts]\nRadweg = ["Fahrradweg"]\nFahrradweg = ["Velostreifen"]',
     r"nlp\.concepts\.Radweg: 'Fahrradweg' ist der Name des Begriffs 'Fahrradweg'.*zusammenführen"),
    ('[nlp.concepts]\nRadweg = ["Fahrradwege"]\nFahrradweg = ["Velostreifen"]',
     r"nlp\.concepts\.Radweg: 'Fahrradwege' ist der Name des Begriffs 'Fahrradweg'"),
    ('[nlp.concepts]\nA = ["Radwege"]\nB = ["Radweg"]', r"nlp\.concepts\.B: 'Radweg' steht in zwei Begriffen"),
    ('[nlp]\nstop_words = ["Radweg"]\n[nlp.concepts]\nRadweg = ["Fahrradweg"]',
     r"nlp\.stop_words: 'Radweg' ist auch der Begriff 'Radweg'.*entfernen"),
    ('[nlp]\nstop_words = ["Fahrradwege"]\n[nlp.concepts]\nRadweg = ["Fahrradweg"]',
     r"nlp\.stop_words: 'Fahrradwege' ist auch ein Wort des Begriffs 'Radweg'"),
    ('[nlp]\nstop_words = ["akn"]\n[nlp.abbreviations]\nAKN = "Eisenbahn"',
     r"nlp\.stop_words: 'akn' ist auch die Abkürzung 'AKN'"),
    ('[nlp]\nstop_words = ["Stadt"]\n[nlp.disable]\nstop_words = ["Stadt"]',
     r"nlp\.stop_words: 'Stadt' steht auch in disable\.stop_words"),
])
def test_contradictory_entries_are_rejected(tmp_path, toml, expected):
    with pytest.raises(ConfigError, match=expected) as err:
        _config(tmp_path, toml)
    assert "projekt.toml" in str(err.value)


def test_concept_and_stop_word_checks_leave_valid_entries_alone():
    g = Glossary.build(concepts={"Radweg": ["Radweg", "Fahrradweg", "Radwege"], **BUECHEREI},
                       stop_words=["Pinneberg"], abbreviations=AKN)
    assert g.concept_maps[0]["fahrradweg"] == "radweg"


def test_unknown_disabled_abbreviation_lists_the_builtin_ones_as_written(tmp_path):
    from pinneberg_analysis.nlp.lexicon import ABBREVIATION_SPELLINGS, ABBREVIATIONS

    assert set(ABBREVIATION_SPELLINGS) == set(ABBREVIATIONS)
    assert all(fold_abbreviation(w) == k for k, w in ABBREVIATION_SPELLINGS.items())
    with pytest.raises(ConfigError, match=r"'XYZ' ist keine eingebaute Abkürzung; eingebaut: B\+R, ") as err:
        _config(tmp_path, '[nlp.disable]\nabbreviations = ["XYZ"]')
    assert all(w in str(err.value) for w in ("ÖPNV", "P+R", "E-Bike", "S-Bahn", "Kita"))
    assert not any(f" {k}," in str(err.value) for k in ("oepnv", "pr", "ebike", "sbahn"))
