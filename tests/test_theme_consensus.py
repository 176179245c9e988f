"""Themes by consensus (issue 16 item 4): deterministic, stable across subsamples, no catch-all."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.metrics import adjusted_rand_score
from sklearn.preprocessing import normalize

from pinneberg_analysis.cluster import themes
from pinneberg_analysis.cluster.themes import consensus_partition, theme_partition


def _blobs(n_per: int = 60, k: int = 6, d: int = 20, spread: float = 0.35, seed: int = 0):
    rng = np.random.default_rng(seed)
    centres = normalize(rng.normal(size=(k, d)))
    Z = np.vstack([centres[t] + spread * rng.normal(size=(n_per, d)) / np.sqrt(d) for t in range(k)])
    truth = np.repeat(np.arange(k), n_per)
    return normalize(Z), truth


def test_consensus_is_deterministic_and_has_at_most_k_themes():
    Z, _ = _blobs()
    a = consensus_partition(Z, Z, 6, random_state=3, runs=5)
    b = consensus_partition(Z, Z, 6, random_state=3, runs=5)
    np.testing.assert_array_equal(a, b)
    assert a.max() + 1 <= 6 and set(np.unique(a)) == set(range(a.max() + 1))


def test_consensus_finds_clear_themes_without_a_catch_all():
    Z, truth = _blobs()
    part = consensus_partition(Z, Z, 6, random_state=0, runs=5)
    assert adjusted_rand_score(truth, part) > 0.9
    assert np.bincount(part).max() / len(part) < 0.25  # six equal topics: no theme of most texts


@pytest.mark.parametrize("seed", [0, 1])
def test_themes_of_two_subsamples_agree_on_their_shared_texts(seed, monkeypatch):
    monkeypatch.setattr(themes, "CONSENSUS_MIN", 100)  # the consensus path on a small fixture
    Z, _ = _blobs(n_per=50, spread=0.6, seed=seed)
    n = len(Z)
    rows = [np.sort(np.random.default_rng(s).choice(n, int(0.9 * n), replace=False)) for s in (0, 1)]
    parts = [theme_partition(Z[r], 6, random_state=0) for r in rows]
    shared = np.intersect1d(*rows)
    a = parts[0][np.searchsorted(rows[0], shared)]
    b = parts[1][np.searchsorted(rows[1], shared)]
    assert adjusted_rand_score(a, b) > 0.8


def test_small_fields_keep_the_single_run(monkeypatch):
    Z, _ = _blobs(n_per=20)
    assert len(Z) < themes.CONSENSUS_MIN
    calls = []
    monkeypatch.setattr(themes, "consensus_partition", lambda *a, **k: calls.append(1))
    theme_partition(Z, 6, random_state=0)
    assert not calls
