"""The package's own output folders: the marker, the ``--out`` checks, the atomic swap.

Every folder the package writes (a report by ``report``, the tables of ``ingest``) holds a
marker file. The marker lets a re-run replace the folder, lets ``ingest`` and ``report``
recognise the folder so that it is never read as input, and tells a report folder from an
ingest folder. A folder is built next to its target (``.NAME.neu-*``, same file system)
and swapped in with one atomic step; staging folders left by killed runs are removed by
the next run.

Examples
--------
>>> import tempfile
>>> from pathlib import Path
>>> with tempfile.TemporaryDirectory() as tmp:
...     out = Path(tmp) / "bericht"
...     check_out_folder(out, REPORT)          # new folder: fine
...     with staged_folder(out, REPORT) as staging:
...         _ = (staging / "index.html").write_text("<p>Bericht</p>")
...     sorted(p.name for p in out.iterdir()), output_kind(out)
(['.pinneberg-report', 'index.html'], 'bericht')
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import logging
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from pinneberg_analysis.core.errors import OutputError

log = logging.getLogger(__name__)

#: The marker file in every folder the package writes.
MARKER = ".pinneberg-report"
REPORT = "bericht"
INGEST = "einlesen"
_KIND_NAMES = {REPORT: "ein Berichtsordner ('report')", INGEST: "ein Tabellenordner ('ingest')"}
_MARKER_TEXT = (
    "Dieser Ordner wurde von pinneberg-analysis geschrieben und wird beim nächsten Lauf "
    "ersetzt.\nEr wird nie als Eingabe gelesen.\nArt: {kind}\n"
)
_STAGING = ".neu-"
_OLD = ".alt-"
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def output_kind(folder: str | Path) -> str | None:
    """The kind of output folder (``"bericht"`` or ``"einlesen"``), or None when unmarked.

    A marker without a kind line comes from an earlier version, which wrote only reports.
    """
    marker = Path(folder) / MARKER
    try:
        if not marker.is_file() or marker.is_symlink():
            return None
        text = marker.read_text(encoding="utf-8", errors="replace")[:2000]
    except OSError:
        return None
    for line in text.splitlines():
        if line.startswith("Art:"):
            kind = line.partition(":")[2].strip()
            return kind if kind in _KIND_NAMES else REPORT
    return REPORT


def is_output_folder(folder: str | Path) -> bool:
    """True for a folder the package wrote (it holds the marker file)."""
    return output_kind(folder) is not None


def write_marker(folder: str | Path, kind: str) -> Path:
    """Mark ``folder`` as an output folder of ``kind`` (``"bericht"`` or ``"einlesen"``)."""
    marker = Path(folder) / MARKER
    marker.write_text(_MARKER_TEXT.format(kind=kind), encoding="utf-8")
    return marker


def check_out_folder(out: str | Path, kind: str) -> None:
    """Refuse an ``--out`` folder that the run must not replace; call it before the analysis.

    Allowed are a new folder, an empty one, and one this package wrote as the same kind of
    output. Refused are a file, a symbolic link, a folder with other content (the user's
    files), a folder of the other kind (``ingest`` would replace a report's tables and leave
    its ``index.html``), and a place where nothing can be written.

    Raises
    ------
    OutputError
        In German, with what to do.
    """
    out = Path(out)
    if out.is_symlink() or (out.exists() and not out.is_dir()):
        raise OutputError(
            f"{out} gibt es schon, und es ist kein Ordner (sondern eine Datei oder eine "
            "Verknüpfung). So beheben: einen anderen --out-Ordner wählen."
        )
    if out.is_dir():
        found = output_kind(out)
        if found is None and _has_content(out):
            raise OutputError(
                f"{out} ist nicht leer und wurde nicht von pinneberg-analysis geschrieben; "
                "er wird nicht überschrieben. So beheben: einen neuen oder leeren "
                "--out-Ordner wählen."
            )
        if found is not None and found != kind:
            raise OutputError(
                f"{out} ist {_KIND_NAMES[found]}; dieser Lauf schreibt "
                f"{_KIND_NAMES[kind]} und würde ihn nur zum Teil ersetzen. So beheben: "
                "einen anderen --out-Ordner wählen."
            )
    _check_writable(out)


def _has_content(folder: Path) -> bool:
    return any(True for _ in folder.iterdir())


def _check_writable(out: Path) -> None:
    place = out if out.is_dir() else out.parent
    while not place.exists() and place != place.parent:
        place = place.parent
    if not place.is_dir():
        raise OutputError(
            f"{out} kann nicht angelegt werden: {place} ist kein Ordner. So beheben: einen "
            "anderen --out-Ordner wählen."
        )
    parent = out.parent if out.parent.exists() else place
    if not os.access(parent, os.W_OK | os.X_OK):
        raise OutputError(
            f"In {parent} darf nicht geschrieben werden (keine Schreibrechte oder ein "
            f"schreibgeschützter Datenträger), also auch nicht in {out}. So beheben: einen "
            "--out-Ordner wählen, in den Sie schreiben dürfen."
        )


@contextlib.contextmanager
def staged_folder(out: str | Path, kind: str) -> Iterator[Path]:
    """Build an output folder beside ``out`` and swap it in when the block succeeds.

    Yields the staging folder; on success the marker is written into it and it replaces
    ``out`` in one atomic step (the old folder stays in place until then, and is removed
    after). On any error the staging folder is removed and ``out`` is left as it was;
    a disk error becomes an :class:`OutputError` saying what to do.
    """
    out = Path(out)
    check_out_folder(out, kind)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        clean_stale(out)
        staging = Path(tempfile.mkdtemp(prefix=f".{out.name}{_STAGING}", dir=out.parent))
    except OSError as exc:
        raise disk_error(exc, out) from exc
    lock = _lock(staging)
    try:
        os.chmod(staging, 0o777 & ~_umask())
        yield staging
        write_marker(staging, kind)
        replace_folder(staging, out)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise disk_error(exc, out) from exc
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        os.close(lock)


def replace_folder(staging: Path, out: Path) -> None:
    """Put ``staging`` where ``out`` is, in one atomic step where the system allows it.

    On Linux both folders are exchanged with ``renameat2(RENAME_EXCHANGE)``: at every
    moment either the old or the new folder is at ``out``; the old one is then deleted.
    Elsewhere the old folder is renamed away first (``.NAME.alt-*``) and restored by the
    next run should this one be killed between the two renames (:func:`clean_stale`).
    """
    if not out.exists():
        os.rename(staging, out)
        return
    if _exchange(staging, out):
        shutil.rmtree(staging, ignore_errors=True)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{out.name}{_OLD}", dir=out.parent))
    old.rmdir()
    os.rename(out, old)
    try:
        os.rename(staging, out)
    except BaseException:
        os.rename(old, out)
        raise
    shutil.rmtree(old, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p,
                          ctypes.c_uint]
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False  # not supported here (system or file system): two renames instead
    raise OSError(code, os.strerror(code), str(b))


def clean_stale(out: str | Path) -> list[Path]:
    """Remove the staging folders that killed runs left beside ``out``.

    A staging folder is locked while its run is alive, so a concurrent run's folder is
    never touched. When ``out`` is missing but an old report folder that a killed run had
    renamed away is there, it is put back first.

    Returns
    -------
    list of Path
        The folders removed.
    """
    out = Path(out)
    removed: list[Path] = []
    if not out.parent.is_dir():
        return removed
    leftovers = sorted(p for p in out.parent.iterdir()
                       if p.name.startswith((f".{out.name}{_STAGING}", f".{out.name}{_OLD}"))
                       and p.is_dir() and not p.is_symlink())
    free = [p for p in leftovers if _unlocked(p)]
    if len(free) < len(leftovers):
        return removed  # another run is writing: leave everything to it
    if not out.exists():
        for old in free:
            if _OLD in old.name and is_output_folder(old):
                os.rename(old, out)
                log.warning("%s aus %s wiederhergestellt (ein früherer Lauf wurde unterbrochen)", out, old)
                free.remove(old)
                break
    for path in free:
        shutil.rmtree(path, ignore_errors=True)
        removed.append(path)
        log.info("%s entfernt, übrig von einem unterbrochenen Lauf", path)
    return removed


def _lock(folder: Path) -> int:
    fd = os.open(folder, os.O_RDONLY)
    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    return fd


def _unlocked(folder: Path) -> bool:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except OSError:
        return False
    finally:
        os.close(fd)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def disk_error(exc: OSError, out: str | Path) -> OutputError:
    """A German message for a failed write: what happened and what to do.

    Examples
    --------
    >>> import errno
    >>> print(disk_error(OSError(errno.ENOSPC, "No space left on device"), "bericht"))
    bericht konnte nicht geschrieben werden: der Datenträger ist voll. Der vorige Inhalt von bericht ist unverändert. So beheben: Platz schaffen (z. B. alte Berichte löschen) oder einen --out-Ordner auf einem anderen Datenträger wählen, dann erneut starten.
    """
    what = {
        errno.ENOSPC: ("der Datenträger ist voll",
                       "Platz schaffen (z. B. alte Berichte löschen) oder einen --out-Ordner "
                       "auf einem anderen Datenträger wählen"),
        errno.EDQUOT: ("das Speicherkontingent ist erschöpft",
                       "Platz schaffen oder einen --out-Ordner auf einem anderen Datenträger "
                       "wählen"),
        errno.EROFS: ("der Datenträger ist schreibgeschützt",
                      "einen --out-Ordner auf einem beschreibbaren Datenträger wählen"),
        errno.EACCES: ("keine Schreibrechte",
                       "einen --out-Ordner wählen, in den Sie schreiben dürfen, oder die "
                       "Rechte des Ordners ändern"),
        errno.EPERM: ("keine Schreibrechte",
                      "einen --out-Ordner wählen, in den Sie schreiben dürfen"),
    }.get(exc.errno or 0, (f"Fehler des Betriebssystems ({exc.strerror or exc})",
                           "prüfen, ob der Datenträger erreichbar ist und Platz hat"))
    return OutputError(
        f"{out} konnte nicht geschrieben werden: {what[0]}. Der vorige Inhalt von {out} ist "
        f"unverändert. So beheben: {what[1]}, dann erneut starten."
    )
