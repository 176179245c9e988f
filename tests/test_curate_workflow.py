"""The review loop as strategy authors use it, across several runs.

Report → fill in the workbook → ``review apply`` → report again (every decision visible)
→ a second workbook adds to the decisions → re-runs with new contributions and with a
changed seed: the decisions still hold for what they named, and new contributions join
measures or form new ones.
"""

import hashlib
from pathlib import Path

import pandas as pd
import yaml
from openpyxl import load_workbook

from pinneberg_analysis.core.export import write_csv
from pinneberg_analysis.core.result import AnalysisResult
from pinneberg_analysis.curate.apply import APPLIED, NOT_APPLICABLE, apply_decisions
from pinneberg_analysis.curate.decisions import load_decisions
from pinneberg_analysis.curate.identity import read_previous
from pinneberg_analysis.review import apply_workbook, write_review_workbook

ASSETS = Path(__file__).parent / "assets" / "review"


def sample():
    def read(name):
        return pd.read_csv(ASSETS / name, dtype="string", keep_default_na=False, na_values=[""])

    return read("contributions.csv"), read("measures.csv")


def cluster(contributions, groups, seed):
    """Stand-in for the clustering: provisional ids that change with seed and members."""
    _, fixture = sample()
    fixture = fixture.set_index("measure_id")
    c = contributions.copy()
    rows = []
    for key, members in groups.items():
        pid = "M-" + hashlib.sha1(f"{seed}:{sorted(members)}".encode()).hexdigest()[:8]
        c.loc[c["contribution_id"].isin(members), "measure_id"] = pid
        base = fixture.loc[key]
        texts = c.set_index("contribution_id").loc[members[:2], "text"]
        rows.append({"measure_id": pid, "theme_id": base["theme_id"], "field": base["field"],
                     "fields": base["field"], "label": base["label"],
                     "keywords": base["keywords"], "n_contributions": len(members),
                     "is_single": len(members) == 1, "representatives": "\n".join(texts),
                     "representative_ids": ";".join(members[:2])})
    c["theme_id"] = c["measure_id"].map({r["measure_id"]: r["theme_id"] for r in rows})
    m = pd.DataFrame(rows)
    m["n_contributions"] = m["n_contributions"].astype("Int64")
    return c, m


def base_groups(contributions):
    groups = {}
    for cid, mid in zip(contributions["contribution_id"], contributions["measure_id"], strict=True):
        groups.setdefault(mid, []).append(cid)
    return groups


def run(contributions, groups, seed, report, decisions=None):
    """One 'report' run: cluster, curate, write the tables and the workbook."""
    c, m = cluster(contributions, groups, seed)
    previous = read_previous(report)
    dfile = load_decisions(decisions) if decisions else None
    cur = apply_decisions(c, m, None, dfile, previous=previous)
    result = AnalysisResult(contributions=cur.contributions, measures=cur.measures,
                            decisions_log=cur.log, parameters={"seed": seed})
    write_csv(cur.contributions, report / "tables" / "contributions.csv")
    write_review_workbook(result, report / "review.xlsx")
    return cur


def measure_of(cur, cid):
    return cur.contributions.set_index("contribution_id").loc[cid, "measure_id"]


def measure(cur, cid):
    return cur.measures.set_index("measure_id").loc[measure_of(cur, cid)]


class Author:
    """Fills in a workbook with openpyxl, row by id, column by header."""

    def __init__(self, path):
        self.path, self.wb = path, load_workbook(path)

    def enter(self, sheet, key, header, value):
        ws = self.wb[sheet]
        col = next(c.column for c in ws[1] if c.value == header)
        row = next(r[0].row for r in ws.iter_rows(min_row=2) if r[0].value == key)
        ws.cell(row=row, column=col, value=value)

    def save(self, name):
        out = self.path.with_name(name)
        self.wb.save(out)
        return out


