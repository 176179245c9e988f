r"""Read a participation process: tables, workshop notes and expert ratings -> validated tables.

The known measures that seed the clustering are read here too (:func:`load_known_measures`).
``load("data/sample")`` reads the sample process of the repository; any folder or list of
files works the same way.

Examples
--------
>>> import tempfile
>>> from pathlib import Path
>>> from pinneberg_analysis.ingest import load
>>> with tempfile.TemporaryDirectory() as folder:
...     table = Path(folder) / "online.csv"
...     _ = table.write_text("Handlungsfeld;Beitrag\nMobilität;Mehr Radwege am Bahnhof\n",
...                          encoding="utf-8")
...     result = load(folder)
>>> result.contributions[["field", "text"]].values.tolist()
[['Mobilität', 'Mehr Radwege am Bahnhof']]
>>> len(result.rejected), len(result.ratings), result.files["status"].tolist()
(0, 0, ['read'])
"""

from __future__ import annotations

import hashlib
import logging
import os
import stat
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache, partial
from pathlib import Path
from typing import Any

import pandas as pd

from pinneberg_analysis.core.config import FieldsConfig, IngestConfig, section
from pinneberg_analysis.core.errors import InputError
from pinneberg_analysis.core.fields import FIELDS, canonical_field, unknown_field_hint
from pinneberg_analysis.core.outdir import is_output_folder
from pinneberg_analysis.core.schema import (
    contributions_schema,
    files_schema,
    ratings_schema,
    rejected_schema,
    validate,
)
from pinneberg_analysis.ingest.archives import read_json, read_zip
from pinneberg_analysis.ingest.assemble import FileOutcome, build_tables
from pinneberg_analysis.ingest.detect import (
    ACCEPTED,
    ACCEPTED_TEXT,
    check_size,
    is_skipped,
    source_kind,
)
from pinneberg_analysis.ingest.known import load_known_measures
from pinneberg_analysis.ingest.layout import check_format
from pinneberg_analysis.ingest.notes import read_notes
from pinneberg_analysis.ingest.notices import loud_lines, recognition_lines, unmapped_categories
from pinneberg_analysis.ingest.platforms import format_names
from pinneberg_analysis.ingest.records import ReadOptions
from pinneberg_analysis.ingest.spreadsheets import read_csv, read_xlsx
from pinneberg_analysis.ingest.wordfile import read_docx

__all__ = ["IngestResult", "format_names", "load", "load_known_measures"]

logger = logging.getLogger(__name__)

_READERS = {
    ".csv": read_csv, ".tsv": read_csv, ".tab": read_csv,
    ".xlsx": read_xlsx, ".xlsm": read_xlsx,
    ".md": read_notes, ".markdown": read_notes, ".txt": read_notes, ".text": read_notes,
    ".docx": read_docx,
    ".json": read_json, ".zip": read_zip,
}
_RATING_WORDS = ("bewertung", "rating", "expert")


@dataclass
class IngestResult:
    """What :func:`load` read.

    Attributes
    ----------
    contributions : DataFrame
        One row per accepted contribution (``docs/contracts.md``).
    rejected : DataFrame
        Every row that was read but not accepted, with reason and hint.
    ratings : DataFrame
        Expert ratings in long format.
    files : DataFrame
        One row per input file: kind, status, counts, checksum, message.
    errors : list of InputError
        One per file that could not be read (the other files were still read). An error
        whose ``internal`` attribute is True comes from a reader bug, not from the file.
    recognised : list of str
        German lines ``Datei: ...`` saying which platform export a table was read as, which
        columns were never copied, and which columns were taken by content or the config.
    warnings : list of str
        German lines to show loudly: files whose rows were (nearly) all rejected for one
        reason, with the fix; platform categories that map to no field, and how to map them.
    """

    contributions: pd.DataFrame
    rejected: pd.DataFrame
    ratings: pd.DataFrame
    files: pd.DataFrame
    errors: list[InputError] = field(default_factory=list)
    recognised: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def load(
    paths: str | Path | Sequence[str | Path],
    *,
    field: str | None = None,
    config: IngestConfig | Mapping[str, Any] | None = None,
    fields: FieldsConfig | Mapping[str, Any] | None = None,
    format: str | None = None,
    exclude: Sequence[str | Path] = (),
) -> IngestResult:
    """Read input files and folders into validated tables.

    Parameters
    ----------
    paths : str, Path or sequence of them
        Files, or folders read recursively (files in sorted order). ``README*``,
        ``LICENSE*``, hidden files and names starting with ``_`` are skipped (and listed),
        and so are the package's own output folders (they hold its marker file), anything
        that is not a regular file (FIFOs, devices, sockets; a symbolic link is followed
        only to a regular file, and the file list says so) and broken links.
    field : str, optional
        Field of action for rows whose file names none (like ``--field``); overrides
        ``config.default_field``.
    config : IngestConfig or dict, optional
        The ``[ingest]`` settings (default field, source kinds, size limit).
    fields : FieldsConfig or dict, optional
        The ``[fields]`` settings (extra fields of action and spellings).
    format : str, optional
        Read every table as this platform's export (``--format``; see
        :func:`format_names`); overrides ``config.format``. By default each table's
        format is recognised from its header.
    exclude : sequence of paths
        Folders that are never read, e.g. the run's ``--out`` folder (listed as skipped).

    Returns
    -------
    IngestResult
        Contributions, rejected rows, ratings, a per-file summary and the file errors.

    Raises
    ------
    InputError
        When a path does not exist, ``field`` is not a known field or ``format`` not a
        known format. Problems inside
        files never raise: they are listed in ``rejected``, ``files`` and ``errors``.
    """
    config = section(config, IngestConfig)
    fields = section(fields, FieldsConfig)
    canon = lru_cache(maxsize=4096)(partial(
        canonical_field, aliases=fields.aliases, extra_fields=fields.extra))
    default = _default_field(field or config.default_field, canon)
    forced = format or config.format
    check_format(forced)
    max_bytes = int(config.max_file_mb * 1_000_000)
    outcomes: list[FileOutcome] = []
    errors: list[InputError] = []
    excluded = frozenset(Path(p).resolve() for p in exclude)
    for entry in _collect(paths, excluded):
        outcome, error = _read_one(entry, canon, max_bytes, config, forced)
        outcomes.append(outcome)
        if error is not None:
            errors.append(error)
    contributions, rejected, ratings, files = build_tables(outcomes, canon, default)
    accepted_fields = [*FIELDS, *fields.extra]
    return IngestResult(
        contributions=validate(contributions, contributions_schema(accepted_fields),
                               "contributions"),
        rejected=validate(rejected, rejected_schema(), "rejected"),
        ratings=validate(ratings, ratings_schema(), "ratings"),
        files=validate(files, files_schema(), "files"),
        errors=errors,
        recognised=recognition_lines(outcomes),
        warnings=_warnings(files, rejected),
    )


