"""Stable measure and theme ids across runs.

The clustering gives each measure a provisional id. A review decision, however, must still
find "its" measure after the inputs grew or the seed changed. So each new measure takes the
id of the earlier measure whose members it shares most: the reference is the previous run's
assignment of contributions to measures (``tables/contributions.csv``) plus the identity
snapshots stored with the decisions.

Against the previous run, overlap is the Jaccard index of the two member sets where the new
measure counts only the contributions the previous run knew: contributions added since do not
dilute it, so a measure that merely gained twenty new contributions keeps its id. Members of
the earlier measure that have left the input count *against* the match (they stay in the
union): a measure reduced to one of its five earlier members does not inherit its id, nor the
decisions made about it. A decision snapshot covers only its own measure; there the new
measure counts in full and withdrawn snapshot members count against the match as well (a
conservative match: a decision is rather reported as not applicable than applied to the
wrong measure). A pair matches at Jaccard ≥ 0.5; the matching is one-to-one, greedy on the
sorted overlaps (previous run before snapshots, then by id) and deterministic.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from pinneberg_analysis.core.ids import stable_id

logger = logging.getLogger(__name__)

DEFAULT_THRESHOLD = 0.5

#: Where a stable id came from (``source`` column of the id mapping).
SOURCE_PREVIOUS = "vorheriger Lauf"
SOURCE_DECISION = "Entscheidung"
SOURCE_NEW = "neu"

_PREVIOUS_MEASURE_COLUMNS = ("cluster_measure_id", "measure_id")


def memberships(
    contributions: pd.DataFrame, column: str = "measure_id"
) -> dict[str, frozenset[str]]:
    """Group id -> its member contribution ids (rows with a missing id are skipped)."""
    if column not in contributions.columns or "contribution_id" not in contributions.columns:
        return {}
    groups: dict[str, set[str]] = defaultdict(set)
    ids = contributions["contribution_id"].to_numpy(dtype=object, na_value=None)
    gids = contributions[column].to_numpy(dtype=object, na_value=None)
    for cid, gid in zip(ids, gids, strict=True):
        if cid is not None and gid is not None and gid == gid and gid != "":
            groups[str(gid)].add(str(cid))
    return {gid: frozenset(members) for gid, members in sorted(groups.items())}


def read_previous(report_dir: str | Path | None) -> pd.DataFrame | None:
    """The contribution → measure assignment of an earlier report, or None.

    Parameters
    ----------
    report_dir : str or Path, optional
        A folder written by an earlier ``report`` run.

    Returns
    -------
    DataFrame or None
        ``contribution_id`` with ``cluster_measure_id`` (the measure before review; falls
        back to ``measure_id`` for reports that lack it), ``theme_id`` and ``grouping_mode``
        (the grouping backend of that run, kept by the next one) when present.
    """
    if report_dir is None:
        return None
    path = Path(report_dir) / "tables" / "contributions.csv"
    if not path.is_file():
        return None
    table = pd.read_csv(path, dtype="string", keep_default_na=False, na_values=[""])
    if "contribution_id" not in table.columns:
        return None
    keep = [
        c
        for c in ("contribution_id", "cluster_measure_id", "measure_id", "theme_id", "grouping_mode")
        if c in table.columns
    ]
    if len(keep) == 1:
        return None
    return table[keep]


def _overlaps(
    new: Mapping[str, frozenset[str]],
    reference: Mapping[str, frozenset[str]],
    *,
    partition: bool,
) -> list[tuple[float, int, str, str]]:
    """(Jaccard, intersection, reference id, new id) for every pair that shares a member.

    Against a whole earlier run (``partition``) the new group counts only contributions
    that run knew, so that contributions added since do not dilute the overlap. A decision
    snapshot covers only some contributions: there the new group counts in full. In both
    cases the reference keeps its withdrawn members: they count against the match.
    """
    known_ref = frozenset().union(*reference.values()) if reference else frozenset()
    index: dict[str, list[str]] = defaultdict(list)
    ref_members = dict(reference)
    for rid, members in ref_members.items():
        for cid in members:
            index[cid].append(rid)
    out = []
    for nid, members in new.items():
        mine = members & known_ref if partition else members
        counts: dict[str, int] = defaultdict(int)
        for cid in mine:
            for rid in index[cid]:
                counts[rid] += 1
        for rid, inter in counts.items():
            union = len(mine | ref_members[rid])
            out.append((inter / union if union else 0.0, inter, rid, nid))
    return out


def match_ids(
    new: Mapping[str, frozenset[str]],
    reference: Mapping[str, frozenset[str]],
    *,
    snapshots: Mapping[str, frozenset[str]] | None = None,
    threshold: float = DEFAULT_THRESHOLD,
) -> dict[str, tuple[str, float]]:
    """Match new groups to earlier groups by member overlap, one to one.

    Parameters
    ----------
    new : mapping of str to frozenset of str
        Group id -> member ids of this run.
    reference : mapping of str to frozenset of str
        The earlier run's groups (a partition of its contributions).
    snapshots : mapping, optional
        Further earlier groups known only from decision snapshots (ids not in
        ``reference``); they lose exact ties against ``reference``.
    threshold : float
        Minimum Jaccard index for a match.

    Returns
    -------
    dict
        New id -> (earlier id, Jaccard) for the matched groups, sorted by new id.

    Examples
    --------
    >>> old = {"M-a": frozenset({"c1", "c2", "c3"}), "M-b": frozenset({"c4"})}
    >>> new = {"P-1": frozenset({"c4", "c9"}), "P-2": frozenset({"c1", "c2", "c7"})}
    >>> {k: v[0] for k, v in match_ids(new, old).items()}
    {'P-1': 'M-b', 'P-2': 'M-a'}
    """
    candidates = [
        (-j, -inter, 0, rid, nid)
        for j, inter, rid, nid in _overlaps(new, reference, partition=True)
    ]
    extra = {k: v for k, v in (snapshots or {}).items() if k not in reference}
    candidates += [
        (-j, -inter, 1, rid, nid) for j, inter, rid, nid in _overlaps(new, extra, partition=False)
    ]
    candidates = sorted(c for c in candidates if -c[0] >= threshold)
    out: dict[str, tuple[str, float]] = {}
    used: set[str] = set()
    for neg_j, _, _, rid, nid in candidates:
        if nid in out or rid in used:
            continue
        out[nid] = (rid, -neg_j)
        used.add(rid)
    return dict(sorted(out.items()))


def _fresh_id(prefix: str, members: frozenset[str], taken: set[str]) -> str:
    salt = 0
    while True:
        key = f"{salt}:" + ";".join(sorted(members))
        candidate = stable_id(prefix, key)
        if candidate not in taken:
            return candidate
        salt += 1


def _stable_mapping(
    new: Mapping[str, frozenset[str]],
    reference: Mapping[str, frozenset[str]],
    snapshots: Mapping[str, frozenset[str]],
    *,
    threshold: float,
    prefix: str,
) -> pd.DataFrame:
    matched = match_ids(new, reference, snapshots=snapshots, threshold=threshold)
    taken = {rid for rid, _ in matched.values()} | set(reference) | set(snapshots)
    rows = []
    for nid in sorted(new):
        if nid in matched:
            rid, jaccard = matched[nid]
            source = SOURCE_PREVIOUS if rid in reference else SOURCE_DECISION
            rows.append((nid, rid, source, jaccard))
            continue
        stable = nid
        if nid in taken:
            # Never hand an earlier measure's id to an unrelated new cluster.
            stable = _fresh_id(prefix, new[nid], taken)
        taken.add(stable)
        rows.append((nid, stable, SOURCE_NEW, float("nan")))
    return pd.DataFrame(rows, columns=["provisional_id", "stable_id", "source", "jaccard"])


def _previous_reference(previous: pd.DataFrame | None) -> dict[str, frozenset[str]]:
    if previous is None:
        return {}
    column = next((c for c in _PREVIOUS_MEASURE_COLUMNS if c in previous.columns), None)
    return memberships(previous, column) if column else {}


def _rename(frame: pd.DataFrame, column: str, rename: Mapping[str, str]) -> None:
    if column in frame.columns:
        frame[column] = frame[column].map(lambda v: rename.get(v, v), na_action="ignore")


def stabilise_ids(
    measures: pd.DataFrame,
    contributions: pd.DataFrame,
    previous: pd.DataFrame | None = None,
    *,
    snapshots: Mapping[str, frozenset[str]] | None = None,
    threshold: float = DEFAULT_THRESHOLD,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Give the clustering's measures the ids they had in earlier runs.

    Parameters
    ----------
    measures : DataFrame
        The clustering's measures with provisional ``measure_id``.
    contributions : DataFrame
        ``contribution_id`` and provisional ``measure_id``.
    previous : DataFrame, optional
        The earlier run's ``contribution_id`` with ``cluster_measure_id`` (the measure
        before review) or else ``measure_id``, e.g. from :func:`read_previous`.
    snapshots : mapping, optional
        Measure id -> members from the decisions file
        (:meth:`~pinneberg_analysis.curate.decisions.DecisionsFile.snapshots`); used for ids the
        previous run does not have.
    threshold : float
        Minimum Jaccard index (over the contributions both runs know) for keeping an id.

    Returns
    -------
    measures, contributions : DataFrame
        Copies with stable ids.
    mapping : DataFrame
        ``level`` ("measure"), ``provisional_id``, ``stable_id``, ``source``
        (vorheriger Lauf | Entscheidung | neu) and ``jaccard``.

    Examples
    --------
    >>> import pandas as pd
    >>> c = pd.DataFrame({"contribution_id": ["C-1", "C-2", "C-3"],
    ...                   "measure_id": ["P-1", "P-1", "P-2"]})
    >>> m = pd.DataFrame({"measure_id": ["P-1", "P-2"]})
    >>> prev = pd.DataFrame({"contribution_id": ["C-1", "C-2"], "measure_id": ["M-old", "M-old"]})
    >>> stabilise_ids(m, c, prev)[0]["measure_id"].tolist()
    ['M-old', 'P-2']
    """
    measures = measures.copy()
    contributions = contributions.copy()
    mapping = _stable_mapping(
        memberships(contributions),
        _previous_reference(previous),
        {k: frozenset(v) for k, v in (snapshots or {}).items() if v},
        threshold=threshold,
        prefix="M",
    )
    mapping.insert(0, "level", "measure")
    rename = dict(zip(mapping["provisional_id"], mapping["stable_id"], strict=True))
    _rename(measures, "measure_id", rename)
    _rename(contributions, "measure_id", rename)
    n_kept = int((mapping["source"] != SOURCE_NEW).sum())
    logger.debug("stable ids: %d of %d measures kept an earlier id", n_kept, len(mapping))
    return measures, contributions, mapping


def stabilise_theme_ids(
    themes: pd.DataFrame,
    measures: pd.DataFrame,
    contributions: pd.DataFrame,
    previous: pd.DataFrame | None = None,
    *,
    threshold: float = DEFAULT_THRESHOLD,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Keep theme ids stable the same way (membership = the contributions' ``theme_id``).

    Returns
    -------
    themes, measures, contributions : DataFrame
        Copies with stable ``theme_id``.
    mapping : DataFrame
        As for :func:`stabilise_ids`, with ``level`` "theme".
    """
    themes, measures, contributions = themes.copy(), measures.copy(), contributions.copy()
    reference = (
        memberships(previous, "theme_id")
        if previous is not None and "theme_id" in previous.columns
        else {}
    )
    mapping = _stable_mapping(
        memberships(contributions, "theme_id"),
        reference,
        {},
        threshold=threshold,
        prefix="T",
    )
    mapping.insert(0, "level", "theme")
    rename = dict(zip(mapping["provisional_id"], mapping["stable_id"], strict=True))
    for frame in (themes, measures, contributions):
        _rename(frame, "theme_id", rename)
    return themes, measures, contributions, mapping
