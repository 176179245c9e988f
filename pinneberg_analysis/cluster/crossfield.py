"""Town-wide ideas: one request raised in several fields of action stays one measure.

Measures are cut per field (and theme), and :mod:`~pinneberg_analysis.cluster.merge` joins
two measures of different fields only when they are each other's nearest. A town-wide idea
("one app for all services of the town") raised in three workshops therefore ended in
several measures: within each field its notes may first join a local neighbour that shares
a word, and a third field's group is never the *mutual* nearest of a pair already merged.

Before the per-field cut, the contributions of all fields are therefore compared at once:
one average-linkage tree over all of them, cut at the bar of the cross-field merge
(threshold + :data:`~pinneberg_analysis.cluster.merge.CROSS_MARGIN`). A group of that cut
that holds at least :data:`MIN_SIZE` contributions from at least :data:`MIN_FIELDS` fields
each of them on average at least that similar to the others (else it is dropped), and no
field holding more than :data:`MAX_FIELD_SHARE` of them (else it is one field's
measure that drew a stray note from another field) is a town-wide idea: it becomes one measure before the fields are clustered (like a known
measure), with the field of most of its contributions as its primary field and the others
in ``fields``. The bar is high, so only requests that are clearly the same across fields
are joined; within a field the usual cut decides.
"""

from __future__ import annotations

import numpy as np

from pinneberg_analysis.cluster.linkage import LINKAGE_MAX, Similarities, cut_tree, linkage_tree

__all__ = ["MARGIN", "MIN_FIELDS", "MAX_FIELD_SHARE", "MIN_SIZE", "cross_field_groups"]

#: A town-wide idea is raised in at least this many fields.
MIN_FIELDS = 2
#: ... by at least this many contributions (near-duplicates count once). Three notes of two
#: fields linked by one shared place name are too few to tell a town-wide request from a
#: coincidence (the sample's "Fußgängerzone": WLAN there and parcel bikes there).
MIN_SIZE = 4
#: No field holds more than this share of a town-wide idea's contributions.
MAX_FIELD_SHARE = 2 / 3
#: Bar above the within-field threshold (the cross-field merge uses the same, CROSS_MARGIN).
MARGIN = 0.2


def _tight(sims: Similarities, members: np.ndarray, threshold: float) -> np.ndarray:
    """Drop, one at a time, the member least like the rest while it is below ``threshold``:
    a note linked to the group by one shared word does not ride along."""
    members = np.asarray(members)
    while len(members) > 2:
        block = sims.of(members).astype(np.float64)
        rest = (block.sum(axis=1) - np.diag(block)) / (len(members) - 1)
        worst = int(rest.argmin())
        if rest[worst] >= threshold:
            break
        members = np.delete(members, worst)
    return members


def cross_field_groups(sims: Similarities, rows: np.ndarray, fields: np.ndarray,
                       threshold: float) -> list[np.ndarray]:
    """Groups of ``rows`` that are one request across fields (see the module docstring).

    Parameters
    ----------
    sims : Similarities
        The contributions' similarities.
    rows : ndarray of int
        Contributions still free (representatives of near-duplicates, not in known measures).
    fields : ndarray of str
        Field of every contribution (indexed by row number, not by position in ``rows``).
    threshold : float
        Average centred similarity a group must reach (the cross-field merge's bar).

    Returns
    -------
    list of ndarray of int
        The rows of each town-wide idea, ordered by their smallest row.
    """
    if len(rows) < MIN_SIZE or len(rows) > LINKAGE_MAX or len(np.unique(fields[rows])) < MIN_FIELDS:
        return []
    cut = cut_tree(linkage_tree(sims, rows), len(rows), threshold, None)
    out = []
    for c in np.unique(cut):
        members = _tight(sims, rows[cut == c], threshold)
        counts = np.unique(fields[members], return_counts=True)[1]
        # one field's measure with a stray note of another field is no town-wide idea
        if len(members) >= MIN_SIZE and len(counts) >= MIN_FIELDS and counts.max() <= MAX_FIELD_SHARE * len(members):
            out.append(np.sort(members))
    return sorted(out, key=lambda g: int(g[0]))
