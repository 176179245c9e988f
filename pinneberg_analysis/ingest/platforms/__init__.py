"""Adapters for the exports of participation platforms (Decidim, CONSUL, adhocracy+, ...).

Each module of this package describes one platform and lists its formats in a module-level
``PLATFORMS`` tuple of :class:`~.base.Platform`; a new platform is one new module, found
here without being registered anywhere else. A table is read with the adapter whose header
signature it matches best (or the one forced with ``--format``).
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Sequence
from functools import lru_cache

from pinneberg_analysis.ingest.platforms.base import Platform, localised, strip_html

__all__ = ["Platform", "all_platforms", "detect_platform", "format_names", "get_platform",
           "localised", "strip_html"]


@lru_cache(maxsize=1)
def all_platforms() -> tuple[Platform, ...]:
    """Every adapter of the package's modules, in module-name order."""
    found: list[Platform] = []
    for module in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if module.name == "base":
            continue
        loaded = importlib.import_module(f"{__name__}.{module.name}")
        found.extend(getattr(loaded, "PLATFORMS", ()))
    return tuple(found)


def format_names() -> list[str]:
    """The names ``--format`` accepts (a platform with several formats is named once).

    Examples
    --------
    >>> "decidim" in format_names() and "polis" in format_names()
    True
    """
    return sorted({p.name.split(":")[0] for p in all_platforms()})


def get_platform(name: str) -> tuple[Platform, ...]:
    """The adapters of a ``--format`` name (``decidim`` gives proposals and comments)."""
    key = name.strip().lower()
    return tuple(p for p in all_platforms() if p.name.split(":")[0] == key or p.name == key)


def detect_platform(header: Sequence[str], forced: str | None = None) -> Platform | None:
    """The adapter whose signature ``header`` matches best, or None.

    Parameters
    ----------
    header : sequence of str
        The column names of a table.
    forced : str, optional
        A ``--format`` name: only its adapters are tried, and the first is used even
        when none matches.
    """
    candidates = get_platform(forced) if forced else all_platforms()
    best: tuple[int, Platform] | None = None
    for platform in candidates:
        score = platform.score(header)
        if score and (best is None or score > best[0]):
            best = (score, platform)
    if best is None and forced and candidates:
        return candidates[0]
    return best[1] if best else None
