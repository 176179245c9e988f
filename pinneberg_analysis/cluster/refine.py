"""Moving contributions to their best measure after the first cut (order-independent).

Average linkage decides once: a note that joined a wrong partner early (because one
incidental word made that pair the strongest link at that moment) stays there, although on
average it is far more like another measure. And since measures are cut per field and
theme, a note never meets the measure of another field that asks for the same thing.

This pass judges every contribution by the rule of the cut itself, the *average* centred
similarity to the members of a measure, over all measures of all fields at once:

* a member of a measure moves to the measure it is on average most like when that average
  is higher than to the rest of its own measure and reaches the threshold;
* a single idea joins a measure only when it reaches the threshold *and* is clearly closer
  to it than to any other measure (by :data:`SINGLE_MARGIN`), so an idea between two
  measures stays a single idea rather than picking one by a hair;
* members of known measures neither move nor receive others (their rule is their name).

All contributions move at once (Jacobi updates), at most :data:`MAX_ROUNDS` rounds, so the
result does not depend on the order of the rows. The average similarity of a row to a
group is the dot product of its centred vector with the group's mean centred vector (the
same algebra as :mod:`~pinneberg_analysis.cluster.merge`), computed in blocks of rows
without an n × n matrix.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from pinneberg_analysis.cluster.linkage import CENTRED, Similarities

__all__ = ["MAX_ROUNDS", "SINGLE_MARGIN", "refine_assignment", "refine_measures", "row_group_similarity"]

#: Rounds of simultaneous moves at most.
MAX_ROUNDS = 8
#: A single idea joins a measure only this much closer to it than to the runner-up.
SINGLE_MARGIN = 0.05
_ROWS = 2048


def row_group_similarity(sims: Similarities, rows: np.ndarray, groups: np.ndarray,
                         n_groups: int) -> np.ndarray:
    """Average centred similarity of each row in ``rows`` to the members of each group.

    Parameters
    ----------
    sims : Similarities
        The contributions' vectors, corpus centre and norms.
    rows : ndarray of int
        The contributions to compare (also the members: ``groups[k]`` is the group of
        ``rows[k]``).
    groups : ndarray of int
        Group per row of ``rows``, ``0..n_groups-1``.
    n_groups : int
        Number of groups.

    Returns
    -------
    ndarray of shape (len(rows), n_groups)
        The average similarity, self-pairs included (a row's own group counts its
        similarity 1 to itself; :func:`refine_measures` takes it out).
    """
    S = sp.csr_matrix(sims.S[rows]) if sp.issparse(sims.S) else np.asarray(sims.S[rows])
    norm = sims.norm[rows] if CENTRED else np.ones(len(rows))
    sizes = np.bincount(groups, minlength=n_groups).astype(float)
    member = sp.csr_matrix((1.0 / norm, (groups, np.arange(len(rows)))), shape=(n_groups, len(rows)))
    P = sp.diags(1.0 / np.maximum(sizes, 1)) @ member @ S
    P = P.toarray() if sp.issparse(P) else np.asarray(P)
    q = np.asarray(member.sum(axis=1)).ravel() / np.maximum(sizes, 1)
    mean = np.asarray(sims.S.mean(axis=0)).ravel()
    out = np.empty((len(rows), n_groups))
    for start in range(0, len(rows), _ROWS):
        stop = min(len(rows), start + _ROWS)
        block = S[start:stop] @ P.T
        block = np.asarray(block.toarray() if sp.issparse(block) else block)
        if CENTRED:
            a = sims.a[rows[start:stop]]
            block = block - np.outer(a, q) - (P @ mean)[None, :] + sims.c * q[None, :]
            block /= norm[start:stop, None]
        out[start:stop] = block
    return out


def refine_measures(sims: Similarities, rows: np.ndarray, measure: np.ndarray, threshold: float,
                    n_known: int) -> np.ndarray:
    """Move contributions to their best measure (see the module docstring).

    Parameters
    ----------
    sims : Similarities
        The contributions' similarities.
    rows : ndarray of int
        The contributions taking part (near-duplicates take part through their original).
    measure : ndarray of int
        Measure per contribution of ``rows``.
    threshold : float
        The cut's threshold (average centred similarity within a measure).
    n_known : int
        Measures ``0..n_known-1`` are known measures: fixed.

    Returns
    -------
    ndarray of int
        The new measure per contribution of ``rows`` (same numbering; a measure may empty).
    """
    lab = measure.copy()
    if len(rows) < 3:
        return lab
    n_groups = int(lab.max()) + 1
    fixed = lab < n_known
    for _ in range(MAX_ROUNDS):
        avg = row_group_similarity(sims, rows, lab, n_groups)
        size = np.bincount(lab, minlength=n_groups).astype(float)
        idx = np.arange(len(rows))
        own_size = size[lab]
        own = np.where(own_size > 1, (avg[idx, lab] * own_size - 1.0) / np.maximum(own_size - 1, 1), -np.inf)
        other = avg.copy()
        other[idx, lab] = -np.inf
        other[:, size <= 1] = -np.inf  # one pair is no average: nobody moves to a single idea
        other[:, :n_known] = -np.inf
        best = other.argmax(axis=1)
        best_sim = other[idx, best]
        other[idx, best] = -np.inf
        runner_up = np.maximum(other.max(axis=1), own)
        single = own_size <= 1
        move = ~fixed & (best_sim >= threshold) & np.where(
            single, best_sim - runner_up >= SINGLE_MARGIN, best_sim > own)
        if not move.any():
            break
        lab = np.where(move, best, lab)
    return lab


def refine_assignment(sims: Similarities, measure: np.ndarray, theme: np.ndarray, original: np.ndarray,
                      is_rep: np.ndarray, threshold: float, n_known: int) -> tuple[np.ndarray, np.ndarray]:
    """:func:`refine_measures` on the representatives; duplicates follow, a mover takes its new measure's theme.

    Returns
    -------
    measure, theme : ndarray of int
        Measures renumbered ``0..M-1`` (known measures keep ``0..n_known-1``), themes.
    """
    reps = np.flatnonzero(is_rep)
    n_groups = int(measure.max()) + 1
    table = np.zeros((n_groups, int(theme.max()) + 1), dtype=np.int64)
    np.add.at(table, (measure, theme), 1)
    theme_of = table.argmax(axis=1)
    new = measure.copy()
    new[reps] = refine_measures(sims, reps, measure[reps], threshold, n_known)
    new = new[original]
    theme = np.where(new != measure, theme_of[new], theme)
    return np.unique(new, return_inverse=True)[1], theme
