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
                f"decisions file {path} has {size / 1e6:.0f} MB; a decisions file has at most "
                f"{MAX_BYTES / 1e6:.0f} MB. How to fix: check that this is the decisions file, "
                "or restore it from version control."
            )
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DecisionError(
            f"decisions file {path} is not UTF-8 text (byte {exc.start}). How to fix: save "
            "it again as UTF-8, or restore it from version control."
        ) from exc
    except OSError as exc:
        raise DecisionError(f"decisions file {path} cannot be read: {exc.strerror or exc}.") \
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
                f"decisions file {path}, {_where(event)}: YAML anchors and aliases (&name, "
                "*name) are not allowed in a decisions file. How to fix: write each value "
                "out in full, or restore the file from version control."
            )
        if isinstance(event, CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise DecisionError(
                    f"decisions file {path}, {_where(event)}: lists or mappings nested more "
                    f"than {MAX_DEPTH} deep; a decisions file needs 3. How to fix: restore "
                    "the file from version control."
                )
        elif isinstance(event, CollectionEndEvent):
            depth -= 1


def _where(event: Any) -> str:
    mark = event.start_mark
    return f"line {mark.line + 1}, column {mark.column + 1}"


def _yaml_message(exc: YAMLError, path: Path) -> str:
    mark = getattr(exc, "problem_mark", None)
    where = f", line {mark.line + 1}, column {mark.column + 1}" if mark else ""
    if type(exc).__name__ == "DuplicateKeyError":
        first = getattr(exc, "context_mark", None)
        also = f" (first on line {first.line + 1})" if first else ""
        return (
            f"decisions file {path}{where}: a key appears twice in one block{also}; YAML "
            "would silently keep only the last one. How to fix: delete one of the two lines."
        )
    problem = exc.problem if isinstance(exc, MarkedYAMLError) and exc.problem else exc
    return (
        f"decisions file {path}{where}: not valid YAML ({str(problem)[:300]}). "
        "How to fix: repair the file by hand or restore it from version control."
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
    ('a list of 10000 entries', "'D-0001'")
    """
    if isinstance(value, (list, tuple)):
        return f"a list of {len(value)} entries"
    if isinstance(value, Mapping):
        return f"a mapping of {len(value)} keys"
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…'"
