"""The review workbook: what authors see, and how wrong entries are reported."""

from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from pinneberg_analysis.core.config import Config, FieldsConfig
from pinneberg_analysis.core.errors import DecisionError
from pinneberg_analysis.core.result import AnalysisResult
from pinneberg_analysis.curate.apply import apply_decisions
from pinneberg_analysis.curate.decisions import Decision
from pinneberg_analysis.review import read_review_workbook, write_review_workbook

ASSETS = Path(__file__).parent / "assets" / "review"


def load_result(decisions=None, **kw) -> AnalysisResult:
    def read(name):
        return pd.read_csv(ASSETS / name, dtype="string", keep_default_na=False, na_values=[""])

    c, m, t, r = (read(f"{n}.csv") for n in ("contributions", "measures", "themes", "ranking"))
    c["votes"] = c["votes"].astype("Int64")
    m["n_contributions"] = m["n_contributions"].astype("Int64")
    m["is_single"] = m["is_single"].eq("True").astype(bool)
    r = r.astype({"votes": "Int64", "support_score": float, "field_rank": "Int64"})
    cur = apply_decisions(c, m, t, decisions)
    return AnalysisResult(contributions=cur.contributions, measures=cur.measures,
                          themes=cur.themes, ranking=r, decisions_log=cur.log,
                          parameters={"seed": 7}, **kw)


@pytest.fixture
def workbook(tmp_path):
    return write_review_workbook(load_result(), tmp_path / "review.xlsx")


def columns(ws):
    return {c.value: c.column_letter for c in ws[1] if c.value}


def row_of(ws, key):
    for row in ws.iter_rows(min_row=2):
        if row[0].value == key:
            return row[0].row
    raise KeyError(key)


def fill(wb, sheet, key, header, value):
    """Enter a value as an author would: in the row of ``key``, under ``header``."""
    ws = wb[sheet]
    ws[f"{columns(ws)[header]}{row_of(ws, key)}"] = value


def test_sheets_headers_and_frozen_filtered_layout(workbook):
    wb = load_workbook(workbook)
    assert wb.sheetnames == ["Anleitung", "Übersicht", "Mobilität", "Wirtschaft", "Verwaltung",
                             "Beiträge verschieben", "Protokoll", "_listen", "_meta"]
    assert [wb[n].sheet_state for n in ("_listen", "_meta")] == ["hidden", "hidden"]
    assert wb["_meta"].protection.sheet and wb["_listen"].protection.sheet
    ws = wb["Mobilität"]
    header = [c.value for c in ws[1]]
    assert header[:5] == ["ID", "Bezeichnung", "Schlagwörter", "Beiträge", "Unterstützung"]
    assert header[-5:] == ["Neuer Name", "Zusammenführen mit (ID)", "In Feld verschieben",
                           "Ablehnen (Grund)", "Kommentar"]
    assert ws.freeze_panes == "B2" and ws.auto_filter.ref == "A1:P5"
    # ordered by rank in the field, with support from the ranking
    assert [ws[f"A{r}"].value for r in range(2, 6)] == ["M-rad", "M-bus", "M-car", "M-lade"]
    assert ws["E2"].value == 0.91 and ws["D2"].value == 4
    assert ws.column_dimensions["I"].width >= 40 and ws["I2"].alignment.wrap_text
    assert ws["L1"].fill.fgColor.rgb.endswith("FFD966")  # decision columns stand out
    move = wb["Beiträge verschieben"]
    assert [c.value for c in move[1]][-4:] == ["Neue Maßnahme (ID)", "Neues Feld",
                                              "Name der neuen Maßnahme", "Kommentar"]
    assert move.freeze_panes == "B2" and move.auto_filter.ref == "A1:J23"
    assert "NEU" in " ".join(c.value or "" for c in wb["Anleitung"]["A"])


