"""Curate: apply the strategy authors' review decisions after clustering, before ranking.

Every run starts again from the clustering and applies all stored decisions, in this order:

1. measure ids are made stable (:mod:`pinneberg_analysis.curate.identity`), so each decision
   finds the measure it named;
2. contribution moves and splits, oldest first (they name contributions, whose ids are
   stable by construction);
3. merges (chains A → B → C end in C; a circle is not applied);
4. field changes, renames, rejections and comments;
5. assignments of rated names to measures (``assign_rating``), resolved to this run's ids
   (:attr:`CurateResult.rating_assignments`, which the ranking uses instead of matching).

A decision whose target no longer exists is logged as ``nicht anwendbar`` with the reason,
never dropped silently. Rejected measures stay in ``measures`` with ``status="abgelehnt"``
so the report can list them; the ranking leaves them out.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from pinneberg_analysis.core.config import FieldsConfig, section
from pinneberg_analysis.core.fields import field_sort_key
from pinneberg_analysis.curate.decisions import Decision, DecisionsFile, load_decisions
from pinneberg_analysis.curate.identity import DEFAULT_THRESHOLD, stabilise_ids, stabilise_theme_ids
from pinneberg_analysis.curate.steps import (
    APPLIED,
    LOG_COLUMNS,
    MEASURE_LEVEL,
    NOT_APPLICABLE,
    STATUS_ACTIVE,
    STATUS_REJECTED,
    State,
    apply_measure_level,
    apply_merges,
    apply_rating_assignment,
    apply_move,
    apply_split,
    plural,
    split_list,
)

__all__ = [
    "CurateResult",
    "apply_decisions",
    "load_decisions",
    "STATUS_ACTIVE",
    "STATUS_REJECTED",
    "APPLIED",
    "NOT_APPLICABLE",
]

logger = logging.getLogger(__name__)


@dataclass
class CurateResult:
    """The curated tables.

    Attributes
    ----------
    contributions : DataFrame
        With the curated ``measure_id`` (and ``theme_id``, ``field``), plus
        ``cluster_measure_id`` (the stable id before review; the next run's identity
        reference) and ``review_note``.
    measures : DataFrame
        With ``label_proposed`` (the clustering's label), ``status`` (aktiv | abgelehnt)
        and ``review_note`` (German audit note, NA when untouched).
    themes : DataFrame
        With ``n_measures`` and ``n_contributions`` recounted over active measures.
    log : DataFrame
        One row per decision: ``decision_id, kind, target, value, status (angewendet |
        nicht anwendbar), reason`` and ``kind_label, target_label, comment, source,
        location, applied_on``.
    id_mapping : DataFrame
        Provisional → stable ids (see :func:`~pinneberg_analysis.curate.identity.stabilise_ids`).
    rating_assignments : dict of str to (str or None)
        Rated name -> this run's measure id (None: to no measure), from the applicable
        ``assign_rating`` decisions.
    """

    contributions: pd.DataFrame
    measures: pd.DataFrame
    themes: pd.DataFrame
    log: pd.DataFrame
    id_mapping: pd.DataFrame = field(default_factory=pd.DataFrame)
    rating_assignments: dict[str, str | None] = field(default_factory=dict)


def _rebuild_measures(
    st: State, measures: pd.DataFrame, contributions: pd.DataFrame
) -> pd.DataFrame:
    texts = (
        dict(zip(contributions["contribution_id"], contributions["text"], strict=True))
        if "text" in contributions.columns
        else {}
    )
    members: dict[str, list[str]] = defaultdict(list)
    for cid in st.order:
        mid = st.assign.get(cid)
        if isinstance(mid, str):
            members[mid].append(cid)
    rows = []
    for mid, rec in st.recs.items():
        if mid in st.merged_into:
            continue
        mine = members.get(mid, [])
        if not mine and mid in st.initial:
            if mid in st.last_out:
                st.log[st.last_out[mid]]["reason"] = (
                    st.log[st.last_out[mid]]["reason"] + " "
                ).lstrip() + f"Maßnahme {mid} hat danach keine Beiträge mehr und entfällt."
            continue
        if mid in st.touched:
            rec["n_contributions"] = len(mine)
            rec["is_single"] = len(mine) == 1
            other = {st.cfield.get(c) for c in mine} - {rec.get("field"), None}
            other = {f for f in other if isinstance(f, str)}
            rec["fields"] = ";".join([str(rec.get("field"))] + sorted(other, key=field_sort_key))
            keep = [c for c in split_list(rec.get("representative_ids")) if c in mine]
            if not keep:
                keep = mine[:3]
            rec["representative_ids"] = ";".join(keep)
            rec["representatives"] = "\n".join(str(texts.get(c, "")) for c in keep)
        n_in, n_out = st.moved_in.get(mid, 0), st.moved_out.get(mid, 0)
        if n_in > 0:
            st.notes[mid].append(f"{plural(n_in, 'Beitrag', 'Beiträge')} durch Review hinzugefügt")
        if n_out > 0:
            st.notes[mid].append(f"{plural(n_out, 'Beitrag', 'Beiträge')} durch Review entfernt")
        rec["review_note"] = "; ".join(st.notes[mid]) if st.notes.get(mid) else pd.NA
        rows.append(rec)
    columns = list(measures.columns) + [
        c for c in ("label_proposed", "status", "review_note") if c not in measures.columns
    ]
    out = pd.DataFrame(rows, columns=columns)
    for col in columns:
        dtype = measures[col].dtype if col in measures.columns else "string"
        if pd.api.types.is_bool_dtype(dtype) and out[col].isna().any():
            dtype = "boolean"
        try:
            out[col] = out[col].astype(dtype)
        except (TypeError, ValueError):
            logger.debug("column %s keeps dtype %s after curation", col, out[col].dtype)
    return out


def _rebuild_themes(themes: pd.DataFrame, measures: pd.DataFrame) -> pd.DataFrame:
    if themes is None or themes.empty or "theme_id" not in measures.columns:
        return themes
    themes = themes.copy()
    active = measures[measures["status"] != STATUS_REJECTED]
    counts = (
        active.groupby("theme_id", dropna=True).agg(
            n_measures=("measure_id", "size"), n_contributions=("n_contributions", "sum")
        )
        if "n_contributions" in active.columns
        else None
    )
    if counts is None:
        return themes
    for col in ("n_measures", "n_contributions"):
        values = themes["theme_id"].map(counts[col]).fillna(0)
        themes[col] = values.astype(themes[col].dtype if col in themes.columns else "Int64")
    return themes


def _before_review(previous: pd.DataFrame | None, items: Sequence[Decision]) -> pd.DataFrame | None:
    """The previous run's measures *before* review, for the identity match.

    A report written by this package has ``cluster_measure_id``. For a table with only the
    curated ``measure_id``, the stored decisions are undone: merged, moved and split-off
    contributions go back to the measure they came from, so that a merged-away measure
    keeps its identity.
    """
    if previous is None or "cluster_measure_id" in previous.columns:
        return previous
    if "measure_id" not in previous.columns or not items:
        return previous
    edges = {d.target: d.value for d in items if d.kind == "merge" and d.value}

    def final(mid: str) -> str:
        seen = set()
        while mid in edges and mid not in seen:
            seen.add(mid)
            mid = edges[mid]
        return mid

    now = dict(zip(previous["contribution_id"], previous["measure_id"], strict=True))
    back: dict[str, str] = {}
    for d in items:
        if d.kind == "merge":
            dst = final(d.target)
            back.update({c: d.target for c in d.target_members if now.get(c) == dst})
    for d in items:  # moves and splits, oldest first: the later wins
        if d.kind == "split" and d.from_measure:
            back.update({c: d.from_measure for c in d.contributions if now.get(c) == d.value})
        elif d.kind == "move_contribution" and d.from_measure and now.get(d.target) == d.value:
            back[d.target] = d.from_measure
    out = previous.copy()
    mapped = out["contribution_id"].map(back)
    out["cluster_measure_id"] = mapped.fillna(out["measure_id"]).astype("string")
    return out


def apply_decisions(
    contributions: pd.DataFrame,
    measures: pd.DataFrame,
    themes: pd.DataFrame | None = None,
    decisions: DecisionsFile | Sequence[Decision] | None = None,
    *,
    previous: pd.DataFrame | None = None,
    fields: FieldsConfig | Mapping[str, Any] | None = None,
    threshold: float = DEFAULT_THRESHOLD,
) -> CurateResult:
    """Make measure ids stable and apply the review decisions.

    Parameters
    ----------
    contributions : DataFrame
        ``contribution_id``, ``measure_id`` (the clustering's), ``field``, ``text``,
        optionally ``theme_id``.
    measures : DataFrame
        The clustering's measures (``docs/contracts.md``).
    themes : DataFrame, optional
        The clustering's themes.
    decisions : DecisionsFile or sequence of Decision, optional
        The stored decisions (see :func:`load_decisions`); None applies none.
    previous : DataFrame, optional
        The previous report's ``contribution_id`` + ``cluster_measure_id``/``measure_id``
        (+ ``theme_id``), to keep ids stable (:func:`~pinneberg_analysis.curate.identity.read_previous`).
    fields : FieldsConfig or dict, optional
        The ``[fields]`` settings (extra fields and spellings), for field changes.
    threshold : float
        Minimum member overlap for a measure to keep an earlier id.

    Returns
    -------
    CurateResult
        Curated contributions, measures and themes, the decision log and the id mapping.

    Examples
    --------
    >>> import pandas as pd
    >>> from pinneberg_analysis.curate.decisions import Decision
    >>> c = pd.DataFrame({"contribution_id": ["C-1", "C-2"], "measure_id": ["M-1", "M-2"],
    ...                   "field": ["Mobilität"] * 2, "text": ["Radweg", "Radwege"]})
    >>> m = pd.DataFrame({"measure_id": ["M-1", "M-2"], "field": ["Mobilität"] * 2,
    ...                   "label": ["Radweg", "Radwege"], "n_contributions": [1, 1]})
    >>> res = apply_decisions(c, m, decisions=[Decision(kind="merge", target="M-2", value="M-1")])
    >>> res.measures[["measure_id", "n_contributions"]].values.tolist()
    [['M-1', 2]]
    """
    fields = section(fields, FieldsConfig)
    items = list(decisions.decisions if isinstance(decisions, DecisionsFile) else decisions or [])
    snapshots = DecisionsFile(decisions=items).snapshots()
    previous = _before_review(previous, items)
    measures, contributions, mapping = stabilise_ids(
        measures, contributions, previous, snapshots=snapshots, threshold=threshold
    )
    if themes is not None and "theme_id" in contributions.columns and not themes.empty:
        themes, measures, contributions, theme_map = stabilise_theme_ids(
            themes, measures, contributions, previous, threshold=threshold
        )
        mapping = pd.concat([mapping, theme_map], ignore_index=True)
    measures = measures.copy()
    if "label_proposed" not in measures.columns:
        measures["label_proposed"] = measures["label"]
    measures["status"] = pd.Series(STATUS_ACTIVE, index=measures.index, dtype="string")
    contributions = contributions.copy()
    contributions["cluster_measure_id"] = contributions["measure_id"]

    st = State(contributions, measures)
    for d in items:
        if d.kind == "merge" and d.value:
            st.feeders[d.value].add(d.target)
    for d in items:
        if d.kind == "split":
            apply_split(st, d)
        elif d.kind == "move_contribution":
            apply_move(st, d)
    apply_merges(st, [d for d in items if d.kind == "merge"])
    for kind in MEASURE_LEVEL:
        for d in items:
            if d.kind == kind:
                apply_measure_level(st, d, fields)
    assignments: dict[str, str | None] = {}
    for d in items:
        if d.kind == "assign_rating":
            resolved = apply_rating_assignment(st, d)
            if resolved is not None:
                assignments[resolved[0]] = resolved[1]

    for mid in sorted(st.field_moved):
        new_field = st.recs[mid]["field"]
        for cid in st.members(mid):
            if st.cfield and st.cfield.get(cid) != new_field:
                st.cnotes[cid].append(f"Feld durch Review geändert (vorher: {st.cfield.get(cid)})")
                st.cfield[cid] = new_field
    new_measures = _rebuild_measures(st, measures, contributions)
    out_c = contributions.copy()
    out_c["measure_id"] = pd.array([st.assign[c] for c in st.order], dtype="string")
    if st.cfield:
        out_c["field"] = pd.array(
            [st.cfield[c] for c in st.order], dtype=contributions["field"].dtype
        )
    if "theme_id" in out_c.columns and "theme_id" in new_measures.columns:
        theme_of = dict(zip(new_measures["measure_id"], new_measures["theme_id"], strict=True))
        out_c["theme_id"] = pd.array(
            [
                theme_of.get(st.assign[c], t)
                for c, t in zip(st.order, out_c["theme_id"], strict=True)
            ],
            dtype=contributions["theme_id"].dtype,
        )
    out_c["review_note"] = pd.array(
        ["; ".join(st.cnotes[c]) if st.cnotes.get(c) else pd.NA for c in st.order], dtype="string"
    )
    log = pd.DataFrame(st.log, columns=LOG_COLUMNS).astype("string")
    if len(log):
        nr = pd.to_numeric(log["decision_id"].str.extract(r"(\d+)")[0], errors="coerce")
        log = log.assign(_nr=nr).sort_values("_nr", kind="mergesort", na_position="last")
        log = log.drop(columns="_nr").reset_index(drop=True)
    n_bad = int((log["status"] == NOT_APPLICABLE).sum()) if len(log) else 0
    if n_bad:
        logger.warning(
            "%d Review-Entscheidung(en) konnten nicht angewendet werden; der Grund steht je Entscheidung im Bericht (Review-Entscheidungen, Status „nicht anwendbar“). So beheben: die Einträge im Review-Arbeitsblatt berichtigen und erneut 'review apply' ausführen.", n_bad)
    return CurateResult(
        contributions=out_c,
        measures=new_measures,
        themes=_rebuild_themes(themes, new_measures) if themes is not None else pd.DataFrame(),
        log=log,
        id_mapping=mapping,
        rating_assignments=assignments,
    )
