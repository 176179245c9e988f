"""Acceptance test of the review loop (issue 6) on the bundled sample, as authors work.

Everything runs through the command line as a subprocess:

1. ``report`` on a copy of the sample;
2. the authors fill in ``review.xlsx`` with openpyxl (rename, merge, reject, move a
   contribution, split, comment), picking the measures by reading the workbook;
3. ``review apply`` writes the decisions file;
4. ``report --decisions`` into the same folder shows every decision (tables, HTML, the
   new workbook's protocol);
5. new contributions in the online export: the decisions still hold, the new
   contributions join a measure or form a new one;
6. another seed: the decisions still hold;
7. invalid entries are refused with sheet, row and column, and nothing is saved.

No measure id or label is hard-coded: the clustering may change, the test reads what it
proposes. The report runs are shared by module-scoped fixtures (the later two in parallel).
Two fast tests pin the bugs this test found: the report reads the curate stage's log and
notes, and a re-run keeps the user's files in the report folder.
"""

from __future__ import annotations

import csv
import hashlib
import html
import io
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pytest
import yaml
from conftest import SAMPLE, run_cli
from openpyxl import load_workbook

MOB = "Mobilität"
WIR = "Wirtschaft"
VER = "Verwaltung"
LEB = "Lebens- und Wohnumfeld mit Gesundheit"
ZUS = "Zusammenleben, Bildung und Kultur"

# What the authors write. Quotes, an ampersand and umlauts: the report must escape them.
NEW_NAME = "Geprüfte Maßnahme „Lastenräder“ & Co."
REASON = "nicht umsetzbar: keine Zuständigkeit der Stadt"
SPLIT_NAME = "Abgetrennte Idee aus dem Review"
COMMENT = "bitte mit dem Radverkehrskonzept abgleichen"
ONLINE = Path("online") / "ideenplattform-export.csv"


# --- the workbook as an author sees it ----------------------------------------------------


def sheet_rows(ws) -> list[dict]:
    """The rows of a sheet as dicts keyed by header, with the Excel row number in ``_row``."""
    headers = [c.value for c in ws[1]]
    out = []
    for number, values in enumerate(ws.iter_rows(min_row=2, values_only=True), start=2):
        if values and values[0] is not None:
            out.append({"_row": number, **dict(zip(headers, values, strict=False))})
    return out


def put(ws, row: int, header: str, value: str) -> None:
    headers = [c.value for c in ws[1]]
    ws.cell(row=row, column=headers.index(header) + 1, value=value)


def field_sheet(wb, field_name: str):
    """The sheet of a field of action, found through the overview's "Blatt" column."""
    for row in sheet_rows(wb["Übersicht"]):
        if row["Handlungsfeld"] == field_name:
            return wb[row["Blatt"]]
    raise AssertionError(f"the overview has no row for {field_name!r}")


def measures_by_size(ws, at_least: int = 2) -> list[dict]:
    """The measures of a field sheet with at least ``at_least`` contributions, largest first."""
    rows = [r for r in sheet_rows(ws) if (r["Beiträge"] or 0) >= at_least]
    return sorted(rows, key=lambda r: (-r["Beiträge"], r["ID"]))


@dataclass
class Plan:
    """The decisions the authors entered, with the ids read from the workbook."""

    rename: str = ""
    rename_old: str = ""
    comment: str = ""
    merge_src: str = ""
    merge_dst: str = ""
    reject: str = ""
    reject_label: str = ""
    move_cid: str = ""
    move_from: str = ""
    move_to: str = ""
    split_from: str = ""
    split_cids: list[str] = field(default_factory=list)