def _list_values(wb, formula):
    import re as _re

    sheet, col, first, last = _re.fullmatch(r"'(.+)'!\$([A-Z]+)\$(\d+):\$[A-Z]+\$(\d+)",
                                            formula).groups()
    return [wb[sheet][f"{col}{r}"].value for r in range(int(first), int(last) + 1)]


def _row_lists(wb, ws, letter):
    """Excel row -> the entries its drop-down in column ``letter`` offers."""
    from openpyxl.worksheet.cell_range import CellRange

    out = {}
    for dv in ws.data_validations.dataValidation:
        for rng in dv.sqref.ranges:
            cr = CellRange(str(rng))
            if cr.min_col == cr.max_col and ws.cell(1, cr.min_col).column_letter == letter:
                for row in range(cr.min_row, cr.max_row + 1):
                    out[row] = (dv, _list_values(wb, dv.formula1))
    return out


def test_drop_down_lists_offer_names_and_never_the_row_itself(workbook):
    wb = load_workbook(workbook)
    ws = wb["Mobilität"]
    active = [c.value for c in wb["_meta"]["H"][1:]
              if c.value and c.offset(column=3).value != "abgelehnt"]
    merge = _row_lists(wb, ws, "M")
    assert sorted(merge) == [2, 3, 4, 5]
    for row, (dv, values) in merge.items():
        own = ws[f"A{row}"].value
        assert dv.type == "list" and dv.showErrorMessage and dv.prompt
        # "Name (ID)" for every other active measure, never the row's own
        ids = [v.rsplit("(", 1)[1].rstrip(")") for v in values]
        assert own not in ids and sorted(ids) == sorted(m for m in active if m != own)
        assert all(v.endswith(f"({i})") and len(v) > len(i) + 3 for v, i in zip(values, ids))
    field = {str(dv.sqref): dv for dv in ws.data_validations.dataValidation}["N2:N5"]
    assert field.type == "list" and field.formula1 == "'_listen'!$B$2:$B$6"
    assert wb["_listen"]["B2"].value == "Mobilität"
    move = wb["Beiträge verschieben"]
    targets = _row_lists(wb, move, "G")
    assert sorted(targets) == list(range(2, move.max_row + 1))
    for row, (_, values) in targets.items():
        own = move[f"C{row}"].value
        assert "NEU" in values and "NEU-1" in values
        assert not any(v.endswith(f"({own})") for v in values)
        assert len(values) == len(active) - (own in active) + 10


def test_members_are_readable_on_the_linked_sheet(workbook):
    wb = load_workbook(workbook)
    link = wb["Verwaltung"]["K3"]  # M-antrag
    assert wb["Verwaltung"]["A3"].value == "M-antrag"
    target_row = int(link.hyperlink.location.rsplit("A", 1)[1])
    move = wb["Beiträge verschieben"]
    rows = [r for r in range(2, move.max_row + 1) if move[f"C{r}"].value == "M-antrag"]
    assert rows[0] == target_row and rows == list(range(target_row, target_row + 3))
    assert move[f"E{rows[0]}"].value == "Anträge digital stellen statt Papier"
    assert move[f"E{rows[0] - 1}"].value == "Wartemarken per App"


def test_no_formula_anywhere_and_citizen_text_is_neutralised(workbook):
    wb = load_workbook(workbook)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate)
                if isinstance(cell.value, str):
                    assert not cell.value.startswith(("=", "+", "-", "@")), cell.value
    assert wb["Verwaltung"]["B3"].value == "'=Digitale Anträge"
    move = wb["Beiträge verschieben"]
    assert move[f"E{row_of(move, 'C-v06')}"].value.startswith("'=HYPERLINK")


def test_same_result_same_bytes(tmp_path):
    result = load_result()
    a = write_review_workbook(result, tmp_path / "a.xlsx").read_bytes()
    b = write_review_workbook(result, tmp_path / "b.xlsx").read_bytes()
    assert a == b


