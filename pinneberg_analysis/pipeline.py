"""The whole analysis in one call: ingest → redact → cluster → curate → rank.

Each stage is also public on its own, so an analyst can stop after any of them in a
notebook; :func:`analyse` only chains them and records the run's parameters.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from importlib import metadata
from pathlib import Path

import pandas as pd

from .config import Config
from .result import AnalysisResult

logger = logging.getLogger(__name__)

STAGES: tuple[str, ...] = (
    "Einlesen",
    "Anonymisieren",
    "Clustern und Beschriften",
    "Review-Entscheidungen anwenden",
    "Priorisieren",
)

_VERSIONED_PACKAGES = (
    "pinneberg-analysis",
    "pandas",
    "numpy",
    "scikit-learn",
    "spacy",
    "spacy-lookups-data",
    "matplotlib",
    "openpyxl",
)


def package_versions() -> dict[str, str]:
    """Versions of the packages that shape the results, for the method section."""
    versions = {}
    for name in _VERSIONED_PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "nicht installiert"
    return versions


def analyse(
    paths: str | Path | Sequence[str | Path],
    *,
    field: str | None = None,
    config: Config | None = None,
    decisions: str | Path | None = None,
    seed: int | None = None,
    previous: pd.DataFrame | None = None,
    on_stage: Callable[[str], None] | None = None,
) -> AnalysisResult:
    """Run the whole pipeline on input files and return every table.

    Parameters
    ----------
    paths : path or sequence of paths
        Input files or folders (read recursively).
    field : str, optional
        Field of action for rows whose file names none.
    config : Config, optional
        Settings; defaults when omitted.
    decisions : path, optional
        The review decisions file (YAML) to apply after clustering.
    seed : int, optional
        Overrides ``config.seed``.
    previous : DataFrame, optional
        ``contribution_id, measure_id`` of an earlier run, to keep measure ids stable
        (see :func:`pinneberg_analysis.identity.read_previous`).
    on_stage : callable, optional
        Called with each stage's German name as it starts (for progress displays).

    Returns
    -------
    AnalysisResult
        Contributions, measures, themes, ranking and the supporting tables.
    """
    from . import privacy
    from .curate import apply_decisions
    from .decisions import load_decisions
    from .cluster import cluster_contributions
    from .ingest import load
    from .ranking import rank_details

    config = config or Config()
    if seed is None:
        seed = config.seed
    notify = on_stage or (lambda _name: None)

    notify(STAGES[0])
    ingested = load(paths, field=field, config=config)

    notify(STAGES[1])
    contributions, pii_counts = privacy.redact(ingested.contributions, config.privacy)

    notify(STAGES[2])
    contributions, measures, themes = cluster_contributions(
        contributions, config.cluster, random_state=seed
    )

    notify(STAGES[3])
    decisions_file = load_decisions(decisions) if decisions else None
    curated = apply_decisions(
        contributions,
        measures,
        themes,
        decisions_file,
        previous=previous,
        fields_config=config.fields,
    )

    notify(STAGES[4])
    active = curated.measures
    if "status" in active.columns:
        active = active[active["status"].fillna("") != "abgelehnt"]
    ranked = rank_details(
        active, curated.contributions, ingested.ratings, weights=config.rank, random_state=seed
    )

    parameters = {
        "seed": seed,
        "field_default": field,
        "n_contributions": len(curated.contributions),
        "n_measures": int((~curated.measures.get("is_single", pd.Series(dtype=bool))).sum())
        if "is_single" in curated.measures
        else len(curated.measures),
        "n_single_ideas": int(curated.measures["is_single"].sum())
        if "is_single" in curated.measures
        else 0,
        "n_themes": len(curated.themes),
        "cluster": config.cluster.model_dump(),
        "rank": config.rank.model_dump(),
        "versions": package_versions(),
        "decisions_file": str(decisions) if decisions else None,
    }
    return AnalysisResult(
        contributions=curated.contributions,
        rejected=ingested.rejected,
        files=ingested.files,
        ratings=ranked.matches.ratings,
        measures=curated.measures,
        themes=curated.themes,
        ranking=ranked.ranking,
        rating_matches=ranked.matches.matches,
        unmatched_ratings=ranked.matches.unmatched,
        agreement=ranked.agreement,
        sensitivity=ranked.sensitivity,
        decisions_log=curated.log,
        pii_counts=pii_counts,
        config=config,
        parameters=parameters,
    )
