"""Properties a council relies on, over random processes (hypothesis).

* removing a measure's rating never raises its rank (overall or in the field);
* doubling every vote in one field changes no order;
* a rated measure with at least an unrated one's support (every component) ranks above it,
  and with at least its contributions and votes and a rating above the process median it
  does too when that rating outweighs the other components' weights (the default weights);
* an unrated measure's rank interval reaches at least as far up as its point rank.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pinneberg_analysis.ranking.ranker import rank
from pinneberg_analysis.ranking.tiers import certainty_sentences

FIELDS = ["Mobilität", "Verwaltung", "Wirtschaft"]
FAST = {"n_bootstrap": 20}
SOURCES = ["workshop", "online", "forum"]


@st.composite
def processes(draw):
    """Measures, contributions and measure-id ratings of a small random process."""
    n = draw(st.integers(3, 9))
    fields = [FIELDS[draw(st.integers(0, 2))] for _ in range(n)]
    measures = pd.DataFrame({"measure_id": [f"M{i:02d}" for i in range(n)], "field": fields,
                             "label": [f"Maßnahme {i}" for i in range(n)]})
    rows = []
    for i in range(n):
        for k in range(draw(st.integers(1, 5))):
            rows.append({"contribution_id": f"C{i:02d}-{k}", "measure_id": f"M{i:02d}",
                         "field": fields[i], "votes": draw(st.integers(0, 30)),
                         "source_kind": SOURCES[draw(st.integers(0, 2))],
                         "round": draw(st.integers(1, 2)), "text": "x"})
    contributions = pd.DataFrame(rows)
    rated = [i for i in range(n) if draw(st.booleans())]
    ratings = []
    for i in rated:
        for rater in ("A", "B"):
            for crit in ("Wirkung", "Kosten"):
                ratings.append({"measure_id": f"M{i:02d}", "measure_ref": pd.NA,
                                "rater": rater, "criterion": crit,
                                "value": float(draw(st.integers(1, 5)))})
    ratings = pd.DataFrame(ratings, columns=["measure_id", "measure_ref", "rater", "criterion",
                                             "value"])
    return measures, contributions, ratings


SETTINGS = settings(max_examples=40, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@SETTINGS
@given(processes(), st.data())
def test_removing_a_rating_never_raises_the_rank(process, data):
    measures, contributions, ratings = process
    rated_ids = sorted(set(ratings["measure_id"]))
    if not rated_ids:
        return
    target = data.draw(st.sampled_from(rated_ids))
    before = rank(measures, contributions, ratings, FAST).set_index("measure_id")
    after = rank(measures, contributions, ratings[ratings["measure_id"] != target],
                 FAST).set_index("measure_id")
    assert not after.loc[target, "rated"]
    assert after.loc[target, "rank"] >= before.loc[target, "rank"]
    assert after.loc[target, "field_rank"] >= before.loc[target, "field_rank"]


@SETTINGS
@given(processes(), st.sampled_from(FIELDS))
def test_doubling_the_votes_of_a_field_changes_no_order(process, field):
    measures, contributions, ratings = process
    doubled = contributions.assign(votes=np.where(contributions["field"] == field,
                                                  contributions["votes"] * 2,
                                                  contributions["votes"]))
    a = rank(measures, contributions, ratings, FAST).set_index("measure_id")
    b = rank(measures, doubled, ratings, FAST).set_index("measure_id")
    b = b.loc[a.index]
    assert a["field_rank"].tolist() == b["field_rank"].tolist()
    assert a["rank"].tolist() == b["rank"].tolist()


def _pairs(df: pd.DataFrame):
    """(rated, unrated) pairs of one field."""
    for _, part in df.groupby("field"):
        for r in part[part["rated"]].itertuples():
            for u in part[~part["rated"]].itertuples():
                yield r, u


@SETTINGS
@given(processes())
def test_a_rated_measure_with_at_least_the_support_ranks_above(process):
    df = rank(*process, FAST)
    median = df.loc[df["rated"], "expert_score"].median()
    for r, u in _pairs(df):
        at_least_all = all(
            getattr(r, c) >= getattr(u, c)
            for c in ("n_contributions", "votes", "n_sources", "n_rounds"))
        if at_least_all and r.expert_score > 0:
            assert r.rank < u.rank and r.field_rank < u.field_rank
        # contributions and votes only: the other components weigh 0.3 of the support
        # (0.15 of the score) at most, an above-median rating above 0.3 outweighs them
        enough = r.expert_score > max(median, 0.3)
        if r.n_contributions >= u.n_contributions and r.votes >= u.votes and enough:
            assert r.rank < u.rank and r.field_rank < u.field_rank


@SETTINGS
@given(processes())
def test_tiers_are_contiguous_and_start_at_a(process):
    df = rank(*process, FAST)
    for _, part in df.sort_values("field_rank").groupby("field"):
        steps = np.diff(part["field_tier"].to_numpy(dtype=int))
        assert part["field_tier"].iloc[0] == 1 and set(steps.tolist()) <= {0, 1}
    overall = df.sort_values("rank")
    assert overall["tier"].iloc[0] == "Gruppe A"
    assert overall["tier_number"].is_monotonic_increasing
    sentences = certainty_sentences(df)
    assert set(sentences) == set(df["field"]) | {"Gesamt"}


@SETTINGS
@given(processes())
def test_unrated_interval_contains_the_point_rank(process):
    df = rank(*process, FAST)
    assert (df["rank_low"] <= df["rank"]).all() and (df["rank"] <= df["rank_high"]).all()