def test_untouched_workbook_has_no_decisions(workbook):
    assert read_review_workbook(workbook) == []


def test_curated_result_shows_notes_and_lists_rejected_last(tmp_path):
    result = load_result([
        Decision(id="D-0001", kind="reject", target="M-rad", value="Kreis ist zuständig"),
        Decision(id="D-0002", kind="rename", target="M-bus", value="Besserer Bus"),
    ])
    wb = load_workbook(write_review_workbook(result, tmp_path / "r.xlsx"))
    ws = wb["Mobilität"]
    assert ws["A5"].value == "M-rad" and ws["J5"].value == "abgelehnt: Kreis ist zuständig"
    assert ws["B2"].value == "Besserer Bus" and "umbenannt" in ws["J2"].value
    assert "M-rad" not in [c.value for c in wb["_listen"]["A"]]
    assert wb["Übersicht"]["F2"].value == 1  # one rejected measure in Mobilität


def test_sorted_rows_and_moved_columns_still_read_by_id(workbook, tmp_path):
    wb = load_workbook(workbook)
    ws = wb["Mobilität"]
    ws.insert_cols(1)  # an author adds a column in front
    ws.move_range("B2:Q2", rows=10)  # and moves the M-rad row to the bottom
    ws["M12"] = "Sichere Radwege"
    wb.save(tmp_path / "x.xlsx")
    [decision] = read_review_workbook(tmp_path / "x.xlsx")
    assert (decision.kind, decision.target, decision.value) == ("rename", "M-rad", "Sichere Radwege")
    assert decision.location == "Blatt 'Mobilität', Zeile 12"


