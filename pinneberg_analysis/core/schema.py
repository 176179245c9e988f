"""Executable versions of the table contracts in ``docs/contracts.md`` (pandera).

Validate at a stage boundary with :func:`validate`; it checks lazily, so every problem
comes back at once, as one :class:`~pinneberg_analysis.core.errors.InputError`.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
import pandera.pandas as pa

from pinneberg_analysis.core.errors import InputError

SECTIONS: tuple[str, ...] = ("idea", "challenge", "other")
SOURCE_KINDS: tuple[str, ...] = ("workshop", "forum", "online", "other")
FILE_STATUSES: tuple[str, ...] = ("read", "failed", "skipped")

CONTRIBUTION_COLUMNS: dict[str, str] = {
    "contribution_id": "string",
    "field": "string",
    "source_file": "string",
    "source_kind": "string",
    "locator": "string",
    "source_id": "string",
    "round": "Int64",
    "date": "datetime64[ns]",
    "title": "string",
    "text": "string",
    "votes": "Int64",
    "section": "string",
    "participant_group": "string",
    "is_duplicate": "bool",
    "duplicate_of": "string",
    "extra": "string",
    "parent_id": "string",
}
REJECTED_COLUMNS: dict[str, str] = {
    "source_file": "string",
    "locator": "string",
    "row": "string",
    "column": "string",
    "reason": "string",
    "hint": "string",
    "value": "string",
    "title": "string",
    "text": "string",
}
RATING_COLUMNS: dict[str, str] = {
    "rating_id": "string",
    "source_file": "string",
    "locator": "string",
    "measure_ref": "string",
    "measure_id": "string",
    "rater": "string",
    "criterion": "string",
    "value": "Float64",
    "field": "string",
}
FILE_COLUMNS: dict[str, str] = {
    "source_file": "string",
    "kind": "string",
    "status": "string",
    "n_read": "Int64",
    "n_accepted": "Int64",
    "n_rejected": "Int64",
    "sha256": "string",
    "message": "string",
}

_NULLABLE_CONTRIBUTION = {
    "source_id", "round", "date", "votes", "participant_group", "duplicate_of", "parent_id",
}


def empty_frame(columns: dict[str, str]) -> pd.DataFrame:
    """An empty table with the given columns and dtypes."""
    return pd.DataFrame({c: pd.Series(dtype=d) for c, d in columns.items()})


def contributions_schema(fields: Iterable[str] | None = None) -> pa.DataFrameSchema:
    """The schema of the ``contributions`` table.

    Parameters
    ----------
    fields : iterable of str, optional
        The accepted fields of action (the five canonical ones plus the config's extra
        fields). None skips the membership check.

    Returns
    -------
    pandera.DataFrameSchema
    """
    checks = {
        "contribution_id": [pa.Check.str_matches(r"^C-[0-9a-f]{10}$")],
        "section": [pa.Check.isin(SECTIONS)],
        "source_kind": [pa.Check.isin(SOURCE_KINDS)],
        "votes": [pa.Check.ge(0)],
        "round": [pa.Check.ge(1)],
    }
    if fields is not None:
        checks["field"] = [pa.Check.isin(sorted(set(fields)))]
    columns = {
        name: pa.Column(
            dtype,
            checks=checks.get(name, []),
            nullable=name in _NULLABLE_CONTRIBUTION,
            unique=name == "contribution_id",
        )
        for name, dtype in CONTRIBUTION_COLUMNS.items()
    }
    has_text = pa.Check(
        lambda df: (df["title"].str.strip() != "") | (df["text"].str.strip() != ""),
        error="a contribution needs a title or a text",
    )
    return pa.DataFrameSchema(columns, checks=[has_text], strict=True, ordered=True)


def rejected_schema() -> pa.DataFrameSchema:
    """The schema of the ``rejected`` table."""
    columns = {
        name: pa.Column(
            dtype, nullable=name in {"row", "column", "hint", "locator", "value", "title", "text"}
        )
        for name, dtype in REJECTED_COLUMNS.items()
    }
    return pa.DataFrameSchema(columns, strict=True, ordered=True)


def ratings_schema() -> pa.DataFrameSchema:
    """The schema of the ``ratings`` table (long format, values 1-5)."""
    checks = {
        "value": [pa.Check.in_range(1, 5)],
        "rating_id": [pa.Check.str_matches(r"^R-[0-9a-f]{10}$")],
    }
    columns = {
        name: pa.Column(
            dtype,
            checks=checks.get(name, []),
            nullable=name in ("measure_id", "field"),
            unique=name == "rating_id",
        )
        for name, dtype in RATING_COLUMNS.items()
    }
    return pa.DataFrameSchema(columns, strict=True, ordered=True)


def files_schema() -> pa.DataFrameSchema:
    """The schema of the ``files`` table (ingest summary)."""
    counts = {"n_read", "n_accepted", "n_rejected"}
    columns = {
        name: pa.Column(
            dtype,
            checks=[pa.Check.isin(FILE_STATUSES)] if name == "status" else (
                [pa.Check.ge(0)] if name in counts else []
            ),
            nullable=name in {"sha256", "message"},
        )
        for name, dtype in FILE_COLUMNS.items()
    }
    balanced = pa.Check(
        lambda df: df["n_read"] == df["n_accepted"] + df["n_rejected"],
        error="n_read must equal n_accepted + n_rejected",
    )
    return pa.DataFrameSchema(columns, checks=[balanced], strict=True, ordered=True)


def validate(df: pd.DataFrame, schema: pa.DataFrameSchema, table: str) -> pd.DataFrame:
    """Validate ``df`` lazily; turn every failure into one :class:`InputError`.

    Parameters
    ----------
    df : DataFrame
        The table.
    schema : pandera.DataFrameSchema
        One of the schemas of this module.
    table : str
        The table's name for the message (``contributions``, ``ratings``, ...).

    Returns
    -------
    DataFrame
        ``df`` itself when it is valid.

    Raises
    ------
    InputError
        Listing every failed check with its column, row index and the value found.
    """
    try:
        return schema.validate(df, lazy=True)
    except pa.errors.SchemaErrors as exc:
        cases = exc.failure_cases
        lines = []
        for case in cases.head(50).itertuples(index=False):
            col = getattr(case, "column", None)
            idx = getattr(case, "index", None)
            lines.append(
                f"  column {col!r}, row {idx}: {case.check} failed (found {case.failure_case!r})"
            )
        more = f"\n  ... and {len(cases) - 50} more" if len(cases) > 50 else ""
        raise InputError(
            f"the {table} table does not match its contract (docs/contracts.md):\n"
            + "\n".join(lines)
            + more,
            hint="this is a bug in the reader that built the table; please report it "
            "with the input file.",
        ) from exc
