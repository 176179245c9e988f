"""Near-duplicate contributions: the same text with small edits, copy-paste campaigns.

Two contributions are near-duplicates when the cosine similarity of their character
n-gram TF-IDF vectors (see :mod:`pinneberg_analysis.features.vectorizer`) is at least
:data:`NEAR_DUPLICATE_SIMILARITY`. Groups are the connected components of that relation;
the first member in input order is the original, every other member points to it.
The search works in bounded memory and, for sparse vectors, without comparing all pairs:

* **Candidates** by prefix filtering (Bayardo et al., "Scaling up all pairs similarity
  search", WWW 2007): with the features ordered from rare to common, each row keeps the
  shortest prefix of its features whose remainder has a norm below the threshold; two unit
  vectors with a dot product at or above the threshold must share a feature of both
  prefixes. The prefixes hold the rare features, so only rows sharing a rare feature are
  compared: the search is exact, and its cost follows the number of such pairs, not n².
* **Bounded memory**: rows are taken in blocks whose candidate pairs stay under
  :data:`PAIR_BUDGET`, and pairs are checked in chunks, so memory depends on the number of
  texts, not on how alike they are (a copy-paste campaign of thousands of nearly equal
  rows passes in a few megabytes).
* **Connected already**: groups are connected components, so a pair whose rows are already
  in one group is not checked at all; in a campaign, almost every pair is skipped this way.

Given the raw texts, a pair must also share at least :data:`MIN_SHARED_CHARACTERS` of its
character n-grams (cosine of the counts of ``char_wb`` 3–5-grams of the lower-cased texts,
over the pair alone). The TF-IDF vectors keep only features of two or more texts, so in a
small corpus two texts that merely share a topic word can look identical there
("Echtzeitanzeigen für Busse …" / "Dynamische Fahrgastinformation an … Bushaltestellen" in a
dozen texts); their own characters tell copies from paraphrases (the values seen on the
Bonn corpus and the sample are in ``benchmarks/RESULTS.md``).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.preprocessing import normalize

from pinneberg_analysis.core.progress import track

__all__ = ["MIN_SHARED_CHARACTERS", "NEAR_DUPLICATE_SIMILARITY", "PAIR_BUDGET", "near_duplicate_groups",
           "similar_pairs"]

#: Cosine similarity from which two texts count as the same text with small edits.
NEAR_DUPLICATE_SIMILARITY = 0.85
#: Cosine of the two raw texts' character n-gram counts a near-duplicate pair needs as well.
MIN_SHARED_CHARACTERS = 0.5
#: Most candidate pairs (or similarity entries) held in memory at once.
PAIR_BUDGET = 250_000
#: Pairs whose vectors are multiplied at once (each pair holds two rows of the matrix).
_CHECK_CHUNK = 4_000
_EPS = 1e-6  # prefixes a little longer than needed: rounding never loses a pair


def _prefixes(X: sp.csr_matrix, threshold: float) -> sp.csr_matrix:
    """Binary matrix of each row's prefix features (see the module docstring)."""
    X = sp.csr_matrix(X, dtype=np.float64)
    X.sum_duplicates()
    n, d = X.shape
    df = np.bincount(X.indices, minlength=d)
    order = np.empty(d, dtype=np.int64)
    order[np.lexsort((np.arange(d), df))] = np.arange(d)  # rank of each feature, rare first
    rows = np.repeat(np.arange(n), np.diff(X.indptr))
    pos = np.lexsort((order[X.indices], rows))
    rows, cols, sq = rows[pos], X.indices[pos], X.data[pos] ** 2
    cum = np.cumsum(sq)
    row_end = np.zeros(n)
    ends = X.indptr[1:] - 1
    has = np.diff(X.indptr) > 0
    row_end[has] = cum[ends[has]]
    from_here = row_end[rows] - cum + sq  # squared norm of this feature and all later ones
    keep = from_here >= threshold**2 - _EPS
    return sp.csr_matrix((np.ones(int(keep.sum())), (rows[keep], cols[keep])), shape=(n, d))


