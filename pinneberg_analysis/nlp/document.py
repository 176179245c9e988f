"""A contribution as the analysis sees it: title and body, raw and analysed.

:func:`as_documents` turns a contributions table or a list of texts into :class:`Document`
objects once; the vectorizer, the clusterer and the labeller share them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from pinneberg_analysis.core.errors import InputError
from pinneberg_analysis.nlp.analysis import AnalysedText, analyse
from pinneberg_analysis.nlp.glossary import Glossary, active

__all__ = ["Document", "as_documents", "raw_text", "texts_of"]


@dataclass(frozen=True)
class Document:
    """A contribution split into title and body, raw and analysed (with ``glossary``)."""

    title: str
    text: str
    title_nlp: AnalysedText
    text_nlp: AnalysedText
    glossary: Glossary | None = None

    @property
    def raw(self) -> str:
        """Title and body as one text (:func:`raw_text`)."""
        return raw_text(self.title, self.text)


def raw_text(title: str, text: str) -> str:
    """Title and body as one text, as the vectorizer reads a contribution.

    Examples
    --------
    >>> raw_text("Radweg", "Bitte sicherer machen"), raw_text("Radweg", "Radweg fehlt")
    ('Radweg. Bitte sicherer machen', 'Radweg fehlt')
    """
    if title and text and not text.startswith(title):
        return f"{title}. {text}"
    return text or title


def _clean(value: Any) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return str(value).strip()


def as_documents(X: Any, glossary: Glossary | None = None) -> list[Document]:
    """Turn the accepted inputs into analysed :class:`Document` objects.

    Parameters
    ----------
    X : DataFrame, sequence of str, or sequence of Document
        A DataFrame needs a ``text`` column and may have ``title``; strings are bodies
        without title; Documents pass through when analysed with the same glossary (else
        they are analysed again).
    glossary : Glossary, optional
        The project's vocabulary (see :mod:`~pinneberg_analysis.nlp.glossary`).

    Returns
    -------
    list of Document
    """
    glossary = active(glossary)
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
            if all(d.glossary == glossary for d in items):
                return items
            texts, titles = [d.text for d in items], [d.title for d in items]
        else:
            texts = [_clean(v) for v in items]
            titles = [""] * len(texts)
    # a body that repeats its title does not count the title twice
    titles = [t if t and not x.startswith(t) else "" for t, x in zip(titles, texts)]
    texts = [x if x else "" for x in texts]
    unique_titles = sorted(set(titles))
    title_nlp = dict(zip(unique_titles, analyse(unique_titles, glossary=glossary)))
    text_nlp = analyse(texts, glossary=glossary)
    return [Document(t, x, title_nlp[t], a, glossary) for t, x, a in zip(titles, texts, text_nlp)]


def texts_of(X: Sequence[Document]) -> list[str]:
    """The raw texts (title and body) of analysed documents."""
    return [d.raw for d in X]
