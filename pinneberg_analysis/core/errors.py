"""The package's exception types.

Every message says what was expected, what was found and how to fix it, and names the
file, row and column where they are known.
"""

from __future__ import annotations


class PinnebergError(Exception):
    """Base class of every error this package raises on purpose."""


class InputError(PinnebergError):
    """An input file cannot be read, or a value in it is not valid.

    Parameters
    ----------
    message : str
        What was expected, what was found.
    file : str, optional
        The file the problem is in.
    row, column : str or int, optional
        Where in the file (a sheet and row, a line, a paragraph; a column name).
    hint : str, optional
        How to fix it.
    """

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        row: str | int | None = None,
        column: str | None = None,
        hint: str | None = None,
    ) -> None:
        self.message = message
        self.file = file
        self.row = row
        self.column = column
        self.hint = hint
        super().__init__(self.__str__())

    def __str__(self) -> str:
        where = []
        if self.file:
            where.append(f"Datei {self.file}")
        if self.row is not None:
            where.append(f"Zeile {self.row}")
        if self.column:
            where.append(f"Spalte {self.column!r}")
        text = (", ".join(where) + ": " if where else "") + self.message
        if self.hint:
            if not text.rstrip().endswith((".", "!", "?", ":")):
                text += "."  # the message is a sentence of its own before the hint
            text += f" So beheben: {self.hint}"
        return text


class ConfigError(PinnebergError):
    """The configuration file is not valid."""


class DecisionError(PinnebergError):
    """A review decision is not valid (unknown id, merge cycle, unknown field, ...)."""


class OutputError(PinnebergError):
    """An output cannot be written where asked (e.g. the folder holds other files)."""
