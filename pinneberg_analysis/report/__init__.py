"""The report: HTML, charts, tables and the review workbook."""