def fill_in(path: Path) -> Plan:
    """Fill in the decision columns of a review workbook in place, as an author would."""
    wb = load_workbook(path)
    plan = Plan()
    mob = field_sheet(wb, MOB)
    big = measures_by_size(mob)
    assert len(big) >= 2, "Mobilität needs two measures for this test"
    plan.rename, plan.rename_old = big[0]["ID"], big[0]["Bezeichnung"]
    put(mob, big[0]["_row"], "Neuer Name", NEW_NAME)
    plan.comment = big[1]["ID"]
    put(mob, big[1]["_row"], "Kommentar", COMMENT)

    ver = field_sheet(wb, VER)
    big = measures_by_size(ver)
    assert len(big) >= 2, "Verwaltung needs two measures for this test"
    plan.merge_src, plan.merge_dst = big[1]["ID"], big[0]["ID"]
    put(ver, big[1]["_row"], "Zusammenführen mit (ID)", plan.merge_dst)

    wir = field_sheet(wb, WIR)
    big = measures_by_size(wir)
    plan.reject, plan.reject_label = big[0]["ID"], big[0]["Bezeichnung"]
    put(wir, big[0]["_row"], "Ablehnen (Grund)", REASON)

    move = wb["Beiträge verschieben"]
    contributions = sheet_rows(move)
    big = measures_by_size(field_sheet(wb, ZUS))
    assert len(big) >= 2, "Zusammenleben needs two measures for this test"
    plan.move_from, plan.move_to = big[0]["ID"], big[1]["ID"]
    row = next(r for r in contributions if r["Maßnahme (ID)"] == plan.move_from)
    plan.move_cid = row["Beitrags-ID"]
    put(move, row["_row"], "Neue Maßnahme (ID)", plan.move_to)

    big = measures_by_size(field_sheet(wb, LEB), at_least=3)
    plan.split_from = big[0]["ID"]
    rows = [r for r in contributions if r["Maßnahme (ID)"] == plan.split_from][-2:]
    plan.split_cids = sorted(r["Beitrags-ID"] for r in rows)
    for r in rows:
        put(move, r["_row"], "Neue Maßnahme (ID)", "NEU")
        put(move, r["_row"], "Name der neuen Maßnahme", SPLIT_NAME)
    wb.save(path)
    return plan


# --- reading the outputs ------------------------------------------------------------------


