"""The scikit-learn estimator contract of TextVectorizer and MeasureClusterer.

``__init__`` only stores its arguments, ``fit`` validates, sets the ``*_`` attributes and
returns self; a fitted estimator pickles and clones; the vectorizer names its features;
the clusterer reads no files. Plus the checks of :mod:`sklearn.utils.estimator_checks`
that need no numeric data (both estimators take text).
"""

from __future__ import annotations

import pickle
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
import sklearn
from sklearn.base import clone
from sklearn.exceptions import NotFittedError
from sklearn.utils import estimator_checks

from pinneberg_analysis.cluster.clusterer import MeasureClusterer, cluster_contributions
from pinneberg_analysis.core.config import ClusterConfig
from pinneberg_analysis.core.errors import ConfigError
from pinneberg_analysis.features.vectorizer import TextVectorizer

# a dozen short contributions: three requests asked twice or three times, and some loners
CONTRIBUTIONS = pd.DataFrame({
    "contribution_id": [f"C-{i:04d}" for i in range(1, 13)],
    "field": ["Mobilität"] * 6 + ["Digitalisierung"] * 4 + ["Umwelt"] * 2,
    "title": ["Radparken", "", "Fahrradboxen", "DFI", "", "Busse", "", "Online-Anträge", "", "WLAN",
              "Bäume", ""],
    "text": [
        "Mehr Fahrradstellplätze am Bahnhof",
        "Am Bahnhof fehlen sichere Abstellplätze für Fahrräder",
        "Fahrradboxen am Bahnhof zum sicheren Abstellen",
        "Echtzeitanzeigen an den Bushaltestellen",
        "DFI-Anzeigen an allen Haltestellen, damit man sieht wann der Bus kommt",
        "Der Bus nach Thesdorf soll öfter fahren",
        "Alle Anträge online stellen können",
        "Formulare und Anträge digital im Internet ausfüllen",
        "Termine im Bürgerbüro online buchen",
        "Kostenloses WLAN in der Innenstadt",
        "Mehr Straßenbäume in der Innenstadt pflanzen",
        "Die Bäume im Sommer regelmäßig gießen",
    ],
})
KNOWN = pd.DataFrame({
    "name": ["Fahrradparken am Bahnhof", "Seilbahn"],
    "keywords": ["Fahrradboxen; Fahrradstellplätze", ""],
    "field": ["Mobilität", ""],
})


def fitted_attributes(estimator) -> list[str]:
    """The public attributes ending in ``_`` (the fitted ones, by scikit-learn convention)."""
    return sorted(a for a in vars(estimator) if a.endswith("_") and not a.startswith("_"))


@pytest.fixture(scope="module")
def vectorizer() -> TextVectorizer:
    return TextVectorizer(n_components=4, random_state=0).fit(CONTRIBUTIONS)


@pytest.fixture(scope="module")
def clusterer() -> MeasureClusterer:
    return MeasureClusterer(known_measures=KNOWN, random_state=0).fit(CONTRIBUTIONS)


# --- fit ------------------------------------------------------------------------------------


@pytest.mark.parametrize("make", [lambda: TextVectorizer(n_components=None), MeasureClusterer])
def test_fit_returns_self_and_sets_the_fitted_attributes_only_there(make):
    estimator = make()
    assert fitted_attributes(estimator) == []
    assert estimator.fit(CONTRIBUTIONS) is estimator
    assert fitted_attributes(estimator)


def test_the_clusterer_sets_its_own_fitted_attributes(clusterer):
    assert fitted_attributes(clusterer) == sorted([
        "assignments_", "labels_", "measures_", "n_clusters_", "summary_", "themes_", "vectorizer_",
    ])
    assert clusterer.n_clusters_ == len(clusterer.measures_) == clusterer.summary_["n_measures"]
    assert clusterer.summary_["n_contributions"] == len(CONTRIBUTIONS)
    assert clusterer.summary_["n_known_used"] == 1  # the bicycle parking, not the cable car
    assert clusterer.measures_["is_known"].sum() == 1


