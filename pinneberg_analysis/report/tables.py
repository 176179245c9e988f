"""The report's tables: ``tables/*.csv`` and the same as one ``tables/tables.xlsx``.

All files are UTF-8 and formula-injection safe (written through
:mod:`pinneberg_analysis.core.export`), carry no timestamps, and are byte-identical when the
same result is written again (the XLSX zip entries and document dates are fixed).
"""

from __future__ import annotations

import logging
from pathlib import Path

import pandas as pd

from pinneberg_analysis.core.export import write_csv, write_xlsx, xlsx_too_large
from pinneberg_analysis.core.fields import FIELDS
from pinneberg_analysis.core.result import AnalysisResult
from pinneberg_analysis.report import fmt
from pinneberg_analysis.report.decision_tables import measure_notes

log = logging.getLogger(__name__)

CONTRIBUTION_COLUMNS = [
    "contribution_id",
    "field",
    "source_file",
    "source_kind",
    "locator",
    "source_id",
    "round",
    "date",
    "title",
    "text",
    "votes",
    "section",
    "participant_group",
    "is_duplicate",
    "duplicate_of",
    "extra",
    "parent_id",
    "measure_id",
    "theme_id",
]
MEASURE_LEAD = [
    "measure_id",
    "field",
    "label",
    "n_contributions",
    "votes",
    "n_sources",
    "expert_score",
    "score",
    "rank",
    "rank_low",
    "rank_high",
]
MEASURE_TAIL = [
    "theme_id",
    "fields",
    "keywords",
    "is_single",
    "n_rounds",
    "n_groups",
    "multi_field",
    "support_score",
    "n_raters",
    "field_rank",
    "field_rank_low",
    "field_rank_high",
    "rated",
    "representatives",
    "representative_ids",
    "review",
]
THEME_COLUMNS = ["theme_id", "field", "label", "keywords", "n_measures", "n_contributions"]
REJECTED_COLUMNS = ["source_file", "locator", "row", "column", "reason", "hint", "value", "title",
                    "text"]
RATING_COLUMNS = [
    "rating_id",
    "source_file",
    "locator",
    "measure_ref",
    "measure_id",
    "rater",
    "criterion",
    "value",
    "field",
]

RATING_MATCH_COLUMNS = [
    "measure_ref", "given_measure_id", "measure_id", "label", "method", "similarity", "status",
    "needs_review", "reason", "proposed_id", "alternative_ids", "candidates", "n_ratings",
]

#: File names (without ``.csv``) in the order of the XLSX sheets.
TABLE_NAMES = ("contributions", "measures", "themes", "rejected", "ratings", "rating_matches")



def _with_columns(df: pd.DataFrame, lead: list[str]) -> pd.DataFrame:
    """``df`` with every ``lead`` column (NA when absent) first, then its other columns."""
    df = df.copy() if df is not None else pd.DataFrame()
    for col in lead:
        if col not in df.columns:
            df[col] = pd.Series(pd.NA, index=df.index, dtype="object")
    rest = [c for c in df.columns if c not in lead]
    return df[lead + rest].reset_index(drop=True)


def _field_index(fields: pd.Series) -> pd.Series:
    order = {f: i for i, f in enumerate(FIELDS)}
    return fields.map(
        lambda f: order.get(f, len(FIELDS)) if isinstance(f, str) else len(FIELDS) + 1
    )