def test_the_review_loop_across_runs(tmp_path):
    contributions, _ = sample()
    groups = base_groups(contributions)
    report, decisions = tmp_path / "bericht", tmp_path / "entscheidungen.yaml"

    # --- run 1 and the first workbook --------------------------------------------------
    r1 = run(contributions, groups, seed=1, report=report)
    rad, car, lade = (measure_of(r1, c) for c in ("C-m01", "C-m08", "C-m10"))
    antrag, bus, termin = (measure_of(r1, c) for c in ("C-v04", "C-m05", "C-v01"))
    author = Author(report / "review.xlsx")
    author.enter("Mobilität", rad, "Neuer Name", "Sichere Radwege")
    author.enter("Mobilität", lade, "Zusammenführen mit (ID)", car)
    author.enter("Mobilität", bus, "Kommentar", "mit dem HVV klären")
    author.enter("Verwaltung", antrag, "Ablehnen (Grund)", "bereits umgesetzt")
    author.enter("Beiträge verschieben", "C-m04", "Neue Maßnahme (ID)", car)
    author.enter("Beiträge verschieben", "C-v03", "Neue Maßnahme (ID)", "NEU")
    author.enter("Beiträge verschieben", "C-v03", "Name der neuen Maßnahme", "Wartemarken-App")
    first = author.save("review-runde-1.xlsx")
    dfile = apply_workbook(first, decisions, today="2024-05-02")
    assert dfile.added == [f"D-000{i}" for i in range(1, 7)]
    stored = yaml.safe_load(decisions.read_text(encoding="utf-8"))["decisions"]
    assert [d["kind"] for d in stored] == ["rename", "comment", "merge", "reject",
                                           "move_contribution", "split"]
    assert stored[0]["target"] == rad and stored[0]["target_members"] == [
        "C-m01", "C-m02", "C-m03", "C-m04"]

    # --- run 2: same inputs, the clustering numbers its measures differently ------------
    r2 = run(contributions, groups, seed=2, report=report, decisions=decisions)
    assert set(r2.log["status"]) == {APPLIED}
    assert measure(r2, "C-m01")["label"] == "Sichere Radwege"
    assert measure_of(r2, "C-m01") == rad  # stable id despite a new provisional id
    assert measure_of(r2, "C-m10") == car and measure_of(r2, "C-m04") == car
    assert "zusammengeführt aus " + lade in measure(r2, "C-m08")["review_note"]
    assert measure(r2, "C-v04")["status"] == "abgelehnt"
    split = measure(r2, "C-v03")
    assert split["label"] == "Wartemarken-App" and "abgetrennt von " + termin in split["review_note"]
    # the second workbook shows every decision
    wb = load_workbook(report / "review.xlsx")
    notes = {row[0].value: row[9].value for name in ("Mobilität", "Verwaltung")
             for row in wb[name].iter_rows(min_row=2)}
    assert "umbenannt" in notes[rad] and "zusammengeführt" in notes[car]
    assert notes[antrag] == "abgelehnt: bereits umgesetzt" and lade not in notes
    assert "abgetrennt" in notes[measure_of(r2, "C-v03")] and "geteilt" in notes[termin]

    # --- a second workbook adds to the decisions ---------------------------------------
    cowork, wlan = measure_of(r2, "C-w04"), measure_of(r2, "C-w06")
    author = Author(report / "review.xlsx")
    author.enter("Mobilität", rad, "Neuer Name", "Radwege sicher ausbauen")
    author.enter("Wirtschaft", wlan, "In Feld verschieben", "Verwaltung")
    author.enter("Wirtschaft", cowork, "Neuer Name", "Coworking am Bahnhof")
    dfile = apply_workbook(author.save("review-runde-2.xlsx"), decisions, today="2024-06-10")
    assert dfile.added == ["D-0007", "D-0008", "D-0009"] and dfile.replaced == ["D-0001"]
    assert len(load_decisions(decisions).decisions) == 8
    cowork_rename = next(d.id for d in load_decisions(decisions).decisions if d.target == cowork)

    # --- run 3a: new contributions, one joins a measure, two form a new one -------------
    new = pd.DataFrame({
        "contribution_id": ["C-n01", "C-n02", "C-n03"],
        "field": ["Mobilität"] * 3,
        "text": ["Radweg nach Thesdorf sicherer machen", "Schulwege sicherer",
                 "Lotsen an Schulwegen"],
    })
    grown = pd.concat([contributions, new], ignore_index=True)
    grown_groups = {k: list(v) for k, v in groups.items()}
    grown_groups["M-rad"].append("C-n01")
    grown_groups["M-leer"] += grown_groups.pop("M-cowork")  # the clustering dissolves M-cowork
    report_a = tmp_path / "bericht-a"
    _copy_previous(report, report_a)
    r3 = _run_with_new_cluster(grown, grown_groups, ["C-n02", "C-n03"], seed=3,
                               report=report_a, decisions=decisions)
    log = r3.log.set_index("decision_id")
    assert measure(r3, "C-n01")["label"] == "Radwege sicher ausbauen"
    assert measure_of(r3, "C-n01") == rad and measure_of(r3, "C-m10") == car
    assert measure(r3, "C-w06")["field"] == "Verwaltung"
    assert measure(r3, "C-v04")["status"] == "abgelehnt"
    assert measure(r3, "C-v03")["label"] == "Wartemarken-App"
    school = measure_of(r3, "C-n02")
    assert school == measure_of(r3, "C-n03") and school not in set(r2.measures["measure_id"])
    # the rename of the dissolved M-cowork is reported, not dropped
    assert log.loc[cowork_rename, "status"] == NOT_APPLICABLE
    assert "gibt es in diesem Lauf nicht mehr" in log.loc[cowork_rename, "reason"]
    assert set(log.drop(index=cowork_rename)["status"]) == {APPLIED}

    # --- run 3b: only the seed changes: other provisional ids, slightly other members ---
    shifted = {k: list(v) for k, v in groups.items()}
    shifted["M-bus"].remove("C-m07")
    shifted["M-termin"].append("C-m07")  # the clustering now files it elsewhere
    report_b = tmp_path / "bericht-b"
    _copy_previous(report, report_b)
    r4 = run(contributions, shifted, seed=99, report=report_b, decisions=decisions)
    assert set(r4.log["status"]) == {APPLIED}
    assert measure_of(r4, "C-m05") == bus and measure_of(r4, "C-m01") == rad
    assert measure(r4, "C-w04")["label"] == "Coworking am Bahnhof"
    assert set(r4.measures["measure_id"]) == set(r2.measures["measure_id"])


def _copy_previous(src, dst):
    (dst / "tables").mkdir(parents=True)
    (dst / "tables" / "contributions.csv").write_bytes(
        (src / "tables" / "contributions.csv").read_bytes())


def _run_with_new_cluster(contributions, groups, new_members, seed, report, decisions):
    c, m = cluster(contributions, groups, seed)
    pid = "M-" + hashlib.sha1(f"{seed}:{sorted(new_members)}".encode()).hexdigest()[:8]
    c.loc[c["contribution_id"].isin(new_members), "measure_id"] = pid
    extra = pd.DataFrame([{"measure_id": pid, "field": "Mobilität", "label": "Schulwege",
                           "n_contributions": len(new_members), "is_single": False}])
    m = pd.concat([m, extra], ignore_index=True)
    m["n_contributions"] = m["n_contributions"].astype("Int64")
    return apply_decisions(c, m, None, load_decisions(decisions), previous=read_previous(report))
