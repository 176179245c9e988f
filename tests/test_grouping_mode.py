"""The grouping mode: sentence vectors within a time budget, word features above it, kept per review loop."""

from __future__ import annotations

import pandas as pd
import pytest

from pinneberg_analysis.cluster import choose_grouping_mode
from pinneberg_analysis.cluster.mode import mode_texts
from pinneberg_analysis.core.config import Config, ClusterConfig
from pinneberg_analysis.curate import read_previous
from pinneberg_analysis.features import e5
from pinneberg_analysis.pipeline import analyse, previous_grouping_mode

SHORT = pd.DataFrame({"title": ["Radweg", ""], "text": ["Radweg am Damm verbreitern", "WLAN im Rathaus"]})


def test_explicit_backend_is_taken_as_it_is():
    for backend in ("tfidf", "tfidf+e5"):
        mode = choose_grouping_mode(SHORT, backend=backend, budget=0.001)
        assert mode.backend == backend and backend in mode.reason


def test_budget_decides_between_sentence_vectors_and_words(monkeypatch):
    monkeypatch.setattr(e5, "available", lambda: True)
    assert choose_grouping_mode(SHORT, budget=60).backend == "tfidf+e5"
    slow = choose_grouping_mode(SHORT, budget=0.01)
    assert slow.backend == "tfidf" and "Zeitbudget" in slow.reason
    assert slow.estimated_seconds == pytest.approx(e5.estimated_seconds(mode_texts(SHORT)))


def test_more_and_longer_texts_are_estimated_slower():
    short = e5.estimated_seconds(["Radweg bauen"] * 1)
    assert e5.estimated_seconds(["Radweg bauen", "WLAN"]) > short
    assert e5.estimated_seconds(["Radweg bauen " * 20]) > short
    # beyond the model's reading length, more characters cost nothing more
    assert e5.estimated_seconds(["x" * 5000]) == e5.estimated_seconds(["x" * 9000])


def test_the_estimate_follows_from_the_input_alone(monkeypatch):
    texts = mode_texts(SHORT)
    full = e5.estimated_seconds(texts)
    # vectors kept by this process (or the stage cache) do not change the mode's estimate
    monkeypatch.setitem(e5._memo, (e5.TOKEN_LIMIT, texts[0]), None)
    assert e5.estimated_seconds(texts) == full
    assert e5.distinct_texts(texts + texts) == e5.distinct_texts(texts)


def test_missing_engine_falls_back_to_words(monkeypatch):
    monkeypatch.setattr(e5, "available", lambda: False)
    mode = choose_grouping_mode(SHORT, budget=1e9)
    assert mode.backend == "tfidf" and e5.E5_HINT in mode.reason


def test_previous_mode_of_the_review_loop_is_kept(monkeypatch):
    monkeypatch.setattr(e5, "available", lambda: True)
    assert choose_grouping_mode(SHORT, budget=0.001, previous="tfidf+e5").backend == "tfidf+e5"
    assert choose_grouping_mode(SHORT, budget=1e9, previous="tfidf").backend == "tfidf"
    kept = choose_grouping_mode(SHORT, budget=1e9, previous="tfidf")
    assert "vorigen Lauf" in kept.reason


def test_auto_is_the_default_and_the_budget_is_validated():
    assert ClusterConfig().backend == "auto" and ClusterConfig().time_budget == 60
    with pytest.raises(Exception):
        ClusterConfig(time_budget=0)


def _inputs(tmp_path):
    rows = [("Mobilität", "Radweg am Damm verbreitern"), ("Mobilität", "Breiterer Radweg am Damm"),
            ("Verwaltung", "WLAN im Rathaus"), ("Verwaltung", "Freies WLAN im Rathaus bitte"),
            ("Verwaltung", "Anträge online stellen")]
    path = tmp_path / "ideen.csv"
    pd.DataFrame(rows, columns=["Handlungsfeld", "Idee"]).to_csv(path, index=False)
    return path


def test_the_run_records_its_mode_and_the_next_run_keeps_it(tmp_path):
    path = _inputs(tmp_path)
    words = Config(cluster={"time_budget": 1e-6})
    first = analyse(path, config=words)
    assert first.parameters["grouping_mode"] == "tfidf"
    assert "Zeitbudget" in first.parameters["grouping_mode_reason"]
    assert (first.contributions["grouping_mode"] == "tfidf").all()
    # the next round of the same review loop keeps words even though the budget now allows more
    previous = first.contributions[["contribution_id", "measure_id", "grouping_mode"]]
    assert previous_grouping_mode(previous) == "tfidf"
    second = analyse(path, config=Config(cluster={"time_budget": 1e9}), previous=previous)
    assert second.parameters["grouping_mode"] == "tfidf"
    assert "vorigen Lauf" in second.parameters["grouping_mode_reason"]


def test_read_previous_returns_the_mode_column(tmp_path):
    tables = tmp_path / "tables"
    tables.mkdir()
    pd.DataFrame({"contribution_id": ["C-1"], "measure_id": ["M-1"], "grouping_mode": ["tfidf+e5"]}).to_csv(
        tables / "contributions.csv", index=False)
    assert previous_grouping_mode(read_previous(tmp_path)) == "tfidf+e5"
    assert previous_grouping_mode(None) is None


def test_the_report_says_which_mode_ran_and_why(sample_report):
    html = (sample_report / "index.html").read_text(encoding="utf-8")
    assert "Gruppierungsmodus" in html
    assert "Zeitbudget" in html or "installiert" in html
    table = pd.read_csv(sample_report / "tables" / "contributions.csv", dtype=str)
    assert table["grouping_mode"].nunique() == 1


def test_head_keeps_short_texts_and_cuts_long_ones_at_a_word():
    count = lambda t: len(t.split()) + 2  # two special tokens, one per word
    assert e5.head("Radweg bauen", count, limit=64) == "Radweg bauen"
    long = " ".join(f"w{i}" for i in range(100))
    cut = e5.head(long, count, limit=10)
    assert cut == " ".join(f"w{i}" for i in range(8)) and long.startswith(cut)
    assert e5.head(long, count, limit=0) == long  # 0: the whole text
    assert e5.head("Einwort", count, limit=1) == "Einwort"  # at least the first word


def test_the_estimate_counts_the_head_only():
    at = e5.estimated_seconds(["x" * int(e5.TOKEN_LIMIT * e5.CHARS_PER_TOKEN)])
    assert e5.estimated_seconds(["x" * 5000]) == at
    assert e5.estimated_seconds(["x" * 10]) < at


def test_the_vector_cache_key_names_the_token_limit(monkeypatch):
    before = e5.model_key()
    monkeypatch.setattr(e5, "TOKEN_LIMIT", e5.TOKEN_LIMIT // 2)
    assert e5.model_key() != before  # vectors of another head length are not reused
