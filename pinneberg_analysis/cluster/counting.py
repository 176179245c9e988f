"""Which contributions count as support: copies of a campaign once, challenges not at all."""

from __future__ import annotations

import pandas as pd

__all__ = ["support_contributions"]


def support_contributions(
    contributions: pd.DataFrame,
    *,
    near_duplicates_once: bool = True,
    challenges_as_support: bool = False,
) -> pd.DataFrame:
    """The contributions that count as participation support for their measure.

    A group of (near-)identical contributions, e.g. a copy-paste campaign, counts as one
    contribution carrying the group's largest vote count, so that pasting a text ten times
    does not make it ten times as strong. Contributions from a "Herausforderungen" section
    (``section == "challenge"``) describe problems, not wishes; they are left out unless
    ``challenges_as_support``. The report lists both; nothing is dropped from the tables.

    Parameters
    ----------
    contributions : DataFrame
        With ``contribution_id`` and, when known, ``measure_id``, ``section``, ``votes``,
        ``duplicate_of`` and ``near_duplicate_of``.
    near_duplicates_once : bool
        Count each group of (near-)identical contributions once.
    challenges_as_support : bool
        Count challenge contributions as support.

    Returns
    -------
    DataFrame
        A subset of the rows (copies and challenges removed), index reset.

    Examples
    --------
    >>> c = pd.DataFrame({"contribution_id": ["C-1", "C-2", "C-3", "C-4"],
    ...                   "near_duplicate_of": [None, "C-1", None, None],
    ...                   "section": ["idea", "idea", "challenge", "idea"],
    ...                   "votes": [5, 9, 2, 1]})
    >>> out = support_contributions(c)
    >>> out[["contribution_id", "votes"]].values.tolist()
    [['C-1', 9], ['C-4', 1]]
    """
    out = contributions
    if not challenges_as_support and "section" in out.columns:
        out = out[out["section"].astype("string").fillna("") != "challenge"]
    if near_duplicates_once and "contribution_id" in out.columns:
        ids = out["contribution_id"].astype("string")
        origin = pd.Series(pd.NA, index=out.index, dtype="string")
        for col in ("near_duplicate_of", "duplicate_of"):
            if col in out.columns:
                origin = origin.fillna(out[col].astype("string"))
        key = origin.fillna(ids)
        if "measure_id" in out.columns:  # a copy moved to another measure counts there
            key = key + "\x00" + out["measure_id"].astype("string").fillna("")
        if "votes" in out.columns:
            votes = pd.to_numeric(out["votes"], errors="coerce")
            top = votes.groupby(key).transform("max")
            if top.notna().all() and (top == top.round()).all():
                top = top.astype(out["votes"].dtype if votes.notna().all() else "Int64")
            out = out.assign(votes=top)
        out = out[~key.duplicated()]
    return out.reset_index(drop=True)
