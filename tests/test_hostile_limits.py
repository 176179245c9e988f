"""Issue 19, item 9: beyond Excel's row limit tables.xlsx is skipped with a message, never
half written; the CSV files keep every row. (The real 1,048,576-row case is
``benchmarks/bench_hostile.py``; here the limit is made small.)"""

from __future__ import annotations

import logging

import pandas as pd
import pytest

from pinneberg_analysis.core import OutputError
from pinneberg_analysis.core import export
from pinneberg_analysis.report.tables import write_tables


@pytest.fixture
def small_limit(monkeypatch):
    monkeypatch.setattr(export, "XLSX_MAX_ROWS", 6)  # a header and five rows


def test_write_xlsx_refuses_before_writing_anything(tmp_path, small_limit):
    table = pd.DataFrame({"text": [f"Beitrag {n}" for n in range(6)]})
    with pytest.raises(OutputError, match="contributions"):
        export.write_xlsx({"contributions": table}, tmp_path / "t.xlsx")
    assert list(tmp_path.iterdir()) == []
    export.write_xlsx({"contributions": table.head(5)}, tmp_path / "t.xlsx")
    assert pd.read_excel(tmp_path / "t.xlsx").shape == (5, 1)


def test_tables_skip_the_workbook_and_keep_every_csv_row(tmp_path, small_limit, caplog):
    tables = {"contributions": pd.DataFrame({"text": [f"Beitrag {n}" for n in range(9)]}),
              "rejected": pd.DataFrame({"reason": ["leer"]})}
    with caplog.at_level(logging.WARNING):
        written = write_tables(tables, tmp_path)
    assert sorted(p.name for p in written) == ["contributions.csv", "rejected.csv"]
    assert not (tmp_path / "tables.xlsx").exists()
    assert len(pd.read_csv(tmp_path / "contributions.csv")) == 9
    assert "contributions (9 Zeilen)" in caplog.text and "tables.xlsx" in caplog.text


def test_ingest_over_the_limit_finishes_with_a_message(tmp_path, small_limit, caplog):
    from typer.testing import CliRunner

    from pinneberg_analysis.cli import app

    data = tmp_path / "daten"
    data.mkdir()
    (data / "ideen.csv").write_text("Handlungsfeld;Beitrag\n" + "".join(
        f"Mobilität;Radweg Nummer {n} ausbauen\n" for n in range(8)), encoding="utf-8")
    out = tmp_path / "aus"
    with caplog.at_level(logging.WARNING):
        run = CliRunner().invoke(app, ["ingest", str(data), "--out", str(out)])
    assert run.exit_code == 0, run.output
    assert len(pd.read_csv(out / "tables" / "contributions.csv")) == 8
    assert not (out / "tables" / "tables.xlsx").exists()
    assert "Excel-Blatt" in caplog.text
