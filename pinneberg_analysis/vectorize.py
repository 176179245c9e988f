"""Texts → vectors: a scikit-learn transformer over German contributions.

Representations (``representation=``), measured on the Bonn corpus in
``benchmarks/bench_clustering.py`` (AMI against the researchers' codes, see
``benchmarks/RESULTS.md``):

``"content-char"`` (default)
    Character n-grams (``char_wb``, 3–5) over the *content words* of a text, once as
    written and once as lemmas (two TF-IDF blocks, each L2-normalised, side by side).
    :mod:`pinneberg_analysis.nlp` has removed stop words, participation filler, PII
    placeholders, numbers and street names, and supplied lemmas, compound heads and
    abbreviation expansions. Character n-grams let *parken*, *zugeparkt* and
    *Falschparker* meet without a stemmer; the lemma block adds what inflection hides.
``"char"``
    Character n-grams over the raw text (the baseline).
``"lemma"``
    Word TF-IDF over the lemma terms of :mod:`~pinneberg_analysis.nlp` (lemmas, compound
    parts, abbreviation expansions).
``"lemma+char"``
    ``"lemma"`` and ``"content-char"`` side by side.
``"embeddings"``
    A local sentence-transformers model (``model_path``); needs
    ``pip install pinneberg-analysis[embeddings]``. Never the default.

A title, when there is one, is the contributor's own summary: its vector is added to the
body's with weight ``title_weight``. The sparse TF-IDF vectors (``transform_sparse``) are
then reduced by LSA (``TruncatedSVD``, ``n_components``) and L2-normalised
(``transform``), so that dot products are cosine similarities.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize
from sklearn.utils.validation import check_is_fitted

from . import nlp
from .errors import ConfigError, InputError

__all__ = ["REPRESENTATIONS", "Document", "TextVectorizer", "as_documents"]

REPRESENTATIONS: tuple[str, ...] = ("content-char", "char", "lemma", "lemma+char", "embeddings")
EMBEDDINGS_HINT = "pip install pinneberg-analysis[embeddings]"


@dataclass(frozen=True)
class Document:
    """A contribution split into title and body, raw and analysed."""

    title: str
    text: str
    title_nlp: nlp.AnalysedText
    text_nlp: nlp.AnalysedText

    @property
    def raw(self) -> str:
        """Title and body as one text."""
        if self.title and self.text and not self.text.startswith(self.title):
            return f"{self.title}. {self.text}"
        return self.text or self.title


def _clean(value: Any) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return str(value).strip()


def as_documents(X: Any) -> list[Document]:
    """Turn the accepted inputs into analysed :class:`Document` objects.

    Parameters
    ----------
    X : DataFrame, sequence of str, or sequence of Document
        A DataFrame needs a ``text`` column and may have ``title``; strings are bodies
        without title; Documents pass through.

    Returns
    -------
    list of Document
    """
    if isinstance(X, pd.DataFrame):
        if "text" not in X.columns:
            raise InputError(
                f"expected a 'text' column, found {list(X.columns)}",
                hint="pass a contributions table or a list of texts.",
            )
        texts = [_clean(v) for v in X["text"]]
        titles = [_clean(v) for v in X["title"]] if "title" in X.columns else [""] * len(texts)
    else:
        items = list(X)
        if items and all(isinstance(d, Document) for d in items):
            return items
        texts = [_clean(v) for v in items]
        titles = [""] * len(texts)
    # a body that repeats its title does not count the title twice
    titles = [t if t and not x.startswith(t) else "" for t, x in zip(titles, texts)]
    texts = [x if x else "" for x in texts]
    unique_titles = sorted(set(titles))
    title_nlp = dict(zip(unique_titles, nlp.analyse(unique_titles)))
    text_nlp = nlp.analyse(texts)
    return [Document(t, x, title_nlp[t], a) for t, x, a in zip(titles, texts, text_nlp)]


def _surface(a: nlp.AnalysedText) -> str:
    return " ".join(w[0] for w in a.words if w[2])


def _lemmas(a: nlp.AnalysedText) -> str:
    return " ".join(a.lemmas)


def _identity(tokens: list[str]) -> list[str]:
    return tokens


class TextVectorizer(TransformerMixin, BaseEstimator):
    """Turn German contributions into vectors for clustering.

    Parameters
    ----------
    representation : {"content-char", "char", "lemma", "lemma+char", "embeddings"}
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
    model_path : str, optional
        Local sentence-transformers model folder (``representation="embeddings"``).
    random_state : int, optional
        Seed of the randomised SVD.

    Attributes
    ----------
    blocks_ : list of (str, TfidfVectorizer, callable)
        The fitted TF-IDF blocks.
    svd_ : TruncatedSVD or None
        The fitted LSA.
    n_features_out_ : int
        Length of the vectors ``transform`` returns.

    Examples
    --------
    >>> vec = TextVectorizer(n_components=None)
    >>> X = vec.fit_transform(["Mehr Radwege bauen", "Radwege verbreitern", "WLAN im Rathaus"])
    >>> X.shape[0]
    3
    """

    def __init__(
        self,
        representation: str = "content-char",
        n_components: int | None = 100,
        title_weight: float = 0.5,
        ngram_range: tuple[int, int] = (3, 5),
        min_df: int = 2,
        model_path: str | None = None,
        random_state: int | None = None,
    ) -> None:
        self.representation = representation
        self.n_components = n_components
        self.title_weight = title_weight
        self.ngram_range = ngram_range
        self.min_df = min_df
        self.model_path = model_path
        self.random_state = random_state

    # -- building blocks ------------------------------------------------------------

    def _block_specs(self, n_docs: int) -> list[tuple[str, TfidfVectorizer, Any]]:
        min_df = self.min_df if n_docs >= 10 else 1
        char = dict(analyzer="char_wb", ngram_range=tuple(self.ngram_range), sublinear_tf=True,
                    min_df=min_df, dtype=np.float32)
        word = dict(analyzer=_identity, sublinear_tf=True, min_df=min_df, dtype=np.float32)
        rep = self.representation
        specs: list[tuple[str, TfidfVectorizer, Any]] = []
        if rep == "char":
            specs.append(("char", TfidfVectorizer(**char), lambda d, part: d.title if part else d.text))
        if rep in ("lemma", "lemma+char"):
            specs.append(("lemma", TfidfVectorizer(**word),
                          lambda d, part: (d.title_nlp if part else d.text_nlp).terms))
        if rep in ("content-char", "lemma+char"):
            specs.append(("surface", TfidfVectorizer(**char),
                          lambda d, part: _surface(d.title_nlp if part else d.text_nlp)))
            specs.append(("lemmas", TfidfVectorizer(**char),
                          lambda d, part: _lemmas(d.title_nlp if part else d.text_nlp)))
        return specs

    def _check_params(self) -> None:
        if self.representation not in REPRESENTATIONS:
            raise ConfigError(
                f"unknown representation {self.representation!r}; "
                f"accepted: {', '.join(REPRESENTATIONS)}"
            )
        if self.representation == "embeddings" and not self.model_path:
            raise ConfigError(
                "the sentence-transformers backend needs a local model folder: set "
                "[cluster] model_path in the config (no model is downloaded)."
            )

    def _block_matrix(self, vectorizer: TfidfVectorizer, getter: Any, docs: list[Document]) -> sp.csr_matrix:
        body = normalize(vectorizer.transform([getter(d, False) for d in docs]))
        if self.title_weight and any(d.title for d in docs):
            body = body + self.title_weight * normalize(vectorizer.transform([getter(d, True) for d in docs]))
        return normalize(body)

    def _sparse(self, docs: list[Document]) -> sp.csr_matrix:
        mats = [self._block_matrix(v, g, docs) for _, v, g in self.blocks_]
        return normalize(sp.hstack(mats).tocsr()).astype(np.float32)

    def _embed(self, docs: list[Document]) -> np.ndarray:
        model = _load_sentence_model(self.model_path)
        vectors = model.encode([d.raw for d in docs], batch_size=32, normalize_embeddings=True,
                               show_progress_bar=False)
        return np.asarray(vectors, dtype=np.float64)

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
        self.fit_transform(X)
        return self

    def fit_transform(self, X: Any, y: Any = None) -> np.ndarray | sp.csr_matrix:
        """Fit and return the vectors of ``X`` (see :meth:`transform`)."""
        self._check_params()
        docs = as_documents(X)
        if not docs:
            raise InputError("no texts to vectorize", hint="pass at least one contribution.")
        if self.representation == "embeddings":
            self.blocks_, self.svd_ = [], None
            out = self._embed(docs)
            self.n_features_out_ = out.shape[1]
            return out
        specs = self._block_specs(len(docs))
        self.blocks_ = []
        for name, vectorizer, getter in specs:
            corpus = [_join(getter(d, False), getter(d, True)) for d in docs]
            try:
                vectorizer.fit(corpus)
            except ValueError:  # only stop words everywhere: fall back to the raw text
                vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), min_df=1)
                getter = _raw_getter
                vectorizer.fit([_join(getter(d, False), getter(d, True)) for d in docs])
            self.blocks_.append((name, vectorizer, getter))
        S = self._sparse(docs)
        k = None if self.n_components is None else min(self.n_components, S.shape[0] - 1, S.shape[1] - 1)
        if k is None or k < 2:
            self.svd_ = None
            self.n_features_out_ = S.shape[1]
            return S if self.n_components is None else S.toarray()
        self.svd_ = TruncatedSVD(k, n_iter=7, random_state=self.random_state)
        Z = self.svd_.fit_transform(S)
        self.n_features_out_ = k
        return normalize(Z)

    def transform(self, X: Any) -> np.ndarray | sp.csr_matrix:
        """The vectors of ``X``: LSA, L2-normalised (or sparse TF-IDF when ``n_components=None``).

        Parameters
        ----------
        X : DataFrame (``text``, optional ``title``), sequence of str, or of Document

        Returns
        -------
        ndarray of shape (n_texts, n_features_out_), or a sparse matrix
        """
        check_is_fitted(self, "blocks_")
        docs = as_documents(X)
        if self.representation == "embeddings":
            return self._embed(docs)
        S = self._sparse(docs)
        if self.svd_ is None:
            return S if self.n_components is None else S.toarray()
        return normalize(self.svd_.transform(S))

    def transform_sparse(self, X: Any) -> sp.csr_matrix | np.ndarray:
        """The L2-normalised TF-IDF vectors before LSA (the embeddings for that backend)."""
        check_is_fitted(self, "blocks_")
        docs = as_documents(X)
        if self.representation == "embeddings":
            return self._embed(docs)
        return self._sparse(docs)

    def feature_names(self) -> list[str]:
        """Names of the sparse features, prefixed with their block (``surface:rad``)."""
        check_is_fitted(self, "blocks_")
        return [f"{n}:{f}" for n, v, _ in self.blocks_ for f in v.get_feature_names_out()]


def _join(a: Any, b: Any) -> Any:
    if isinstance(a, list):
        return a + b
    return f"{a} {b}".strip()


def _raw_getter(d: Document, part: bool) -> str:
    return d.title if part else d.text


def _load_sentence_model(model_path: str | None) -> Any:
    try:
        from sentence_transformers import SentenceTransformer
    except ImportError as exc:
        raise ConfigError(
            "the 'sentence-transformers' backend needs the optional package "
            f"sentence-transformers. How to fix: {EMBEDDINGS_HINT}, or set "
            "[cluster] backend = \"tfidf\"."
        ) from exc
    return _cached_model(str(model_path))


_MODELS: dict[str, Any] = {}


def _cached_model(path: str) -> Any:
    from pathlib import Path

    from sentence_transformers import SentenceTransformer

    if path not in _MODELS:
        if not Path(path).exists():
            raise ConfigError(
                f"model folder {path} does not exist. How to fix: set [cluster] model_path to "
                "a local sentence-transformers model folder (nothing is downloaded)."
            )
        _MODELS[path] = SentenceTransformer(path, device="cpu")
    return _MODELS[path]


def texts_of(X: Sequence[Document]) -> list[str]:
    """The raw texts (title and body) of analysed documents."""
    return [d.raw for d in X]
