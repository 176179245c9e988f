"""From text to vectors: the :class:`TextVectorizer` and the sentence encoders."""

from pinneberg_analysis.features.vectorizer import REPRESENTATIONS, TextVectorizer

__all__ = ["REPRESENTATIONS", "TextVectorizer"]
