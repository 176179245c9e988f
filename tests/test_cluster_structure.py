"""Themes from measure-smoothed vectors, theme balance, and the merge across field borders."""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from sklearn.preprocessing import normalize

from pinneberg_analysis.cluster.linkage import Similarities
from pinneberg_analysis.cluster.merge import group_links, merge_across_borders
from pinneberg_analysis.cluster.themes import balance_themes, measure_smoothed, theme_partition


def _blob(rng, centre, n, spread):
    return centre + spread * rng.standard_normal((n, len(centre)))


def test_measure_smoothed_pulls_a_measure_together():
    Z = normalize(np.array([[1.0, 0, 0], [0, 1.0, 0], [0, 0, 1.0]]))
    X = measure_smoothed(Z, np.array([0, 0, 1]), share=0.5)
    d = lambda i, j: np.linalg.norm(X[i] - X[j])  # noqa: E731
    assert d(0, 1) < np.linalg.norm(Z[0] - Z[1])  # same measure: closer
    assert np.isclose(d(0, 2) ** 2, 0.5 * np.linalg.norm(Z[0] - Z[2]) ** 2
                      + 0.5 * np.linalg.norm(X[0, 3:] / np.sqrt(0.5) - Z[2]) ** 2)
    assert measure_smoothed(Z, None) is Z


def test_no_theme_of_one_big_measure_next_to_everything_else():
    rng = np.random.default_rng(0)
    basis = np.eye(12)
    # a big tight measure (8 texts) close to topic 1, and six small measures in two topics
    parts, groups = [_blob(rng, basis[1] + 0.6 * basis[11], 8, 0.02)], [np.zeros(8, int)]
    for g in range(1, 7):
        topic = basis[1] if g <= 3 else basis[2]
        n = 3 if g % 2 else 2
        parts.append(_blob(rng, topic + 0.6 * basis[2 + g], n, 0.05))
        groups.append(np.full(n, g))
    Z = normalize(np.vstack(parts))
    groups = np.concatenate(groups)
    lopsided = np.where(groups == 0, 0, np.where(groups == 1, 1, 2))  # [big], [one], [five]
    labels = balance_themes(Z, groups, lopsided)
    of_measure = [np.unique(labels[groups == g]) for g in range(7)]
    assert all(len(t) == 1 for t in of_measure)  # a measure lies in one theme
    measures_per_theme = np.bincount([t[0] for t in of_measure])
    assert len(measures_per_theme) == 3 and measures_per_theme.min() >= 2, measures_per_theme
    # the big measure joined the measures of its topic
    assert labels[0] == labels[np.nonzero(groups == 1)[0][0]]


def test_an_isolated_measure_keeps_its_theme():
    rng = np.random.default_rng(1)
    d = 10
    basis = np.eye(d)
    parts, groups = [], []
    for g in range(6):  # two topics of three measures each, all in the first dimensions
        parts.append(_blob(rng, basis[g // 3] + 0.5 * basis[2 + g % 3], 3, 0.05))
        groups.append(np.full(3, g))
    parts.append(_blob(rng, basis[9], 3, 0.01))  # a measure orthogonal to everything
    groups.append(np.full(3, 6))
    Z = normalize(np.vstack(parts))
    groups = np.concatenate(groups)
    labels = theme_partition(Z, 3, 0, groups=groups)
    assert len(np.unique(labels[groups == 6])) == 1
    assert set(labels[groups == 6]).isdisjoint(labels[groups != 6])


def test_balance_keeps_the_number_of_themes_and_is_deterministic():
    rng = np.random.default_rng(2)
    Z = normalize(rng.standard_normal((40, 6)))
    groups = np.repeat(np.arange(10), 4)
    labels = np.where(groups == 0, 0, 1 + (groups % 2))
    out = balance_themes(Z, groups, labels)
    assert len(np.unique(out)) == 3
    assert np.array_equal(out, balance_themes(Z, groups, labels))


def _sims(rows: list[list[float]]) -> Similarities:
    return Similarities(sp.csr_matrix(normalize(np.array(rows))))


def test_group_links_are_the_average_centred_similarity_of_the_members():
    rng = np.random.default_rng(3)
    X = np.abs(rng.standard_normal((9, 7)))
    sims = _sims(X.tolist())
    groups = np.array([0, 0, 1, 1, 1, 2, 2, 3, 3])
    blocks = np.array(["a", "b", "a", "b"], dtype=object)
    a, b, s, nearest = group_links(sims, groups, 4, blocks, -10.0)
    full = sims.full.astype(float)
    for i, j, v in zip(a, b, s):
        assert blocks[i] != blocks[j]
        assert np.isclose(v, full[np.ix_(groups == i, groups == j)].mean(), atol=1e-5)
    assert set(zip(a.tolist(), b.tolist())) == {(0, 1), (0, 3), (1, 2), (2, 3)}
    for g in range(4):
        others = [h for h in range(4) if blocks[h] != blocks[g]]
        best = max(others, key=lambda h: full[np.ix_(groups == g, groups == h)].mean())
        assert nearest[g] == best


def test_merge_across_borders_joins_a_measure_split_by_a_field_not_two_single_ideas():
    # measure 0 (field A) and 1 (field B) ask for the same; 2 and 3 are single ideas sharing a word
    rows = [
        [1, 1, 0, 0, 0, 0, 0], [1, 1, 0.1, 0, 0, 0, 0],       # measure 0, field A
        [1, 0.9, 0, 0, 0, 0, 0], [0.9, 1, 0, 0, 0, 0.1, 0],   # measure 1, field B
        [0, 0, 0, 1, 1, 0, 0],                                # single idea 2, field A
        [0, 0, 0, 1, 0, 1, 0],                                # single idea 3, field B
        [0, 0, 1, 0, 0, 0, 1], [0, 0, 0, 0, 0, 1, 1], [0, 0, 0, 0, 1, 0, 1],  # background
    ]
    sims = _sims(rows)
    measure = np.array([0, 0, 1, 1, 2, 3, 4, 5, 6])
    blocks = np.array(["A", "A", "B", "B", "A", "B", "A", "B", "A"], dtype=object)
    merged = merge_across_borders(sims, measure, blocks, threshold=0.1, n_known=0)
    assert merged[0] == merged[2]  # the split measure is whole again
    assert merged[4] != merged[5]  # two single ideas do not make a cross-field measure
    # known measures never merge
    kept = merge_across_borders(sims, measure, blocks, threshold=0.1, n_known=2)
    assert kept[0] != kept[2]


def test_dense_similarities_equal_the_sparse_product():
    import numpy as np
    import scipy.sparse as sp

    from pinneberg_analysis.cluster.linkage import _dense_sim

    rng = np.random.default_rng(0)
    rare = sp.random(700, 3000, density=0.01, format="csr", random_state=1, dtype=np.float64)
    frequent = rng.random((700, 40)) * (rng.random((700, 40)) < 0.5)
    X = sp.hstack([sp.csr_matrix(frequent), rare]).tocsr()
    expected = (X @ X.T).toarray()
    np.testing.assert_allclose(_dense_sim(X), expected, rtol=0, atol=1e-12)
    small = X[:50]
    np.testing.assert_allclose(_dense_sim(small), (small @ small.T).toarray(), atol=1e-12)
