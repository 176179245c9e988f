"""The strategy authors' review workbook (``review.xlsx``): write it, read it back.

:func:`write_review_workbook` writes the workbook of a run; :func:`read_review_workbook`
turns a filled-in one into validated decisions; :func:`apply_workbook` adds them to the
decisions file (``review apply`` on the command line).
"""

from pinneberg_analysis.review.meta import Meta
from pinneberg_analysis.review.reader import apply_workbook, read_review_workbook
from pinneberg_analysis.review.rows import Problem
from pinneberg_analysis.review.writer import write_review_workbook

__all__ = ["Meta", "Problem", "apply_workbook", "read_review_workbook", "write_review_workbook"]
