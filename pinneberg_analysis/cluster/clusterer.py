"""Contributions → measures (Maßnahmen) and themes (Themen).

Steps (per field of action when ``per_field=True``):

1. **Vectors**: :class:`~pinneberg_analysis.features.vectorizer.TextVectorizer` (lemma terms plus
   content-word character n-grams): LSA vectors for the themes, the sparse TF-IDF vectors
   for measures and duplicates.
2. **Near-duplicates** (cosine >= 0.85 of the word vectors, and half their characters in
   common, see :mod:`~pinneberg_analysis.cluster.duplicates`) are
   flagged and take part in the clustering once, through their original, so a copy-paste
   campaign counts as support for a measure but does not pull the clustering.
3. **Similarity** between two contributions is the *centred* cosine: the cosine of their
   TF-IDF vectors after subtracting the corpus mean. What every text shares with every
   other (domain words, the length of long texts) no longer counts, so one threshold fits
   short workshop notes and long online posts.
4. **Known measures** (``known_measures``) take every contribution whose similarity to
   their name and keywords reaches the threshold plus 0.2.
5. **How many measures**: average-linkage agglomerative clustering, cut where the mean
   similarity between two groups falls below a threshold (granularity ``fein`` 0.15,
   ``mittel`` 0.10, ``grob`` 0.06; calibrated on hand-coded fixtures and the sample
   process, checked on the Bonn corpus): "the contributions of a measure are, on average,
   this much more alike than two random contributions". ``n_measures`` instead cuts all
   fields' trees at one common height.
6. **Themes**: ``round(sqrt(M))`` themes for a field with ``M`` recurring measures of the
   field-level cut of step 5 (see :mod:`~pinneberg_analysis.cluster.themes`): Ward on the LSA
   vectors smoothed towards their measure's centre, then k-means; in fields with few
   themes no theme of a single measure unless that measure is isolated.
7. **Measures** are then cut inside each theme, so the theme level is the best partition
   of the contributions; a group of one contribution is a single idea (``is_single``),
   reported like any measure.
8. **Borders**: measures that a theme or field border cut apart merge again by the rule
   of the cut, average linkage: when the average centred similarity of their
   contributions reaches the threshold plus 0.2, they are each other's nearest measure
   across the border, and not both single ideas (at most one measure per field and theme
   in a merged measure; see :mod:`~pinneberg_analysis.cluster.merge`). A measure drawing
   contributions from several fields has the field with most contributions as ``field``;
   ``fields`` lists it first, then the others.
9. **Labels** (:mod:`~pinneberg_analysis.label.groups`).

Every step is deterministic for given inputs and seed (the LSA uses ARPACK up to 5,000 texts, a seeded randomised SVD above);
``random_state`` only seeds the k-means blocks used above 4,000 contributions per field.
Ids are provisional: ``M-``/``T-`` + 8 hex digits of a hash of the group's smallest
contribution id (known measures: of their name); :mod:`pinneberg_analysis.curate.apply` maps
them to stable ids.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp
from sklearn.base import BaseEstimator, ClusterMixin, clone

from pinneberg_analysis.cluster.crossfield import MARGIN as CROSS_FIELD_MARGIN
from pinneberg_analysis.cluster.crossfield import cross_field_groups
from pinneberg_analysis.cluster.duplicates import near_duplicate_groups
from pinneberg_analysis.cluster.frames import build_tables
from pinneberg_analysis.cluster.linkage import (
    Similarities,
    common_cut,
    cut_tree,
    linkage_tree,
    n_recurring,
    tree_blocks,
)
from pinneberg_analysis.cluster.incidental import without_incidental
from pinneberg_analysis.cluster.merge import merge_across_borders
from pinneberg_analysis.cluster.mode import choose_grouping_mode
from pinneberg_analysis.cluster.refine import refine_assignment
from pinneberg_analysis.cluster.themes import n_themes_for, theme_partition
from pinneberg_analysis.core.config import ClusterConfig, section
from pinneberg_analysis.core.errors import ConfigError, InputError
from pinneberg_analysis.core.fields import field_sort_key
from pinneberg_analysis.core.progress import begin
from pinneberg_analysis.features.vectorizer import TextVectorizer
from pinneberg_analysis.ingest.known import known_measures_table, load_known_measures
from pinneberg_analysis.nlp.document import as_documents, texts_of
from pinneberg_analysis.nlp.glossary import Glossary

logger = logging.getLogger(__name__)

__all__ = ["GRANULARITIES", "MeasureClusterer", "THRESHOLDS", "cluster_contributions"]

GRANULARITIES = ("fein", "mittel", "grob")
#: Average cosine similarity within a measure, per backend and granularity.
THRESHOLDS: dict[str, dict[str, float]] = {
    "tfidf": {"fein": 0.15, "mittel": 0.10, "grob": 0.06},
    "tfidf+e5": {"fein": 0.20, "mittel": 0.14, "grob": 0.10},
    "embeddings": {"fein": 0.45, "mittel": 0.35, "grob": 0.25},
}
#: Threshold table of each vectorizer representation (the rest use "tfidf").
BACKEND_OF_REPRESENTATION = {"embeddings": "embeddings", "lemma+char+e5": "tfidf+e5"}
#: Known measures take contributions this much more similar than the threshold.
KNOWN_MARGIN = 0.2
#: Cut measures inside themes (True) or per field, each then put in its members' main theme.
NEST_MEASURES = True
#: Find town-wide ideas across fields before the per-field cut (see :mod:`.crossfield`).
CROSS_FIELD = True
#: Move contributions to their best measure after the cut (see :mod:`.refine`).
REFINE = False
#: Weight down features spread over many provisional groups (see :mod:`.incidental`).
SPREAD = False


class MeasureClusterer(ClusterMixin, BaseEstimator):
    """Group contributions into measures and themes (see the module docstring).

    Parameters
    ----------
    granularity : {"fein", "mittel", "grob"}
        How similar contributions must be to form one measure.
    n_measures : int, optional
        Fix the total number of measures instead.
    n_themes : int, optional
        Fix the number of themes per field instead of ``round(sqrt(measures))``.
    per_field : bool
        Cluster each field on its own (measures may still merge across fields).
    known_measures : DataFrame, optional
        Measures to seed the clustering: ``name``, optional ``keywords`` and ``field``, as
        :func:`~pinneberg_analysis.ingest.known.load_known_measures` returns them. The
        estimator reads no files: read a file with ``load_known_measures(path)`` first.
    vectorizer : TextVectorizer, optional
        Cloned and fitted on the contributions; default ``TextVectorizer()``. Its
        ``glossary`` (a project's own vocabulary) also serves the labels.
    random_state : int, optional
        Seed (LSA start vector, k-means blocks of very large fields).

    Attributes
    ----------
    labels_ : ndarray of int
        Row of ``measures_`` for each contribution (never -1: a single idea is a measure).
    n_clusters_ : int
        Number of measures (single ideas included).
    measures_, themes_, assignments_ : DataFrame
        See ``docs/contracts.md``; ``measures_`` also has ``is_known``.
    vectorizer_ : TextVectorizer
        The fitted vectorizer.
    summary_ : dict
        Threshold, numbers of measures, themes, single ideas, near-duplicates.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"contribution_id": ["C-1", "C-2", "C-3"], "field": "Mobilität",
    ...                    "text": ["Mehr Radwege bauen", "Mehr Radwege bauen!", "WLAN am Rathaus"]})
    >>> MeasureClusterer().fit(df).n_clusters_
    2
    """

    def __init__(
        self,
        granularity: str = "mittel",
        n_measures: int | None = None,
        n_themes: int | None = None,
        per_field: bool = True,
        known_measures: pd.DataFrame | None = None,
        vectorizer: TextVectorizer | None = None,
        random_state: int | None = 42,
    ) -> None:
        self.granularity = granularity
        self.n_measures = n_measures
        self.n_themes = n_themes
        self.per_field = per_field
        self.known_measures = known_measures
        self.vectorizer = vectorizer
        self.random_state = random_state

    # ------------------------------------------------------------------------------------
    def _validate(self, X: Any) -> pd.DataFrame:
        if self.granularity not in GRANULARITIES:
            raise ConfigError(
                f"unknown granularity {self.granularity!r}; accepted: {', '.join(GRANULARITIES)}"
            )
        for name in ("n_measures", "n_themes"):
            value = getattr(self, name)
            if value is not None and (not isinstance(value, (int, np.integer)) or value < 1):
                raise ConfigError(f"{name} must be a whole number >= 1, got {value!r}")
        if not isinstance(X, pd.DataFrame):
            X = pd.DataFrame({"text": list(X)})
        df = X.reset_index(drop=True).copy()
        if "text" not in df.columns:
            raise InputError(f"the contributions have no 'text' column (columns: {list(df.columns)})")
        if "contribution_id" not in df.columns:
            df["contribution_id"] = [f"C-{i:010d}" for i in range(len(df))]
        ids = df["contribution_id"].astype("string")
        if ids.isna().any() or ids.duplicated().any():
            bad = ids[ids.isna() | ids.duplicated(keep=False)].astype(str).tolist()[:5]
            raise InputError(f"contribution_id must be unique and present; problems: {bad}",
                             column="contribution_id")
        df["contribution_id"] = ids.astype(str)
        field = df["field"] if "field" in df.columns else pd.Series("", index=df.index)
        df["field"] = field.astype("string").fillna("").astype(str)
        if not self.per_field:
            df["_block"] = ""
        else:
            df["_block"] = df["field"]
        return df

    def _threshold(self) -> float:
        vec = self.vectorizer
        representation = vec.representation if vec is not None else ""
        return THRESHOLDS[BACKEND_OF_REPRESENTATION.get(representation, "tfidf")][self.granularity]

    def fit(self, X: Any, y: Any = None) -> "MeasureClusterer":
        """Cluster the contributions.

        Parameters
        ----------
        X : DataFrame
            Contributions (``contribution_id``, ``text``; optional ``title``, ``field``,
            ``duplicate_of``); a list of texts also works.
        y : ignored

        Returns
        -------
        self
        """
        df = self._validate(X)
        known_table = self._known_table()
        n = len(df)
        if n == 0:
            raise InputError("there are no contributions to cluster")
        step = begin("Gruppen bilden (Merkmale, Dubletten, Bäume, Themen, Maßnahmen, Namen)", 6)
        vec = clone(self.vectorizer) if self.vectorizer is not None else TextVectorizer()
        docs = as_documents(df, vec.glossary)  # the vectorizer's vocabulary, for the labels too
        if vec.random_state is None:
            vec.set_params(random_state=self.random_state)
        Z, S = vec.fit_vectors(docs)
        Z = Z.toarray() if sp.issparse(Z) else np.asarray(Z)
        self.vectorizer_ = vec
        tau = self._threshold()
        sims = Similarities(S)
        step.advance()
        Z_words, S_words = vec.without_e5(Z, S)
        word_sims = sims if S_words is S else Similarities(S_words)
        original = near_duplicate_groups(S_words, exact_of=self._exact_of(df), similarity=word_sims.full,
                                         candidates=Z_words if word_sims.full is None else None,
                                         texts=texts_of(docs))
        is_rep = original == np.arange(n)
        step.advance()

        measure = np.full(n, -1, dtype=int)
        theme = np.full(n, -1, dtype=int)
        known = self._known(known_table, df, vec, sims, is_rep, tau + KNOWN_MARGIN, measure)
        n_known = int(measure.max() + 1) if (measure >= 0).any() else 0
        if CROSS_FIELD and self.per_field and self.n_measures is None:
            # town-wide ideas become one measure before the fields are cut (see .crossfield);
            # from here on they are fixed like known measures
            for g in cross_field_groups(sims, np.flatnonzero(is_rep & (measure < 0)),
                                        df["field"].to_numpy(), tau + CROSS_FIELD_MARGIN):
                measure[g] = n_known
                n_known += 1

        blocks = sorted(df["_block"].unique(), key=field_sort_key)
        block_rows = {b: np.nonzero((df["_block"] == b).to_numpy() & is_rep)[0] for b in blocks}
        free = {b: r[measure[r] < 0] for b, r in block_rows.items()}
        if SPREAD and self.n_measures is None:
            sims = without_incidental(S, Z, sims, free, tau, getattr(vec, "n_e5_features_", 0), self.random_state)
        # 1. how many recurring measures (2+ contributions) each block has -> how many themes
        weight = np.bincount(original, minlength=n)  # a representative stands for its duplicates
        trees = {b: [(linkage_tree(sims, g), g) for g in tree_blocks(r, Z, self.random_state)] for b, r in free.items()}
        if self.n_measures is None:
            cuts_of = {b: [(cut_tree(t, len(g), tau, None), g) for t, g in ts] for b, ts in trees.items()}
        else:
            per_tree = iter(common_cut([(t, len(g)) for b in blocks for t, g in trees[b]],
                                        max(1, self.n_measures - n_known)))
            cuts_of = {b: [(cut_tree(t, len(g), None, next(per_tree)), g) for t, g in trees[b]] for b in blocks}
        counts = {b: sum(n_recurring(c, weight[g]) for c, g in cs) for b, cs in cuts_of.items()}
        step.advance()
        # 2. themes per block
        next_theme = 0
        for b in blocks:
            rows = block_rows[b]
            if len(rows) == 0:
                continue
            used_known = len(np.unique(measure[rows][measure[rows] >= 0]))
            k = self.n_themes or n_themes_for(counts[b] + used_known, len(rows))
            part = theme_partition(Z[rows], k, self.random_state, groups=_local_groups(rows, measure, cuts_of[b]))
            theme[rows] = part + next_theme
            next_theme += int(part.max()) + 1
        step.advance()
        # known measures live in the theme of most of their members
        for m in range(n_known):
            rows = np.nonzero((measure == m) & is_rep)[0]
            if len(rows):
                theme[rows] = np.bincount(theme[rows]).argmax()
        # 3. measures: the cuts of step 1 (a measure then lives in the theme of most of its members)
        if NEST_MEASURES:
            pieces = []
            for b in blocks:
                rows = free[b]
                for t in np.unique(theme[rows]):
                    for g in tree_blocks(rows[theme[rows] == t], Z, self.random_state):
                        pieces.append((linkage_tree(sims, g), g))
            if self.n_measures is None:
                cuts = [(cut_tree(t, len(g), tau, None), g) for t, g in pieces]
            else:
                sizes = common_cut([(t, len(g)) for t, g in pieces], max(1, self.n_measures - n_known))
                cuts = [(cut_tree(t, len(g), None, k), g) for (t, g), k in zip(pieces, sizes)]
        else:
            cuts = [cg for b in blocks for cg in cuts_of[b]]
        next_measure = n_known
        for cut, g in cuts:
            if len(g) == 0:
                continue
            labels = np.unique(cut, return_inverse=True)[1]
            measure[g] = labels + next_measure
            next_measure += int(labels.max()) + 1
        # 4. duplicates follow their original
        measure = measure[original]
        theme = theme[original]
        if (len(blocks) > 1 or NEST_MEASURES) and self.n_measures is None:
            measure, theme = self._merge_measures(df, sims, measure, theme, tau, n_known)
        if REFINE and self.n_measures is None:
            measure, theme = refine_assignment(sims, measure, theme, original, is_rep, tau, n_known)
        step.advance()
        tables = build_tables(df, docs, S, measure, theme, original, known)
        step.advance()
        n_single = int(tables.measures["is_single"].sum())
        self.labels_ = tables.labels
        self.n_clusters_ = len(tables.measures)
        self.measures_ = tables.measures
        self.themes_ = tables.themes
        self.assignments_ = tables.assignments
        self.summary_ = {
            "threshold": tau,
            "granularity": self.granularity,
            "n_near_duplicates": int((~is_rep).sum()),
            "n_contributions": n,
            "n_measures": len(tables.measures),
            "n_single": n_single,
            "single_share": n_single / n,
            "n_themes": len(tables.themes),
            "n_known_used": 0 if known is None else len(known),
        }
        return self

    def fit_predict(self, X: Any, y: Any = None) -> np.ndarray:
        """Cluster and return ``labels_``."""
        return self.fit(X).labels_

    def __sklearn_tags__(self) -> Any:
        """Tags: the input is text (a table of contributions or a list of texts)."""
        tags = super().__sklearn_tags__()
        tags.input_tags.string = True
        tags.input_tags.two_d_array = False
        return tags

    # ------------------------------------------------------------------------------------
    @staticmethod
    def _exact_of(df: pd.DataFrame) -> np.ndarray | None:
        if "duplicate_of" not in df.columns:
            return None
        pos = {cid: i for i, cid in enumerate(df["contribution_id"])}
        return np.array([pos.get(str(v), -1) if pd.notna(v) else -1 for v in df["duplicate_of"]])

    def _known_table(self) -> pd.DataFrame | None:
        """The ``known_measures`` parameter checked and normalised (no file is read)."""
        source = self.known_measures
        if source is None:
            return None
        if isinstance(source, (str, os.PathLike)):
            raise ConfigError(
                f"known_measures ist ein Dateipfad ({os.fspath(source)!r}), aber der Schätzer "
                "liest keine Dateien. So beheben: die Datei zuerst mit "
                "pinneberg_analysis.ingest.load_known_measures(path) lesen und den DataFrame "
                "übergeben."
            )
        if not isinstance(source, pd.DataFrame):
            raise ConfigError(
                f"known_measures muss ein DataFrame (name, keywords, field) oder None sein, "
                f"nicht {type(source).__name__}. So beheben: "
                "pinneberg_analysis.ingest.load_known_measures(...) davon übergeben."
            )
        return known_measures_table(source)

    def _known(self, known, df, vec, sims, is_rep, tau, measure) -> pd.DataFrame | None:
        """Seed ``measure`` with the known measures; the ones that received contributions."""
        if known is None or known.empty:
            return None
        pseudo = pd.DataFrame({
            "title": known["name"],
            "text": (known["name"] + ". " + known["keywords"].str.replace(";", ",")).str.strip(". "),
        })
        K = vec.transform_sparse(pseudo) if vec.representation != "embeddings" else vec.transform(pseudo)
        sim = sims.against(K)
        fields = df["field"].to_numpy()
        allowed = np.array([[not kf or not self.per_field or kf == f for kf in known["field"]] for f in fields])
        sim = np.where(allowed, sim, -1.0)
        best = sim.argmax(axis=1)
        hit = (sim[np.arange(len(df)), best] >= tau) & is_rep
        used = sorted(set(best[hit].tolist()))
        remap = {k: i for i, k in enumerate(used)}
        measure[hit] = [remap[k] for k in best[hit]]
        return known.iloc[used].reset_index(drop=True)

    def _merge_measures(self, df, sims, measure, theme, tau, n_known):
        """Merge measures cut apart by a field (or theme) border (see :mod:`.merge`)."""
        fields = df["field"].to_numpy()
        blocks = np.array([f"{f}\x00{t}" if NEST_MEASURES else f for f, t in zip(fields, theme)], dtype=object)
        if not self.per_field:
            blocks = theme.astype(str).astype(object) if NEST_MEASURES else np.zeros(len(fields)).astype(str)
        merged = merge_across_borders(sims, measure, blocks, tau, n_known)
        for r in np.unique(merged):
            rows = merged == r
            if len(np.unique(measure[rows])) < 2:
                continue
            counts = pd.Series(fields[rows]).value_counts()
            primary = sorted(counts.index, key=lambda f: (-counts[f], field_sort_key(f)))[0]
            theme[rows] = np.bincount(theme[rows & (fields == primary)]).argmax()
        return np.unique(merged, return_inverse=True)[1], theme


def _local_groups(rows: np.ndarray, measure: np.ndarray, cuts: list) -> np.ndarray:
    """Measure per row of a block, ``0..G-1``: known measures first, then the cuts' groups."""
    out = np.full(len(rows), -1)
    pos = {r: i for i, r in enumerate(rows.tolist())}
    seeded = measure[rows]
    known = np.unique(seeded[seeded >= 0])
    out[seeded >= 0] = np.searchsorted(known, seeded[seeded >= 0])
    nxt = len(known)
    for cut, g in cuts:
        if len(g) == 0:
            continue
        lab = np.unique(cut, return_inverse=True)[1]
        out[[pos[r] for r in g.tolist()]] = lab + nxt
        nxt += int(lab.max()) + 1
    return out


