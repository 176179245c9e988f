"""Command-line interface: parses arguments, calls the library, prints with Rich."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console

from . import __version__
from .config import DEFAULT_TOML

app = typer.Typer(
    name="pinneberg-analysis",
    help="Analyse a citizen-participation process: ingest, cluster, rank, report.",
    no_args_is_help=True,
    add_completion=False,
)
config_app = typer.Typer(help="Write or check the analysis settings (TOML).", no_args_is_help=True)
app.add_typer(config_app, name="config")

console = Console()
err_console = Console(stderr=True)


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
) -> None:
    """Analyse a citizen-participation process: ingest, cluster, rank, report."""


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
