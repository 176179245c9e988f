"""Shared pytest fixtures. Each topic prefixes its fixture names (e.g. ``report_``)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ASSETS = Path(__file__).parent / "assets"


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
