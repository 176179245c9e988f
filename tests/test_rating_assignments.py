"""The authors' assignments of rated names to measures: sheet, decision kind, matching."""

from __future__ import annotations

import pandas as pd
import pytest

from pinneberg_analysis.core.errors import DecisionError
from pinneberg_analysis.curate import Decision, DecisionsFile, apply_decisions
from pinneberg_analysis.ranking import match_ratings
from pinneberg_analysis.review import read_review_workbook, write_review_workbook
from pinneberg_analysis.review.ratings_sheet import H_ASSIGN, H_PROPOSED, H_RATED, SHEET_RATINGS

MOB = "Mobilität"


def _result_with_matches(report_result):
    r = report_result
    ratings = r.ratings.assign(measure_id=pd.array([pd.NA] * len(r.ratings), dtype="string"))
    r.rating_matches = match_ratings(ratings, r.measures, r.contributions).matches
    return r


def _sheet(path):
    from openpyxl import load_workbook

    wb = load_workbook(path)
    ws = wb[SHEET_RATINGS]
    head = {c.value: c.column for c in ws[1]}
    return wb, ws, head


def test_sheet_lists_every_rated_name_with_proposal_by_name(report_result, tmp_path):
    result = _result_with_matches(report_result)
    path = write_review_workbook(result, tmp_path / "review.xlsx")
    wb, ws, head = _sheet(path)
    names = [ws.cell(row=i, column=head[H_RATED]).value for i in range(2, ws.max_row + 1)]
    assert sorted(names) == sorted(result.rating_matches["measure_ref"])
    labels = set(result.measures["label"])
    for i in range(2, ws.max_row + 1):
        proposed = ws.cell(row=i, column=head[H_PROPOSED]).value
        if proposed:  # "Name (ID)", the name of a measure
            assert proposed.rsplit(" (", 1)[0] in labels
    col = ws.cell(row=1, column=head[H_ASSIGN]).column_letter
    assert any(col in str(dv.sqref) for dv in ws.data_validations.dataValidation)
    entries = [c.value for c in wb["_listen"]["D"][1:] if c.value]
    assert entries[-1] == "keine Maßnahme" and len(entries) > 1
    assert wb.sheetnames.index(SHEET_RATINGS) < wb.sheetnames.index("Protokoll")


def test_choices_become_assign_rating_decisions(report_result, tmp_path):
    result = _result_with_matches(report_result)
    path = write_review_workbook(result, tmp_path / "review.xlsx")
    wb, ws, head = _sheet(path)
    entries = [c.value for c in wb["_listen"]["D"][1:] if c.value]
    ws.cell(row=2, column=head[H_ASSIGN], value=entries[0])
    ws.cell(row=3, column=head[H_ASSIGN], value="keine Maßnahme")
    wb.save(tmp_path / "filled.xlsx")
    decisions = [d for d in read_review_workbook(tmp_path / "filled.xlsx")
                 if d.kind == "assign_rating"]
    assert len(decisions) == 2
    first, second = decisions
    assert first.target == ws.cell(row=2, column=head[H_RATED]).value
    assert first.value == entries[0].rsplit("(", 1)[1].rstrip(")")
    members = set(result.contributions.loc[result.contributions["measure_id"] == first.value,
                                           "contribution_id"])
    assert set(first.value_members) == members
    assert second.value is None and second.location.endswith("Zeile 3")
    # stored and read back like every other decision
    dfile = DecisionsFile().add(decisions, today="2026-12-07")
    dfile.save(tmp_path / "d.yaml")
    again = DecisionsFile.load(tmp_path / "d.yaml").decisions
    assert [d.substance() for d in again] == [d.substance() for d in dfile.decisions]


def test_an_unknown_choice_is_reported_with_sheet_row_and_column(report_result, tmp_path):
    result = _result_with_matches(report_result)
    path = write_review_workbook(result, tmp_path / "review.xlsx")
    wb, ws, head = _sheet(path)
    ws.cell(row=2, column=head[H_ASSIGN], value="Seilbahn zum Mond")
    wb.save(tmp_path / "bad.xlsx")
    with pytest.raises(DecisionError) as err:
        read_review_workbook(tmp_path / "bad.xlsx")
    text = str(err.value)
    assert f"Blatt „{SHEET_RATINGS}“, Zeile 2, Spalte „{H_ASSIGN}“" in text
    assert "Seilbahn zum Mond" in text


def _tables():
    c = pd.DataFrame({"contribution_id": ["C-1", "C-2", "C-3", "C-4"],
                      "measure_id": ["M-1", "M-1", "M-2", "M-2"], "field": [MOB] * 4,
                      "text": ["Radweg", "Radwege sicher", "Busspur", "Bus öfter"]})
    m = pd.DataFrame({"measure_id": ["M-1", "M-2"], "field": [MOB] * 2,
                      "label": ["Radwege", "Busverkehr"], "n_contributions": [2, 2]})
    return c, m


def test_assignments_resolve_by_id_or_members_and_log_the_rest():
    c, m = _tables()
    decisions = [
        Decision(id="D-0001", kind="assign_rating", target="Radnetz", value="M-9",
                 value_members=("C-1", "C-2")),
        Decision(id="D-0002", kind="assign_rating", target="Busangebot", value="M-2"),
        Decision(id="D-0003", kind="assign_rating", target="Seilbahn", value=None),
        Decision(id="D-0004", kind="assign_rating", target="Fähre", value="M-8",
                 value_members=("C-99",)),
    ]
    res = apply_decisions(c, m, decisions=decisions)
    # the measure holding the members at decision time, whatever id it has in this run
    holder = res.contributions.set_index("contribution_id").loc["C-1", "measure_id"]
    assert res.rating_assignments == {"Radnetz": holder, "Busangebot": "M-2", "Seilbahn": None}
    log = res.log.set_index("decision_id")
    assert log.loc["D-0004", "status"] == "nicht anwendbar"
    assert log.loc["D-0001", "status"] == "angewendet"
    assert log.loc["D-0001", "kind_label"] == "Bewertung zuordnen"


def test_matching_follows_the_assignment_and_frees_nothing_twice():
    c, m = _tables()
    ratings = pd.DataFrame({"measure_ref": ["Radwege ausbauen", "Sichere Radwege"],
                            "rater": ["A", "A"], "criterion": ["Wirkung"] * 2,
                            "value": [4.0, 2.0]})
    auto = match_ratings(ratings, m, c).matches.set_index("measure_ref")
    decided = match_ratings(ratings, m, c, assigned={"Sichere Radwege": "M-1"}).matches
    decided = decided.set_index("measure_ref")
    assert decided.loc["Sichere Radwege", "measure_id"] == "M-1"
    assert decided.loc["Sichere Radwege", "method"] == "decision"
    assert not decided.loc["Sichere Radwege", "needs_review"]
    # M-1 is taken by the decision: the other name cannot also get it
    assert decided.loc["Radwege ausbauen", "measure_id"] is pd.NA
    assert auto.loc["Radwege ausbauen", "method"] == "text"
    nothing = match_ratings(ratings, m, c, assigned={"Sichere Radwege": None}).matches
    row = nothing.set_index("measure_ref").loc["Sichere Radwege"]
    assert row["status"] == "unmatched" and "keiner Maßnahme" in row["reason"]
