"""pinneberg-analysis: from citizen contributions to ranked, reviewed measures.

The stages are plain functions and scikit-learn-style estimators over pandas DataFrames:
``load`` (ingest) → ``redact`` (privacy) → ``MeasureClusterer`` (cluster and label)
→ ``apply_decisions`` (curate) → ``rank`` → ``write_report``. ``analyse`` runs them all.

Importing the package is cheap and has no side effects: the heavier stages are imported
on first use.
"""

from __future__ import annotations

from pinneberg_analysis.core.lazy import lazy_exports

__version__ = "0.1.0"

_EXPORTS = {
    "load": "pinneberg_analysis.ingest",
    "IngestResult": "pinneberg_analysis.ingest",
    "FIELDS": "pinneberg_analysis.core",
    "canonical_field": "pinneberg_analysis.core",
    "Config": "pinneberg_analysis.core",
    "load_config": "pinneberg_analysis.core",
    "PinnebergError": "pinneberg_analysis.core",
    "AnalysisResult": "pinneberg_analysis.core",
    "redact": "pinneberg_analysis.privacy",
    "redact_text": "pinneberg_analysis.privacy",
    "find_pii": "pinneberg_analysis.privacy",
    "PII_TYPES": "pinneberg_analysis.privacy",
    "Glossary": "pinneberg_analysis.nlp",
    "TextVectorizer": "pinneberg_analysis.features",
    "clear_caches": "pinneberg_analysis.features",
    "MeasureClusterer": "pinneberg_analysis.cluster",
    "cluster_contributions": "pinneberg_analysis.cluster",
    "evaluate_clustering": "pinneberg_analysis.cluster",
    "apply_decisions": "pinneberg_analysis.curate",
    "load_decisions": "pinneberg_analysis.curate",
    "read_previous": "pinneberg_analysis.curate",
    "rank": "pinneberg_analysis.ranking",
    "rank_details": "pinneberg_analysis.ranking",
    "match_ratings": "pinneberg_analysis.ranking",
    "rater_agreement": "pinneberg_analysis.ranking",
    "apply_workbook": "pinneberg_analysis.review",
    "read_review_workbook": "pinneberg_analysis.review",
    "write_review_workbook": "pinneberg_analysis.review",
    "write_report": "pinneberg_analysis.report",
    "plots": None,
    "analyse": "pinneberg_analysis.pipeline",
}

__all__ = sorted(_EXPORTS) + ["__version__"]


__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS, also=["__version__"])
