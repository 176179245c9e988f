"""load(): folders, skipped and failed files, limits, source kinds, ids, duplicates, schema."""

from __future__ import annotations

import zipfile

import pandas as pd
import pytest

from pinneberg_analysis.core.config import Config, IngestConfig
from pinneberg_analysis.core.errors import InputError
from pinneberg_analysis.core.schema import CONTRIBUTION_COLUMNS, contributions_schema, validate
from pinneberg_analysis.ingest import load

HEADER = "Nr;Titel;Beschreibung;Handlungsfeld\n"


def test_folder_walk_skips_and_failures(tmp_path):
    (tmp_path / "README.md").write_text("- keine Idee", encoding="utf-8")
    (tmp_path / "LICENSE").write_text("MIT", encoding="utf-8")
    (tmp_path / ".hidden.csv").write_text(HEADER + "1;A;B;Mobilität\n", encoding="utf-8")
    (tmp_path / "_entwurf.csv").write_text(HEADER + "1;A;B;Mobilität\n", encoding="utf-8")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.csv").write_text("x", encoding="utf-8")
    (tmp_path / "scan.pdf").write_bytes(b"%PDF-1.4")
    sub = tmp_path / "online"
    sub.mkdir()
    (sub / "b.csv").write_text(HEADER + "1;A;B;Mobilität\n", encoding="utf-8")
    (sub / "a.csv").write_text(HEADER + "1;C;D;Wirtschaft\n", encoding="utf-8")
    result = load(tmp_path)
    files = result.files.set_index("source_file")
    assert list(result.files["source_file"]) == sorted(result.files["source_file"])
    for name in (".git/", ".hidden.csv", "LICENSE", "README.md", "_entwurf.csv"):
        assert files.loc[name, "status"] == "skipped", name
        assert files.loc[name, "message"].startswith("übersprungen: ")
    assert files.loc["scan.pdf", "status"] == "failed"
    assert "angenommen werden CSV" in files.loc["scan.pdf", "message"]
    assert list(result.contributions["source_file"]) == ["online/a.csv", "online/b.csv"]
    assert set(result.contributions["source_kind"]) == {"online"}
    assert [e.file for e in result.errors] == ["scan.pdf"]


def test_missing_path_and_bad_field_raise():
    with pytest.raises(InputError, match="gibt es nicht"):
        load("/nonexistent/pinneberg")
    with pytest.raises(InputError, match="kein bekanntes Handlungsfeld") as info:
        load([], field="Tourismus")
    assert "Mobilität" in str(info.value)


def test_size_limit_and_zip_bomb(tmp_path):
    big = tmp_path / "gross.csv"
    big.write_text(HEADER + "1;A;" + "x" * 2_000_000 + ";Mobilität\n", encoding="utf-8")
    bomb = tmp_path / "bombe.xlsx"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * 3_000_000)
    (tmp_path / "ok.csv").write_text(HEADER + "1;A;B;Mobilität\n", encoding="utf-8")
    assert bomb.stat().st_size < 100_000
    config = Config(ingest=IngestConfig(max_file_mb=1.0))
    result = load(tmp_path, config=config.ingest)
    files = result.files.set_index("source_file")
    assert files.loc["gross.csv", "status"] == "failed"
    assert "max_file_mb" in files.loc["gross.csv", "message"]
    assert files.loc["bombe.xlsx", "status"] == "failed"
    assert "ZIP-Bombe" in files.loc["bombe.xlsx", "message"]
    assert len(result.contributions) == 1


