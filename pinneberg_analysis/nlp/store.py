"""An on-disk cache of the derived German word lists, read lazily word by word.

Building the word lists of :mod:`~pinneberg_analysis.nlp.lexicon` from ``spacy-lookups-data``
(355,000 forms) and ``german-nouns`` (100,000 nouns) is slow and needs much memory. They
are built once into an SQLite file and later processes only open it and look up the words
their texts contain (each word is read once and then kept in memory). What this saves is
measured in ``benchmarks/RESULTS.md`` (clustering speed).

* **Where**: ``$PINNEBERG_ANALYSIS_CACHE_DIR`` if set, else the user cache directory
  (``platformdirs`` when installed, else ``$XDG_CACHE_HOME`` or ``~/.cache``) under
  ``pinneberg-analysis``.
* **Which file**: the name holds a hash of the versions of the packages the lists come from
  and of the code that builds them (passed in by the caller), so a new version builds anew.
* **Safe**: the file is written under a temporary name and renamed into place atomically;
  readers open it read-only, so concurrent processes never see a half-written file. When the
  directory cannot be written, the lists are built into an in-memory database instead.

Nothing happens at import time.
"""

from __future__ import annotations

import gc
import hashlib
import logging
import os
import sqlite3
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Set
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from pinneberg_analysis.core.stagecache import (  # noqa: F401 (one cache folder)
    CACHE_ENV,
    cache_dir,
    installed_version,
)

logger = logging.getLogger(__name__)

#: Bump when the file layout changes.
SCHEMA = 1

#: Packages whose versions key the cache.
SOURCE_PACKAGES = ("spacy-lookups-data", "german-nouns", "spacy")

#: Value columns of a word's record, in order after the flags.
COLUMNS = ("lower", "upper", "noun", "display", "sg", "pl", "genus")

#: Cache files of other versions and left-over temporary files older than this are removed.
STALE_SECONDS = 30 * 24 * 3600

#: Set memberships, stored as bits of the record's first field.
FLAGS = {"verbs": 1, "known": 2, "closed": 4, "plural_forms": 8, "stems": 16, "names": 32, "stop": 64}

_MISSING = object()


def cache_key(code: bytes) -> str:
    """A short hash of the schema, the source package versions and the building ``code``."""
    digest = hashlib.sha256(f"schema {SCHEMA}\n".encode())
    for name in SOURCE_PACKAGES:
        digest.update(f"{name} {installed_version(name)}\n".encode())
    digest.update(code)
    return digest.hexdigest()[:16]


class Tables:
    """The word lists to store: folded word -> value per column, and sets per flag.

    Attributes
    ----------
    values : dict of str to dict
        For each name in :data:`COLUMNS`, a mapping folded word -> string.
    sets : dict of str to set
        For each name in :data:`FLAGS`, a set of folded words.
    lemmas : dict of str to str
        The raw lookup table (form as written -> lemma as written) for the lemmatizer.
    """

    def __init__(self, values: dict[str, Mapping[str, str]], sets: dict[str, Iterable[str]],
                 lemmas: Mapping[str, str]) -> None:
        self.values = values
        self.sets = sets
        self.lemmas = lemmas


_SEP, _NONE = "\x1f", "\x1e"  # field separator and "no value" inside a stored record


def _write(conn: sqlite3.Connection, tables: Tables, key: str) -> None:
    """Write ``tables`` into an empty database (one packed text record per word)."""
    flags: dict[str, int] = {}
    for name, bit in FLAGS.items():
        for word in tables.sets[name]:
            flags[word] = flags.get(word, 0) | bit
    empty = [_NONE] * len(COLUMNS)
    values: dict[str, list[str]] = {}
    for i, column in enumerate(COLUMNS):
        for word, value in tables.values[column].items():
            if _SEP in value or _NONE in value:
                raise ValueError(f"word list value {value!r} contains a control character")
            record = values.get(word)
            if record is None:
                record = values[word] = empty.copy()
            record[i] = value
    words = sorted(set(flags).union(values))
    rows = ((w, _SEP.join([str(flags.get(w, 0)), *values.get(w, empty)])) for w in words)
    conn.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
    conn.execute("CREATE TABLE lex (k TEXT PRIMARY KEY, v TEXT) WITHOUT ROWID")
    conn.execute("CREATE TABLE lemma (k TEXT PRIMARY KEY, v TEXT) WITHOUT ROWID")
    conn.executemany("INSERT INTO lex VALUES (?, ?)", rows)
    conn.executemany("INSERT INTO lemma VALUES (?, ?)", sorted(tables.lemmas.items()))
    conn.execute("INSERT INTO meta VALUES ('key', ?)", (key,))
    conn.commit()


