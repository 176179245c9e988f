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


_PYDANTIC_DE = {
    "missing": "fehlt",
    "extra_forbidden": "unbekannte Einstellung oder unbekannter Schlüssel (Tippfehler?)",
    "string_type": "erwartet war Text",
    "literal_error": "ungültiger Wert",
    "enum": "ungültiger Wert",
    "int_parsing": "erwartet war eine ganze Zahl",
    "int_type": "erwartet war eine ganze Zahl",
    "int_from_float": "erwartet war eine ganze Zahl",
    "float_parsing": "erwartet war eine Zahl",
    "float_type": "erwartet war eine Zahl",
    "bool_parsing": "erwartet war ja/nein (true/false)",
    "bool_type": "erwartet war ja/nein (true/false)",
    "tuple_type": "erwartet war eine Liste",
    "list_type": "erwartet war eine Liste",
    "dict_type": "erwartet war ein Abschnitt (Zuordnung)",
    "string_too_short": "darf nicht leer sein",
    "string_pattern_mismatch": "hat nicht die erwartete Form",
    "greater_than": "ist zu klein",
    "greater_than_equal": "ist zu klein",
    "less_than": "ist zu groß",
    "less_than_equal": "ist zu groß",
}


def validation_text(err: dict) -> str:
    """A German text for one pydantic validation error (an item of ``ValidationError.errors()``).

    Errors of the package's own validators (``value_error``) keep their text; pydantic's
    built-in English texts are replaced, with the value found where it helps.

    Examples
    --------
    >>> validation_text({"type": "missing", "msg": "Field required", "input": {}})
    'fehlt'
    >>> validation_text({"type": "int_parsing", "msg": "Input should be ...", "input": "x"})
    "erwartet war eine ganze Zahl, gefunden 'x'"
    >>> validation_text({"type": "greater_than_equal", "msg": "...", "input": -1, "ctx": {"ge": 0}})
    'ist zu klein (mindestens 0), gefunden -1'
    """
    kind = str(err.get("type", ""))
    text = _PYDANTIC_DE.get(kind)
    if text is None:
        return str(err.get("msg", "ungültiger Wert")).removeprefix("Value error, ")
    ctx = err.get("ctx") or {}
    bounds = {"ge": "mindestens", "gt": "größer als", "le": "höchstens", "lt": "kleiner als"}
    for key, word in bounds.items():
        if key in ctx:
            text += f" ({word} {ctx[key]})"
    if kind == "literal_error" and "expected" in ctx:
        text += f" (erlaubt: {ctx['expected']})"
    if kind not in ("missing", "extra_forbidden") and "input" in err:
        found = err["input"]
        shown = (f"eine Liste mit {len(found)} Einträgen" if isinstance(found, (list, tuple))
                 else f"eine Zuordnung mit {len(found)} Schlüsseln" if isinstance(found, dict)
                 else repr(found) if len(repr(found)) <= 60 else repr(found)[:59] + "…")
        text += f", gefunden {shown}"
    return text