def test_source_kinds(tmp_path):
    for folder in ("workshops", "buergerforum", "plattform", "misc"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "x.csv").write_text(HEADER + "1;A;B;Mobilität\n", encoding="utf-8")
    (tmp_path / "misc" / "notes.md").write_text("- Idee\n", encoding="utf-8")
    result = load(tmp_path, field="Mobilität")
    kinds = dict(zip(result.contributions["source_file"], result.contributions["source_kind"],
                     strict=True))
    assert kinds == {"buergerforum/x.csv": "forum", "misc/notes.md": "workshop",
                     "misc/x.csv": "other", "plattform/x.csv": "online",
                     "workshops/x.csv": "workshop"}
    config = Config(ingest=IngestConfig(source_kinds={"misc/*.csv": "forum"}))
    again = load(tmp_path / "misc" / "x.csv", config=config.ingest)
    assert again.contributions["source_kind"].tolist() == ["other"]  # pattern is folder-relative
    again = load(tmp_path, config=config.ingest, field="Mobilität")
    misc = again.contributions.query("source_file == 'misc/x.csv'")
    assert misc["source_kind"].tolist() == ["forum"]


def test_ids_stable_when_rows_added_and_reordered(tmp_path):
    path = tmp_path / "ideen.csv"
    rows = ["1;Radweg;Am Damm;Mobilität", "2;Bus;Abends;Mobilität", "3;Bus;Abends;Mobilität"]
    path.write_text(HEADER + "\n".join(rows) + "\n", encoding="utf-8")
    notes = tmp_path / "mobilitaet.md"
    notes.write_text("# Ideen\n- Radweg\n- Bus\n- Bus\n", encoding="utf-8")
    before = load(tmp_path).contributions.set_index("locator", drop=False)
    ids_before = dict(zip(before["source_file"] + before["text"] + before["source_id"].fillna(""),
                          before["contribution_id"], strict=True))
    rows_new = ["4;Neu;Ganz neu;Mobilität", rows[2], rows[0], rows[1]]
    path.write_text(HEADER + "\n".join(rows_new) + "\n", encoding="utf-8")
    notes.write_text("# Ideen\n- Carsharing\n- Bus\n- Radweg\n- Bus\n", encoding="utf-8")
    after = load(tmp_path).contributions
    ids_after = dict(zip(after["source_file"] + after["text"] + after["source_id"].fillna(""),
                         after["contribution_id"], strict=True))
    for key, ident in ids_before.items():
        assert ids_after[key] == ident, key
    assert after["contribution_id"].str.fullmatch(r"C-[0-9a-f]{10}").all()


def test_exact_duplicates_are_flagged_not_dropped(tmp_path):
    (tmp_path / "a.csv").write_text(
        HEADER + "1;Radweg;Am  Damm!;Mobilität\n2;radweg;am damm;Mobilität\n"
        "3;Radweg;Am Damm;Wirtschaft\n", encoding="utf-8")
    c = load(tmp_path).contributions
    assert c["is_duplicate"].tolist() == [False, True, False]
    assert c["duplicate_of"].iloc[1] == c["contribution_id"].iloc[0]
    assert c["duplicate_of"].isna().tolist() == [True, False, True]


def test_accounting_holds_per_file(tmp_path):
    (tmp_path / "a.csv").write_text(HEADER + "1;A;B;Mobilität\n;;;\n2;;;Mobilität\n3;A;B;X\n",
                                    encoding="utf-8")
    (tmp_path / "b.md").write_text("# Mobilität\n- A\n- (+3)\n  - nur Detail\n", encoding="utf-8")
    result = load(tmp_path)
    per_file = result.rejected.groupby("source_file").size()
    for row in result.files.itertuples():
        assert row.n_read == row.n_accepted + row.n_rejected
        assert row.n_rejected == per_file.get(row.source_file, 0)
        accepted = (result.contributions["source_file"] == row.source_file).sum()
        assert row.n_accepted == accepted
    assert result.files["n_read"].tolist() == [4, 2]


def test_schema_errors_become_one_input_error():
    df = pd.DataFrame({c: pd.Series(dtype=d) for c, d in CONTRIBUTION_COLUMNS.items()})
    row = {c: None for c in CONTRIBUTION_COLUMNS}
    row.update(contribution_id="bad", field="Tourismus", source_file="a.csv", source_kind="web",
               locator="Zeile 1", title="", text="", section="idea", is_duplicate=False,
               extra="{}", votes=-1)
    df = pd.concat([df, pd.DataFrame([row]).astype(CONTRIBUTION_COLUMNS)], ignore_index=True)
    with pytest.raises(InputError) as info:
        validate(df, contributions_schema(["Mobilität"]), "contributions")
    message = str(info.value)
    for column in ("contribution_id", "field", "source_kind", "votes"):
        assert f"column {column!r}" in message
    assert "title or a text" in message


