"""The coarse level: themes (Themen), the groups of measures of a field that belong together.

How many themes
    ``k = round(sqrt(M))`` for a field with ``M`` recurring measures (measures of two or more
    contributions), at least one. A two-level outline of ``M`` entries is easiest to read
    when both levels have the same fan-out: ``sqrt(M)`` themes of about ``sqrt(M)`` measures
    each. Single ideas do not add themes; they join the theme nearest to them. ``M`` comes
    from the data (the similarity threshold of the measure level, see
    :mod:`pinneberg_analysis.cluster.clusterer`), so a field with many distinct requests gets more
    themes, and the granularity setting moves both levels together. ``n_themes`` overrides.

How
    Ward clustering into ``k`` groups, then k-means started from those groups' centres (one
    run, no random restarts). Ward runs on *measure-smoothed* vectors (see
    :func:`measure_smoothed`): each contribution's LSA vector next to the centre of its
    measure (the field-level measure cut), half the weight each. Contributions of one
    measure are pulled together and a measure counts by its centre, so the themes group
    measures, while the k-means step, on the contributions' own vectors, still moves a
    contribution that fits another theme better. Both are deterministic for given vectors.
    Above :data:`WARD_MAX` texts, Ward runs on the centres of :data:`MICRO_CLUSTERS` k-means
    micro-clusters (seeded) instead of on every text.

Balance
    Ward's criterion keeps a large, tight measure apart longest, so a field with few themes
    can end up with one theme per big measure and one theme of everything else. Up to
    :data:`BALANCE_MAX_THEMES` themes, a theme that holds a single measure therefore joins
    its nearest theme unless the measure is isolated, and the theme with most measures is
    split in two instead (see :func:`balance_themes`). With more themes a one-measure theme
    is one line of a long outline and is kept.

How well the themes match the hand-coded ones, how stable they are, and how much the share
of the measure centre (:data:`MEASURE_SHARE`) matters, is measured by
``benchmarks/bench_clustering.py`` (figures in ``benchmarks/RESULTS.md``).
"""

from __future__ import annotations

import logging
import math

import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage
from sklearn.cluster import KMeans

logger = logging.getLogger(__name__)

__all__ = ["WARD_MAX", "balance_themes", "measure_smoothed", "n_themes_for", "theme_partition"]

#: Largest number of points Ward clustering runs on directly.
WARD_MAX = 3000
#: Number of k-means micro-clusters Ward runs on above WARD_MAX points.
MICRO_CLUSTERS = 1500
#: Weight of the measure centre in the vectors Ward runs on (0: the texts alone).
MEASURE_SHARE = 0.5
#: Up to this many themes in a field, a theme of one measure is avoided (see balance_themes).
BALANCE_MAX_THEMES = 5


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


def measure_smoothed(Z: np.ndarray, groups: np.ndarray | None, share: float | None = None) -> np.ndarray:
    """Each vector next to its measure's centre: ``[sqrt(1-a) z, sqrt(a) centre]``, ``a = share``.

    Squared distances become ``(1-a) |zi - zj|^2 + a |ci - cj|^2``: contributions of one
    measure are pulled together, and a measure counts by its centre, not its spread.
    """
    if groups is None or len(Z) == 0:
        return Z
    share = MEASURE_SHARE if share is None else share
    n_groups = int(groups.max()) + 1
    centres = np.zeros((n_groups, Z.shape[1]))
    np.add.at(centres, groups, Z)
    centres /= np.maximum(np.bincount(groups, minlength=n_groups), 1)[:, None]
    return np.hstack([np.sqrt(1.0 - share) * Z, np.sqrt(share) * centres[groups]])


