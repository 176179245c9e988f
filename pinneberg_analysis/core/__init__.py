"""The core: what every stage shares and nothing of the package is imported by.

Errors, the fields of action (with the one field order), the settings (pure pydantic,
no I/O in validation), the table schemas, the result of a run, safe CSV/XLSX export,
id hashing, the registry of in-process caches and the on-disk stage cache. Names are imported on first use, so
that ``from pinneberg_analysis.core import InputError`` does not load pandas.
"""

from __future__ import annotations

from pinneberg_analysis.core.lazy import lazy_exports

_EXPORTS = {
    "PinnebergError": "errors", "InputError": "errors", "ConfigError": "errors",
    "DecisionError": "errors", "OutputError": "errors",
    "FIELDS": "fields", "SHORT_NAMES": "fields", "canonical_field": "fields",
    "canonical_group": "fields", "field_sort_key": "fields", "normalise_name": "fields", "unknown_field_hint": "fields",
    "Config": "config", "load_config": "config", "DEFAULT_TOML": "default_toml",
    "FieldsConfig": "config", "IngestConfig": "config", "PrivacyConfig": "config",
    "NlpConfig": "config", "ClusterConfig": "config", "RankConfig": "config",
    "ReportConfig": "config", "SUPPORT_COMPONENTS": "config", "section": "config",
    "AnalysisResult": "result",
    "validate": "schema", "empty_frame": "schema",
    "write_csv": "export", "write_xlsx": "export", "neutralise_cell": "export",
    "neutralise_frame": "export",
    "stable_id": "ids",
    "clear_caches": "caches", "memoize": "caches", "register": "caches",
    "StageCache": "stagecache", "CacheInfo": "stagecache", "cache_dir": "stagecache",
    "cached_items": "stagecache", "digest": "stagecache", "stage_cache": "stagecache",
}

__all__ = sorted(_EXPORTS)


__getattr__, __dir__ = lazy_exports(__name__, {n: f"{__name__}.{m}" for n, m in _EXPORTS.items()})