def _warnings(files: pd.DataFrame, rejected: pd.DataFrame) -> list[str]:
    """Loud lines first; the unmapped categories of the files without one."""
    loud = loud_lines(files, rejected)
    flagged = {line.split(": ", 1)[0] for line in loud}
    return loud + [line for line in unmapped_categories(rejected)
                   if line.split(": ", 1)[0] not in flagged]


def _default_field(name: str | None, canon) -> str | None:
    if name is None:
        return None
    found = canon(name)
    if found is None:
        raise InputError(f"--field {name!r} ist kein bekanntes Handlungsfeld",
                         hint=unknown_field_hint())
    return found


@dataclass(frozen=True)
class _Entry:
    path: Path
    source_file: str
    root_name: str
    skip: str | None = None
    link: str | None = None


def _collect(paths: str | Path | Sequence[str | Path],
             excluded: frozenset[Path] = frozenset()) -> list[_Entry]:
    """Every file to read (or to list as skipped), in a deterministic order."""
    if isinstance(paths, (str, Path)):
        paths = [paths]
    entries: list[_Entry] = []
    seen_files: set[Path] = set()
    used_names: set[str] = set()
    for given in paths:
        root = Path(given)
        if not root.exists():
            raise InputError(f"{root} gibt es nicht", file=str(root),
                             hint="den Pfad prüfen (eine Datei oder ein Ordner mit Eingabedateien).")
        own = _own_output(root, excluded)
        if own is not None:
            found = [_Entry(root, root.name + ("/" if root.is_dir() else ""),
                            root.resolve().parent.name, own)]
        elif not root.is_dir():
            name = root.name if root.name not in used_names else root.as_posix()
            found = [_file_entry(root, name, root.resolve().parent.name)]
        else:
            found = _walk(root, excluded)
        for entry in found:
            resolved = entry.path.resolve()
            if resolved in seen_files:
                continue
            seen_files.add(resolved)
            used_names.add(entry.source_file)
            entries.append(entry)
    return entries


def _own_output(path: Path, excluded: frozenset[Path], *, parents: bool = True) -> str | None:
    """Why ``path`` is never read: it is (inside) the --out folder or an output folder."""
    resolved = path.resolve()
    if any(resolved == ex or ex in resolved.parents for ex in excluded):
        return "Ausgabeordner dieses Laufs (--out), wird nie als Eingabe gelesen"
    for folder in (resolved, *resolved.parents) if parents else (resolved,):
        if folder.is_dir() and is_output_folder(folder):
            return ("von pinneberg-analysis geschriebener Ausgabeordner, wird nie als "
                    "Eingabe gelesen")
    return None


