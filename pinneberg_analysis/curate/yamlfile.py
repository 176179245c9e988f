"""Reading and writing the decisions file safely, keeping what people wrote into it.

The decisions file is edited by hand and comes back from e-mail and version control, so it
is read as untrusted input: before anything is built from it, its YAML events are scanned
and anchors and aliases (the "billion laughs" expansion), nesting deeper than any decisions
file needs and files over a size limit are refused with the line they are on; duplicate
keys are refused too (YAML would let the last one win in silence). The file is then read
round-trip (ruamel.yaml), which locates every block, so that a later save rewrites only
the decisions that changed and keeps everything else (comments included) byte for byte.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import AliasEvent, CollectionEndEvent, CollectionStartEvent, NodeEvent

from pinneberg_analysis.core.errors import DecisionError

#: A decisions file nests a list of decisions holding lists of ids: 3 levels. Generous.
MAX_DEPTH = 20
#: About 100,000 decisions; larger files are not decisions files.
MAX_BYTES = 50_000_000


def _round_trip() -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.allow_duplicate_keys = False
    return yaml


def read_yaml(path: Path) -> Any:
    """Read a decisions file safely (see the module docstring).

    Returns
    -------
    (object, str)
        The round-trip document (``CommentedMap`` etc.; None for an empty file) and the
        file's text.

    Raises
    ------
    DecisionError
        Naming the file and line: not UTF-8, too large, not valid YAML, an anchor or alias,
        too deep nesting, a duplicate key.
    """
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise DecisionError(
                f"Die Entscheidungsdatei {path} hat {size / 1e6:.0f} MB; eine Entscheidungsdatei hat "
                f"höchstens {MAX_BYTES / 1e6:.0f} MB. So beheben: prüfen, ob dies die "
                "Entscheidungsdatei ist, oder sie aus der Versionsverwaltung wiederherstellen."
            )
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DecisionError(
            f"Die Entscheidungsdatei {path} ist kein UTF-8-Text (Byte {exc.start}). So beheben: "
            "sie erneut als UTF-8 speichern oder aus der Versionsverwaltung wiederherstellen."
        ) from exc
    except OSError as exc:
        raise DecisionError(f"Die Entscheidungsdatei {path} lässt sich nicht lesen: {exc.strerror or exc}. "
                            "So beheben: Pfad und Leserechte prüfen.") \
            from exc
    try:
        _scan(text, path)
        return _round_trip().load(text), text
    except DecisionError:
        raise
    except YAMLError as exc:
        raise DecisionError(_yaml_message(exc, path)) from exc


def _scan(text: str, path: Path) -> None:
    """Refuse anchors, aliases and deep nesting from the event stream (nothing is built)."""
    depth = 0
    for event in YAML(typ="safe", pure=True).parse(text):
        if isinstance(event, AliasEvent) or (
            isinstance(event, NodeEvent) and getattr(event, "anchor", None)
        ):
            raise DecisionError(
                f"Entscheidungsdatei {path}, {_where(event)}: YAML-Anker und -Aliasse (&name, "
                "*name) sind in einer Entscheidungsdatei nicht erlaubt. So beheben: jeden Wert "
                "ausschreiben oder die Datei aus der Versionsverwaltung wiederherstellen."
            )
        if isinstance(event, CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise DecisionError(
                    f"Entscheidungsdatei {path}, {_where(event)}: Listen oder Zuordnungen sind "
                    f"tiefer als {MAX_DEPTH} Ebenen verschachtelt; eine Entscheidungsdatei "
                    "braucht 3. So beheben: die Datei aus der Versionsverwaltung "
                    "wiederherstellen."
                )
        elif isinstance(event, CollectionEndEvent):
            depth -= 1


def _where(event: Any) -> str:
    mark = event.start_mark
    return f"Zeile {mark.line + 1}, Spalte {mark.column + 1}"


def _yaml_message(exc: YAMLError, path: Path) -> str:
    mark = getattr(exc, "problem_mark", None)
    where = f", Zeile {mark.line + 1}, Spalte {mark.column + 1}" if mark else ""
    if type(exc).__name__ == "DuplicateKeyError":
        first = getattr(exc, "context_mark", None)
        also = f" (zuerst in Zeile {first.line + 1})" if first else ""
        return (
            f"Entscheidungsdatei {path}{where}: ein Schlüssel kommt in einem Block zweimal "
            f"vor{also}; YAML würde stillschweigend nur den letzten behalten. So beheben: eine "
            "der beiden Zeilen löschen."
        )
    problem = exc.problem if isinstance(exc, MarkedYAMLError) and exc.problem else exc
    return (
        f"Entscheidungsdatei {path}{where}: kein gültiges YAML ({str(problem)[:300]}). "
        "So beheben: die Datei von Hand reparieren oder aus der Versionsverwaltung "
        "wiederherstellen."
    )


def line_of(container: Any, key: Any) -> int | None:
    """The 1-based line of ``container[key]`` in the file it was read from, if known."""
    try:
        if isinstance(container, CommentedSeq):
            return container.lc.item(key)[0] + 1
        if isinstance(container, CommentedMap):
            return container.lc.key(key)[0] + 1
    except (KeyError, IndexError, TypeError, AttributeError):
        return None
    return None


def updated_text(text: str, doc: Any, blocks: Iterable[Mapping[str, Any]],
                 render: Callable[[Mapping[str, Any]], str]) -> str | None:
    """The file ``text`` with its ``decisions`` list set to ``blocks`` (matched by ``id``).

    Works on the lines the round-trip parser located, so that every byte outside the
    changed blocks stays as the people who edit the file wrote it: blocks that did not
    change keep their text and comments, a block that goes takes the comment lines just
    above it along, new blocks are appended after a blank line (``render`` writes one).

    Returns
    -------
    str or None
        None when the file's layout does not allow an edit in place (e.g. the list is
        written inline as ``decisions: []``); the caller then writes the file anew.
    """
    seq = doc.get("decisions") if isinstance(doc, CommentedMap) else None
    if not isinstance(seq, CommentedSeq) or not seq or seq.fa.flow_style():
        return None
    lines = text.split("\n")
    starts = [seq.lc.item(i)[0] for i in range(len(seq))]
    keys = list(doc)
    after = keys[keys.index("decisions") + 1:]
    end = min((doc.lc.key(k)[0] for k in after), default=len(lines))
    end = _lead(lines, end, starts[-1] + 1)
    leads = [_lead(lines, start, (starts[i - 1] + 1) if i else doc.lc.key("decisions")[0] + 1)
             for i, start in enumerate(starts)]
    spans = list(zip(leads, [*leads[1:], end], strict=True))
    wanted = {b["id"]: b for b in blocks}
    keep, present = [], set()
    for item, (lo, hi) in zip(seq, spans, strict=True):
        ident = item.get("id") if isinstance(item, Mapping) else None
        if isinstance(ident, str) and ident in wanted and _plain(item) == _plain(wanted[ident]):
            keep.append((lo, hi))
            present.add(ident)
    body: list[str] = []
    for lo, hi in keep:
        body.extend(lines[lo:hi])
    for block in wanted.values():
        if block["id"] not in present:
            if body and body[-1].strip():
                body.append("")
            body.extend(render(block).rstrip("\n").split("\n"))
    out = lines[: leads[0]] + body + lines[end:]
    return "\n".join(out)


def _lead(lines: list[str], start: int, floor: int) -> int:
    """The first of the blank and comment lines right above line ``start`` (0-based)."""
    while start > floor and (not lines[start - 1].strip()
                             or lines[start - 1].lstrip().startswith("#")):
        start -= 1
    return start


def _plain(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return None if value is None else str(value)


def short_value(value: object, limit: int = 60) -> str:
    """A value for a message: its kind and a bounded excerpt (never the whole value).

    Examples
    --------
    >>> short_value(["x"] * 10_000), short_value("D-0001")
    ('eine Liste mit 10000 Einträgen', "'D-0001'")
    """
    if isinstance(value, (list, tuple)):
        return f"eine Liste mit {len(value)} Einträgen"
    if isinstance(value, Mapping):
        return f"eine Zuordnung mit {len(value)} Schlüsseln"
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…'"

