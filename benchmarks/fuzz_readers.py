"""Fuzz the ingest readers: any input must give rows or an InputError, and balanced counts.

Not run in CI. Coverage-guided with atheris (libFuzzer) when it is installed, otherwise a
hypothesis-driven run. One format per process, so coverage guidance stays meaningful.

Usage::

    .venv/bin/pip install atheris
    .venv/bin/python benchmarks/fuzz_readers.py --format md -- -max_total_time=180
    .venv/bin/python benchmarks/fuzz_readers.py --format xlsx --hypothesis --examples 3000

Formats: csv, md, txt, docx, xlsx, and docx-xml / xlsx-xml, where the input replaces the
main XML part (word/document.xml, xl/worksheets/sheet1.xml) of a valid file, so that the
fuzzer reaches the readers instead of stopping at the ZIP layer. Arguments after ``--``
go to libFuzzer (corpus folders, ``-max_total_time``, ``-runs``). A seed corpus of small
valid files is written to a temporary folder and used when no corpus folder is given.
Findings (exceptions other than InputError, or unbalanced counts) end the run with the
input saved by libFuzzer (in the temporary folder unless ``-artifact_prefix`` is given).
"""

from __future__ import annotations

import argparse
import atexit
import io
import sys
import tempfile
import time
import zipfile
from collections import Counter
from functools import partial
from pathlib import Path

from pinneberg_analysis.core.errors import InputError
from pinneberg_analysis.core.fields import canonical_field

STATS: Counter[str] = Counter()
TMP = Path(tempfile.mkdtemp(prefix="fuzz-ingest-"))
STARTED = time.perf_counter()


def seeds(fmt: str) -> list[bytes]:
    """Small valid inputs of one format (the fuzzer mutates them)."""
    if fmt in XML_PART:
        return [_zip_members(seeds(fmt.split("-")[0])[0])[XML_PART[fmt]]]
    if fmt == "csv":
        return [
            "Titel\n\nLfd. Nr.;Titel;Beschreibung;Handlungsfeld;Unterstützungen;Datum\n"
            '1;A;"B\nC";Mobilität;3;04.04.2022\n;;;;;\n2;;;Tourismus;x;31.02.2022\n'
            .encode("cp1252"),
            "\ufeffMaßnahme,Bewerter/in,Wirkung,Kosten\nRadnetz,FD IT,4,7\n".encode(),
            b"id\ttitle\tbody\tcategory\n1\tBike\tRacks\tMobility\n",
        ]
    if fmt in ("md", "txt"):
        return [
            "# Workshop Mobilität – Runde 1 (03.05.2022)\n\n## Ideen\n1. Radweg (+3)\n"
            "    - Detail\n* Bus [2 Punkte]\n- Laden ●●\n\n| Idee | Punkte |\n|---|---|\n"
            "| A | 3 |\n".encode(),
            "Workshop Wirtschaft, Runde 2\nvirtuell am 25.05.2022\n\nIDEEN:\n• A 3x\n"
            "   • B\n2) C [1 Punkt]\n".encode(),
        ]
    if fmt == "docx":
        from docx import Document

        doc = Document()
        doc.add_heading("Workshop Verwaltung – Runde 1", 1)
        doc.add_heading("Ideen", 2)
        doc.add_paragraph("Bürgeramt (+8)", style="List Number")
        doc.add_paragraph("Detail", style="List Bullet 2")
        table = doc.add_table(rows=2, cols=2)
        table.rows[0].cells[0].text, table.rows[0].cells[1].text = "Idee", "Punkte"
        table.rows[1].cells[0].text, table.rows[1].cells[1].text = "App", "3"
        buffer = io.BytesIO()
        doc.save(buffer)
        return [buffer.getvalue()]
    if fmt == "xlsx":
        from openpyxl import Workbook

        wb = Workbook()
        ws = wb.active
        ws.title = "Mobilität"
        ws.append(["Forum"])
        ws.append(["Nr.", "Idee", "Punkte"])
        ws.append([1, "Radweg", 3])
        ws.append([2, "Bus", "viele"])
        buffer = io.BytesIO()
        wb.save(buffer)
        return [buffer.getvalue()]
    raise SystemExit(f"unknown format {fmt}")


XML_PART = {"docx-xml": "word/document.xml", "xlsx-xml": "xl/worksheets/sheet1.xml"}


def _zip_members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def _with_part(members: dict[str, bytes], part: str, xml: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, xml if name == part else content)
    return buffer.getvalue()


