"""Issue 19, item 1: a dollar sign in a name or a criterion never reaches mathtext.

A measure renamed to "Rabatt 5$ bis 20% auf 10$-Tickets" or a ratings criterion
"Kosten in $ (% vom Budget in $)" made every later ``report`` fail in matplotlib's mathtext
parser while saving a chart.
"""

from __future__ import annotations

import pandas as pd
import pytest
import yaml
from conftest import run_cli
from matplotlib.text import Text

from pinneberg_analysis.plots import style

RENAMED = "Rabatt 5$ bis 20% auf 10$-Tickets"
CRITERION = "Kosten in $ (% vom Budget in $)"

ROWS = [
    ("Mobilität", "Busticket günstiger", "Das Busticket für Schüler soll günstiger werden"),
    ("Mobilität", "Günstigere Bustickets", "Bustickets für Schüler und Senioren günstiger machen"),
    ("Mobilität", "Busticket Rabatt", "Ein Rabatt auf das Busticket für Familien"),
    ("Mobilität", "Radweg Bahnhof", "Ein sicherer Radweg zum Bahnhof fehlt"),
    ("Mobilität", "Radwege ausbauen", "Radwege zum Bahnhof ausbauen und sicherer machen"),
    ("Mobilität", "Radweg sicher", "Der Radweg am Bahnhof ist gefährlich und zu schmal"),
]


@pytest.fixture(scope="module")
def dollar_inputs(tmp_path_factory):
    root = tmp_path_factory.mktemp("dollar")
    data = root / "daten"
    data.mkdir()
    pd.DataFrame(ROWS, columns=["Handlungsfeld", "Titel", "Beschreibung"]).to_csv(
        data / "ideen.csv", sep=";", index=False)
    first = root / "erster"
    run_cli("report", str(data), "--out", str(first), "--seed", "42")
    measures = pd.read_csv(first / "tables" / "measures.csv", dtype=str, keep_default_na=False)
    contributions = pd.read_csv(first / "tables" / "contributions.csv", dtype=str,
                                keep_default_na=False)
    target = measures.iloc[0]
    members = sorted(contributions.loc[contributions["measure_id"] == target["measure_id"],
                                       "contribution_id"])
    decisions = root / "decisions.yaml"
    decisions.write_text(yaml.safe_dump({"format": 1, "decisions": [{
        "id": "D-0001", "kind": "rename", "target": target["measure_id"], "value": RENAMED,
        "target_members": members}]}, allow_unicode=True), encoding="utf-8")
    (data / "bewertung.csv").write_text(
        f"Maßnahme;Bewerter/in;Wirkung;{CRITERION}\n"
        f"{RENAMED};FD Stadtentwicklung;4;2\n{RENAMED};FD IT;3;5\n", encoding="utf-8")
    return data, decisions, root


def test_report_with_dollar_names_and_criteria_runs(dollar_inputs):
    data, decisions, root = dollar_inputs
    out = root / "bericht"
    run = run_cli("report", str(data), "--out", str(out), "--decisions", str(decisions),
                  "--seed", "42", check=False)
    assert run.returncode == 0, run.stderr
    assert "ParseException" not in run.stderr and "Unerwarteter Fehler" not in run.stderr
    measures = pd.read_csv(out / "tables" / "measures.csv", dtype=str, keep_default_na=False)
    assert RENAMED in set(measures["label"])
    assert len(list((out / "charts").glob("*.svg"))) > 0
    # The name is drawn as written: no mathtext, so the dollar signs stay in the SVG text.
    assert any(RENAMED.split()[0] in p.read_text(encoding="utf-8")
               for p in (out / "charts").glob("*.svg")) or "Rabatt" in (
        out / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("text", [RENAMED, CRITERION, "$\\frac{1}{0}$ $", r"$\undefined{x}$",
                                  "a$b$c$d", "\\$ 100 $$"])
def test_any_text_saves_as_plain_text(text, tmp_path):
    fig, ax = style.new_axes(None, 8, 5)
    with style.house_style():
        style.set_title(ax, text)
        ax.set_xlabel(text)
        ax.set_yticks([0], [text])
        style.note(ax, text)
    ax.legend([ax.plot([0, 1])[0]], [text])
    ax.text(0, 0, text)  # outside the house style, as an analyst might
    png, svg = style.save_figure(fig, tmp_path / "chart")
    assert png.stat().st_size > 0 and svg.stat().st_size > 0
    assert not any(t.get_parse_math() for t in fig.findobj(Text))
