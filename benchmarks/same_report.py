"""Is the sample report byte-identical to the one an earlier revision writes?

A refactoring must not change what users receive. This script writes the report of the same
inputs twice, once with the package of ``--ref`` (checked out into a temporary git worktree)
and once with the package of this checkout, both from this checkout's folder and with this
environment's packages, and compares every file byte for byte.

Usage::

    .venv/bin/python benchmarks/same_report.py --ref b224ce6 [--data data/sample]

Prints one line per file and exits 1 when any file differs or exists on one side only.
"""

from __future__ import annotations

import argparse
import filecmp
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def write_report(package_root: Path, data: str, out: Path) -> None:
    """Run ``pinneberg-analysis report`` with the package found in ``package_root``."""
    env = {**os.environ, "PYTHONPATH": str(package_root)}
    code = "from pinneberg_analysis.cli import app; app()"
    subprocess.run([sys.executable, "-c", code, "report", data, "--out", str(out)],
                   cwd=ROOT, env=env, check=True, capture_output=True)


def compare(before: Path, after: Path) -> list[tuple[str, str]]:
    """``(relative path, verdict)`` for every file of both folders."""
    files = sorted({p.relative_to(before) for p in before.rglob("*") if p.is_file()}
                   | {p.relative_to(after) for p in after.rglob("*") if p.is_file()})
    verdicts = []
    for rel in files:
        a, b = before / rel, after / rel
        if not a.exists() or not b.exists():
            verdicts.append((str(rel), "only after" if b.exists() else "only before"))
        else:
            verdicts.append((str(rel), "identical" if filecmp.cmp(a, b, shallow=False) else "DIFFERENT"))
    return verdicts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ref", required=True, help="the revision to compare with")
    parser.add_argument("--data", default="data/sample", help="inputs, relative to the repository")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tree = Path(tmp) / "ref"
        subprocess.run(["git", "worktree", "add", "--detach", str(tree), args.ref], cwd=ROOT,
                       check=True, capture_output=True)
        try:
            write_report(tree, args.data, Path(tmp) / "before")
            write_report(ROOT, args.data, Path(tmp) / "after")
            verdicts = compare(Path(tmp) / "before", Path(tmp) / "after")
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(tree)], cwd=ROOT,
                           check=False, capture_output=True)
    for rel, verdict in verdicts:
        print(f"{verdict:12} {rel}")
    same = sum(v == "identical" for _, v in verdicts)
    print(f"{same} of {len(verdicts)} files identical (ref {args.ref}, inputs {args.data})")
    return 0 if same == len(verdicts) else 1


if __name__ == "__main__":
    sys.exit(main())
