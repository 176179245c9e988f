"""How similar a rated measure name is to each measure, and whether the measure names it.

Used by :mod:`pinneberg_analysis.ranking.matching`. A measure is represented by its
*documents*: its label (alone and with its keywords), its representative texts and, for each
member contribution, the title, the text and both together (the title is often the short
summary that a rated name paraphrases). Three views compare a name with those documents:

* **characters**: cosine of TF-IDF vectors of character 3–5-grams within word boundaries
  after :func:`normalise_text`, best over the measure's documents (spelling variants,
  inflection, ``Mängelmelder``/``Mängelmelder-App``);
* **terms, best document**: cosine of TF-IDF vectors of the German terms of
  :func:`pinneberg_analysis.nlp.analysis.analyse` (lemmas, compound parts and heads, abbreviation
  expansions: ``Fahrradabstellanlagen`` meets ``Abstellanlage``), best over the documents;
* **terms, whole measure**: the same against the sum of all the measure's documents (a name
  whose words are spread over several contributions).

Term IDF is computed over the measures (a term counts once per measure) and the rated names
together. The similarity is the mean of the three views (0–1).

**Evidence.** A name is only compared with a measure that holds a word of the name's
*core*, the content words before its first preposition (*Gesicherte Abstellanlagen* in
*Gesicherte Abstellanlagen für Fahrräder am Bahnhof*). A noun of the core is enough; an
adjective or participle of the core (*digital*, *kostenlos*, *neu*) only counts together
with a word after the preposition found in the same measure (a core of adjectives only
counts as it is). A word is *found* when it is a whole word on at least one side: the
name's word, or one of its hyphenated pieces or abbreviation expansions, occurs in the
measure (also as part of a compound there: *Abstellanlage* in *Fahrradabstellanlagen*), or a
whole word of the measure is a part of the name's word (*App* in *Bürger-App*,
*Telemedizin* in *telemedizinische*). Two compounds that only share a part (*Seil-bahn* /
*Bahn-hof*, *Parkraum-management* / *Leerstands-management*, *Tier-heim* / *Pflege-heim*)
are no evidence, nor is a word found only after the preposition (a place or target group:
*am Bahnhof*, *für Vereine*). A word the lemmatiser cannot split is also found when a term
of at least five letters of the measure is its beginning, or it is the beginning of a word
of the measure (unknown compounds and derivations: *Füllstandssensorik* / *Füllstand*,
*sensorgestützt* / *Sensor*).

Evidence comes from texts written by people (:class:`Documents`): contributions,
representatives, and a label only when a person gave it (a known measure, a label changed in
the review); the labeller's own labels and keywords repeat member words and would let a
wrong label decide. A measure without such texts is judged by its label.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import scipy.sparse as sp
from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer

from pinneberg_analysis import nlp
from pinneberg_analysis.core.caches import memoize
from pinneberg_analysis.nlp.glossary import Glossary

_CHUNK = 256
MIN_STEM = 5

#: Prepositions (folded) that end a name's core.
PREPOSITIONS = frozenset({
    "ab", "am", "an", "ans", "auf", "aufs", "aus", "ausserhalb", "bei", "beim", "bis",
    "durch", "entlang", "fuer", "fuers", "gegen", "gegenueber", "hinter", "im", "in", "ins",
    "innerhalb", "mit", "nach", "neben", "ohne", "per", "seit", "statt", "trotz", "ueber",
    "um", "unter", "via", "vom", "von", "vor", "waehrend", "wegen", "zu", "zum", "zur",
    "zwischen",
})


def normalise_text(text: object) -> str:
    """Lower-case German text with umlauts spelt out and punctuation removed.

    Examples
    --------
    >>> normalise_text("Mobilitätsstationen am Bahnhof!")
    'mobilitaetsstationen am bahnhof'
    """
    if not isinstance(text, str):
        return ""
    return _normalised(text)


@memoize(maxsize=200_000)
def _normalised(text: str) -> str:
    """:func:`normalise_text` of a string (each document is normalised several times)."""
    t = text.lower()
    for a, b in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        t = t.replace(a, b)
    t = unicodedata.normalize("NFKD", t)
    t = "".join(ch for ch in t if not unicodedata.combining(ch))
    t = re.sub(r"[^0-9a-z]+", " ", t)
    return t.strip()


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


@dataclass
class Documents:
    """The documents of the measures.

    Attributes
    ----------
    texts : list of str
        Sorted by measure.
    owner : ndarray of int
        The measure (index into the ids) of each text.
    trusted : ndarray of bool
        Whether a text may give evidence: written by participants (a contribution or a
        representative) or by a person (the label of a known measure, a label the review
        changed, or any label when the table does not say where it comes from), not by the
        labeller.
    """

    texts: list[str]
    owner: np.ndarray
    trusted: np.ndarray


def _human_labels(measures: pd.DataFrame) -> np.ndarray:
    """Whether each measure's label was given by a person (see :class:`Documents`)."""
    if "label_proposed" not in measures.columns:
        return np.ones(len(measures), dtype=bool)
    renamed = (measures["label"].astype("string").fillna("")
               != measures["label_proposed"].astype("string").fillna("")).to_numpy(bool)
    known = (measures["is_known"].fillna(False).astype(bool).to_numpy()
             if "is_known" in measures.columns else np.zeros(len(measures), dtype=bool))
    return renamed | known


