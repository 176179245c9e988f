"""The two measured-but-off steps of issue 16: refinement (cluster/refine.py) and spread weights
(cluster/incidental.py). They stay switched off by default (see benchmarks/RESULTS.md); these
tests keep their arithmetic and their order-independence honest for whoever switches them on."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.metrics import adjusted_rand_score

from pinneberg_analysis.cluster.incidental import reweight, spread_weights
from pinneberg_analysis.cluster.linkage import Similarities
from pinneberg_analysis.cluster.refine import refine_measures, row_group_similarity
from pinneberg_analysis.features.vectorizer import TextVectorizer
from pinneberg_analysis.nlp.document import as_documents

MINI = Path(__file__).parent / "assets" / "nlp" / "mini_process.csv"


def _mini():
    df = pd.read_csv(MINI)
    vec = TextVectorizer()
    _, S = vec.fit_vectors(as_documents(df, vec.glossary))
    groups = np.unique(df["measure"].fillna(pd.Series([f"x{i}" for i in range(len(df))])).astype(str),
                       return_inverse=True)[1]
    return df, S, groups


def test_row_group_similarity_is_the_average_of_the_pairwise_similarities():
    _, S, groups = _mini()
    sims = Similarities(S)
    rows = np.arange(S.shape[0])
    fast = row_group_similarity(sims, rows, groups, groups.max() + 1)
    onehot = np.eye(groups.max() + 1)[groups]
    dense = sims.full.astype(float) @ onehot / onehot.sum(axis=0)
    assert np.abs(fast - dense).max() < 1e-5


def test_refinement_does_not_depend_on_the_row_order_and_keeps_known_measures():
    _, S, groups = _mini()
    sims = Similarities(S)
    rows = np.arange(S.shape[0])
    start = np.arange(len(rows)) % 7  # a poor first cut
    out = refine_measures(sims, rows, start, 0.1, n_known=1)
    assert (out[start == 0] == 0).all() and not ((out == 0) & (start != 0)).any()
    perm = np.random.default_rng(0).permutation(len(rows))
    again = refine_measures(sims, rows[perm], start[perm], 0.1, n_known=1)
    back = np.empty_like(again)
    back[perm] = again
    assert adjusted_rand_score(out, back) == 1.0


def test_spread_weights_keep_topic_words_and_lower_scattered_ones():
    S = np.array([[1, 1, 0, 1], [1, 0, 1, 1], [1, 1, 0, 0], [0, 0, 1, 1], [1, 0, 0, 1]])
    w = spread_weights(S, np.array([0, 1, 0, 2, 3]))
    assert w[1] == 1.0  # both contributions in one group: a topic word
    assert w[3] == 0.25  # four contributions in four groups: an incidental word
    assert w[3] < w[0] < 1.0  # four in three groups lies between
    R = reweight(S.astype(float), w)
    assert np.allclose(np.linalg.norm(R, axis=1), 1.0)