def test_invalid_entries_name_sheet_row_column_and_fix(workbook, tmp_path):
    wb = load_workbook(workbook)
    fill(wb, "Mobilität", "M-rad", "Zusammenführen mit (ID)", "M-gibtsnicht")
    fill(wb, "Mobilität", "M-bus", "Zusammenführen mit (ID)", "M-bus")
    fill(wb, "Mobilität", "M-car", "Zusammenführen mit (ID)", "M-lade")
    fill(wb, "Mobilität", "M-lade", "Zusammenführen mit (ID)", "M-car")
    fill(wb, "Wirtschaft", "M-leer", "In Feld verschieben", "Tourismus")
    fill(wb, "Wirtschaft", "M-cowork", "Ablehnen (Grund)", "x")
    fill(wb, "Wirtschaft", "M-wlan", "Neuer Name", "=A1&B1")
    fill(wb, "Verwaltung", "M-termin", "Ablehnen (Grund)", "nicht umsetzbar")
    fill(wb, "Verwaltung", "M-antrag", "Zusammenführen mit (ID)", "M-termin")
    fill(wb, "Beiträge verschieben", "C-m01", "Neue Maßnahme (ID)", "M-nix")
    fill(wb, "Beiträge verschieben", "C-m02", "Name der neuen Maßnahme", "Radschnellweg")
    fill(wb, "Beiträge verschieben", "C-m05", "Neue Maßnahme (ID)", "NEU")
    fill(wb, "Beiträge verschieben", "C-m05", "Name der neuen Maßnahme", "Bus A")
    fill(wb, "Beiträge verschieben", "C-m06", "Neue Maßnahme (ID)", "neu")
    fill(wb, "Beiträge verschieben", "C-m06", "Name der neuen Maßnahme", "Bus B")
    fill(wb, "Beiträge verschieben", "C-w01", "Neue Maßnahme (ID)", "M-rad")
    fill(wb, "Beiträge verschieben", "C-w01", "Neues Feld", "Verwaltung")
    wb.save(tmp_path / "bad.xlsx")
    with pytest.raises(DecisionError) as err:
        read_review_workbook(tmp_path / "bad.xlsx")
    msg = str(err.value)
    lines = msg.splitlines()
    assert lines[0] == "bad.xlsx: 12 ungültige Einträge in der Review-Mappe; nichts wurde gespeichert:"
    expected = [
        "Blatt „Mobilität“, Zeile 2, Spalte „Zusammenführen mit (ID)“ (M): Unbekannte Maßnahme "
        "'M-gibtsnicht'. So beheben: eine Maßnahme aus der Auswahlliste wählen",
        "Blatt „Mobilität“, Zeile 3, Spalte „Zusammenführen mit (ID)“ (M): Maßnahme M-bus kann "
        "nicht mit sich selbst zusammengeführt werden.",
        "Blatt „Mobilität“, Zeile 4, Spalte „Zusammenführen mit (ID)“ (M): Zusammenführung im "
        "Kreis: M-car → M-lade → M-car.",
        "Blatt „Mobilität“, Zeile 5, Spalte „Zusammenführen mit (ID)“ (M): Zusammenführung im Kreis",
        "Blatt „Wirtschaft“, Zeile 2, Spalte „In Feld verschieben“ (N): Unbekanntes Handlungsfeld "
        "'Tourismus'. So beheben: ein Handlungsfeld aus der Auswahlliste wählen: 'Mobilität'",
        "Blatt „Wirtschaft“, Zeile 3, Spalte „Ablehnen (Grund)“ (O): 'x' ist kein Grund.",
        "Blatt „Wirtschaft“, Zeile 4, Spalte „Neuer Name“ (L): Die Zelle enthält eine Formel",
        "Blatt „Verwaltung“, Zeile 3, Spalte „Zusammenführen mit (ID)“ (M): Maßnahme M-termin "
        "wird in dieser Mappe abgelehnt.",
        "Blatt „Beiträge verschieben“, Zeile 2, Spalte „Neue Maßnahme (ID)“ (G): Unbekannte Maßnahme",
        "Blatt „Beiträge verschieben“, Zeile 3, Spalte „Name der neuen Maßnahme“ (I): Ein Name "
        "für eine neue Maßnahme, aber kein NEU",
        "Blatt „Beiträge verschieben“, Zeile 7, Spalte „Name der neuen Maßnahme“ (I): NEU hat "
        "zwei Namen ('Bus A' in Zeile 6).",
        "Blatt „Beiträge verschieben“, Zeile 12, Spalte „Neues Feld“ (H): Maßnahme M-rad liegt "
        "in „Mobilität“, nicht in „Verwaltung“.",
    ]
    assert len(lines) == 1 + len(expected)
    for line, text in zip(lines[1:], expected, strict=True):
        assert line.startswith("- " + text), (line, text)
        assert "So beheben: " in line
    assert len(err.value.problems) == 12


def test_workbook_without_meta_or_not_xlsx(tmp_path):
    from openpyxl import Workbook

    Workbook().save(tmp_path / "fremd.xlsx")
    with pytest.raises(DecisionError, match="keine Review-Mappe.*_meta"):
        read_review_workbook(tmp_path / "fremd.xlsx")
    (tmp_path / "kaputt.xlsx").write_text("kein Excel", encoding="utf-8")
    with pytest.raises(DecisionError, match="lässt sich nicht als Excel-Arbeitsmappe lesen"):
        read_review_workbook(tmp_path / "kaputt.xlsx")


def test_extra_fields_from_the_config(tmp_path):
    cfg = Config(fields=FieldsConfig(extra=["Klima"]))
    result = load_result(config=cfg)
    wb = load_workbook(write_review_workbook(result, tmp_path / "r.xlsx"))
    assert "Klima" in [c.value for c in wb["_listen"]["B"]]
    fill(wb, "Mobilität", "M-car", "In Feld verschieben", "Klima")
    wb.save(tmp_path / "r.xlsx")
    [d] = read_review_workbook(tmp_path / "r.xlsx")
    assert (d.kind, d.value) == ("move_field", "Klima")


