"""The result of a whole analysis run: every table the report, the workbook and the
notebooks draw on, with the run's parameters."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from pinneberg_analysis.core.config import Config


def _empty() -> pd.DataFrame:
    return pd.DataFrame()


@dataclass
class AnalysisResult:
    """Everything one run produced (see ``docs/contracts.md`` for the columns).

    Attributes
    ----------
    contributions : DataFrame
        Accepted, redacted contributions with ``measure_id`` and ``theme_id``.
    rejected : DataFrame
        Every input row that was not accepted, with the reason.
    files : DataFrame
        One row per input file: read / accepted / rejected counts, checksum, status.
    ratings : DataFrame
        Expert ratings in long format, with the measure each was matched to.
    measures, themes : DataFrame
        The (curated) measures and themes.
    ranking : DataFrame
        One row per measure with every score component, rank and rank interval.
    rating_matches : DataFrame
        Each rated name, the measure it was matched to, how and with what similarity.
    unmatched_ratings : DataFrame
        Rated names that matched no measure, or more than one.
    agreement : DataFrame
        Inter-rater agreement (Krippendorff's alpha, ordinal) per criterion.
    sensitivity : DataFrame
        How the top of each field changes when each weight moves.
    decisions_log : DataFrame
        Review decisions and whether each was applied (with the reason when not).
    pii_counts : DataFrame
        Redactions per PII type.
    config : Config
        The settings the run used, the seed included: the one record of a run's settings.
    parameters : dict
        What the run computed or was given beside the settings: numbers of contributions,
        measures and themes, package versions, the decisions file, an optional
        ``report_date``.
    """

    contributions: pd.DataFrame = field(default_factory=_empty)
    rejected: pd.DataFrame = field(default_factory=_empty)
    files: pd.DataFrame = field(default_factory=_empty)
    ratings: pd.DataFrame = field(default_factory=_empty)
    measures: pd.DataFrame = field(default_factory=_empty)
    themes: pd.DataFrame = field(default_factory=_empty)
    ranking: pd.DataFrame = field(default_factory=_empty)
    rating_matches: pd.DataFrame = field(default_factory=_empty)
    unmatched_ratings: pd.DataFrame = field(default_factory=_empty)
    agreement: pd.DataFrame = field(default_factory=_empty)
    sensitivity: pd.DataFrame = field(default_factory=_empty)
    decisions_log: pd.DataFrame = field(default_factory=_empty)
    pii_counts: pd.DataFrame = field(default_factory=_empty)
    config: Config = field(default_factory=Config)
    parameters: dict[str, Any] = field(default_factory=dict)
