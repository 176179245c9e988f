"""``report.docx``: the report's chapters as a Word document authors can paste from.

Real Word headings (``Heading 1``-``3``), tables in the built-in ``Table Grid`` style with a
repeated header row, the charts embedded as 300-dpi PNGs, and figure and table captions
numbered as plain text ("Abbildung 3: …"), so nothing in the file is a live field or a
macro. The document holds what the HTML report shows, minus the quotes: no contribution
text is copied beyond the (redacted) campaign and challenge snippets, no author or contact
column ever, and the document properties name no person. Dates and zip times are fixed, so
the same result gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from pinneberg_analysis.core.export import make_reproducible
from pinneberg_analysis.core.result import AnalysisResult
from pinneberg_analysis.report import fmt
from pinneberg_analysis.report.charts import Chart

#: Charts in the document, in chapter order (the heatmap repeats the stacked bar chart).
_CHAPTER_CHARTS = {
    "ueberblick": ("teilnahme_uebersicht",),
    "rangfolge": (
        "massnahmen_nach_unterstuetzung", "prioritaetenmatrix", "rangintervalle",
        "kriterienprofil",
    ),
}
_FIXED_TIME = dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc)


class _Writer:
    """Adds numbered figures and tables to one document."""

    def __init__(self, folder: Path) -> None:
        self.doc = Document()
        self.folder = folder
        self.n_figures = 0
        self.n_tables = 0
        section = self.doc.sections[0]
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, Cm(2))
        normal = self.doc.styles["Normal"]
        normal.font.name = "Calibri"
        normal.font.size = Pt(10.5)

    def heading(self, text: str, level: int) -> None:
        self.doc.add_heading(text, level=level)

    def para(self, text: str, style: str | None = None) -> None:
        if text:
            self.doc.add_paragraph(text, style=style)

    def bullets(self, items: Sequence[str]) -> None:
        for item in items:
            self.doc.add_paragraph(item, style="List Bullet")

    def caption(self, text: str) -> None:
        self.doc.add_paragraph(text, style="Caption")

    def table(self, table: fmt.Table, title: str) -> None:
        if not table.rows:
            return
        self.n_tables += 1
        self.caption(f"Tabelle {self.n_tables}: {title}")
        t = self.doc.add_table(rows=1, cols=len(table.headers))
        t.style = "Table Grid"
        header = t.rows[0]
        _repeat_header(header)
        for cell, text in zip(header.cells, table.headers, strict=True):
            cell.text = ""
            cell.paragraphs[0].add_run(str(text)).bold = True
        for row in table.rows:
            cells = t.add_row().cells
            for i, (cell, text) in enumerate(zip(cells, row, strict=True)):
                cell.text = str(text)
                if table.numeric and i < len(table.numeric) and table.numeric[i]:
                    cell.paragraphs[0].alignment = 2  # right
        for row in t.rows:
            for cell in row.cells:
                for p in cell.paragraphs:
                    for run in p.runs:
                        run.font.size = Pt(9)
        if table.note:
            self.para(table.note)

    def figure(self, chart: Chart) -> None:
        png = self.folder / chart.png
        if not png.is_file():
            return
        self.n_figures += 1
        self.doc.add_picture(str(png), width=Cm(16.5))
        self.caption(f"Abbildung {self.n_figures}: {chart.title}. {chart.caption}")

    def save(self, path: Path, title: str) -> Path:
        props = self.doc.core_properties
        props.title = title
        props.author = ""
        props.last_modified_by = ""
        props.comments = ""
        props.keywords = ""
        props.revision = 1
        props.created = _FIXED_TIME
        props.modified = _FIXED_TIME
        props.last_printed = _FIXED_TIME
        self.doc.save(str(path))
        make_reproducible(path)
        return path


def _repeat_header(row: Any) -> None:
    """Mark a table row as header row, repeated on every page (a row property, no field)."""
    props = row._tr.get_or_add_trPr()
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    props.append(flag)


def write_docx(
    context: dict[str, Any], charts: Sequence[Chart], folder: str | Path
) -> Path:
    """Write ``report.docx`` into the report folder.

    Parameters
    ----------
    context : dict
        The report's display data (:func:`pinneberg_analysis.report.html.build_context`).
    charts : sequence of Chart
        The written charts; their PNG files (``folder / chart.png``) are embedded.
    folder : str or Path
        The report folder.

    Returns
    -------
    Path
        The path of ``report.docx``.
    """
    folder = Path(folder)
    w = _Writer(folder)
    by_name = {c.name: c for c in charts}
    w.doc.add_heading(context["title"], level=0)
    if context.get("report_date"):
        w.para(f"Stand: {context['report_date']}")

    w.heading("Kernergebnisse", 1)
    w.bullets(context["findings"])

    overview = context["overview"]
    w.heading("Überblick über die Beteiligung", 1)
    w.table(fmt.key_values(overview["figures"]), "Kennzahlen der Beteiligung")
    w.table(overview["by_field"], "Beiträge je Handlungsfeld")
    for name in _CHAPTER_CHARTS["ueberblick"]:
        if name in by_name:
            w.figure(by_name[name])
    if context["campaigns"]:
        w.heading("Gleichlautende Beiträge", 2)
        w.para(context["campaign_note"])
        w.table(context["campaign_table"], "Gruppen gleich oder fast gleich lautender Beiträge")

    w.heading("Rangfolge über alle Handlungsfelder", 1)
    w.para(
        "Die Rangfolge verbindet die Unterstützung aus der Beteiligung mit der "
        "Expertenbewertung. Maßnahmen ohne Expertenbewertung sind allein nach ihrer "
        "Unterstützung eingeordnet. In Klammern steht das Rangintervall aus der "
        "Bootstrap-Analyse."
    )
    w.table(context["overall"], "Rangliste aller Maßnahmen")
    for name in _CHAPTER_CHARTS["rangfolge"]:
        if name in by_name:
            w.figure(by_name[name])

    w.heading("Ergebnisse je Handlungsfeld", 1)
    for f in context["fields"]:
        w.heading(f.name, 2)
        w.para(context["summaries"].get(f.name, ""))
        found = context["challenges"].get(f.name, [])
        if found:
            w.heading("Herausforderungen", 3)
            w.bullets(
                [
                    f"„{c.text}“"
                    + (f" ({c.votes})" if c.votes else "")
                    + (f", aufgegriffen in: {c.answered_by}" if c.answered_by else "")
                    for c in found
                ]
            )
        if f.ranking.rows:
            w.table(f.ranking, f"Rangliste im Handlungsfeld {f.name}")

    w.heading("Grenzen der Auswertung", 1)
    w.bullets(context["limitations"])

    method = context["method"]
    w.heading("Methodik", 1)
    w.bullets(
        [
            "Einlesen: Workshop-Protokolle, Forumsbeiträge, Online-Ideen und "
            "Expertenbewertungen werden eingelesen und geprüft; abgelehnte Zeilen werden "
            "mit Grund aufgeführt.",
            "Anonymisieren: Namen, E-Mail-Adressen, Telefonnummern und ähnliche Angaben "
            "werden vor jeder Auswertung entfernt.",
            "Gruppieren: Ähnliche Beiträge werden mit deutscher Sprachverarbeitung zu "
            "Maßnahmen und Themen gebündelt.",
            "Review: Die Entscheidungen der Strategie-Autorinnen und -Autoren werden "
            "angewendet.",
            "Bewerten und Ordnen: Unterstützung und Expertenbewertung werden zu einem Wert "
            "verbunden; wiederholte Stichproben ergeben je Rang ein Rangintervall.",
        ]
    )
    w.para(method.get("sensitivity_text", ""))
    w.table(method["settings"], "Einstellungen des Laufs")
    return w.save(folder / "report.docx", context["title"])
