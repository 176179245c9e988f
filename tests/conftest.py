"""Shared fixtures: the report of the bundled sample, written once per test session."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "sample"


def run_cli(*args: str, check: bool = True, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """Run ``pinneberg-analysis ARGS`` as a subprocess, as a user would."""
    run = subprocess.run(
        [sys.executable, "-m", "pinneberg_analysis", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
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
