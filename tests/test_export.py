import pandas as pd
from openpyxl import load_workbook

from pinneberg_analysis.core.export import neutralise_cell, write_csv, write_xlsx

HOSTILE = ["=1+1", "+49 4101", "-2+3", "@SUM(A1)", "\tx", "\rx", "=HYPERLINK(\"http://evil\")"]


def test_neutralise_strings_only():
    for s in HOSTILE:
        assert neutralise_cell(s).startswith("'")
    assert neutralise_cell(-3) == -3
    assert neutralise_cell("Radweg") == "Radweg"


def test_csv_roundtrip_is_safe(tmp_path):
    df = pd.DataFrame({"text": HOSTILE, "votes": list(range(-3, 4))})
    path = write_csv(df, tmp_path / "t.csv")
    back = pd.read_csv(path, encoding="utf-8")
    assert all(str(v).startswith("'") for v in back["text"])
    assert back["votes"].tolist() == list(range(-3, 4))


def test_xlsx_has_no_formula_and_numbers_stay_numbers(tmp_path):
    df = pd.DataFrame({"text": HOSTILE, "votes": pd.array(range(7), dtype="Int64")})
    path = write_xlsx({"Beiträge": df}, tmp_path / "t.xlsx")
    ws = load_workbook(path)["Beiträge"]
    for row in ws.iter_rows(min_row=2):
        assert row[0].data_type == "s"
        assert isinstance(row[1].value, int)
    assert ws.freeze_panes == "A2"
