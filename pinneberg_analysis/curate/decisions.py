"""Review decisions: the model, and the YAML file that keeps them under version control.

A decision names what it acts on by a stable identity: a measure id together with the
measure's member contributions at decision time (``target_members``), or a contribution
id. The decisions file is meant for people and for ``git diff``: a commented header, one
block per decision, a fixed key order, decisions in the order they were made (``D-0001``,
``D-0002``, ...). Applying a later workbook adds to it; a newer decision on the same
target replaces the older one of the same kind (version control keeps the history).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from pinneberg_analysis.core.errors import DecisionError, validation_text
from pinneberg_analysis.core.export import atomic_path
from pinneberg_analysis.core.ids import stable_id
from pinneberg_analysis.curate.yamlfile import line_of, read_yaml
from pinneberg_analysis.curate.yamlfile import short_value, updated_text

FORMAT_VERSION = 1

Kind = Literal["rename", "merge", "move_field", "reject", "move_contribution", "split", "comment",
               "assign_rating"]
KINDS: tuple[str, ...] = (
    "rename",
    "merge",
    "move_field",
    "reject",
    "move_contribution",
    "split",
    "comment",
    "assign_rating",
)

#: German names of the kinds, for the report's audit trail.
KIND_LABELS: dict[str, str] = {
    "rename": "Umbenennen",
    "merge": "Zusammenführen",
    "move_field": "Feld ändern",
    "reject": "Ablehnen",
    "move_contribution": "Beitrag verschieben",
    "split": "Teilen / neue Maßnahme",
    "comment": "Kommentar",
    "assign_rating": "Bewertung zuordnen",
}

# The order of keys in the file (diff-friendly: always the same).
_KEY_ORDER = (
    "id",
    "kind",
    "target",
    "target_label",
    "value",
    "field",
    "label",
    "from_measure",
    "contributions",
    "comment",
    "source",
    "location",
    "applied_on",
    "target_members",
    "value_members",
)

_HEADER = """\
# Review-Entscheidungen für pinneberg-analysis (Format {version}).
#
# Diese Datei entsteht mit
#     pinneberg-analysis review apply review.xlsx --decisions {name}
# und wird beim nächsten Lauf mit
#     pinneberg-analysis report DATEN --out BERICHT --decisions {name}
# angewendet. Bitte unter Versionskontrolle halten.
#
# Jede Entscheidung ist ein Block. "target" ist eine Maßnahmen-ID (M-...) oder, bei
# move_contribution, eine Beitrags-ID (C-...). "target_members" hält die Beiträge der
# Maßnahme zum Zeitpunkt der Entscheidung fest: daran wird die Maßnahme in späteren Läufen
# wiedererkannt, auch wenn sich die Clusterung ändert. Eine neuere Entscheidung derselben
# Art zur selben Maßnahme ersetzt die ältere (Zusammenführen und Ablehnen gelten als eine
# Art); die ältere steht dann nur noch in der Versionsgeschichte.
# Bei assign_rating ist "target" der bewertete Name, wie er in der Bewertungsdatei steht,
# und "value" die Maßnahmen-ID, zu der seine Bewertungen gehören (fehlt "value": zu keiner
# Maßnahme); "value_members" hält deren Beiträge fest.
# Eine Entscheidung zurücknehmen: ihren Block löschen.
"""


class Decision(BaseModel):
    """One review decision.

    Attributes
    ----------
    id : str, optional
        ``D-0001``...; given when the decision is stored in a decisions file.
    kind : str
        ``rename``, ``merge``, ``move_field``, ``reject``, ``move_contribution``, ``split``,
        ``comment`` or ``assign_rating``.
    target : str
        The measure id, for ``move_contribution`` the contribution id, for
        ``assign_rating`` the rated name as written in the ratings file.
    target_label : str, optional
        The measure's name at decision time (for people; never used for matching).
    value : str, optional
        New name (rename), measure id to merge into (merge), field (move_field), reason
        (reject), destination measure id (move_contribution), id of the new measure (split),
        measure id the rated name's ratings belong to (assign_rating; None: to no measure).
    field : str, optional
        split: the field of the new measure (and of the contributions that move to it).
    label : str, optional
        split: the name of the new measure.
    from_measure : str, optional
        move_contribution and split: the measure the contributions left.
    contributions : list of str
        split: the contributions that form the new measure.
    comment : str, optional
        The author's comment.
    source, location : str, optional
        The workbook file name and the sheet and row the decision came from.
    applied_on : str, optional
        The date the decision was added to the decisions file (ISO ``YYYY-MM-DD``).
    target_members, value_members : list of str
        Identity snapshots: the member contribution ids of the target measure and of the
        destination measure (merge, move_contribution) when the decision was made.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str | None = Field(default=None, pattern=r"^D-\d{4,}$")
    kind: Kind
    target: str = Field(min_length=1)
    target_label: str | None = None
    value: str | None = None
    field: str | None = None
    label: str | None = None
    from_measure: str | None = None
    contributions: tuple[str, ...] = ()
    comment: str | None = None
    source: str | None = None
    location: str | None = None
    applied_on: str | None = None
    target_members: tuple[str, ...] = ()
    value_members: tuple[str, ...] = ()

    @field_validator(
        "target",
        "target_label",
        "value",
        "field",
        "label",
        "from_measure",
        "comment",
        "source",
        "location",
        "applied_on",
        mode="before",
    )
    @classmethod
    def _scalar_as_text(cls, value: object) -> object:
        # A hand-edited file may hold 2024-05-02 or 2030 without quotes.
        if isinstance(value, (date, int, float)) and not isinstance(value, bool):
            return value.isoformat() if isinstance(value, date) else str(value)
        return value

    def supersede_key(self) -> tuple[str, str]:
        """Decisions with the same key replace each other: the newer one wins."""
        if self.kind in ("merge", "reject"):
            return ("fate", self.target)
        if self.kind == "split":
            return ("split", self.value or "")
        return (self.kind, self.target)

    def substance(self) -> tuple:
        """What the decision does (without where and when it was made)."""
        return (
            self.kind,
            self.target,
            self.value,
            self.field,
            self.label,
            tuple(sorted(self.contributions)),
            self.comment or None,
        )

    def to_dict(self) -> dict:
        """The decision as a plain dict in file key order, empty entries left out."""
        data = self.model_dump()
        out = {}
        for key in _KEY_ORDER:
            value = data[key]
            if value is None or value == () or value == [] or value == "":
                continue
            out[key] = list(value) if isinstance(value, tuple) else value
        return out


