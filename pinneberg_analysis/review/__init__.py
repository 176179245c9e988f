"""The strategy authors' review loop: the workbook's layout and reading it back.

``read_review_workbook`` turns a filled-in ``review.xlsx`` into validated decisions;
``apply_workbook`` adds them to the decisions file (``review apply`` on the command line).
The workbook itself is written by :func:`pinneberg_analysis.report.workbook.write_review_workbook`.
"""

from .meta import Meta
from .reader import apply_workbook, read_review_workbook
from .rows import Problem

__all__ = ["Meta", "Problem", "apply_workbook", "read_review_workbook"]
