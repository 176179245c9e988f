"""Ranking measures: participation support, expert scores, rating matching, rank intervals,
tiers, sensitivity and rater agreement."""

from pinneberg_analysis.ranking.agreement import rater_agreement
from pinneberg_analysis.ranking.matching import RatingMatch, match_ratings
from pinneberg_analysis.ranking.ranker import RankResult, rank, rank_details, sensitivity
from pinneberg_analysis.ranking.tiers import certainty_sentences, tier_name

__all__ = ["RankResult", "RatingMatch", "certainty_sentences", "match_ratings", "rank",
           "rank_details", "rater_agreement", "sensitivity", "tier_name"]
