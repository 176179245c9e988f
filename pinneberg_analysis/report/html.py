"""Render the self-contained German HTML report with Jinja2 (autoescape on).

Citizen text is never marked safe: it reaches the page only through autoescaped
expressions. Charts are inlined as ``data:`` URIs of the SVG files (in ``src``
attributes, escaped like any other value). The only ``Markup`` is the package's own
style sheet and print script, which must reach the page byte for byte. A
Content-Security-Policy allows only those images, the inline style sheet and the one
tiny inline script (by hash), so even a mistake could neither run injected script nor
load anything from the network.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from pinneberg_analysis.core.result import AnalysisResult
from pinneberg_analysis.report import findings, fmt, ranking_view, sections
from pinneberg_analysis.report.charts import Chart
from pinneberg_analysis.report.fields_view import field_views

# Opens the collapsed <details> before printing, so printouts show the Einzelideen; the
# appendix tables (``details.appendix``) stay folded and are left out of the printout.
PRINT_SCRIPT = (
    "window.addEventListener('beforeprint',function(){"
    "document.querySelectorAll('details:not(.appendix)').forEach(function(d){d.open=true;});});"
)


def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("pinneberg_analysis.report", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def _css() -> str:
    return (resources.files("pinneberg_analysis.report") / "templates" / "report.css").read_text(
        encoding="utf-8"
    )


def _csp_hash(source: str) -> str:
    digest = hashlib.sha256(source.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def content_security_policy(css: str, script: str) -> str:
    """The report's CSP: nothing from the network, only our inline style, script, images."""
    return (
        "default-src 'none'; img-src data:; "
        f"style-src {_csp_hash(css)}; script-src {_csp_hash(script)}; "
        "base-uri 'none'; form-action 'none'"
    )


def build_context(
    result: AnalysisResult, charts: Sequence[Chart], inputs: Sequence[Path] = ()
) -> dict[str, Any]:
    """Everything the template shows, as display strings and small dataclasses."""
    fields = field_views(result)
    css = _css()
    report_date = result.parameters.get("report_date")
    toc = [
        ("kernergebnisse", "Kernergebnisse", []),
        ("ueberblick", "Überblick über die Beteiligung", []),
        ("rangfolge", "Rangfolge über alle Handlungsfelder", []),
        ("handlungsfelder", "Ergebnisse je Handlungsfeld", [(f.anchor, f.name) for f in fields]),
        ("mehrere-felder", "Maßnahmen aus mehreren Handlungsfeldern", []),
        ("review", "Review-Entscheidungen", []),
        ("grenzen", "Grenzen der Auswertung", []),
        ("methodik", "Methodik", []),
        ("einlesebericht", "Einlesebericht: Eingelesene Dateien und abgelehnte Zeilen", []),
        ("dateien", "Tabellen und Grafiken zum Weiterverarbeiten", []),
    ]
    return {
        "title": result.config.report.title,
        "report_date": fmt.date(report_date) if report_date else "",
        # Our own constant style sheet and script: inserted verbatim (never citizen text).
        "css": Markup(css),
        "script": Markup(PRINT_SCRIPT),
        "csp": content_security_policy(css, PRINT_SCRIPT),
        "toc": toc,
        "charts": {c.name: c for c in charts},
        "chart_list": list(charts),
        "overview": sections.overview(result),
        **findings_context(result),
        "fields": fields,
        "cross_field": sections.cross_field(result),
        "method": sections.method(result, inputs),
        "ingestion": sections.ingestion(result),
        "review": sections.review(result),
        "matching": ranking_view.matching(result),
        "ranking_text": ranking_view.top_of_ranking(result),
        "n_quotes": result.config.report.n_quotes,
        # "90" for the German compound "90-%-Rangintervall"
        "interval": fmt.interval_share(
            result.config.rank.interval
        ).replace("\u00a0%", ""),
    }


def findings_context(result: AnalysisResult) -> dict[str, Any]:
    """The report's words: Kernergebnisse, field summaries, challenges, campaigns, limits."""
    groups = findings.campaigns(result)
    names = [f for f in findings.field_order_of(result)]
    return {
        "findings": findings.key_findings(result),
        "summaries": {f: findings.field_summary(result, f) for f in names},
        "challenges": {f: findings.challenges(result, f) for f in names},
        "campaigns": groups,
        "campaign_note": findings.campaign_note(result, groups),
        "campaign_table": fmt.Table(
            ["Text (gekürzt)", "Exemplare", "Stimmen", "Maßnahme", "Feld"],
            [[g.text, str(g.n_copies), g.votes or fmt.DASH, g.measure or fmt.DASH, g.field]
             for g in groups],
            [False, True, True, False, False],
        ),
        "limitations": findings.limitations(result),
        "overall": findings.overall_table(result),
    }


def render_html(
    result: AnalysisResult,
    charts: Sequence[Chart],
    inputs: Sequence[Path] = (),
    *,
    context: dict[str, Any] | None = None,
) -> str:
    """The complete report page as a string (UTF-8, self-contained).

    Parameters
    ----------
    result : AnalysisResult
        The run's tables.
    charts : sequence of Chart
        The written charts (:func:`pinneberg_analysis.report.charts.write_charts`).
    inputs : sequence of Path
        The input paths as given on the command line (listed with checksums).
    context : dict, optional
        The display data when :func:`build_context` has built it already.
    """
    template = _environment().get_template("report.html.j2")
    return template.render(**(context or build_context(result, charts, inputs)))
