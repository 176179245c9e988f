"""Speed of ``ingest.load`` on large synthetic inputs, as ratios to plain library reads.

Not run in CI. Usage::

    .venv/bin/python benchmarks/bench_ingest.py [--rows 20000]

Baselines run in the same process on the same files: ``pandas.read_csv`` for the CSV
(no header search, no typing, no validation), openpyxl's read-only iteration for the
XLSX, and ``str.splitlines`` + a regex for the Markdown notes.
"""

from __future__ import annotations

import argparse
import platform
import re
import tempfile
import time
import tracemalloc
from pathlib import Path

import pandas as pd
from openpyxl import Workbook, load_workbook

from pinneberg_analysis.ingest import load

FIELDS = ["Mobilität", "Wirtschaft / Handel", "Verwaltung", "Lebens- & Wohnumfeld",
          "Bildung & Kultur"]


def make_inputs(folder: Path, rows: int) -> dict[str, Path]:
    csv_path = folder / "online.csv"
    lines = ["Export Ideenplattform;;;;;;;", "",
             "Lfd. Nr.;Titel;Beschreibung;Handlungsfeld;Unterstützungen;Datum;Ich bin ...;"
             "Stadtteil"]
    for i in range(rows):
        lines.append(f"{i};Idee {i};Eine Beschreibung der Idee Nummer {i} mit etwas Text, "
                     f"damit sie realistisch lang ist;{FIELDS[i % 5]};{i % 30};"
                     f"{1 + i % 28:02d}.05.2022;Bürger/in;Thesdorf")
    csv_path.write_bytes("\r\n".join(lines).encode("cp1252"))

    md_path = folder / "mobilitaet-runde-1.md"
    md = ["# Workshop Mobilität – Runde 1 (03.05.2022)", "", "## Ideen"]
    for i in range(rows):
        md.append(f"- Idee {i} für besseren Radverkehr in der Innenstadt (+{i % 9})")
        if i % 5 == 0:
            md.append("    - ein Detail dazu")
    md_path.write_text("\n".join(md), encoding="utf-8")

    xlsx_path = folder / "forum.xlsx"
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Mobilität")
    ws.append(["Bürgerforum"])
    ws.append(["Nr.", "Idee", "Punkte", "Bemerkung"])
    for i in range(rows):
        ws.append([i, f"Idee {i} zur Mobilität in Pinneberg", i % 15, None])
    wb.save(xlsx_path)
    return {"csv": csv_path, "md": md_path, "xlsx": xlsx_path}


def baseline(kind: str, path: Path) -> int:
    if kind == "csv":
        return len(pd.read_csv(path, sep=";", encoding="cp1252", skiprows=2, dtype=str))
    if kind == "xlsx":
        wb = load_workbook(path, read_only=True, data_only=True)
        n = sum(1 for ws in wb.worksheets for _ in ws.iter_rows(values_only=True))
        wb.close()
        return n
    item = re.compile(r"^\s*[-*]\s+\S")
    return sum(1 for line in path.read_text(encoding="utf-8").splitlines() if item.match(line))


def timed(fn, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000)
    args = parser.parse_args()
    print(f"machine: {platform.machine()} {platform.processor() or ''} python "
          f"{platform.python_version()}, pandas {pd.__version__}; rows per file: {args.rows}")
    with tempfile.TemporaryDirectory() as tmp:
        paths = make_inputs(Path(tmp), args.rows)
        print("| input | load() s | baseline s | ratio | rows/s (load) | peak MB (load) |")
        print("|---|---|---|---|---|---|")
        for kind, path in paths.items():
            base = timed(lambda k=kind, p=path: baseline(k, p))
            result = load(path)
            assert len(result.contributions) == args.rows, kind
            took = timed(lambda p=path: load(p))
            tracemalloc.start()
            load(path)
            peak = tracemalloc.get_traced_memory()[1] / 1e6
            tracemalloc.stop()
            print(f"| {kind} | {took:.2f} | {base:.2f} | {took / base:.1f}x | "
                  f"{args.rows / took:,.0f} | {peak:.0f} |")


if __name__ == "__main__":
    main()
