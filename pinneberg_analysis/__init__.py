"""pinneberg-analysis: from citizen contributions to ranked, reviewed measures.

The stages are plain functions and scikit-learn-style estimators over pandas DataFrames:
``load`` (ingest) → ``redact`` (privacy) → ``MeasureClusterer`` (cluster and label)
→ ``apply_decisions`` (curate) → ``rank`` → ``write_report``. ``analyse`` runs them all.

Importing the package is cheap and has no side effects: the heavier stages are imported
on first use.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_EXPORTS = {
    "load": "pinneberg_analysis.ingest",
    "IngestResult": "pinneberg_analysis.ingest",
    "FIELDS": "pinneberg_analysis.fields",
    "canonical_field": "pinneberg_analysis.fields",
    "Config": "pinneberg_analysis.config",
    "load_config": "pinneberg_analysis.config",
    "redact": "pinneberg_analysis.privacy",
    "redact_text": "pinneberg_analysis.privacy",
    "find_pii": "pinneberg_analysis.privacy",
    "PII_TYPES": "pinneberg_analysis.privacy",
    "MeasureClusterer": "pinneberg_analysis.cluster",
    "TextVectorizer": "pinneberg_analysis.vectorize",
    "Glossary": "pinneberg_analysis.nlp_glossary",
    "evaluate_clustering": "pinneberg_analysis.evaluate",
    "rank": "pinneberg_analysis.ranking",
    "rank_details": "pinneberg_analysis.ranking",
    "match_ratings": "pinneberg_analysis.ratings_match",
    "rater_agreement": "pinneberg_analysis.agreement",
    "apply_decisions": "pinneberg_analysis.curate",
    "apply_workbook": "pinneberg_analysis.curate",
    "write_review_workbook": "pinneberg_analysis.report.workbook",
    "analyse": "pinneberg_analysis.pipeline",
    "AnalysisResult": "pinneberg_analysis.result",
    "write_report": "pinneberg_analysis.report",
    "plots": "pinneberg_analysis.plots",
    "PinnebergError": "pinneberg_analysis.errors",
}

__all__ = sorted(_EXPORTS) + ["__version__"]


def __getattr__(name: str) -> Any:
    """Import public names lazily so that ``import pinneberg_analysis`` stays fast."""
    module_name = _EXPORTS.get(name)
    if module_name is None:
        raise AttributeError(f"module 'pinneberg_analysis' has no attribute {name!r}")
    module = importlib.import_module(module_name)
    value = module if module_name.endswith("." + name) else getattr(module, name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__
