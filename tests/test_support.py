import numpy as np
import pandas as pd
import pytest

from pinneberg_analysis.core.errors import InputError
from pinneberg_analysis.ranking.support import (
    aggregate_support,
    available_components,
    build_support_data,
    normalise_support,
)

MOB, VER = "Mobilität", "Verwaltung"


def _tables():
    measures = pd.DataFrame({
        "measure_id": ["M3", "M1", "M2", "M4"],  # deliberately unsorted
        "field": [MOB, MOB, MOB, VER],
        "fields": [MOB, MOB, f"{MOB};{VER}", VER],
    })
    contributions = pd.DataFrame({
        "contribution_id": [f"C{i}" for i in range(8)],
        "measure_id": ["M1", "M1", "M1", "M2", "M3", "M3", "M4", pd.NA],
        "field": [MOB, MOB, VER, MOB, MOB, MOB, VER, MOB],
        "votes": pd.array([3, pd.NA, 4, pd.NA, 1, 1, pd.NA, 9], dtype="Int64"),
        "source_kind": ["workshop", "online", "online", "forum", "workshop", "workshop",
                        "online", "online"],
        "round": pd.array([1, pd.NA, 2, pd.NA, 1, 1, pd.NA, 1], dtype="Int64"),
        "participant_group": pd.array(["Schule", pd.NA, "Verein", pd.NA, pd.NA, pd.NA, pd.NA,
                                       pd.NA], dtype="string"),
    })
    return measures, contributions


def _point(data):
    raw = aggregate_support(data)
    return {k: v[0] for k, v in raw.items()}


def test_raw_components_by_hand():
    data = build_support_data(*_tables())
    assert list(data.measure_ids) == ["M1", "M2", "M3", "M4"]
    raw = _point(data)
    # M1: 3 contributions, votes 3 + 4 (one unknown), workshop+online, rounds {1,2},
    # groups {Schule, Verein}, contributions in two fields.
    np.testing.assert_array_equal(raw["n_contributions"], [3, 1, 2, 1])
    np.testing.assert_array_equal(raw["votes"], [7, np.nan, 2, np.nan])
    np.testing.assert_array_equal(raw["n_sources"], [2, 1, 1, 1])
    np.testing.assert_array_equal(raw["n_rounds"], [2, np.nan, 1, np.nan])
    np.testing.assert_array_equal(raw["n_groups"], [2, np.nan, np.nan, np.nan])
    # M1 from its contributions' fields, M2 from its own fields list.
    np.testing.assert_array_equal(raw["multi_field"], [1, 1, 0, 0])


def test_normalised_within_field_by_hand():
    data = build_support_data(*_tables())
    raw = aggregate_support(data)
    avail = available_components(data, raw)
    weights = {"n_contributions": 0.4, "votes": 0.3, "n_sources": 0.2, "n_rounds": 0.1}
    norm, score = normalise_support(data, raw, weights, avail)
    # Mobilität (M1, M2, M3): max n=3, votes=7, sources=2, rounds=2.
    np.testing.assert_allclose(norm["n_contributions"][0], [1, 1 / 3, 2 / 3, 1])
    np.testing.assert_allclose(norm["votes"][0][:3], [1, 0, 2 / 7])
    # Verwaltung knows no votes and no rounds: left out, weights rescaled to 0.4 + 0.2.
    assert np.isnan(norm["votes"][0][3]) and np.isnan(norm["n_rounds"][0][3])
    expected = [
        0.4 + 0.3 + 0.2 + 0.1,
        0.4 / 3 + 0 + 0.2 * 0.5 + 0,
        0.4 * 2 / 3 + 0.3 * 2 / 7 + 0.2 * 0.5 + 0.1 * 0.5,
        (0.4 * 1 + 0.2 * 1) / 0.6,
    ]
    np.testing.assert_allclose(score[0], expected)


def test_bootstrap_aggregation_equals_pandas_on_the_drawn_rows():
    measures, contributions = _tables()
    data = build_support_data(measures, contributions)
    rng = np.random.default_rng(0)
    idx = rng.integers(0, data.n_contributions, size=(5, data.n_contributions))
    raw = aggregate_support(data, idx)
    kept = contributions[contributions["measure_id"].notna()].sort_values(
        "contribution_id").reset_index(drop=True)
    # Rebuild the row order the arrays use (field, measure, id), then check each replicate.
    order = {mid: i for i, mid in enumerate(data.measure_ids)}
    kept["_m"] = kept["measure_id"].map(order)
    kept["_f"] = data.field_codes[kept["_m"]]
    kept = kept.sort_values(["_f", "_m", "contribution_id"], kind="stable").reset_index(drop=True)
    for b in range(5):
        drawn = kept.iloc[idx[b]]
        g = drawn.groupby("measure_id")
        counts = g.size().reindex(data.measure_ids, fill_value=0)
        np.testing.assert_array_equal(raw["n_contributions"][b], counts.to_numpy())
        votes = g["votes"].agg(lambda s: s.sum() if s.notna().any() else np.nan)
        np.testing.assert_array_equal(raw["votes"][b],
                                      votes.reindex(data.measure_ids).to_numpy(dtype=float))
        rounds = g["round"].agg(lambda s: s.dropna().nunique() or np.nan)
        np.testing.assert_array_equal(raw["n_rounds"][b],
                                      rounds.reindex(data.measure_ids).to_numpy(dtype=float))


def test_measure_without_contributions_counts_zero():
    measures, contributions = _tables()
    measures = pd.concat([measures, pd.DataFrame({"measure_id": ["M5"], "field": [MOB],
                                                  "fields": [MOB]})])
    raw = _point(build_support_data(measures, contributions))
    assert raw["n_contributions"][-1] == 0 and raw["n_sources"][-1] == 0


def test_missing_column_and_duplicate_ids_raise():
    measures, contributions = _tables()
    with pytest.raises(InputError, match="measure_id"):
        build_support_data(measures, contributions.drop(columns="measure_id"))
    with pytest.raises(InputError, match="more than once"):
        build_support_data(pd.concat([measures, measures.iloc[:1]]), contributions)

