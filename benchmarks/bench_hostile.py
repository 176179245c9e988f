"""Hostile inputs through the CLI (issue 19): what an attacker or a careless user feeds it.

Each case runs ``pinneberg-analysis`` as a subprocess in a fresh temporary folder, with a
timeout as hang guard, and checks the outcome a user would check: the exit code, the
message (German, no "Unerwarteter Fehler"), no data lost (the user's files unchanged, every
row in the CSVs, the old report still complete). Printed: one Markdown row per case with
runs, failures, wall time and peak memory of the child (``wait4``).

Usage::

    python benchmarks/bench_hostile.py                # every case, small inputs
    python benchmarks/bench_hostile.py --big          # also 1,048,576 CSV rows (minutes)
    python benchmarks/bench_hostile.py --kills 20     # kill -9 at 20 random moments
    python benchmarks/bench_hostile.py --campaign 300 # copy-paste campaign rows (memory)
    python benchmarks/bench_hostile.py --only-limits --big --campaign 3000  # just those two
"""

from __future__ import annotations

import argparse
import hashlib
import os
import platform
import random
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent
CLI = [sys.executable, "-m", "pinneberg_analysis"]
ROWS = "Handlungsfeld;Beitrag\n" + "".join(
    f"Mobilität;Mehr Radwege am Bahnhof, Vorschlag {n}\n" for n in range(6)
) + "".join(f"Mobilität;Busse öfter fahren lassen, Idee {n}\n" for n in range(6))


@dataclass
class Run:
    code: int | None
    out: str
    err: str
    seconds: float
    peak_mb: float
    hung: bool = False


@dataclass
class Case:
    name: str
    runs: list[Run] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    def check(self, ok: bool, what: str) -> None:
        if not ok:
            self.failures.append(what)


def cli(*args: str, timeout: float = 300, kill_after: float | None = None) -> Run:
    """Run the CLI; return exit code, output, wall time and the child's own peak memory."""
    start = time.perf_counter()
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        proc = subprocess.Popen([*CLI, *args], stdout=out, stderr=err, text=True)
        limit = kill_after or timeout
        hung, status, usage = False, None, None
        while status is None:
            pid, raw, rusage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                status, usage = raw, rusage
            elif time.perf_counter() - start > limit:
                proc.send_signal(signal.SIGKILL)
                hung = kill_after is None
                _, status, usage = os.wait4(proc.pid, 0)
            else:
                time.sleep(0.05)
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Run(proc.returncode, out.read(), err.read(), time.perf_counter() - start,
                   usage.ru_maxrss / 1024, hung)