def test_protocol_lists_every_decision_and_marks_the_unapplicable(tmp_path):
    result = load_result([
        Decision(id="D-0001", kind="rename", target="M-bus", value="Besserer Bus",
                 source="review.xlsx", applied_on="2024-05-02"),
        Decision(id="D-0002", kind="reject", target="M-weg", value="zu teuer",
                 target_label="Seilbahn", target_members=("C-x1",)),
    ])
    wb = load_workbook(write_review_workbook(result, tmp_path / "r.xlsx"))
    ws = wb["Protokoll"]
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=1, max_row=3)]
    assert rows[0][:7] == ["Entscheidung", "Art", "Ziel", "Bezeichnung (damals)", "Wert",
                           "Status", "Grund"]
    assert rows[1][:6] == ["D-0001", "Umbenennen", "M-bus", None, "Besserer Bus", "angewendet"]
    assert rows[2][:6] == ["D-0002", "Ablehnen", "M-weg", "Seilbahn", "zu teuer",
                           "nicht anwendbar"]
    assert "gibt es in diesem Lauf nicht mehr" in rows[2][6]
    assert ws["A3"].fill.fgColor.rgb.endswith("F4CCCC") and ws["A2"].fill.fill_type is None
    overview = [c.value for c in wb["Übersicht"]["A"] if c.value]
    assert "Review-Entscheidungen: 1 angewendet, 1 nicht anwendbar (Blatt „Protokoll“)." in overview
    assert read_review_workbook(tmp_path / "r.xlsx") == []


def test_an_empty_result_gives_a_valid_workbook(tmp_path):
    path = write_review_workbook(AnalysisResult(), tmp_path / "leer.xlsx")
    assert load_workbook(path).sheetnames == ["Anleitung", "Übersicht", "Beiträge verschieben",
                                              "Protokoll", "_listen", "_meta"]
    assert read_review_workbook(path) == []


def test_move_sheet_splits_fields_and_comments(workbook, tmp_path):
    wb = load_workbook(workbook)
    fill(wb, "Beiträge verschieben", "C-m02", "Neue Maßnahme (ID)", "NEU-1")
    fill(wb, "Beiträge verschieben", "C-m03", "Neue Maßnahme (ID)", "neu 1")
    fill(wb, "Beiträge verschieben", "C-m03", "Name der neuen Maßnahme", "Radschnellwege")
    fill(wb, "Beiträge verschieben", "C-m06", "Neue Maßnahme (ID)", "NEU-2")
    fill(wb, "Beiträge verschieben", "C-m06", "Neues Feld", "Verwaltung")
    fill(wb, "Beiträge verschieben", "C-w06", "Neues Feld", "verwaltung")  # alone: Einzelidee
    fill(wb, "Beiträge verschieben", "C-v01", "Kommentar", "Doppelt mit C-v02?")
    fill(wb, "Beiträge verschieben", "C-v02", "Neue Maßnahme (ID)", "m-termin")  # already there
    wb.save(tmp_path / "m.xlsx")
    ds = read_review_workbook(tmp_path / "m.xlsx")
    by_kind = {}
    for d in ds:
        by_kind.setdefault(d.kind, []).append(d)
    assert sorted(by_kind) == ["comment", "split"]
    [comment] = by_kind["comment"]
    assert (comment.target, comment.from_measure) == ("C-v01", "M-termin")
    splits = {d.contributions: d for d in by_kind["split"]}
    rad = splits[("C-m02", "C-m03")]
    assert (rad.target, rad.label, rad.field) == ("M-rad", "Radschnellwege", None)
    assert rad.location == "Blatt 'Beiträge verschieben', Zeile 3, 4"
    assert splits[("C-m06",)].field == "Verwaltung"
    assert splits[("C-w06",)].field == "Verwaltung" and splits[("C-w06",)].target == "M-wlan"


