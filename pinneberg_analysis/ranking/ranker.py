"""Rank the measures by participation support and expert ratings, with rank intervals.

The formulas are documented in ``docs/ranking.md``; in short:

* ``support_<component>``: each support component divided by its maximum within the
  measure's field, ``support_score`` their weighted mean (the field ranking);
  ``support_overall_<component>`` and ``support_overall`` the same on one process-wide scale
  (the overall ranking; :mod:`pinneberg_analysis.ranking.support`);
* ``crit_<Criterion>``: the mean rating per criterion; ``expert_score`` the weighted mean of
  the criteria scaled to 0–1, inverted criteria turned round (:mod:`~.expert`); NA if
  unrated; ``expert_used`` the expert part of the scores (0 for an unrated measure: the
  lower end of the prior, :mod:`~.scoring`);
* ``score = (w_s * support_overall + w_e * expert_used) / (w_s + w_e)`` ranks all measures,
  ``field_score`` (with ``support_score``) the measures of a field;
* ``rank`` over all measures and ``field_rank`` within the field, 1 = highest score, ties by
  ``measure_id``; ``rank_low``/``rank_high`` (and the field versions) the bootstrap rank
  interval (:mod:`~.intervals`); ``tier``/``tier_number`` and ``field_tier`` the groups
  the bootstrap cannot order (:func:`~.intervals.tiers`); ``clearly_ahead_of_next`` is True
  when the next measure of the field starts a new tier.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from pinneberg_analysis.core.config import SUPPORT_COMPONENTS, RankConfig, section
from pinneberg_analysis.nlp.glossary import Glossary
from pinneberg_analysis.ranking.agreement import rater_agreement
from pinneberg_analysis.ranking.expert import ExpertData, build_expert_data, n_raters
from pinneberg_analysis.ranking.intervals import bootstrap_ranks, rank_interval, tiers
from pinneberg_analysis.ranking.matching import RatingMatch, match_ratings
from pinneberg_analysis.ranking.scoring import Weights, compute_scores, field_ranks, overall_ranks
from pinneberg_analysis.ranking.sensitivity import sensitivity_table
from pinneberg_analysis.ranking.tiers import tier_name
from pinneberg_analysis.ranking.support import (
    SupportData,
    aggregate_support,
    available_components,
    build_support_data,
)

logger = logging.getLogger(__name__)

__all__ = ["Prepared", "RankResult", "prepare", "rank", "rank_details", "sensitivity",
           "rank_config"]


@dataclass
class Prepared:
    """Inputs encoded once for scoring, bootstrap and sensitivity."""

    config: RankConfig
    match: RatingMatch
    support: SupportData
    expert: ExpertData
    available: np.ndarray
    weights: Weights


@dataclass
class RankResult:
    """Everything the ranking stage produces.

    Attributes
    ----------
    ranking : DataFrame
        One row per measure (see :func:`rank`).
    matches : RatingMatch
        How each rated name was matched (``matches.unmatched`` lists the failures).
    agreement : DataFrame
        Krippendorff's alpha per criterion (:func:`~.agreement.rater_agreement`).
    sensitivity : DataFrame
        Top-of-field changes per weight and factor (empty unless requested).
    """

    ranking: pd.DataFrame
    matches: RatingMatch
    agreement: pd.DataFrame
    sensitivity: pd.DataFrame


def rank_config(config: RankConfig | Mapping[str, Any] | None) -> RankConfig:
    """The ``[rank]`` settings, validated (see :func:`pinneberg_analysis.core.config.section`).

    Raises
    ------
    ConfigError
        When a dict has unknown or invalid settings, or a whole Config is passed.
    """
    return section(config, RankConfig)


def prepare(measures: pd.DataFrame, contributions: pd.DataFrame,
            ratings: pd.DataFrame | None = None,
            config: RankConfig | Mapping[str, Any] | None = None,
            glossary: Glossary | None = None,
            assigned: Mapping[str, str | None] | None = None) -> Prepared:
    """Match the ratings and encode all inputs (the shared first step of every function)."""
    cfg = rank_config(config)
    match = match_ratings(ratings, measures, contributions, threshold=cfg.match_threshold,
                          margin=cfg.match_margin, glossary=glossary, assigned=assigned)
    sdata = build_support_data(measures, contributions)
    edata = build_expert_data(match.ratings, sdata.measure_ids,
                              invert_criteria=cfg.invert_criteria,
                              criterion_weights=cfg.criterion_weights)
    available = available_components(sdata, aggregate_support(sdata))
    w = Weights(cfg.weight_support, cfg.weight_expert, dict(cfg.support_weights),
                edata.weights.copy())
    return Prepared(cfg, match, sdata, edata, available, w)


def _int_column(values: np.ndarray) -> pd.arrays.IntegerArray:
    """Whole numbers as Int64; NaN becomes NA."""
    return pd.array(np.round(values), dtype="Float64").astype("Int64")


def _float_column(values: np.ndarray) -> pd.arrays.FloatingArray:
    return pd.array(values, dtype="Float64")  # NaN becomes NA


def _ahead(frame: pd.DataFrame) -> pd.Series:
    """clearly_ahead_of_next: the next measure of the field starts a new tier."""
    ahead = pd.Series(pd.NA, index=frame.index, dtype="boolean")
    for _, group in frame.groupby("field", sort=True):
        g = group.sort_values("field_rank")
        idx = g.index.to_list()
        for a, b in zip(idx, idx[1:]):
            ahead[a] = bool(frame.at[b, "field_tier"] > frame.at[a, "field_tier"])
    return ahead


def _ranking_frame(prep: Prepared, measures: pd.DataFrame, random_state: int | None
                   ) -> pd.DataFrame:
    cfg, sdata, edata = prep.config, prep.support, prep.expert
    point = compute_scores(sdata, edata, prep.available, prep.weights)
    rank = overall_ranks(point.score)[0]
    frank = field_ranks(point.field_score, sdata.field_codes)[0]
    boot = bootstrap_ranks(sdata, edata, prep.available, prep.weights,
                           n_bootstrap=cfg.n_bootstrap, resample=cfg.resample,
                           random_state=random_state)
    low, high = rank_interval(boot.ranks, rank, cfg.interval)
    flow, fhigh = rank_interval(boot.field_ranks, frank, cfg.interval)

    info = measures.assign(measure_id=measures["measure_id"].astype(str)).set_index("measure_id")
    ids = sdata.measure_ids
    label = info["label"].reindex(ids) if "label" in info.columns else pd.Series(pd.NA,
                                                                                 index=ids)
    cols: dict[str, object] = {
        "measure_id": pd.array(ids, dtype="string"),
        "field": pd.array([sdata.fields[f] for f in sdata.field_codes], dtype="string"),
        "label": pd.array(label.to_numpy(dtype=object), dtype="string"),
        "n_contributions": _int_column(point.raw["n_contributions"][0]),
        "votes": _int_column(point.raw["votes"][0]),
        "n_sources": _int_column(point.raw["n_sources"][0]),
        "n_rounds": _int_column(point.raw["n_rounds"][0]),
        "n_groups": _int_column(point.raw["n_groups"][0]),
        "multi_field": point.raw["multi_field"][0].astype(bool),
    }
    for name, values in point.normalised.items():
        cols[f"support_{name}"] = _float_column(values[0])
    cols["support_score"] = _float_column(point.support_score[0])
    for name, values in point.overall.items():
        cols[f"support_overall_{name}"] = _float_column(values[0])
    cols["support_overall"] = _float_column(point.support_overall[0])
    expert = point.expert_score[0]
    cols["rated"] = ~np.isnan(expert)
    cols["n_raters"] = pd.array(n_raters(edata), dtype="Int64")
    for j, crit in enumerate(edata.criteria):
        cols[f"crit_{crit}"] = _float_column(point.crit_means[0, :, j])
    cols["expert_score"] = _float_column(expert)
    cols["expert_used"] = _float_column(point.expert_used[0])
    cols["score"] = _float_column(point.score[0])
    cols["field_score"] = _float_column(point.field_score[0])
    cols.update(rank=rank, rank_low=low, rank_high=high, field_rank=frank, field_rank_low=flow,
                field_rank_high=fhigh)
    frame = pd.DataFrame(cols)
    for c in ("rank", "rank_low", "rank_high", "field_rank", "field_rank_low", "field_rank_high"):
        frame[c] = frame[c].astype("Int64")
    all_one = np.zeros(len(ids), dtype=np.int64)
    overall_tier = tiers(boot.ranks, rank, all_one, cfg.tier_confidence)
    frame["field_tier"] = pd.array(tiers(boot.field_ranks, frank, sdata.field_codes,
                                         cfg.tier_confidence), dtype="Int64")
    frame["clearly_ahead_of_next"] = _ahead(frame)
    frame["tier_number"] = pd.array(overall_tier, dtype="Int64")
    frame["tier"] = pd.array([tier_name(int(t)) for t in overall_tier], dtype="string")
    frame = frame.sort_values("rank", kind="stable").reset_index(drop=True)
    frame.attrs.update({
        "weights": cfg.model_dump(mode="json"),
        "criteria": list(edata.criteria),
        "inverted_criteria": [c for c, inv in zip(edata.criteria, edata.inverted) if inv],
        "criterion_weights_used": {c: float(w) for c, w in zip(edata.criteria, edata.weights)},
        "support_available": {
            f: [k for k, ok in zip(prep.weights.support, _avail_row(prep, i)) if ok]
            for i, f in enumerate(sdata.fields)
        },
        "random_state": random_state,
        "normalisation": "support_score: each component divided by its maximum within the "
                         "field (field ranking); support_overall: on one process-wide scale "
                         "(overall ranking)",
        "prior": "unrated: expert part 0 at the point estimate; in the bootstrap the "
                 "replicate expert score of a random rated measure of the field",
    })
    return frame


def _avail_row(prep: Prepared, field_index: int) -> list[bool]:
    pos = {name: k for k, name in enumerate(SUPPORT_COMPONENTS)}
    return [bool(prep.available[field_index, pos[k]]) for k in prep.weights.support]


def _sensitivity(prep: Prepared) -> pd.DataFrame:
    return sensitivity_table(prep.support, prep.expert, prep.available, prep.weights,
                             factors=prep.config.sensitivity_factors, top_k=prep.config.top_k)


def rank_details(
    measures: pd.DataFrame,
    contributions: pd.DataFrame,
    ratings: pd.DataFrame | None = None,
    config: RankConfig | Mapping[str, Any] | None = None,
    random_state: int | None = 42,
    *,
    with_sensitivity: bool = True,
    glossary: Glossary | None = None,
    assigned: Mapping[str, str | None] | None = None,
) -> RankResult:
    """Rank the measures and return the matching, agreement and sensitivity tables too.

    Parameters are those of :func:`rank`; ``with_sensitivity=False`` skips the sensitivity
    analysis; ``assigned`` holds the authors' assignments of rated names to measures
    (rated name -> measure id or None; see :func:`match_ratings`).

    Returns
    -------
    RankResult
    """
    prep = prepare(measures, contributions, ratings, config, glossary=glossary,
                   assigned=assigned)
    ranking = _ranking_frame(prep, measures, random_state)
    sens = _sensitivity(prep) if with_sensitivity else pd.DataFrame()
    agreement = rater_agreement(prep.match.ratings)
    return RankResult(ranking, prep.match, agreement, sens)


def rank(
    measures: pd.DataFrame,
    contributions: pd.DataFrame,
    ratings: pd.DataFrame | None = None,
    config: RankConfig | Mapping[str, Any] | None = None,
    random_state: int | None = 42,
    *,
    glossary: Glossary | None = None,
) -> pd.DataFrame:
    """Score and rank the measures, with bootstrap rank intervals.

    Parameters
    ----------
    measures : DataFrame
        ``measure_id, field, label, ...`` (docs/contracts.md, "measures").
    contributions : DataFrame
        ``measure_id, field, votes, source_kind, round, participant_group, text, ...``.
    ratings : DataFrame, optional
        Long expert ratings; names are matched to measures by :func:`match_ratings`.
        Without ratings every measure is ranked by support alone.
    config : RankConfig, dict or None
        The ``[rank]`` settings (a dict is validated like the config file); None = defaults.
    random_state : int or None
        Seed of the bootstrap; the same seed gives the same result.
    glossary : Glossary, optional
        The project's vocabulary (``build_glossary(config.nlp)``), for matching rated names.

    Returns
    -------
    DataFrame
        One row per measure, sorted by ``rank``: ``measure_id, field, label, n_contributions,
        votes, n_sources, n_rounds, n_groups, multi_field, support_<component>...,
        support_score, rated, n_raters, crit_<Criterion>..., expert_score, score, rank,
        rank_low, rank_high, field_rank, field_rank_low, field_rank_high,
        clearly_ahead_of_next, field_tier`` and ``support_overall_<component>...,
        support_overall, expert_used, field_score, tier_number, tier`` (docs/contracts.md).
        ``attrs["weights"]`` holds the settings used.

    Examples
    --------
    >>> measures = pd.DataFrame({"measure_id": ["M1", "M2"], "field": ["Mobilität"] * 2,
    ...                          "label": ["Radwege", "Carsharing"]})
    >>> contributions = pd.DataFrame({"measure_id": ["M1", "M1", "M2"],
    ...                               "field": ["Mobilität"] * 3, "votes": [3, 2, 1],
    ...                               "source_kind": ["workshop", "online", "online"]})
    >>> rank(measures, contributions, None, {"n_bootstrap": 20})[["measure_id", "rank"]]
      measure_id  rank
    0         M1     1
    1         M2     2
    """
    return rank_details(measures, contributions, ratings, config, random_state,
                        with_sensitivity=False, glossary=glossary).ranking


def sensitivity(
    measures: pd.DataFrame,
    contributions: pd.DataFrame,
    ratings: pd.DataFrame | None = None,
    config: RankConfig | Mapping[str, Any] | None = None,
    *,
    glossary: Glossary | None = None,
) -> pd.DataFrame:
    """How the top of each field changes when each weight moves (see :mod:`~.sensitivity`).

    Returns
    -------
    DataFrame
        ``weight, factor, value, field, n_measures, top_k, overlap, top1_same,
        kendall_tau``; ``factors`` and ``top_k`` come from the settings.
    """
    return _sensitivity(prepare(measures, contributions, ratings, config, glossary=glossary))
