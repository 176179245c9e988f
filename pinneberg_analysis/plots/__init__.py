"""Charts in one house style (German labels, Okabe–Ito colours, 300 dpi PNG and SVG).

Every function takes a result table directly, accepts ``ax=None`` and returns a
:class:`matplotlib.figure.Figure`; nothing is shown and the global backend is never
changed, so the functions work in notebooks and scripts alike::

    from pinneberg_analysis import plots
    fig = plots.priority_matrix(result.ranking)
    plots.save_figure(fig, "out/prioritaetenmatrix")   # .png (300 dpi) and .svg

The report writes each chart under a stable file name (public contract, see
:data:`CHART_FILES`): ``charts/<name>.png`` and ``charts/<name>.svg``.
"""

from __future__ import annotations

from pinneberg_analysis.plots.measures import measures_by_support, rank_intervals
from pinneberg_analysis.plots.participation import field_source_heatmap, participation_overview
from pinneberg_analysis.plots.priority import criteria_profile, priority_matrix
from pinneberg_analysis.plots.style import (
    FIELD_COLOURS,
    OKABE_ITO,
    SOURCE_LABELS,
    field_colour,
    house_style,
    save_figure,
    wrap_label,
)

#: Report chart file names (without suffix) -> (plot function, table it draws on).
CHART_FILES: dict[str, tuple[str, str]] = {
    "teilnahme_uebersicht": ("participation_overview", "contributions"),
    "heatmap_feld_quelle": ("field_source_heatmap", "contributions"),
    "massnahmen_nach_unterstuetzung": ("measures_by_support", "ranking"),
    "prioritaetenmatrix": ("priority_matrix", "ranking"),
    "rangintervalle": ("rank_intervals", "ranking"),
    "kriterienprofil": ("criteria_profile", "ranking"),
}

__all__ = [
    "CHART_FILES",
    "FIELD_COLOURS",
    "OKABE_ITO",
    "SOURCE_LABELS",
    "criteria_profile",
    "field_colour",
    "field_source_heatmap",
    "house_style",
    "measures_by_support",
    "participation_overview",
    "priority_matrix",
    "rank_intervals",
    "save_figure",
    "wrap_label",
]
