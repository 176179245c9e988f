"""German text analysis: word lists, lemmas, compounds, a project's glossary and the spaCy
pipeline that turns a contribution into terms.

Everything loads lazily on first use and is cached; :func:`clear_caches` empties the caches.
"""

from pinneberg_analysis.core.caches import clear_caches
from pinneberg_analysis.nlp.analysis import (
    BREAK,
    SENTENCE,
    AnalysedText,
    analyse,
    analyse_terms,
    german_pipeline,
    preload,
    strip_placeholders,
)
from pinneberg_analysis.nlp.document import Document, as_documents, raw_text, texts_of
from pinneberg_analysis.nlp.glossary import Glossary, active, build_glossary
from pinneberg_analysis.nlp.lexicon import (
    ABBREVIATIONS,
    CONCEPTS,
    display_form,
    fold,
    is_lowercase_lemma,
    is_plural_form,
    is_stop,
    is_verb,
    noun_info,
)
from pinneberg_analysis.nlp.words import (
    compound_heads,
    concepts_of,
    is_noun,
    lemma_key,
    piece_keys,
    split_compound,
)

__all__ = [
    "ABBREVIATIONS", "BREAK", "CONCEPTS", "SENTENCE", "AnalysedText", "Document", "Glossary", "as_documents", "raw_text",
    "build_glossary", "texts_of", "active", "analyse", "analyse_terms",
    "clear_caches", "compound_heads", "concepts_of", "display_form", "fold", "german_pipeline", "is_lowercase_lemma",
    "is_noun", "is_plural_form", "is_stop", "is_verb", "lemma_key", "noun_info", "piece_keys", "preload",
    "split_compound", "strip_placeholders",
]
