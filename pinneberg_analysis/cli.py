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
from pinneberg_analysis.core.clitext import GermanLogFormatter, german_cli
from pinneberg_analysis.core.config import DEFAULT_TOML
from pinneberg_analysis.core.errors import PinnebergError

app = typer.Typer(
    name="pinneberg-analysis",
    help="Auswertung einer Bürgerbeteiligung: einlesen, gruppieren, ordnen, berichten.",
    no_args_is_help=True,
    add_completion=False,
)
config_app = typer.Typer(
    help="Einstellungen der Auswertung (TOML) schreiben oder prüfen.", no_args_is_help=True
)
review_app = typer.Typer(
    help="Review durch die Strategie-Autorinnen und -Autoren.", no_args_is_help=True
)
app.add_typer(config_app, name="config")
cache_app = typer.Typer(
    help="Zwischenspeicher der Stufen zeigen oder leeren (neue Läufe nutzen ihn).", no_args_is_help=True
)
app.add_typer(review_app, name="review")
app.add_typer(cache_app, name="cache")

console = Console(soft_wrap=True)
err_console = Console(stderr=True, soft_wrap=True)
_state: dict[str, bool] = {"debug": False}

F = TypeVar("F", bound=Callable[..., Any])

PathsArg = Annotated[
    list[Path], typer.Argument(metavar="PFADE", help="Eingabedateien oder -ordner (Ordner werden mit Unterordnern gelesen).")
]
OutOpt = Annotated[Path, typer.Option("--out", "-o", help="Ausgabeordner.")]
FieldOpt = Annotated[
    Optional[str],
    typer.Option(
        "--field",
        help="Handlungsfeld für Zeilen, deren Datei keines nennt (z. B. 'Mobilität').",
    ),
]
FormatOpt = Annotated[
    Optional[str],
    typer.Option(
        "--format",
        help="Jede Tabelle als Export dieser Plattform lesen (decidim, consul, adhocracy, dipas, "
        "abwaegung, polis, miro); sonst an den Spalten jeder Datei erkannt.",
    ),
]
NoCacheOpt = Annotated[
    bool,
    typer.Option("--no-cache", help="Jede Stufe neu berechnen; den Zwischenspeicher weder lesen noch schreiben."),
]
QuietOpt = Annotated[
    bool, typer.Option("--quiet", "-q", help="Keine Fortschrittsanzeige und keine Zusammenfassung (für Skripte).")
]
ConfigOpt = Annotated[
    Optional[Path], typer.Option(
        "--config", help="Einstellungsdatei (TOML), siehe 'config init'."
    )
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
                "Mit --debug erneut ausführen, um den Traceback zu sehen, und den Fehler mit "
                "der auslösenden Eingabedatei melden.",
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
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Version anzeigen."
        ),
    ] = None,
    debug: Annotated[
        bool, typer.Option("--debug", help="Tracebacks und ausführliche Protokolle zeigen.")
    ] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Jeden Schritt protokollieren.")] = False,
) -> None:
    """Auswertung einer Bürgerbeteiligung: einlesen, gruppieren, ordnen, berichten."""
    _state["debug"] = debug
    level = logging.DEBUG if debug else logging.INFO if verbose else logging.WARNING
    handler = logging.StreamHandler()
    handler.setFormatter(GermanLogFormatter(detailed=debug or verbose))
    logging.basicConfig(level=level, handlers=[handler])


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
    status_text = {"read": "gelesen", "failed": "fehlgeschlagen", "skipped": "übersprungen"}
    for row in files.itertuples(index=False):
        style = status_style.get(str(row.status), "")
        status = status_text.get(str(row.status), str(row.status))
        table.add_row(
            str(row.source_file),
            str(row.kind),
            f"[{style}]{status}[/{style}]" if style else status,
            str(row.n_read),
            str(row.n_accepted),
            str(row.n_rejected),
        )
    return table