def cluster_contributions(
    contributions: pd.DataFrame, config: ClusterConfig | Mapping[str, Any] | None = None,
    random_state: int | None = 42,
    glossary: Glossary | None = None,
    known_measures: pd.DataFrame | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Cluster contributions with the settings of a ``ClusterConfig``.

    Parameters
    ----------
    contributions : DataFrame
        Redacted contributions (see ``docs/contracts.md``).
    config : ClusterConfig, optional
        The ``[cluster]`` settings; defaults when omitted.
    random_state : int, optional
        The run's seed.
    glossary : Glossary, optional
        The project's vocabulary (the ``[nlp]`` settings, see
        :func:`~pinneberg_analysis.nlp.build_glossary`); None for the built-in one.
    known_measures : DataFrame, optional
        The known measures, as :func:`~pinneberg_analysis.ingest.known.load_known_measures`
        returns them. When None and ``config.known_measures`` names a file, that file is
        read here (a caller that already read it passes the table instead).
        ``backend = "auto"`` is resolved here by :func:`~.mode.choose_grouping_mode`
        (a caller that keeps a review loop's mode passes a concrete backend).

    Returns
    -------
    contributions, measures, themes : DataFrame
        The contributions with ``measure_id``, ``theme_id``, ``is_near_duplicate`` and
        ``near_duplicate_of`` added; the measures and themes tables.
    """
    config = section(config, ClusterConfig)
    if known_measures is None and config.known_measures:
        known_measures = load_known_measures(config.known_measures)
    backend = config.backend
    if backend == "auto":
        backend = choose_grouping_mode(contributions, budget=config.time_budget).backend
    vectorizer = None if glossary is None else TextVectorizer(glossary=glossary)
    if backend == "sentence-transformers":
        vectorizer = TextVectorizer(representation="embeddings", model_path=config.model_path,
                                    glossary=glossary)
    elif backend == "tfidf+e5":
        vectorizer = TextVectorizer(representation="lemma+char+e5", glossary=glossary)
    model = MeasureClusterer(
        granularity=config.granularity,
        n_measures=config.n_measures,
        n_themes=config.n_themes,
        per_field=config.per_field,
        known_measures=known_measures,
        vectorizer=vectorizer,
        random_state=random_state,
    ).fit(contributions)
    out = contributions.reset_index(drop=True).copy()
    assigned = model.assignments_.set_index("contribution_id")
    keys = out["contribution_id"].astype(str)
    for col in ("measure_id", "theme_id", "is_near_duplicate", "near_duplicate_of"):
        out[col] = assigned.loc[keys, col].to_numpy()
    out["measure_id"] = out["measure_id"].astype("string")
    out["theme_id"] = out["theme_id"].astype("string")
    out["is_near_duplicate"] = out["is_near_duplicate"].astype(bool)
    out["near_duplicate_of"] = out["near_duplicate_of"].astype("string")
    return out, model.measures_, model.themes_
