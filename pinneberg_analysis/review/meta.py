"""The identity snapshot kept in the review workbook's hidden ``_meta`` sheet."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pinneberg_analysis.core.errors import DecisionError
from pinneberg_analysis.core.export import FORMULA_PREFIXES
from pinneberg_analysis.core.fields import FIELDS
from pinneberg_analysis.review.layout import SHEET_META


@dataclass
class Meta:
    """The identity snapshot in the hidden ``_meta`` sheet."""

    measures: dict[str, dict[str, Any]] = field(default_factory=dict)
    contribution_measure: dict[str, str] = field(default_factory=dict)
    cluster_members: dict[str, list[str]] = field(default_factory=dict)
    fields: list[str] = field(default_factory=lambda: list(FIELDS))
    info: dict[str, str] = field(default_factory=dict)

    def members(self, mid: str) -> list[str]:
        return sorted(c for c, m in self.contribution_measure.items() if m == mid)

    def snapshot(self, mid: str) -> tuple[str, ...]:
        """The identity of ``mid``: the clustering's members, else the current members."""
        return tuple(self.cluster_members.get(mid) or self.members(mid))


def plain(value: Any) -> str:
    """Undo the formula-injection apostrophe the writer put before text like '=...'."""
    text = "" if value is None else str(value)
    if text.startswith("'") and text[1:].startswith(FORMULA_PREFIXES):
        return text[1:]
    return text


def read_meta(wb: Any, path: Path) -> Meta:
    if SHEET_META not in wb.sheetnames:
        raise DecisionError(
            f"{path} ist keine Review-Mappe von pinneberg-analysis (das ausgeblendete Blatt "
            f"„{SHEET_META}“ fehlt). So beheben: die review.xlsx aus dem Berichtsordner "
            "ausfüllen; ihre Blätter nicht in eine andere Datei kopieren."
        )
    ws = wb[SHEET_META]
    meta = Meta()
    for row in ws.iter_rows(min_row=2, values_only=True):
        row = list(row) + [None] * 12
        if row[0] is not None:
            meta.info[str(row[0])] = "" if row[1] is None else str(row[1])
        if row[3]:
            meta.contribution_measure[str(row[3])] = str(row[4])
            cluster = str(row[5]) if row[5] else str(row[4])
            meta.cluster_members.setdefault(cluster, []).append(str(row[3]))
        if row[7]:
            meta.measures[str(row[7])] = {
                "field": row[8],
                "label": plain(row[9]),
                "status": row[10] or "aktiv",
            }
    if meta.info.get("Felder"):
        meta.fields = [f for f in meta.info["Felder"].split(";") if f]
    for members in meta.cluster_members.values():
        members.sort()
    return meta
