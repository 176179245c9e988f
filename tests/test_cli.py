"""The CLI as a user meets it: every command has help text and is in the README."""

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
