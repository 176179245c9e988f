"""Near-duplicate contributions: the same text with small edits, copy-paste campaigns.

Two contributions are near-duplicates when the cosine similarity of their character
n-gram TF-IDF vectors (see :mod:`pinneberg_analysis.features.vectorizer`) is at least
:data:`NEAR_DUPLICATE_SIMILARITY`. Groups are the connected components of that relation;
the first member in input order is the original, every other member points to it.
Similarities are computed in blocks of rows, so memory grows with the number of texts,
not with its square (no full similarity matrix).

Given the raw texts, a pair must also share at least :data:`MIN_SHARED_CHARACTERS` of its
character n-grams (cosine of the counts of ``char_wb`` 3–5-grams of the lower-cased texts,
over the pair alone). The TF-IDF vectors keep only features of two or more texts, so in a
small corpus two texts that merely share a topic word can look identical there
("Echtzeitanzeigen für Busse …" / "Dynamische Fahrgastinformation an … Bushaltestellen" in a
dozen texts); their own characters tell copies from paraphrases (the values seen on the
Bonn corpus and the sample are in ``benchmarks/RESULTS.md``).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.preprocessing import normalize

__all__ = ["MIN_SHARED_CHARACTERS", "NEAR_DUPLICATE_SIMILARITY", "near_duplicate_groups", "similar_pairs"]

#: Cosine similarity from which two texts count as the same text with small edits.
NEAR_DUPLICATE_SIMILARITY = 0.85
#: Cosine of the two raw texts' character n-gram counts a near-duplicate pair needs as well.
MIN_SHARED_CHARACTERS = 0.5
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
    texts: Sequence[str] | None = None,
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
    texts : sequence of str, optional
        The raw texts of the rows: pairs must also share :data:`MIN_SHARED_CHARACTERS` of
        their character n-grams (see the module docstring).

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
    if texts is not None and len(i):
        keep = _shared_characters(texts, i, j) >= MIN_SHARED_CHARACTERS
        i, j = i[keep], j[keep]
    if exact_of is not None:
        mask = exact_of >= 0
        i = np.concatenate([i, np.nonzero(mask)[0]])
        j = np.concatenate([j, exact_of[mask]])
    graph = sp.coo_matrix((np.ones(len(i)), (i, j)), shape=(n, n))
    _, component = connected_components(graph, directed=False)
    first = np.full(component.max() + 1, n, dtype=int)
    np.minimum.at(first, component, np.arange(n))
    return first[component]


def _shared_characters(texts: Sequence[str], i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Cosine of the character 3–5-gram counts of ``texts[i]`` and ``texts[j]``, per pair."""
    rows = np.unique(np.concatenate([i, j]))
    where = {r: k for k, r in enumerate(rows)}
    counts = CountVectorizer(analyzer="char_wb", ngram_range=(3, 5), lowercase=True)
    try:
        C = normalize(counts.fit_transform([texts[r] or "" for r in rows]).tocsr())
    except ValueError:  # no text has three characters
        return np.ones(len(i))
    a = C[[where[r] for r in i]]
    b = C[[where[r] for r in j]]
    return np.asarray(a.multiply(b).sum(axis=1)).ravel()
