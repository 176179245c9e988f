"""Building blocks of :mod:`pinneberg_analysis.cluster.clusterer`: similarities, trees and cuts.

The similarity of two contributions is the centred cosine of their TF-IDF vectors (the
corpus mean vector subtracted), computed once for up to :data:`DENSE_MAX` contributions and
per block above. Average-linkage trees are cut at a similarity threshold or at a number of
clusters; several trees can be cut at one common height (``n_measures``).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import scipy.sparse as sp
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.spatial.distance import squareform
from sklearn.cluster import KMeans

#: Largest group clustered by one average-linkage tree; larger ones are split by k-means.
LINKAGE_MAX = 4000
#: Up to this many contributions all similarities are computed once (one n × n matrix).
DENSE_MAX = 6000
#: Similarities of the vectors minus the corpus centre (what all texts share is removed).
CENTRED = True


def _dense_sim(X: sp.csr_matrix | np.ndarray) -> np.ndarray:
    """All dot products ``X Xᵀ`` as a dense float64 matrix.

    A sparse product costs the square of each feature's document frequency, so the few
    frequent features (common character n-grams) dominate it. Above 500 rows, features in
    more than a tenth of the rows are multiplied as a dense block (BLAS) and the rest as
    sparse: the same sums, faster (see ``benchmarks/RESULTS.md``, clustering speed).
    """
    if not sp.issparse(X):
        return np.asarray(X @ X.T, dtype=np.float64)
    n = X.shape[0]
    if n < 500:
        return np.asarray((X @ X.T).toarray(), dtype=np.float64)
    X = sp.csr_matrix(X)
    df = np.bincount(X.indices, minlength=X.shape[1])
    frequent = df > n // 10
    dense = X[:, np.flatnonzero(frequent)].toarray().astype(np.float64)
    rare = X[:, np.flatnonzero(~frequent)]
    sim = dense @ dense.T
    sim += (rare @ rare.T).toarray()
    return sim


class Similarities:
    """Cosine similarities of the sparse vectors: one matrix up to DENSE_MAX rows, else per block."""

    def __init__(self, S: sp.csr_matrix | np.ndarray) -> None:
        self.S = S
        mean = np.asarray(S.mean(axis=0)).ravel()
        self.a = np.asarray(S @ mean).ravel()  # each text's similarity to the corpus centre
        self.c = float(mean @ mean)
        self.norm = np.sqrt(np.clip(1.0 - 2.0 * self.a + self.c, 1e-9, None))
        self.full = self._centre(_dense_sim(S), np.arange(S.shape[0])).astype(np.float32) \
            if S.shape[0] <= DENSE_MAX else None

    def _centre(self, sim: np.ndarray, rows: np.ndarray) -> np.ndarray:
        if not CENTRED:
            return sim
        a, nrm = self.a[rows], self.norm[rows]
        return (sim - a[:, None] - a[None, :] + self.c) / np.outer(nrm, nrm)

    def of(self, rows: np.ndarray) -> np.ndarray:
        if self.full is not None:
            return self.full[np.ix_(rows, rows)]
        return self._centre(_dense_sim(self.S[rows]), rows)

    def against(self, K: Any) -> np.ndarray:
        """Centred similarities of every row to the rows of another matrix ``K``."""
        sim = _dense_sim_pair(self.S, K)
        if not CENTRED:
            return sim
        mean = np.asarray(self.S.mean(axis=0)).ravel()
        b = np.asarray(K @ mean).ravel()
        norm_b = np.sqrt(np.clip(1.0 - 2.0 * b + self.c, 1e-9, None))
        return (sim - self.a[:, None] - b[None, :] + self.c) / np.outer(self.norm, norm_b)


def linkage_tree(sims: Similarities, rows: np.ndarray) -> np.ndarray | None:
    """Average-linkage tree over cosine distance (None for fewer than two rows)."""
    if len(rows) < 2:
        return None
    dist = np.clip(1.0 - sims.of(rows).astype(np.float64), 0.0, 2.0)
    np.fill_diagonal(dist, 0.0)
    dist = (dist + dist.T) / 2
    return linkage(squareform(dist, checks=False), method="average")


def tree_blocks(rows: np.ndarray, Z: np.ndarray, random_state: int | None) -> list[np.ndarray]:
    """Split a large set of rows into k-means blocks of at most ~LINKAGE_MAX rows."""
    if len(rows) <= LINKAGE_MAX:
        return [rows]
    k = int(np.ceil(len(rows) / (LINKAGE_MAX / 2)))
    lab = KMeans(k, n_init=1, random_state=random_state).fit_predict(Z[rows])
    return [rows[lab == c] for c in range(k) if np.any(lab == c)]


def cut_tree(tree: np.ndarray | None, n: int, threshold: float | None, n_clusters: int | None) -> np.ndarray:
    if tree is None:
        return np.zeros(n, dtype=int)
    if n_clusters is not None:
        return fcluster(tree, max(1, min(n, n_clusters)), criterion="maxclust") - 1
    return fcluster(tree, 1.0 - threshold, criterion="distance") - 1


def n_recurring(labels: np.ndarray, weight: np.ndarray) -> int:
    """Number of groups with a total weight (contributions incl. duplicates) of at least 2."""
    if len(labels) == 0:
        return 0
    return int((np.bincount(labels, weights=weight) >= 2).sum())


def common_cut(trees: list[tuple[np.ndarray | None, int]], n_total: int) -> list[int]:
    """Clusters per tree so that all trees together give ``n_total`` (one common height)."""
    sizes = [n for _, n in trees]
    merges_needed = max(0, sum(sizes) - n_total)
    heights = [
        (h, b, i) for b, (t, _) in enumerate(trees) if t is not None for i, h in enumerate(t[:, 2])
    ]
    heights.sort()
    done = [0] * len(trees)
    for _, b, _ in heights[:merges_needed]:
        done[b] += 1
    return [n - m for n, m in zip(sizes, done)]


def _dense_sim_pair(A: Any, B: Any) -> np.ndarray:
    sim = A @ B.T
    return np.asarray(sim.toarray() if sp.issparse(sim) else sim, dtype=np.float64)
