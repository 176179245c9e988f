"""Personal data: find and redact names, e-mail addresses, phone numbers, street addresses,
IBANs and personal URLs before anything is clustered or written (DSGVO)."""

from pinneberg_analysis.privacy.redact import (
    PII_TYPES,
    PLACEHOLDERS,
    PiiSpan,
    Redactor,
    counts_table,
    default_keep_terms,
    find_pii,
    get_redactor,
    redact,
    redact_series,
    redact_text,
)

__all__ = [
    "PII_TYPES", "PLACEHOLDERS", "PiiSpan", "Redactor", "counts_table", "default_keep_terms",
    "find_pii", "get_redactor", "redact", "redact_series", "redact_text",
]
