"""Expert ratings: detection, long format, cell-level rejections."""

from __future__ import annotations

from openpyxl import Workbook

from pinneberg_analysis.ingest import load

RATINGS = (
    "\ufeffMaßnahme,Bewerter/in,Wirkung,Umsetzbarkeit,Kosten,Kommentar\n"
    "Radnetz,FD IT,4,2,,gut\n"
    "Radnetz,FD Stadt,7,\"3,5\",gut,\n"
    ",,,,,\n"
    "Mängelmelder,,3,3,3,\n"
    ",,,,,\n"
)


def test_ratings_long_format_and_rejections(tmp_path):
    (tmp_path / "expertenbewertung.csv").write_text(RATINGS, encoding="utf-8")
    result = load(tmp_path)
    r = result.ratings
    assert result.contributions.empty
    assert r[["measure_ref", "rater", "criterion", "value"]].values.tolist() == [
        ["Radnetz", "FD IT", "Wirkung", 4.0], ["Radnetz", "FD IT", "Umsetzbarkeit", 2.0],
        ["Radnetz", "FD Stadt", "Umsetzbarkeit", 3.5],
    ]
    assert r["locator"].tolist() == ["Zeile 2", "Zeile 2", "Zeile 3"]
    assert r["rating_id"].is_unique and r["measure_id"].isna().all()
    rej = result.rejected
    assert rej[["locator", "column"]].fillna("").values.tolist() == [
        ["Zeile 3", "Wirkung"], ["Zeile 3", "Kosten"], ["Zeile 4", ""], ["Zeile 5", "Bewerter/in"],
    ]
    assert "zwischen 1 und 5" in rej["reason"].iloc[0]
    assert "keine Zahl" in rej["reason"].iloc[1]
    assert "1 (niedrig) bis 5 (hoch)" in rej["hint"].iloc[0]
    files = result.files.iloc[0]
    assert files["kind"] == "ratings"
    assert (files.n_read, files.n_accepted, files.n_rejected) == (7, 3, 4)
    assert "'Kommentar'" in files["message"]
    assert "1 leere Zeile(n) am Ende ignoriert" in files["message"]


def test_ratings_in_a_workbook_with_ids_and_any_criteria(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.title = "Bewertung"
    ws.append(["Bewertung der Maßnahmen durch die Verwaltung"])
    ws.append(["Maßnahmen-ID", "Maßnahme", "Expert", "Impact", "Feasibility", "Klimawirkung"])
    ws.append(["M-1", "Radnetz", "A", 5, 4, 3])
    ws.append(["M-2", "Open Data", "A", 1, 5.0, None])
    wb.save(tmp_path / "ratings.xlsx")
    r = load(tmp_path).ratings
    assert sorted(r["criterion"].unique()) == ["Feasibility", "Impact", "Klimawirkung"]
    assert r["measure_id"].tolist()[:3] == ["M-1"] * 3
    assert r["locator"].iloc[0] == "Blatt Bewertung, Zeile 3"
    assert len(r) == 5


def test_ratings_detected_by_file_name_without_rater(tmp_path):
    folder = tmp_path / "bewertungen"
    folder.mkdir()
    (folder / "fd-it.csv").write_text("Maßnahme;Wirkung;Kosten\nRadnetz;4;2\n", encoding="utf-8")
    result = load(tmp_path)
    assert result.ratings["rater"].tolist() == ["fd-it", "fd-it"]
    assert "keine Spalte für Bewertende" in result.files.loc[0, "message"]


def test_votes_table_in_a_rating_folder_is_not_ratings(tmp_path):
    folder = tmp_path / "bewertungen"
    folder.mkdir()
    (folder / "punkte.csv").write_text("Idee;Punkte;Feld\nRadnetz;14;Mobilität\n",
                                       encoding="utf-8")
    result = load(tmp_path)
    assert result.ratings.empty and result.contributions["votes"].tolist() == [14]


def test_ratings_field_column_is_kept_canonical_and_checked(tmp_path):
    (tmp_path / "bewertung.csv").write_text(
        "Handlungsfeld;Maßnahme;Bewerter/in;Wirkung\n"
        "Verkehr & Mobilität;Radnetz;A;4\n"
        ";Open Data;A;3\n"
        "Tourismus;Stadtführung;A;5\n",
        encoding="utf-8",
    )
    result = load(tmp_path)
    r = result.ratings
    assert r[["measure_ref", "field"]].fillna("").values.tolist() == [
        ["Radnetz", "Mobilität"], ["Open Data", ""],
    ]
    rej = result.rejected
    assert rej[["locator", "row", "column"]].values.tolist() == [["Zeile 4", "4", "Handlungsfeld"]]
    assert "Tourismus" in rej["reason"].iloc[0]
    assert "Mobilität" in rej["hint"].iloc[0]
    files = result.files.iloc[0]
    assert (files.n_read, files.n_accepted, files.n_rejected) == (3, 2, 1)
    assert "Handlungsfeld" not in files["message"]
