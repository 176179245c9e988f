"""A spaCy lookup lemmatizer that reads the word-list cache instead of loading a table.

spaCy's own ``lemmatizer`` in ``lookup`` mode loads all 355,000 forms of
``spacy-lookups-data`` into memory when the pipeline is initialised (in every process; see
``benchmarks/RESULTS.md`` for the cost) and creates a ``Token`` object per token to set its
lemma.
``pinneberg_lookup_lemmatizer`` gives every token the same lemma (the table's lemma of the
token as written, else the token itself; tokens that already have a lemma keep it) from
:func:`~pinneberg_analysis.nlp.lexicon.lookup_lemma`, which reads only the forms the texts
contain from the cache of :mod:`~pinneberg_analysis.nlp.store`, and writes all lemmas of
a document at once.

Use it in place of spaCy's lemmatizer (same pipe name, so ``pipe_names`` stay the same)::

    nlp.add_pipe("pinneberg_lookup_lemmatizer", name="lemmatizer")

Importing this module registers the component with spaCy; nothing else happens at import.
"""

from __future__ import annotations

import numpy as np
from spacy.attrs import LEMMA, ORTH
from spacy.language import Language
from spacy.tokens import Doc
from spacy.vocab import Vocab

from pinneberg_analysis.nlp.lexicon import lookup_lemma

__all__ = ["LookupLemmatizer"]


class LookupLemmatizer:
    """spaCy component: ``token.lemma_`` from the lookup table for tokens without a lemma.

    Parameters
    ----------
    vocab : spacy.vocab.Vocab
        The pipeline's vocabulary (its string store receives the lemmas).
    """

    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab
        self._lemmas: dict[int, int] = {}  # orth hash -> lemma hash, for this vocabulary

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        strings = self.vocab.strings
        memo = self._lemmas
        lemmas = doc.to_array(LEMMA).tolist()
        for i, (orth, current) in enumerate(zip(doc.to_array(ORTH).tolist(), lemmas)):
            if current:
                continue
            found = memo.get(orth)
            if found is None:
                found = memo[orth] = strings.add(lookup_lemma(strings[orth]))
            lemmas[i] = found
        doc.from_array([LEMMA], np.array(lemmas, dtype=np.uint64).reshape(-1, 1))
        return doc


@Language.factory("pinneberg_lookup_lemmatizer")
def make_lookup_lemmatizer(nlp: Language, name: str) -> LookupLemmatizer:
    """spaCy factory of :class:`LookupLemmatizer`."""
    return LookupLemmatizer(nlp.vocab)
