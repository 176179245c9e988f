"""Near-duplicate search: exact against all pairs, bounded memory on a copy-paste campaign."""

from __future__ import annotations

import tracemalloc

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

from pinneberg_analysis.cluster import duplicates
from pinneberg_analysis.cluster.duplicates import near_duplicate_groups, similar_pairs


def _brute_force(X, threshold):
    dense = X.toarray() if sp.issparse(X) else X
    sim = dense @ dense.T
    i, j = np.nonzero(np.triu(sim >= threshold, k=1))
    n = dense.shape[0]
    _, comp = connected_components(sp.coo_matrix((np.ones(len(i)), (i, j)), shape=(n, n)), directed=False)
    first = np.full(comp.max() + 1, n)
    np.minimum.at(first, comp, np.arange(n))
    return (i, j), first[comp]


def _planted(seed, n=300, d=400):
    """Random sparse unit rows with near copies (small edits) planted among them."""
    rng = np.random.default_rng(seed)
    X = sp.random(n, d, density=0.03, random_state=rng, format="lil")
    for k in range(n // 5):
        a, b = rng.integers(0, n, size=2)
        X[b] = X[a]
        X[b, rng.integers(0, d)] = rng.random() * 0.3  # a small edit
    X = normalize(sp.csr_matrix(X))
    return X


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("threshold", [0.5, 0.85, 0.95])
def test_prefix_search_finds_exactly_the_pairs_of_all_pairs(seed, threshold, monkeypatch):
    X = _planted(seed)
    monkeypatch.setattr(duplicates, "PAIR_BUDGET", 500)  # many small blocks
    (bi, bj), groups = _brute_force(X, threshold - 1e-9)
    i, j = similar_pairs(X, threshold)
    near_equal = np.abs((X[bi].multiply(X[bj])).sum(axis=1).A1 - threshold) < 1e-9
    assert set(zip(i.tolist(), j.tolist())) >= set(zip(bi[~near_equal].tolist(), bj[~near_equal].tolist()))
    assert set(zip(i.tolist(), j.tolist())) <= set(zip(bi.tolist(), bj.tolist()))
    assert near_duplicate_groups(X, threshold).tolist() == _brute_force(X, threshold)[1].tolist()


@pytest.mark.parametrize("seed", range(3))
def test_similarity_matrix_and_vectors_give_the_same_groups(seed, monkeypatch):
    X = _planted(seed, n=200)
    monkeypatch.setattr(duplicates, "PAIR_BUDGET", 1000)
    full = (X @ X.T).toarray().astype(np.float32)
    assert near_duplicate_groups(X, 0.85, similarity=full).tolist() == near_duplicate_groups(X, 0.85).tolist()


def _campaign(n, seed=0):
    rng = np.random.default_rng(seed)
    return [f"Radweg am Bahnhof Nummer {i} Variante {rng.integers(1, 5)} ausbauen" for i in range(n)]


def test_campaign_in_bounded_memory():
    """3,000 nearly equal rows: 4.5 million similar pairs, yet a few megabytes (issue 19, item 5)."""
    texts = _campaign(3000)
    X = TfidfVectorizer(token_pattern=r"(?u)\b[^\W\d]\w+\b").fit_transform(texts)  # words only: all equal
    tracemalloc.start()
    try:
        groups = near_duplicate_groups(X, texts=texts)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert (groups == 0).all()  # one campaign, the first row its original
    assert peak < 60e6, f"peak {peak / 1e6:.0f} MB"


def test_campaign_memory_does_not_grow_with_the_pairs():
    """Four times the rows (16 times the similar pairs): memory grows at most linearly."""
    peaks = []
    for n in (750, 3000):
        texts = _campaign(n)
        X = TfidfVectorizer(token_pattern=r"(?u)\b[^\W\d]\w+\b").fit_transform(texts)
        tracemalloc.start()
        near_duplicate_groups(X, texts=texts)
        peaks.append(tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
    assert peaks[1] < 6 * peaks[0] + 5e6


def test_campaign_through_the_clusterer_in_bounded_memory():
    """The whole clustering of a 1,000-row campaign (2.8 GB before) stays well under 0.5 GB."""
    from pinneberg_analysis.cluster import cluster_contributions

    texts = _campaign(1000)
    df = pd.DataFrame({"contribution_id": [f"C-{i}" for i in range(len(texts))], "field": "Mobilität",
                       "text": texts})
    tracemalloc.start()
    try:
        contributions, measures, _ = cluster_contributions(df)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert contributions["is_near_duplicate"].sum() == 999
    assert len(measures) == 1
    assert peak < 400e6, f"peak {peak / 1e6:.0f} MB"
