"""What the user must see after reading: columns taken by content, unmapped platform
categories, and files whose rows were (nearly) all rejected for one reason, with the fix."""

from __future__ import annotations

from collections import Counter

import pandas as pd

from pinneberg_analysis.core.fields import FIELDS
from pinneberg_analysis.ingest.assemble import FileOutcome
from pinneberg_analysis.ingest.records import NO_FIELD, NO_TEXT

#: A file is flagged when more than this share of its rows was rejected ...
MOSTLY = 0.5
#: ... and at least this share of those for the same reason.
ONE_REASON = 0.8

_UNKNOWN_FIELD = "unbekanntes Handlungsfeld"
_FIELD_LIST = ", ".join(f'"{f}"' for f in FIELDS)
_FIXES = {
    NO_FIELD: "eine Spalte mit dem Handlungsfeld ergänzen (oder eine vorhandene Spalte mit "
    "[ingest.columns] \"NAME\" = \"field\" benennen), die Datei nach dem Handlungsfeld "
    "benennen, oder --field NAME angeben (Config: ingest.default_field)",
    NO_TEXT: "die Spalte mit dem Text mit [ingest.columns] \"NAME\" = \"text\" benennen",
}


def _fix(reason: str, values: list[str]) -> str:
    if reason.startswith(_UNKNOWN_FIELD):
        example = values[0] if values else "Kategorie"
        return (f"die Kategorien in der Config unter [fields.aliases] einem Handlungsfeld "
                f"zuordnen: \"{example}\" = \"...\" (rechts eines von {_FIELD_LIST})")
    return _FIXES.get(reason, "siehe die Spalte 'hint' in rejected.csv")


def recognition_lines(outcomes: list[FileOutcome]) -> list[str]:
    """``Datei: Zeile`` for every column a reader took by content or by the config."""
    return [f"{out.source_file}: {line}" for out in outcomes if out.read is not None
            for line in out.read.recognised]


def unmapped_categories(rejected: pd.DataFrame) -> list[str]:
    """One line per file listing the categories that map to no field, and how to map them."""
    lines = []
    if rejected.empty:
        return lines
    unknown = rejected[rejected["reason"].astype(str).str.startswith(_UNKNOWN_FIELD)]
    for source, group in unknown.groupby("source_file", sort=True):
        counts = Counter(group["value"].dropna().astype(str))
        shown = ", ".join(f"'{v}' ({n})" for v, n in counts.most_common(8))
        more = f" und {len(counts) - 8} weitere" if len(counts) > 8 else ""
        example = counts.most_common(1)[0][0] if counts else "Kategorie"
        lines.append(
            f"{source}: {len(counts)} Kategorie(n) ohne Handlungsfeld: {shown}{more}. "
            f"Zuordnen in der Config: [fields.aliases] \"{example}\" = \"...\" "
            f"(je Kategorie eine Zeile, rechts eines von {_FIELD_LIST})")
    return lines


def loud_lines(files: pd.DataFrame, rejected: pd.DataFrame) -> list[str]:
    """One line per file whose rows were all or mostly rejected for one reason.

    Examples
    --------
    >>> files = pd.DataFrame({"source_file": ["a.csv"], "n_read": [4], "n_rejected": [4]})
    >>> rejected = pd.DataFrame({"source_file": ["a.csv"] * 4, "value": [None] * 4,
    ...                          "reason": ["kein Handlungsfeld angegeben"] * 4})
    >>> loud_lines(files, rejected)[0].split(". So")[0]
    'a.csv: 4 von 4 Zeilen abgelehnt, Grund: kein Handlungsfeld angegeben'
    """
    lines = []
    for row in files.itertuples(index=False):
        n_read, n_rej = int(row.n_read or 0), int(row.n_rejected or 0)
        if not n_read or n_rej <= MOSTLY * n_read:
            continue
        mine = rejected[rejected["source_file"] == row.source_file]
        reasons = mine["reason"].astype(str).map(
            lambda r: _UNKNOWN_FIELD if r.startswith(_UNKNOWN_FIELD) else r)
        reason, count = Counter(reasons).most_common(1)[0]
        if count < ONE_REASON * n_rej:
            continue
        distinct = [str(v) for v in mine["value"].dropna().unique()]
        values = distinct[:8]
        shown = f" ({', '.join(repr(v) for v in values)}{', ...' if len(distinct) > 8 else ''})" \
            if values else ""
        lines.append(f"{row.source_file}: {n_rej} von {n_read} Zeilen abgelehnt, Grund: "
                     f"{reason}{shown}. So beheben: {_fix(reason, values)}.")
    return lines
