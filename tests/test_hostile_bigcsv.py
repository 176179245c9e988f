"""Issue 19, item 9: a huge CSV of long texts is read in bounded memory and shows progress.

The memory bound is measured in the test process with :mod:`tracemalloc` on a small file
(the real 199 MB case is ``benchmarks/bench_hostile.py --big``). Before the fix, reading
copied the whole decoded text into an ``io.StringIO`` (4 bytes a character) and split it
into a list of all lines for the delimiter sniffing: about 10x the file size at peak on a
file with one emoji; now about 6x (the bytes and the decoded text, briefly together).
"""

from __future__ import annotations

import csv
import os
import random
import subprocess
import sys
import tracemalloc
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pinneberg_analysis.core.progress import PlainProgress, listening
from pinneberg_analysis.ingest import load
from pinneberg_analysis.ingest.values import cell_text
from pinneberg_analysis.privacy import redact

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample"

WORDS = ("Radweg Bahnhof Innenstadt Bus Parkplatz Schule Spielplatz Bürgeramt digital "
         "Grünfläche Beleuchtung Ampel Wohnung Bibliothek Verein Schwimmbad Breitband "
         "der die und mit für am mehr bessere sollte endlich bitte").split()


def _long_texts(path, n_rows: int, seed: int = 3) -> int:
    """A CSV of ``n_rows`` long texts (one emoji: the text decodes 4 bytes a character)."""
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write("Handlungsfeld;Beitrag\n")
        for n in range(n_rows):
            words = " ".join(rng.choice(WORDS) for _ in range(rng.randint(80, 200)))
            handle.write(f'Mobilität;"Vorschlag {n}: {words}."\n')
        handle.write("Mobilität;Fahrradständer 🚲 am Markt\n")
    return path.stat().st_size


def test_reading_a_big_csv_stays_within_a_few_times_its_size(tmp_path):
    size = _long_texts(tmp_path / "lang.csv", 600)
    warm = tmp_path / "warm"
    warm.mkdir()
    (warm / "a.csv").write_text("Handlungsfeld;Beitrag\nMobilität;Gruß Anna\n",
                                encoding="utf-8")
    redact(load(warm).contributions)  # imports and word lists are not the file's memory
    tracemalloc.start()
    try:
        result = load(tmp_path / "lang.csv")
        held, peak = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        redacted, _ = redact(result.contributions)
        _, redact_peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(result.contributions) == 601
    assert redacted["text"].str.contains("🚲").any()
    assert peak < 8 * size, f"reading peaked at {peak / size:.1f}x the file size"
    assert held < 2 * size, f"the read tables hold {held / size:.1f}x the file size"
    assert redact_peak - held < 2 * size, "redaction copies more than the texts"


def test_reading_and_redaction_report_progress(tmp_path):
    _long_texts(tmp_path / "lang.csv", 2500)
    seen: list[tuple[str, int, int | None]] = []
    with listening(lambda label, done, total: seen.append((label, done, total))):
        redact(load(tmp_path / "lang.csv").contributions)
    rows = [s for s in seen if s[0].startswith("Zeilen lesen")]
    texts = [s for s in seen if s[0] == "Personendaten schwärzen (Texte)"]
    assert rows[0][1:] == (0, 2501) and rows[-1][1:] == (2501, 2501)
    assert texts[0][1:] == (0, 2501) and texts[-1][1:] == (2501, 2501)
    # visibly progressing: intermediate counts, never going backwards
    for steps in (rows, texts):
        done = [d for _, d, _ in steps]
        assert len(done) >= 3 and done == sorted(done)


def test_ingest_cli_shows_the_reading_steps(tmp_path):
    data = tmp_path / "daten"
    data.mkdir()
    _long_texts(data / "lang.csv", 600)
    run = subprocess.run(
        [sys.executable, "-m", "pinneberg_analysis", "ingest", str(data), "--out",
         str(tmp_path / "aus")], capture_output=True, text=True, timeout=300,
        env={**os.environ, "COLUMNS": "160"},
    )
    assert run.returncode == 0, run.stderr
    assert "Fertig" in run.stdout
    assert "601 Beiträge übernommen" in run.stdout


cell = st.text(alphabet=st.sampled_from(list('ab ;,"\r\n\täü🚲')), min_size=1, max_size=30)


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(texts=st.lists(cell, min_size=1, max_size=8),
       ending=st.sampled_from(["\r\n", "\n", "\r"]))
def test_line_wise_parse_keeps_every_cell(tmp_path, texts, ending):
    """Quoted line breaks, any line ending: every text comes back as csv wrote it."""
    path = tmp_path / "t.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";", lineterminator=ending,
                            quoting=csv.QUOTE_ALL)
        writer.writerow(["Handlungsfeld", "Beitrag"])
        for n, text in enumerate(texts):
            writer.writerow(["Mobilität", f"Idee {n}: {text}"])
    got = load(path).contributions["text"].tolist()
    want = [cell_text(f"Idee {n}: {t}") for n, t in enumerate(texts)]
    assert got == want


def test_progress_in_a_log_is_plain_lines(tmp_path):
    # issue 19 item 9: with output to a pipe or log, the stages are readable lines (no bar
    # frames, no control characters), and long steps say count, rate and time left

    run = subprocess.run(
        [sys.executable, "-m", "pinneberg_analysis", "ingest", str(SAMPLE), "--out", str(tmp_path / "a")],
        capture_output=True, text=True, timeout=600,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    lines = run.stdout.splitlines()
    assert lines[:3] == ["Eingabedateien lesen", "Tabellen schreiben", "Fertig"]
    assert "\x1b" not in run.stdout and "\r" not in run.stdout

    written, clock = [], iter([0.0, 0.0, 3.0, 30.0, 31.0, 61.0]).__next__
    progress = PlainProgress(written.append, interval=20, clock=clock)
    stage = progress.add_task("Analyse", total=2)
    step = progress.add_task("  Satzvektoren berechnen", total=200, step=True)
    for done in (1, 100, 150, 200):
        progress.update(step, completed=done)
    progress.update(stage, description="Priorisieren")
    assert written == [
        "Analyse",
        "  Satzvektoren berechnen: 100/200 (50 %), 3,3/s, noch etwa 30 s",
        "  Satzvektoren berechnen: 200/200 (100 %), 3,3/s, fertig nach 1 min 01 s",
        "Priorisieren",
    ]


def test_a_step_of_long_phases_shows_no_rate():
    from pinneberg_analysis.core.progress import PlainProgress

    written, clock = [], iter([0.0, 100.0, 200.0]).__next__
    progress = PlainProgress(written.append, interval=10, clock=clock)
    phases = progress.add_task("  Gruppen bilden", total=4, step=True)
    progress.update(phases, completed=1)
    progress.update(phases, completed=2)
    assert written == ["  Gruppen bilden: 1/4 (25 %), noch etwa 5 min 00 s",
                       "  Gruppen bilden: 2/4 (50 %), noch etwa 3 min 20 s"]
