import numpy as np
import pandas as pd
import pytest

from pinneberg_analysis.core.config import RankConfig
from pinneberg_analysis.core.errors import ConfigError, InputError
from pinneberg_analysis.ranking.ranker import rank, rank_details

MOB, VER = "Mobilität", "Verwaltung"
FAST = {"n_bootstrap": 60}


def _measures():
    return pd.DataFrame({
        "measure_id": ["M1", "M2", "M3", "M4"],
        "field": [MOB, MOB, MOB, VER],
        "fields": [MOB, f"{MOB};{VER}", MOB, VER],
        "label": ["Mobilitätsstationen am Bahnhof", "Digitales Rathaus", "Radwege ausbauen",
                  "Online-Bürgeramt"],
    })


def _contributions():
    return pd.DataFrame({
        "contribution_id": [f"C{i}" for i in range(7)],
        "measure_id": ["M1", "M2", "M3", "M3", "M4", "M1", "M1"],
        "field": [MOB, MOB, MOB, MOB, VER, MOB, MOB],
        "text": ["Leihräder am Bahnhof", "Online-Termine", "Sichere Radwege", "Radschnellweg",
                 "Formulare online", "Carsharing", "Bahnhof"],
        "votes": pd.array([3, pd.NA, 5, 2, 1, 0, 4], dtype="Int64"),
        "source_kind": ["workshop", "online", "workshop", "forum", "online", "online",
                        "workshop"],
        "round": pd.array([1, pd.NA, 2, 1, pd.NA, pd.NA, 2], dtype="Int64"),
        "participant_group": pd.array([pd.NA] * 7, dtype="string"),
    })


def _ratings():
    # Criteria named as in a file; "Nachhaltigkeit" appears nowhere in the code.
    return pd.DataFrame({
        "rating_id": [f"R{i}" for i in range(12)],
        "measure_ref": ["Mobilitätsstationen am Bahnhof"] * 6 + ["Radwege ausbauen"] * 4
        + ["Stadtwald aufforsten"] * 2,
        "measure_id": pd.array([pd.NA] * 12, dtype="string"),
        "rater": ["A", "A", "A", "B", "B", "A"] + ["A", "A", "B", "B"] + ["A", "B"],
        "criterion": ["Wirkung", "Kosten", "Nachhaltigkeit", "Wirkung", "Kosten", "Wirkung"]
        + ["Wirkung", "Kosten", "Wirkung", "Kosten"] + ["Wirkung", "Wirkung"],
        "value": pd.array([4, 2, 5, 5, 3, 2, 3, 4, 2, 5, 1, 1], dtype="Float64"),
    })


def test_score_arithmetic_by_hand():
    df = rank(_measures(), _contributions(), _ratings(), FAST).set_index("measure_id")
    # Support (Mobilität maxima: n=3, votes=7, sources=2, rounds=2; weights .4/.3/.2/.1).
    assert df.loc["M1", "support_score"] == pytest.approx(1.0)
    assert df.loc["M3", "support_score"] == pytest.approx(0.4 * 2 / 3 + 0.3 + 0.2 + 0.1)
    assert df.loc["M2", "support_score"] == pytest.approx(0.4 / 3 + 0.2 / 2)
    # Verwaltung has neither votes nor rounds known in M4: weights rescaled to .4 + .2 + .3.
    assert pd.isna(df.loc["M4", "support_n_rounds"])
    assert df.loc["M4", "support_score"] == pytest.approx(1.0)
    # M1: rater A rated Wirkung twice (4 and 2 -> 3), B gave 5 -> Wirkung (3 + 5) / 2 = 4;
    # Kosten (2 + 3) / 2 = 2.5, inverted: 6 - 2.5 = 3.5; Nachhaltigkeit 5 (A only).
    assert df.loc["M1", "crit_Wirkung"] == pytest.approx(4.0)
    assert df.loc["M1", "crit_Kosten"] == pytest.approx(2.5)
    assert df.loc["M1", "crit_Nachhaltigkeit"] == pytest.approx(5.0)
    expert_m1 = ((4 - 1) / 4 + (3.5 - 1) / 4 + (5 - 1) / 4) / 3
    assert df.loc["M1", "expert_score"] == pytest.approx(expert_m1)
    assert df.loc["M1", "n_raters"] == 2
    assert df.loc["M1", "score"] == pytest.approx(0.5 * 1.0 + 0.5 * expert_m1)
    # M3: Wirkung 2.5, Kosten 4.5 -> inverted 1.5; no Nachhaltigkeit rating.
    expert_m3 = ((2.5 - 1) / 4 + (1.5 - 1) / 4) / 2
    assert df.loc["M3", "expert_score"] == pytest.approx(expert_m3)
    assert pd.isna(df.loc["M3", "crit_Nachhaltigkeit"])
    # The score columns recompute both scores for every measure; unrated: expert part 0.
    np.testing.assert_allclose(df["expert_used"].to_numpy(dtype=float),
                               df["expert_score"].fillna(0).to_numpy(dtype=float))
    np.testing.assert_allclose(df["field_score"].to_numpy(dtype=float),
                               0.5 * df["support_score"] + 0.5 * df["expert_used"])
    np.testing.assert_allclose(df["score"].to_numpy(dtype=float),
                               0.5 * df["support_overall"] + 0.5 * df["expert_used"])


