"""Known measures (e.g. the ideas of an earlier round) that seed the clustering.

A known measure has a ``name``, optional ``keywords`` and an optional ``field``. It is
turned into a short pseudo-contribution (name as title, name and keywords as text) and
vectorised like the contributions; a contribution joins the known measure it is most
similar to when that similarity reaches the measure threshold of the granularity.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from pinneberg_analysis.core.errors import InputError
from pinneberg_analysis.core.fields import canonical_field

__all__ = ["known_measures_table", "load_known_measures"]

_NAME_COLUMNS = ("name", "massnahme", "maßnahme", "measure", "label", "titel", "title", "idee")
_KEYWORD_COLUMNS = ("keywords", "stichworte", "schlagworte", "schlüsselwörter")
_FIELD_COLUMNS = ("field", "handlungsfeld", "feld")


def _pick(columns: Iterable[str], names: tuple[str, ...]) -> str | None:
    lookup = {str(c).strip().lower(): c for c in columns}
    for name in names:
        if name in lookup:
            return lookup[name]
    return None


def _read(path: Path) -> pd.DataFrame:
    if not path.is_file():
        raise InputError("die Datei der bekannten Maßnahmen gibt es nicht", file=str(path),
                         hint="[cluster] known_measures auf eine vorhandene CSV- oder XLSX-Datei setzen.")
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return pd.read_excel(path, dtype=str)
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return pd.read_csv(path, dtype=str, sep=None, engine="python", encoding=encoding)
        except UnicodeDecodeError:
            continue
    raise InputError("die Datei lässt sich nicht dekodieren (weder UTF-8 noch Windows-1252)",
                     hint="die Datei als 'CSV UTF-8' speichern.", file=str(path))


def load_known_measures(source: Any) -> pd.DataFrame:
    """Read known measures into a table ``name, keywords, field``.

    The reader of the ``[cluster] known_measures`` file: its table is what
    :class:`~pinneberg_analysis.cluster.clusterer.MeasureClusterer` takes as
    ``known_measures`` (the estimator itself reads no files).

    Parameters
    ----------
    source : path, DataFrame, sequence of str or of mappings
        A CSV/XLSX file or a table with a name column (``name``, ``Maßnahme``, ``Titel``,
        ...), optional ``keywords``/``Stichworte`` and ``field``/``Handlungsfeld``; or a
        list of names; or a list of ``{"name": ..., "keywords": ..., "field": ...}``.

    Returns
    -------
    DataFrame
        ``name`` (str), ``keywords`` (str, may be empty), ``field`` (canonical field or "").

    Raises
    ------
    InputError
        When the name column is missing, or a name is empty or repeated.

    Examples
    --------
    >>> load_known_measures(["Fahrradparkhaus am Bahnhof"])["name"].tolist()
    ['Fahrradparkhaus am Bahnhof']
    """
    file = None
    if isinstance(source, (str, Path)):
        file = str(source)
        table = _read(Path(source))
    elif isinstance(source, pd.DataFrame):
        table = source
    else:
        items = list(source)
        if all(isinstance(i, str) for i in items):
            table = pd.DataFrame({"name": items})
        elif all(isinstance(i, Mapping) for i in items):
            table = pd.DataFrame(items)
        else:
            raise InputError("bekannte Maßnahmen müssen Namen oder Zuordnungen mit einem 'name' sein",
                             hint="jede Maßnahme als Text oder als {'name': ...} angeben.")
    return known_measures_table(table, file=file)


def known_measures_table(table: pd.DataFrame, *, file: str | None = None) -> pd.DataFrame:
    """Check a table of known measures and bring it to ``name, keywords, field``.

    What :func:`load_known_measures` does after reading; it reads nothing itself, so an
    estimator can call it on the table it was given.

    Parameters
    ----------
    table : DataFrame
        A name column (``name``, ``Maßnahme``, ``Titel``, ...), optional
        ``keywords``/``Stichworte`` and ``field``/``Handlungsfeld``. Not modified.
    file : str, optional
        The file the table was read from, named in error messages.

    Returns
    -------
    DataFrame
        ``name`` (str), ``keywords`` (str, may be empty), ``field`` (canonical field or "").

    Raises
    ------
    InputError
        When the name column is missing, or a name is empty or repeated.
    """
    name_col = _pick(table.columns, _NAME_COLUMNS)
    if name_col is None:
        raise InputError(
            f"keine Namensspalte unter {list(table.columns)}", file=file,
            hint="die Spalte 'name' (oder 'Maßnahme') nennen; 'keywords' und 'field' sind "
            "freiwillig.",
        )
    kw_col = _pick(table.columns, _KEYWORD_COLUMNS)
    field_col = _pick(table.columns, _FIELD_COLUMNS)
    rows = []
    seen: set[str] = set()
    for pos, rec in enumerate(table.to_dict("records"), start=2):
        name = str(rec.get(name_col) or "").strip()
        if not name or name.lower() == "nan":
            raise InputError("der Name ist leer", file=file, row=pos, column=str(name_col),
                             hint="jeder bekannten Maßnahme einen Namen geben oder die Zeile löschen.")
        if name.lower() in seen:
            raise InputError(f"der Name {name!r} kommt zweimal vor", file=file, row=pos,
                             column=str(name_col), hint="die beiden Zeilen zusammenführen.")
        seen.add(name.lower())
        keywords = str(rec.get(kw_col) or "").strip() if kw_col else ""
        keywords = "" if keywords.lower() == "nan" else keywords
        field = ""
        raw_field = str(rec.get(field_col) or "").strip() if field_col else ""
        if raw_field and raw_field.lower() != "nan":
            # a field added in the config is kept as written
            field = canonical_field(raw_field) or raw_field
        rows.append({"name": name, "keywords": keywords, "field": field})
    return pd.DataFrame(rows, columns=["name", "keywords", "field"]).astype(str)
