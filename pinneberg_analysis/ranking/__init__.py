"""Ranking measures: participation support, expert scores, rating matching, rank intervals,
sensitivity and rater agreement."""

from pinneberg_analysis.ranking.agreement import rater_agreement
from pinneberg_analysis.ranking.matching import RatingMatch, match_ratings
from pinneberg_analysis.ranking.ranker import RankResult, rank, rank_details, sensitivity

__all__ = ["RankResult", "RatingMatch", "match_ratings", "rank", "rank_details", "rater_agreement", "sensitivity"]
