"""The confirmation sheet "Bewertungen zuordnen", end to end through the CLI, as authors use it.

Report on the sample -> fill the sheet from the truth in ``data/sample-truth`` (each rated
name to the measure that holds most contributions of its key; the name without a key to
"keine Maßnahme") -> ``review apply`` -> report again (every rated name now reaches its
measure, by decision) -> add contributions and change the seed (the decisions still hold).
The report's counts equal the matching table's.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pandas as pd
import pytest
import yaml

from pinneberg_analysis.cluster.evaluation import codes_by_match
from conftest import ROOT, SAMPLE, run_cli

TRUTH = ROOT / "data" / "sample-truth"
SHEET = "Bewertungen zuordnen"


def _keys() -> dict[str, str | None]:
    rk = pd.read_csv(TRUTH / "ratings-key.csv", dtype=str)
    return {n: (k if isinstance(k, str) else None) for n, k in zip(rk["Maßnahme"], rk["measure"])}


def _key_counts(report: Path) -> pd.DataFrame:
    """Per (key, measure_id): how many of the key's contributions the measure holds."""
    c = pd.read_csv(report / "tables" / "contributions.csv", dtype=str, keep_default_na=False)
    c = c.assign(key=codes_by_match(c, pd.read_csv(TRUTH / "groups.csv", dtype=str)))
    return c.dropna(subset=["key"]).groupby(["key", "measure_id"]).size().rename("n").reset_index()


def _holder(counts: pd.DataFrame, key: str) -> str:
    part = counts[counts["key"] == key].sort_values(["n", "measure_id"], ascending=[False, True])
    return str(part["measure_id"].iloc[0])


def _fill(report: Path, out: Path) -> int:
    from openpyxl import load_workbook

    keys, counts = _keys(), _key_counts(report)
    wb = load_workbook(report / "review.xlsx")
    ws = wb[SHEET]
    head = {c.value: c.column for c in ws[1]}
    entries = [c.value for c in wb["_listen"]["D"][1:] if c.value]
    filled = 0
    for row in range(2, ws.max_row + 1):
        name = ws.cell(row=row, column=head["Bewerteter Name"]).value
        key = keys[name]
        entry = "keine Maßnahme" if key is None else next(
            e for e in entries if e.endswith(f"({_holder(counts, key)})"))
        ws.cell(row=row, column=head["Zuordnung (Maßnahme wählen)"], value=entry)
        filled += 1
    wb.save(out)
    return filled


def _matches(report: Path) -> pd.DataFrame:
    return pd.read_csv(report / "tables" / "rating_matches.csv", dtype=str,
                       keep_default_na=False)


def _report_counts(report: Path) -> dict[str, int]:
    html = (report / "index.html").read_text(encoding="utf-8")
    return {k: int(v) for k, v in re.findall(r'data-count="(\w+)">(\d+)<', html)}


def _check_counts(report: Path) -> None:
    m = _matches(report)
    counts = _report_counts(report)
    assert counts["names"] == len(m)
    assert counts["matched"] == int((m["status"] == "matched").sum())
    assert counts["not_matched"] == int((m["status"] != "matched").sum())
    assert counts.get("by_decision", 0) == int(((m["status"] == "matched")
                                                & (m["method"] == "decision")).sum())


def _check_all_reached(report: Path) -> None:
    m = _matches(report).set_index("measure_ref")
    counts = _key_counts(report)
    for name, key in _keys().items():
        row = m.loc[name]
        assert row["method"] == "decision", name
        if key is None:
            assert row["status"] == "unmatched" and row["measure_id"] == ""
        else:
            assert row["status"] == "matched", name
            held = counts[(counts["key"] == key) & (counts["measure_id"] == row["measure_id"])]
            assert len(held) == 1, f"{name} -> {row['measure_id']} holds none of {key}"


@pytest.fixture
def fast_config(tmp_path: Path) -> Path:
    path = tmp_path / "fast.toml"
    path.write_text("[rank]\nn_bootstrap = 20\n", encoding="utf-8")
    return path


def test_confirmation_sheet_round_trip(tmp_path: Path, fast_config: Path):
    data = tmp_path / "daten"
    shutil.copytree(SAMPLE, data)
    out = tmp_path / "bericht"
    decisions = tmp_path / "entscheidungen.yaml"
    run_cli("report", str(data), "--out", str(out), "--config", str(fast_config),
            "--seed", "42")
    _check_counts(out)
    before = _matches(out)
    assert (before["needs_review"] == "True").any()  # the unsure ones go to the authors

    filled = tmp_path / "ausgefuellt.xlsx"
    assert _fill(out, filled) == len(_keys())
    run_cli("review", "apply", str(filled), "--decisions", str(decisions))
    stored = yaml.safe_load(decisions.read_text(encoding="utf-8"))["decisions"]
    assigned = [d for d in stored if d["kind"] == "assign_rating"]
    assert len(assigned) == len(_keys())
    assert all(d.get("value_members") for d in assigned if d.get("value"))

    run_cli("report", str(data), "--out", str(out), "--config", str(fast_config),
            "--seed", "42", "--decisions", str(decisions))
    _check_all_reached(out)
    _check_counts(out)

    # New contributions arrive and the seed changes: the decisions still reach the measures.
    extra = data / "online" / "nachtrag.csv"
    extra.write_text(
        "Titel;Beschreibung;Handlungsfeld;Unterstützungen\n"
        "Mehr Radwege;Sichere Radwege an der Elmshorner Straße;Mobilität;4\n"
        "Fahrgastinfo;Anzeigen mit Echtzeit an jeder Bushaltestelle;Mobilität;2\n"
        "Bürgerbüro;Termine online buchen im Bürgerbüro;Verwaltung;3\n",
        encoding="utf-8")
    run_cli("report", str(data), "--out", str(out), "--config", str(fast_config),
            "--seed", "7", "--decisions", str(decisions))
    _check_all_reached(out)
    _check_counts(out)
    # applying the same workbook again changes nothing
    again = run_cli("review", "apply", str(filled), "--decisions", str(decisions))
    assert "0 Entscheidung(en) hinzugefügt" in again.stdout.replace("\n", " ")