def test_fit_leaves_its_parameters_alone():
    known = KNOWN.copy()
    vec = TextVectorizer(n_components=None)
    model = MeasureClusterer(known_measures=known, vectorizer=vec).fit(CONTRIBUTIONS)
    assert model.known_measures is known and known.equals(KNOWN)
    assert model.vectorizer is vec and fitted_attributes(vec) == []  # a clone was fitted
    assert model.vectorizer_ is not vec


# --- pickle and clone -----------------------------------------------------------------------


def test_a_fitted_vectorizer_pickles(vectorizer):
    copy = pickle.loads(pickle.dumps(vectorizer))
    np.testing.assert_allclose(copy.transform(CONTRIBUTIONS), vectorizer.transform(CONTRIBUTIONS))
    assert (copy.transform_sparse(CONTRIBUTIONS) != vectorizer.transform_sparse(CONTRIBUTIONS)).nnz == 0
    assert copy.get_feature_names_out().tolist() == vectorizer.get_feature_names_out().tolist()


def test_a_fitted_clusterer_pickles(clusterer):
    copy = pickle.loads(pickle.dumps(clusterer))
    np.testing.assert_array_equal(copy.labels_, clusterer.labels_)
    pd.testing.assert_frame_equal(copy.measures_, clusterer.measures_)
    pd.testing.assert_frame_equal(copy.assignments_, clusterer.assignments_)
    assert copy.summary_ == clusterer.summary_
    assert (copy.vectorizer_.transform_sparse(CONTRIBUTIONS)
            != clusterer.vectorizer_.transform_sparse(CONTRIBUTIONS)).nnz == 0


def test_clone_gives_the_same_unfitted_estimator(vectorizer, clusterer):
    for fitted in (vectorizer, clusterer):
        fresh = clone(fitted)
        assert type(fresh) is type(fitted) and fitted_attributes(fresh) == []
        assert fresh.get_params(deep=False).keys() == fitted.get_params(deep=False).keys()
    fresh = clone(clusterer)
    assert fresh.known_measures is not clusterer.known_measures
    assert fresh.known_measures.equals(clusterer.known_measures)
    # deterministic: the clone fitted again groups the same way
    np.testing.assert_array_equal(fresh.fit(CONTRIBUTIONS).labels_, clusterer.labels_)


# --- parameters -------------------------------------------------------------------------------


def test_get_params_and_set_params_round_trip():
    vec = TextVectorizer(n_components=7, ngram_range=(2, 4), title_weight=0.3)
    params = vec.get_params()
    assert params["n_components"] == 7 and params["ngram_range"] == (2, 4)
    other = TextVectorizer().set_params(**params)
    assert other.get_params() == params
    model = MeasureClusterer(granularity="fein", known_measures=KNOWN, vectorizer=vec)
    deep = model.get_params(deep=True)
    assert deep["vectorizer__n_components"] == 7 and deep["known_measures"] is KNOWN
    again = MeasureClusterer().set_params(**model.get_params(deep=False))
    assert again.get_params(deep=False) == model.get_params(deep=False)
    model.set_params(vectorizer__n_components=3, granularity="grob")
    assert vec.n_components == 3 and model.granularity == "grob"


# --- feature names ----------------------------------------------------------------------------


@pytest.mark.parametrize("representation", ["lemma+char", "content-char", "char", "lemma"])
def test_feature_names_name_every_sparse_column(representation):
    vec = TextVectorizer(representation=representation, n_components=3, random_state=0).fit(CONTRIBUTIONS)
    names = vec.get_feature_names_out()
    assert isinstance(names, np.ndarray) and names.dtype == object
    assert all(isinstance(n, str) for n in names)
    assert len(names) == vec.transform_sparse(CONTRIBUTIONS).shape[1]
    assert len(set(names)) == len(names)
    assert vec.feature_names() == names.tolist()
    assert vec.get_feature_names_out(input_features=None).tolist() == names.tolist()


def test_feature_names_carry_their_block(vectorizer):
    names = vectorizer.get_feature_names_out().tolist()
    assert [b for b in ("lemma", "surface", "lemmas") if any(n.startswith(b + ":") for n in names)] \
        == ["lemma", "surface", "lemmas"]
    assert "lemma:bahnhof" in names


def test_feature_names_need_a_fitted_vectorizer():
    with pytest.raises(NotFittedError):
        TextVectorizer().get_feature_names_out()


