"""Match the measure names written in a ratings file to the measures.

A rated name is matched by id when the ratings file gives a ``measure_id`` (an id that is
not among the measures is *unmatched*, never guessed). Otherwise it is compared with every
measure (single ideas included) by :func:`pinneberg_analysis.ranking.similarity.similarity`:
the mean of a character-n-gram and two German-term TF-IDF similarities to the measure's
label, keywords, representatives and member titles and texts, counted only where the measure
holds a word of the name's core (its words before the first preposition). When the ratings
table has a ``field`` column, only measures of that field (``field`` or ``fields``) compete.

Rated names stand for distinct measures, so the names are assigned to measures one-to-one
(:func:`scipy.optimize.linear_sum_assignment`, maximising the total similarity over the
pairs that reach the floor ``threshold``). A name is

* **matched** to its assigned measure when the similarity reaches ``threshold`` and the
  measure either leads the name's next free candidate by at least ``margin`` or is the
  *mutual best* (the name's best measure, and no other name is closer to it);
* **ambiguous** when it has a candidate above the floor but none of this holds, or when
  another name clearly claims the same best measure too (both lead their next candidate by
  ``margin``: two rated measures that fall into one measure, which a person has to split),
  or when its best measure went to a closer name;
* **unmatched** when no measure with evidence reaches the floor.

When the grouping ran with sentence vectors, a name left without a measure gets a second
chance by meaning (:mod:`pinneberg_analysis.ranking.meaning`, method ``meaning``, always to
be checked), and a text match is only sure when the meaning view agrees.

Every distinct rated name gets one row in :attr:`RatingMatch.matches`, with its method,
similarity, best candidates and, when it is not matched, why (in German, for the report), so
no rating is dropped silently.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from pinneberg_analysis.core.errors import InputError
from pinneberg_analysis.core.fields import canonical_field
from pinneberg_analysis.nlp.glossary import Glossary
from pinneberg_analysis.ranking.meaning import (
    meaning_best,
    meaning_similarity,
    one_to_one,
    second_chance,
    vectors_at_hand,
)
from pinneberg_analysis.ranking.similarity import measure_documents, normalise_text, similarity

__all__ = ["Decision", "RatingMatch", "assign_names", "match_ratings", "normalise_text"]

logger = logging.getLogger(__name__)

DEFAULT_THRESHOLD = 0.18
DEFAULT_MARGIN = 0.05
N_CANDIDATES = 3

#: A text match is *sure* (needs no confirmation) only with at least this similarity and
#: this lead over the next measure with evidence; every other name goes to the authors.
SURE_SIMILARITY = 0.45
SURE_LEAD = 0.15

MATCH_COLUMNS = [
    "measure_ref", "given_measure_id", "measure_id", "label", "method", "similarity",
    "status", "candidates", "n_ratings", "proposed_id", "alternative_ids", "reason",
    "needs_review",
]


@dataclass
class RatingMatch:
    """The outcome of :func:`match_ratings`.

    Attributes
    ----------
    matches : DataFrame
        One row per distinct rated name (and given id): ``measure_ref, given_measure_id,
        measure_id`` (the match, NA if none), ``label`` (of the match), ``method`` (``id``,
        ``text`` or ``meaning``), ``similarity`` (1.0 for an id; the centred cosine of a
        ``meaning`` match; else the word similarity of the match or the best candidate),
        ``status`` (``matched``, ``ambiguous``, ``unmatched``), ``candidates`` (the best
        measures with their similarity, ";"-joined, then after " | " why an ambiguous name
        was not matched), ``n_ratings`` (rows of the ratings table with that name),
        ``proposed_id`` (the match, else the best candidate with evidence), ``alternative_ids``
        (the next two candidates, ";"-joined), ``reason`` (German: why it is not matched)
        and ``needs_review`` (not matched, a match by meaning, or a text match that is not
        sure: similarity under :data:`SURE_SIMILARITY`, lead under :data:`SURE_LEAD`, or
        another best measure by meaning). ``method`` is
        ``decision`` where the authors assigned the name (``assigned``).
    ratings : DataFrame
        The input ratings with ``measure_id`` set to the matched measure (NA when the name
        is unmatched or ambiguous) and ``match_status`` added.
    """

    matches: pd.DataFrame
    ratings: pd.DataFrame

    @property
    def unmatched(self) -> pd.DataFrame:
        """The rated names that matched no measure, or more than one."""
        return self.matches[self.matches["status"] != "matched"].reset_index(drop=True)


@dataclass(frozen=True)
class Decision:
    """The decision for one name: measure index (or None), status, why it is not matched
    and the other name involved in a conflict (row index, or None)."""

    measure: int | None
    status: str
    reason: str = ""
    other: int | None = None


def _argmax(values: np.ndarray) -> int:
    """Index of the largest value, the first one on ties."""
    return int(np.argmax(values))


def assign_names(sim: np.ndarray, floor: float, margin: float) -> list[Decision]:
    """Decide for each name (row) which measure (column) it names.

    Parameters
    ----------
    sim : ndarray, shape (names, measures)
        Similarity, 0 where the measure holds no evidence for the name.
    floor : float
        Least similarity of a match (a match also needs a similarity above 0).
    margin : float
        Least lead over the name's next free candidate (a measure not assigned to another
        name), unless mutual best: the name's strictly best measure, and no other name is
        as close to it.

    Returns
    -------
    list of Decision
        One per row; ``reason`` is ``contested`` (another name clearly claims the same best
        measure), ``taken`` (its best measure went to another name), ``close`` (the next
        candidate is within ``margin``), ``below`` (no candidate reaches the floor) or
        ``none`` (no candidate at all).

    Examples
    --------
    >>> [d.status for d in assign_names(np.array([[0.6, 0.1], [0.5, 0.45]]), 0.2, 0.05)]
    ['matched', 'matched']
    >>> [d.measure for d in assign_names(np.array([[0.6, 0.1], [0.5, 0.45]]), 0.2, 0.05)]
    [0, 1]
    """
    k, n = sim.shape
    if n == 0:
        return [Decision(None, "unmatched", "none")] * k
    ok = (sim >= floor) & (sim > 0)
    assigned = one_to_one(np.where(ok, sim, 0.0))
    holder = {j: i for i, j in assigned.items()}
    held = np.zeros(n, dtype=bool)
    held[list(holder)] = True
    best = sim.argmax(axis=1)
    top_two = -np.sort(-sim, axis=0)[:2] if k > 1 else np.vstack([sim, np.zeros((1, n))])

    def lead(i: int, j: int, free_only: bool) -> float:
        """How far j is ahead of i's next candidate (free ones only: not held by a name)."""
        others = ~held if free_only else np.ones(n, dtype=bool)
        others[j] = False
        return float(sim[i, j] - (sim[i, others].max() if others.any() else 0.0))

    claims: dict[int, list[int]] = {}
    for i in range(k):
        if ok[i, best[i]] and lead(i, best[i], free_only=False) >= margin:
            claims.setdefault(int(best[i]), []).append(i)
    out: list[Decision] = []
    for i in range(k):
        b = int(best[i])
        rivals = [r for r in claims.get(b, []) if r != i]
        if rivals and i in claims[b]:
            out.append(Decision(None, "ambiguous", "contested", rivals[0]))
        elif i not in assigned:
            if ok[i, b]:
                out.append(Decision(None, "ambiguous", "taken", holder.get(b)))
            else:
                out.append(Decision(None, "unmatched", "below" if sim[i, b] > 0 else "none"))
        else:
            j = assigned[i]
            ahead = lead(i, j, free_only=True)  # j is held by i itself
            # mutual best: j is i's strictly best free candidate and no other name is as close
            mutual = b == j and ahead > 0 and sim[i, j] == top_two[0, j] > top_two[1, j]
            if ahead >= margin or mutual:
                out.append(Decision(j, "matched"))
            elif b != j:
                out.append(Decision(None, "ambiguous", "taken", holder.get(b)))
            else:
                out.append(Decision(None, "ambiguous", "close"))
    return out


