"""From text to vectors: the :class:`TextVectorizer` and the sentence encoders.

The encoders keep what they loaded (a model, the vectors of texts already encoded) for the
process; :func:`clear_caches` empties these and all other caches of the package.
"""

from pinneberg_analysis.core.caches import clear_caches
from pinneberg_analysis.features.vectorizer import REPRESENTATIONS, TextVectorizer

__all__ = ["REPRESENTATIONS", "TextVectorizer", "clear_caches"]