def tree(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def inputs(root: Path, text: str = ROWS) -> Path:
    data = root / "daten"
    data.mkdir(parents=True, exist_ok=True)
    (data / "ideen.csv").write_text(text, encoding="utf-8")
    return data


def n_rows(out: Path) -> int:
    return len(pd.read_csv(out / "tables" / "contributions.csv", dtype=str))


def clean(run: Run) -> bool:
    return "Unerwarteter Fehler" not in run.err and "Traceback" not in run.err and not run.hung


# --- the cases ----------------------------------------------------------------------------

def case_dollar(root: Path, case: Case) -> None:
    data = inputs(root)
    first = root / "r1"
    case.runs.append(run := cli("report", str(data), "--out", str(first)))
    case.check(run.code == 0, "first report")
    measures = pd.read_csv(first / "tables" / "measures.csv", dtype=str)
    contributions = pd.read_csv(first / "tables" / "contributions.csv", dtype=str)
    mid = measures["measure_id"].iloc[0]
    members = sorted(contributions.loc[contributions["measure_id"] == mid, "contribution_id"])
    decisions = root / "decisions.yaml"
    decisions.write_text(
        "format: 1\ndecisions:\n- id: D-0001\n  kind: rename\n  target: " + mid
        + "\n  value: 'Rabatt 5$ bis 20% auf 10$-Tickets'\n  target_members:\n"
        + "".join(f"  - {m}\n" for m in members), encoding="utf-8")
    (data / "bewertung.csv").write_text(
        "Maßnahme;Bewerter/in;Kosten in $ (% vom Budget in $)\n"
        "Rabatt 5$ bis 20% auf 10$-Tickets;FD IT;3\n", encoding="utf-8")
    case.runs.append(run := cli("report", str(data), "--out", str(root / "r2"),
                                "--decisions", str(decisions)))
    case.check(run.code == 0 and clean(run), "report with $ in a name and a criterion")


def case_special_files(root: Path, case: Case) -> None:
    data = inputs(root)
    os.mkfifo(data / "pipe.csv")
    (data / "null.csv").symlink_to("/dev/zero")
    (data / "zufall.csv").symlink_to("/dev/urandom")
    case.runs.append(run := cli("ingest", str(data), "--out", str(root / "aus"), timeout=120))
    case.check(run.code == 0 and clean(run) and n_rows(root / "aus") == 12,
               "ingest with a FIFO and device links")


def case_own_output(root: Path, case: Case) -> None:
    data = inputs(root)
    out = data / "bericht"
    counts = []
    for _ in range(2):
        case.runs.append(run := cli("report", str(data), "--out", str(out)))
        case.check(run.code == 0, "report into a folder inside the inputs")
        counts.append(n_rows(out))
    case.check(counts == [12, 12], f"contributions {counts}, expected [12, 12]")
    before = tree(data)
    case.runs.append(run := cli("ingest", str(data), "--out", str(data)))
    case.check(run.code == 1 and clean(run) and tree(data) == before, "ingest d --out d")


def case_foreign_out(root: Path, case: Case) -> None:
    data = inputs(root)
    foreign = root / "fremd"
    (foreign / "tables").mkdir(parents=True)
    (foreign / "tables" / "contributions.csv").write_text("meine Daten\n", encoding="utf-8")
    before = tree(foreign)
    for command in ("ingest", "report"):
        case.runs.append(run := cli(command, str(data), "--out", str(foreign)))
        case.check(run.code == 1 and clean(run) and tree(foreign) == before,
                   f"{command} --out a foreign folder")
    report = root / "bericht"
    case.runs.append(cli("report", str(data), "--out", str(report)))
    before = tree(report)
    case.runs.append(run := cli("ingest", str(data), "--out", str(report)))
    case.check(run.code == 1 and clean(run) and tree(report) == before,
               "ingest --out a report folder")


BAD_DECISIONS = {
    "id is a list": "format: 1\ndecisions:\n- id: [D-1, D-2]\n  kind: reject\n  target: M-a\n",
    "id is a mapping": "format: 1\ndecisions:\n- id: {a: 1}\n  kind: reject\n  target: M-a\n",
    "alias bomb": "\n".join(
        ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
        + [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 10)]
    ) + "\nformat: 1\ndecisions:\n- id: *a9\n",
    "100,000 brackets": "format: 1\ndecisions:\n- id: D-0001\n  kind: comment\n  target: "
    + "[" * 100_000 + "]" * 100_000 + "\n",
    "duplicate key": "format: 1\ndecisions:\n- id: D-0001\n  kind: merge\n  target: M-a\n"
    "  value: M-b\n  value:\n",
}


def case_decisions(root: Path, case: Case) -> None:
    data = inputs(root)
    for label, text in BAD_DECISIONS.items():
        path = root / f"{label.replace(' ', '_')}.yaml"
        path.write_text(text, encoding="utf-8")
        case.runs.append(run := cli("report", str(data), "--out", str(root / "r"),
                                    "--decisions", str(path), timeout=120))
        case.check(run.code == 1 and clean(run) and "line" in run.err
                   and path.read_text(encoding="utf-8") == text, f"decisions: {label}")


def case_greeting(root: Path, case: Case) -> None:
    text = "Handlungsfeld;Beitrag\n" + "".join(
        f"Mobilität;Radweg am Bahnhof sicherer machen {n}. Mit freundlichem Gruß Bernd Grube\n"
        for n in range(6))
    data = inputs(root, text)
    case.runs.append(run := cli("report", str(data), "--out", str(root / "r")))
    found = [p.name for p in (root / "r").rglob("*") if p.is_file()
             and p.suffix in (".csv", ".html") and "Grube" in p.read_text(encoding="utf-8")]
    case.check(run.code == 0 and not found, f"name in {found}")


def case_kills(root: Path, case: Case, kills: int) -> None:
    data = inputs(root)
    out = root / "bericht"
    case.runs.append(first := cli("report", str(data), "--out", str(out)))
    rng = random.Random(19)
    for _ in range(kills):  # moments spread over a whole run, the swap at its end included
        case.runs.append(cli("report", str(data), "--out", str(out),
                             kill_after=rng.uniform(0.5, 1.1 * first.seconds)))
        ok = (out / "index.html").is_file() and (out / ".pinneberg-report").is_file() \
            and n_rows(out) == 12
        case.check(ok, "report folder incomplete after kill -9")
    case.runs.append(run := cli("report", str(data), "--out", str(out)))
    left = [p.name for p in root.iterdir() if p.name.startswith(".bericht.")]
    case.check(run.code == 0 and left == [], f"staging folders left: {left}")


