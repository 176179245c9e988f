"""Command-line interface: parses arguments, calls the library, prints with Rich.

Every error reaches the user as one paragraph that names the file, row and column and
says how to fix it, with a non-zero exit code; ``--debug`` shows the traceback instead.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, Optional, TypeVar

import typer
from rich.console import Console
from rich.table import Table

from pinneberg_analysis import __version__
from pinneberg_analysis.core.config import DEFAULT_TOML
from pinneberg_analysis.core.errors import PinnebergError

app = typer.Typer(
    name="pinneberg-analysis",
    help="Analyse a citizen-participation process: ingest, cluster, rank, report.",
    no_args_is_help=True,
    add_completion=False,
)
config_app = typer.Typer(help="Write or check the analysis settings (TOML).", no_args_is_help=True)
review_app = typer.Typer(help="The strategy authors' review loop.", no_args_is_help=True)
app.add_typer(config_app, name="config")
app.add_typer(review_app, name="review")

console = Console(soft_wrap=True)
err_console = Console(stderr=True, soft_wrap=True)
_state: dict[str, bool] = {"debug": False}

F = TypeVar("F", bound=Callable[..., Any])

PathsArg = Annotated[
    list[Path], typer.Argument(help="Input files or folders (folders are read recursively).")
]
OutOpt = Annotated[Path, typer.Option("--out", "-o", help="Output folder.")]
FieldOpt = Annotated[
    Optional[str],
    typer.Option("--field", help="Field of action for rows whose file names none."),
]
ConfigOpt = Annotated[
    Optional[Path], typer.Option("--config", help="Settings file (TOML), see 'config init'.")
]


def _friendly_errors(func: F) -> F:
    """Turn every error into a one-paragraph message and exit code 1 (2 for bad usage)."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except (typer.Exit, typer.Abort, KeyboardInterrupt):
            raise
        except PinnebergError as exc:
            if _state["debug"]:
                raise
            err_console.print(f"[bold red]Fehler:[/bold red] {exc}", highlight=False)
            raise typer.Exit(code=1) from None
        except Exception as exc:  # noqa: BLE001 - the CLI's last line of defence
            if _state["debug"]:
                raise
            err_console.print(
                f"[bold red]Unerwarteter Fehler:[/bold red] {type(exc).__name__}: {exc}. "
                "Run again with --debug to see the traceback, and report it with the input "
                "file that caused it.",
                highlight=False,
            )
            raise typer.Exit(code=1) from None

    return wrapper  # type: ignore[return-value]


def _version(value: bool) -> None:
    if value:
        console.print(f"pinneberg-analysis {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        Optional[bool],
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = None,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show tracebacks and debug logging.")
    ] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log each step.")] = False,
) -> None:
    """Analyse a citizen-participation process: ingest, cluster, rank, report."""
    _state["debug"] = debug
    level = logging.DEBUG if debug else logging.INFO if verbose else logging.WARNING
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")


def _files_table(files: Any) -> Table:
    table = Table(title="Eingelesene Dateien", show_lines=False)
    for name, justify in (
        ("Datei", "left"),
        ("Art", "left"),
        ("Status", "left"),
        ("gelesen", "right"),
        ("übernommen", "right"),
        ("abgelehnt", "right"),
    ):
        table.add_column(name, justify=justify, overflow="fold")  # type: ignore[arg-type]
    status_style = {"read": "green", "failed": "red", "skipped": "yellow"}
    for row in files.itertuples(index=False):
        style = status_style.get(str(row.status), "")
        table.add_row(
            str(row.source_file),
            str(row.kind),
            f"[{style}]{row.status}[/{style}]" if style else str(row.status),
            str(row.n_read),
            str(row.n_accepted),
            str(row.n_rejected),
        )
    return table


def _report_failed_files(files: Any) -> None:
    failed = files[files["status"] == "failed"]
    for row in failed.itertuples(index=False):
        err_console.print(f"[red]Nicht gelesen:[/red] {row.source_file}: {row.message}", highlight=False)