def _unpack(value: str) -> tuple:
    fields = value.split(_SEP)
    return (int(fields[0]), *(None if f == _NONE else f for f in fields[1:]))


class LexiconStore:
    """Read access to a built word-list database; every looked-up word is remembered.

    Use :func:`open_store` to get one. :meth:`column` and :meth:`flag` give dict- and
    set-like views (``in``, ``get``, ``[]``, iteration) for the word lists.
    """

    def __init__(self, connect: Callable[[], sqlite3.Connection], path: Path | None) -> None:
        self._connect = connect
        self.path = path  # None for an in-memory database
        self._conn: sqlite3.Connection | None = None
        self._pid = -1
        self._lock = threading.Lock()
        self.records: dict[str, tuple | None] = {}
        self.lemmas: dict[str, str] = {}

    def _connection(self) -> sqlite3.Connection:
        if self._conn is None or (self.path is not None and self._pid != os.getpid()):
            self._conn = self._connect()  # a forked child opens its own connection
            self._pid = os.getpid()
        return self._conn

    def _query(self, sql: str, key: str) -> Any:
        try:
            with self._lock:
                return self._connection().execute(sql, (key,)).fetchone()
        except UnicodeEncodeError:  # lone surrogates cannot be a word of the lists
            return None

    def record(self, word: str) -> tuple | None:
        """``(flags, lower, upper, noun, display, sg, pl, genus)`` of a folded word, or None."""
        found = self.records.get(word, _MISSING)
        if found is _MISSING:
            row = self._query("SELECT v FROM lex WHERE k = ?", word)
            found = None if row is None else _unpack(row[0])
            self.records[word] = found
        return found  # type: ignore[return-value]

    def lemma(self, form: str) -> str:
        """The lookup table's lemma of a form as written, or the form itself (spaCy's rule)."""
        found = self.lemmas.get(form)
        if found is None:
            row = self._query("SELECT v FROM lemma WHERE k = ?", form)
            found = form if row is None else row[0]
            self.lemmas[form] = found
        return found

    def scan(self) -> Iterator[tuple[str, tuple]]:
        """All ``(word, record)`` pairs in word order (for iterating over a view)."""
        with self._lock:
            rows = self._connection().execute("SELECT k, v FROM lex ORDER BY k").fetchall()
        return ((k, _unpack(v)) for k, v in rows)

    def column(self, name: str) -> ColumnView:
        """A read-only mapping folded word -> value of one of :data:`COLUMNS`."""
        return ColumnView(self, 1 + COLUMNS.index(name))

    def flag(self, name: str) -> FlagView:
        """A read-only set of the folded words with one of :data:`FLAGS`."""
        return FlagView(self, FLAGS[name])


class ColumnView(Mapping[str, str]):
    """Dict-like view of one value column of a :class:`LexiconStore`."""

    __slots__ = ("_store", "_i")

    def __init__(self, store: LexiconStore, index: int) -> None:
        self._store = store
        self._i = index

    def get(self, key: str, default: Any = None) -> Any:
        rec = self._store.records.get(key, _MISSING)
        if rec is _MISSING:
            rec = self._store.record(key)
        if rec is None or rec[self._i] is None:
            return default
        return rec[self._i]

    def __getitem__(self, key: str) -> str:
        value = self.get(key, _MISSING)
        if value is _MISSING:
            raise KeyError(key)
        return value

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self.get(key) is not None

    def __iter__(self) -> Iterator[str]:
        return (k for k, rec in self._store.scan() if rec[self._i] is not None)

    def __len__(self) -> int:
        return sum(1 for _ in self)


