"""The stage cache: hits, misses, invalidation on every key part, damage, concurrency, CLI."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from pinneberg_analysis.core import stagecache
from pinneberg_analysis.core.progress import listening
from pinneberg_analysis.core.stagecache import StageCache, cached_items, digest

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "sample"


@pytest.fixture
def store_dir(tmp_path, monkeypatch):
    """The stage cache switched on, in a folder of its own."""
    folder = tmp_path / "stages"
    monkeypatch.setenv(stagecache.STAGE_ENV, str(folder))
    monkeypatch.delenv(stagecache.NO_CACHE_ENV, raising=False)
    stagecache.set_enabled(None)
    stagecache.close_stage_cache()
    yield folder
    stagecache.close_stage_cache()


def _counting(value):
    calls = []

    def compute():
        calls.append(1)
        return value

    return compute, calls


# --- the store ------------------------------------------------------------------------------


def test_hit_and_miss(tmp_path):
    store = StageCache(tmp_path)
    compute, calls = _counting({"a": np.arange(3)})
    first = store.fetch("stage", ["x", 1], compute)
    second = store.fetch("stage", ["x", 1], compute)
    assert len(calls) == 1
    assert np.array_equal(first["a"], second["a"])
    store.fetch("stage", ["x", 2], compute)  # another key part: computed again
    store.fetch("other", ["x", 1], compute)  # another stage: computed again
    assert len(calls) == 3
    assert store.info().entries == 3
    assert store.clear() == 3 and store.info().entries == 0


def test_a_new_process_finds_the_entry(tmp_path):
    StageCache(tmp_path).fetch("stage", ["k"], lambda: "wert")
    code = ("from pinneberg_analysis.core.stagecache import StageCache;"
            f"print(StageCache({str(tmp_path)!r}).fetch('stage', ['k'], lambda: 'neu'))")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout.strip() == "wert"


def test_digest_changes_with_any_part_and_only_then():
    frame = pd.DataFrame({"contribution_id": ["C-1", "C-2"], "text": ["Mehr Bänke", "Radweg"]})
    same = frame.copy()
    edited = frame.copy()
    edited.loc[1, "text"] = "Radwег"  # one character (Cyrillic)
    assert digest(frame) == digest(same)
    assert digest(frame) != digest(edited)
    assert digest(frame) != digest(frame[["text", "contribution_id"]])
    assert digest({"a": 1, "b": 2}) == digest({"b": 2, "a": 1})
    assert digest(1) != digest(1.0) != digest("1")
    assert digest(["a", "b"]) != digest(["ab"])


def test_invalidation_on_code_and_library_versions(tmp_path, monkeypatch):
    store = StageCache(tmp_path)
    compute, calls = _counting(1)
    store.fetch("stage", ["x"], compute)
    store.fetch("stage", ["x"], compute)
    assert len(calls) == 1
    versions = stagecache.metadata.version

    def other_versions(name):
        return "99.0" if name == "spacy-lookups-data" else versions(name)

    monkeypatch.setattr(stagecache.metadata, "version", other_versions)
    stagecache.code_fingerprint.cache_clear()
    try:
        store.fetch("stage", ["x"], compute)  # another word-list version: computed again
        assert len(calls) == 2
    finally:
        monkeypatch.undo()
        stagecache.code_fingerprint.cache_clear()
    monkeypatch.setattr(stagecache, "code_fingerprint", lambda: "edited code")
    store.fetch("stage", ["x"], compute)  # edited package code: computed again
    assert len(calls) == 3


def test_damaged_entries_are_recomputed(tmp_path, caplog):
    store = StageCache(tmp_path)
    small, big = "klein", np.arange(100_000)  # a small value lives in SQLite, a big one in a file
    store.fetch("small", [], lambda: small)
    store.fetch("big", [], lambda: big)
    cache = store._open()
    key = digest("small", stagecache.code_fingerprint())
    blob = cache.get(key)
    cache.set(key, blob[:-3] + b"xyz")  # flipped bytes
    for path in Path(tmp_path).rglob("*.val"):  # truncated file
        path.write_bytes(path.read_bytes()[:100])
    compute, calls = _counting("neu")
    assert store.fetch("small", [], compute) == "neu"
    assert np.array_equal(store.fetch("big", [], lambda: np.arange(100_000)), big)
    assert len(calls) == 1
    assert "beschädigt" in caplog.text
    assert store.fetch("small", [], compute) == "neu" and len(calls) == 1  # stored again


def test_size_limit_evicts_least_recently_used(tmp_path):
    store = StageCache(tmp_path, size_limit=2_000_000)
    for i in range(40):
        store.set(f"k{i}", np.zeros(12_500) + i)  # ~100 kB each
    info = store.info()
    assert info.entries < 40
    assert info.size_bytes <= 2_500_000
    assert store.get("k39") is not None  # the newest stays


def test_unusable_folder_runs_without_cache(tmp_path):
    blocker = tmp_path / "datei"
    blocker.write_text("kein Ordner")
    store = StageCache(blocker / "stages")
    compute, calls = _counting(5)
    assert store.fetch("stage", [], compute) == 5
    assert store.fetch("stage", [], compute) == 5
    assert len(calls) == 2


CONCURRENT = textwrap.dedent("""
    import sys, time, numpy as np
    from pinneberg_analysis.core.stagecache import StageCache, cached_items
    store = StageCache(sys.argv[1])
    def slow():
        time.sleep(0.5)
        return np.arange(200_000)
    value = store.fetch("stage", ["same"], slow)
    store.fetch("stage", [sys.argv[2]], lambda: np.full(50_000, int(sys.argv[2])))
    print(int(value.sum()))
