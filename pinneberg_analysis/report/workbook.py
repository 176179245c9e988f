"""The strategy authors' review workbook (``review.xlsx``) for the report folder.

The workbook's layout, writer and reader live in :mod:`pinneberg_analysis.review` (the
curation layer), so that ``review apply`` can read a workbook without importing the report.
This module is the report's entry point to it.
"""

from __future__ import annotations

from ..review.reader import apply_workbook, read_review_workbook
from ..review.writer import write_review_workbook

__all__ = ["apply_workbook", "read_review_workbook", "write_review_workbook"]
