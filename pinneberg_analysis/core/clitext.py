"""German texts for the command line's own help and usage errors (Typer and its Click).

Typer prints ``Usage:``, ``Try '... --help' for help.`` and Click's usage errors
("No such option", "Missing argument", ...) in English. :func:`german_cli` puts them
into German for the running process; it is called by the console script, never at
import time.
"""

from __future__ import annotations

import logging
import re
from typing import Any

USAGE_PREFIX = "Aufruf: "

# Click's usage-error texts (its messages are hard-coded English) and their German form.
_ERRORS: tuple[tuple[str, str], ...] = (
    (r"^No such option: (.+?)(?= \(|$)", r"Unbekannte Option: \1"),
    (r"\(Possible options: (.*)\)", r"(mögliche Optionen: \1)"),
    (r"Did you mean (.*)\?", r"Meinten Sie \1?"),
    (r"^Missing argument (.+)\.$", r"Das Argument \1 fehlt."),
    (r"^Missing option (.+)\.$", r"Die Option \1 fehlt."),
    (r"^Missing parameter:? (.*?)\.?$", r"Die Angabe \1 fehlt."),
    (r"^Missing command\.", "Der Befehl fehlt."),
    (r"^No such command (.*?)\.", r"Unbekannter Befehl \1."),
    (r"^Got unexpected extra arguments? \((.*)\)", r"Unerwartete zusätzliche Angabe(n) (\1)"),
    (r"^Option (.*?) requires an argument\.", r"Die Option \1 braucht einen Wert."),
    (r"^Option (.*?) requires (\d+) arguments\.", r"Die Option \1 braucht \2 Werte."),
    (r"^Option (.*?) does not take a value\.", r"Die Option \1 nimmt keinen Wert."),
    (r"^Argument (.*?) takes (\d+) values\.", r"Das Argument \1 nimmt \2 Werte."),
    (r"^Invalid value for (.*?): ", r"Ungültiger Wert für \1: "),
    (r"^Invalid value: ", "Ungültiger Wert: "),
    (r"\bFile (.*?) does not exist\.", r"Die Datei \1 gibt es nicht."),
    (r"\bDirectory (.*?) does not exist\.", r"Den Ordner \1 gibt es nicht."),
    (r"\bPath (.*?) does not exist\.", r"Den Pfad \1 gibt es nicht."),
    (r"\b(?:File|Path) (.*?) is a directory\.", r"\1 ist ein Ordner, keine Datei."),
    (r"\b(?:Directory|Path) (.*?) is a file\.", r"\1 ist eine Datei, kein Ordner."),
    (r"\b(?:File|Directory|Path) (.*?) is not readable\.", r"\1 ist nicht lesbar."),
    (r"\b(?:File|Directory|Path) (.*?) is not writable\.", r"\1 ist nicht beschreibbar."),
    (r"(.*?) is not a valid integer( range)?\.", r"\1 ist keine ganze Zahl."),
    (r"(.*?) is not a valid float( range)?\.", r"\1 ist keine Zahl."),
    (r"(.*?) is not a valid boolean\.", r"\1 ist weder ja noch nein (true/false)."),
    (r"(.*?) is not one of (.*)\.", r"\1 ist keiner der Werte \2."),
    (r"(.*?) is not in the range (.*)\.", r"\1 liegt nicht im Bereich \2."),
)
_USAGE = ((" [OPTIONS]", " [OPTIONEN]"), (" COMMAND [ARGS]...", " BEFEHL [ARGUMENTE]..."))


def german_error(message: str) -> str:
    """Click's English usage-error text in German (other text is returned unchanged).

    Examples
    --------
    >>> german_error("No such option: --bogus (Possible options: --out)")
    'Unbekannte Option: --bogus (mögliche Optionen: --out)'
    >>> german_error("Missing argument 'PFADE...'.")
    "Das Argument 'PFADE...' fehlt."
    >>> german_error("Datei x: schon deutsch")
    'Datei x: schon deutsch'
    """
    for pattern, replacement in _ERRORS:
        message = re.sub(pattern, replacement, message)
    return message


