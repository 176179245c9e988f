"""JSON exports (Decidim, CONSUL, Miro's API) and ZIP archives of tables (Decidim open data).

A JSON file holding a list of records (or an object with such a list under ``data``,
``items``, ``results``, ...) is flattened to a table: nested keys joined with ``/``
(``title/de``), lists of values joined with ``"; "``; that table is then read like a CSV, so
the platform adapters and the column recognition apply. Miro's items JSON is turned into one
row per note. A ZIP archive is read member by member (CSV and JSON); a Decidim open-data
archive only by its proposals and proposal comments.
"""

from __future__ import annotations

import dataclasses
import json
import re
import zipfile
from collections.abc import Mapping
from pathlib import Path, PurePosixPath
from typing import Any

from pinneberg_analysis.core.errors import InputError
from pinneberg_analysis.ingest.detect import check_size, check_zip, decode_text, is_skipped, read_bytes
from pinneberg_analysis.ingest.platforms.miro import api_rows
from pinneberg_analysis.ingest.records import FileRead, ReadOptions
from pinneberg_analysis.ingest.spreadsheets import read_csv_into, read_table

_LIST_KEYS = ("data", "items", "results", "proposals", "records", "rows", "entries",
              "comments", "contributions")
_DECIDIM_MEMBER = re.compile(r"open-data-proposal(s|_comments)\.csv$")
_MAX_DEPTH = 8


def _flatten(value: Any, key: str, out: dict[str, Any], depth: int = 0) -> None:
    if isinstance(value, Mapping) and depth < _MAX_DEPTH:
        for sub, inner in value.items():
            _flatten(inner, f"{key}/{sub}" if key else str(sub), out, depth + 1)
    elif isinstance(value, list) and value and all(isinstance(v, Mapping) for v in value):
        parts: dict[str, list[str]] = {}
        for element in value:
            flat: dict[str, Any] = {}
            _flatten(element, key, flat, depth + 1)
            for sub, inner in flat.items():
                if inner not in (None, ""):
                    parts.setdefault(sub, []).append(str(inner))
        for sub, values in parts.items():
            out[sub] = "; ".join(values)
    elif isinstance(value, list):
        out[key] = "; ".join(str(v) for v in value if v not in (None, ""))
    elif isinstance(value, bool):
        out[key] = str(value).lower()
    else:
        out[key] = value


def _records(obj: Any) -> list[Mapping[str, Any]] | None:
    if isinstance(obj, list):
        return [r for r in obj if isinstance(r, Mapping)] or None
    if isinstance(obj, Mapping):
        for key in _LIST_KEYS:
            found = obj.get(key)
            if isinstance(found, list) and any(isinstance(r, Mapping) for r in found):
                return [r for r in found if isinstance(r, Mapping)]
    return None


def json_into(data: bytes, name: str, read: FileRead, options: ReadOptions, member: str = "") -> None:
    """Read the bytes of a JSON export into ``read``.

    Raises
    ------
    InputError
        When the bytes are no JSON, or hold no list of records.
    """
    text, _ = decode_text(data, name)
    where = f" ({member})" if member else ""
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"keine gültige JSON-Datei{where}: {exc.msg} in Zeile {exc.lineno}, Spalte {exc.colno}",
            file=name, hint="die Datei neu aus der Plattform exportieren (JSON), oder als CSV.",
        ) from exc
    label = (member + ", ") if member else ""
    context = (Path(member).stem, Path(name).stem) if member else (Path(name).stem,)
    board = api_rows(obj)
    if board is not None:
        header, rows = board
        forced = dataclasses.replace(options, format=options.format or "miro")
        read_table([(0, list(header)), *rows], read, forced,
                   locate=lambda n: f"{label}Eintrag {n}", context=context, where=member)
        return
    records = _records(obj)
    if not records:
        raise InputError(
            f"die JSON-Datei{where} enthält keine Liste von Einträgen",
            file=name,
            hint="erwartet wird eine Liste von Objekten (z. B. der JSON-Export von Decidim "
            "oder CONSUL) oder ein Objekt mit einer solchen Liste unter 'data'.",
        )
    flat_rows = []
    for record in records:
        flat: dict[str, Any] = {}
        _flatten(record, "", flat)
        flat_rows.append(flat)
    header = list(dict.fromkeys(k for row in flat_rows for k in row))
    rows = [(0, list(header))] + [(n, [row.get(k) for k in header])
                                  for n, row in enumerate(flat_rows, start=1)]
    if not read_table(rows, read, options, locate=lambda n: f"{label}Eintrag {n}",
                      context=context, where=member):
        raise InputError(
            f"in der JSON-Datei{where} ist kein Feld als Text erkennbar",
            file=name, hint="die Felder mit [ingest.columns] in der Config benennen, z. B. "
            "'body' = 'text'.")


def read_json(path: Path, name: str, options: ReadOptions) -> FileRead:
    """Read a JSON export (see the module docstring)."""
    read = FileRead(kind="json")
    json_into(read_bytes(path, name, options.max_bytes), name, read, options)
    return read


def read_zip(path: Path, name: str, options: ReadOptions) -> FileRead:
    """Read the tables in a ZIP archive (see the module docstring)."""
    check_size(path, name, options.max_bytes)
    check_zip(path, name, options.max_bytes, "ein ZIP-Archiv")
    read = FileRead(kind="zip")
    with zipfile.ZipFile(path) as archive:
        members = sorted(i.filename for i in archive.infolist() if not i.is_dir())
        decidim = any(_DECIDIM_MEMBER.search(m) for m in members)
        used = 0
        for member in members:
            base = PurePosixPath(member)
            suffix = base.suffix.lower()
            if is_skipped(base.name) or any(p.startswith((".", "__MACOSX")) for p in base.parts):
                continue
            if suffix not in (".csv", ".tsv", ".json") or (decidim and not _DECIDIM_MEMBER.search(member)):
                read.notes.append(f"{member}: nicht gelesen (keine Beitragstabelle)")
                continue
            data = archive.read(member)
            if suffix == ".json":
                json_into(data, name, read, options, member=member)
            else:
                read_csv_into(data, name, read, options, tab=suffix == ".tsv", member=member)
            used += 1
    if not used:
        raise InputError(
            "das ZIP-Archiv enthält keine lesbare Tabelle (CSV oder JSON)",
            file=name, hint="die Tabellen aus dem Archiv auspacken und einzeln angeben.",
        )
    return read