def measures_table(result: AnalysisResult) -> pd.DataFrame:
    """One row per measure: the measure's description merged with its ranking.

    Columns start with ``measure_id, field, label, n_contributions, votes, n_sources,
    expert_score, score, rank, rank_low, rank_high``, then one ``crit_<Kriterium>`` column
    per criterion, then theme, keywords, support components, field ranks, representatives
    and ``review`` (the notes of applied review decisions). Sorted by field (strategy
    order), rank within the field, id.
    """
    measures, ranking = result.measures, result.ranking
    if measures.empty and ranking.empty:
        merged = pd.DataFrame()
    elif ranking.empty or "measure_id" not in ranking:
        merged = measures.copy()
    elif measures.empty or "measure_id" not in measures:
        merged = ranking.copy()
    else:
        extra = ["measure_id"] + [c for c in ranking.columns if c not in measures.columns]
        merged = measures.merge(ranking[extra], on="measure_id", how="outer", sort=False)
        by_id = ranking.drop_duplicates("measure_id").set_index("measure_id")
        for col in ("field", "label", "n_contributions"):
            if col in by_id and col in merged:
                merged[col] = merged[col].fillna(merged["measure_id"].map(by_id[col]))
    if not merged.empty:
        notes = measure_notes(result.measures, result.decisions_log)
        merged["review"] = merged["measure_id"].map(lambda m: "; ".join(notes.get(m, [])) or pd.NA)
    crit = [c for c in merged.columns if str(c).startswith("crit_")]
    support = [c for c in merged.columns if str(c).startswith("support_") and c != "support_score"]
    lead = MEASURE_LEAD + crit + MEASURE_TAIL[:7] + support + MEASURE_TAIL[7:]
    out = _with_columns(merged, lead)
    if out.empty:
        return out
    keys = pd.DataFrame(
        {
            "f": _field_index(out["field"]),
            "r": fmt.floats(out["field_rank"]),
            "g": fmt.floats(out["rank"]),
            "id": out["measure_id"].astype("string").fillna(""),
        }
    )
    order = keys.sort_values(["f", "r", "g", "id"], na_position="last", kind="stable").index
    return out.loc[order].reset_index(drop=True)


def build_tables(result: AnalysisResult) -> dict[str, pd.DataFrame]:
    """The report tables, keyed by file name (see :data:`TABLE_NAMES`); ``rating_matches``
    has one row per rated name and how it was matched."""
    themes = _with_columns(result.themes, THEME_COLUMNS)
    if not themes.empty:
        keys = pd.DataFrame(
            {
                "f": _field_index(themes["field"]),
                "id": themes["theme_id"].astype("string").fillna(""),
            }
        )
        themes = themes.loc[keys.sort_values(["f", "id"], kind="stable").index].reset_index(
            drop=True
        )
    return {
        "contributions": _with_columns(result.contributions, CONTRIBUTION_COLUMNS),
        "measures": measures_table(result),
        "themes": themes,
        "rejected": _with_columns(result.rejected, REJECTED_COLUMNS),
        "ratings": _with_columns(result.ratings, RATING_COLUMNS),
        "rating_matches": _with_columns(result.rating_matches, RATING_MATCH_COLUMNS),
    }


def write_tables(tables: dict[str, pd.DataFrame], folder: str | Path) -> list[Path]:
    """Write each table as ``<name>.csv`` and all of them as sheets of ``tables.xlsx``.

    The CSV files keep every column under its English name; ``tables.xlsx`` holds the
    readable German version (:func:`~pinneberg_analysis.report.xlsx_tables.readable_tables`).

    Parameters
    ----------
    tables : dict of str to DataFrame
        From :func:`build_tables`.
    folder : str or Path
        The ``tables`` folder (created if needed).

    Returns
    -------
    list of Path
        The written files. ``tables.xlsx`` is left out (with a warning) when a table has
        more rows than an Excel sheet holds; the CSV files always hold every row.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    from pinneberg_analysis.report.xlsx_tables import readable_tables

    written = [write_csv(df, folder / f"{name}.csv") for name, df in tables.items()]
    reason = xlsx_too_large(tables)
    if reason is not None:
        log.warning("%s", reason)
        return written
    # the workbook is for people: German headers, readable columns, sorted by rank
    xlsx = write_xlsx(readable_tables(tables), folder / "tables.xlsx")
    return written + [xlsx]


#: The tables the ``ingest`` command writes (a subset of :data:`TABLE_NAMES`).
INGEST_TABLE_NAMES = ("contributions", "rejected", "ratings")


def write_ingest_tables(result: AnalysisResult, folder: str | Path) -> list[Path]:
    """Write the ingestion tables (contributions, rejected, ratings) and their XLSX.

    Parameters
    ----------
    result : AnalysisResult
        A result with at least the ingestion tables filled (see ``pipeline.ingest``).
    folder : str or Path
        The ``tables`` folder.

    Returns
    -------
    list of Path
        The written files.
    """
    tables = build_tables(result)
    return write_tables({name: tables[name] for name in INGEST_TABLE_NAMES}, folder)
