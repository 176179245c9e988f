"""Match the measure names written in a ratings file to the measures.

A rated name is matched by id when the ratings file gives a ``measure_id`` (an id that is
not among the measures is *unmatched*, never guessed). Otherwise it is compared with every
measure's label (alone and with its keywords), its representative texts and the texts of its
contributions, by the cosine similarity of TF-IDF vectors of character 3–5-grams (within
word boundaries) after a simple German normalisation (lower case, ä→ae, ö→oe, ü→ue, ß→ss,
punctuation to spaces). A measure's similarity is the best of these. The name is

* **matched** when the best similarity is at least ``threshold`` and leads the second-best
  measure by at least ``margin``;
* **ambiguous** when it reaches ``threshold`` but another measure is within ``margin``;
* **unmatched** otherwise.

Every distinct rated name gets one row in :attr:`RatingMatch.matches`, with its method,
similarity and best candidates, so no rating is dropped silently.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .errors import InputError

logger = logging.getLogger(__name__)

DEFAULT_THRESHOLD = 0.5
DEFAULT_MARGIN = 0.05
N_CANDIDATES = 3
_CHUNK = 256

MATCH_COLUMNS = [
    "measure_ref", "given_measure_id", "measure_id", "label", "method", "similarity",
    "status", "candidates", "n_ratings",
]


@dataclass
class RatingMatch:
    """The outcome of :func:`match_ratings`.

    Attributes
    ----------
    matches : DataFrame
        One row per distinct rated name (and given id): ``measure_ref, given_measure_id,
        measure_id`` (the match, NA if none), ``label`` (of the match), ``method`` (``id`` or
        ``text``), ``similarity`` (1.0 for an id), ``status`` (``matched``, ``ambiguous``,
        ``unmatched``), ``candidates`` (the best measures with their similarity, ";"-joined)
        and ``n_ratings`` (rows of the ratings table with that name).
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


def normalise_text(text: object) -> str:
    """Lower-case German text with umlauts spelt out and punctuation removed.

    Examples
    --------
    >>> normalise_text("Mobilitätsstationen am Bahnhof!")
    'mobilitaetsstationen am bahnhof'
    """
    if not isinstance(text, str):
        return ""
    t = text.lower()
    for a, b in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        t = t.replace(a, b)
    t = unicodedata.normalize("NFKD", t)
    t = "".join(ch for ch in t if not unicodedata.combining(ch))
    t = re.sub(r"[^0-9a-z]+", " ", t)
    return t.strip()


def _measure_documents(measures: pd.DataFrame, contributions: pd.DataFrame | None,
                       ids: list[str]) -> tuple[list[str], np.ndarray]:
    """Texts to compare with, and the measure index of each."""
    docs: list[str] = []
    owner: list[int] = []
    by_id = measures.set_index(measures["measure_id"].astype(str))
    for i, mid in enumerate(ids):
        row = by_id.loc[mid]
        label = row.get("label", "")
        label = label if isinstance(label, str) else ""
        keywords = row.get("keywords", "")
        keywords = keywords.replace(";", " ") if isinstance(keywords, str) else ""
        reps = row.get("representatives", "")
        texts = [label, f"{label} {keywords}".strip()]
        if isinstance(reps, str):
            texts += [t for t in reps.split("\n") if t.strip()]
        for t in texts:
            if normalise_text(t):
                docs.append(t)
                owner.append(i)
    if contributions is not None and len(contributions) and {"measure_id", "text"} <= set(
        contributions.columns
    ):
        pos = {mid: i for i, mid in enumerate(ids)}
        c = contributions[contributions["measure_id"].notna()]
        for mid, text in zip(c["measure_id"].astype(str), c["text"].tolist()):
            if mid in pos and normalise_text(text):
                docs.append(text)
                owner.append(pos[mid])
    order = np.argsort(np.asarray(owner, dtype=np.int64), kind="stable")
    return [docs[k] for k in order], np.asarray(owner, dtype=np.int64)[order]