def _field_mask(fields_of_names: list[str | None], measures: pd.DataFrame,
                ids: list[str]) -> np.ndarray:
    """Which measures each name may match: those of its field (all when it has none)."""
    mask = np.ones((len(fields_of_names), len(ids)), dtype=bool)
    if not any(fields_of_names):
        return mask
    by_id = measures.set_index(measures["measure_id"].astype(str))
    own: list[set[str]] = []
    for mid in ids:
        row = by_id.loc[mid]
        names = {row.get("field")} if isinstance(row.get("field"), str) else set()
        if isinstance(row.get("fields"), str):
            names |= {f.strip() for f in row.get("fields").split(";")}
        own.append({canonical_field(f) or f for f in names if f})
    for i, f in enumerate(fields_of_names):
        if f:
            mask[i] = [f in s for s in own]
    return mask


def _name_fields(ratings: pd.DataFrame, keys: pd.DataFrame,
                 distinct: pd.DataFrame) -> list[str | None]:
    """The field of each distinct name, when the ratings table names one (else None)."""
    if "field" not in ratings.columns:
        return [None] * len(distinct)
    canon = ratings["field"].map(lambda v: canonical_field(v) if isinstance(v, str) else None)
    table = pd.DataFrame({"ref": keys["measure_ref"].fillna("\x00"),
                          "id": keys["given_measure_id"].fillna("\x00"), "field": canon})
    table = table.dropna(subset=["field"])
    firsts = table.groupby(["ref", "id"], sort=True)["field"].agg(
        lambda s: s.iloc[0] if s.nunique() == 1 else None)
    return [firsts.get((r if isinstance(r, str) else "\x00", g if isinstance(g, str) else
                        "\x00")) for r, g in zip(distinct["measure_ref"],
                                                 distinct["given_measure_id"])]