def _report_recognised(parameters: dict[str, Any]) -> None:
    """Say what was taken for what, and loudly which files were (mostly) rejected and why."""
    from rich.markup import escape

    for line in parameters.get("ingest_recognised") or []:
        console.print(f"[cyan]Erkannt:[/cyan] {escape(line)}", highlight=False)
    for line in parameters.get("ingest_warnings") or []:
        err_console.print(f"[bold yellow]Achtung:[/bold yellow] {escape(line)}", highlight=False)


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
    format: FormatOpt = None,
) -> None:
    """Beiträge und Bewertungen einlesen und die Tabellen nach OUT/tables/ schreiben."""
    from pinneberg_analysis.core.outdir import INGEST, check_out_folder
    from pinneberg_analysis.core.progress import listening, progress_display, step_listener
    from pinneberg_analysis.pipeline import load_settings, read_inputs
    from pinneberg_analysis.report import write_ingest

    settings, _ = load_settings(config)
    check_out_folder(out, INGEST)
    with progress_display(console) as progress, listening(step_listener(progress)):
        task = progress.add_task("Eingabedateien lesen", total=2)
        result = read_inputs(paths, field=field, config=settings, format=format, exclude=[out])
        progress.update(task, description="Tabellen schreiben", completed=1)
        written = write_ingest(result, out)
        progress.update(task, description="Fertig", completed=2)
    console.print(_files_table(result.files))
    _report_recognised(result.parameters)
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
    format: FormatOpt = None,
    decisions: Annotated[
        Optional[Path],
        typer.Option(
            "--decisions",
            help="Review-Entscheidungen (YAML), die angewendet werden; siehe 'review apply'.",
        ),
    ] = None,
    seed: Annotated[
        Optional[int],
        typer.Option("--seed", help="Zufallsstartwert (überschreibt die Einstellungsdatei)."),
    ] = None,
    previous_dir: Annotated[
        Optional[Path],
        typer.Option(
            "--previous",
            help="Früherer Berichtsordner, dessen Maßnahmen-IDs erhalten bleiben "
            "(Standard: OUT selbst).",
        ),
    ] = None,
    no_cache: NoCacheOpt = False,
    quiet: QuietOpt = False,
) -> None:
    """Die ganze Auswertung ausführen und Bericht, Grafiken, Tabellen und Mappe schreiben.

    Nach OUT kommen index.html und report.docx, charts/, tables/ und review.xlsx.
    """
    from pinneberg_analysis.core.progress import listening, progress_display, step_listener
    from pinneberg_analysis.core.stagecache import set_enabled
    from pinneberg_analysis.core.outdir import REPORT, check_out_folder
    from pinneberg_analysis.curate import read_previous
    from pinneberg_analysis.pipeline import STAGES, analyse, load_settings
    from pinneberg_analysis.report import write_report

    settings, glossary = load_settings(config)
    check_out_folder(out, REPORT)
    if decisions is not None and not decisions.is_file():
        raise PinnebergError(
            f"Die Entscheidungsdatei {decisions} gibt es nicht. So beheben: sie mit "
            f"'pinneberg-analysis review apply MAPPE --decisions {decisions}' anlegen oder "
            "--decisions weglassen."
        )
    if previous_dir is not None:
        previous = read_previous(previous_dir)
        if previous is None:
            raise PinnebergError(
                f"--previous {previous_dir} ist kein Berichtsordner: Er enthält keine "
                "tables/contributions.csv mit contribution_id und measure_id. So beheben: den "
                "Ordner angeben, den ein früherer Lauf von 'pinneberg-analysis report' "
                "geschrieben hat (sein --out)."
            )
    else:
        previous = read_previous(out)
    if no_cache:
        set_enabled(False)
    stage_names = [*STAGES, "Bericht schreiben"]
    with progress_display(console, quiet) as progress, listening(step_listener(progress)):
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
            format=format,
            exclude=[out],
        )
        on_stage(stage_names[-1])
        index = write_report(result, out, inputs=paths)
        progress.advance(task)
        progress.update(task, description="Fertig")
    if not quiet:
        console.print(_files_table(result.files))
        _report_recognised(result.parameters)
    _report_failed_files(result.files)
    params = result.parameters
    if not quiet:
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


def _de_number(value: float, decimals: int) -> str:
    """``1234.5`` -> ``1.234,5`` (German separators)."""
    return f"{value:,.{decimals}f}".replace(",", "\x00").replace(".", ",").replace("\x00", ".")


