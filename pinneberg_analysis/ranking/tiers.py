"""Tiers of the ranking in words: group names and one sentence per field on how sure the
order is (from the ``field_tier`` and ``tier`` columns of :func:`~.ranker.rank`)."""

from __future__ import annotations

import string

import pandas as pd

__all__ = ["certainty_sentences", "tier_name"]


def tier_name(number: int) -> str:
    """The German name of tier ``number`` (1 = "Gruppe A").

    Examples
    --------
    >>> tier_name(1), tier_name(3), tier_name(28)
    ('Gruppe A', 'Gruppe C', 'Gruppe 28')
    """
    letters = string.ascii_uppercase
    return f"Gruppe {letters[number - 1]}" if 1 <= number <= len(letters) else f"Gruppe {number}"


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def certainty_sentence(tiers: pd.Series, confidence: float, where: str) -> str:
    """One German sentence on how sure the order of one group of measures is.

    Parameters
    ----------
    tiers : Series of int
        The tier of each measure.
    confidence : float
        The share of replicates behind a tier boundary (``tier_confidence``).
    where : str
        "im Feld Mobilität", "über alle Felder", ...
    """
    t = pd.to_numeric(tiers, errors="coerce").dropna().astype(int)
    n = len(t)
    share = f"{confidence:.0%}".replace("%", " %")
    if n == 0:
        return f"{_upper_first(where)} gibt es keine gereihten Maßnahmen."
    if n == 1:
        return f"{_upper_first(where)} gibt es nur eine Maßnahme; eine Reihenfolge gibt es nicht."
    k = int(t.max())
    if k == 1:
        return (f"Die Reihenfolge {where} ist nicht belastbar: keine der "
                f"{_plural(n, 'Maßnahme', 'Maßnahmen')} liegt in mindestens {share} der "
                "Wiederholungen sicher vor den folgenden; alle bilden eine Gruppe.")
    front = int((t == 1).sum())
    return (f"{_upper_first(where)} lassen sich {_plural(k, 'Gruppe', 'Gruppen')} unterscheiden "
            f"(Gruppe A, klar vorn: {_plural(front, 'Maßnahme', 'Maßnahmen')}): Die erste "
            f"Maßnahme jeder Gruppe liegt in mindestens {share} der Wiederholungen vor der "
            "ersten der nächsten Gruppe; innerhalb einer Gruppe ist die Reihenfolge nicht "
            "belastbar.")


def certainty_sentences(ranking: pd.DataFrame, confidence: float = 0.9) -> dict[str, str]:
    """Per field (and "Gesamt" for the overall ranking), how sure the order is, in one sentence.

    Parameters
    ----------
    ranking : DataFrame
        From :func:`~.ranker.rank`: ``field``, ``field_tier`` and ``tier_number``.
    confidence : float
        ``tier_confidence`` of the ranking (``ranking.attrs["weights"]`` holds it).

    Returns
    -------
    dict of str to str

    Examples
    --------
    >>> frame = pd.DataFrame({"field": ["Mobilität"] * 3, "field_tier": [1, 2, 2],
    ...                       "tier_number": [1, 1, 1]})
    >>> certainty_sentences(frame)["Mobilität"][:53]
    'Im Feld Mobilität lassen sich 2 Gruppen unterscheiden'
    """
    out: dict[str, str] = {}
    if ranking.empty or "field_tier" not in ranking.columns:
        return out
    for field, part in ranking.groupby("field", sort=True):
        out[str(field)] = certainty_sentence(part["field_tier"], confidence,
                                             f"im Feld {field}")
    if "tier_number" in ranking.columns:
        out["Gesamt"] = certainty_sentence(ranking["tier_number"], confidence,
                                           "über alle Felder")
    return out