def _text_similarity(refs: list[str], docs: list[str], owner: np.ndarray,
                     n_measures: int) -> np.ndarray:
    """Best similarity of each ref to each measure, shape (len(refs), n_measures)."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    out = np.zeros((len(refs), n_measures))
    if not docs or not refs:
        return out
    vec = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), preprocessor=normalise_text,
                          sublinear_tf=True, dtype=np.float64)
    vec.fit(docs + refs)
    d = vec.transform(docs).T.tocsr()
    r = vec.transform(refs)
    starts = np.flatnonzero(np.r_[True, owner[1:] != owner[:-1]])
    measures_with_docs = owner[starts]
    for lo in range(0, len(refs), _CHUNK):
        sim = (r[lo:lo + _CHUNK] @ d).toarray()
        out[lo:lo + _CHUNK, measures_with_docs] = np.maximum.reduceat(sim, starts, axis=1)
    return np.clip(out, 0.0, 1.0)


def match_ratings(
    ratings: pd.DataFrame | None,
    measures: pd.DataFrame,
    contributions: pd.DataFrame | None = None,
    *,
    threshold: float = DEFAULT_THRESHOLD,
    margin: float = DEFAULT_MARGIN,
) -> RatingMatch:
    """Match each rated measure name to a measure, by id or by text similarity.

    Parameters
    ----------
    ratings : DataFrame or None
        Long ratings (``measure_ref``, optional ``measure_id``, ...; docs/contracts.md).
    measures : DataFrame
        ``measure_id`` and ``label``; ``keywords`` and ``representatives`` are used when
        present.
    contributions : DataFrame, optional
        ``measure_id`` and ``text``: the member texts of each measure.
    threshold : float
        Least similarity for a text match (0–1).
    margin : float
        Least lead of the best measure over the second best.

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

    by_text = distinct["given_measure_id"].isna()
    refs = distinct.loc[by_text, "measure_ref"].fillna("").tolist()
    if by_text.any():
        docs, owner = _measure_documents(measures, contributions, ids)
        sims = _text_similarity(refs, docs, owner, len(ids))
    else:
        sims = np.zeros((0, len(ids)))

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
                       candidates="" if ok else "unbekannte Maßnahmen-ID")
        else:
            s = sims[text_row]
            text_row += 1
            order = np.lexsort((np.arange(len(ids)), -s))
            best = float(s[order[0]]) if len(ids) else 0.0
            second = float(s[order[1]]) if len(ids) > 1 else 0.0
            if best >= threshold and best - second >= margin:
                status = "matched"
            elif best >= threshold:
                status = "ambiguous"
            else:
                status = "unmatched"
            out.update(
                method="text", similarity=round(best, 4),
                measure_id=ids[order[0]] if status == "matched" else pd.NA, status=status,
                candidates="; ".join(f"{ids[k]} ({s[k]:.2f})" for k in order[:N_CANDIDATES]
                                     if s[k] > 0),
            )
        out["label"] = labels.get(out["measure_id"], pd.NA) if out["measure_id"] is not pd.NA \
            else pd.NA
        rows.append(out)
    matches = pd.DataFrame(rows, columns=MATCH_COLUMNS)
    matches = matches.astype({"measure_ref": "string", "given_measure_id": "string",
                              "measure_id": "string", "label": "string", "method": "string",
                              "similarity": "Float64", "status": "string",
                              "candidates": "string", "n_ratings": "Int64"})

    def _key(ref_col: pd.Series, id_col: pd.Series) -> pd.Series:
        return ref_col.fillna("\x00").astype(str) + "\x1f" + id_col.fillna("\x00").astype(str)

    row_key = _key(keys["measure_ref"], keys["given_measure_id"])
    match_key = _key(matches["measure_ref"], matches["given_measure_id"])
    r["measure_id"] = row_key.map(dict(zip(match_key, matches["measure_id"]))).astype("string")
    r["match_status"] = row_key.map(dict(zip(match_key, matches["status"]))).astype("string")
    n_bad = int((matches["status"] != "matched").sum())
    if n_bad:
        logger.warning("%d rated measure names were not matched unambiguously", n_bad)
    return RatingMatch(matches, r)