def german_usage(usage: str) -> str:
    """A usage line with German prefix and placeholders.

    Examples
    --------
    >>> german_usage("Usage: pinneberg-analysis [OPTIONS] COMMAND [ARGS]...")
    'Aufruf: pinneberg-analysis [OPTIONEN] BEFEHL [ARGUMENTE]...'
    """
    if usage.startswith("Usage: "):
        usage = USAGE_PREFIX + usage[len("Usage: "):]
    for english, german in _USAGE:
        usage = usage.replace(english, german)
    return usage


def german_cli() -> None:
    """Put Typer's and Click's own help and error texts into German (this process only).

    The type column (``<path>``, ``<list[Path]>``) is left out: the option texts say what
    to give. Safe to call more than once.
    """
    import typer
    import typer.core
    import typer.rich_utils as ru

    click = getattr(typer, "_click", None) or __import__("click")  # Typer vendors Click

    ru.OPTIONS_PANEL_TITLE = "Optionen"
    ru.ARGUMENTS_PANEL_TITLE = "Argumente"
    ru.COMMANDS_PANEL_TITLE = "Befehle"
    ru.ERRORS_PANEL_TITLE = "Fehler"
    ru.REQUIRED_LONG_STRING = "[Pflicht]"
    ru.DEFAULT_STRING = "[Standard: {}]"
    ru.ENVVAR_STRING = "[Umgebungsvariable: {}]"
    ru.DEPRECATED_STRING = "(veraltet) "
    ru.ABORTED_TEXT = "Abgebrochen."
    ru.RICH_HELP = "Hilfe: [blue]'{command_path} {help_option}'[/]"
    for cls in (typer.core.TyperArgument, typer.core.TyperOption):
        cls.display_type_rich = lambda self, ctx: None  # type: ignore[method-assign]
    if getattr(click.Command.get_help_option, "_german", False):
        return
    original_help = click.Command.get_help_option

    def get_help_option(self: Any, ctx: Any) -> Any:
        option = original_help(self, ctx)
        if option is not None:
            option.help = "Diese Hilfe anzeigen und beenden."
        return option

    get_help_option._german = True  # type: ignore[attr-defined]
    click.Command.get_help_option = get_help_option  # type: ignore[method-assign]

    original_usage = click.Context.get_usage
    click.Context.get_usage = lambda self: german_usage(original_usage(self))  # type: ignore[method-assign]
    original_command_usage = click.Command.get_usage
    click.Command.get_usage = (  # type: ignore[method-assign]
        lambda self, ctx: german_usage(original_command_usage(self, ctx))
    )
    for cls in _subclasses(click.ClickException):
        if "format_message" in vars(cls):
            _wrap_format_message(cls)


def _subclasses(cls: type) -> list[type]:
    found = [cls]
    for sub in cls.__subclasses__():
        found.extend(_subclasses(sub))
    return found


def _wrap_format_message(cls: Any) -> None:
    original = cls.format_message

    def format_message(self: Any) -> str:
        return german_error(original(self))

    cls.format_message = format_message


_LEVELS = {"DEBUG": "Diagnose", "INFO": "Info", "WARNING": "Hinweis", "ERROR": "Fehler",
           "CRITICAL": "Fehler"}


class GermanLogFormatter(logging.Formatter):
    """Log lines for the console in German: "Hinweis: …" instead of "WARNING module: …".

    ``detailed`` (``--verbose``, ``--debug``) adds the module that wrote the line.

    Examples
    --------
    >>> record = logging.LogRecord("pinneberg_analysis.x", logging.WARNING, "", 0, "3 Zeilen", None, None)
    >>> GermanLogFormatter().format(record)
    'Hinweis: 3 Zeilen'
    >>> GermanLogFormatter(detailed=True).format(record)
    'Hinweis pinneberg_analysis.x: 3 Zeilen'
    """

    def __init__(self, detailed: bool = False) -> None:
        super().__init__("%(level_de)s %(name)s: %(message)s" if detailed else "%(level_de)s: %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        """The record with its level named in German."""
        record.level_de = _LEVELS.get(record.levelname, record.levelname)
        return super().format(record)