@cache_app.command("info")
@_friendly_errors
def cache_info() -> None:
    """Zeigen, wo der Zwischenspeicher liegt, wie viele Einträge er hat und wie viel Platz er belegt."""
    from pinneberg_analysis.core.stagecache import StageCache, enabled

    info = StageCache().info()
    console.print(
        f"Zwischenspeicher: {info.directory}\n{info.entries} Einträge, "
        f"{_de_number(info.size_bytes / 1024**2, 1)} MB von höchstens "
        f"{_de_number(info.size_limit / 1024**2, 0)} MB belegt."
        + ("" if enabled() else "\nAusgeschaltet (PINNEBERG_ANALYSIS_NO_CACHE)."),
        highlight=False,
    )


@cache_app.command("clear")
@_friendly_errors
def cache_clear() -> None:
    """Den Zwischenspeicher leeren (der nächste Lauf berechnet jede Stufe neu)."""
    from pinneberg_analysis.core.stagecache import StageCache

    store = StageCache()
    removed = store.clear()
    console.print(f"Zwischenspeicher {store.directory} geleert: {removed} Einträge entfernt.", highlight=False)


@app.command()
@_friendly_errors
def evaluate(
    file: Annotated[Path, typer.Argument(metavar="DATEI", help="CSV/XLSX-Datei, deren Zeilen von Hand kodiert sind.")],
    labels: Annotated[str, typer.Option("--labels", help="Spalte mit den Codes.")],
    text: Annotated[
        Optional[str],
        typer.Option(
            "--text",
            help="Textspalten, durch Komma getrennt (Standard: Titel- und Textspalten).",
        ),
    ] = None,
    seed: Annotated[int, typer.Option("--seed", help="Zufallsstartwert.")] = 42,
    n_clusters: Annotated[
        Optional[int], typer.Option("--n-clusters", help="Anzahl der Gruppen festlegen.")
    ] = None,
) -> None:
    """Die Texte von FILE gruppieren und mit den Codes vergleichen (AMI, NMI, ARI, …)."""
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
    workbook: Annotated[Path, typer.Argument(metavar="MAPPE", help="Die ausgefüllte Review-Mappe (review.xlsx).")],
    decisions: Annotated[
        Path, typer.Option(
            "--decisions", help="Entscheidungsdatei (YAML), die angelegt oder ergänzt wird."
        )
    ],
    config: ConfigOpt = None,
    dry_run: Annotated[
        bool, typer.Option(
            "--dry-run", help="Nur prüfen; die Entscheidungsdatei nicht schreiben."
        )
    ] = False,
) -> None:
    """Die Einträge einer ausgefüllten Review-Mappe prüfen und als Entscheidungen speichern."""
    from pinneberg_analysis.pipeline import load_settings
    from pinneberg_analysis.review import apply_workbook

    settings, _ = load_settings(config)
    summary = apply_workbook(workbook, decisions, fields=settings.fields, dry_run=dry_run)
    console.print(summary)


@config_app.command("init")
def config_init(
    file: Annotated[Path, typer.Argument(metavar="DATEI", help="Wohin die kommentierte Standard-Einstellungsdatei geschrieben wird.")] = Path(
        "pinneberg.toml"
    ),
    force: Annotated[bool, typer.Option("--force", help="Eine vorhandene Datei überschreiben.")] = False,
) -> None:
    """Eine kommentierte Standard-Einstellungsdatei schreiben."""
    if file.exists() and not force:
        err_console.print(
            f"[red]{file} gibt es schon.[/red] Mit --force wird die Datei überschrieben."
        )
        raise typer.Exit(code=1)
    file.write_text(DEFAULT_TOML, encoding="utf-8")
    console.print(f"Standard-Einstellungen nach {file} geschrieben.")


@config_app.command("check")
@_friendly_errors
def config_check(
    file: Annotated[Path, typer.Argument(metavar="DATEI", help="Die zu prüfende Einstellungsdatei (TOML).")],
) -> None:
    """Eine Einstellungsdatei prüfen und ungültige Einstellungen auflisten."""
    from pinneberg_analysis.pipeline import load_settings

    load_settings(file)
    console.print(f"{file} ist gültig.")


def run() -> None:
    """The console script ``pinneberg-analysis``: German help, then the Typer app."""
    german_cli()
    app(prog_name="pinneberg-analysis")
