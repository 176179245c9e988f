"""Write the whole report folder atomically: build it next to the target, then swap it in."""

from __future__ import annotations

import logging
import os
import shutil
from collections.abc import Sequence
from pathlib import Path

from pinneberg_analysis.core.outdir import INGEST, MARKER, REPORT, staged_folder
from pinneberg_analysis.core.result import AnalysisResult

log = logging.getLogger(__name__)

def write_report(
    result: AnalysisResult, out_dir: str | Path, *, inputs: Sequence[Path] = ()
) -> Path:
    """Write the German HTML report with its charts and tables to ``out_dir``.

    The folder is built in a temporary folder beside ``out_dir`` (same file system) and
    then swapped into place, so an interrupted or failed run never leaves a half-written
    report: either the previous report or the new one is there. Files the user put into
    an earlier report folder (e.g. the decisions file) are copied into the new one; the
    report's own outputs are replaced.

    Writes ``index.html`` (self-contained), ``report.docx`` (the same chapters for Word),
    ``charts/<name>.png|svg`` (see
    :data:`pinneberg_analysis.plots.CHART_FILES`), ``tables/*.csv`` and
    ``tables/tables.xlsx``, and the review workbook ``review.xlsx``.

    Parameters
    ----------
    result : AnalysisResult
        The tables of one run. ``result.parameters["report_date"]`` (optional) is shown
        as the report's date; nothing else in the output depends on the clock.
    out_dir : str or Path
        The report folder. It must be new, empty, or a report written earlier by this
        function; anything else is refused rather than replaced.
    inputs : sequence of Path
        The input paths as given by the user (listed in the method section with
        checksums).

    Returns
    -------
    Path
        The path of ``index.html``.

    Raises
    ------
    OutputError
        When ``out_dir`` is a file, a folder with other content or an ``ingest`` folder,
        or when the disk is full or read-only (the old folder is then left as it was).
    """
    out_dir = Path(out_dir)
    with staged_folder(out_dir, REPORT) as staging:
        _build_cached(result, staging, inputs)
        _keep_user_files(out_dir, staging)
        _remember_workbook(staging)
    log.info("report written to %s", out_dir)
    return out_dir / "index.html"


def write_ingest(result: AnalysisResult, out_dir: str | Path) -> list[Path]:
    """Write the ingestion tables to ``out_dir/tables``, replacing the folder atomically.

    Like :func:`write_report`, ``out_dir`` must be new, empty, or a folder an earlier
    ``ingest`` wrote (a report folder is refused: its tables would no longer match its
    ``index.html``); the folder is marked so that it is never read as input.

    Parameters
    ----------
    result : AnalysisResult
        A result with the ingestion tables (see ``pipeline.read_inputs``).
    out_dir : str or Path
        The output folder (``--out``).

    Returns
    -------
    list of Path
        The written table files, at their final place.

    Raises
    ------
    OutputError
        As :func:`write_report`.
    """
    from pinneberg_analysis.report.tables import write_ingest_tables

    out_dir = Path(out_dir)
    with staged_folder(out_dir, INGEST) as staging:
        written = write_ingest_tables(result, staging / "tables")
        _keep_user_files(out_dir, staging)
    return [out_dir / path.relative_to(staging) for path in written]


def _build(result: AnalysisResult, folder: Path, inputs: Sequence[Path]) -> None:
    from pinneberg_analysis.report.charts import write_charts
    from pinneberg_analysis.report.html import build_context, render_html
    from pinneberg_analysis.report.tables import build_tables, write_tables
    from pinneberg_analysis.report.word import write_docx
    from pinneberg_analysis.review import write_review_workbook

    from pinneberg_analysis.core.progress import track

    with track("Tabellen, Grafiken, Bericht und Mappe", 5) as step:
        write_tables(build_tables(result), folder / "tables")
        step.advance()
        charts = write_charts(result, folder / "charts")
        step.advance()
        context = build_context(result, charts, inputs)
        html = render_html(result, charts, inputs, context=context)
        (folder / "index.html").write_text(html, encoding="utf-8", newline="\n")
        step.advance()
        write_docx(context, charts, folder)
        step.advance()
        write_review_workbook(result, folder / "review.xlsx")
        step.advance()


