"""Short hashed ids for groups: provisional measure and theme ids, fresh and split measure ids.

A group's id is derived from what the group *is* (its smallest contribution id, a known
measure's name, the sorted ids of its members), never from its position in a table, so the
same grouping of the same inputs always gets the same ids. The recipe is one for all of
them: ``prefix`` + ``-`` + the first 8 hex digits of the SHA-1 of the UTF-8 key. SHA-1 here
is a spread of bits, not a security measure.

Contribution and rating ids (:mod:`pinneberg_analysis.ingest.ids`) follow their own,
longer recipe (SHA-256, 10 hex digits) and are not made here.
"""

from __future__ import annotations

import hashlib

__all__ = ["stable_id"]


def stable_id(prefix: str, key: str) -> str:
    """The id ``prefix-`` + 8 hex digits of the SHA-1 of ``key``.

    Parameters
    ----------
    prefix : str
        The kind of group, without the hyphen (``"M"`` for measures, ``"T"`` for themes).
    key : str
        What identifies the group; equal keys give equal ids.

    Returns
    -------
    str
        For example ``M-1a2b3c4d``.

    Examples
    --------
    >>> stable_id("M", "C-0001") == stable_id("M", "C-0001")
    True
    >>> len(stable_id("T", "theme:C-0001"))
    10
    """
    return f"{prefix}-{hashlib.sha1(key.encode('utf-8')).hexdigest()[:8]}"
