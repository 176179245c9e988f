"""Grouping contributions: measures (fine), themes (coarse), near-duplicates, known measures,
and the evaluation of a grouping against a hand-made key."""

from pinneberg_analysis.cluster.clusterer import (
    GRANULARITIES,
    THRESHOLDS,
    MeasureClusterer,
    cluster_contributions,
)
from pinneberg_analysis.cluster.counting import support_contributions
from pinneberg_analysis.cluster.mode import GroupingMode, choose_grouping_mode
from pinneberg_analysis.cluster.evaluation import (
    evaluate_clustering,
    evaluate_file,
    read_coded_file,
)

__all__ = [
    "GRANULARITIES", "GroupingMode", "MeasureClusterer", "choose_grouping_mode", "THRESHOLDS", "cluster_contributions",
    "evaluate_clustering", "evaluate_file", "read_coded_file",
    "support_contributions",
]
