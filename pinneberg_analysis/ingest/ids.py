"""Stable ids for contributions and ratings, and exact-duplicate flags.

A contribution's id depends only on the row itself and the file it is in, never on its
position: (source file, sheet, the file's own id) when the file has an id column, else
(source file, field, section, normalised title + text, occurrence of that text in the
file). Adding or reordering rows therefore keeps every existing id.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

_SEP = "\x1f"


def normalise_text(text: str) -> str:
    """A key for comparing texts: case, accents of form, punctuation and spacing ignored.

    Examples
    --------
    >>> normalise_text("  Radwege   durchgängig!  ") == normalise_text("radwege durchgängig")
    True
    """
    text = unicodedata.normalize("NFKC", text or "").casefold()
    text = re.sub(r"[^\w]+", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def _digest(prefix: str, key: str) -> str:
    return prefix + hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:10]


@dataclass(frozen=True)
class IdKey:
    """What a contribution's id is computed from."""

    source_file: str
    scope: str
    source_id: str | None
    field: str
    section: str
    title: str
    text: str


def contribution_ids(keys: Sequence[IdKey]) -> list[str]:
    """Stable ids ``C-`` + 10 hex characters, in the order of ``keys``.

    Parameters
    ----------
    keys : sequence of IdKey
        One per accepted contribution, in file order.

    Returns
    -------
    list of str
        Unique ids; the n-th occurrence of the same key gets its own id.
    """
    seen: Counter[str] = Counter()
    out: list[str] = []
    used: set[str] = set()
    for key in keys:
        if key.source_id:
            base = _SEP.join(("id", key.source_file, key.scope, key.source_id))
        else:
            norm = normalise_text(key.title) + "\x1e" + normalise_text(key.text)
            base = _SEP.join(("text", key.source_file, key.field, key.section, norm))
        occurrence = seen[base]
        seen[base] += 1
        ident = _digest("C-", f"{base}{_SEP}{occurrence}")
        salt = 0
        while ident in used:  # a 40-bit collision: astronomically rare, still handled
            salt += 1
            ident = _digest("C-", f"{base}{_SEP}{occurrence}{_SEP}{salt}")
        used.add(ident)
        out.append(ident)
    return out


def duplicate_flags(
    ids: Sequence[str], fields: Sequence[str], titles: Sequence[str], texts: Sequence[str]
) -> tuple[list[bool], list[str | None]]:
    """Flag exact duplicates: the same normalised title + text in the same field.

    Returns
    -------
    is_duplicate : list of bool
    duplicate_of : list of str or None
        The id of the first occurrence (in the given order).
    """
    first: dict[tuple[str, str], str] = {}
    flags: list[bool] = []
    of: list[str | None] = []
    for ident, field, title, text in zip(ids, fields, titles, texts, strict=True):
        key = (field, normalise_text(title) + "\x1e" + normalise_text(text))
        if key in first:
            flags.append(True)
            of.append(first[key])
        else:
            first[key] = ident
            flags.append(False)
            of.append(None)
    return flags, of


def rating_ids(keys: Sequence[tuple[str, str, str, str, str]]) -> list[str]:
    """Stable ids ``R-`` + 10 hex for (source_file, locator scope, measure, rater, criterion)."""
    seen: Counter[str] = Counter()
    out: list[str] = []
    used: set[str] = set()
    for key in keys:
        base = _SEP.join(key)
        occurrence = seen[base]
        seen[base] += 1
        ident = _digest("R-", f"{base}{_SEP}{occurrence}")
        salt = 0
        while ident in used:
            salt += 1
            ident = _digest("R-", f"{base}{_SEP}{occurrence}{_SEP}{salt}")
        used.add(ident)
        out.append(ident)
    return out