def _candidates(s_row: np.ndarray, e_row: np.ndarray, ids: list[str]) -> str:
    """The best measures, those with evidence first, as "ID (0.42); ..."."""
    order = np.lexsort((np.arange(len(ids)), -s_row, ~e_row))
    return "; ".join(f"{ids[k]} ({s_row[k]:.2f})" for k in order[:N_CANDIDATES]
                     if s_row[k] > 0)


def _reason(d: Decision, refs: list[str]) -> str:
    """Why a name is not matched, in German (shown in the report)."""
    other = f"«{refs[d.other]}»" if d.other is not None else ""
    return {
        "contested": f"dieselbe beste Maßnahme wie {other}",
        "taken": f"beste Maßnahme passt besser zu {other}" if other
        else "beste Maßnahme anderweitig vergeben",
        "close": "nächste Maßnahme fast gleich ähnlich",
        "below": "Ähnlichkeit unter der Mindestschwelle",
        "none": "kein Kernwort des Namens in einer Maßnahme",
    }.get(d.reason, "")


def _text_sure(sims: np.ndarray, evidence: np.ndarray, decisions: list[Decision]) -> np.ndarray:
    """Whether each name's match passes the word bar of a sure match (similarity and lead
    over the next measure with evidence)."""
    out = np.zeros(len(decisions), dtype=bool)
    for i, d in enumerate(decisions):
        if d.measure is not None:
            rest = evidence[i] & (sims[i] > 0)
            rest[d.measure] = False
            lead = sims[i, d.measure] - (sims[i, rest].max() if rest.any() else 0.0)
            out[i] = sims[i, d.measure] >= SURE_SIMILARITY and lead >= SURE_LEAD
    return out


def _unsure(text_sure: bool) -> str:
    """Why a text match needs review, in German."""
    return ("unsicher: die Bedeutung passt besser zu einer anderen Maßnahme" if text_sure
            else "unsicher: geringe Ähnlichkeit oder knapper Vorsprung")