def read_table(report: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(report / "tables" / f"{name}.csv", dtype="string", keep_default_na=False,
                       na_values=[""])


def plain(fragment: str) -> str:
    """HTML without tags, unescaped, whitespace collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def measure_card(page: str, measure_id: str) -> str | None:
    """The text of a measure's card in the HTML report (None when it has none)."""
    from pinneberg_analysis.report.fields_view import slug

    start = page.find(f'<div class="measure" id="{slug(measure_id, "massnahme")}"')
    if start < 0:
        return None
    ends = [page.find('<div class="measure"', start + 1), page.find("</article>", start)]
    return plain(page[start : min([e for e in ends if e > 0], default=len(page))])


def html_section(page: str, anchor: str) -> str:
    start = page.index(f'<section id="{anchor}"')
    return plain(page[start : page.index("</section>", start)])


def protocol(report: Path) -> pd.DataFrame:
    """The "Protokoll" sheet of a report's review workbook."""
    ws = load_workbook(report / "review.xlsx", read_only=True)["Protokoll"]
    rows = list(ws.iter_rows(values_only=True))
    return pd.DataFrame([r for r in rows[1:] if r[0] is not None], columns=rows[0])


def overview_text(report: Path) -> str:
    """The "Übersicht" sheet of a report's review workbook as one string."""
    ws = load_workbook(report / "review.xlsx", read_only=True)["Übersicht"]
    return " ".join(str(v) for row in ws.iter_rows(values_only=True) for v in row if v)


def measure_of(contributions: pd.DataFrame) -> dict[str, str]:
    return dict(zip(contributions["contribution_id"], contributions["measure_id"], strict=True))


def problems_of(stderr: str) -> list[tuple[str, int, str, str]]:
    """(sheet, row, column, whole message) of each problem the CLI printed.

    The console wraps long lines, so whitespace is collapsed first.
    """
    text = " ".join(stderr.split())
    pattern = re.compile(
        r"- Blatt „([^“]+)“, Zeile (\d+), Spalte „([^“]+)“ \([A-Z]+\): (.*?So beheben: .*?)"
        r"(?= - Blatt „|$)"
    )
    return [(s, int(r), c, m) for s, r, c, m in pattern.findall(text)]


# --- the runs -----------------------------------------------------------------------------


def start_cli(*args: str) -> subprocess.Popen:
    """``pinneberg-analysis ARGS`` started in the background (for runs in parallel)."""
    return subprocess.Popen(
        [sys.executable, "-m", "pinneberg_analysis", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(proc: subprocess.Popen) -> subprocess.CompletedProcess:
    out, err = proc.communicate(timeout=600)
    run = subprocess.CompletedProcess(proc.args, proc.returncode, out, err)
    assert run.returncode == 0, f"{' '.join(map(str, proc.args))} failed:\n{out}\n{err}"
    return run


@dataclass
class Flow:
    root: Path
    inputs: Path
    report: Path  # R1: the first report, later replaced by the second
    blank: Path  # the first report's workbook, unfilled
    decisions: Path
    first_contributions: pd.DataFrame
    first_measures: pd.DataFrame
    plan: Plan
    apply: subprocess.CompletedProcess


@pytest.fixture(scope="module")
def review_flow(tmp_path_factory) -> Flow:
    """Steps 1-3: report, fill in the workbook, review apply."""
    root = tmp_path_factory.mktemp("review_e2e")
    inputs = root / "daten"
    shutil.copytree(SAMPLE, inputs)
    report = root / "R1"
    run_cli("report", str(inputs), "--out", str(report), "--seed", "42")
    blank = root / "review-leer.xlsx"
    shutil.copy(report / "review.xlsx", blank)
    first_contributions = read_table(report, "contributions")
    first_measures = read_table(report, "measures")
    plan = fill_in(report / "review.xlsx")
    shutil.copy(report / "review.xlsx", root / "review-ausgefuellt.xlsx")
    decisions = root / "entscheidungen.yaml"
    apply = run_cli("review", "apply", str(report / "review.xlsx"), "--decisions", str(decisions))
    return Flow(root, inputs, report, blank, decisions, first_contributions, first_measures,
                plan, apply)


@dataclass
class Second:
    run: subprocess.CompletedProcess
    measures: pd.DataFrame
    contributions: pd.DataFrame
    page: str


def _load(report: Path, run: subprocess.CompletedProcess) -> Second:
    return Second(run, read_table(report, "measures"), read_table(report, "contributions"),
                  (report / "index.html").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def review_second(review_flow) -> Second:
    """Step 4: the report again, into the same folder, with the decisions."""
    f = review_flow
    run = run_cli("report", str(f.inputs), "--out", str(f.report), "--seed", "42",
                  "--decisions", str(f.decisions))
    return _load(f.report, run)


@dataclass
class Later:
    added: Second  # step 5: with new contributions
    added_rows: dict[str, str]  # contribution text -> what it is about ("renamed" | "new")
    reseeded: Second  # step 6: seed 7


def _append_online_rows(inputs: Path, rows: list[list[str]]) -> None:
    """Append rows to the online export as the platform writes it: cp1252, ';', CRLF."""
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";", lineterminator="\r\n").writerows(rows)
    with open(inputs / ONLINE, "ab") as handle:
        handle.write(buffer.getvalue().encode("cp1252", errors="replace"))


@pytest.fixture(scope="module")
def review_later(review_flow, review_second) -> Later:
    """Steps 5 and 6, run in parallel: new contributions; another seed."""
    f = review_flow
    renamed = review_second.measures.set_index("measure_id").loc[f.plan.rename]
    example = str(renamed["representatives"]).split("\n")[0]
    renamed_text = f"Noch einmal, weil es so wichtig ist: {example}"
    dogs = [
        "Eine eingezäunte Hundeauslaufwiese mit Wasserstelle und Kotbeutelspender im Stadtpark",
        "Bitte eine Hundewiese zum Toben: eingezäunte Freilauffläche für Hunde mit Trinkstelle",
    ]
    inputs = f.root / "daten-neu"
    shutil.copytree(f.inputs, inputs)
    _append_online_rows(
        inputs,
        [
            ["990", str(f.plan.rename_old), renamed_text, MOB, "4", "28.06.2022", "Bürger/in", ""],
            ["991", "Hundewiese", dogs[0], "Lebens- & Wohnumfeld", "5", "28.06.2022", "", ""],
            ["992", "Freilauf für Hunde", dogs[1], "Wohnen & Gesundheit", "2", "29.06.2022",
             "Verein", "Waldenau"],
        ],
    )
    # The previous assignments reach a run only through its --out folder (read_previous),
    # and only a folder written by the report may be replaced: so each run gets a copy.
    added_out, reseeded_out = f.root / "R-neu", f.root / "R-seed7"
    shutil.copytree(f.report, added_out)
    shutil.copytree(f.report, reseeded_out)
    added = start_cli("report", str(inputs), "--out", str(added_out), "--seed", "42",
                      "--decisions", str(f.decisions))
    reseeded = start_cli("report", str(f.inputs), "--out", str(reseeded_out), "--seed", "7",
                         "--decisions", str(f.decisions))
    added_run, reseeded_run = finish(added), finish(reseeded)
    return Later(
        added=_load(added_out, added_run),
        added_rows={renamed_text: "renamed", dogs[0]: "new", dogs[1]: "new"},
        reseeded=_load(reseeded_out, reseeded_run),
    )


# --- the report reads what the curate stage writes (fast, no CLI) -------------------------


def test_report_shows_the_curate_log_and_notes():
    from pinneberg_analysis.curate.apply import apply_decisions
    from pinneberg_analysis.curate.decisions import Decision
    from pinneberg_analysis.report.decision_tables import (
        decision_tables,
        measure_notes,
        rejected_table,
    )

    c = pd.DataFrame({"contribution_id": ["C-1", "C-2", "C-3", "C-4"],
                      "measure_id": ["M-1", "M-1", "M-2", "M-3"], "field": [MOB] * 3 + [WIR],
                      "text": ["Radweg", "Radwege", "Fahrradweg", "Glasfaser"]})
    m = pd.DataFrame({"measure_id": ["M-1", "M-2", "M-3"], "field": [MOB, MOB, WIR],
                      "label": ["Radweg", "Fahrradweg", "Glasfaser"], "n_contributions": [2, 1, 1]})
    cur = apply_decisions(c, m, decisions=[
        Decision(id="D-0001", kind="rename", target="M-1", value=NEW_NAME),
        Decision(id="D-0002", kind="merge", target="M-2", value="M-1"),
        Decision(id="D-0003", kind="reject", target="M-3", value=REASON),
        Decision(id="D-0004", kind="rename", target="M-9", value="weg"),
    ])
    applied, failed = decision_tables(cur.log)
    assert [r[:4] for r in applied.rows] == [
        ["D-0001", "Umbenennen", "M-1", ""],
        ["D-0002", "Zusammenführen", "M-2", "M-1"],
        ["D-0003", "Ablehnen", "M-3", ""],
    ]
    assert applied.rows[2][4] == REASON
    assert [r[:3] for r in failed.rows] == [["D-0004", "Umbenennen", "M-9"]]
    notes = measure_notes(cur.measures, cur.log)
    assert sorted(notes) == ["M-1", "M-3"]
    assert "umbenannt" in notes["M-1"][0] and "zusammengeführt aus M-2" in notes["M-1"][0]
    assert REASON in notes["M-3"][0]
    assert rejected_table(cur.measures, cur.log).rows == [["Glasfaser", "M-3", WIR, REASON]]


def test_files_the_user_keeps_in_the_report_folder_survive_a_rerun(report_result, tmp_path):
    """E.g. ``--decisions bericht/entscheidungen.yaml``: the re-run must not delete it."""
    from pinneberg_analysis.report import write_report

    out = tmp_path / "bericht"
    write_report(report_result, out)
    (out / "entscheidungen.yaml").write_text("format: 1\ndecisions: []\n", encoding="utf-8")
    (out / "notizen").mkdir()
    (out / "notizen" / "sitzung.txt").write_text("2. Mai", encoding="utf-8")
    (out / "tables" / "alt.csv").write_text("x", encoding="utf-8")
    write_report(report_result, out)
    assert (out / "entscheidungen.yaml").read_text(encoding="utf-8").startswith("format: 1")
    assert (out / "notizen" / "sitzung.txt").read_text(encoding="utf-8") == "2. Mai"
    assert not (out / "tables" / "alt.csv").exists()  # the report's own folders are replaced
    assert not list(tmp_path.glob(".bericht.*"))


# --- step 3: review apply -----------------------------------------------------------------


def test_review_apply_writes_the_decisions_file(review_flow):
    f, p = review_flow, review_flow.plan
    assert f.apply.returncode == 0
    assert "6 Entscheidung(en) hinzugefügt" in " ".join(f.apply.stdout.split())
    data = yaml.safe_load(f.decisions.read_text(encoding="utf-8"))
    by_kind = {d["kind"]: d for d in data["decisions"]}
    assert sorted(by_kind) == sorted(
        ["rename", "comment", "merge", "reject", "move_contribution", "split"]
    )
    assert [d["id"] for d in data["decisions"]] == [f"D-{i:04d}" for i in range(1, 7)]
    assert (by_kind["rename"]["target"], by_kind["rename"]["value"]) == (p.rename, NEW_NAME)
    assert by_kind["rename"]["target_label"] == p.rename_old
    assert (by_kind["merge"]["target"], by_kind["merge"]["value"]) == (p.merge_src, p.merge_dst)
    assert (by_kind["reject"]["target"], by_kind["reject"]["value"]) == (p.reject, REASON)
    move = by_kind["move_contribution"]
    assert (move["target"], move["value"], move["from_measure"]) == (
        p.move_cid, p.move_to, p.move_from
    )
    split = by_kind["split"]
    assert (split["target"], sorted(split["contributions"]), split["label"]) == (
        p.split_from, p.split_cids, SPLIT_NAME
    )
    assert by_kind["comment"]["comment"] == COMMENT
    # each decision carries the identity snapshot of its measure
    members = f.first_contributions.groupby("measure_id")["contribution_id"].apply(sorted)
    assert by_kind["rename"]["target_members"] == members[p.rename]
    assert by_kind["merge"]["value_members"] == members[p.merge_dst]


def test_applying_the_same_workbook_twice_changes_nothing(review_flow):
    f = review_flow
    before = f.decisions.read_bytes()
    run = run_cli("review", "apply", str(f.root / "review-ausgefuellt.xlsx"), "--decisions",
                  str(f.decisions))
    assert "0 Entscheidung(en) hinzugefügt" in " ".join(run.stdout.split())
    assert "6 schon vorhanden" in " ".join(run.stdout.split())
    assert f.decisions.read_bytes() == before


# --- step 4: the second report shows every decision ---------------------------------------


def test_second_report_tables_show_every_decision(review_flow, review_second):
    p, s = review_flow.plan, review_second
    m = s.measures.set_index("measure_id")
    assert m.loc[p.rename, "label"] == NEW_NAME
    assert m.loc[p.rename, "label_proposed"] == p.rename_old
    assert "umbenannt" in m.loc[p.rename, "review_note"]
    # merged: the source is gone, its contributions are in the target
    assert p.merge_src not in m.index
    merged = review_flow.first_contributions.query("measure_id == @p.merge_src")
    now = measure_of(s.contributions)
    assert len(merged) >= 2
    assert {now[c] for c in merged["contribution_id"]} == {p.merge_dst}
    assert p.merge_src in m.loc[p.merge_dst, "review_note"]
    old_n = review_flow.first_measures.set_index("measure_id")["n_contributions"].astype(int)
    assert int(m.loc[p.merge_dst, "n_contributions"]) == old_n[p.merge_src] + old_n[p.merge_dst]
    # rejected: kept with its reason, but not ranked
    assert m.loc[p.reject, "status"] == "abgelehnt"
    assert REASON in m.loc[p.reject, "review_note"]
    assert pd.isna(m.loc[p.reject, "rank"]) and pd.isna(m.loc[p.reject, "field_rank"])
    assert (m.drop(index=p.reject)["status"] == "aktiv").all()
    assert m.drop(index=p.reject)["rank"].notna().all()
    # the moved contribution
    c = s.contributions.set_index("contribution_id")
    assert c.loc[p.move_cid, "measure_id"] == p.move_to
    assert c.loc[p.move_cid, "cluster_measure_id"] == p.move_from
    assert "verschoben" in c.loc[p.move_cid, "review_note"]
    # the split: a new measure with the given name holds exactly the marked contributions
    new_id = c.loc[p.split_cids[0], "measure_id"]
    assert new_id not in review_flow.first_measures["measure_id"].tolist()
    assert sorted(s.contributions.query("measure_id == @new_id")["contribution_id"]) == p.split_cids
    assert m.loc[new_id, "label"] == SPLIT_NAME
    assert p.split_from in m.loc[new_id, "review_note"]
    # every measure the authors did not touch keeps its id and label
    first = review_flow.first_measures.set_index("measure_id")["label"]
    untouched = set(first.index) - {p.rename, p.merge_src}
    assert (m.loc[sorted(untouched), "label"] == first[sorted(untouched)]).all()


def test_second_report_html_shows_every_decision(review_flow, review_second):
    p, page = review_flow.plan, review_second.page
    renamed = measure_card(page, p.rename)
    assert renamed is not None and NEW_NAME in renamed and "umbenannt" in renamed
    assert measure_card(page, p.merge_src) is None
    target = measure_card(page, p.merge_dst)
    assert target is not None and "zusammengeführt" in target and p.merge_src in target
    rejected = measure_card(page, p.reject)
    assert rejected is not None and "abgelehnt" in rejected and REASON in rejected
    assert not re.search(r"\bRang\b", rejected.split(p.reject)[0])  # shown without a rank
    review = html_section(page, "review")
    for decision in ("D-0001", "D-0002", "D-0003", "D-0004", "D-0005", "D-0006"):
        assert decision in review
    for kind in ("Umbenennen", "Zusammenführen", "Ablehnen", "Beitrag verschieben"):
        assert kind in review, kind
    assert "Abgelehnte Maßnahmen" in review
    assert p.reject_label in review and REASON in review
    assert "Alle Entscheidungen konnten angewendet werden." in review
    assert "(geändert)" not in review  # every kind has its own German name
    # the new name is escaped, never raw markup
    assert "„Lastenräder“ &amp; Co." in page


def test_second_workbook_protocol_lists_the_decisions(review_flow, review_second):
    p = review_flow.plan
    log = protocol(review_flow.report)
    assert log["Entscheidung"].tolist() == [f"D-{i:04d}" for i in range(1, 7)]
    assert set(log["Status"]) == {"angewendet"}
    by_target = log.set_index("Ziel")
    assert by_target.loc[p.rename, "Wert"] == NEW_NAME
    assert by_target.loc[p.reject, "Wert"] == REASON
    assert by_target.loc[p.merge_src, "Wert"] == p.merge_dst
    assert by_target.loc[p.move_cid, "Wert"] == p.move_to
    # the new workbook offers the curated measures: the merged one is gone, the rename shown
    wb = load_workbook(review_flow.report / "review.xlsx")
    ids = {r["ID"]: r for name in (MOB, VER) for r in sheet_rows(field_sheet(wb, name))}
    assert p.merge_src not in ids
    assert ids[p.rename]["Bezeichnung"] == NEW_NAME
    assert "umbenannt" in ids[p.rename]["Review-Vermerk"]


# --- steps 5 and 6: later runs ------------------------------------------------------------


def assert_decisions_hold(flow: Flow, run: Second, second: Second) -> None:
    """Every decision is applied again to the measure it named."""
    p = flow.plan
    out = " ".join((run.run.stdout + run.run.stderr).split())
    assert "nicht anwendbar" not in out
    assert "Alle Entscheidungen konnten angewendet werden." in html_section(run.page, "review")
    m = run.measures.set_index("measure_id")
    assert m.loc[p.rename, "label"] == NEW_NAME
    assert p.merge_src not in m.index and p.merge_dst in m.index
    assert m.loc[p.reject, "status"] == "abgelehnt" and pd.isna(m.loc[p.reject, "rank"])
    now = measure_of(run.contributions)
    merged = flow.first_contributions.query("measure_id == @p.merge_src")["contribution_id"]
    assert {now[c] for c in merged} == {p.merge_dst}
    assert now[p.move_cid] == p.move_to
    split_id = measure_of(second.contributions)[p.split_cids[0]]
    assert {now[c] for c in p.split_cids} == {split_id}
    assert m.loc[split_id, "label"] == SPLIT_NAME
    assert m.loc[p.comment, "label"] == second.measures.set_index("measure_id").loc[
        p.comment, "label"
    ]


def test_new_contributions_keep_the_decisions(review_flow, review_second, review_later):
    f = review_flow
    run = review_later.added
    assert_decisions_hold(f, run, review_second)
    log = protocol(f.root / "R-neu")
    assert set(log["Status"]) == {"angewendet"} and len(log) == 6
    c = run.contributions
    new = c[~c["contribution_id"].isin(f.first_contributions["contribution_id"])]
    assert len(new) == 3 and (new["source_file"] == ONLINE.as_posix()).all()
    about = new["text"].map(review_later.added_rows)
    assert about.notna().all(), "the new rows must be read with their text unchanged"
    # the one about the renamed measure's topic joins it; the new topic forms a new measure
    assert new.loc[about == "renamed", "measure_id"].tolist() == [f.plan.rename]
    dogs = set(new.loc[about == "new", "measure_id"])
    assert len(dogs) == 1, "two paraphrases of one new idea should form one measure"
    assert not dogs & set(review_second.measures["measure_id"])
    m = run.measures.set_index("measure_id")
    assert m.loc[next(iter(dogs)), "field"] == LEB
    assert int(m.loc[f.plan.rename, "n_contributions"]) == int(
        review_second.measures.set_index("measure_id").loc[f.plan.rename, "n_contributions"]
    ) + 1


def test_another_seed_keeps_the_decisions(review_flow, review_second, review_later):
    run = review_later.reseeded
    assert_decisions_hold(review_flow, run, review_second)
    log = protocol(review_flow.root / "R-seed7")
    assert set(log["Status"]) == {"angewendet"} and len(log) == 6
    assert "Seed 7" in overview_text(review_flow.root / "R-seed7")



# --- step 7: invalid entries ---------------------------------------------------------------


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_invalid_entries_are_refused_with_sheet_row_and_column(review_flow, tmp_path):
    f = review_flow
    workbook = tmp_path / "review-fehler.xlsx"
    shutil.copy(f.blank, workbook)
    wb = load_workbook(workbook)
    mob, wir = field_sheet(wb, MOB), field_sheet(wb, WIR)
    m, w = measures_by_size(mob), measures_by_size(wir)
    put(mob, m[0]["_row"], "Zusammenführen mit (ID)", "M-00000000")  # unknown id
    put(mob, m[1]["_row"], "In Feld verschieben", "Tourismus")  # unknown field
    put(wir, w[0]["_row"], "Zusammenführen mit (ID)", w[1]["ID"])  # a cycle ...
    put(wir, w[1]["_row"], "Zusammenführen mit (ID)", w[0]["ID"])  # ... of two rows
    put(wir, w[2]["_row"], "Ablehnen (Grund)", "x")  # no reason
    move = wb["Beiträge verschieben"]
    row = sheet_rows(move)[3]
    put(move, row["_row"], "Neues Feld", "Tourismus")  # unknown field for a contribution
    wb.save(workbook)
    expected = {
        (mob.title, m[0]["_row"], "Zusammenführen mit (ID)"),
        (mob.title, m[1]["_row"], "In Feld verschieben"),
        (wir.title, w[0]["_row"], "Zusammenführen mit (ID)"),
        (wir.title, w[1]["_row"], "Zusammenführen mit (ID)"),
        (wir.title, w[2]["_row"], "Ablehnen (Grund)"),
        (move.title, row["_row"], "Neues Feld"),
    }
    before = _digest(f.decisions)
    run = run_cli("review", "apply", str(workbook), "--decisions", str(f.decisions), check=False)
    assert run.returncode != 0
    assert "Traceback" not in run.stderr + run.stdout
    assert "nichts wurde gespeichert" in " ".join(run.stderr.split())
    problems = problems_of(run.stderr)
    assert {(s, r, c) for s, r, c, _ in problems} == expected
    assert len(problems) == len(expected), "one message per problem"
    text = {(s, r, c): msg for s, r, c, msg in problems}
    assert "M-00000000" in text[(mob.title, m[0]["_row"], "Zusammenführen mit (ID)")]
    assert "Zusammenführung im Kreis" in text[(wir.title, w[0]["_row"], "Zusammenführen mit (ID)")]
    assert "Tourismus" in text[(mob.title, m[1]["_row"], "In Feld verschieben")]
    assert "'x' ist kein Grund" in text[(wir.title, w[2]["_row"], "Ablehnen (Grund)")]
    assert _digest(f.decisions) == before


def test_a_merge_cycle_with_a_stored_decision_is_refused(review_flow, tmp_path):
    """Merging the merge target back into the stored merge's source closes a circle."""
    f, p = review_flow, review_flow.plan
    workbook = tmp_path / "review-kreis.xlsx"
    shutil.copy(f.blank, workbook)
    wb = load_workbook(workbook)
    ver = field_sheet(wb, VER)
    row = next(r for r in sheet_rows(ver) if r["ID"] == p.merge_dst)
    put(ver, row["_row"], "Zusammenführen mit (ID)", p.merge_src)
    wb.save(workbook)
    before = _digest(f.decisions)
    run = run_cli("review", "apply", str(workbook), "--decisions", str(f.decisions), check=False)
    message = " ".join(run.stderr.split())
    assert run.returncode != 0 and "Traceback" not in message
    assert "Zusammenführung im Kreis" in message and "nichts wurde gespeichert" in message
    assert f"Blatt '{ver.title}', Zeile {row['_row']}" in message  # the new entry ...
    assert "Zusammenführen mit (ID)" in message  # ... and the column to clear
    assert _digest(f.decisions) == before