def _row_blocks(bounds: np.ndarray, budget: int) -> Iterator[tuple[int, int]]:
    """Consecutive row ranges whose summed pair bounds stay under ``budget`` (at least one row)."""
    n = len(bounds)
    start = 0
    cum = np.cumsum(bounds)
    while start < n:
        base = cum[start - 1] if start else 0
        end = int(np.searchsorted(cum, base + budget, side="right"))
        end = min(n, max(end, start + 1))
        yield start, end
        start = end


def _candidate_blocks(X: sp.csr_matrix | np.ndarray, threshold: float, similarity: np.ndarray | None
                      ) -> Iterator[tuple[np.ndarray, np.ndarray, np.ndarray | None, int]]:
    """Blocks of pairs ``(i, j)``, ``i < j``, that may reach ``threshold``, with the
    similarity when it is known already (else None: check the vectors) and the first row
    after the block."""
    n = X.shape[0]
    if similarity is not None or not sp.issparse(X):
        rows_per_block = max(1, PAIR_BUDGET // max(n, 1))
        for start in range(0, n, rows_per_block):
            end = min(n, start + rows_per_block)
            if similarity is not None:
                block = np.asarray(similarity[start:end])
            else:
                block = np.asarray(X[start:end] @ X.T)
            i, j = np.nonzero(block >= threshold)
            values = block[i, j]
            i = i + start
            keep = i < j
            yield i[keep], j[keep], values[keep], end
        return
    P = _prefixes(X, threshold)
    PT = P.T.tocsr()
    bounds = np.asarray(P @ np.asarray(P.sum(axis=0)).ravel()).ravel()  # pairs per row, at most
    for start, end in _row_blocks(bounds, PAIR_BUDGET):
        block = (P[start:end] @ PT).tocoo()
        i, j = block.row + start, block.col
        keep = i < j
        yield i[keep], j[keep], None, end


def _dot_pairs(X: sp.csr_matrix | np.ndarray, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Dot products of rows ``X[i]`` and ``X[j]``, in chunks."""
    out = np.empty(len(i))
    for s in range(0, len(i), _CHECK_CHUNK):
        a, b = i[s:s + _CHECK_CHUNK], j[s:s + _CHECK_CHUNK]
        if sp.issparse(X):
            out[s:s + len(a)] = np.asarray(X[a].multiply(X[b]).sum(axis=1)).ravel()
        else:
            out[s:s + len(a)] = np.einsum("ij,ij->i", X[a], X[b])
    return out


class _Groups:
    """Connected components, merged block by block; ``label`` is always fully compressed."""

    def __init__(self, n: int) -> None:
        self.label = np.arange(n)

    def merge(self, i: np.ndarray, j: np.ndarray) -> None:
        parent: dict[int, int] = {}

        def find(x: int) -> int:
            root = x
            while parent.get(root, root) != root:
                root = parent[root]
            while parent.get(x, x) != root:
                parent[x], x = root, parent[x]
            return root

        for a, b in zip(self.label[i].tolist(), self.label[j].tolist()):
            ra, rb = find(a), find(b)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)
        if parent:
            old = np.fromiter(parent, dtype=np.int64, count=len(parent))
            new = np.array([find(int(x)) for x in old])
            where = np.isin(self.label, old)
            lookup = dict(zip(old.tolist(), new.tolist()))
            self.label[where] = [lookup[x] for x in self.label[where].tolist()]


def _pairs(X, threshold, similarity, groups: _Groups | None) -> Iterator[tuple[np.ndarray, np.ndarray, int]]:
    """Pairs at or above ``threshold`` (and the first row after their block); with
    ``groups``, only pairs not connected yet."""
    for i, j, values, end in _candidate_blocks(X, threshold, similarity):
        if groups is not None:
            apart = groups.label[i] != groups.label[j]
            i, j = i[apart], j[apart]
            values = None if values is None else values[apart]
        if values is None and len(i):
            keep = _dot_pairs(X, i, j) >= threshold
            i, j = i[keep], j[keep]
        yield i, j, end


def similar_pairs(X: sp.csr_matrix | np.ndarray, threshold: float) -> tuple[np.ndarray, np.ndarray]:
    """Index pairs (i < j) whose row vectors (L2-normalised) have a dot product >= threshold.

    Examples
    --------
    >>> X = np.array([[1.0, 0.0], [0.999, 0.045], [0.0, 1.0]])
    >>> [a.tolist() for a in similar_pairs(sp.csr_matrix(X), 0.9)]
    [[0], [1]]
    """
    found = [(i, j) for i, j, _end in _pairs(X, threshold, None, None)]
    if not found:
        return np.array([], dtype=int), np.array([], dtype=int)
    i = np.concatenate([p[0] for p in found]).astype(int)
    j = np.concatenate([p[1] for p in found]).astype(int)
    order = np.lexsort((j, i))
    return i[order], j[order]


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
        The full similarity matrix of ``X`` when already computed (read in row blocks).
    candidates : ndarray, optional
        Accepted for compatibility and ignored: sparse ``X`` is searched exactly by prefix
        filtering, which needs no low-dimensional candidates.
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
    del candidates
    n = X.shape[0]
    if n == 0:
        return np.array([], dtype=int)
    groups = _Groups(n)
    if exact_of is not None:
        mask = exact_of >= 0
        groups.merge(np.nonzero(mask)[0], exact_of[mask])
    chars = _CharVectors(texts) if texts is not None else None
    with track("Dubletten suchen", n) as step:
        done = 0
        for i, j, end in _pairs(X, threshold, similarity, groups):
            if chars is not None and len(i):
                i, j = chars.filter(i, j, groups)  # merges the pairs it keeps
            elif len(i):
                groups.merge(i, j)
            step.advance(end - done)
            done = end
    return groups.label.copy()


class _CharVectors:
    """Normalised character 3–5-gram counts of the texts, computed per chunk of pairs.

    Only the rows of a chunk are counted: the cosine of two texts' counts does not depend
    on the other texts.
    """

    def __init__(self, texts: Sequence[str]) -> None:
        self.texts = texts
        self.vectorizer = CountVectorizer(analyzer="char_wb", ngram_range=(3, 5), lowercase=True)

    def filter(self, i: np.ndarray, j: np.ndarray, groups: _Groups) -> tuple[np.ndarray, np.ndarray]:
        """The pairs sharing enough characters; checked in chunks, skipping connected ones."""
        kept_i, kept_j = [], []
        for s in range(0, len(i), _CHECK_CHUNK):
            a, b = i[s:s + _CHECK_CHUNK], j[s:s + _CHECK_CHUNK]
            apart = groups.label[a] != groups.label[b]
            a, b = a[apart], b[apart]
            if not len(a):
                continue
            rows = np.unique(np.concatenate([a, b]))
            try:
                C = normalize(self.vectorizer.fit_transform([self.texts[r] or "" for r in rows]).tocsr())
            except ValueError:  # no text of the chunk has three characters
                C = sp.csr_matrix((len(rows), 1))
            ia, ib = np.searchsorted(rows, a), np.searchsorted(rows, b)
            shared = np.asarray(C[ia].multiply(C[ib]).sum(axis=1)).ravel()
            empty = np.asarray(C.getnnz(axis=1) == 0)
            shared[empty[ia] & empty[ib]] = 1.0  # two texts too short for n-grams
            keep = shared >= MIN_SHARED_CHARACTERS
            if keep.any():
                groups.merge(a[keep], b[keep])
                kept_i.append(a[keep])
                kept_j.append(b[keep])
        if not kept_i:
            return np.array([], dtype=int), np.array([], dtype=int)
        return np.concatenate(kept_i), np.concatenate(kept_j)