def _file_entry(path: Path, source_file: str, root_name: str) -> _Entry:
    """An entry for one file: skipped unless it is (a link to) a regular file."""
    reason = is_skipped(path.name)
    link = None
    if path.is_symlink():
        try:
            link = os.readlink(path)
        except OSError:
            link = "?"
    if reason is None:
        try:
            mode = path.stat().st_mode
        except OSError:
            mode = None
        if mode is None:
            reason = f"Verknüpfung ins Leere (Ziel {link} fehlt)" if link else "nicht lesbar"
        elif not stat.S_ISREG(mode):
            what = ("eine Pipe (FIFO)" if stat.S_ISFIFO(mode) else
                    "ein Gerät" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else
                    "ein Socket" if stat.S_ISSOCK(mode) else "keine Datei")
            via = f" (Verknüpfung auf {link})" if link else ""
            reason = f"keine reguläre Datei, sondern {what}{via}; nur Dateien werden gelesen"
    return _Entry(path, source_file, root_name, reason, link)


def _walk(root: Path, excluded: frozenset[Path] = frozenset()) -> list[_Entry]:
    out: list[_Entry] = []
    for current, dirs, files in os.walk(root, followlinks=False):
        base = Path(current)
        keep = []
        for name in sorted(dirs):
            reason = is_skipped(name) or _own_output(base / name, excluded, parents=False)
            if (base / name).is_symlink() and reason is None:
                reason = "Verknüpfung auf einen Ordner, wird nicht verfolgt"
            if reason is None:
                keep.append(name)
            else:
                rel = (base / name).relative_to(root).as_posix()
                out.append(_Entry(base / name, rel + "/", root.name, f"folder: {reason}"))
        dirs[:] = keep
        for name in sorted(files):
            path = base / name
            rel = path.relative_to(root).as_posix()
            out.append(_file_entry(path, rel, root.resolve().name))
    return sorted(out, key=lambda e: e.source_file)


def _read_one(entry: _Entry, canon, max_bytes: int, config: IngestConfig,
              forced: str | None = None) -> tuple[
    FileOutcome, InputError | None
]:
    suffix = entry.path.suffix.lower()
    if entry.skip:
        return FileOutcome(entry.source_file, suffix.lstrip(".") or "folder", "skipped",
                           message=f"übersprungen: {entry.skip}"), None
    kind = suffix.lstrip(".") or "unknown"
    try:  # the size first: nothing is read of a file over the limit
        check_size(entry.path, entry.source_file, max_bytes)
    except InputError as error:
        return FileOutcome(entry.source_file, kind, "failed", message=str(error)), error
    digest = _sha256(entry.path, max_bytes)
    if suffix not in ACCEPTED:
        error = InputError(
            f"Dateityp {suffix or '(ohne Endung)'!r} wird nicht unterstützt; angenommen werden "
            f"{ACCEPTED_TEXT}",
            file=entry.source_file,
            hint="die Datei umwandeln (z. B. eine .xls als .xlsx, ein .pdf als Text speichern), "
            "sie aus dem Eingabeordner nehmen oder sie so umbenennen, dass ihr Name mit '_' "
            "beginnt; dann wird sie übersprungen.",
        )
        return FileOutcome(entry.source_file, kind, "failed", sha256=digest,
                           message=str(error)), error
    lowered = entry.source_file.lower()
    options = ReadOptions(canon=canon, max_bytes=max_bytes,
                          ratings_by_name=any(w in lowered for w in _RATING_WORDS),
                          format=forced, columns=dict(config.columns))
    try:
        read = _READERS[suffix](entry.path, entry.source_file, options)
    except InputError as error:
        logger.warning("%s", error)
        return FileOutcome(entry.source_file, kind, "failed", sha256=digest,
                           message=str(error)), error
    except Exception as exc:  # a reader bug must not lose the other files
        logger.debug("reader crashed on %s", entry.source_file, exc_info=True)
        error = _internal(entry, exc)
        return FileOutcome(entry.source_file, kind, "failed", sha256=digest,
                           message=str(error)), error
    if read.ratings or read.rating_rejects:
        kind = "ratings" if not read.items else kind
    skind = source_kind(entry.source_file, entry.root_name, config.source_kinds,
                        is_notes=read.is_notes)
    logger.info("read %s: %d rows, %d ratings", entry.source_file, len(read.items),
                len(read.ratings))
    notes = [*([f"gelesen über die Verknüpfung auf {entry.link}"] if entry.link else []),
             *read.notes]
    return FileOutcome(entry.source_file, kind, "read", source_kind=skind, sha256=digest,
                       read=read, message="; ".join(notes)), None


def _internal(entry: _Entry, exc: BaseException) -> InputError:
    error = InputError(
        f"die Datei konnte nicht gelesen werden ({type(exc).__name__}: {str(exc)[:200]})",
        file=entry.source_file,
        hint="prüfen, ob sich die Datei in ihrem Programm öffnen lässt, und sie erneut "
        "speichern; lässt sie sich öffnen, bitte dies mit der Datei als Fehler melden.",
    )
    error.internal = True
    return error


def _sha256(path: Path, max_bytes: int) -> str | None:
    """The file's checksum; None for anything but a regular file of at most ``max_bytes``.

    Opened without blocking and checked on the open handle, so a file swapped for a FIFO
    or a device after the size check cannot make the run wait or read forever.
    """
    digest = hashlib.sha256()
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > max_bytes:
            return None
        try:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
        except OSError:
            return None
    return digest.hexdigest()
