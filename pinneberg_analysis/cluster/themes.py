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
    A consensus of :data:`CONSENSUS_RUNS` runs (see :func:`consensus_partition`). Each run
    takes a seeded random 90 % of the contributions, cuts them into ``k`` groups by Ward
    clustering, and starts k-means on all contributions from those groups' centres. Two
    contributions agree in a run when they land in the same group; the themes are the
    average-linkage cut into ``k`` of how often they agree, refined once more by k-means.
    One Ward cut followed by k-means (the single run) depends on which contributions happen
    to be there: between two 90 % subsamples of Bonn its themes agreed at ARI 0.66; the
    consensus of ten runs agrees at 0.84 and matches the hand-coded themes as well
    (``benchmarks/RESULTS.md``). Ward runs on *measure-smoothed* vectors (see
    :func:`measure_smoothed`): each contribution's LSA vector next to the centre of its
    measure (the field-level measure cut), half the weight each. Contributions of one
    measure are pulled together and a measure counts by its centre, so the themes group
    measures, while the k-means step, on the contributions' own vectors, still moves a
    contribution that fits another theme better. The seeds come from ``random_state``, so
    the result is deterministic. Below :data:`CONSENSUS_MIN` texts (a workshop field) and
    above :data:`CONSENSUS_MAX` texts (the agreement table grows with the square of the
    texts) a single run on all texts is used; above :data:`WARD_MAX` texts
    Ward runs on the centres of :data:`MICRO_CLUSTERS` k-means micro-clusters (seeded)
    instead of on every text.

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
from scipy.spatial.distance import squareform
from sklearn.cluster import KMeans

logger = logging.getLogger(__name__)

__all__ = [
    "CONSENSUS_MAX", "CONSENSUS_MIN", "CONSENSUS_RUNS", "WARD_MAX", "balance_themes", "consensus_partition",
    "measure_smoothed", "n_themes_for", "theme_partition",
]

#: Largest number of points Ward clustering runs on directly.
WARD_MAX = 3000
#: Number of k-means micro-clusters Ward runs on above WARD_MAX points.
MICRO_CLUSTERS = 1500
#: Weight of the measure centre in the vectors Ward runs on (0: the texts alone).
MEASURE_SHARE = 0.5
#: Runs of the consensus (0 or 1: a single Ward cut and k-means, as before issue 16).
CONSENSUS_RUNS = 10
#: Share of the contributions each consensus run sees.
CONSENSUS_SHARE = 0.9
#: Fewest texts the consensus runs on: in a small field a tenth of the texts is a large part of
#: its measures, the runs disagree for that reason, and the single run matched the sample's
#: hand-coded themes better (``benchmarks/RESULTS.md``).
CONSENSUS_MIN = 300
#: Largest number of texts the consensus runs on (its agreement table has n^2 entries).
CONSENSUS_MAX = 3000
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
    """Partition vectors into ``k`` themes: the consensus of Ward + k-means runs (module docstring).

    Parameters
    ----------
    Z : ndarray of shape (n, d)
        L2-normalised vectors.
    k : int
        Number of themes.
    random_state : int, optional
        Seed of the consensus runs' subsamples and of the micro-clustering used above
        :data:`WARD_MAX` points.
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
    if CONSENSUS_RUNS > 1 and CONSENSUS_MIN <= n <= CONSENSUS_MAX:
        refined = consensus_partition(Z, X, k, random_state)
    else:
        refined = _single_run(Z, X, k, random_state)
    if groups is not None and int(refined.max()) + 1 <= BALANCE_MAX_THEMES:
        refined = balance_themes(Z, groups, refined)
    return refined


def _kmeans_from(Z: np.ndarray, start: np.ndarray) -> np.ndarray:
    """k-means on ``Z`` started from the centres of the groups ``start`` (labels 0..k'-1)."""
    labels = np.unique(start, return_inverse=True)[1]
    centres = np.vstack([Z[labels == c].mean(axis=0) for c in range(labels.max() + 1)])
    refined = KMeans(len(centres), init=centres, n_init=1, max_iter=100).fit(Z).labels_
    return np.unique(refined, return_inverse=True)[1]


def _single_run(Z: np.ndarray, X: np.ndarray, k: int, random_state: int | None) -> np.ndarray:
    """One Ward cut of the smoothed vectors ``X`` into ``k``, then k-means on ``Z``."""
    if len(Z) > WARD_MAX:
        micro = KMeans(MICRO_CLUSTERS, init="random", n_init=1, random_state=random_state, max_iter=30).fit(X)
        start = _ward(micro.cluster_centers_, k)[micro.labels_]
    else:
        start = _ward(X, k)
    return _kmeans_from(Z, start)


def consensus_partition(Z: np.ndarray, X: np.ndarray, k: int, random_state: int | None = None,
                        runs: int | None = None) -> np.ndarray:
    """Themes that many runs agree on (see the module docstring).

    Parameters
    ----------
    Z : ndarray of shape (n, d)
        L2-normalised vectors of the contributions (k-means runs on them).
    X : ndarray of shape (n, d')
        The vectors Ward runs on (:func:`measure_smoothed`).
    k : int
        Number of themes.
    random_state : int, optional
        Seed of the runs' subsamples (``None``: 0, so the result is always deterministic).
    runs : int, optional
        Number of runs (default :data:`CONSENSUS_RUNS`).

    Returns
    -------
    ndarray of int of shape (n,)
        Theme per row, ``0..k'-1`` with ``k' <= k``.
    """
    n = len(Z)
    runs = CONSENSUS_RUNS if runs is None else runs
    rng = np.random.default_rng(0 if random_state is None else random_state)
    agree = np.zeros((n, n), dtype=np.float32)
    for _ in range(runs):
        keep = rng.random(n) < CONSENSUS_SHARE
        if keep.sum() <= k:
            keep[:] = True
        seen = np.flatnonzero(keep)
        start_seen = _ward(X[seen], k)
        # k-means from the centres of the subsample's groups, on all contributions
        centres_of = np.unique(start_seen, return_inverse=True)[1]
        centres = np.vstack([Z[seen][centres_of == c].mean(axis=0) for c in range(centres_of.max() + 1)])
        labels = KMeans(len(centres), init=centres, n_init=1, max_iter=100).fit(Z).labels_
        agree += labels[:, None] == labels[None, :]
    distance = 1.0 - agree / runs
    np.fill_diagonal(distance, 0.0)
    cut = fcluster(linkage(squareform(distance, checks=False), method="average"), k, criterion="maxclust") - 1
    return _kmeans_from(Z, cut)


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

