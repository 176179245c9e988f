"""The grouping mode: sentence vectors when they fit a time budget, word features otherwise.

Sentence vectors (``tfidf+e5``) see that two notes mean the same without sharing a word,
which bag-of-words vectors cannot; on a CPU they cost time per token, so the encoder reads
the first :data:`~pinneberg_analysis.features.e5.TOKEN_LIMIT` tokens of each text (title and
first sentences) and a quiet 2-core machine needs about 15 ms a short note and 55 ms a long
post (``benchmarks/RESULTS.md``). ``[cluster] backend = "auto"`` (the default) therefore
estimates the encoding time of the input's distinct texts
(:func:`~pinneberg_analysis.features.e5.estimated_seconds`) and

* uses sentence vectors when the estimate is within ``[cluster] time_budget`` seconds
  (default 60) and the optional engine is installed,
* uses word features alone otherwise,
* and keeps the mode of the previous run of the same review loop (the ``grouping_mode`` of
  the earlier report's contributions table), so that groups never change method under the
  authors between two rounds of review.

The chosen mode and the reason are recorded in the run's parameters and shown in the
report's Methodik.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from pinneberg_analysis.features import e5

__all__ = ["BUDGET_SECONDS", "GroupingMode", "choose_grouping_mode", "mode_texts"]

#: Default time budget for encoding the uncached texts (seconds).
BUDGET_SECONDS = 60.0


@dataclass(frozen=True)
class GroupingMode:
    """The backend a run uses and why (German, for the report)."""

    backend: str
    reason: str
    estimated_seconds: float | None = None


def _clean(value: object) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return str(value).strip()


def mode_texts(contributions: pd.DataFrame) -> list[str]:
    """The texts the sentence encoder would read: title and body as one text, per row."""
    titles = contributions["title"] if "title" in contributions.columns else [""] * len(contributions)
    out = []
    for title, text in zip(titles, contributions["text"]):
        title, text = _clean(title), _clean(text)
        out.append(f"{title}. {text}" if title and text and not text.startswith(title) else text or title)
    return out


def choose_grouping_mode(contributions: pd.DataFrame, backend: str = "auto",
                         budget: float = BUDGET_SECONDS, previous: str | None = None) -> GroupingMode:
    """Choose the grouping backend (see the module docstring).

    Parameters
    ----------
    contributions : DataFrame
        ``text`` and optional ``title``.
    backend : str
        ``[cluster] backend``; anything but ``"auto"`` is taken as it is.
    budget : float
        Seconds the sentence vectors of the uncached texts may take.
    previous : str, optional
        The backend of the previous run of the same review loop.

    Returns
    -------
    GroupingMode

    Examples
    --------
    >>> import pandas as pd
    >>> choose_grouping_mode(pd.DataFrame({"text": ["a"]}), backend="tfidf").backend
    'tfidf'
    >>> choose_grouping_mode(pd.DataFrame({"text": ["a"]}), previous="tfidf").backend
    'tfidf'
    """
    if backend != "auto":
        return GroupingMode(backend, f"eingestellt ([cluster] backend = \"{backend}\")")
    if previous in ("tfidf", "tfidf+e5") and (previous == "tfidf" or e5.available()):
        name = "Satzvektoren" if previous == "tfidf+e5" else "Wortmerkmale"
        return GroupingMode(previous, f"{name} wie im vorigen Lauf derselben Prüfrunde (die Gruppen "
                                      "wechseln nicht die Methode)")
    if not e5.available():
        return GroupingMode("tfidf", f"Wortmerkmale: Satzvektoren nicht installiert ({e5.E5_HINT})")
    seconds = e5.estimated_seconds(mode_texts(contributions))
    if seconds <= budget:
        return GroupingMode("tfidf+e5", f"Satzvektoren: geschätzte Rechenzeit {seconds:.0f} s "
                                        f"≤ Zeitbudget {budget:.0f} s", seconds)
    return GroupingMode("tfidf", f"Wortmerkmale: Satzvektoren bräuchten geschätzt {seconds:.0f} s "
                                 f"> Zeitbudget {budget:.0f} s", seconds)

