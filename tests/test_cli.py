"""The CLI as a user meets it: every command has help text and is in the README."""

import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.main import get_command

from pinneberg_analysis.cli import app

ROOT = Path(__file__).resolve().parents[1]


def _commands(group, prefix=()):
    for name, cmd in sorted(group.commands.items()):
        if hasattr(cmd, "commands"):
            yield from _commands(cmd, prefix + (name,))
        else:
            yield prefix + (name,), cmd


COMMANDS = list(_commands(get_command(app)))


@pytest.mark.parametrize("path, cmd", COMMANDS, ids=[" ".join(p) for p, _ in COMMANDS])
def test_every_command_has_help_and_is_documented(path, cmd):
    assert cmd.help and len(cmd.help) > 20, f"{' '.join(path)} has no help text"
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"pinneberg-analysis {' '.join(path)}" in readme


def test_help_runs_as_subprocess():
    run = subprocess.run(
        [sys.executable, "-m", "pinneberg_analysis", "--help"], capture_output=True, text=True
    )
    assert run.returncode == 0
    for name in ("ingest", "report", "evaluate", "review", "config"):
        assert name in run.stdout


def test_import_has_no_heavy_side_effects():
    code = (
        "import sys, pinneberg_analysis; "
        "heavy = [m for m in ('spacy', 'sklearn', 'matplotlib', 'openpyxl') if m in sys.modules]; "
        "print(','.join(heavy))"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout.strip() == ""


def test_readme_python_example_runs(monkeypatch):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("```python\n") + len("```python\n")
    code = readme[start : readme.index("```", start)]
    monkeypatch.chdir(ROOT)
    namespace: dict = {}
    exec(compile(code, "README.md", "exec"), namespace)
    assert len(namespace["ranking"]) == len(namespace["measures"])
    assert namespace["result"].config.seed == 42


ENGLISH = ("Show this message", "Usage:", "Options", "Arguments", "How to fix", "[required]",
           "<path>", "<bool>", "<list[Path]>", "<str>", "<int>", "Field of action", "Output folder")


@pytest.mark.parametrize("args", [[], ["report"], ["ingest"], ["review", "apply"],
                                  ["config", "init"], ["evaluate"]])
def test_help_is_german(args):
    run = subprocess.run(
        [sys.executable, "-m", "pinneberg_analysis", *args, "--help"],
        capture_output=True, text=True, env={"COLUMNS": "200", "PATH": "/usr/bin:/bin"},
    )
    assert run.returncode == 0, run.stderr
    text = run.stdout.replace("Usage: pinneberg-analysis", "")
    assert not [w for w in ENGLISH if w in text], text
    assert "Diese Hilfe anzeigen" in text


# English a person could still read on a bad input (CSV column names are not among them).
ENGLISH_MESSAGE = re.compile(
    r"\b(Usage|Try|How to fix|No such option|Missing argument|expected|cannot|does not exist|"
    r"the file|unsupported|accepted are|header row|invalid settings|config file|decisions file|"
    r"Extra inputs|Field required|Input should)\b"
)


def _bad_inputs(tmp: Path) -> list[list[str]]:
    folder = tmp / "eingang"
    folder.mkdir()
    (folder / "scan.pdf").write_bytes(b"%PDF-1.4 nichts")
    (folder / "ohne-kopf.csv").write_text("1;2;3\n4;5;6\n", encoding="utf-8")
    (folder / "als-csv.csv").write_bytes(b"PK\x03\x04 keine Tabelle")
    (folder / "ok.csv").write_text("Titel;Beschreibung;Handlungsfeld\nA;B;Mobilität\n;;Mobilität\n",
                                   encoding="utf-8")
    config = tmp / "kaputt.toml"
    config.write_text('[cluster]\nbakend = "tfidf"\n[rank]\nbootstrap = "viele"\n', encoding="utf-8")
    decisions = tmp / "entscheidungen.yaml"
    decisions.write_text("format: 1\ndecisions:\n- id: [D-1]\n  kind: umbenennen\n  farbe: rot\n",
                         encoding="utf-8")
    return [
        ["report", "--bogus"],
        ["report"],
        ["review", "apply"],
        ["ingest", str(folder), "--out", str(tmp / "out")],
        ["ingest", str(tmp / "gibt-es-nicht"), "--out", str(tmp / "out2")],
        ["config", "check", str(config)],
        ["report", str(folder / "ok.csv"), "--out", str(tmp / "out3"), "--decisions", str(decisions)],
    ]


def test_bad_inputs_are_answered_in_german(tmp_path):
    for args in _bad_inputs(tmp_path):
        run = subprocess.run([sys.executable, "-m", "pinneberg_analysis", *args],
                             capture_output=True, text=True, timeout=300,
                             env={"COLUMNS": "200", "PATH": "/usr/bin:/bin",
                                  "PINNEBERG_ANALYSIS_NO_CACHE": "1"})
        text = run.stdout + run.stderr
        english = ENGLISH_MESSAGE.findall(text)
        assert not english, (args, english, text)
        if run.returncode != 0 and "Aufruf:" not in text:
            assert "So beheben" in text, (args, text)