def test_more_invalid_entries(workbook, tmp_path):
    wb = load_workbook(workbook)
    fill(wb, "Mobilität", "M-rad", "Neuer Name", "x" * 201)
    fill(wb, "Mobilität", "M-bus", "Zusammenführen mit (ID)", "M-car")
    fill(wb, "Mobilität", "M-bus", "Neuer Name", "Bus")
    fill(wb, "Wirtschaft", "M-leer", "Ablehnen (Grund)", "passt nicht")
    fill(wb, "Wirtschaft", "M-leer", "In Feld verschieben", "Verwaltung")
    ws = wb["Wirtschaft"]
    ws["A3"] = "M-leer"  # an author copied the row
    ws["L3"] = "Leerstand"
    fill(wb, "Beiträge verschieben", "C-v04", "Neue Maßnahme (ID)", "NEU")
    fill(wb, "Beiträge verschieben", "C-v05", "Neue Maßnahme (ID)", "NEU")
    fill(wb, "Beiträge verschieben", "C-v06", "Neue Maßnahme (ID)", "NEU")
    fill(wb, "Beiträge verschieben", "C-m01", "Neue Maßnahme (ID)", "NEU-3")
    fill(wb, "Beiträge verschieben", "C-m01", "Neues Feld", "Wirtschaft")
    fill(wb, "Beiträge verschieben", "C-m02", "Neue Maßnahme (ID)", "NEU-3")
    fill(wb, "Beiträge verschieben", "C-m02", "Neues Feld", "Verwaltung")
    move = wb["Beiträge verschieben"]
    move[f"A{row_of(move, 'C-m03')}"] = "C-erfunden"
    move[f"G{row_of(move, 'C-erfunden')}"] = "M-bus"
    wb.save(tmp_path / "bad2.xlsx")
    with pytest.raises(DecisionError) as err:
        read_review_workbook(tmp_path / "bad2.xlsx")
    got = [(p.sheet, p.row, p.letter, p.message.split(" (")[0]) for p in err.value.problems]
    assert got == [
        ("Mobilität", 2, "L", "Der neue Name hat 201 Zeichen."),
        ("Mobilität", 3, "L", "Maßnahme M-bus wird zusammengeführt und bekommt zugleich „Neuer Name“."),
        ("Wirtschaft", 2, "N", "Maßnahme M-leer wird abgelehnt und bekommt zugleich „In Feld verschieben“."),
        ("Wirtschaft", 3, "A", "Maßnahme M-leer hat Entscheidungen in zwei Zeilen"),
        # the copied row shows another measure's label under M-leer's id
        ("Wirtschaft", 3, "B", "Die Bezeichnung wurde in „Coworking“ geändert, „Neuer Name“ "
                               "nennt aber „Leerstand“."),
        ("Beiträge verschieben", 2, "H", "NEU-3 hat Beiträge mit verschiedenen neuen Feldern."),
        ("Beiträge verschieben", 4, "A", "Die Zeile hat Einträge, aber die unbekannte Beitrags-ID "
                                          "'C-erfunden'."),
        ("Beiträge verschieben", 21, "G", "Alle Beiträge von M-antrag würden nach NEU wandern; das "
                                          "wäre nur eine Umbenennung."),
    ]


def test_apply_workbook_dry_run_and_reapply(workbook, tmp_path):
    from pinneberg_analysis.review import apply_workbook

    wb = load_workbook(workbook)
    fill(wb, "Mobilität", "M-rad", "Neuer Name", "Sichere Radwege")
    wb.save(tmp_path / "f.xlsx")
    target = tmp_path / "d.yaml"
    dry = apply_workbook(tmp_path / "f.xlsx", target, dry_run=True, today="2024-01-01")
    assert dry.added == ["D-0001"] and not target.exists()
    apply_workbook(tmp_path / "f.xlsx", target, today="2024-01-01")
    text = target.read_text(encoding="utf-8")
    again = apply_workbook(tmp_path / "f.xlsx", target, today="2024-02-02")
    assert again.added == [] and again.unchanged == 1
    assert target.read_text(encoding="utf-8") == text


