"""Draw the report's charts, write them to ``charts/`` and prepare them for inlining."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from pathlib import Path

from pinneberg_analysis import plots
from pinneberg_analysis.core.result import AnalysisResult
from pinneberg_analysis.core.stagecache import code_fingerprint, digest, stage_cache


@dataclass(frozen=True)
class Chart:
    """One written chart: its stable file name, German caption and inlinable image."""

    name: str
    title: str
    caption: str
    data_uri: str
    png: str
    svg: str


#: Stable chart file names (public contract) -> German caption for the report.
CAPTIONS: dict[str, str] = {
    "teilnahme_uebersicht": (
        "Anzahl der angenommenen Beiträge je Handlungsfeld, nach Art der Quelle."
    ),
    "heatmap_feld_quelle": (
        "Beiträge je Handlungsfeld und Quelle: Je heller ein Feld, desto mehr Beiträge."
    ),
    "massnahmen_nach_unterstuetzung": (
        "Die am stärksten unterstützten Maßnahmen je Handlungsfeld. Der Index fasst Zahl "
        "der Beiträge, Stimmen, Quellen und Runden zusammen und ist innerhalb jedes "
        "Handlungsfelds auf 0 bis 1 normiert."
    ),
    "prioritaetenmatrix": (
        "Unterstützung aus der Beteiligung gegen die mittlere Expertenbewertung auf der Skala "
        "der Bewertenden (1–5). Jeder Punkt trägt seinen Gesamtrang; die Namen stehen unter "
        "der Grafik. Gestrichelt: Mediane der bewerteten Maßnahmen. Hohle Kreise im grauen "
        "Band: Maßnahmen ohne Expertenbewertung."
    ),
    "rangintervalle": (
        "Rang jeder Maßnahme (Punkt) mit ihrem Rangintervall (Linie) aus der "
        "Bootstrap-Analyse. Überlappen sich zwei Linien, ist die Reihenfolge der beiden "
        "Maßnahmen nicht gesichert. Hohle Punkte und gestrichelte Linien: Maßnahmen ohne "
        "Expertenbewertung."
    ),
    "kriterienprofil": (
        "Mittlere Expertenbewertung je Kriterium für die bestplatzierten bewerteten "
        "Maßnahmen. Die Farbe zeigt, wie günstig ein Wert ist (bei Kosten: niedrig = günstig)."
    ),
}


def draw_charts(result: AnalysisResult) -> dict[str, object]:
    """Draw every report chart from ``result``; returns file name -> Figure."""
    rank_cfg = result.config.rank
    top_n = result.config.report.top_n
    interval = rank_cfg.interval
    return {
        "teilnahme_uebersicht": plots.participation_overview(result.contributions),
        "heatmap_feld_quelle": plots.field_source_heatmap(result.contributions),
        "massnahmen_nach_unterstuetzung": plots.measures_by_support(
            result.ranking, top_n=min(top_n, 8)
        ),
        "prioritaetenmatrix": plots.priority_matrix(result.ranking, n_labels=top_n),
        "rangintervalle": plots.rank_intervals(result.ranking, top_n=2 * top_n, interval=interval),
        "kriterienprofil": plots.criteria_profile(
            result.ranking, top_n=top_n, invert=rank_cfg.invert_criteria
        ),
    }


def write_charts(result: AnalysisResult, folder: str | Path) -> list[Chart]:
    """Write each chart as ``<name>.png`` (300 dpi) and ``<name>.svg`` into ``folder``.

    Returns
    -------
    list of Chart
        In report order, each with the SVG as a ``data:`` URI for inlining.
    """
    folder = Path(folder)
    store = stage_cache()
    key = None if store is None else digest(
        "charts", code_fingerprint(), result.contributions, result.ranking, result.config.rank,
        result.config.report)
    drawn = None if store is None else store.get(key)
    if drawn is None:  # the charts of an earlier run with the same tables are in the stage cache
        drawn = []
        for name, fig in draw_charts(result).items():
            png, svg = plots.save_figure(fig, folder / name)
            drawn.append((name, plots.style.chart_title(fig), png.read_bytes(), svg.read_bytes()))
        if store is not None:
            store.set(key, drawn)
    else:
        folder.mkdir(parents=True, exist_ok=True)
        for name, _title, png_bytes, svg_bytes in drawn:
            (folder / f"{name}.png").write_bytes(png_bytes)
            (folder / f"{name}.svg").write_bytes(svg_bytes)
    charts = []
    for name, title, _png, svg_bytes in drawn:
        png, svg = folder / f"{name}.png", folder / f"{name}.svg"
        encoded = base64.b64encode(svg_bytes).decode("ascii")
        charts.append(
            Chart(
                name=name,
                title=title,
                caption=CAPTIONS[name],
                data_uri=f"data:image/svg+xml;base64,{encoded}",
                png=f"charts/{png.name}",
                svg=f"charts/{svg.name}",
            )
        )
    return charts
