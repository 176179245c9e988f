"""Merging measures that a field or theme border cut apart (step 8 of :mod:`~pinneberg_analysis.cluster.clusterer`).

Measures are cut per field (and theme), so two groups asking for the same thing from two
fields ("Behördengänge online" under Zusammenleben, "Alle Anträge online" under Verwaltung)
end up as two measures. This pass judges such pairs by the rule the cut uses inside a
field: the *average* centred similarity of their contributions (average linkage). Two
groups of different blocks merge when

* that average reaches the within-field threshold plus :data:`CROSS_MARGIN` (a border
  is evidence that the groups differ, so the bar is higher than inside a field),
* they are each other's nearest group across the border (mutual nearest neighbours), so
  a group joins the one it is most like, not the first one above the bar, and
* at least one of them is a recurring measure (2+ contributions): two single ideas from
  different fields that share a word are not a measure.

A merged measure holds at most one group of each block.

:data:`CROSS_MARGIN` was calibrated against the sample process's key and the hand-coded
``tests/assets/nlp/mini_process.csv``; the curve over the margin and the effect of the
mutual-nearest rule are in ``benchmarks/RESULTS.md``.

The centred average over all member pairs is the dot product of the groups' mean centred vectors, computed from the
sparse vectors without a dense matrix (blocks of :data:`_BLOCK` groups).
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from pinneberg_analysis.cluster.linkage import CENTRED, Similarities

__all__ = ["CROSS_MARGIN", "group_links", "merge_across_borders"]

#: Measures of different blocks merge when their average similarity reaches threshold + this.
CROSS_MARGIN = 0.2
#: Require mutual nearest neighbours across the border.
MUTUAL = True
#: Allow two single ideas of different blocks to merge.
SINGLES_MAY_MERGE = False
_BLOCK = 256


def group_links(sims: Similarities, groups: np.ndarray, n_groups: int,
                block_of: np.ndarray, threshold: float) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Average centred similarity between groups of different blocks.

    Parameters
    ----------
    sims : Similarities
        The contributions' similarities (vectors, corpus centre, norms).
    groups : ndarray of int
        Group per contribution, ``0..n_groups-1``.
    n_groups : int
        Number of groups.
    block_of : ndarray
        Block (field, or field and theme) per group; pairs within a block are ignored.
    threshold : float
        Pairs below are dropped.

    Returns
    -------
    a, b, sim : ndarray
        Pairs ``a < b`` of different blocks with average similarity >= ``threshold``.
    nearest : ndarray of int
        Per group, the most similar group of another block (-1 if none).
    """
    S = sims.S
    n = S.shape[0]
    inv = 1.0 / sims.norm if CENTRED else np.ones(n)
    member = sp.csr_matrix((inv, (groups, np.arange(n))), shape=(n_groups, n))
    sizes = np.bincount(groups, minlength=n_groups).astype(float)
    P = sp.diags(1.0 / np.maximum(sizes, 1)) @ member @ S
    P = sp.csr_matrix(P) if sp.issparse(P) else np.asarray(P)
    q = np.asarray(member.sum(axis=1)).ravel() / np.maximum(sizes, 1)
    if CENTRED:
        mean = np.asarray(S.mean(axis=0)).ravel()
        pm = np.asarray(P @ mean).ravel()
        c = sims.c
    else:
        pm, c, q = np.zeros(n_groups), 0.0, np.zeros(n_groups)
    codes = np.unique(block_of.astype(str), return_inverse=True)[1]
    PT = P.T.tocsc() if sp.issparse(P) else P.T
    out_a, out_b, out_s = [], [], []
    nearest = np.full(n_groups, -1)
    for start in range(0, n_groups, _BLOCK):
        stop = min(n_groups, start + _BLOCK)
        blk = P[start:stop] @ PT
        blk = blk.toarray() if sp.issparse(blk) else np.asarray(blk)
        blk = blk - np.outer(pm[start:stop], q) - np.outer(q[start:stop], pm) + c * np.outer(q[start:stop], q)
        blk[codes[start:stop, None] == codes[None, :]] = -np.inf
        best = blk.argmax(axis=1)
        ok = np.isfinite(blk[np.arange(stop - start), best])
        nearest[start:stop] = np.where(ok, best, -1)
        i, j = np.nonzero(blk >= threshold)
        i = i + start
        keep = i < j
        out_a.append(i[keep])
        out_b.append(j[keep])
        out_s.append(blk[i[keep] - start, j[keep]])
    return np.concatenate(out_a), np.concatenate(out_b), np.concatenate(out_s), nearest


def merge_across_borders(sims: Similarities, measure: np.ndarray, block_of_row: np.ndarray,
                         threshold: float, n_known: int) -> np.ndarray:
    """Merge measures of different blocks (see the module docstring).

    Parameters
    ----------
    sims : Similarities
        The contributions' similarities.
    measure : ndarray of int
        Measure per contribution (duplicates included).
    block_of_row : ndarray
        Block per contribution (all contributions of a measure share one block).
    threshold : float
        The within-field threshold; pairs must reach ``threshold + CROSS_MARGIN``.
    n_known : int
        Measures ``0..n_known-1`` are known measures and never merge.

    Returns
    -------
    ndarray of int
        Root measure per contribution (the smallest merged index), not renumbered.
    """
    n_groups = int(measure.max()) + 1
    block_of = np.empty(n_groups, dtype=object)
    block_of[measure] = block_of_row
    sizes = np.bincount(measure, minlength=n_groups)
    a, b, s, nearest = group_links(sims, measure, n_groups, block_of, threshold + CROSS_MARGIN)
    keep = (a >= n_known) & (b >= n_known)
    if MUTUAL:
        keep &= (nearest[a] == b) & (nearest[b] == a)
    if not SINGLES_MAY_MERGE:
        keep &= (sizes[a] > 1) | (sizes[b] > 1)
    a, b, s = a[keep], b[keep], s[keep]
    parent = np.arange(n_groups)
    blocks = {m: {block_of[m]} for m in range(n_groups)}

    def root(m: int) -> int:
        while parent[m] != m:
            m = parent[m]
        return int(m)

    for j in np.lexsort((b, a, -s)):
        ra, rb = root(int(a[j])), root(int(b[j]))
        if ra != rb and not blocks[ra] & blocks[rb]:
            keep_root, drop = min(ra, rb), max(ra, rb)
            parent[drop] = keep_root
            blocks[keep_root] |= blocks.pop(drop)
    return np.array([root(m) for m in range(n_groups)])[measure]
