"""Town-wide ideas: one request raised in three fields ends in one measure (primary field plus the others)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import adjusted_rand_score

from pinneberg_analysis.cluster import MeasureClusterer, cluster_contributions
from pinneberg_analysis.cluster.crossfield import MAX_FIELD_SHARE, cross_field_groups
from pinneberg_analysis.cluster.linkage import Similarities

FIXTURE = Path(__file__).parent / "assets" / "cluster" / "cross_field.csv"
ZUS = "Zusammenleben, Bildung und Kultur"


@pytest.fixture(scope="module")
def process():
    return pd.read_csv(FIXTURE)


def _measure_of(model, df):
    return model.assignments_.set_index("contribution_id").loc[df["contribution_id"], "measure_id"].to_numpy()


def test_a_town_wide_idea_raised_in_three_fields_is_one_measure(process):
    model = MeasureClusterer(random_state=0).fit(process)
    measure = _measure_of(model, process)
    app = process["measure"].eq("app").to_numpy()
    assert len(set(measure[app])) == 1
    row = model.measures_.set_index("measure_id").loc[measure[app][0]]
    fields = row["fields"].split(";")
    assert set(fields) == {"Mobilität", "Verwaltung", ZUS}
    assert row["field"] == fields[0]  # the primary field first, then the others
    # and the fields' own measures stay as they are
    assert adjusted_rand_score(process["measure"], measure) == pytest.approx(1.0)


def test_the_result_does_not_depend_on_the_row_order(process):
    base = _measure_of(MeasureClusterer(random_state=0).fit(process), process)
    shuffled = process.sample(frac=1.0, random_state=3)
    again = MeasureClusterer(random_state=0).fit(shuffled)
    assert adjusted_rand_score(base, _measure_of(again, process)) == pytest.approx(1.0)


def test_cluster_contributions_keeps_each_contribution_in_its_own_field(process):
    out, measures, _ = cluster_contributions(process, {"backend": "tfidf"}, random_state=0)
    assert out["field"].tolist() == process["field"].tolist()
    app = out[process["measure"].eq("app")]
    assert app["measure_id"].nunique() == 1 and app["field"].nunique() == 3


def test_without_fields_no_town_wide_seed_is_needed(process):
    model = MeasureClusterer(random_state=0, per_field=False).fit(process)
    assert adjusted_rand_score(process["measure"], _measure_of(model, process)) == pytest.approx(1.0)


def _sims(groups, fields, within=0.8):
    """Similarities of unit vectors: rows of one group share a direction."""
    rng = np.random.default_rng(0)
    n_groups = max(groups) + 1
    base = np.linalg.qr(rng.normal(size=(64, 64)))[0][:n_groups]
    X = np.array([within * base[g] + np.sqrt(1 - within**2) * rng.normal(size=64) / 8 for g in groups])
    X /= np.linalg.norm(X, axis=1, keepdims=True)
    return Similarities(X), np.array(fields)


def test_one_fields_measure_with_a_stray_note_is_not_town_wide():
    sims, fields = _sims([0, 0, 0, 0, 1, 1], ["A", "A", "A", "B", "B", "C"])
    assert cross_field_groups(sims, np.arange(6), fields, threshold=0.3) == []  # 3 of 4 in field A
    assert 3 / 4 > MAX_FIELD_SHARE


def test_town_wide_groups_span_fields_and_reach_the_bar():
    sims, fields = _sims([0, 0, 0, 0, 1, 1, 1, 2, 2], ["A", "B", "C", "A", "A", "A", "A", "B", "C"])
    groups = cross_field_groups(sims, np.arange(9), fields, threshold=0.3)
    for g in groups:
        assert len(set(fields[g])) >= 2
        block = sims.full[np.ix_(g, g)]
        assert (block.sum() - len(g)) / (len(g) * (len(g) - 1)) >= 0.3
    assert [0, 1, 2, 3] in [g.tolist() for g in groups]
    assert not any(set(g.tolist()) & {4, 5, 6} for g in groups)  # one field only
