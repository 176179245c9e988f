"""Expert scores on the scale the raters used.

The ranking keeps an expert score in 0–1 as ``(x - 1) / 4`` of the raters' 1–5 values
(costs inverted, see :mod:`pinneberg_analysis.ranking.expert`); people read it back on 1–5.
"""

from __future__ import annotations

from pinneberg_analysis.core.result import AnalysisResult
from pinneberg_analysis.report import fmt

#: The raters' scale (lowest, highest), as the ranking reads ratings.
EXPERT_SCALE = (1.0, 5.0)


def expert_text(result: AnalysisResult | None, score: object) -> str:
    """An expert score (0–1) on the raters' own scale.

    Examples
    --------
    >>> expert_text(None, 0.8333), expert_text(None, None)
    ('4,3 von 5', 'ohne Bewertung')
    """
    if fmt.missing(score):
        return "ohne Bewertung"
    low, high = EXPERT_SCALE
    return f"{fmt.fixed(low + float(score) * (high - low), 1)} von {fmt.number(high)}"
