"""Run every benchmark script in turn (``make bench``); each prints its figures.

The figures go into ``benchmarks/RESULTS.md`` by hand, with machine, date and command.
``fuzz_readers.py`` is not run here (it runs until stopped). Pass script names to run a
subset: ``python benchmarks/run_all.py bench_rank bench_report``.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(names: list[str]) -> int:
    """Run the named benchmark scripts (all ``bench_*.py`` when none), return the exit code."""
    scripts = [HERE / f"{n.removesuffix('.py')}.py" for n in names] or sorted(HERE.glob("bench_*.py"))
    failed = []
    for script in scripts:
        print(f"\n=== {script.name} ===", flush=True)
        start = time.perf_counter()
        code = subprocess.call([sys.executable, str(script)], cwd=HERE.parent)
        print(f"=== {script.name}: exit {code}, {time.perf_counter() - start:.0f} s ===", flush=True)
        if code:
            failed.append(script.name)
    if failed:
        print("failed: " + ", ".join(failed), file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
