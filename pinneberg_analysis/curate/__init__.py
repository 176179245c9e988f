"""The strategy authors' decisions (rename, merge, move, reject, split) applied to a run,
and measure ids kept stable across runs."""

from pinneberg_analysis.curate.apply import (
    APPLIED,
    NOT_APPLICABLE,
    STATUS_ACTIVE,
    STATUS_REJECTED,
    CurateResult,
    apply_decisions,
)
from pinneberg_analysis.curate.decisions import Decision, DecisionsFile, load_decisions
from pinneberg_analysis.curate.identity import read_previous, stabilise_ids, stabilise_theme_ids

__all__ = [
    "APPLIED", "NOT_APPLICABLE", "STATUS_ACTIVE", "STATUS_REJECTED", "CurateResult", "Decision",
    "DecisionsFile", "apply_decisions", "load_decisions", "read_previous", "stabilise_ids",
    "stabilise_theme_ids",
]