def test_process_wide_support_by_hand():
    df = rank(_measures(), _contributions(), _ratings(), FAST).set_index("measure_id")
    # Counts are divided by the maxima of the whole process, not of the field.
    n = df["n_contributions"].astype(float)
    np.testing.assert_allclose(df["support_overall_n_contributions"].to_numpy(dtype=float),
                               (n / n.max()).to_numpy())
    # Votes share out the field's contributions: v / V_field * N_field, then / process max.
    v = df["votes"].astype(float).fillna(0)
    field_v = v.groupby(df["field"]).transform("sum")
    field_n = n.groupby(df["field"]).transform("sum")
    equiv = (v / field_v * field_n).where(field_v > 0)
    expected = equiv / equiv.max()
    known = df["support_overall_votes"].notna()
    np.testing.assert_allclose(df.loc[known, "support_overall_votes"].to_numpy(dtype=float),
                               expected[known].to_numpy())


def test_unrated_measures_ranked_by_support_and_marked():
    df = rank(_measures(), _contributions(), _ratings(), FAST).set_index("measure_id")
    for mid in ("M2", "M4"):
        assert not df.loc[mid, "rated"]
        assert pd.isna(df.loc[mid, "expert_score"])  # empty, not zero
        assert df.loc[mid, "n_raters"] == 0
        # The prior's lower end: the expert part counts 0, never more.
        assert df.loc[mid, "expert_used"] == 0
        assert df.loc[mid, "field_score"] == pytest.approx(0.5 * df.loc[mid, "support_score"])


def test_without_ratings_everything_is_support():
    df = rank(_measures(), _contributions(), None, FAST)
    assert not df["rated"].any() and df["expert_score"].isna().all()
    assert not any(c.startswith("crit_") for c in df.columns)


def test_columns_ranks_and_ties():
    df = rank(_measures(), _contributions(), _ratings(), FAST)
    required = ["measure_id", "field", "label", "n_contributions", "votes", "n_sources",
                "n_rounds", "n_groups", "multi_field", "support_score", "expert_score",
                "n_raters", "score", "rank", "rank_low", "rank_high", "field_rank",
                "field_rank_low", "field_rank_high", "rated", "clearly_ahead_of_next",
                "field_tier"]
    assert [c for c in required if c not in df.columns] == []
    assert df["rank"].tolist() == list(range(1, 5))
    assert df["score"].is_monotonic_decreasing
    assert df.groupby("field")["field_rank"].apply(sorted).to_dict() == {MOB: [1, 2, 3],
                                                                         VER: [1]}
    assert df.attrs["weights"]["weight_support"] == 0.5
    # Identical measures tie; the smaller id ranks first.
    measures = pd.DataFrame({"measure_id": ["B", "A"], "field": [MOB, MOB], "label": ["x", "y"]})
    contributions = pd.DataFrame({"measure_id": ["A", "B"], "field": [MOB, MOB]})
    tied = rank(measures, contributions, None, FAST)
    assert tied["measure_id"].tolist() == ["A", "B"]
    assert tied["score"].nunique() == 1


