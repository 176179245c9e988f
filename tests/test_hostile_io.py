"""Issue 19, items 2, 3, 4 and 10: inputs that hang, a report that reads its own output,
``--out`` folders overwritten, report folders replaced in two steps, disk errors.

The CLI runs as a subprocess, as a user meets it; a timeout guards the hang cases.
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
import sys
from pathlib import Path

import pandas as pd
import pytest
from conftest import run_cli
from typer.testing import CliRunner

from pinneberg_analysis.core import OutputError
from pinneberg_analysis.core import outdir
from pinneberg_analysis.core.outdir import MARKER, clean_stale, replace_folder, staged_folder
from pinneberg_analysis.ingest import load

ROWS = "Handlungsfeld;Beitrag\n" + "".join(
    f"Mobilität;Mehr Radwege am Bahnhof, Vorschlag {n}\n" for n in range(6))


def _inputs(root: Path) -> Path:
    data = root / "daten"
    data.mkdir(parents=True)
    (data / "ideen.csv").write_text(ROWS, encoding="utf-8")
    return data


def _tree(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _files(out: Path) -> pd.DataFrame:
    return pd.read_csv(out / "tables" / "contributions.csv", dtype=str, keep_default_na=False)


# --- item 2: only regular files, the size before anything is read ----------------------

def test_fifo_and_device_links_are_skipped_not_read(tmp_path):
    data = _inputs(tmp_path)
    os.mkfifo(data / "warteschlange.csv")
    (data / "null.csv").symlink_to("/dev/zero")
    (data / "leer.csv").symlink_to(tmp_path / "gibt-es-nicht.csv")
    elsewhere = tmp_path / "anderswo.csv"
    elsewhere.write_text("Handlungsfeld;Beitrag\nMobilität;Busse öfter fahren lassen\n",
                         encoding="utf-8")
    (data / "verknuepft.csv").symlink_to(elsewhere)
    run = run_cli("ingest", str(data), "--out", str(tmp_path / "aus"), check=False, timeout=120)
    assert run.returncode == 0, run.stderr
    contributions = _files(tmp_path / "aus")
    assert len(contributions) == 7 and "Busse öfter fahren lassen" in set(contributions["text"])
    result = load(data)
    files = result.files.set_index("source_file")
    assert files.loc["warteschlange.csv", "status"] == "skipped"
    assert "Pipe" in files.loc["warteschlange.csv", "message"]
    assert files.loc["null.csv", "status"] == "skipped"
    assert "Gerät" in files.loc["null.csv", "message"] and "/dev/zero" in files.loc[
        "null.csv", "message"]
    assert files.loc["leer.csv", "status"] == "skipped"
    assert files.loc["verknuepft.csv", "status"] == "read"
    assert "Verknüpfung" in files.loc["verknuepft.csv", "message"]


def test_a_device_given_directly_is_listed_not_read(tmp_path):
    os.mkfifo(tmp_path / "pipe.csv")
    result = load([tmp_path / "pipe.csv", Path("/dev/zero")])
    assert result.files["status"].tolist() == ["skipped", "skipped"]


def test_size_is_checked_before_the_file_is_hashed(tmp_path, monkeypatch):
    import pinneberg_analysis.ingest as ingest

    data = _inputs(tmp_path)
    (data / "gross.csv").write_text("Handlungsfeld;Beitrag\n" + "Mobilität;x\n" * 2000,
                                    encoding="utf-8")
    hashed: list[Path] = []
    real = ingest._sha256
    monkeypatch.setattr(ingest, "_sha256", lambda p, m: hashed.append(p) or real(p, m))
    result = load(data, config={"max_file_mb": 0.001})
    files = result.files.set_index("source_file")
    assert files.loc["gross.csv", "status"] == "failed" and "MB" in files.loc["gross.csv",
                                                                                "message"]
    assert [p.name for p in hashed] == ["ideen.csv"]


# --- item 3: the report never reads its own output -------------------------------------

def test_report_inside_its_input_folder_twice_reads_the_same(tmp_path):
    data = _inputs(tmp_path)
    out = data / "bericht"
    run_cli("report", str(data), "--out", str(out), "--seed", "42")
    first = _files(out)
    run_cli("report", str(data), "--out", str(out), "--seed", "42")
    second = _files(out)
    assert len(first) == len(second) == 6
    assert sorted(second["source_file"].unique()) == ["ideen.csv"]
    # another report folder beside the inputs is recognised by its marker, too
    (out).rename(data / "alter-bericht")
    run_cli("report", str(data), "--out", str(tmp_path / "neu"), "--seed", "42")
    assert len(_files(tmp_path / "neu")) == 6


def test_ingest_into_its_own_input_folder_is_refused(tmp_path):
    data = _inputs(tmp_path)
    before = _tree(data)
    run = run_cli("ingest", str(data), "--out", str(data), check=False)
    assert run.returncode == 1 and "nicht leer" in run.stderr
    assert _tree(data) == before


# --- item 4: ingest --out checks like report -------------------------------------------

def test_ingest_refuses_a_foreign_folder_and_a_report_folder(tmp_path):
    data = _inputs(tmp_path)
    foreign = tmp_path / "fremd"
    (foreign / "tables").mkdir(parents=True)
    (foreign / "tables" / "contributions.csv").write_text("meine Daten\n", encoding="utf-8")
    run = run_cli("ingest", str(data), "--out", str(foreign), check=False)
    assert run.returncode == 1 and "nicht leer" in run.stderr
    assert (foreign / "tables" / "contributions.csv").read_text(encoding="utf-8") == "meine Daten\n"

    report = tmp_path / "bericht"
    run_cli("report", str(data), "--out", str(report), "--seed", "42")
    before = _tree(report)
    run = run_cli("ingest", str(data), "--out", str(report), check=False)
    assert run.returncode == 1 and "Berichtsordner" in run.stderr
    assert _tree(report) == before
    run = run_cli("report", str(data), "--out", str(tmp_path / "aus-ingest"), check=False)
    assert run.returncode == 0


def test_ingest_replaces_its_own_folder_and_keeps_user_files(tmp_path):
    data = _inputs(tmp_path)
    out = tmp_path / "aus"
    run_cli("ingest", str(data), "--out", str(out))
    (out / "notiz.txt").write_text("meins", encoding="utf-8")
    run_cli("ingest", str(data), "--out", str(out))
    assert (out / "notiz.txt").read_text(encoding="utf-8") == "meins"
    assert (out / MARKER).is_file() and len(_files(out)) == 6
    run = run_cli("report", str(data), "--out", str(out), check=False)
    assert run.returncode == 1 and "Tabellenordner" in run.stderr


@pytest.mark.parametrize("command", ["report", "ingest"])
def test_out_is_checked_before_the_analysis(command, tmp_path, monkeypatch):
    from pinneberg_analysis import cli, pipeline

    data = _inputs(tmp_path)
    foreign = tmp_path / "fremd"
    foreign.mkdir()
    (foreign / "wichtig.txt").write_text("x", encoding="utf-8")
    started: list[str] = []
    monkeypatch.setattr(pipeline, "analyse", lambda *a, **k: started.append("analyse"))
    monkeypatch.setattr(pipeline, "read_inputs", lambda *a, **k: started.append("read"))
    run = CliRunner().invoke(cli.app, [command, str(data), "--out", str(foreign)])
    assert run.exit_code == 1 and started == []


# --- item 10: one atomic swap, stale folders, disk errors, file modes -------------------

def _folder(path: Path, text: str) -> Path:
    path.mkdir()
    (path / "index.html").write_text(text, encoding="utf-8")
    outdir.write_marker(path, outdir.REPORT)
    return path


def test_the_report_folder_is_swapped_in_one_step(tmp_path, monkeypatch):
    out = _folder(tmp_path / "bericht", "alt")
    staging = _folder(tmp_path / ".bericht.neu-x", "neu")
    if not outdir._exchange(tmp_path / ".bericht.neu-x", out):  # exchanged, and back
        pytest.skip("this file system cannot exchange folders atomically")
    outdir._exchange(tmp_path / ".bericht.neu-x", out)
    renames: list[tuple] = []
    monkeypatch.setattr(outdir.os, "rename", lambda *a: renames.append(a))
    replace_folder(staging, out)
    assert renames == []  # no moment without a report folder
    assert (out / "index.html").read_text(encoding="utf-8") == "neu"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bericht"]


def test_a_run_killed_between_two_renames_is_repaired(tmp_path, monkeypatch):
    out = _folder(tmp_path / "bericht", "alt")
    staging = _folder(tmp_path / ".bericht.neu-x", "neu")
    monkeypatch.setattr(outdir, "_exchange", lambda a, b: False)  # a system without it
    real = os.rename
    calls: list[tuple] = []

    def killed(src, dst):
        calls.append((src, dst))
        if len(calls) == 2:
            raise SystemExit("kill -9")  # stands for the kill between the two renames
        real(src, dst)

    monkeypatch.setattr(outdir.os, "rename", killed)
    with pytest.raises(SystemExit):
        replace_folder(staging, out)
    monkeypatch.setattr(outdir.os, "rename", real)
    # a hard kill runs no except-branch: the state it leaves is the old folder renamed away
    if out.exists():
        real(out, calls[0][1])
    assert not out.exists()
    removed = clean_stale(out)  # what the next run does first
    assert (out / "index.html").read_text(encoding="utf-8") == "alt"
    assert [p.name for p in removed] == [".bericht.neu-x"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bericht"]


def test_stale_staging_folders_are_removed_but_not_a_running_one(tmp_path):
    out = _folder(tmp_path / "bericht", "alt")
    stale = _folder(tmp_path / ".bericht.neu-tot", "halb")
    with staged_folder(out, outdir.REPORT) as staging:
        (staging / "index.html").write_text("neu", encoding="utf-8")
        assert not stale.exists()
        # a second, concurrent run must not remove this run's staging folder
        assert clean_stale(out) == [] and staging.is_dir()
    assert (out / "index.html").read_text(encoding="utf-8") == "neu"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bericht"]


@pytest.mark.parametrize("code, words", [(errno.ENOSPC, "voll"),
                                         (errno.EROFS, "schreibgeschützt"),
                                         (errno.EACCES, "Schreibrechte")])
def test_disk_errors_explain_and_leave_the_old_report(code, words, tmp_path, report_result,
                                                      monkeypatch):
    from pinneberg_analysis.report import write_report

    out = tmp_path / "bericht"
    write_report(report_result, out)
    before = _tree(out)

    def full(*_a, **_k):
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr("pinneberg_analysis.report.html.render_html", full)
    with pytest.raises(OutputError, match=words) as info:
        write_report(report_result, out)
    assert "So beheben" in str(info.value)
    assert _tree(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bericht"]


def test_disk_error_through_the_cli_is_german_not_unexpected(tmp_path):
    data = _inputs(tmp_path)
    code = ("import errno, os, sys\n"
            "import pinneberg_analysis.report.html as h\n"
            "def full(*a, **k): raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))\n"
            "h.render_html = full\n"
            "from pinneberg_analysis.cli import app\n"
            "sys.argv = ['pinneberg-analysis', *sys.argv[1:]]\n"
            "app()\n")
    import subprocess

    run = subprocess.run([sys.executable, "-c", code, "report", str(data), "--out",
                          str(tmp_path / "bericht")], capture_output=True, text=True)
    assert run.returncode == 1
    assert "Unerwarteter Fehler" not in run.stderr and "Datenträger ist voll" in run.stderr


def test_review_workbook_and_tables_have_the_usual_permissions(tmp_path, report_result):
    from pinneberg_analysis.report import write_report

    old = os.umask(0o022)
    try:
        write_report(report_result, tmp_path / "bericht")
    finally:
        os.umask(old)
    for name in ("review.xlsx", "index.html", "tables/tables.xlsx", "tables/measures.csv"):
        assert stat.S_IMODE((tmp_path / "bericht" / name).stat().st_mode) == 0o644, name
    assert stat.S_IMODE((tmp_path / "bericht").stat().st_mode) == 0o755
