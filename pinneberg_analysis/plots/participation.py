"""Charts of the participation itself: who contributed where and through which format."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from pinneberg_analysis.plots.style import (
    SEQUENTIAL_CMAP,
    SOURCE_COLOURS,
    SOURCE_KINDS,
    SOURCE_LABELS,
    empty_chart,
    field_order,
    house_style,
    new_axes,
    set_title,
    short_field,
    text_colour,
    wrap_label,
)

NO_CONTRIBUTIONS = "Keine Beiträge vorhanden."


def _counts(contributions: pd.DataFrame, column: str) -> pd.DataFrame:
    """Contributions per field (rows, strategy order) and ``column`` (columns)."""
    df = pd.DataFrame(
        {
            "field": contributions["field"].astype("string").fillna("(ohne Feld)"),
            "key": contributions[column]
            .astype("string")
            .fillna("other" if column == "source_kind" else "(unbekannt)"),
        }
    )
    table = pd.crosstab(df["field"], df["key"])
    rows = field_order(table.index)
    if column == "source_kind":
        cols = [k for k in SOURCE_KINDS if k in table.columns]
        cols += sorted(c for c in table.columns if c not in SOURCE_KINDS)
    else:
        cols = sorted(table.columns)
    return table.reindex(index=rows, columns=cols, fill_value=0)


def _source_label(key: str) -> str:
    return SOURCE_LABELS.get(key, key)


def participation_overview(contributions: pd.DataFrame, ax: Axes | None = None) -> Figure:
    """Contributions per field of action, stacked by kind of source.

    Parameters
    ----------
    contributions : DataFrame
        The ``contributions`` table (columns ``field`` and ``source_kind``).
    ax : Axes, optional
        Draw into this axes; by default a new figure is made.

    Returns
    -------
    Figure
        The chart (file name in the report: ``teilnahme_uebersicht``).
    """
    title = "Beiträge nach Handlungsfeld und Quelle"
    with house_style():
        if contributions.empty or "field" not in contributions:
            return empty_chart(ax, title, NO_CONTRIBUTIONS)
        if "source_kind" not in contributions:
            contributions = contributions.assign(source_kind="other")
        table = _counts(contributions, "source_kind")
        n = len(table.index)
        fig, ax = new_axes(ax, 7.5, 1.4 + 0.5 * n)
        y = np.arange(n)[::-1]
        left = np.zeros(n)
        for kind in table.columns:
            values = table[kind].to_numpy(dtype=float)
            ax.barh(
                y,
                values,
                left=left,
                height=0.62,
                color=SOURCE_COLOURS.get(kind, "#8C8C8C"),
                edgecolor="white",
                linewidth=0.6,
                label=_source_label(kind),
            )
            left += values
        total = left.max() if n else 0
        for yi, value in zip(y, left, strict=True):
            ax.text(value + total * 0.01, yi, f"{int(value):d}", va="center", fontsize=8)
        ax.set_yticks(y, [wrap_label(short_field(f), 24) for f in table.index])
        ax.set_xlim(0, total * 1.1 if total else 1)
        ax.set_xlabel("Anzahl Beiträge")
        set_title(ax, title)
        ax.xaxis.grid(True)
        ax.set_axisbelow(True)
        ax.legend(
            title="Quelle",
            loc="lower center",
            bbox_to_anchor=(0.5, 1.0),
            ncols=min(len(table.columns), 4),
            title_fontsize=8,
            borderaxespad=1.6,
        )
    return fig


def field_source_heatmap(
    contributions: pd.DataFrame, ax: Axes | None = None, *, by: str = "source_kind"
) -> Figure:
    """Heat map of contributions per field (rows) and source (columns).

    Parameters
    ----------
    contributions : DataFrame
        The ``contributions`` table.
    ax : Axes, optional
        Draw into this axes; by default a new figure is made.
    by : {"source_kind", "source_file"}
        Columns by kind of source (default) or by input file.

    Returns
    -------
    Figure
        The chart (file name in the report: ``heatmap_feld_quelle``).
    """
    title = "Beiträge je Handlungsfeld und Quelle"
    with house_style():
        if contributions.empty or "field" not in contributions or by not in contributions:
            return empty_chart(ax, title, NO_CONTRIBUTIONS)
        table = _counts(contributions, by)
        n_rows, n_cols = table.shape
        fig, ax = new_axes(ax, max(5.5, 1.8 + 1.3 * n_cols), 1.5 + 0.55 * n_rows)
        values = table.to_numpy(dtype=float)
        vmax = max(values.max(), 1.0)
        image = ax.imshow(values, cmap=SEQUENTIAL_CMAP, vmin=0, vmax=vmax, aspect="auto")
        for (i, j), value in np.ndenumerate(values):
            colour = text_colour(image.cmap(image.norm(value)))
            ax.text(j, i, f"{int(value):d}", ha="center", va="center", fontsize=8, color=colour)
        labels = [_source_label(c) if by == "source_kind" else c for c in table.columns]
        ax.set_xticks(range(n_cols), [wrap_label(c, 16) for c in labels])
        ax.set_yticks(range(n_rows), [wrap_label(short_field(f), 24) for f in table.index])
        ax.tick_params(length=0)
        for side in ("left", "bottom"):
            ax.spines[side].set_visible(False)
        ax.set_xlabel("Quelle" if by == "source_kind" else "Datei")
        set_title(ax, title)
        bar = fig.colorbar(image, ax=ax, shrink=0.85, pad=0.02)
        bar.set_label("Anzahl Beiträge")
        bar.outline.set_visible(False)
    return fig