def theme_partition(Z: np.ndarray, k: int, random_state: int | None = None,
                    groups: np.ndarray | None = None) -> np.ndarray:
    """Partition vectors into ``k`` themes: Ward, then k-means from Ward's centres.

    Parameters
    ----------
    Z : ndarray of shape (n, d)
        L2-normalised vectors.
    k : int
        Number of themes.
    random_state : int, optional
        Seed of the micro-clustering used above :data:`WARD_MAX` points.
    groups : ndarray of int, optional
        Measure per row (``0..G-1``); Ward then runs on :func:`measure_smoothed` vectors.

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
    X = measure_smoothed(Z, groups)
    if n > WARD_MAX:
        micro = KMeans(MICRO_CLUSTERS, init="random", n_init=1, random_state=random_state, max_iter=30).fit(X)
        start = _ward(micro.cluster_centers_, k)[micro.labels_]
    else:
        start = _ward(X, k)
    labels = np.unique(start, return_inverse=True)[1]
    centres = np.vstack([Z[labels == c].mean(axis=0) for c in range(labels.max() + 1)])
    refined = KMeans(len(centres), init=centres, n_init=1, max_iter=100).fit(Z).labels_
    refined = np.unique(refined, return_inverse=True)[1]
    if groups is not None and len(centres) <= BALANCE_MAX_THEMES:
        refined = balance_themes(Z, groups, refined)
    return refined


def _centres(Z: np.ndarray, labels: np.ndarray, n: int) -> np.ndarray:
    C = np.zeros((n, Z.shape[1]))
    np.add.at(C, labels, Z)
    C /= np.maximum(np.bincount(labels, minlength=n), 1)[:, None]
    return C / np.maximum(np.linalg.norm(C, axis=1), 1e-12)[:, None]


def _majority(groups: np.ndarray, labels: np.ndarray, n_groups: int, k: int) -> np.ndarray:
    """The theme most contributions of each measure are in (ties: the lower theme)."""
    table = np.zeros((n_groups, k), dtype=np.int64)
    np.add.at(table, (groups, labels), 1)
    return table.argmax(axis=1)


def _loo_fit(Z: np.ndarray, groups: np.ndarray, of: np.ndarray, k: int) -> np.ndarray:
    """Each measure's cosine to the centre of the rest of its theme (nan when alone)."""
    n_groups = len(of)
    G = np.zeros((n_groups, Z.shape[1]))
    np.add.at(G, groups, Z)
    T = np.zeros((k, Z.shape[1]))
    np.add.at(T, of, G)
    rest = T[of] - G
    norms = np.linalg.norm(rest, axis=1)
    m = G / np.maximum(np.linalg.norm(G, axis=1), 1e-12)[:, None]
    return np.where(norms > 1e-9, (m * rest).sum(axis=1) / np.maximum(norms, 1e-12), np.nan)


def balance_themes(Z: np.ndarray, groups: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """No theme of a single measure unless that measure is isolated; keep the number of themes.

    A measure belongs to the theme most of its contributions are in. A theme that holds one
    measure and nothing else joins the nearest other theme, unless its measure is further from that
    theme's centre than every measure of a larger theme is from the centre of the rest of
    its own theme (then it is isolated). To keep the number of themes, the theme with most
    recurring measures is then split in two by Ward on its measures' centres, each measure
    counted once; its other contributions go to the nearer half.
    """
    lab = labels.copy()
    n_groups = int(groups.max()) + 1
    size = np.bincount(groups, minlength=n_groups)
    recurring = size >= 2
    M = _centres(Z, groups, n_groups)
    k = int(lab.max()) + 1
    kept: set[int] = set()
    for _ in range(k):
        of = _majority(groups, lab, n_groups, k)
        count = np.bincount(of[recurring], minlength=k)
        alone = np.bincount(of, minlength=k) == 1
        lonely = [t for t in range(k) if alone[t] and count[t] == 1 and t not in kept]
        if not lonely or count.max() < 4:
            break
        t = lonely[0]
        m = int(np.nonzero(recurring & (of == t))[0][0])
        sims = _centres(Z, lab, k) @ M[m]
        sims[(np.arange(k) == t) | (count == 0)] = -np.inf
        target = int(sims.argmax())
        fit = _loo_fit(Z, groups, of, k)
        bar = np.nanmin(fit[recurring & (count[of] >= 2)], initial=np.inf)
        logger.debug("one-measure theme %d: nearest theme %.3f, isolation bar %.3f", t, sims[target], bar)
        if sims[target] < bar:
            kept.add(t)
            continue
        lab[lab == t] = target
        of[of == t] = target
        big = int(np.bincount(of[recurring], minlength=k).argmax())
        members = np.nonzero(recurring & (of == big))[0]
        halves = _ward(M[members], 2)
        moved = np.isin(groups, members[halves == 1])
        lab[moved & (lab == big)] = t
        rest = (lab == big) & ~np.isin(groups, members)
        if rest.any():
            pair = _centres(Z, lab, k)[[big, t]]
            lab[rest] = np.where((Z[rest] @ pair.T).argmax(axis=1) == 1, t, big)
    return np.unique(lab, return_inverse=True)[1]