""")


def test_two_runs_at_once(tmp_path):
    runs = [subprocess.Popen([sys.executable, "-c", CONCURRENT, str(tmp_path), str(k)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for k in (1, 2)]
    outs = [r.communicate(timeout=120) for r in runs]
    assert [r.returncode for r in runs] == [0, 0], outs
    assert {o[0].strip() for o in outs} == {str(int(np.arange(200_000).sum()))}
    store = StageCache(tmp_path)
    assert store.info().entries == 3
    assert store.get(digest("stage", stagecache.code_fingerprint(), "2"))[0] == 2


KILLED = textwrap.dedent("""
    import sys, numpy as np
    from pinneberg_analysis.core.stagecache import StageCache
    store = StageCache(sys.argv[1])
    i = 0
    while True:
        store.set(f"k{i}", np.full(300_000, i))
        i += 1
""")


def test_a_killed_run_leaves_whole_entries(tmp_path):
    import time

    run = subprocess.Popen([sys.executable, "-c", KILLED, str(tmp_path)])
    deadline = time.time() + 60
    while time.time() < deadline and len(list(tmp_path.rglob("*.val"))) < 3:
        time.sleep(0.05)
    run.kill()
    run.wait()
    store = StageCache(tmp_path)
    assert store.info().entries >= 2
    for i in range(store.info().entries + 2):
        value = store.get(f"k{i}")
        assert value is None or (len(value) == 300_000 and (value == i).all())


# --- per text -------------------------------------------------------------------------------


def test_one_added_text_costs_only_its_own(store_dir):
    seen = []

    def compute(todo):
        seen.append(list(todo))
        return [t.upper() for t in todo]

    texts = ["Radweg am Bahnhof", "Mehr Bänke", "Radweg am Bahnhof"]
    assert cached_items("demo", "v1", texts, compute) == ["RADWEG AM BAHNHOF", "MEHR BÄNKE", "RADWEG AM BAHNHOF"]
    assert cached_items("demo", "v1", [*texts, "WLAN im Rathaus"], compute)[-1] == "WLAN IM RATHAUS"
    assert seen == [["Radweg am Bahnhof", "Mehr Bänke"], ["WLAN im Rathaus"]]
    cached_items("demo", "v2", ["Mehr Bänke"], compute)  # another model or version
    assert seen[-1] == ["Mehr Bänke"]


def test_nlp_analysis_reuses_parsed_texts(store_dir):
    from pinneberg_analysis.nlp import analyse

    texts = ["Die Radwege in Pinneberg sicherer machen", "Mehr Sitzbänke am Markt"]
    analysed = []
    with listening(lambda label, done, total: analysed.append(total) if done == 0 else None):
        first = analyse(texts)
        again = analyse([*texts, "Ein Jugendzentrum für die Stadt"])
    assert analysed == [2, 1]
    assert [a.terms for a in again[:2]] == [a.terms for a in first]
    stagecache.set_enabled(False)
    try:
        assert [a.terms for a in analyse(texts)] == [a.terms for a in first]
    finally:
        stagecache.set_enabled(None)


# --- the pipeline ---------------------------------------------------------------------------


def _write_inputs(folder: Path, extra: str = "") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    rows = ["beitrag_id;handlungsfeld;titel;beschreibung;stimmen"]
    ideas = ["Radwege sicherer machen", "Mehr Fahrradbügel am Bahnhof", "Busse öfter fahren lassen",
             "Sitzbänke im Park", "Spielplatz am Markt erneuern", "WLAN in der Bücherei",
             "Online-Termine im Rathaus", "Radwege sicherer machen!", "Ladestationen für E-Autos"]
    for i, idea in enumerate(ideas + ([extra] if extra else [])):
        field = ["Mobilität", "Lebens- und Wohnumfeld mit Gesundheit", "Verwaltung"][i % 3]
        rows.append(f"{i + 1};{field};{idea};{idea} wäre gut für alle.;{i % 4}")
    (folder / "ideen.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return folder


def test_every_key_part_of_the_clustering(store_dir, tmp_path, monkeypatch):
    import pinneberg_analysis.cluster as cluster
    from pinneberg_analysis.core.config import Config
    from pinneberg_analysis.nlp import Glossary
    from pinneberg_analysis.pipeline import analyse

    calls = []
    real = cluster.cluster_contributions

    def counting(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(cluster, "cluster_contributions", counting)
    inputs = _write_inputs(tmp_path / "in")
    base = analyse(inputs)
    assert len(calls) == 1
    again = analyse(inputs)
    assert len(calls) == 1  # same inputs and settings: reused
    pd.testing.assert_frame_equal(base.measures, again.measures)
    pd.testing.assert_frame_equal(base.ranking, again.ranking)
    analyse(inputs, seed=7)
    assert len(calls) == 2  # seed
    analyse(inputs, config=Config.model_validate({"cluster": {"granularity": "grob"}}))
    assert len(calls) == 3  # settings
    analyse(inputs, glossary=Glossary.build(stop_words=["wäre"]))
    assert len(calls) == 4  # vocabulary
    _write_inputs(tmp_path / "in", extra="Carsharing am Bahnhof")
    analyse(inputs)
    assert len(calls) == 5  # one more contribution
    stagecache.set_enabled(False)
    try:
        analyse(inputs)
        assert len(calls) == 6  # --no-cache
    finally:
        stagecache.set_enabled(None)


def _run(*args, env):
    return subprocess.run([sys.executable, "-m", "pinneberg_analysis", *args], capture_output=True,
                          text=True, env=env)


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.slow
def test_cli_warm_run_equals_cold_run(tmp_path):
    env = {**os.environ, stagecache.STAGE_ENV: str(tmp_path / "stages")}
    env.pop(stagecache.NO_CACHE_ENV, None)
    nocache = _run("report", str(SAMPLE), "--out", str(tmp_path / "a"), "--no-cache", "--quiet", env=env)
    assert nocache.returncode == 0, nocache.stderr
    assert nocache.stdout == ""  # --quiet
    assert not (tmp_path / "stages").exists() or "0 Einträge" in _run("cache", "info", env=env).stdout
    cold = _run("report", str(SAMPLE), "--out", str(tmp_path / "b"), env=env)
    assert cold.returncode == 0, cold.stderr
    info = _run("cache", "info", env=env).stdout
    assert str(tmp_path / "stages") in info and "Einträge" in info and "0 Einträge" not in info
    warm = _run("report", str(SAMPLE), "--out", str(tmp_path / "c"), env=env)
    assert warm.returncode == 0, warm.stderr
    assert _files(tmp_path / "a") == _files(tmp_path / "b") == _files(tmp_path / "c")
    cleared = _run("cache", "clear", env=env)
    assert cleared.returncode == 0 and "geleert" in cleared.stdout
    assert "0 Einträge" in _run("cache", "info", env=env).stdout


def test_report_help_lists_the_cache_options():
    run = _run("report", "--help", env={**os.environ, "COLUMNS": "200"})
    assert "--no-cache" in run.stdout and "--quiet" in run.stdout
    group = _run("cache", "--help", env={**os.environ, "COLUMNS": "200"})
    assert group.returncode == 0 and "info" in group.stdout and "clear" in group.stdout


# --- both cores -----------------------------------------------------------------------------


def test_parallel_analysis_equals_serial(monkeypatch):
    from pinneberg_analysis.core import parallel
    from pinneberg_analysis.nlp import analyse

    texts = [f"Die Radwege an der {s}straße sicherer machen, Nummer {i}" for i, s in
             enumerate(["Elmshorner", "Damm", "Bahnhof", "Thesdorfer", "Schul"] * 8)]
    stagecache.set_enabled(False)
    try:
        serial = analyse(texts)
        monkeypatch.setattr(parallel, "PARALLEL_MIN", 10)
        parallel.set_n_jobs(2)
        assert parallel.workers(len(texts)) == min(2, os.cpu_count() or 1)
        both = analyse(texts)
    finally:
        parallel.set_n_jobs(None)
        stagecache.set_enabled(None)
    assert [(a.terms, a.lemmas, a.words) for a in both] == [(a.terms, a.lemmas, a.words) for a in serial]


def test_n_jobs_setting_is_checked():
    from pinneberg_analysis.core.config import Config
    from pinneberg_analysis.core.errors import ConfigError

    assert Config().n_jobs == -1
    with pytest.raises((ConfigError, ValueError)):
        Config.model_validate({"n_jobs": 0})

