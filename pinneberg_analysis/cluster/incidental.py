"""Incidental words: features that occur all over the corpus's groups count less.

In a short note one shared word decides a link. When that word is a place name, the town's
name, a target group ("Senioren", "Jugendliche") or a generic word ("digital", "App",
"online"), the link is wrong, and often stronger than the right one. Which words are
incidental is learned from the corpus itself, not from a list: a *provisional* cut (the
measure cut of :mod:`~pinneberg_analysis.cluster.clusterer` on the plain vectors) groups the
contributions, and a feature that appears in many contributions that land in *different*
groups does not hold groups together, whereas a topic word's contributions end up together.

For a feature in ``df`` contributions spread over ``g`` provisional groups the weight is

    ``w = ((df - g + 1) / df) ** SPREAD_POWER``

so a word whose every occurrence sits in another group (``g = df``) keeps ``1/df`` of its
weight (to the power), a word all of whose contributions form one group keeps all of it,
and words seen once are untouched. The vectors are re-weighted column by column and
normalised again; the measures are then cut on them. No word list and no town's names are
involved: the same rule finds "Waldenau" in one town and "Beuel" in another.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from sklearn.preprocessing import normalize

from pinneberg_analysis.cluster.linkage import Similarities, cut_tree, linkage_tree, tree_blocks

__all__ = ["SPREAD_POWER", "reweight", "spread_weights", "without_incidental"]

#: Exponent of the spread weight (0 switches the down-weighting off).
SPREAD_POWER = 1.0


def spread_weights(S: sp.spmatrix | np.ndarray, groups: np.ndarray, power: float | None = None) -> np.ndarray:
    """Weight per feature column from its spread over provisional groups.

    Parameters
    ----------
    S : sparse matrix or ndarray of shape (n, d)
        Vectors of the contributions that were grouped.
    groups : ndarray of int of shape (n,)
        Provisional group per contribution.
    power : float, optional
        Exponent; :data:`SPREAD_POWER` when omitted.

    Returns
    -------
    ndarray of shape (d,)
        Weights in (0, 1].

    Examples
    --------
    >>> import numpy as np
    >>> S = np.array([[1, 1, 0], [1, 0, 1], [1, 1, 0], [0, 0, 1]])
    >>> spread_weights(S, np.array([0, 1, 0, 2])).round(2).tolist()
    [0.67, 1.0, 0.5]
    """
    power = SPREAD_POWER if power is None else power
    X = sp.csc_matrix(S)
    X.data = np.ones_like(X.data)
    X.eliminate_zeros()
    df = np.diff(X.indptr)
    g = np.zeros(X.shape[1])
    for j in np.flatnonzero(df > 1):
        g[j] = len(np.unique(groups[X.indices[X.indptr[j]:X.indptr[j + 1]]]))
    w = np.ones(X.shape[1])
    many = df > 1
    w[many] = ((df[many] - g[many] + 1) / df[many]) ** power
    return w


def reweight(S: sp.spmatrix | np.ndarray, weights: np.ndarray) -> sp.csr_matrix | np.ndarray:
    """Multiply each feature column by its weight and L2-normalise the rows again."""
    if sp.issparse(S):
        return normalize(sp.csr_matrix(S) @ sp.diags(weights))
    return normalize(np.asarray(S) * weights[None, :])


def without_incidental(S: sp.spmatrix | np.ndarray, Z: np.ndarray, sims: Similarities,
                       free: dict[str, np.ndarray], threshold: float, n_e5: int,
                       random_state: int | None) -> Similarities:
    """Similarities with the word features weighted by their spread (sentence-vector columns kept).

    Parameters
    ----------
    S : sparse matrix
        The vectors the measures are cut on (the last ``n_e5`` columns are sentence vectors).
    Z : ndarray
        Reduced vectors (for the k-means blocks of very large fields).
    sims : Similarities
        The similarities of ``S``: the provisional cut runs on them.
    free : dict
        Rows to group provisionally, per block (field).
    threshold : float
        The measure cut's threshold.
    n_e5 : int
        Number of sentence-vector columns at the end of ``S``.
    random_state : int, optional
        Seed of the k-means blocks.
    """
    rows, groups, nxt = [], [], 0
    for block_rows in free.values():
        for g in tree_blocks(block_rows, Z, random_state):
            if len(g) == 0:
                continue
            cut = cut_tree(linkage_tree(sims, g), len(g), threshold, None)
            rows.append(g)
            groups.append(cut + nxt)
            nxt += int(cut.max()) + 1
    if not rows:
        return sims
    rows_all, groups_all = np.concatenate(rows), np.concatenate(groups)
    n_words = S.shape[1] - n_e5
    weights = np.ones(S.shape[1])
    weights[:n_words] = spread_weights(S[rows_all][:, :n_words], groups_all)
    return Similarities(reweight(S, weights).astype(np.float32))
