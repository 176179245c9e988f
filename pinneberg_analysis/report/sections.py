"""The report's overview, cross-field, method, ingestion and review sections as display data."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

import pandas as pd

from pinneberg_analysis.core.result import AnalysisResult
from pinneberg_analysis.plots.style import SOURCE_LABELS, field_order, short_field
from pinneberg_analysis.report import fmt
from pinneberg_analysis.report.decision_tables import decision_tables, is_rejected, rejected_table
from pinneberg_analysis.report.fields_view import slug, with_display_rank
from pinneberg_analysis.report.method_text import (
    sensitivity_summary,
    sensitivity_table,
    unmatched_table,
    weights_text,
)
from pinneberg_analysis.report.tables import measures_table

MONTHS = (
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
)
# Packages whose versions the method section always lists (when installed).
VERSION_PACKAGES = (
    "pinneberg-analysis",
    "numpy",
    "pandas",
    "scikit-learn",
    "scipy",
    "spacy",
    "matplotlib",
    "jinja2",
    "openpyxl",
)
REJECTED_LIMIT = 500
STATUS = {"read": "gelesen", "failed": "fehlgeschlagen", "skipped": "übersprungen"}


def _col(df: pd.DataFrame, name: str) -> pd.Series:
    return df[name] if name in df.columns else pd.Series(pd.NA, index=df.index, dtype="object")


def _count_table(
    keys: pd.Series,
    header: str,
    order: Sequence[str] | None = None,
    labels: dict[str, str] | None = None,
) -> fmt.Table:
    counts = keys.fillna("").astype(str).value_counts()
    total = int(counts.sum())
    index = list(order) if order is not None else sorted(counts.index)
    rows = []
    for key in index:
        if key not in counts:
            continue
        name = (labels or {}).get(key, key) or "(ohne Angabe)"
        rows.append([name, fmt.integer(counts[key]), fmt.percent(counts[key], total)])
    return fmt.Table([header, "Beiträge", "Anteil"], rows, [False, True, True])


def overview(result: AnalysisResult) -> dict[str, Any]:
    """Key figures and participation tables (by field, source, round, date, group)."""
    c, m = result.contributions, measures_table(result)
    single = _col(m, "is_single").map(lambda v: (not fmt.missing(v)) and bool(v))
    rated = fmt.floats(_col(m, "expert_score")).notna()
    raters = _col(result.ratings, "rater").dropna().nunique()
    figures = [
        ("Angenommene Beiträge", fmt.integer(len(c))),
        (
            "davon exakte Dubletten",
            fmt.integer(int(_col(c, "is_duplicate").fillna(False).astype(bool).sum())),
        ),
        (
            "davon fast gleichlautende Kopien",
            fmt.integer(int(_col(c, "is_near_duplicate").fillna(False).astype(bool).sum())),
        ),
        ("Abgelehnte Zeilen", fmt.integer(len(result.rejected))),
        ("Eingelesene Dateien", fmt.integer(len(result.files))),
        ("Stimmen/Punkte", fmt.integer(fmt.floats(_col(c, "votes")).sum())),
        ("Maßnahmen", fmt.integer(int((~single).sum()))),
        ("Einzelideen", fmt.integer(int(single.sum()))),
        ("Themen", fmt.integer(len(result.themes))),
        ("Maßnahmen mit Expertenbewertung", fmt.integer(int(rated.sum()))),
        ("Bewertende Personen", fmt.integer(raters)),
    ]
    fields = field_order(list(_col(c, "field")) + list(_col(m, "field")))
    by_field_rows = []
    total = len(c)
    for name in fields:
        in_field = c[_col(c, "field") == name] if not c.empty else c
        mf = m[_col(m, "field") == name] if not m.empty else m
        sf = single[mf.index] if not mf.empty else single.iloc[:0]
        by_field_rows.append(
            [
                name,
                fmt.integer(len(in_field)),
                fmt.percent(len(in_field), total),
                fmt.integer(fmt.floats(_col(in_field, "votes")).sum()),
                fmt.integer(int((~sf).sum())),
                fmt.integer(int(sf.sum())),
            ]
        )
    by_field = fmt.Table(
        ["Handlungsfeld", "Beiträge", "Anteil", "Stimmen", "Maßnahmen", "Einzelideen"],
        by_field_rows,
        [False, True, True, True, True, True],
    )
    kinds = _col(c, "source_kind").astype("string")
    kind_order = [k for k in SOURCE_LABELS if k in set(kinds.dropna())]
    kind_order += sorted(set(kinds.dropna()) - set(kind_order)) + [""]
    rounds = fmt.floats(_col(c, "round")).map(lambda r: "" if fmt.missing(r) else f"Runde {int(r)}")
    return {
        "figures": figures,
        "by_field": by_field,
        "by_source": _count_table(kinds, "Quelle", kind_order, SOURCE_LABELS),
        "by_file": _count_table(_col(c, "source_file").astype("string"), "Datei"),
        "by_round": _count_table(
            rounds, "Runde", sorted(set(rounds) - {""}) + [""], {"": "ohne Runde (z. B. online)"}
        ),
        "by_date": _date_table(_col(c, "date")),
        "by_group": _count_table(_col(c, "participant_group").astype("string"), "Gruppe"),
    }


def _date_table(dates: pd.Series) -> fmt.Table:
    parsed = pd.to_datetime(dates, errors="coerce")
    if parsed.dropna().dt.normalize().nunique() > 31:
        keys = parsed.map(lambda d: "" if pd.isna(d) else f"{d.year:04d}-{d.month:02d}")
        labels = {k: f"{MONTHS[int(k[5:]) - 1]} {k[:4]}" for k in set(keys) if k}
        header = "Monat"
    else:
        keys = parsed.map(lambda d: "" if pd.isna(d) else d.strftime("%Y-%m-%d"))
        labels = {k: fmt.date(k) for k in set(keys) if k}
        header = "Datum"
    labels[""] = "ohne Datum"
    return _count_table(keys, header, sorted(set(keys) - {""}) + [""], labels)


@dataclass
class CrossFieldItem:
    anchor: str
    label: str
    field: str
    others: str
    counts: str
    rank: str


def cross_field(result: AnalysisResult) -> list[CrossFieldItem]:
    """Measures raised in several fields of action (``fields`` with more than one entry)."""
    m = with_display_rank(measures_table(result))
    m["_rejected"] = is_rejected(m)
    c = result.contributions
    items = []
    for _, row in m.iterrows():
        fields = fmt.split_list(row.get("fields"))
        multi = row.get("multi_field")
        if len(fields) < 2 and not ((not fmt.missing(multi)) and bool(multi)):
            continue
        mid = fmt.text(row["measure_id"])
        mine = c[_col(c, "measure_id") == mid] if not c.empty else c
        per_field = _col(mine, "field").value_counts()
        counts = ", ".join(
            f"{short_field(f)}: {int(per_field[f])}" for f in field_order(per_field.index)
        )
        items.append(
            CrossFieldItem(
                anchor=slug(mid, "massnahme"),
                label=fmt.text(row.get("label")) or mid,
                field=short_field(fmt.text(row.get("field"))),
                others=", ".join(short_field(f) for f in fields[1:]) or fmt.DASH,
                counts=counts or fmt.DASH,
                rank="abgelehnt"
                if row["_rejected"]
                else fmt.rank_interval(
                    row.get("show_rank"), row.get("show_low"), row.get("show_high")
                ),
            )
        )
    return items


@dataclass
class InputFile:
    path: str
    kind: str
    sha256: str
    status: str
    n_read: str
    n_accepted: str
    n_rejected: str
    message: str


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _versions(given: object) -> fmt.Table:
    versions: dict[str, str] = {}
    for name in VERSION_PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    if isinstance(given, dict):
        versions.update({str(k): str(v) for k, v in given.items()})
    return fmt.Table(["Paket", "Version"], [[k, versions[k]] for k in sorted(versions)])


def _param_text(value: object) -> str:
    if isinstance(value, (dict, list, tuple)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    return fmt.text(value)


def _run_record(result: AnalysisResult) -> dict[str, Any]:
    """What the run computed (``result.parameters``) and the settings it used (``result.config``)."""
    cfg = result.config
    record = dict(result.parameters)
    record.update({"seed": cfg.seed, "cluster": cfg.cluster.model_dump(),
                   "rank": cfg.rank.model_dump(), "interval": cfg.rank.interval,
                   "cluster_backend": cfg.cluster.backend})
    vocabulary = cfg.nlp.model_dump(exclude_defaults=True)
    if vocabulary:  # a project's own vocabulary
        record["nlp"] = vocabulary
    return record


def method(result: AnalysisResult, inputs: Sequence[Path]) -> dict[str, Any]:
    """Parameters, seed, package versions, input files with checksums, rating quality."""
    cfg, params = result.config, _run_record(result)
    rank = cfg.rank
    shown = {"grouping_mode", "grouping_mode_reason", "seed", "versions", "package_versions", "report_date", "n_measures", "n_themes"}
    settings = fmt.key_values(
        [
            ("Zufallsstartwert (Seed)", str(cfg.seed)),
            ("Textdarstellung (Backend)", str(cfg.cluster.backend)),
            ("Gruppierungsmodus", str(params.get("grouping_mode_reason") or cfg.cluster.backend)),
            ("Körnung der Gruppierung", cfg.cluster.granularity),
            ("Gruppierung je Handlungsfeld", "ja" if cfg.cluster.per_field else "nein"),
            ("Anzahl Maßnahmen", _param_text(params.get("n_measures", cfg.cluster.n_measures))),
            ("Anzahl Themen", _param_text(params.get("n_themes", cfg.cluster.n_themes))),
            ("Gewicht Unterstützung", fmt.number(rank.weight_support)),
            ("Gewicht Expertenbewertung", fmt.number(rank.weight_expert)),
            ("Gewichte der Unterstützung", weights_text(rank.support_weights)),
            ("Gewichte der Kriterien", weights_text(rank.criterion_weights)),
            (
                "Gleichlautende Beiträge",
                "zählen einmal" if rank.near_duplicates_once else "zählen einzeln",
            ),
            (
                "Herausforderungen",
                "zählen als Unterstützung"
                if rank.challenges_as_support
                else "zählen nicht als Unterstützung",
            ),
            ("Umgekehrt gewertete Kriterien", ", ".join(rank.invert_criteria) or fmt.DASH),
            ("Bootstrap-Wiederholungen", fmt.integer(rank.n_bootstrap)),
            ("Rangintervall", fmt.interval_share(rank.interval)),
            ("Zitate je Maßnahme", fmt.integer(cfg.report.n_quotes)),
        ]
    )
    extra = fmt.Table(
        ["Parameter", "Wert"],
        [[str(k), _param_text(params[k])] for k in sorted(params, key=str) if k not in shown],
    )
    files = [
        InputFile(
            path=fmt.text(row.get("source_file")),
            kind=fmt.text(row.get("kind")),
            sha256=fmt.text(row.get("sha256")),
            status=STATUS.get(fmt.text(row.get("status")), fmt.text(row.get("status"))),
            n_read=fmt.integer(row.get("n_read")),
            n_accepted=fmt.integer(row.get("n_accepted")),
            n_rejected=fmt.integer(row.get("n_rejected")),
            message=fmt.text(row.get("message")),
        )
        for _, row in result.files.iterrows()
    ]
    given = []
    for path in inputs:
        p = Path(path)
        kind = "Ordner" if p.is_dir() else ("Datei" if p.is_file() else "nicht gefunden")
        given.append([str(path), kind, _sha256(p) if p.is_file() else fmt.DASH])
    return {
        "settings": settings,
        "extra": extra,
        "versions": _versions(params.get("versions", params.get("package_versions"))),
        "files": files,
        "inputs": fmt.Table(["Pfad", "Art", "SHA-256"], given, classes=["path", "", "hash"]),
        "agreement": fmt.frame_table(result.agreement, _AGREEMENT),
        "unmatched": unmatched_table(result),
        "n_matches": len(result.rating_matches),
        "pii": fmt.frame_table(result.pii_counts),
        "sensitivity": sensitivity_table(result),
        "sensitivity_text": sensitivity_summary(result),
    }


_AGREEMENT = {
    "criterion": "Kriterium",
    "alpha": "Krippendorffs α",
    "n_raters": "Bewertende",
    "n_items": "Maßnahmen",
    "n": "Anzahl",
}


def ingestion(result: AnalysisResult) -> dict[str, Any]:
    """The ingestion report: files that failed, rejected rows and their reasons."""
    files, rejected = result.files, result.rejected
    failed = (
        files[_col(files, "status").astype("string").fillna("") != "read"]
        if not files.empty
        else files
    )
    reasons = _col(rejected, "reason").astype("string").fillna("(ohne Grund)")
    by_reason = fmt.Table(
        ["Grund", "Zeilen"],
        [
            [k, fmt.integer(v)]
            for k, v in sorted(reasons.value_counts().items(), key=lambda kv: (-kv[1], kv[0]))
        ],
        [False, True],
    )
    return {
        "failed": fmt.frame_table(
            failed,
            {"source_file": "Datei", "status": "Status", "message": "Meldung"},
            formats={"status": lambda v: STATUS.get(fmt.text(v), fmt.text(v))},
        ),
        "by_reason": by_reason,
        "rejected": fmt.frame_table(
            rejected,
            {
                "source_file": "Datei",
                "locator": "Stelle",
                "title": "Titel",
                "text": "Text",
                "column": "Spalte",
                "value": "Wert",
                "reason": "Grund",
                "hint": "Behebung",
            },
            limit=REJECTED_LIMIT,
            classes={"source_file": "path"},
            formats={"text": lambda v: fmt.text(v)[:300] + ("…" if len(fmt.text(v)) > 300 else "")},
        ),
        "n_rejected": fmt.integer(len(rejected)),
        "warnings": list(result.parameters.get("ingest_warnings") or []),
        "recognised": list(result.parameters.get("ingest_recognised") or []),
    }


def review(result: AnalysisResult) -> dict[str, Any]:
    """Review decisions that were applied and those that could not be applied."""
    applied, failed = decision_tables(result.decisions_log)
    rejected = rejected_table(result.measures, result.decisions_log)
    return {
        "applied": applied,
        "failed": failed,
        "rejected": rejected,
        "any": bool(applied or failed or rejected),
    }
