"""Shared pytest fixtures. Each topic prefixes its fixture names (e.g. ``report_``).

The session fixture ``sample_report`` runs the report command once on the bundled sample.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

ASSETS = Path(__file__).parent / "assets"

# Helper scripts and data of the tests, not test modules (pytest runs with --doctest-modules).
collect_ignore = ["assets"]
ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "sample"


def _load_asset_module(relative: str, name: str):
    spec = importlib.util.spec_from_file_location(name, ASSETS / relative)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# --- report -------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def report_sample():
    """The module that builds the hand-made sample result (``tests/assets/report``)."""
    return _load_asset_module("report/sample_result.py", "report_sample_result")


@pytest.fixture
def report_result(report_sample):
    """A fresh, realistic AnalysisResult with hostile text planted in citizen fields."""
    return report_sample.build_result()


@pytest.fixture(scope="module")
def report_written(report_sample, tmp_path_factory):
    """The sample report written once per test module: (index.html path, result)."""
    from pinneberg_analysis.report import write_report

    result = report_sample.build_result()
    out = tmp_path_factory.mktemp("report") / "bericht"
    index = write_report(result, out, inputs=[ASSETS / "report" / "sample_result.py"])
    return index, result


# --- end to end ---------------------------------------------------------------------------


def run_cli(*args: str, check: bool = True, cwd: Path | None = None,
            timeout: float | None = None) -> subprocess.CompletedProcess:
    """Run ``pinneberg-analysis ARGS`` as a subprocess, as a user would.

    ``timeout`` guards a test against a hang (it is not a timing measurement).
    """
    run = subprocess.run(
        [sys.executable, "-m", "pinneberg_analysis", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=timeout,
    )
    if check and run.returncode != 0:
        raise AssertionError(
            f"pinneberg-analysis {' '.join(args)} failed ({run.returncode}):\n{run.stdout}\n{run.stderr}"
        )
    return run


@pytest.fixture(scope="session")
def sample_report(tmp_path_factory) -> Path:
    """The report folder for the bundled sample (seed 42)."""
    out = tmp_path_factory.mktemp("sample") / "report"
    run_cli("report", str(SAMPLE), "--out", str(out), "--seed", "42")
    return out


# --- stage cache ----------------------------------------------------------------------------
# Tests compute every stage (some patch module constants, which the cache key cannot see);
# tests/test_stage_cache.py switches the cache on with its own folder. Subprocesses inherit it.
os.environ.setdefault("PINNEBERG_ANALYSIS_NO_CACHE", "1")