class FlagView(Set[str]):
    """Set-like view of the words of a :class:`LexiconStore` that carry one flag."""

    __slots__ = ("_store", "_bit")

    def __init__(self, store: LexiconStore, bit: int) -> None:
        self._store = store
        self._bit = bit

    def __contains__(self, key: object) -> bool:
        if not isinstance(key, str):
            return False
        rec = self._store.records.get(key, _MISSING)
        if rec is _MISSING:
            rec = self._store.record(key)
        return rec is not None and bool(rec[0] & self._bit)

    def __iter__(self) -> Iterator[str]:
        return (k for k, rec in self._store.scan() if rec[0] & self._bit)

    def __len__(self) -> int:
        return sum(1 for _ in self)


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector (restored afterwards if it was on)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _open_file(path: Path) -> sqlite3.Connection:
    uri = f"{path.resolve().as_uri()}?mode=ro&immutable=1"
    return sqlite3.connect(uri, uri=True, check_same_thread=False)


def _valid(path: Path, key: str) -> bool:
    try:
        conn = _open_file(path)
        try:
            row = conn.execute("SELECT value FROM meta WHERE key = 'key'").fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        return False
    return row is not None and row[0] == key


def _prune(directory: Path, keep: Path) -> None:
    """Remove cache files of other versions and temporary files not touched for a month."""
    now = time.time()
    for old in directory.glob("lexicon-*"):
        try:
            if old != keep and now - old.stat().st_mtime > STALE_SECONDS:
                old.unlink()  # a process still reading it keeps its open file
        except OSError:
            pass


def open_store(build: Callable[[], Tables], code: bytes, directory: Path | None = None) -> LexiconStore:
    """Open the cached word lists, building and saving them first if needed.

    Parameters
    ----------
    build : callable
        Returns the :class:`Tables` to store; called only when no valid cache file exists.
    code : bytes
        The source of the building code; part of the cache key.
    directory : Path, optional
        Cache directory (default :func:`cache_dir`).

    Returns
    -------
    LexiconStore
        Backed by the cache file, or by an in-memory database when it cannot be written.
    """
    key = cache_key(code)
    directory = cache_dir() if directory is None else directory
    path = directory / f"lexicon-{key}.sqlite"
    if path.is_file() and _valid(path, key):
        return LexiconStore(lambda: _open_file(path), path)
    with _gc_paused():  # millions of new objects: collecting in between only costs time
        tables = build()
    tmp = None
    try:
        directory.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=path.stem + ".", suffix=".tmp", dir=directory)
        os.close(fd)
        conn = sqlite3.connect(tmp)
        try:
            conn.execute("PRAGMA journal_mode = OFF")
            conn.execute("PRAGMA synchronous = OFF")
            with _gc_paused():
                _write(conn, tables, key)
        finally:
            conn.close()
        os.replace(tmp, path)  # atomic: readers see the old state or the whole new file
        tmp = None
        logger.info("built the word-list cache %s", path)
        _prune(directory, keep=path)
        return LexiconStore(lambda: _open_file(path), path)
    except OSError as exc:
        logger.warning("Der Wortlisten-Zwischenspeicher in %s ist nicht beschreibbar (%s); die Wortlisten "
                       "werden im Speicher aufgebaut (langsamer).", directory, exc)
    except sqlite3.Error as exc:
        logger.warning("Der Wortlisten-Zwischenspeicher %s ist nicht beschreibbar (%s); die Wortlisten "
                       "werden im Speicher aufgebaut (langsamer).", path, exc)
    finally:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
    memory = sqlite3.connect(":memory:", check_same_thread=False)
    with _gc_paused():
        _write(memory, tables, key)
    return LexiconStore(lambda: memory, None)
