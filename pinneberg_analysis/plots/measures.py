"""Charts of the ranked measures: support per field and rank intervals (forest plot)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from pinneberg_analysis.plots.style import (
    empty_chart,
    field_colour,
    field_handles,
    field_order,
    german_decimals,
    house_style,
    new_axes,
    set_title,
    short_field,
    wrap_label,
)

NO_MEASURES = "Keine Maßnahmen vorhanden."


def numeric_column(df: pd.DataFrame, column: str) -> pd.Series:
    """``df[column]`` as float (NaN for missing), or all-NaN when the column is absent."""
    if column not in df:
        return pd.Series(np.nan, index=df.index, dtype=float)
    return pd.to_numeric(df[column], errors="coerce").astype(float)


def field_column(df: pd.DataFrame) -> pd.Series:
    if "field" not in df:
        return pd.Series("", index=df.index, dtype=object)
    return df["field"].astype("string").fillna("").astype(object)


def label_column(df: pd.DataFrame) -> pd.Series:
    if "label" in df:
        labels = df["label"].astype("string")
    else:
        labels = pd.Series(pd.NA, index=df.index, dtype="string")
    ids = df["measure_id"].astype("string") if "measure_id" in df else labels
    return labels.fillna(ids).fillna("").astype(object)


def sort_key(df: pd.DataFrame) -> pd.Series:
    return df["measure_id"].astype("string").fillna("") if "measure_id" in df else df.index


def _count_text(n: float, singular: str, plural: str) -> str:
    if np.isnan(n):
        return ""
    return f"{int(n):d} {singular if int(n) == 1 else plural}"


def measures_by_support(ranking: pd.DataFrame, ax: Axes | None = None, *, top_n: int = 5) -> Figure:
    """The best-supported measures of each field of action, as horizontal bars.

    When the run has expert ratings, a measure without one is drawn as a hatched outline
    (ranked on participation support alone), as in :func:`rank_intervals` and the
    priority matrix, and the axis label says so.

    Parameters
    ----------
    ranking : DataFrame
        The ``ranking`` table (``support_score``, ``n_contributions``, ``votes``, ``field``,
        ``label``); without ``support_score`` the bars show the number of contributions.
    ax : Axes, optional
        Draw into this axes; by default a new figure is made.
    top_n : int
        Measures shown per field.

    Returns
    -------
    Figure
        The chart (file name in the report: ``massnahmen_nach_unterstuetzung``).
    """
    title = "Maßnahmen mit der größten Unterstützung je Handlungsfeld"
    with house_style():
        if ranking.empty:
            return empty_chart(ax, title, NO_MEASURES)
        df = ranking.assign(
            _field=field_column(ranking),
            _label=label_column(ranking),
            _support=numeric_column(ranking, "support_score"),
            _n=numeric_column(ranking, "n_contributions"),
            _votes=numeric_column(ranking, "votes"),
            _key=sort_key(ranking),
            _expert=numeric_column(ranking, "expert_score"),
        )
        # only mark measures as unrated when the run had expert ratings at all
        has_ratings = bool(df["_expert"].notna().any())
        use_score = df["_support"].notna().any()
        value = "_support" if use_score else "_n"
        fields = field_order(df["_field"])
        rows: list[tuple[float, pd.Series]] = []
        headers: list[tuple[float, str]] = []
        pos = 0.0
        for field in fields:
            part = df[df["_field"] == field].sort_values(
                [value, "_key"], ascending=[False, True], na_position="last"
            )
            headers.append((pos, field))
            pos += 1.0
            for _, row in part.head(top_n).iterrows():
                rows.append((pos, row))
                pos += 1.0
            pos += 0.4
        fig, ax = new_axes(ax, 7.5, 1.0 + 0.3 * pos)
        vmax = max(float(np.nanmax([r[value] for _, r in rows] + [0.0])), 1e-9)
        any_unrated = False
        for y, row in rows:
            v = 0.0 if np.isnan(row[value]) else float(row[value])
            colour = field_colour(row["_field"], fields)
            if has_ratings and np.isnan(row["_expert"]):
                # hatched outline: ranked on participation support alone (no expert rating)
                any_unrated = True
                ax.barh(y, v, height=0.7, facecolor="white", edgecolor=colour, hatch="////",
                        linewidth=1.0, gid="unrated")
            else:
                ax.barh(y, v, height=0.7, color=colour)
            parts = [
                _count_text(row["_n"], "Beitrag", "Beiträge"),
                _count_text(row["_votes"], "Stimme", "Stimmen"),
            ]
            ax.text(v + vmax * 0.015, y, " · ".join(p for p in parts if p), va="center", fontsize=7)
        for y, field in headers:
            ax.text(
                0,
                y,
                short_field(field),
                va="center",
                ha="left",
                fontweight="bold",
                fontsize=9,
                color=field_colour(field, fields),
            )
        ax.set_yticks([y for y, _ in rows], [wrap_label(r["_label"], 42, 1) for _, r in rows])
        ax.tick_params(axis="y", length=0)
        ax.set_ylim(pos - 0.2, -0.8)
        ax.set_xlim(0, vmax * 1.35)
        ax.set_xticks([t for t in ax.get_xticks() if 0 <= t <= vmax * 1.0001])
        ax.spines["bottom"].set_bounds(0, vmax)
        german_decimals(ax.xaxis)
        x_label = (
            "Unterstützung (Index 0–1, innerhalb des Handlungsfelds normiert)"
            if use_score
            else "Anzahl Beiträge"
        )
        if any_unrated:
            x_label += "\nSchraffierter Balken: ohne Expertenbewertung (nur Unterstützung)"
        ax.set_xlabel(x_label)
        set_title(ax, title)
        ax.xaxis.grid(True)
        ax.set_axisbelow(True)
    return fig


def rank_intervals(
    ranking: pd.DataFrame,
    ax: Axes | None = None,
    *,
    top_n: int = 20,
    field: str | None = None,
    interval: float | None = None,
) -> Figure:
    """Forest plot: each measure's rank with its uncertainty interval.

    Measures whose lines overlap cannot be told apart reliably; the chart is the visual
    form of the rank intervals in the report text.

    Parameters
    ----------
    ranking : DataFrame
        The ``ranking`` table (``rank``, ``rank_low``, ``rank_high``; with ``field`` given,
        ``field_rank``, ``field_rank_low``, ``field_rank_high``).
    ax : Axes, optional
        Draw into this axes; by default a new figure is made.
    top_n : int
        How many of the best-ranked measures to show.
    field : str, optional
        Only this field of action, with the ranks within the field.
    interval : float, optional
        Coverage of the intervals (e.g. 0.9), for the axis label.

    Returns
    -------
    Figure
        The chart (file name in the report: ``rangintervalle``).
    """
    title = "Rangintervalle der bestplatzierten Maßnahmen"
    if field is not None:
        title = f"Rangintervalle: {short_field(field)}"
    with house_style():
        df = ranking
        prefix = "rank"
        if field is not None and not df.empty:
            df = df[field_column(df) == field]
            if "field_rank" in df:
                prefix = "field_rank"
        if df.empty or prefix not in df or numeric_column(df, prefix).isna().all():
            return empty_chart(ax, title, NO_MEASURES if df.empty else "Keine Ränge vorhanden.")
        df = df.assign(
            _field=field_column(df),
            _label=label_column(df),
            _rank=numeric_column(df, prefix),
            _low=numeric_column(df, f"{prefix}_low"),
            _high=numeric_column(df, f"{prefix}_high"),
            _key=sort_key(df),
        )
        df = df[df["_rank"].notna()].sort_values(["_rank", "_key"]).head(top_n)
        df["_low"] = df["_low"].fillna(df["_rank"])
        df["_high"] = df["_high"].fillna(df["_rank"])
        fields = field_order(df["_field"])
        n = len(df)
        fig, ax = new_axes(ax, 7.5, 1.3 + 0.3 * n)
        y = np.arange(n)
        unrated = (
            numeric_column(df, "expert_score").isna().to_numpy()
            if "expert_score" in df.columns
            else np.zeros(n, dtype=bool)
        )
        for yi, (_, row), bare in zip(y, df.iterrows(), unrated, strict=True):
            colour = field_colour(row["_field"], fields)
            ax.hlines(yi, row["_low"], row["_high"], color=colour, linewidth=2.2, alpha=0.75,
                      linestyles="--" if bare else "-")
            # a hollow point: ranked on participation support alone (no expert rating)
            ax.plot(row["_rank"], yi, "o", color=colour, markersize=5.5, zorder=3,
                    markerfacecolor="white" if bare else colour, markeredgewidth=1.4)
            span = _rank_text(row["_low"], row["_high"])
            ax.text(row["_high"] + 0.25, yi, span, va="center", fontsize=7, color="#444444")
        ax.set_yticks(
            y,
            [
                f"{_fmt_rank(r)}. {wrap_label(lab, 40, 1)}"
                for r, lab in zip(df["_rank"], df["_label"], strict=True)
            ],
        )
        ax.tick_params(axis="y", length=0)
        ax.set_ylim(n - 0.5, -0.7)
        hi = float(df["_high"].max())
        ax.set_xlim(0.5, hi + max(1.5, hi * 0.12))
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        share = f"{round(interval * 100):d}-%-" if interval else ""
        x_label = f"Rang (1 = höchste Priorität); Linie: {share}Rangintervall"
        if unrated.any():
            x_label += "\nHohler Punkt, gestrichelt: ohne Expertenbewertung (nur Unterstützung)"
        ax.set_xlabel(x_label)
        ax.xaxis.grid(True)
        ax.set_axisbelow(True)
        set_title(ax, title)
        if len(fields) > 1:
            handles = field_handles(fields, linestyle="-")
            ax.legend(
                handles=handles,
                loc="lower right",
                bbox_to_anchor=(1.0, 1.0),
                ncols=min(3, len(fields)),
                borderaxespad=0.4,
                handlelength=1.6,
            )
    return fig


def _fmt_rank(value: float) -> str:
    return f"{int(value):d}" if float(value).is_integer() else f"{value:.1f}".replace(".", ",")


def _rank_text(low: float, high: float) -> str:
    if low == high:
        return _fmt_rank(low)
    return f"{_fmt_rank(low)}–{_fmt_rank(high)}"