def case_big(root: Path, case: Case) -> None:
    rows = 1_048_576
    data = root / "daten"
    data.mkdir()
    with (data / "gross.csv").open("w", encoding="utf-8") as handle:
        handle.write("Handlungsfeld;Beitrag\n")
        for n in range(rows):
            handle.write(f"Mobilität;Radweg {n} am Bahnhof ausbauen\n")
    case.runs.append(run := cli("ingest", str(data), "--out", str(root / "aus"), timeout=3600))
    case.check(run.code == 0 and clean(run), "ingest of 1,048,576 rows")
    tables = root / "aus" / "tables"
    case.check(not (tables / "tables.xlsx").exists() and "Excel-Blatt" in run.err,
               "tables.xlsx skipped with a message")
    case.check(n_rows(root / "aus") == rows, "every row in contributions.csv")


def case_campaign(root: Path, case: Case, n: int) -> None:
    rng = random.Random(5)
    text = "Handlungsfeld;Beitrag\n" + "".join(
        f"Mobilität;Radweg am Bahnhof Nummer {i} Variante {rng.randint(1, 9)} ausbauen\n"
        for i in range(n))
    data = inputs(root, text)
    case.runs.append(run := cli("report", str(data), "--out", str(root / "r"), timeout=3600))
    case.check(run.code == 0 and clean(run), f"report of a {n}-row campaign")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--big", action="store_true", help="also the 1,048,576-row CSV")
    parser.add_argument("--kills", type=int, default=10, help="kill -9 runs (default 10)")
    parser.add_argument("--campaign", type=int, default=0, help="campaign rows (default off)")
    parser.add_argument("--only-limits", action="store_true",
                        help="run only --big and --campaign, not the small cases")
    args = parser.parse_args()
    cases: list[tuple[str, Callable[[Path, Case], None]]] = [
        ("$ in a measure name and a criterion (item 1)", case_dollar),
        ("FIFO, /dev/zero and /dev/urandom links (item 2)", case_special_files),
        ("report inside its input folder, twice; ingest d --out d (item 3)", case_own_output),
        ("--out a foreign folder, ingest --out a report (item 4)", case_foreign_out),
        ("broken decisions files (item 6)", case_decisions),
        ("greeting with a name (item 8)", case_greeting),
        (f"kill -9 at {args.kills} random moments, then a re-run (item 10)",
         lambda r, c: case_kills(r, c, args.kills)),
    ]
    if args.only_limits:
        cases = []
    if args.campaign:
        cases.append((f"campaign of {args.campaign} rows (item 5)",
                      lambda r, c: case_campaign(r, c, args.campaign)))
    if args.big:
        cases.append(("1,048,576-row CSV (item 9)", case_big))
    print(f"machine: {platform.machine()}, {platform.python_implementation()} "
          f"{platform.python_version()}, {platform.system()}, {os.cpu_count()} cores; "
          f"date {date.today()}")
    print("command: python benchmarks/bench_hostile.py " + " ".join(sys.argv[1:]) + "\n")
    print("| case | runs | failures | hangs | slowest run (s) | peak memory of a run (MB) |")
    print("|---|---:|---:|---:|---:|---:|")
    failed = 0
    for name, func in cases:
        case = Case(name)
        with tempfile.TemporaryDirectory(prefix="hostile-") as tmp:
            try:
                func(Path(tmp), case)
            except Exception as exc:  # noqa: BLE001 - a benchmark reports, it does not stop
                case.failures.append(f"{type(exc).__name__}: {exc}")
        hangs = sum(r.hung for r in case.runs)
        slowest = max((r.seconds for r in case.runs), default=0.0)
        peak = max((r.peak_mb for r in case.runs), default=0.0)
        print(f"| {name} | {len(case.runs)} | {len(case.failures)} | {hangs} | "
              f"{slowest:.1f} | {peak:.0f} |", flush=True)
        for failure in case.failures:
            print(f"|   ↳ {failure} | | | | | |")
        failed += bool(case.failures)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
