"""Agreement between the clustering and human codes.

AMI (adjusted mutual information) is the headline: it is 0 for a random grouping whatever
the number of clusters, whereas NMI grows with the number of clusters, so random labels
score above 0 (see ``benchmarks/RESULTS.md``). ARI, V-measure, homogeneity and
completeness are reported as well, plus the share of contributions the clustering left as
single ideas, which a score alone can hide.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from sklearn import metrics

from pinneberg_analysis.core.errors import InputError

__all__ = ["evaluate_clustering", "evaluate_file", "read_coded_file"]

_TEXT_CANDIDATES = ("title", "titel", "text", "beschreibung", "beitrag", "idee", "inhalt")
_FIELD_CANDIDATES = ("field", "handlungsfeld")


def evaluate_clustering(
    labels_true: Sequence[Any], labels_pred: Sequence[Any], single_mask: Sequence[bool] | None = None
) -> dict[str, float]:
    """Scores of a clustering against reference labels.

    Parameters
    ----------
    labels_true, labels_pred : sequence
        Reference and predicted group of each item (any hashable values).
    single_mask : sequence of bool, optional
        Which items the clustering left as single ideas; by default the items alone in
        their predicted group.

    Returns
    -------
    dict
        ``AMI, NMI, ARI, V-measure, homogeneity, completeness`` (floats),
        ``single_share`` (share of items that are single ideas), ``n_true``, ``n_pred``
        (numbers of groups), ``n`` (items).

    Examples
    --------
    >>> s = evaluate_clustering(["a", "a", "b", "b"], [1, 1, 2, 3])
    >>> round(s["ARI"], 2), s["single_share"]
    (0.57, 0.5)
    """
    true = np.asarray(pd.Series(list(labels_true), dtype=object).astype(str))
    pred = np.asarray(pd.Series(list(labels_pred), dtype=object).astype(str))
    if len(true) != len(pred):
        raise InputError(f"{len(true)} reference labels but {len(pred)} predicted labels")
    if len(true) == 0:
        raise InputError("no labelled items to evaluate")
    if single_mask is None:
        sizes = pd.Series(pred).value_counts()
        single = pd.Series(pred).map(sizes).to_numpy() == 1
    else:
        single = np.asarray(single_mask, dtype=bool)
    h, c, v = metrics.homogeneity_completeness_v_measure(true, pred)
    return {
        "AMI": float(metrics.adjusted_mutual_info_score(true, pred)),
        "NMI": float(metrics.normalized_mutual_info_score(true, pred)),
        "ARI": float(metrics.adjusted_rand_score(true, pred)),
        "V-measure": float(v),
        "homogeneity": float(h),
        "completeness": float(c),
        "single_share": float(single.mean()),
        "n_true": int(len(np.unique(true))),
        "n_pred": int(len(np.unique(pred))),
        "n": int(len(true)),
    }


def _pick(columns: Sequence[str], candidates: Sequence[str]) -> list[str]:
    lookup = {str(c).strip().lower(): c for c in columns}
    return [lookup[c] for c in candidates if c in lookup]


def read_coded_file(path: str | Path, sheet: str | int | None = None) -> pd.DataFrame:
    """Read a CSV (separator and UTF-8/Windows-1252 detected) or XLSX file as text columns."""
    path = Path(path)
    if not path.is_file():
        raise InputError("the file does not exist", file=str(path))
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return pd.read_excel(path, sheet_name=sheet or 0, dtype=str)
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return pd.read_csv(path, dtype=str, sep=None, engine="python", encoding=encoding,
                               keep_default_na=False)
        except UnicodeDecodeError:
            continue
    raise InputError("cannot decode the file (neither UTF-8 nor Windows-1252)", file=str(path))


def evaluate_file(
    path: str | Path,
    labels_column: str,
    text_columns: Sequence[str] | None = None,
    *,
    random_state: int | None = 42,
    n_clusters: int | None = None,
    granularity: str = "mittel",
    field_column: str | None = None,
) -> dict[str, float]:
    """Cluster the texts of a coded file and score measures and themes against the codes.

    Every row is clustered (as the report would); only rows with a code are scored, so an
    analyst can code a subset.

    Parameters
    ----------
    path : str or Path
        CSV or XLSX file, one row per contribution.
    labels_column : str
        The column with the human codes.
    text_columns : sequence of str, optional
        Text columns (first = title when there are two or more; the rest are joined as the
        text). Default: the ``title``/``Titel`` and ``text``/``Beschreibung``/... columns found.
    random_state : int, optional
        Seed.
    n_clusters : int, optional
        Fix the number of measures.
    granularity : {"fein", "mittel", "grob"}
        Granularity of the measures.
    field_column : str, optional
        Column with the field of action (``field``/``Handlungsfeld`` when present).

    Returns
    -------
    dict
        Per level (``Maßnahmen``, ``Themen``) the scores of :func:`evaluate_clustering`,
        keyed ``"<score> (<level>)"``, plus ``n_scored``.

    Raises
    ------
    InputError
        When a named column is missing or no row has a code.
    """
    from pinneberg_analysis.cluster.clusterer import MeasureClusterer

    table = read_coded_file(path)
    columns = list(table.columns)
    if labels_column not in table.columns:
        raise InputError(f"no column {labels_column!r}; columns: {columns}", file=str(path),
                         column=labels_column, hint="pass the coded column with --labels.")
    if text_columns is None:
        text_columns = [c for c in _pick(columns, _TEXT_CANDIDATES) if c != labels_column]
        if not text_columns:
            raise InputError(f"no text column found among {columns}", file=str(path),
                             hint="name the text columns with --text COLUMN[,COLUMN].")
    missing = [c for c in text_columns if c not in table.columns]
    if missing:
        raise InputError(f"no column {missing[0]!r}; columns: {columns}", file=str(path),
                         column=missing[0])
    texts = table[list(text_columns)].fillna("").astype(str)
    frame = pd.DataFrame({"contribution_id": [f"R-{i:06d}" for i in range(len(table))]})
    if len(text_columns) >= 2:
        frame["title"] = texts.iloc[:, 0].to_numpy()
        frame["text"] = texts.iloc[:, 1:].agg(" ".join, axis=1).str.strip().to_numpy()
    else:
        frame["text"] = texts.iloc[:, 0].to_numpy()
    field_cols = [field_column] if field_column else _pick(columns, _FIELD_CANDIDATES)
    if field_cols and field_cols[0] in table.columns:
        frame["field"] = table[field_cols[0]].fillna("").astype(str).to_numpy()
    codes = table[labels_column].fillna("").astype(str).str.strip().to_numpy()
    coded = codes != ""
    if not coded.any():
        raise InputError(f"keine Zeile hat einen Code in der Spalte {labels_column!r}",
                         file=str(path), column=labels_column,
                         hint="die Codes in diese Spalte schreiben oder mit --labels die "
                              "Spalte nennen, die sie enthält.")
    model = MeasureClusterer(granularity=granularity, n_measures=n_clusters,
                             random_state=random_state).fit(frame)
    a = model.assignments_
    single = a["measure_id"].map(model.measures_.set_index("measure_id")["is_single"]).to_numpy(bool)
    out: dict[str, float] = {"n_scored": int(coded.sum())}
    for level, column in (("Maßnahmen", "measure_id"), ("Themen", "theme_id")):
        scores = evaluate_clustering(codes[coded], a[column].to_numpy()[coded],
                                     single[coded] if level == "Maßnahmen" else np.zeros(coded.sum(), bool))
        for key, value in scores.items():
            if key not in ("n", "single_share") or level == "Maßnahmen":
                out[f"{key} ({level})"] = value
    return out


def codes_by_match(
    contributions: pd.DataFrame,
    key: pd.DataFrame,
    *,
    match_column: str = "match",
    code_column: str = "measure",
) -> pd.Series:
    """Give each contribution the human code of the key row whose snippet it contains.

    A coding key names contributions by a short, exact snippet of their text (and the file
    they come from), so that it survives changes to ids and row order.

    Parameters
    ----------
    contributions : DataFrame
        With ``source_file``, ``title`` and ``text``.
    key : DataFrame
        With ``source_file``, the snippet column and the code column.
    match_column, code_column : str
        Names of the snippet and code columns of ``key``.

    Returns
    -------
    Series
        The code per contribution (aligned with ``contributions``), NA where no key row of
        its file matches or where several do.

    Examples
    --------
    >>> c = pd.DataFrame({"source_file": ["a.csv"], "title": [""], "text": ["Radweg am Damm"]})
    >>> k = pd.DataFrame({"source_file": ["a.csv"], "match": ["am Damm"], "measure": ["MOB-01"]})
    >>> codes_by_match(c, k).tolist()
    ['MOB-01']
    """
    by_file = {name: rows for name, rows in key.groupby("source_file")}
    texts = contributions["title"].fillna("").astype(str) + " " + contributions["text"].fillna(
        ""
    ).astype(str)
    codes = []
    for text, source in zip(texts, contributions["source_file"]):
        rows = by_file.get(source)
        hits = [] if rows is None else [
            code for snippet, code in zip(rows[match_column], rows[code_column]) if snippet in text
        ]
        codes.append(hits[0] if len(hits) == 1 else pd.NA)
    return pd.Series(codes, index=contributions.index, dtype="string")
