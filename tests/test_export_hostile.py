"""Hostile cell texts: CSV and XLSX read back safe, numbers stay numbers."""

import csv
import datetime as dt
import logging
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from pinneberg_analysis.core.export import (
    is_formula_like,
    neutralise_cell,
    neutralise_frame,
    write_csv,
    write_xlsx,
)

HOSTILE_FILE = Path(__file__).parent / "assets" / "pii" / "hostile.txt"


def load_hostile() -> list[str]:
    """The strings of tests/assets/pii/hostile.txt, escapes decoded."""
    out = []
    for line in HOSTILE_FILE.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("# "):
            continue
        out.append(line.encode("latin-1", "backslashreplace").decode("unicode_escape"))
    return out


HOSTILE = load_hostile()
DANGEROUS = tuple("=+-@＝＋－＠")


def _starts_dangerous(value: str) -> bool:
    stripped = value.lstrip(" \t\r\n\u00a0\u200b\ufeff")
    return value[:1] in ("\t", "\r", "\n") or stripped[:1] in DANGEROUS


def test_hostile_file_decodes():
    assert len(HOSTILE) > 50
    assert "\t=1+1" in HOSTILE and "NUL\x00Zeichen" in HOSTILE and "＝1+1" in HOSTILE
    assert "<script>alert(1)</script>" in HOSTILE and " =1+1" in HOSTILE


@pytest.mark.parametrize("value", [v for v in HOSTILE if _starts_dangerous(v)])
def test_every_dangerous_string_is_neutralised(value):
    assert is_formula_like(value)
    assert neutralise_cell(value) == "'" + value


@pytest.mark.parametrize("value", ["Radweg", "a;b;c", "1e5", "00123", "#N/A", "", "E-Mail: x"])
def test_harmless_strings_stay(value):
    assert neutralise_cell(value) == value


def test_non_strings_stay():
    for value in (-3, -2.5, 0, True, None, pd.NA, dt.date(2022, 3, 14)):
        assert neutralise_cell(value) is value


def _frame():
    n = len(HOSTILE)
    return pd.DataFrame({
        "text": pd.array(HOSTILE, dtype="string"),
        "obj": pd.Series(HOSTILE, dtype=object),
        "cat": pd.Categorical(HOSTILE),
        "votes": pd.array([(-1) ** i * i if i % 7 else None for i in range(n)], dtype="Int64"),
        "score": [(-0.5 * i) if i % 5 else float("nan") for i in range(n)],
        "mixed": [-3 if i % 2 else "=1+1" for i in range(n)],
        "flag": [bool(i % 2) for i in range(n)],
        "=evil header": ["x"] * n,
    })


def test_neutralise_frame_covers_text_object_category_and_header():
    safe = neutralise_frame(_frame())
    for col in ("text", "obj", "cat"):
        for value in safe[col]:
            assert not _starts_dangerous(value), (col, value)
    assert "'=evil header" in safe.columns
    assert safe["votes"].dtype == "Int64" and safe["score"].dtype == float
    assert safe["mixed"].tolist()[:2] == ["'=1+1", -3]


def test_csv_read_back_is_safe_and_lossless(tmp_path):
    df = _frame()
    path = write_csv(df, tmp_path / "t.csv")
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    header, body = rows[0], rows[1:]
    assert len(body) == len(df)
    assert not any(_starts_dangerous(h) for h in header)
    for row in body:  # text columns; numbers such as -3 are written as numbers
        for cell in row[:3] + row[7:]:
            assert not _starts_dangerous(cell), cell
        assert row[5] in ("'=1+1", "-3")
    back = pd.read_csv(path, dtype={"text": str}, keep_default_na=False)
    for original, cell in zip(HOSTILE, back["text"], strict=True):
        expected = original.replace("\r\n", "\n").replace("\r", "\n")
        assert cell in (expected, "'" + expected)
    numbers = pd.read_csv(path)["votes"]
    assert numbers.dropna().tolist() == df["votes"].dropna().astype(float).tolist()
    assert (pd.read_csv(path)["score"].dropna() <= 0).all()


def test_xlsx_has_no_formula_no_error_cell_and_keeps_numbers(tmp_path):
    df = _frame()
    path = write_xlsx({"Beiträge": df}, tmp_path / "t.xlsx")
    ws = load_workbook(path)["Beiträge"]
    header = [c.value for c in ws[1]]
    assert header[-1] == "'=evil header"
    for row in ws.iter_rows():
        for cell in row:
            assert cell.data_type not in ("f", "e"), cell.coordinate
            if isinstance(cell.value, str):
                assert not _starts_dangerous(cell.value), (cell.coordinate, cell.value)
    votes = [c.value for c in ws["D"][1:]]
    assert votes == [None if pd.isna(v) else int(v) for v in df["votes"]]
    assert all(isinstance(v, int) for v in votes if v is not None)
    scores = [c.value for c in ws["E"][1:] if c.value is not None]
    assert scores and all(isinstance(v, (int, float)) and v <= 0 for v in scores)
    assert [c.value for c in ws["F"][1:3]] == ["'=1+1", -3]
    assert all(isinstance(c.value, bool) for c in ws["G"][1:])
    texts = [c.value for c in ws["A"][1:]]
    assert "NULZeichen" in texts  # a control character XML cannot hold is dropped
    back = pd.read_excel(path, sheet_name="Beiträge")
    assert pd.api.types.is_numeric_dtype(back["votes"])


def test_xlsx_control_character_before_formula_is_still_neutralised(tmp_path):
    path = write_xlsx({"a": pd.DataFrame({"t": ["\x01=1+1", "#REF!"]})}, tmp_path / "c.xlsx")
    ws = load_workbook(path)["a"]
    assert ws["A2"].value == "'=1+1" and ws["A2"].data_type == "s"
    assert ws["A3"].value == "#REF!" and ws["A3"].data_type == "s"


def test_xlsx_odd_values(tmp_path, caplog):
    df = pd.DataFrame({
        "when": pd.to_datetime(["2022-03-14 10:00"]).tz_localize("Europe/Berlin"),
        "big": ["x" * 40_000],
        "inf": [float("inf")],
        "obj": [{"a": "=1"}],
    })
    with caplog.at_level(logging.WARNING):
        path = write_xlsx({"s": df}, tmp_path / "o.xlsx")
    ws = load_workbook(path)["s"]
    assert ws["A2"].value == dt.datetime(2022, 3, 14, 9, 0)  # UTC, without zone
    assert len(ws["B2"].value) == 32_767 and ws["B2"].value.endswith("…")
    assert "gekürzt" in caplog.text and "xxxx" not in caplog.text
    assert ws["C2"].value == "inf"
    assert ws["D2"].value == "{'a': '=1'}"


def test_xlsx_sheet_names_are_valid_and_unique(tmp_path):
    tables = {
        "Beiträge/2023: [alt]?": pd.DataFrame({"a": [1]}),
        "x" * 40: pd.DataFrame({"a": [2]}),
        "x" * 35: pd.DataFrame({"a": [3]}),
        "'": pd.DataFrame({"a": [4]}),
    }
    path = write_xlsx(tables, tmp_path / "s.xlsx")
    names = load_workbook(path).sheetnames
    assert names[0] == "Beiträge_2023_ _alt__"
    assert len(set(n.lower() for n in names)) == 4 and all(len(n) <= 31 for n in names)
    assert names[3] == "Tabelle"