def test_weights_change_the_score():
    only_support = rank(_measures(), _contributions(), _ratings(),
                        {"weight_expert": 0, **FAST})
    np.testing.assert_allclose(only_support["score"].to_numpy(dtype=float),
                               only_support["support_overall"].to_numpy(dtype=float))
    np.testing.assert_allclose(only_support["field_score"].to_numpy(dtype=float),
                               only_support["support_score"].to_numpy(dtype=float))
    doubled = rank(_measures(), _contributions(), _ratings(),
                   RankConfig(criterion_weights={"wirkung": 2.0}, n_bootstrap=60))
    m1 = doubled.set_index("measure_id").loc["M1"]
    expected = (2 * 0.75 + 0.625 + 1.0) / 4  # Wirkung counts twice (name matched loosely)
    assert m1["expert_score"] == pytest.approx(expected)
    assert doubled.attrs["criterion_weights_used"]["Wirkung"] == 2.0


def test_optional_support_components():
    df = rank(_measures(), _contributions(), None,
              {"support_weights": {"n_groups": 1.0, "multi_field": 1.0}, **FAST})
    df = df.set_index("measure_id")
    # No participant group is known anywhere: n_groups is left out, multi_field decides.
    assert df["support_n_groups"].isna().all()
    assert df["support_score"].to_dict() == {"M2": 1.0, "M1": 0.0, "M3": 0.0, "M4": 0.0}
    assert df["multi_field"].to_dict() == {"M2": True, "M1": False, "M3": False, "M4": False}


def test_same_seed_same_result_whatever_the_row_order():
    a = rank(_measures(), _contributions(), _ratings(), FAST, random_state=7)
    b = rank(_measures(), _contributions(), _ratings(), FAST, random_state=7)
    pd.testing.assert_frame_equal(a, b)
    shuffled = rank(_measures().sample(frac=1, random_state=1),
                    _contributions().sample(frac=1, random_state=2),
                    _ratings().sample(frac=1, random_state=3), FAST, random_state=7)
    pd.testing.assert_frame_equal(a, shuffled)


def _noisy_process(spread: float, n_measures: int = 8, per_measure: int = 12):
    """One field; measure i has mean votes 10 * (i + 1), spread +- spread around it."""
    ids = [f"M{i:02d}" for i in range(n_measures)]
    measures = pd.DataFrame({"measure_id": ids, "field": MOB, "label": ids})
    rows = []
    for i, mid in enumerate(ids):
        for j in range(per_measure):
            sign = 1 if j % 2 else -1
            rows.append({"contribution_id": f"{mid}-{j}", "measure_id": mid, "field": MOB,
                         "votes": int(round(10 * (i + 1) + sign * spread * (i + 1)))})
    contributions = pd.DataFrame(rows).astype({"votes": "Int64"})
    return measures, contributions


@pytest.mark.parametrize("resample", ["field", "measure"])
def test_intervals_contain_rank_and_widen_with_noise(resample):
    cfg = {"support_weights": {"votes": 1.0}, "n_bootstrap": 200, "resample": resample}
    widths = {}
    for spread in (0.0, 9.0):
        df = rank(*_noisy_process(spread), None, cfg, random_state=3)
        assert (df["rank_low"] <= df["rank"]).all() and (df["rank"] <= df["rank_high"]).all()
        assert (df["field_rank_low"] <= df["field_rank"]).all()
        assert (df["field_rank"] <= df["field_rank_high"]).all()
        widths[spread] = float((df["rank_high"] - df["rank_low"]).mean())
    assert widths[9.0] > widths[0.0]
    if resample == "measure":
        assert widths[0.0] == 0.0  # identical votes per measure: nothing to resample


def test_rater_disagreement_widens_intervals():
    # Equal support everywhere; measure i has mean rating 1 + i / 2 over 6 raters.
    ids = [f"M{i}" for i in range(6)]
    measures = pd.DataFrame({"measure_id": ids, "field": MOB, "label": ids})
    contributions = pd.DataFrame({"measure_id": ids, "field": MOB})
    widths = {}
    for spread in (0.0, 0.7):
        rows = [{"measure_ref": mid, "measure_id": mid, "rater": f"R{r}", "criterion": "Wirkung",
                 "value": 1.75 + i / 2 + (spread if r % 2 else -spread) * (r < 4)}
                for i, mid in enumerate(ids) for r in range(6)]
        ratings = pd.DataFrame(rows).astype({"value": "Float64", "measure_id": "string"})
        df = rank(measures, contributions, ratings, {"n_bootstrap": 200, "resample": "measure"},
                  random_state=5)
        assert df["rated"].all() and (df["n_raters"] == 6).all()
        widths[spread] = float((df["rank_high"] - df["rank_low"]).mean())
    assert widths[0.0] == 0.0 and widths[0.7] > 0.5


