"""TextVectorizer: representations, title weight, LSA, the optional embeddings backend."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from pinneberg_analysis.core.errors import ConfigError, InputError
from pinneberg_analysis.features.vectorizer import REPRESENTATIONS, TextVectorizer
from pinneberg_analysis.nlp.document import as_documents

TEXTS = [
    "Mehr Fahrradstellplätze am Bahnhof",
    "Fahrradboxen am Bahnhof zum sicheren Abstellen",
    "Echtzeitanzeigen an den Bushaltestellen",
    "DFI-Anzeigen an allen Haltestellen",
    "Alle Anträge online stellen",
    "Formulare und Anträge digital im Internet",
] * 2


def cos(X, i, j):
    X = X.toarray() if hasattr(X, "toarray") else X
    return float(X[i] @ X[j])


@pytest.mark.parametrize("representation", [r for r in REPRESENTATIONS if r != "embeddings"])
def test_representations_give_normalised_rows(representation):
    vec = TextVectorizer(representation=representation, n_components=4, random_state=0)
    X = vec.fit_transform(TEXTS)
    assert X.shape == (len(TEXTS), vec.n_features_out_)
    assert vec.n_features_out_ == (4 + 384 if representation.endswith("+e5") else 4)
    np.testing.assert_allclose(np.linalg.norm(X, axis=1), 1.0, atol=1e-6)


def test_sparse_vectors_pair_paraphrases():
    S = TextVectorizer(n_components=None).fit_transform(TEXTS[:6])
    assert cos(S, 2, 3) > cos(S, 2, 4)  # DFI meets Echtzeitanzeige, not Anträge
    assert cos(S, 0, 1) > cos(S, 0, 5)
    assert cos(S, 4, 5) > cos(S, 4, 0)


def test_fit_transform_equals_transform_and_is_deterministic():
    vec = TextVectorizer(n_components=3, random_state=1)
    a = vec.fit_transform(TEXTS)
    np.testing.assert_allclose(np.abs(a), np.abs(vec.transform(TEXTS)), atol=1e-6)
    b = TextVectorizer(n_components=3, random_state=1).fit_transform(TEXTS)
    np.testing.assert_allclose(a, b)


def test_dataframe_with_title_and_title_weight():
    df = pd.DataFrame({"title": ["Radboxen", "", "WLAN"], "text": ["am Bahnhof", "Radboxen am Bahnhof", "im Rathaus"]})
    docs = as_documents(df)
    assert docs[0].raw == "Radboxen. am Bahnhof"
    with_title = TextVectorizer(n_components=None).fit_transform(df)
    without = TextVectorizer(n_components=None, title_weight=0).fit_transform(df)
    assert cos(with_title, 0, 1) > cos(without, 0, 1)


def test_title_repeated_in_text_is_not_counted_twice():
    docs = as_documents(pd.DataFrame({"title": ["Radboxen"], "text": ["Radboxen am Bahnhof"]}))
    assert docs[0].title == "" and docs[0].raw == "Radboxen am Bahnhof"


def test_tiny_and_stop_word_only_inputs_work():
    X = TextVectorizer().fit_transform(["bitte", "es wäre super"])
    assert X.shape[0] == 2 and np.isfinite(X).all()


def test_bad_inputs_raise_package_errors():
    with pytest.raises(ConfigError, match="accepted"):
        TextVectorizer(representation="bert").fit(TEXTS)
    with pytest.raises(InputError, match="text"):
        TextVectorizer().fit(pd.DataFrame({"body": ["x"]}))
    with pytest.raises(InputError):
        TextVectorizer().fit([])


def test_embeddings_backend_needs_a_model_and_names_the_extra(tmp_path):
    with pytest.raises(ConfigError, match="model_path"):
        TextVectorizer(representation="embeddings").fit(TEXTS)
    try:
        import sentence_transformers  # noqa: F401
    except ImportError:
        with pytest.raises(ConfigError, match=r"pip install pinneberg-analysis\[embeddings\]"):
            TextVectorizer(representation="embeddings", model_path=str(tmp_path)).fit(TEXTS)
    else:
        with pytest.raises(ConfigError, match="gibt es nicht"):
            TextVectorizer(representation="embeddings", model_path=str(tmp_path / "nope")).fit(TEXTS)


def test_general_prior_weights_topic_words_over_common_words():
    # "Geld" is common German, "Radständer"/"WLAN" name the topic
    texts = ["Geld für Radständer", "Geld für das WLAN", "Radständer am Rathaus",
             "WLAN am Markt", "Bänke am Markt", "Geld für Bänke"]
    kw = dict(representation="lemma", n_components=None)
    with_prior = TextVectorizer(**kw).fit_transform(texts)
    without = TextVectorizer(general_prior=False, **kw).fit_transform(texts)
    assert cos(with_prior, 0, 1) < cos(without, 0, 1)  # shared only "Geld": further apart
    assert cos(with_prior, 0, 2) > cos(without, 0, 2)  # shared "Radständer": closer
    assert cos(with_prior, 0, 2) > cos(with_prior, 0, 1)
    np.testing.assert_allclose(TextVectorizer(**kw).fit(texts).transform(texts).toarray(), with_prior.toarray())


def _wider_texts(n: int) -> list[str]:
    words = ["Radweg", "Bahnhof", "Bushaltestelle", "Antrag", "online", "Spielplatz", "Bäume",
             "Parkplatz", "Schule", "Bücherei", "Ampel", "Markt", "Brücke", "Wohnungen"]
    rng = np.random.default_rng(0)
    return [" ".join(rng.choice(words, size=4)) for _ in range(n)]


def test_large_inputs_use_a_seeded_randomised_lsa_close_to_arpack(monkeypatch):
    import pinneberg_analysis.features.vectorizer as module

    texts = _wider_texts(60)
    exact = TextVectorizer(n_components=5, random_state=0).fit(texts)
    assert exact.svd_.algorithm == "arpack"
    monkeypatch.setattr(module, "RANDOMIZED_MIN_TEXTS", 50)
    a = TextVectorizer(n_components=5, random_state=3).fit(texts)
    b = TextVectorizer(n_components=5, random_state=3).fit(texts)
    assert a.svd_.algorithm == "randomized"
    np.testing.assert_array_equal(a.transform(texts), b.transform(texts))  # deterministic per seed
    unseeded = TextVectorizer(n_components=5).fit(texts)
    np.testing.assert_array_equal(unseeded.transform(texts), TextVectorizer(n_components=5).fit(texts).transform(texts))
    # the same leading subspace as ARPACK's: the singular values agree closely
    np.testing.assert_allclose(a.svd_.singular_values_, exact.svd_.singular_values_, rtol=0.02)
