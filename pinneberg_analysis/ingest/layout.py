"""Which row is the header and which column holds what: platform adapter, config, names, content.

In order: a platform adapter (forced with ``--format`` or recognised from the header
signature) maps its own columns and names those never copied; ``[ingest.columns]`` fixes
columns by name; the German/English synonyms map the rest; then :mod:`.recognise` looks at
the values of what is still missing or ambiguous.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from pinneberg_analysis.core.errors import InputError
from pinneberg_analysis.ingest.columns import (
    ColumnMap,
    MAX_HEADER_SCAN,
    extra_name,
    find_header,
    map_contribution_columns,
    normalise_header,
)
from pinneberg_analysis.ingest.platforms import Platform, detect_platform, format_names, get_platform
from pinneberg_analysis.ingest.recognise import LABELS, recognise
from pinneberg_analysis.ingest.records import ReadOptions
from pinneberg_analysis.ingest.values import cell_text


@dataclass
class Plan:
    """How one table is read."""

    cmap: ColumnMap
    platform: Platform | None = None
    dropped: list[str] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)


def check_format(name: str | None) -> None:
    """Refuse an unknown ``--format`` name, listing the known ones."""
    if name and not get_platform(name):
        raise InputError(
            f"unbekanntes Format {name!r}",
            hint=f"bekannte Formate: {', '.join(format_names())}; ohne --format wird das "
            "Format an den Spaltennamen erkannt.",
        )


def _looks_like_header(cells: Sequence[object]) -> bool:
    texts = [cell_text(c) for c in cells]
    filled = [t for t in texts if t]
    return (len(filled) >= 2 and all(len(t) <= 60 for t in filled)
            and not any(t.replace(".", "").isdigit() for t in filled))


def locate_header(
    rows: Sequence[Sequence[object]], options: ReadOptions
) -> tuple[int | None, bool]:
    """The header row and whether it is only a guess.

    A row a platform recognises, else one naming known columns or a column of
    ``[ingest.columns]``; else (a guess, kept only when the content shows a text column)
    the first row that looks like column names.
    """
    limit = min(len(rows), MAX_HEADER_SCAN)
    for idx in range(limit):
        header = [cell_text(c) for c in rows[idx]]
        if detect_platform(header) is not None and not options.format:
            return idx, False
        if options.format and any(p.score(header) for p in get_platform(options.format)):
            return idx, False
    found = find_header(rows)
    if found is not None:
        return found, False
    wanted = {normalise_header(k) for k in options.columns}
    for idx in range(limit):
        if wanted & {normalise_header(c) for c in rows[idx]}:
            return idx, False
    for idx in range(limit):
        if _looks_like_header(rows[idx]) and len(rows) > idx + 1:
            return idx, True
    return None, False


def plan_columns(
    header: Sequence[str], body: Sequence[Sequence[object]], options: ReadOptions
) -> Plan:
    """Map the columns of one table (see the module docstring)."""
    platform = detect_platform(header, options.format)
    if platform is not None:
        cmap = ColumnMap()
        for target, (idx, *others) in platform.map_columns(header).items():
            cmap.targets[target] = idx
            cmap.names[target] = extra_name(header[idx], idx)
            cmap.fallbacks[target] = others
        # a column the adapter does not know but the synonyms do (an id called "Nr.")
        used = {i for idx in platform.map_columns(header).values() for i in idx}
        by_name = map_contribution_columns(header)
        for target, idx in by_name.targets.items():
            if (target not in cmap.targets and target not in platform.own and idx not in used
                    and not platform.is_personal(header[idx])):
                cmap.targets[target] = idx
                cmap.names[target] = by_name.names[target]
                used.add(idx)
        # the adapter knows its columns: content only fills in a missing field or text
        fixed = set(cmap.targets) | {"votes", "date", "source_id", "round"}
    else:
        cmap = map_contribution_columns(header)
        fixed = set()
    plan = Plan(cmap, platform)
    overrides = {normalise_header(k): v for k, v in options.columns.items()}
    skip: set[int] = set()
    for idx, name in enumerate(header):
        target = overrides.get(normalise_header(name))
        if target is None:
            if platform is not None and platform.is_personal(name):
                skip.add(idx)
                plan.dropped.append(extra_name(name, idx))
            continue
        for other, at in list(cmap.targets.items()):
            if at == idx:
                del cmap.targets[other]
        if target == "ignore":
            skip.add(idx)
            plan.lines.append(f"Spalte {name!r} laut [ingest.columns] nicht gelesen")
            continue
        cmap.targets[target] = idx
        cmap.names[target] = extra_name(name, idx)
        cmap.fallbacks.pop(target, None)
        fixed.add(target)
        plan.lines.append(f"Spalte {name!r} laut [ingest.columns] als {LABELS[target]}")
    for target in [t for t, i in cmap.targets.items() if i in skip]:
        del cmap.targets[target]
    used = set(cmap.targets.values()) | {i for f in cmap.fallbacks.values() for i in f}
    cmap.extra = {idx: extra_name(name, idx) for idx, name in enumerate(header)
                  if idx not in used and idx not in skip}
    plan.lines.extend(recognise(header, body, cmap, options.canon, frozenset(fixed),
                                frozenset(skip)))
    cmap.extra = {i: n for i, n in cmap.extra.items() if i not in skip}
    cmap.skip = frozenset(skip)
    return plan