def measure_documents(measures: pd.DataFrame, contributions: pd.DataFrame | None,
                      ids: Sequence[str]) -> Documents:
    """The documents of each measure (see the module doc).

    A text that normalises to nothing, or repeats within its measure, is left out.
    """
    pos = {mid: i for i, mid in enumerate(ids)}
    items: list[tuple[int, str, bool]] = []
    cols = measures.columns
    for rec, human in zip(measures.itertuples(index=False), _human_labels(measures)):
        i = pos.get(str(getattr(rec, "measure_id")))
        if i is None:
            continue
        label = _text(getattr(rec, "label", "")) if "label" in cols else ""
        keywords = _text(getattr(rec, "keywords", "")).replace(";", " ") \
            if "keywords" in cols else ""
        reps = _text(getattr(rec, "representatives", "")) if "representatives" in cols else ""
        items += [(i, label, bool(human)), (i, f"{label} {keywords}", False)]
        items += [(i, t, True) for t in reps.split("\n")]
    if contributions is not None and len(contributions) and {"measure_id", "text"} <= set(
        contributions.columns
    ):
        c = contributions[contributions["measure_id"].notna()]
        titles = c["title"].tolist() if "title" in c.columns else [""] * len(c)
        for mid, title, text in zip(c["measure_id"].astype(str), titles, c["text"].tolist()):
            i = pos.get(mid)
            if i is not None:
                title, text = _text(title), _text(text)
                items += [(i, title, True), (i, text, True), (i, f"{title} {text}", True)]
    seen: dict[tuple[int, str], int] = {}
    kept: list[tuple[int, str, bool]] = []
    for i, t, trusted in items:
        key = (i, normalise_text(t))
        if not key[1]:
            continue
        if key in seen:  # the same text twice: trusted if either copy is
            k = seen[key]
            kept[k] = (i, kept[k][1], kept[k][2] or trusted)
        else:
            seen[key] = len(kept)
            kept.append((i, t.strip(), trusted))
    kept.sort(key=lambda p: p[0])  # stable: keeps the order within a measure
    return Documents([t for _, t, _ in kept], np.asarray([i for i, _, _ in kept], dtype=np.int64),
                     np.asarray([w for _, _, w in kept], dtype=bool))


def _best_per_measure(sim: np.ndarray, owner: np.ndarray, starts: np.ndarray,
                      out: np.ndarray) -> None:
    out[:, owner[starts]] = np.maximum.reduceat(sim, starts, axis=1)


def _l2_rows(m: sp.csr_matrix) -> sp.csr_matrix:
    norms = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sp.csr_matrix(sp.diags(1.0 / norms) @ m)


def char_similarity(refs: Sequence[str], docs: Sequence[str], owner: np.ndarray,
                    n_measures: int) -> np.ndarray:
    """Best character-n-gram cosine of each name to each measure's documents."""
    out = np.zeros((len(refs), n_measures))
    if not len(docs) or not len(refs):
        return out
    tfidf = TfidfTransformer(sublinear_tf=True)
    counts = char_counts(list(docs) + list(refs))
    tfidf.fit(counts)
    d = tfidf.transform(counts[:len(docs)]).T.tocsr()
    r = tfidf.transform(counts[len(docs):])
    starts = np.flatnonzero(np.r_[True, owner[1:] != owner[:-1]])
    for lo in range(0, len(refs), _CHUNK):
        _best_per_measure((r[lo:lo + _CHUNK] @ d).toarray(), owner, starts,
                          out[lo:lo + _CHUNK])
    return out