def make_target(fmt: str):
    """The function called with each input: read, assemble, check the counts."""
    if fmt in XML_PART:
        inner = make_target(fmt.split("-")[0])
        members = _zip_members(seeds(fmt.split("-")[0])[0])
        part = XML_PART[fmt]
        return lambda data: inner(_with_part(members, part, data))

    from pinneberg_analysis.ingest.assemble import FileOutcome, build_tables
    from pinneberg_analysis.ingest.notes import read_notes
    from pinneberg_analysis.ingest.records import ReadOptions
    from pinneberg_analysis.ingest.spreadsheets import read_csv, read_xlsx
    from pinneberg_analysis.ingest.wordfile import read_docx

    reader = {"csv": read_csv, "md": read_notes, "txt": read_notes, "docx": read_docx,
              "xlsx": read_xlsx}[fmt]
    path = TMP / f"input.{fmt}"
    options = ReadOptions(canon=partial(canonical_field), max_bytes=5_000_000,
                          ratings_by_name=False)

    def target(data: bytes) -> None:
        STATS["inputs"] += 1
        if STATS["inputs"] % 2000 == 0:  # libFuzzer exits without running atexit handlers
            report(fmt, "running", STARTED)
        path.write_bytes(data)
        try:
            read = reader(path, path.name, options)
        except InputError:
            STATS["input_errors"] += 1
            return
        outcome = FileOutcome(path.name, fmt, "read", read=read)
        contributions, rejected, ratings, files = build_tables([outcome], options.canon, None)
        row = files.iloc[0]
        if row.n_read != row.n_accepted + row.n_rejected or row.n_rejected != len(rejected):
            raise AssertionError(f"unbalanced counts: {row.to_dict()}")
        if row.n_accepted != len(contributions) + len(ratings):
            raise AssertionError("accepted rows missing from the tables")
        STATS["read"] += 1
        STATS["rows"] += int(row.n_read)

    return target


def report(fmt: str, engine: str, started: float) -> None:
    elapsed = time.perf_counter() - started
    print(
        f"[fuzz_readers] format={fmt} engine={engine} inputs={STATS['inputs']} "
        f"read={STATS['read']} input_errors={STATS['input_errors']} rows={STATS['rows']} "
        f"seconds={elapsed:.0f}",
        file=sys.stderr, flush=True,
    )


def run_atheris(fmt: str, libfuzzer_args: list[str]) -> None:
    import atheris

    with atheris.instrument_imports(include=["pinneberg_analysis"]):
        target = make_target(fmt)
    corpus = [a for a in libfuzzer_args if not a.startswith("-")]
    if not corpus:
        seed_dir = TMP / "seeds"
        seed_dir.mkdir()
        for i, data in enumerate(seeds(fmt)):
            (seed_dir / f"seed{i}").write_bytes(data)
        libfuzzer_args = [*libfuzzer_args, str(seed_dir)]
    if not any(a.startswith("-artifact_prefix") for a in libfuzzer_args):
        libfuzzer_args = [f"-artifact_prefix={TMP}/", *libfuzzer_args]
    atheris.Setup([sys.argv[0], *libfuzzer_args], target)
    atheris.Fuzz()


def run_hypothesis(fmt: str, examples: int) -> None:
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    target = make_target(fmt)
    base = seeds(fmt)

    @settings(max_examples=examples, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(which=st.integers(0, len(base) - 1),
           edits=st.lists(st.tuples(st.floats(0, 1), st.binary(max_size=8)), max_size=6),
           cut=st.floats(0, 1))
    def mutate(which: int, edits: list[tuple[float, bytes]], cut: float) -> None:
        data = bytearray(base[which])
        for where, patch in edits:
            pos = int(where * len(data))
            data[pos:pos + len(patch)] = patch
        if cut < 0.3:
            data = data[: int(len(data) * cut / 0.3)]
        target(bytes(data))

    mutate()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--format", required=True,
                        choices=["csv", "md", "txt", "docx", "xlsx", "docx-xml", "xlsx-xml"])
    parser.add_argument("--hypothesis", action="store_true", help="skip atheris")
    parser.add_argument("--examples", type=int, default=2000)
    args, rest = parser.parse_known_args()
    rest = [a for a in rest if a != "--"]
    use_atheris = not args.hypothesis
    if use_atheris:
        try:
            import atheris  # noqa: F401
        except ImportError:
            print("atheris is not installed; using hypothesis", file=sys.stderr)
            use_atheris = False
    engine = "atheris" if use_atheris else "hypothesis"
    atexit.register(report, args.format, engine, STARTED)
    if use_atheris:
        run_atheris(args.format, rest)
    else:
        run_hypothesis(args.format, args.examples)


if __name__ == "__main__":
    main()
