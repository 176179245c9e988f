"""Which contributions count as support: campaigns once, challenges not (configurable)."""

from __future__ import annotations

import pandas as pd
import pytest

from pinneberg_analysis.cluster import support_contributions
from pinneberg_analysis.core.config import Config


def _frame(n_copies: int) -> pd.DataFrame:
    rows = [("C-1", "M-a", "idea", 10, None), ("C-2", "M-a", "idea", 3, None),
            ("C-3", "M-b", "challenge", 7, None), ("C-4", "M-b", "idea", 1, None)]
    rows += [(f"C-k{i}", "M-a", "idea", 20 + i, "C-1") for i in range(n_copies)]
    return pd.DataFrame(rows, columns=["contribution_id", "measure_id", "section", "votes",
                                       "near_duplicate_of"])


@pytest.mark.parametrize("n_copies", [0, 1, 5, 40])
def test_a_campaign_counts_once_however_often_it_was_pasted(n_copies):
    out = support_contributions(_frame(n_copies))
    assert sorted(out["contribution_id"]) == ["C-1", "C-2", "C-4"]
    # the group keeps its largest vote count, not the sum of all copies
    assert out.set_index("contribution_id").loc["C-1", "votes"] == (
        10 if n_copies == 0 else 20 + n_copies - 1)


def test_challenges_and_copies_count_when_configured():
    frame = _frame(3)
    out = support_contributions(frame, near_duplicates_once=False, challenges_as_support=True)
    assert len(out) == len(frame)
    cfg = Config()
    assert cfg.rank.near_duplicates_once and not cfg.rank.challenges_as_support


def test_input_is_not_changed_and_nothing_else_is_dropped():
    frame = _frame(2)
    before = frame.copy()
    out = support_contributions(frame)
    pd.testing.assert_frame_equal(frame, before)
    kept = set(out["contribution_id"])
    dropped = set(frame["contribution_id"]) - kept
    assert all(c.startswith("C-k") or c == "C-3" for c in dropped)
