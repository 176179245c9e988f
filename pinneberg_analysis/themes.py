"""The coarse level: themes (Themen), the groups of measures of a field that belong together.

How many themes
    ``k = round(sqrt(M))`` for a field with ``M`` recurring measures (measures of two or more
    contributions), at least one. A two-level outline of ``M`` entries is easiest to read
    when both levels have the same fan-out: ``sqrt(M)`` themes of about ``sqrt(M)`` measures
    each. Single ideas do not add themes; they join the theme nearest to them. ``M`` comes
    from the data (the similarity threshold of the measure level, see
    :mod:`pinneberg_analysis.cluster`), so a field with many distinct requests gets more
    themes, and the granularity setting moves both levels together. ``n_themes`` overrides.

How
    Ward clustering of the LSA vectors into ``k`` groups, then k-means started from those
    groups' centres (one run, no random restarts). Ward gives a deterministic, balanced
    start; k-means moves contributions that Ward's greedy merges left in the wrong group.
    Both are deterministic for given vectors. Above :data:`WARD_MAX` texts, Ward runs on
    the centres of :data:`MICRO_CLUSTERS` k-means micro-clusters (seeded) instead of on
    every text.
"""

from __future__ import annotations

import math

import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage
from sklearn.cluster import KMeans

__all__ = ["WARD_MAX", "n_themes_for", "theme_partition"]

#: Largest number of points Ward clustering runs on directly.
WARD_MAX = 3000
#: Number of k-means micro-clusters Ward runs on above WARD_MAX points.
MICRO_CLUSTERS = 1500


def n_themes_for(n_measures: int, n_points: int) -> int:
    """The default number of themes of a field: ``round(sqrt(n_measures))``, within [1, n_points].

    ``n_measures`` is the number of recurring measures (see the module docstring).

    Examples
    --------
    >>> n_themes_for(9, 30), n_themes_for(550, 2300), n_themes_for(1, 1)
    (3, 23, 1)
    """
    return int(max(1, min(n_points, round(math.sqrt(max(n_measures, 1))))))


def _ward(Z: np.ndarray, k: int) -> np.ndarray:
    if len(Z) <= k:
        return np.arange(len(Z))
    return fcluster(linkage(Z, method="ward"), k, criterion="maxclust") - 1


def theme_partition(Z: np.ndarray, k: int, random_state: int | None = None) -> np.ndarray:
    """Partition vectors into ``k`` themes: Ward, then k-means from Ward's centres.

    Parameters
    ----------
    Z : ndarray of shape (n, d)
        L2-normalised vectors.
    k : int
        Number of themes.
    random_state : int, optional
        Seed of the micro-clustering used above :data:`WARD_MAX` points.

    Returns
    -------
    ndarray of int of shape (n,)
        Theme index per row, numbered 0..k'-1 (k' <= k when groups empty out).
    """
    n = len(Z)
    if n == 0:
        return np.array([], dtype=int)
    k = max(1, min(k, n))
    if k == 1:
        return np.zeros(n, dtype=int)
    if n > WARD_MAX:
        micro = KMeans(MICRO_CLUSTERS, init="random", n_init=1, random_state=random_state, max_iter=30).fit(Z)
        groups = _ward(micro.cluster_centers_, k)[micro.labels_]
    else:
        groups = _ward(Z, k)
    labels = np.unique(groups, return_inverse=True)[1]
    centres = np.vstack([Z[labels == c].mean(axis=0) for c in range(labels.max() + 1)])
    refined = KMeans(len(centres), init=centres, n_init=1, max_iter=100).fit(Z).labels_
    return np.unique(refined, return_inverse=True)[1]
