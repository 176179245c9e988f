"""Reading raw bytes safely: size limits, ZIP-bomb checks, text encoding, file kinds."""

from __future__ import annotations

import fnmatch
import re
import unicodedata
import zipfile
from collections.abc import Mapping
from pathlib import Path, PurePosixPath

from pinneberg_analysis.core.errors import InputError

TABLE_SUFFIXES = (".csv", ".tsv", ".tab", ".xlsx", ".xlsm", ".json", ".zip")
NOTES_SUFFIXES = (".md", ".markdown", ".txt", ".text", ".docx")
ACCEPTED = TABLE_SUFFIXES + NOTES_SUFFIXES
ACCEPTED_TEXT = (
    "CSV (.csv, .tsv), Excel (.xlsx, .xlsm), JSON (.json), ZIP mit CSV/JSON (.zip), "
    "Markdown (.md), Text (.txt) oder Word (.docx)"
)

_MAGIC = {
    b"PK\x03\x04": "ein ZIP-Container (eine XLSX- oder DOCX-Datei mit falscher Endung?)",
    b"%PDF": "ein PDF-Dokument",
    b"\xd0\xcf\x11\xe0": "eine alte binäre Office-Datei (.xls oder .doc)",
    b"\x89PNG": "ein PNG-Bild",
    b"\xff\xd8\xff": "ein JPEG-Bild",
    b"\x1f\x8b": "ein gzip-Archiv",
}
_MAX_ZIP_MEMBERS = 10_000
# Control characters that do not occur in text files (tab, newlines, form feed do).
_MOJIBAKE = re.compile("\u00c3[\u00a4\u00b6\u00bc\u0178\u201e\u2013\u0153\u00a9]")
_BINARY = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def check_size(path: Path, name: str, max_bytes: int) -> None:
    """Refuse a file larger than ``max_bytes`` (or one that cannot be opened)."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InputError(f"die Datei lässt sich nicht lesen: {exc.strerror or exc}", file=name) from exc
    if size > max_bytes:
        raise InputError(
            f"die Datei hat {size / 1e6:.1f} MB, mehr als die Grenze von "
            f"{max_bytes / 1e6:.1f} MB",
            file=name,
            hint="die Datei aufteilen oder in der Konfiguration ingest.max_file_mb erhöhen.",
        )


def read_bytes(path: Path, name: str, max_bytes: int) -> bytes:
    """Read a whole file, refusing files over ``max_bytes``.

    Raises
    ------
    InputError
        When the file is too large or cannot be opened.
    """
    check_size(path, name, max_bytes)
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InputError(f"die Datei lässt sich nicht lesen: {exc.strerror or exc}", file=name) from exc


def check_zip(path: Path, name: str, max_bytes: int, expected: str) -> None:
    """Refuse a broken ZIP container, or one that would unpack to more than ``max_bytes``.

    Parameters
    ----------
    path : Path
        The XLSX or DOCX file.
    name : str
        The name shown in messages.
    max_bytes : int
        Limit for the sum of the uncompressed member sizes (ZIP-bomb guard).
    expected : str
        What the file should be, e.g. ``"eine Excel-Arbeitsmappe (.xlsx)"``.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError,
            NotImplementedError, RuntimeError) as exc:  # NotImplementedError: zip version
        raise InputError(
            f"erwartet war {expected}, aber die Datei ist kein gültiger ZIP-Container ({exc})",
            file=name,
            hint="die Datei in ihrem Programm öffnen und erneut in diesem Format speichern.",
        ) from exc
    total = sum(max(info.file_size, 0) for info in infos)
    if len(infos) > _MAX_ZIP_MEMBERS or total > max_bytes:
        raise InputError(
            f"erwartet war {expected}, aber sie würde zu {total / 1e6:.1f} MB in "
            f"{len(infos)} Teilen entpackt (Grenze {max_bytes / 1e6:.1f} MB); als mögliche "
            "ZIP-Bombe abgelehnt",
            file=name,
            hint="prüfen, woher die Datei stammt; ist sie echt, in der Konfiguration "
            "ingest.max_file_mb erhöhen.",
        )