def split_measure_id(contributions: Iterable[str]) -> str:
    """The id of the measure a split creates: derived from its contributions, so stable.

    Examples
    --------
    >>> split_measure_id(["C-2", "C-1"]) == split_measure_id(["C-1", "C-2"])
    True
    """
    key = "split:" + ";".join(sorted(set(contributions)))
    return stable_id("M", key)


@dataclass
class DecisionsFile:
    """The decisions of one process, as kept in a YAML file.

    Attributes
    ----------
    decisions : list of Decision
        In the order they were made (by id).
    path : Path, optional
        Where the file was read from or written to.
    added, replaced : list of str
        Ids added / replaced by the last :meth:`add` (not stored in the file).
    unchanged : int
        Decisions of the last :meth:`add` that the file held already.
    document : object, optional
        The file as read (round-trip YAML), so that :meth:`save` keeps its comments.
    """

    decisions: list[Decision] = field(default_factory=list)
    path: Path | None = None
    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    unchanged: int = 0
    document: Any = field(default=None, repr=False, compare=False)
    text: str | None = field(default=None, repr=False, compare=False)

    @classmethod
    def load(cls, path: str | Path, *, missing_ok: bool = True) -> DecisionsFile:
        """Read a decisions file.

        Parameters
        ----------
        path : str or Path
            The YAML file.
        missing_ok : bool
            Return an empty file when it does not exist (else raise).

        Raises
        ------
        DecisionError
            When the file is not valid YAML, holds anchors, aliases, duplicate keys or deep
            nesting, or a decision is malformed; the message names the file, the line, the
            decision (number and id) and the key.
        """
        path = Path(path)
        if not path.exists():
            if missing_ok:
                return cls(path=path)
            raise DecisionError(
                f"Die Entscheidungsdatei {path} gibt es nicht. So beheben: sie mit "
                f"'pinneberg-analysis review apply review.xlsx --decisions {path}' anlegen."
            )
        data, text = read_yaml(path)
        return cls(decisions=_parse(data, path), path=path,
                   document=data if isinstance(data, Mapping) else None, text=text)

    def save(self, path: str | Path | None = None) -> Path:
        """Write the file atomically (header comment, one block per decision).

        A file that was read keeps its comments, the blocks that did not change and its
        permissions; a failed write leaves it as it was.
        """
        path = Path(path or self.path or "decisions.yaml")
        text = None
        if self.document is not None and self.text is not None:
            text = updated_text(self.text, self.document, [d.to_dict() for d in self.decisions],
                                _block)
        if text is None:
            text = self.to_yaml(name=path.name)
        with atomic_path(path, keep_mode=True) as tmp:
            tmp.write_text(text, encoding="utf-8", newline="\n")
        self.path = path
        return path

    def to_yaml(self, name: str = "decisions.yaml") -> str:
        """The file's text."""
        head = _HEADER.format(version=FORMAT_VERSION, name=name) + f"\nformat: {FORMAT_VERSION}\n"
        if not self.decisions:
            return head + "decisions: []\n"
        blocks = [_block(d.to_dict()) for d in self.decisions]
        return head + "decisions:\n\n" + "\n".join(blocks)

    def add(self, new: Sequence[Decision], *, today: date | str | None = None) -> DecisionsFile:
        """Add decisions from a workbook; a newer decision replaces an older one.

        Parameters
        ----------
        new : sequence of Decision
            Decisions without id (from :func:`read_review_workbook`).
        today : date or str, optional
            The date stored as ``applied_on`` (default: today).

        Returns
        -------
        DecisionsFile
            ``self``, with ``added``, ``replaced`` and ``unchanged`` describing the change.

        Raises
        ------
        DecisionError
            When the new decisions together with the stored ones merge measures in a circle.
        """
        stamp = (today or date.today()).isoformat() if not isinstance(today, str) else today
        by_key = {d.supersede_key(): d for d in self.decisions}
        self.added, self.replaced, self.unchanged = [], [], 0
        kept = list(self.decisions)
        next_nr = 1 + max((int(d.id[2:]) for d in kept if d.id), default=0)
        for decision in new:
            old = by_key.get(decision.supersede_key())
            if old is not None and old.substance() == decision.substance():
                self.unchanged += 1
                continue
            if old is not None:
                kept.remove(old)
                self.replaced.append(old.id or "")
            stored = decision.model_copy(update={"id": f"D-{next_nr:04d}", "applied_on": stamp})
            next_nr += 1
            kept.append(stored)
            by_key[stored.supersede_key()] = stored
            self.added.append(stored.id)
        cycles = merge_cycles(kept)
        if cycles:
            raise DecisionError(_cycle_message(cycles, self.path))
        self.decisions = sorted(kept, key=lambda d: int(d.id[2:]) if d.id else 0)
        return self

    def snapshots(self) -> dict[str, frozenset[str]]:
        """Measure id -> member contributions, from the decisions' identity snapshots.

        The newest snapshot of an id wins.
        """
        out: dict[str, frozenset[str]] = {}
        for d in self.decisions:
            if d.kind != "move_contribution" and d.target_members:
                out[d.target] = frozenset(d.target_members)
            if d.kind in ("merge", "move_contribution", "assign_rating") and d.value \
                    and d.value_members:
                out[d.value] = frozenset(d.value_members)
        return out

    def summary(self) -> str:
        """A German one-paragraph summary of the last :meth:`add`."""
        where = f" in {self.path}" if self.path else ""
        parts = [f"{len(self.added)} Entscheidung(en) hinzugefügt"]
        if self.added:
            parts[0] += f" ({', '.join(self.added)})"
        if self.replaced:
            parts.append(f"{len(self.replaced)} ältere ersetzt ({', '.join(self.replaced)})")
        if self.unchanged:
            parts.append(f"{self.unchanged} schon vorhanden")
        return (
            "; ".join(parts)
            + f". Insgesamt {len(self.decisions)} Entscheidung(en){where}. Sie wirken beim "
            "nächsten 'pinneberg-analysis report ... --decisions DATEI'."
        )

    def __str__(self) -> str:
        return self.summary()

    def __rich__(self) -> str:
        return self.summary()


