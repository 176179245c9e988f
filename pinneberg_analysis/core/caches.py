"""The registry of the package's in-process caches, and the one way to empty them.

The rule: every cache that lives at module level for the whole process is declared here,
so that :func:`clear_caches` can empty all of them and nobody reaches into a module's
private cache.

* A function whose result depends only on its (hashable) arguments and on data that is the
  same for the whole process (the word lists, a shipped resource) is decorated with
  :func:`memoize`. It is a :func:`functools.lru_cache`, so ``cache_info()`` and
  ``cache_clear()`` stay on the function.
* Any other cache (a dict memo, a loaded model) passes the function that empties it to
  :func:`register`.
* A cache made inside a function call (a local ``lru_cache`` that lives as long as the call)
  is not registered: it goes away with the call.

Declaring a cache loads nothing: a cache is filled on first use, never at import time.
Clearing only forgets, so the next call computes the same value again; no output may depend
on whether a cache was warm. Tests and benchmarks that need cold caches call
:func:`clear_caches` (also exported by :mod:`pinneberg_analysis.nlp`,
:mod:`pinneberg_analysis.features` and the package itself).

Examples
--------
>>> from pinneberg_analysis.core.caches import clear_caches, memoize
>>> @memoize(maxsize=16)
... def square(x: int) -> int:
...     return x * x
>>> square(3), square(3)
(9, 9)
>>> square.cache_info().currsize
1
>>> clear_caches()
>>> square.cache_info().currsize
0
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

__all__ = ["clear_caches", "memoize", "memoized", "register"]

F = TypeVar("F", bound=Callable[..., Any])

# Keyed by the qualified name of the function, so that a reloaded module replaces its
# entries instead of adding a second set.
_memoized: dict[str, Any] = {}
_clearers: dict[str, Callable[[], None]] = {}


def _key(fn: Callable[..., Any]) -> str:
    module = getattr(fn, "__module__", None)
    name = getattr(fn, "__qualname__", None)
    if module is None or name is None or "<lambda>" in name:
        return f"id:{id(fn)}"
    return f"{module}.{name}"


def memoize(maxsize: int | None = 128) -> Callable[[F], F]:
    """Decorator: cache a function with :func:`functools.lru_cache` and register the cache.

    Parameters
    ----------
    maxsize : int or None
        Most results kept (least recently used go first); None keeps all.

    Returns
    -------
    callable
        The decorator. The decorated function keeps ``cache_info`` and ``cache_clear`` and is
        emptied by :func:`clear_caches`. Nothing is called when decorating.
    """

    def decorate(fn: F) -> F:
        cached = functools.lru_cache(maxsize=maxsize)(fn)
        _memoized[_key(fn)] = cached
        return cached  # type: ignore[return-value]

    return decorate


def register(clear: Callable[[], None]) -> Callable[[], None]:
    """Register the function that empties a cache that is not a :func:`memoize` (a dict memo,
    a loaded model), so that :func:`clear_caches` calls it.

    Parameters
    ----------
    clear : callable
        Takes no arguments and empties the cache; a named function, so that a reloaded
        module replaces it instead of registering it twice.

    Returns
    -------
    callable
        ``clear`` itself, so that ``register`` can be used as a decorator.
    """
    _clearers[_key(clear)] = clear
    return clear


def memoized() -> tuple[Callable[..., Any], ...]:
    """The functions registered by :func:`memoize` so far (of the modules imported so far).

    Returns
    -------
    tuple of callable
        In the order they were declared; each has ``cache_info`` and ``cache_clear``.
    """
    return tuple(_memoized.values())


def clear_caches() -> None:
    """Empty every registered cache: the :func:`memoize` functions and the :func:`register`
    ones.

    The next call of a cached function computes its value again (the word lists are opened
    again, a model is loaded again); results do not change.
    """
    for fn in list(_memoized.values()):
        fn.cache_clear()
    for clear in list(_clearers.values()):
        clear()