NEW_USER_FILES = {
    # English headers, comma, UTF-8 with BOM, ISO dates
    "exports/decidim-proposals.csv": (
        "\ufeffid,title,body,category,supports,published_at,comments\r\n"
        "17,Bike parking,More bike racks at the station,Mobility,12,2022-05-02T10:00:00Z,3\r\n"
        "18,Open budget,Publish the city budget as open data,Verwaltung,4,2022-05-03,0\r\n"
    ),
    # Excel "Unicode text": tab-separated UTF-16
    "exports/umfrage.txt.tsv": None,
    "protokolle/Workshop_Kultur_2.Runde.md": (
        "Workshop Kultur, 2. Runde\n=========================\n\n"
        "**Was stört?**\n\n+ Keine Übersicht über Termine  (+2)\n\n"
        "**Unsere Vorschläge**\n\n1) Veranstaltungskalender für alle Vereine 4x\n"
        "2) Bücherei länger öffnen\n"
    ),
}


def test_new_user_folder_without_configuration(tmp_path):
    for rel, text in NEW_USER_FILES.items():
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if text is not None:
            path.write_text(text, encoding="utf-8")
    (tmp_path / "exports" / "umfrage.txt.tsv").write_bytes(
        "Idee\tKategorie\tStimmen\tGruppe\nMehr Grün\tUmwelt\t3\tSchülerin\n".encode("utf-16"))
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Export"
    ws.append(["Themenfeld", "Überschrift", "Text", "Likes", "Erstellt"])
    ws.append(["Wirtschaft", "Leerstand", "Pop-up-Läden", 7, "14.05.2022"])
    ws.append(["Lebens- & Wohnumfeld", "Hitze", "Trinkbrunnen", "2", None])
    wb.save(tmp_path / "exports" / "beteiligung.xlsx")
    result = load(tmp_path)
    assert not result.errors, [str(e) for e in result.errors]
    assert result.rejected.empty, result.rejected.to_dict("records")
    c = result.contributions.set_index("text")
    assert c.loc["More bike racks at the station", "field"] == "Mobilität"
    assert c.loc["More bike racks at the station", "votes"] == 12
    assert c.loc["More bike racks at the station", "date"] == pd.Timestamp("2022-05-02")
    assert c.loc["Mehr Grün", "field"] == "Lebens- und Wohnumfeld mit Gesundheit"
    assert c.loc["Mehr Grün", "participant_group"] == "Schule"
    assert c.loc["Pop-up-Läden", "title"] == "Leerstand"
    assert c.loc["Trinkbrunnen", "votes"] == 2
    culture = c[c["source_file"] == "protokolle/Workshop_Kultur_2.Runde.md"]
    assert culture["section"].tolist() == ["challenge", "idea", "idea"]
    assert culture["votes"].tolist()[:2] == [2, 4]
    assert set(culture["field"]) == {"Zusammenleben, Bildung und Kultur"}
    assert set(culture["round"]) == {2}
    assert len(c) == 8


def test_a_crashing_reader_loses_only_its_file(tmp_path, monkeypatch):
    import pinneberg_analysis.ingest as ingest

    def broken(path, name, options):
        raise ValueError("boom")

    monkeypatch.setitem(ingest._READERS, ".md", broken)
    (tmp_path / "a.md").write_text("- A\n", encoding="utf-8")
    (tmp_path / "b.csv").write_text(HEADER + "1;A;B;Mobilität\n", encoding="utf-8")
    result = load(tmp_path)
    assert len(result.contributions) == 1
    (error,) = result.errors
    assert error.internal and error.file == "a.md" and "ValueError: boom" in str(error)
    assert "So beheben" in str(error)