def char_counts(texts: Sequence[str]) -> sp.csr_matrix:
    """Counts of the ``char_wb`` 3–5-grams of :func:`normalise_text` of each text.

    The same matrix as ``CountVectorizer(analyzer="char_wb", ngram_range=(3, 5),
    preprocessor=normalise_text, dtype=float64).fit_transform(texts)`` (columns in the
    order of the sorted n-grams), but faster: ``char_wb`` takes the n-grams of each word on
    its own, so a text's counts are the sum of its words' counts, and each distinct word is
    cut into n-grams once (a measure's texts repeat each other's words, and every
    contribution is also one of the documents title, text, and both).
    """
    words: dict[str, int] = {}
    rows, cols = [], []
    for i, text in enumerate(texts):
        for w in normalise_text(text).split():
            rows.append(i)
            cols.append(words.setdefault(w, len(words)))
    if not words:
        raise ValueError("empty vocabulary; perhaps the documents only contain stop words")
    per_word = CountVectorizer(analyzer="char_wb", ngram_range=(3, 5), lowercase=False,
                               dtype=np.float64).fit_transform(list(words))
    occurrences = sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(texts), len(words)))
    counts = sp.csr_matrix(occurrences @ per_word)
    counts.sum_duplicates()
    counts.sort_indices()
    return counts


def term_similarity(ref_terms: Sequence[Sequence[str]], doc_terms: Sequence[Sequence[str]],
                    owner: np.ndarray, n_measures: int) -> tuple[np.ndarray, np.ndarray]:
    """Term TF-IDF cosines: (best document, whole measure), each (names, measures)."""
    best = np.zeros((len(ref_terms), n_measures))
    whole = np.zeros_like(best)
    vocab = {t: k for k, t in enumerate(sorted({t for ts in (*doc_terms, *ref_terms)
                                                  for t in ts}))}
    if not vocab or not len(doc_terms) or not len(ref_terms):
        return best, whole

    def counts(lists: Sequence[Sequence[str]]) -> sp.csr_matrix:
        rows = [r for r, ts in enumerate(lists) for _ in ts]
        cols = [vocab[t] for ts in lists for t in ts]
        m = sp.csr_matrix((np.ones(len(cols)), (rows, cols)), shape=(len(lists), len(vocab)))
        m.sum_duplicates()
        return m

    d_counts, r_counts = counts(doc_terms), counts(ref_terms)
    member = sp.csr_matrix((np.ones(len(owner)), (owner, np.arange(len(owner)))),
                           shape=(n_measures, len(owner)))
    m_counts = sp.csr_matrix(member @ d_counts)
    df = np.asarray((m_counts > 0).sum(axis=0)).ravel() + np.asarray(
        (r_counts > 0).sum(axis=0)).ravel()
    idf = np.log((1.0 + n_measures + len(ref_terms)) / (1.0 + df)) + 1.0

    def weigh(m: sp.csr_matrix) -> sp.csr_matrix:
        m = m.astype(np.float64)
        m.data = 1.0 + np.log(m.data)  # sublinear tf
        return _l2_rows(sp.csr_matrix(m @ sp.diags(idf)))

    r = weigh(r_counts)
    d = weigh(d_counts).T.tocsr()
    a = weigh(m_counts).T.tocsr()
    starts = np.flatnonzero(np.r_[True, owner[1:] != owner[:-1]])
    for lo in range(0, len(ref_terms), _CHUNK):
        chunk = r[lo:lo + _CHUNK]
        _best_per_measure((chunk @ d).toarray(), owner, starts, best[lo:lo + _CHUNK])
        whole[lo:lo + _CHUNK] = (chunk @ a).toarray()
    return best, whole


def split_name(analysed: nlp.AnalysedText) -> tuple[list[str], list[str]]:
    """The content words (as written) of a name before its first preposition, and after.

    Only a preposition after a content word ends the core (``Mit dem Rad zur Schule``:
    core ``Rad``).

    Examples
    --------
    >>> split_name(nlp.analyse(["Gesicherte Abstellanlagen für Fahrräder am Bahnhof"])[0])
    (['Gesicherte', 'Abstellanlagen'], ['Fahrräder', 'Bahnhof'])
    """
    words = analysed.words
    for k, (_, key, _, _, _) in enumerate(words):
        if key in PREPOSITIONS and any(w[2] for w in words[:k]):
            return [w[0] for w in words[:k] if w[2]], [w[0] for w in words[k:] if w[2]]
    return [w[0] for w in words if w[2]], []