def decode_text(data: bytes, name: str) -> tuple[str, str]:
    """Decode the bytes of a text file.

    Tries a byte-order mark, then strict UTF-8, then strict cp1252, then
    charset-normalizer's best guess, then latin-1.

    Parameters
    ----------
    data : bytes
        The file's content.
    name : str
        The file name for messages.

    Returns
    -------
    text : str
        The decoded text (NFC-normalised; no BOM).
    encoding : str
        The encoding used.

    Raises
    ------
    InputError
        When the bytes are not text (binary data, another file format).
    """
    if data.startswith(b"\xef\xbb\xbf"):
        text, enc = _strict(data, "utf-8-sig", name), "utf-8-sig"
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text, enc = _strict(data, "utf-16", name), "utf-16"
    else:
        for magic, what in _MAGIC.items():
            if data.startswith(magic):
                raise InputError(
                    f"erwartet war eine Textdatei, aber der Inhalt ist {what}",
                    file=name,
                    hint=f"der Datei ihre richtige Endung geben; angenommen werden {ACCEPTED_TEXT}.",
                )
        text, enc = _guess(data, name)
    _refuse_binary(text, name)
    return unicodedata.normalize("NFC", text), enc


def _strict(data: bytes, encoding: str, name: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(
            f"die Datei beginnt mit einer {encoding}-Bytereihenfolge-Markierung (BOM), ist aber "
            f"kein gültiges {encoding} (Byte {exc.start})",
            file=name,
            hint="die Datei erneut als 'CSV UTF-8' (oder reinen UTF-8-Text) speichern.",
        ) from exc


def _guess(data: bytes, name: str) -> tuple[str, str]:
    if b"\x00" in data[:4096]:
        head = data[:4096]
        # UTF-16 without a BOM: every other byte is NUL.
        if head[1::2].count(0) > 0.4 * len(head[1::2]):
            return data.decode("utf-16-le", errors="replace"), "utf-16-le"
        if head[0::2].count(0) > 0.4 * len(head[0::2]):
            return data.decode("utf-16-be", errors="replace"), "utf-16-be"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        text = None
    if text is not None:
        # Mostly UTF-8 with a few broken bytes reads as "Ã¼" in cp1252: keep it UTF-8.
        if len(_MOJIBAKE.findall(text)) > 2:
            return data.decode("utf-8", errors="replace"), "utf-8 (ungültige Bytes ersetzt)"
        return text, "cp1252"
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data[:200_000]).best()
        if best is not None and best.encoding:
            return data.decode(best.encoding, errors="replace"), best.encoding
    except (LookupError, ValueError, RuntimeError):  # pragma: no cover - library quirks
        pass
    return data.decode("latin-1"), "latin-1"


def _refuse_binary(text: str, name: str) -> None:
    sample = text[:100_000]
    if not sample:
        return
    bad = len(_BINARY.findall(sample))
    if bad > max(2, 0.01 * len(sample)):
        raise InputError(
            f"erwartet war eine Textdatei, aber ihr Anfang enthält {bad} Steuer- oder "
            "NUL-Zeichen: das sieht nach Binärdaten aus",
            file=name,
            hint=f"prüfen, ob es die richtige Datei ist; angenommen werden {ACCEPTED_TEXT}.",
        )


def source_kind(
    source_file: str,
    root_name: str,
    patterns: Mapping[str, str],
    *,
    is_notes: bool,
) -> str:
    """The kind of source (``workshop``, ``forum``, ``online``, ``other``) of a file.

    Config glob patterns win; then the file's own name, then its folders (nearest
    first, including the folder that was given); then notes readers give ``workshop``.

    Examples
    --------
    >>> source_kind("online/export.csv", "sample", {}, is_notes=False)
    'online'
    >>> source_kind("protokoll-r1.md", "daten", {}, is_notes=True)
    'workshop'
    """
    posix = PurePosixPath(source_file)
    for pattern, kind in sorted(patterns.items()):
        if fnmatch.fnmatchcase(source_file, pattern) or posix.match(pattern):
            return kind
    names = [posix.stem, *reversed(posix.parent.parts), root_name]
    for raw in names:
        kind = _kind_from_name(raw)
        if kind:
            return kind
    return "workshop" if is_notes else "other"


def _kind_from_name(raw: str) -> str | None:
    name = raw.lower().replace("ü", "ue")
    if "workshop" in name or name in {"notes", "notizen", "protokoll", "protokolle"}:
        return "workshop"
    if "forum" in name:
        return "forum"
    if any(word in name for word in ("online", "plattform", "platform", "idee")):
        return "online"
    return None


def is_skipped(name: str) -> str | None:
    """Why a file is skipped (README, LICENSE, hidden, ``_`` prefix), or None."""
    if name.startswith("."):
        return "versteckte Datei"
    if name.startswith("_"):
        return "Name beginnt mit '_'"
    if name.upper().startswith(("README", "LICENSE", "LICENCE")):
        return "README-/LICENSE-Datei"
    if name.startswith("~$"):
        return "Office-Sperrdatei"
    return None
