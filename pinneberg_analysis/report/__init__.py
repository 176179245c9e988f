"""The German HTML report, its charts and tables (``write_report``).

Output layout (public contract)::

    DIR/index.html              self-contained report (inline CSS, charts as data: URIs)
    DIR/report.docx             the same chapters as a Word document (headings, tables,
                                numbered captions, embedded charts; no fields or macros)
    DIR/charts/<name>.png|svg   teilnahme_uebersicht, heatmap_feld_quelle,
                                massnahmen_nach_unterstuetzung, prioritaetenmatrix,
                                rangintervalle, kriterienprofil (300 dpi PNG and SVG)
    DIR/tables/*.csv            contributions, measures, themes, rejected, ratings
    DIR/tables/tables.xlsx      the same tables as sheets
    DIR/review.xlsx             the strategy authors' review workbook
"""

from __future__ import annotations

from pinneberg_analysis.report.writer import write_ingest, write_report

__all__ = ["write_ingest", "write_report"]