def _build_cached(result: AnalysisResult, folder: Path, inputs: Sequence[Path]) -> None:
    """:func:`_build`, or the files of an earlier build of an equal result (the stage cache).

    The key holds every table and setting of ``result`` (its file table has each file's
    checksum) and each given input path with its kind, size and time (the Methodik lists
    them), so an equal key gives equal files.
    """
    from pinneberg_analysis.core.stagecache import code_fingerprint, digest, stage_cache

    store = stage_cache()
    if store is None:
        _build(result, folder, inputs)
        return
    stamps = []
    for item in inputs:
        path = Path(item)
        info = path.stat() if path.is_file() else None
        stamps.append((str(item), path.is_dir(), info and (info.st_size, info.st_mtime_ns)))
    key = digest("report", code_fingerprint(), result, stamps)
    files = store.get(key)
    if files is None:
        _build(result, folder, inputs)
        files = {str(p.relative_to(folder)): (p.read_bytes(), p.stat().st_mode & 0o777)
                 for p in sorted(folder.rglob("*")) if p.is_file()}
        store.set(key, files)
        return
    for name, (content, mode) in files.items():
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
        os.chmod(target, mode)


def _keep_filled_workbook(out_dir: Path, staging: Path) -> None:
    """Keep a review workbook that authors filled in but did not apply yet.

    The report writes a fresh ``review.xlsx`` on every run; one that holds decisions (or
    entries that are not valid decisions yet) is kept as ``review-ausgefuellt[-N].xlsx``.
    """
    from pinneberg_analysis.core.errors import DecisionError
    from pinneberg_analysis.review.reader import read_review_workbook

    old = out_dir / "review.xlsx"
    if not old.is_file():
        return
    data = old.read_bytes()
    if _written_by_a_report(data, staging):
        return  # a workbook as a report wrote it holds no entries: no need to read it
    try:
        filled = bool(read_review_workbook(old))
    except DecisionError:
        filled = True
    if not filled:
        return
    for n in range(1, 1000):
        name = "review-ausgefuellt.xlsx" if n == 1 else f"review-ausgefuellt-{n}.xlsx"
        kept = out_dir / name
        if kept.is_file() and kept.read_bytes() == data:
            return
        if not kept.exists() and not (staging / name).exists():
            (staging / name).write_bytes(data)
            log.warning(
                "%s enthält Prüfeinträge, die nicht übernommen wurden; sie bleibt als %s erhalten. "
                "So übernehmen: 'pinneberg-analysis review apply %s --decisions DATEI'.",
                old, out_dir / name, out_dir / name,
            )
            return


def _written_by_a_report(data: bytes, staging: Path) -> bool:
    """Whether ``data`` is a review workbook exactly as a report wrote it (nobody filled it in).

    True when it equals the new report's workbook, or when the stage cache remembers writing
    a workbook with this content (:func:`_remember_workbook`). Reading a large workbook
    costs more than the rest of a warm run (20 s at 10,000 contributions).
    """
    from pinneberg_analysis.core.stagecache import stage_cache

    new = staging / "review.xlsx"
    if new.is_file() and new.stat().st_size == len(data) and new.read_bytes() == data:
        return True
    store = stage_cache()
    return store is not None and bool(store.get(_workbook_key(data)))


def _remember_workbook(staging: Path) -> None:
    """Note in the stage cache that the report wrote the workbook now in ``staging``."""
    from pinneberg_analysis.core.stagecache import stage_cache

    store, new = stage_cache(), staging / "review.xlsx"
    if store is not None and new.is_file():
        store.set(_workbook_key(new.read_bytes()), True)


def _workbook_key(data: bytes) -> str:
    """The stage-cache key that marks a workbook's content as written by a report."""
    from pinneberg_analysis.core.stagecache import digest

    return digest("review workbook written", data)


def _keep_user_files(out_dir: Path, staging: Path) -> None:
    """Copy what is in the old report folder but not in the new one (the user's files)."""
    if not out_dir.is_dir() or out_dir.is_symlink():
        return
    _keep_filled_workbook(out_dir, staging)
    for entry in sorted(out_dir.iterdir()):
        target = staging / entry.name
        if entry.name == MARKER or target.exists() or target.is_symlink():
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.copytree(entry, target, symlinks=True)
        else:
            shutil.copy2(entry, target, follow_symlinks=False)
        log.info("%s aus dem vorigen Bericht in %s behalten", entry.name, out_dir)