@dataclass
class _Index:
    """Which measures hold a term (anywhere) or a whole word (a lemma)."""

    terms: dict[str, set[int]]
    lemmas: dict[str, set[int]]
    sorted_lemmas: list[str]

    @classmethod
    def build(cls, analysed: Sequence[nlp.AnalysedText], owner: np.ndarray) -> _Index:
        terms: dict[str, set[int]] = defaultdict(set)
        lemmas: dict[str, set[int]] = defaultdict(set)
        for a, o in zip(analysed, owner.tolist()):
            for t in a.terms:
                terms[t].add(o)
            for t in a.lemmas:
                lemmas[t].add(o)
                terms[t].add(o)
        return cls(dict(terms), dict(lemmas), sorted(lemmas))

    def word_evidence(self, word: nlp.AnalysedText) -> set[int]:
        """Measures in which one word of a name's core is found (see the module doc)."""
        if not word.terms:
            return set()
        whole = set(word.lemmas) | {word.terms[0]}
        parts = set(word.terms) - whole
        found: set[int] = set()
        for t in whole:
            found |= self.terms.get(t, set())
        for t in parts:
            found |= self.lemmas.get(t, set())
        key = word.terms[0]
        if len(word.terms) == 1 and len(key) >= MIN_STEM:  # not split: prefix as stem
            for n in range(MIN_STEM, len(key)):
                found |= self.terms.get(key[:n], set())
            k = bisect.bisect_left(self.sorted_lemmas, key)
            while k < len(self.sorted_lemmas) and self.sorted_lemmas[k].startswith(key):
                found |= self.lemmas[self.sorted_lemmas[k]]
                k += 1
        return found


def evidence_matrix(refs: Sequence[str], doc_analyses: Sequence[nlp.AnalysedText],
                    owner: np.ndarray, n_measures: int,
                    ref_analyses: Sequence[nlp.AnalysedText] | None = None,
                    glossary: Glossary | None = None) -> np.ndarray:
    """Whether each measure holds evidence for each name (module doc), (names, measures).

    ``glossary`` is the project's vocabulary the documents were analysed with.
    """
    out = np.zeros((len(refs), n_measures), dtype=bool)
    if not len(refs) or not len(doc_analyses):
        return out
    index = _Index.build(doc_analyses, owner)
    analysed = ref_analyses if ref_analyses is not None else nlp.analyse(refs, glossary=glossary)
    parts = [split_name(a) for a in analysed]
    words = sorted({w for core, rest in parts for w in (*core, *rest)})
    found = {w: index.word_evidence(a) for w, a in zip(words, nlp.analyse(words, glossary=glossary))}
    # adjectives and participles (lower-case lemmas): "Digitale", "Kostenloses", "Neue"
    lowered = nlp.analyse([w.lower() for w in words], glossary=glossary)
    modifier = {w: bool(a.terms) and nlp.is_lowercase_lemma(a.terms[0])
                for w, a in zip(words, lowered)}
    for i, (core, rest) in enumerate(parts):
        nouns = [w for w in core if not modifier[w]]
        mods = [w for w in core if modifier[w]]
        hits: set[int] = set()
        for w in nouns or core:
            hits |= found[w]
        if nouns and mods and rest:
            by_mod = set().union(*(found[w] for w in mods))
            by_rest = set().union(*(found[w] for w in rest))
            hits |= by_mod & by_rest
        if hits:
            out[i, sorted(hits)] = True
    return out


def similarity(refs: Sequence[str], docs: Documents, n_measures: int,
               glossary: Glossary | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Similarity (mean of the three views, 0–1) and evidence of each name to each measure.

    Evidence comes from the trusted texts (:class:`Documents`); a measure that has none is
    judged by its label and keywords.

    Parameters
    ----------
    refs : sequence of str
        The rated names.
    docs : Documents
        From :func:`measure_documents`.
    n_measures : int
        Number of measures.
    glossary : Glossary, optional
        The project's vocabulary (the ``[nlp]`` config) for the German terms.

    Returns
    -------
    similarity : ndarray of float, shape (len(refs), n_measures)
    evidence : ndarray of bool, same shape
    """
    shape = (len(refs), n_measures)
    if not len(refs) or not len(docs.texts):
        return np.zeros(shape), np.zeros(shape, dtype=bool)
    owner = docs.owner
    analysed = nlp.analyse(list(docs.texts) + list(refs), glossary=glossary)
    doc_a, ref_a = analysed[:len(docs.texts)], analysed[len(docs.texts):]
    chars = char_similarity(refs, docs.texts, owner, n_measures)
    best, whole = term_similarity([a.terms for a in ref_a], [a.terms for a in doc_a], owner,
                                  n_measures)
    sim = np.clip((chars + best + whole) / 3.0, 0.0, 1.0)
    has_trusted = np.zeros(n_measures, dtype=bool)
    has_trusted[owner[docs.trusted]] = True
    use = docs.trusted | ~has_trusted[owner]
    evidence = evidence_matrix(refs, [a for a, u in zip(doc_a, use) if u], owner[use],
                               n_measures, ref_analyses=ref_a, glossary=glossary)
    return sim, evidence
