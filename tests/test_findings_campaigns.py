"""The report's list of copy-paste campaigns: grouped by their original, largest first."""

from __future__ import annotations

import pandas as pd

from pinneberg_analysis.core.result import AnalysisResult
from pinneberg_analysis.report.findings import campaigns


def test_campaigns_group_copies_by_their_original_largest_first():
    ids = [f"C{i}" for i in range(9)]
    contributions = pd.DataFrame({
        "contribution_id": ids,
        "text": ["Radweg am Bahnhof ausbauen"] * 3 + ["Mehr Bänke im Park"] * 4 + ["Eins", "Zwei"],
        "near_duplicate_of": [pd.NA, "C0", "C0", pd.NA, "C3", "C3", pd.NA, pd.NA, pd.NA],
        "duplicate_of": [pd.NA] * 6 + ["C3", pd.NA, pd.NA],
        "votes": [1, 2, 3, 0, 1, 1, 1, 5, 6],
        "measure_id": ["M1"] * 3 + ["M2"] * 4 + ["M3", "M4"],
        "field": ["Mobilität"] * 3 + ["Lebens- und Wohnumfeld mit Gesundheit"] * 4 + ["Verwaltung"] * 2,
    })
    measures = pd.DataFrame({"measure_id": ["M1", "M2", "M3", "M4"],
                             "label": ["Radweg am Bahnhof", "Bänke im Park", "Eins", "Zwei"]})
    found = campaigns(AnalysisResult(contributions=contributions, measures=measures))
    assert [(c.n_copies, c.measure) for c in found] == [(4, "Bänke im Park"), (3, "Radweg am Bahnhof")]
    assert found[0].text.startswith("Mehr Bänke") and found[1].votes == "6 Stimmen"
    # the order of the rows does not matter
    shuffled = contributions.sample(frac=1, random_state=1)
    again = campaigns(AnalysisResult(contributions=shuffled, measures=measures))
    assert [c.__dict__ for c in again] == [c.__dict__ for c in found]
