"""The core: what every stage shares and nothing of the package is imported by.

Errors, the fields of action (with the one field order), the settings (pure pydantic,
no I/O in validation), the table schemas, the result of a run, safe CSV/XLSX export,
id hashing and the registry of in-process caches. Names are imported on first use, so
that ``from pinneberg_analysis.core import InputError`` does not load pandas.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "PinnebergError": "errors", "InputError": "errors", "ConfigError": "errors",
    "DecisionError": "errors", "OutputError": "errors",
    "FIELDS": "fields", "SHORT_NAMES": "fields", "canonical_field": "fields",
    "canonical_group": "fields", "normalise_name": "fields", "unknown_field_hint": "fields",
    "Config": "config", "load_config": "config", "DEFAULT_TOML": "config",
    "FieldsConfig": "config", "IngestConfig": "config", "PrivacyConfig": "config",
    "NlpConfig": "config", "ClusterConfig": "config", "RankConfig": "config",
    "ReportConfig": "config", "SUPPORT_COMPONENTS": "config", "section": "config",
    "AnalysisResult": "result",
    "validate": "schema", "empty_frame": "schema",
    "write_csv": "export", "write_xlsx": "export", "neutralise_cell": "export",
    "neutralise_frame": "export",
    "stable_id": "ids",
    "clear_caches": "caches", "memoize": "caches", "register": "caches",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__
