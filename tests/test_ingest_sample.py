"""The bundled sample process against its ground-truth key (data/sample-truth)."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest

from pinneberg_analysis.ingest import load

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "sample"
TRUTH = ROOT / "data" / "sample-truth"

pytestmark = pytest.mark.skipif(
    not (SAMPLE.is_dir() and (TRUTH / "groups.csv").is_file()),
    reason="data/sample and data/sample-truth are not in this checkout (merged by the lead)",
)


def _csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def result():
    return load(SAMPLE)


@pytest.fixture(scope="module")
def keyed():
    return _csv(TRUTH / "groups.csv")


def test_every_file_read_and_accounted(result):
    files = result.files
    assert not result.errors, [str(e) for e in result.errors]
    assert set(files["status"]) <= {"read", "skipped"}
    assert (files["n_read"] == files["n_accepted"] + files["n_rejected"]).all()
    assert files["n_rejected"].sum() == len(result.rejected)


def test_accepts_exactly_the_keyed_contributions(result, keyed):
    contributions = result.contributions
    assert len(contributions) == len(keyed)
    used: set[str] = set()
    for row in keyed:
        in_file = contributions[contributions["source_file"] == row["source_file"]]
        hits = in_file[(in_file["title"] + "\n" + in_file["text"]).str.contains(
            row["match"], regex=False)]
        assert len(hits) == 1, f"{row['source_file']}: {row['match']!r} matched {len(hits)}"
        hit = hits.iloc[0]
        assert hit["contribution_id"] not in used
        used.add(hit["contribution_id"])
        assert hit["field"] == row["field"], row["match"]
        assert hit["section"] == row["section"], row["match"]
        expected = int(row["votes"]) if row["votes"] else None
        got = None if pd.isna(hit["votes"]) else int(hit["votes"])
        assert got == expected, f"{row['match']!r}: votes {got} != {expected}"
        if row["detail"]:
            assert row["detail"] in hit["text"], row["match"]


def test_rejects_exactly_the_keyed_rows(result):
    expected = {(r["source_file"], f"Zeile {r['physical_line']}")
                for r in _csv(TRUTH / "rejected.csv")}
    got = set(zip(result.rejected["source_file"], result.rejected["locator"], strict=True))
    assert got == expected
    reasons = dict(zip(result.rejected["locator"], result.rejected["reason"], strict=True))
    for r in _csv(TRUTH / "rejected.csv"):
        assert reasons[f"Zeile {r['physical_line']}"] == r["reason"]


def test_ratings_long_format(result):
    ratings = result.ratings
    raw = _csv_bom(SAMPLE / "bewertungen" / "expertenbewertung-verwaltung.csv")
    criteria = list(raw[0])[2:]
    filled = sum(1 for r in raw for c in criteria if r[c].strip())
    assert len(ratings) == filled
    assert sorted(ratings["criterion"].unique()) == sorted(criteria)
    assert set(ratings["measure_ref"]) == {r["Maßnahme"] for r in raw}
    assert ratings["value"].between(1, 5).all()


def _csv_bom(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_source_kinds_and_rounds(result):
    c = result.contributions
    kinds = dict(zip(c["source_file"], c["source_kind"], strict=True))
    assert kinds["online/ideenplattform-export.csv"] == "online"
    assert kinds["forum/buergerforum-2022-05-14.xlsx"] == "forum"
    assert kinds["workshops/wirtschaft-runde-2.txt"] == "workshop"
    workshops = c[c["source_kind"] == "workshop"]
    assert workshops["round"].notna().all()
    assert workshops["date"].notna().all()


def test_ids_are_stable_across_runs(result):
    again = load(SAMPLE)
    assert list(again.contributions["contribution_id"]) == list(
        result.contributions["contribution_id"]
    )