def _block(data: Mapping[str, Any]) -> str:
    """One decision as a YAML list item (the file's block format)."""
    return yaml.safe_dump([dict(data)], allow_unicode=True, sort_keys=False, width=10_000,
                          default_flow_style=False)


def load_decisions(path: str | Path) -> DecisionsFile:
    """Read a decisions file that must exist (see :meth:`DecisionsFile.load`)."""
    return DecisionsFile.load(path, missing_ok=False)


def merge_cycles(decisions: Iterable[Decision]) -> list[list[Decision]]:
    """The merge decisions that merge measures in a circle (A into B, B into A).

    Returns
    -------
    list of list of Decision
        Each cycle as its decisions, starting at the smallest measure id; empty when none.
    """
    edges: dict[str, Decision] = {}
    for d in decisions:
        if d.kind == "merge" and d.value:
            edges[d.target] = d
    cycles, seen = [], set()
    for start in sorted(edges):
        path, node = [], start
        while node in edges and node not in path and node not in seen:
            path.append(node)
            node = edges[node].value
        if node in path:
            cycle = path[path.index(node) :]
            first = cycle.index(min(cycle))
            cycle = cycle[first:] + cycle[:first]
            cycles.append([edges[n] for n in cycle])
        seen.update(path)
    return cycles


