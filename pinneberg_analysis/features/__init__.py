"""From text to vectors: the :class:`TextVectorizer` and the sentence encoders."""

from pinneberg_analysis.features.vectorizer import REPRESENTATIONS, Document, TextVectorizer, as_documents

__all__ = ["REPRESENTATIONS", "Document", "TextVectorizer", "as_documents"]