@app.command()
@_friendly_errors
def ingest(
    paths: PathsArg,
    out: OutOpt,
    field: FieldOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Read contributions and ratings and write the ingestion tables to OUT/tables/."""
    from pinneberg_analysis.core.outdir import INGEST, check_out_folder
    from pinneberg_analysis.pipeline import load_settings, read_inputs
    from pinneberg_analysis.report import write_ingest

    settings, _ = load_settings(config)
    check_out_folder(out, INGEST)
    with console.status("Lese Eingabedateien …"):
        result = read_inputs(paths, field=field, config=settings, exclude=[out])
    written = write_ingest(result, out)
    console.print(_files_table(result.files))
    _report_failed_files(result.files)
    console.print(
        f"{len(result.contributions)} Beiträge übernommen, {len(result.rejected)} Zeilen abgelehnt, "
        f"{len(result.ratings)} Bewertungen. Tabellen: {', '.join(p.name for p in written)} in {out / 'tables'}"
    )
    if (result.files["status"] == "failed").any():
        raise typer.Exit(code=1)


@app.command()
@_friendly_errors
def report(
    paths: PathsArg,
    out: OutOpt,
    field: FieldOpt = None,
    config: ConfigOpt = None,
    decisions: Annotated[
        Optional[Path],
        typer.Option("--decisions", help="Review decisions (YAML) to apply, see 'review apply'."),
    ] = None,
    seed: Annotated[
        Optional[int], typer.Option("--seed", help="Random seed (overrides the config).")
    ] = None,
    previous_dir: Annotated[
        Optional[Path],
        typer.Option(
            "--previous",
            help="An earlier report folder whose measure ids to keep (default: OUT itself).",
        ),
    ] = None,
) -> None:
    """Run the whole analysis and write the report, charts, tables and review workbook to OUT."""
    from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from pinneberg_analysis.core.outdir import REPORT, check_out_folder
    from pinneberg_analysis.curate import read_previous
    from pinneberg_analysis.pipeline import STAGES, analyse, load_settings
    from pinneberg_analysis.report import write_report

    settings, glossary = load_settings(config)
    check_out_folder(out, REPORT)
    if decisions is not None and not decisions.is_file():
        raise PinnebergError(
            f"decisions file {decisions} does not exist. How to fix: create it with "
            f"'pinneberg-analysis review apply WORKBOOK --decisions {decisions}', or leave out --decisions."
        )
    if previous_dir is not None:
        previous = read_previous(previous_dir)
        if previous is None:
            raise PinnebergError(
                f"--previous {previous_dir} is not a report folder: it has no "
                f"tables/contributions.csv with contribution_id and measure_id. How to fix: give "
                f"the folder an earlier 'pinneberg-analysis report' run wrote (its --out)."
            )
    else:
        previous = read_previous(out)
    stage_names = [*STAGES, "Bericht schreiben"]
    with Progress(
        SpinnerColumn(),
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
        TimeElapsedColumn(),
        console=console,
        transient=False,
    ) as progress:
        task = progress.add_task("Analyse", total=len(stage_names))
        seen: list[str] = []

        def on_stage(name: str) -> None:
            if seen:
                progress.advance(task)
            seen.append(name)
            progress.update(task, description=name)

        result = analyse(
            paths,
            field=field,
            config=settings,
            glossary=glossary,
            decisions=decisions,
            seed=seed,
            previous=previous,
            on_stage=on_stage,
            exclude=[out],
        )
        on_stage(stage_names[-1])
        index = write_report(result, out, inputs=paths)
        progress.advance(task)
        progress.update(task, description="Fertig")
    console.print(_files_table(result.files))
    _report_failed_files(result.files)
    params = result.parameters
    console.print(
        f"{params.get('n_contributions', 0)} Beiträge → {params.get('n_measures', 0)} Maßnahmen, "
        f"{params.get('n_single_ideas', 0)} Einzelideen, {params.get('n_themes', 0)} Themen. "
        f"Bericht: {index}"
    )
    if (result.files["status"] == "failed").any():
        err_console.print(
            "Der Bericht wurde ohne die nicht gelesenen Dateien erstellt (exit code 1).",
            highlight=False,
        )
        raise typer.Exit(code=1)


@app.command()
@_friendly_errors
def evaluate(
    file: Annotated[Path, typer.Argument(help="A CSV/XLSX file whose rows an analyst has coded.")],
    labels: Annotated[str, typer.Option("--labels", help="The column with the human codes.")],
    text: Annotated[
        Optional[str],
        typer.Option("--text", help="Comma-separated text columns (default: title and text columns)."),
    ] = None,
    seed: Annotated[int, typer.Option("--seed", help="Random seed.")] = 42,
    n_clusters: Annotated[
        Optional[int], typer.Option("--n-clusters", help="Fix the number of clusters.")
    ] = None,
) -> None:
    """Cluster the texts of FILE and score the result against human labels (AMI, NMI, ARI, ...)."""
    from pinneberg_analysis.cluster.evaluation import evaluate_file

    columns = [c.strip() for c in text.split(",")] if text else None
    scores = evaluate_file(
        file, labels_column=labels, text_columns=columns, random_state=seed, n_clusters=n_clusters
    )
    table = Table(title=f"Übereinstimmung mit {labels!r}")
    table.add_column("Maß")
    table.add_column("Wert", justify="right")
    for name, value in scores.items():
        table.add_row(str(name), f"{value:.3f}" if isinstance(value, float) else str(value))
    console.print(table)


@review_app.command("apply")
@_friendly_errors
def review_apply(
    workbook: Annotated[Path, typer.Argument(help="The filled-in review workbook (review.xlsx).")],
    decisions: Annotated[
        Path, typer.Option("--decisions", help="The decisions file (YAML) to create or add to.")
    ],
    config: ConfigOpt = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Only validate; do not write the decisions file.")
    ] = False,
) -> None:
    """Validate the decisions in a filled-in review workbook and add them to the decisions file."""
    from pinneberg_analysis.pipeline import load_settings
    from pinneberg_analysis.review import apply_workbook

    settings, _ = load_settings(config)
    summary = apply_workbook(workbook, decisions, fields=settings.fields, dry_run=dry_run)
    console.print(summary)


@config_app.command("init")
def config_init(
    file: Annotated[Path, typer.Argument(help="Where to write the commented default config.")] = Path(
        "pinneberg.toml"
    ),
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
) -> None:
    """Write a commented default configuration file."""
    if file.exists() and not force:
        err_console.print(f"[red]{file} exists already.[/red] Use --force to overwrite it.")
        raise typer.Exit(code=1)
    file.write_text(DEFAULT_TOML, encoding="utf-8")
    console.print(f"Wrote the default configuration to {file}.")


@config_app.command("check")
@_friendly_errors
def config_check(
    file: Annotated[Path, typer.Argument(help="The settings file (TOML) to validate.")],
) -> None:
    """Validate a configuration file and list any invalid settings."""
    from pinneberg_analysis.pipeline import load_settings

    load_settings(file)
    console.print(f"{file} is valid.")
