"""Near-duplicate contributions: the same text with small edits, copy-paste campaigns.

Two contributions are near-duplicates when the cosine similarity of their character
n-gram TF-IDF vectors (see :mod:`pinneberg_analysis.vectorize`) is at least
:data:`NEAR_DUPLICATE_SIMILARITY`. Groups are the connected components of that relation;
the first member in input order is the original, every other member points to it.
Similarities are computed in blocks, so 20,000 texts need ~100 MB, not a full matrix.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components

__all__ = ["NEAR_DUPLICATE_SIMILARITY", "near_duplicate_groups", "similar_pairs"]

#: Cosine similarity from which two texts count as the same text with small edits.
NEAR_DUPLICATE_SIMILARITY = 0.85
_BLOCK = 2048


def similar_pairs(X: sp.csr_matrix | np.ndarray, threshold: float) -> tuple[np.ndarray, np.ndarray]:
    """Index pairs (i < j) whose row vectors have a dot product >= threshold."""
    n = X.shape[0]
    rows: list[np.ndarray] = []
    cols: list[np.ndarray] = []
    XT = X.T.tocsc() if sp.issparse(X) else X.T
    for start in range(0, n, _BLOCK):
        block = X[start : start + _BLOCK] @ XT
        block = block.toarray() if sp.issparse(block) else np.asarray(block)
        i, j = np.nonzero(block >= threshold)
        i = i + start
        keep = i < j
        rows.append(i[keep])
        cols.append(j[keep])
    if not rows:
        return np.array([], dtype=int), np.array([], dtype=int)
    return np.concatenate(rows), np.concatenate(cols)


def near_duplicate_groups(
    X: sp.csr_matrix | np.ndarray,
    threshold: float = NEAR_DUPLICATE_SIMILARITY,
    exact_of: np.ndarray | None = None,
    similarity: np.ndarray | None = None,
    candidates: np.ndarray | None = None,
) -> np.ndarray:
    """The original of each row: its own index, or the index of the first near-duplicate.

    Parameters
    ----------
    X : sparse matrix or ndarray of shape (n, d)
        L2-normalised vectors (dot product = cosine similarity).
    threshold : float
        Minimum cosine similarity of near-duplicates.
    exact_of : ndarray of int, optional
        Known exact duplicates (``exact_of[i] = j`` with ``j`` the original, or ``-1``);
        they join their original's group whatever their similarity.
    similarity : ndarray, optional
        The full similarity matrix of ``X`` when already computed.
    candidates : ndarray, optional
        Dense low-dimensional vectors (LSA) of the same rows: pairs are first found among
        them (at ``threshold - 0.1``) and then checked on ``X``; much faster for large ``X``.

    Returns
    -------
    ndarray of int of shape (n,)
        ``original[i] == i`` for originals (and texts without duplicates).

    Examples
    --------
    >>> import numpy as np
    >>> X = np.array([[1.0, 0.0], [0.999, 0.045], [0.0, 1.0]])
    >>> near_duplicate_groups(X).tolist()
    [0, 0, 2]
    """
    n = X.shape[0]
    if n == 0:
        return np.array([], dtype=int)
    if similarity is not None:
        i, j = np.nonzero(np.triu(similarity >= threshold, k=1))
    elif candidates is not None:
        i, j = similar_pairs(candidates, threshold - 0.1)
        keep = np.zeros(len(i), dtype=bool)
        for start in range(0, len(i), 10_000):  # check the candidates in chunks
            a, b = i[start : start + 10_000], j[start : start + 10_000]
            exact = X[a].multiply(X[b]).sum(axis=1) if sp.issparse(X) else np.einsum("ij,ij->i", X[a], X[b])
            keep[start : start + 10_000] = np.asarray(exact).ravel() >= threshold
        i, j = i[keep], j[keep]
    else:
        i, j = similar_pairs(X, threshold)
    if exact_of is not None:
        mask = exact_of >= 0
        i = np.concatenate([i, np.nonzero(mask)[0]])
        j = np.concatenate([j, exact_of[mask]])
    graph = sp.coo_matrix((np.ones(len(i)), (i, j)), shape=(n, n))
    _, component = connected_components(graph, directed=False)
    first = np.full(component.max() + 1, n, dtype=int)
    np.minimum.at(first, component, np.arange(n))
    return first[component]