def test_overlapping_intervals_are_not_clearly_ordered():
    df = rank(*_noisy_process(9.0), None, {"support_weights": {"votes": 1.0},
                                           "n_bootstrap": 200}, random_state=3)
    df = df.sort_values("field_rank").reset_index(drop=True)
    assert pd.isna(df["clearly_ahead_of_next"].iloc[-1])
    # A tier only changes after a measure that is clearly ahead of the next.
    steps = df["field_tier"].diff().iloc[1:].astype(int).tolist()
    assert steps == [int(v) for v in df["clearly_ahead_of_next"].iloc[:-1]]
    assert df["field_tier"].iloc[0] == 1 and set(steps) <= {0, 1}


def test_rank_details_tables():
    res = rank_details(_measures(), _contributions(), _ratings(), FAST)
    assert res.matches.unmatched["measure_ref"].tolist() == ["Stadtwald aufforsten"]
    assert set(res.agreement["criterion"]) == {"Kosten", "Nachhaltigkeit", "Wirkung"}
    sens = res.sensitivity
    assert {"weight_support", "weight_expert", "support_weights.votes",
            "criterion_weights.Wirkung"} <= set(sens["weight"])
    unchanged = sens[sens["factor"] == 1.0]
    assert (unchanged["overlap"] == 1).all() and unchanged["top1_same"].all()


def test_sensitivity_detects_a_flip():
    # M1 leads Mobilität on support (1.0 vs 0.87), the experts prefer M3 (1.0 vs 0.0):
    # at the baseline M3 is first, with no expert weight M1 is.
    ratings = pd.DataFrame({
        "measure_ref": ["Mobilitätsstationen am Bahnhof", "Radwege ausbauen"] * 2,
        "rater": ["A", "A", "B", "B"], "criterion": "Wirkung",
        "value": pd.array([1, 5, 1, 5], dtype="Float64"),
    })
    res = rank_details(_measures(), _contributions(), ratings,
                       {"sensitivity_factors": [0.0, 1.0, 2.0], "top_k": 1, **FAST})
    sens = res.sensitivity.set_index(["weight", "factor", "field"])
    assert sens.loc[("weight_expert", 1.0, MOB), "top_k"] == "M3"
    flipped = sens.loc[("weight_expert", 0.0, MOB)]
    assert flipped["top_k"] == "M1" and not flipped["top1_same"] and flipped["overlap"] == 0
    assert flipped["kendall_tau"] < 1
    assert sens.loc[("weight_support", 0.0, MOB), "top_k"] == "M3"
    assert set(res.sensitivity["field"]) == {MOB, VER, "Gesamt"}
    # Both main weights at 0 would be undefined: left out.
    both = rank_details(_measures(), _contributions(), ratings,
                        {"weight_expert": 0, "sensitivity_factors": [0.0, 1.0], **FAST})
    rows = both.sensitivity
    assert rows[(rows["weight"] == "weight_support") & (rows["factor"] == 0.0)].empty


def test_bad_settings_and_inputs_raise():
    with pytest.raises(ConfigError, match="support_weights"):
        rank(_measures(), _contributions(), None, {"support_weights": {"likes": 1.0}})
    with pytest.raises(ConfigError, match="weight_"):
        rank(_measures(), _contributions(), None, {"weight_support": 0, "weight_expert": 0})
    bad = _ratings().assign(value=pd.array([7.0] + [3.0] * 11, dtype="Float64"))
    with pytest.raises(InputError, match="outside 1–5"):
        rank(_measures(), _contributions(), bad, FAST)


def test_public_api():
    import pinneberg_analysis.ranking  # noqa: F401  (the subpackage is not called 'rank')
    import pinneberg_analysis.ranking.ranker  # noqa: F401

    assert pinneberg_analysis.rank is rank