def match_ratings(
    ratings: pd.DataFrame | None,
    measures: pd.DataFrame,
    contributions: pd.DataFrame | None = None,
    *,
    threshold: float = DEFAULT_THRESHOLD,
    margin: float = DEFAULT_MARGIN,
    glossary: Glossary | None = None,
    assigned: Mapping[str, str | None] | None = None,
    meaning: bool | None = None,
) -> RatingMatch:
    """Match each rated measure name to a measure, by id, decision or text (one-to-one).

    Parameters
    ----------
    ratings : DataFrame or None
        Long ratings (``measure_ref``, optional ``measure_id`` and ``field``, ...;
        docs/contracts.md).
    measures : DataFrame
        ``measure_id`` and ``label``; ``keywords``, ``representatives``, ``field`` and
        ``fields`` are used when present.
    contributions : DataFrame, optional
        ``measure_id``, ``text`` and optional ``title``: the members of each measure.
    threshold : float
        Floor: least similarity of a text match (0–1).
    margin : float
        Least lead of the assigned measure over the name's next free candidate, unless
        the two are each other's best.
    glossary : Glossary, optional
        The project's vocabulary (the ``[nlp]`` config) for the German terms of names and texts.
    assigned : mapping of str to (str or None), optional
        The authors' decisions: rated name -> measure id (None: no measure). These names
        are not matched by text, and their measures are no candidates for other names.
    meaning : bool, optional
        Give the names that text leaves without a measure a second chance by meaning
        (:mod:`~pinneberg_analysis.ranking.meaning`; such matches always need review), and
        call a text match sure only when the meaning view agrees. None (default): when the
        grouping ran with sentence vectors (:func:`~.meaning.vectors_at_hand`).

    Returns
    -------
    RatingMatch

    Examples
    --------
    >>> measures = pd.DataFrame({"measure_id": ["M1", "M2"],
    ...                          "label": ["Mobilitätsstationen am Bahnhof", "Digitales Rathaus"]})
    >>> ratings = pd.DataFrame({"measure_ref": ["Mobilitaetsstation Bahnhof", "Stadtwald"],
    ...                         "rater": ["A", "A"], "criterion": ["Wirkung"] * 2,
    ...                         "value": [4.0, 2.0]})
    >>> match_ratings(ratings, measures).matches[["measure_ref", "measure_id", "status"]]
                      measure_ref measure_id     status
    0  Mobilitaetsstation Bahnhof         M1    matched
    1                   Stadtwald       <NA>  unmatched
    """
    empty = pd.DataFrame({c: pd.Series(dtype="object") for c in MATCH_COLUMNS})
    if ratings is None or len(ratings) == 0:
        base = ratings.copy() if ratings is not None else pd.DataFrame()
        return RatingMatch(empty, base.assign(match_status=pd.Series(dtype="string")))
    if "measure_ref" not in ratings.columns and "measure_id" not in ratings.columns:
        raise InputError("the ratings table has neither measure_ref nor measure_id",
                         hint="pass the ratings table described in docs/contracts.md.")
    r = ratings.copy()
    given = (r["measure_id"] if "measure_id" in r.columns
             else pd.Series(pd.NA, index=r.index)).astype("string")
    ref = (r["measure_ref"] if "measure_ref" in r.columns
           else pd.Series(pd.NA, index=r.index)).astype("string")
    keys = pd.DataFrame({"measure_ref": ref, "given_measure_id": given})
    distinct = (keys.value_counts(dropna=False).rename("n_ratings").reset_index()
                .sort_values(["measure_ref", "given_measure_id"], kind="stable", na_position="last")
                .reset_index(drop=True))
    ids = sorted(measures["measure_id"].astype(str).tolist())
    labels = dict(zip(measures["measure_id"].astype(str), measures.get("label", pd.Series(
        pd.NA, index=measures.index))))
    id_set = set(ids)

    by_text = distinct["given_measure_id"].isna().to_numpy()
    refs = distinct.loc[by_text, "measure_ref"].fillna("").tolist()
    if by_text.any() and ids:
        sims, evidence = similarity(refs, measure_documents(measures, contributions, ids),
                                    len(ids), glossary=glossary)
        fields = [f for f, t in zip(_name_fields(r, keys, distinct), by_text) if t]
        allowed = _field_mask(fields, measures, ids)
        evidence &= allowed
    else:
        sims = np.zeros((len(refs), len(ids)))
        evidence = np.zeros(sims.shape, dtype=bool)
        allowed = np.ones(sims.shape, dtype=bool)
    assigned = {k: v for k, v in (assigned or {}).items() if v is None or v in id_set}
    decided = np.array([ref_ in assigned for ref_ in refs], dtype=bool)
    gated = np.where(evidence, sims, 0.0)
    free = gated.copy()
    taken = [ids.index(v) for v in assigned.values() if v is not None]
    free[:, taken] = 0.0
    free[decided] = 0.0
    decisions = assign_names(free, threshold, margin)
    use_meaning = vectors_at_hand(contributions) if meaning is None else meaning
    msim, agree, chances = None, None, {}
    if use_meaning and len(refs) and ids:
        # only the names meaning can change are encoded: the open ones, and the text
        # matches that pass the word bar of a sure match (meaning must agree)
        open_rows = np.array([d.status != "matched" for d in decisions]) & ~decided
        ask = open_rows | (_text_sure(sims, evidence, decisions) & ~decided)
        msim = np.zeros(sims.shape)
        msim[ask] = meaning_similarity([x for x, a in zip(refs, ask) if a], measures,
                                       contributions, ids)
        agree = meaning_best(msim, allowed)
        held = np.zeros(len(ids), dtype=bool)
        held[taken + [d.measure for d in decisions if d.measure is not None]] = True
        chances = second_chance(msim, gated, evidence, allowed, open_rows, ~held)

    rows = []
    text_row = 0
    for rec in distinct.itertuples(index=False):
        out = {"measure_ref": rec.measure_ref, "given_measure_id": rec.given_measure_id,
               "n_ratings": int(rec.n_ratings)}
        if rec.given_measure_id is not pd.NA:
            mid = str(rec.given_measure_id)
            ok = mid in id_set
            out.update(method="id", similarity=1.0 if ok else np.nan,
                       measure_id=mid if ok else pd.NA,
                       status="matched" if ok else "unmatched",
                       candidates="" if ok else "unbekannte Maßnahmen-ID",
                       proposed_id=mid if ok else pd.NA, alternative_ids="",
                       reason="" if ok else "unbekannte Maßnahmen-ID", needs_review=not ok)
        else:
            i = text_row
            text_row += 1
            d = decisions[i]
            s, e = sims[i], evidence[i]
            shown = d.measure if d.measure is not None else (
                _argmax(gated[i]) if e.any() else (_argmax(s) if len(ids) else None))
            cands = _candidates(s, e, ids)
            note = _reason(d, refs)
            order = [k for k in np.lexsort((np.arange(len(ids)), -s, ~e)) if s[k] > 0]
            if i in chances:
                c = chances[i]
                shown = c.measure
                d = Decision(c.measure, "matched", "meaning")
                note = "nach Bedeutung zugeordnet" + (
                    "" if c.evidence else ", ohne gemeinsames Wort") + ": bitte prüfen"
                both = msim[i] + gated[i]
                order = [k for k in np.lexsort((np.arange(len(ids)), -both)) if allowed[i, k]]
            if rec.measure_ref in assigned:
                mid = assigned[rec.measure_ref]
                shown = ids.index(mid) if mid is not None else shown
                d = Decision(shown if mid is not None else None,
                             "matched" if mid is not None else "unmatched", "decided")
                note = "" if mid is not None else "im Review keiner Maßnahme zugeordnet"
            proposed = d.measure if d.measure is not None else (order[0] if order else None)
            alts = [k for k in order if k != proposed][:2]
            lead = float(s[proposed] - max((s[k] for k in order if k != proposed and e[k]),
                                           default=0.0)) if proposed is not None else 0.0
            sure = (d.reason == "decided" or (
                d.reason != "meaning" and d.status == "matched" and s[proposed]
                >= SURE_SIMILARITY and lead >= SURE_LEAD and (agree is None
                                                             or agree[i] == proposed)))
            out.update(
                method={"decided": "decision", "meaning": "meaning"}.get(d.reason, "text"),
                similarity=(round(float((msim if d.reason == "meaning" else sims)[i, shown]), 4)
                            if shown is not None else np.nan),
                measure_id=ids[d.measure] if d.measure is not None else pd.NA,
                status=d.status,
                candidates=f"{cands} | {note}" if note else cands,
                proposed_id=ids[proposed] if proposed is not None else pd.NA,
                alternative_ids=";".join(ids[k] for k in alts),
                reason=note or ("" if sure else _unsure(s[proposed] >= SURE_SIMILARITY
                                                        and lead >= SURE_LEAD)),
                needs_review=not sure,
            )
        out["label"] = labels.get(out["measure_id"], pd.NA) if out["measure_id"] is not pd.NA \
            else pd.NA
        rows.append(out)
    matches = pd.DataFrame(rows, columns=MATCH_COLUMNS)
    matches = matches.astype({"measure_ref": "string", "given_measure_id": "string",
                              "measure_id": "string", "label": "string", "method": "string",
                              "similarity": "Float64", "status": "string",
                              "candidates": "string", "n_ratings": "Int64",
                              "proposed_id": "string", "alternative_ids": "string",
                              "reason": "string", "needs_review": "boolean"})

    def _key(ref_col: pd.Series, id_col: pd.Series) -> pd.Series:
        return ref_col.fillna("\x00").astype(str) + "\x1f" + id_col.fillna("\x00").astype(str)

    row_key = _key(keys["measure_ref"], keys["given_measure_id"])
    match_key = _key(matches["measure_ref"], matches["given_measure_id"])
    r["measure_id"] = row_key.map(dict(zip(match_key, matches["measure_id"]))).astype("string")
    r["match_status"] = row_key.map(dict(zip(match_key, matches["status"]))).astype("string")
    n_bad = int((matches["status"] != "matched").sum())
    if n_bad:
        names = "bewerteter Name ist" if n_bad == 1 else "bewertete Namen sind"
        logger.warning(
            "%d %s keiner Maßnahme zugeordnet. So beheben: in review.xlsx im Blatt „Bewertungen "
            "zuordnen“ die Maßnahme wählen und 'review apply' ausführen.", n_bad, names)
    return RatingMatch(matches, r)