def _cycle_message(cycles: list[list[Decision]], path: Path | None) -> str:
    lines = []
    for cycle in cycles:
        chain = " → ".join([d.target for d in cycle] + [cycle[0].target])
        places = "; ".join(
            (d.location + (f" in {d.source}" if d.source else "")) if d.location else f"{d.id}"
            for d in cycle
        )
        lines.append(
            f"- Zusammenführung im Kreis {chain} ({places}). So beheben: diese Maßnahmen nur "
            "in eine von ihnen zusammenführen, z. B. „Zusammenführen mit (ID)“ in einer dieser "
            "Zeilen leeren"
            + (f" oder den älteren Block aus {path} löschen" if path else "")
            + "."
        )
    return (
        "Review-Entscheidungen führen Maßnahmen im Kreis zusammen; nichts wurde gespeichert:\n"
        + "\n".join(lines)
    )


def _parse(data: object, path: Path) -> list[Decision]:
    if data is None:
        return []
    if not isinstance(data, dict) or not isinstance(data.get("decisions", []), (list, type(None))):
        raise DecisionError(
            f"Entscheidungsdatei {path}: erwartet war eine Zuordnung mit einer Liste unter "
            "'decisions'. So beheben: die Datei aus der Versionsverwaltung wiederherstellen "
            "oder eine neue beginnen."
        )
    unknown = [k for k in data if k not in ("format", "decisions")]
    if unknown:
        key = unknown[0]
        raise DecisionError(
            f"Entscheidungsdatei {path}, Zeile {line_of(data, key)}: unbekannter Schlüssel "
            f"{short_value(key)} auf oberster Ebene; erlaubt sind 'format' und 'decisions'. "
            "So beheben: ihn löschen oder in den Block seiner Entscheidung einrücken."
        )
    version = data.get("format", FORMAT_VERSION)
    if version != FORMAT_VERSION:
        raise DecisionError(
            f"Entscheidungsdatei {path}: Format {version!r} wird nicht unterstützt (erwartet "
            f"{FORMAT_VERSION}). So beheben: die pinneberg-analysis-Version verwenden, die sie "
            "geschrieben hat."
        )
    problems, decisions, ids = [], [], set()
    items = data.get("decisions") or []
    for nr, item in enumerate(items, start=1):
        ident = item.get("id") if isinstance(item, dict) else None
        # Only a text id names the block: a list or mapping there is itself the error.
        name = f"Entscheidung {nr}" + (f" ({ident})" if isinstance(ident, str) else "")
        block = line_of(items, nr - 1)
        name = (f"Zeile {block}: " if block else "") + name
        if not isinstance(item, dict):
            problems.append(f"- {name}: erwartet ein Block mit Schlüsseln: {short_value(item)}.")
            continue
        if ident is None:
            problems.append(f"- {name}, Schlüssel 'id': fehlt. So beheben: neue D-Nummer geben.")
        elif not isinstance(ident, str):
            problems.append(f"- {name}, Schlüssel 'id': erwartet war Text wie D-0001, gefunden "
                            f"{short_value(ident)}.")
        elif ident in ids:
            problems.append(f"- {name}, Schlüssel 'id': {ident} kommt zweimal vor.")
        else:
            ids.add(ident)
        try:
            decisions.append(Decision.model_validate(dict(item)))
        except ValidationError as exc:
            for err in exc.errors():
                key = ".".join(str(p) for p in err["loc"]) or "(block)"
                hint = f" (erlaubte Arten: {', '.join(KINDS)})" if key == "kind" else ""
                problems.append(f"- {name}, Schlüssel '{key}': {validation_text(err)}{hint}")
    if problems:
        raise DecisionError(
            f"Die Entscheidungsdatei {path} enthält ungültige Entscheidungen:\n"
            + "\n".join(problems)
            + "\nSo beheben: die genannten Schlüssel korrigieren oder die Datei aus der "
            "Versionsverwaltung wiederherstellen."
        )
    return sorted(decisions, key=lambda d: int(re.sub(r"\D", "", d.id or "0") or 0))

