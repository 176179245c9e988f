import krippendorff
import numpy as np
import pandas as pd

from pinneberg_analysis.ranking.agreement import rater_agreement


def _long(matrix, criterion="Wirkung"):
    rows = []
    for r, values in enumerate(matrix):
        for u, v in enumerate(values):
            if not np.isnan(v):
                rows.append({"measure_id": f"M{u}", "rater": f"R{r}", "criterion": criterion,
                             "value": v})
    return pd.DataFrame(rows)


def test_alpha_equals_krippendorff_ordinal():
    matrix = [[1, 2, 3, 3, 2, 1, 4, 1, 2, np.nan],
              [1, 2, 3, 3, 2, 2, 4, 1, 2, 5],
              [np.nan, 3, 3, 3, 2, 3, 4, 2, 2, 5]]
    got = rater_agreement(_long(matrix))
    expected = krippendorff.alpha(reliability_data=np.array(matrix, dtype=float),
                                  level_of_measurement="ordinal")
    assert got["criterion"].tolist() == ["Wirkung"]
    assert abs(float(got["alpha"].iloc[0]) - expected) < 1e-12
    assert got[["n_raters", "n_measures", "n_pairable", "n_values"]].iloc[0].tolist() == [
        3, 10, 10, 28]


def test_alpha_per_criterion_and_undefined_cases():
    perfect = _long([[1, 3, 5], [1, 3, 5]], "Wirkung")
    single_rater = _long([[1, 3, 5]], "Kosten")
    constant = _long([[2, 2, 2], [2, 2, 2]], "Dringlichkeit")
    got = rater_agreement(pd.concat([perfect, single_rater, constant])).set_index("criterion")
    assert got.index.tolist() == ["Dringlichkeit", "Kosten", "Wirkung"]
    assert float(got.loc["Wirkung", "alpha"]) == 1.0
    assert pd.isna(got.loc["Kosten", "alpha"]) and pd.isna(got.loc["Dringlichkeit", "alpha"])
    assert got.loc["Kosten", "n_raters"] == 1


def test_disagreement_is_low_and_empty_input():
    got = rater_agreement(_long([[1, 5, 1, 5], [5, 1, 5, 1]]))
    assert float(got["alpha"].iloc[0]) < 0
    assert rater_agreement(None).empty