def test_pandas_output_does_not_reshape_the_vectors(vectorizer):
    # the LSA columns are not the named features: no set_output, global config or not
    assert not hasattr(vectorizer, "set_output")
    with sklearn.config_context(transform_output="pandas"):
        assert isinstance(vectorizer.transform(CONTRIBUTIONS), np.ndarray)
        assert sp.issparse(vectorizer.transform_sparse(CONTRIBUTIONS))


def test_both_estimators_declare_text_input(vectorizer, clusterer):
    for estimator in (vectorizer, clusterer):
        tags = estimator.__sklearn_tags__()
        assert tags.input_tags.string and not tags.input_tags.two_d_array


# --- known measures: a table, never a file ----------------------------------------------------


@pytest.mark.parametrize("source", ["bekannte-massnahmen.csv", Path("bekannte-massnahmen.csv")])
def test_a_file_path_as_known_measures_is_a_config_error(source):
    with pytest.raises(ConfigError, match=r"load_known_measures\(path\)"):
        MeasureClusterer(known_measures=source).fit(CONTRIBUTIONS)


def test_known_measures_must_be_a_table():
    with pytest.raises(ConfigError, match="DataFrame"):
        MeasureClusterer(known_measures=["Fahrradparken am Bahnhof"]).fit(CONTRIBUTIONS)


def test_known_measures_with_german_columns_are_normalised():
    known = pd.DataFrame({"Maßnahme": ["Fahrradparken am Bahnhof"],
                          "Stichworte": ["Fahrradboxen, Fahrradstellplätze"]})
    model = MeasureClusterer(known_measures=known, random_state=0).fit(CONTRIBUTIONS)
    row = model.measures_[model.measures_["is_known"]].iloc[0]
    assert row["label"] == "Fahrradparken am Bahnhof"
    assert row["keywords"] == "Fahrradboxen;Fahrradstellplätze"


def test_cluster_contributions_reads_the_configured_file(tmp_path):
    path = tmp_path / "bekannt.csv"
    KNOWN.to_csv(path, index=False)
    _, measures, _ = cluster_contributions(CONTRIBUTIONS, ClusterConfig(known_measures=str(path)),
                                           random_state=0)
    assert measures.loc[measures["is_known"], "label"].tolist() == ["Fahrradparken am Bahnhof"]


def test_cluster_contributions_prefers_the_given_table(tmp_path):
    config = ClusterConfig(known_measures=str(tmp_path / "fehlt.csv"))  # never read
    known = pd.DataFrame({"name": ["Echtzeitanzeigen"], "keywords": ["DFI; Bushaltestellen"],
                          "field": ["Mobilität"]})
    _, measures, _ = cluster_contributions(CONTRIBUTIONS, config, random_state=0, known_measures=known)
    assert measures.loc[measures["is_known"], "label"].tolist() == ["Echtzeitanzeigen"]


# --- scikit-learn's own checks ------------------------------------------------------------------

#: The checks that take ``(name, estimator)`` and feed no numeric arrays.
CHECKS = [
    "check_no_attributes_set_in_init",
    "check_parameters_default_constructible",
    "check_get_params_invariance",
    "check_set_params",
    "check_estimator_cloneable",
    "check_estimator_repr",
    "check_do_not_raise_errors_in_init_or_set_params",
    "check_mixin_order",
    "check_valid_tag_types",
    "check_estimator_tags_renamed",
]
ESTIMATORS = {
    "TextVectorizer": lambda: TextVectorizer(),
    "MeasureClusterer": lambda: MeasureClusterer(),
    "MeasureClusterer(known, vectorizer)": lambda: MeasureClusterer(
        known_measures=KNOWN, vectorizer=TextVectorizer(n_components=None)),
}


@pytest.mark.parametrize("check", CHECKS)
@pytest.mark.parametrize("label", list(ESTIMATORS))
def test_sklearn_estimator_checks(label, check):
    function = getattr(estimator_checks, check, None)
    if function is None:
        pytest.skip(f"{check} is not in scikit-learn {sklearn.__version__}")
    estimator = ESTIMATORS[label]()
    function(type(estimator).__name__, estimator)


def test_sklearn_check_feature_names_before_fit():
    estimator_checks.check_get_feature_names_out_error("TextVectorizer", TextVectorizer())