def test_drop_down_entry_name_and_id_is_read_as_that_measure(workbook, tmp_path):
    wb = load_workbook(workbook)
    entry = next(v for v in (c.value for c in wb["_listen"]["A"][1:]) if v.endswith("(M-bus)"))
    fill(wb, "Mobilität", "M-rad", "Zusammenführen mit (ID)", entry)
    wb.save(tmp_path / "r.xlsx")
    [d] = read_review_workbook(tmp_path / "r.xlsx")
    assert (d.kind, d.target, d.value) == ("merge", "M-rad", "M-bus")


def test_a_missing_id_column_is_refused_not_read_as_nothing(workbook, tmp_path):
    """Issue 19 item 7: deleting the ID column must never yield "0 decisions" in silence."""
    wb = load_workbook(workbook)
    fill(wb, "Wirtschaft", "M-leer", "Ablehnen (Grund)", "nicht umsetzbar")
    wb["Wirtschaft"].delete_cols(1)
    wb.save(tmp_path / "ohne-id.xlsx")
    with pytest.raises(DecisionError) as err:
        read_review_workbook(tmp_path / "ohne-id.xlsx")
    msg = str(err.value)
    assert "Blatt „Wirtschaft“" in msg and "Spalte „ID“ fehlt" in msg and "So beheben" in msg
    # the same for the move sheet's Beitrags-ID
    wb = load_workbook(workbook)
    wb["Beiträge verschieben"].delete_cols(1)
    wb.save(tmp_path / "ohne-cid.xlsx")
    with pytest.raises(DecisionError, match="Spalte „Beitrags-ID“ fehlt"):
        read_review_workbook(tmp_path / "ohne-cid.xlsx")


def test_a_new_name_typed_into_the_grey_label_column_is_a_rename(workbook, tmp_path):
    wb = load_workbook(workbook)
    fill(wb, "Mobilität", "M-bus", "Bezeichnung", "Busse im Takt")
    wb.save(tmp_path / "r.xlsx")
    [d] = read_review_workbook(tmp_path / "r.xlsx")
    assert (d.kind, d.target, d.value) == ("rename", "M-bus", "Busse im Takt")
    # two different names, or a deleted label, are reported with row and column
    fill(wb, "Mobilität", "M-bus", "Neuer Name", "Stadtbus")
    fill(wb, "Mobilität", "M-car", "Bezeichnung", None)
    wb.save(tmp_path / "r2.xlsx")
    with pytest.raises(DecisionError) as err:
        read_review_workbook(tmp_path / "r2.xlsx")
    lines = str(err.value).splitlines()[1:]
    assert len(lines) == 2 and all("Spalte „Bezeichnung“ (B)" in line for line in lines)
    # an overwritten grey measure column on the move sheet is reported, not ignored
    wb = load_workbook(workbook)
    fill(wb, "Beiträge verschieben", "C-m01", "Maßnahme (ID)", "M-bus")
    wb.save(tmp_path / "r3.xlsx")
    with pytest.raises(DecisionError, match="Spalte „Maßnahme \\(ID\\)“.*nur zur Ansicht"):
        read_review_workbook(tmp_path / "r3.xlsx")


def test_entries_in_a_column_the_workbook_did_not_have_are_reported(workbook, tmp_path):
    wb = load_workbook(workbook)
    ws = wb["Verwaltung"]
    ws.cell(row=1, column=ws.max_column + 1, value="Notiz")
    ws.cell(row=3, column=ws.max_column, value="lieber zusammenlegen")
    wb.save(tmp_path / "r.xlsx")
    with pytest.raises(DecisionError) as err:
        read_review_workbook(tmp_path / "r.xlsx")
    [problem] = err.value.problems
    assert (problem.sheet, problem.row, problem.column) == ("Verwaltung", 3, "Notiz")
    assert "nicht gelesen" in problem.message and "Kommentar" in problem.hint
