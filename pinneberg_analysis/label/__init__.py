"""Headings for groups of contributions: measure and theme labels, read like a strategy's
headings ("Sichere Radwege", "Digitale Verwaltung")."""

from pinneberg_analysis.label.groups import (
    GroupLabel,
    LabelContext,
    display_forms,
    label_context,
    label_groups,
)

__all__ = ["GroupLabel", "LabelContext", "display_forms", "label_context", "label_groups"]
