"""Charts that combine participation support with the expert ratings."""

from __future__ import annotations

from collections.abc import Iterable

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.text import Text
from matplotlib.transforms import Bbox
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from pinneberg_analysis.plots.measures import (
    NO_MEASURES,
    field_column,
    label_column,
    numeric_column,
    sort_key,
)
from pinneberg_analysis.plots.style import (
    GREY,
    ChartFigure,
    LIGHT_GREY,
    SEQUENTIAL_CMAP,
    empty_chart,
    field_colour,
    field_handles,
    field_order,
    german_decimals,
    house_style,
    new_axes,
    note,
    set_title,
    text_colour,
    wrap_label,
)

NO_RATINGS = "Keine Expertenbewertungen vorhanden."


def _marker_sizes(n: pd.Series) -> np.ndarray:
    values = n.fillna(1).to_numpy(dtype=float)
    top = max(values.max(), 1.0)
    return 25 + 175 * np.sqrt(values / top)


def priority_matrix(ranking: pd.DataFrame, ax: Axes | None = None, *, n_labels: int = 8) -> Figure:
    """Priority matrix: participation support (x) against the expert score (y).

    Measures without ratings sit in a band below the axis, marked "ohne
    Expertenbewertung". Without any ratings the chart shows the support alone, with a
    note. The dashed lines are the medians of the rated measures.

    Parameters
    ----------
    ranking : DataFrame
        The ``ranking`` table (``support_score``, ``expert_score``, ``n_contributions``,
        ``field``, ``label``, ``score``).
    ax : Axes, optional
        Draw into this axes; by default a new figure is made.
    n_labels : int
        How many of the best measures (by ``score``) get a text label.

    Returns
    -------
    Figure
        The chart (file name in the report: ``prioritaetenmatrix``).
    """
    title = "Prioritätenmatrix: Unterstützung und Expertenbewertung"
    with house_style():
        if ranking.empty:
            return empty_chart(ax, title, NO_MEASURES)
        df = ranking.assign(
            _field=field_column(ranking),
            _label=label_column(ranking),
            _x=numeric_column(ranking, "support_score"),
            _y=_raters_scale(numeric_column(ranking, "expert_score")),
            _n=numeric_column(ranking, "n_contributions"),
            _score=numeric_column(ranking, "score"),
            _rank=numeric_column(ranking, "rank"),
            _key=sort_key(ranking),
        )
        x_label = "Unterstützung aus der Beteiligung (Index 0–1)"
        if df["_x"].isna().all():
            df["_x"] = df["_n"]
            x_label = "Anzahl Beiträge"
        df["_x"] = df["_x"].fillna(0.0)
        fields = field_order(df["_field"])
        rated = df["_y"].notna()
        key_ax = None
        n_ranked = int(df["_rank"].notna().sum())
        if ax is None and n_ranked:
            # a figure of our own: the names of the numbered points go below the chart
            key_h = 0.15 * -(-n_ranked // _key_columns(n_ranked)) + 0.2
            fig = ChartFigure(figsize=(7.5, 5.6 + key_h), layout="constrained")
            grid = fig.add_gridspec(2, 1, height_ratios=[5.6, key_h])
            ax = fig.add_subplot(grid[0])
            ax._pinneberg_owned = True  # type: ignore[attr-defined]
            key_ax = fig.add_subplot(grid[1])
            key_ax.axis("off")
        fig, ax = new_axes(ax, 7.5, 5.6)
        colours = [field_colour(f, fields) for f in df["_field"]]
        sizes = _marker_sizes(df["_n"])
        if rated.any():
            y_low, y_high = _score_range(df.loc[rated, "_y"])
            band = y_low - 0.14 * (y_high - y_low)
            # unrated measures in three staggered rows of the band, so their numbers fit
            stagger = (df["_x"].rank(method="first") % 3 - 1) * 0.045 * (y_high - y_low)
            df["_ypos"] = df["_y"].fillna(band + stagger)
            r = rated.to_numpy()
            ax.scatter(
                df.loc[rated, "_x"],
                df.loc[rated, "_y"],
                s=sizes[r],
                c=[c for c, k in zip(colours, r, strict=True) if k],
                alpha=0.85,
                edgecolors="white",
                linewidths=0.7,
                zorder=3,
            )
            if (~rated).any():
                ax.scatter(
                    df.loc[~rated, "_x"],
                    df.loc[~rated, "_ypos"],
                    s=sizes[~r],
                    facecolors="none",
                    edgecolors=[c for c, k in zip(colours, r, strict=True) if not k],
                    linewidths=1.1,
                    zorder=3,
                )
                ax.axhspan(
                    band - 0.08 * (y_high - y_low),
                    band + 0.08 * (y_high - y_low),
                    color="#F2F2F2",
                    zorder=0,
                )
            locator = MaxNLocator(nbins=5, integer=(y_high - y_low) >= 2, steps=[1, 2, 2.5, 5, 10])
            ticks = [
                t for t in locator.tick_values(y_low, y_high) if y_low - 1e-9 <= t <= y_high + 1e-9
            ]
            labels = [f"{t:g}".replace(".", ",") for t in ticks]
            if (~rated).any():
                ticks, labels = ticks + [band], labels + ["ohne\nBewertung"]
            ax.set_yticks(ticks, labels)
            ax.set_ylim(band - 0.1 * (y_high - y_low), y_high + 0.05 * (y_high - y_low))
            ax.axvline(df.loc[rated, "_x"].median(), color=GREY, linestyle="--", linewidth=0.8)
            ax.axhline(df.loc[rated, "_y"].median(), color=GREY, linestyle="--", linewidth=0.8)
            _quadrant_labels(ax)
            ax.set_ylabel("Expertenbewertung (Mittelwert, Skala der Bewertenden)")
        else:
            df["_ypos"] = 0.0
            ax.scatter(
                df["_x"],
                np.zeros(len(df)),
                s=sizes,
                c=colours,
                alpha=0.85,
                edgecolors="white",
                linewidths=0.7,
                zorder=3,
            )
            ax.set_ylim(-1, 1.6)
            ax.set_yticks([])
            ax.spines["left"].set_visible(False)
            note(
                ax,
                f"{NO_RATINGS} Dargestellt ist nur die Unterstützung aus der Beteiligung.",
                y=0.82,
                size=8.5,
            )
        x_max = float(df["_x"].max()) if len(df) else 1.0
        ax.set_xlim(-0.04 * max(x_max, 1e-9), x_max * 1.08 + 1e-9)
        if df["_rank"].notna().any():
            where = " (Namen unten)" if key_ax is not None else ""
            x_label += f"\nZahl am Punkt: Gesamtrang{where} · Punktgröße: Anzahl Beiträge"
        ax.set_xlabel(x_label)
        german_decimals(ax.xaxis)
        set_title(ax, title)

        if len(fields) > 1:
            handles = field_handles(fields, linestyle="")
            ax.legend(
                handles=handles,
                loc="upper left",
                bbox_to_anchor=(1.01, 1.0),
                title="Handlungsfeld",
                title_fontsize=8,
            )
        numbered = _label_points(ax, df, n_labels)  # last: the layout is complete
        if numbered and key_ax is not None:
            _name_key(key_ax, numbered)
    return fig


def _score_range(values: pd.Series) -> tuple[float, float]:
    lo, hi = float(values.min()), float(values.max())
    if lo >= 1 and hi <= 5:
        return 1.0, 5.0
    if lo >= 0 and hi <= 1:
        return 0.0, 1.0
    pad = (hi - lo) * 0.1 or 0.5
    return lo - pad, hi + pad


def _quadrant_labels(ax: Axes) -> None:
    style = {"transform": ax.transAxes, "fontsize": 7, "color": "#666666", "style": "italic"}
    ax.text(0.99, 0.99, "viel Unterstützung,\nhohe Bewertung", ha="right", va="top", **style)
    ax.text(0.01, 0.99, "wenig Unterstützung,\nhohe Bewertung", ha="left", va="top", **style)
    ax.text(0.99, 0.17, "viel Unterstützung,\nniedrige Bewertung", ha="right", va="bottom", **style)


def _raters_scale(values: pd.Series) -> pd.Series:
    """Expert scores as the raters gave them: the ranking's 0–1 back on 1–5."""
    known = values.dropna()
    if len(known) and known.min() >= 0 and known.max() <= 1:
        return 1 + 4 * values
    return values


def _label_points(ax: Axes, df: pd.DataFrame, n_labels: int) -> list[tuple[str, str]]:
    """Number every ranked point with its overall rank, labels placed without overlap.

    Each label tries positions around its point (near ones first, farther ones with a thin
    leader line) and takes the first whose box overlaps no earlier label or point;
    returns (number, name) for the key of names.
    ``n_labels`` is kept for the signature; every point is numbered.
    """
    del n_labels
    if "_rank" not in df or df["_rank"].isna().all():
        return []
    order = df[df["_rank"].notna()].sort_values(["_rank", "_key"])
    fig = ax.figure
    if key_ax_names := [a for a in fig.axes if a is not ax and not a.axison]:
        _name_key(key_ax_names[0], [("000", "x" * 40)] * len(order))  # reserve its layout
    fig.draw_without_rendering()  # the layout is final, so are the pixel positions
    for a in key_ax_names:
        for t in list(a.texts):
            t.remove()
    renderer = fig._get_renderer()  # the real text extents, for placing without overlap
    to_px = ax.transData.transform
    points = [tuple(to_px((x, y))) for x, y in zip(order["_x"], order["_ypos"], strict=True)]
    radius = 3.5 * fig.dpi / 72
    # boxes as rows (x0, y0, x1, y1) of arrays: each try is tested against all at once
    dots = np.array([(qx - radius, qy - radius, qx + radius, qy + radius) for qx, qy in points]).reshape(-1, 4)
    taken = np.empty((len(points), 4))
    directions = [(1, 0.6), (1, -1.4), (-1, 0.6), (-1, -1.4), (0, 1.2), (0, -2),
                  (1.3, -0.4), (-1.3, -0.4), (0.7, 1.6), (-0.7, 1.6), (0.7, -2.6), (-0.7, -2.6)]
    offsets = [(round(5 * r * dx), round(5 * r * dy)) for r in (1, 2, 3, 4, 5)
               for dx, dy in directions]
    numbered = []
    for i, (_, row) in enumerate(order.iterrows()):
        text = _rank_label(row["_rank"])
        others = np.delete(dots, i, axis=0)
        # one trial text per alignment: its layout is the same at every offset, so each
        # try only moves the layout's box to the offset, as Text.get_window_extent does
        trials: dict[str, tuple[Text, Bbox]] = {}
        for n_try, (dx, dy) in enumerate(offsets):
            ha = "right" if dx < 0 else ("center" if dx == 0 else "left")
            if ha not in trials:
                trial = _number(ax, text, row, (dx, dy), ha, far=False)
                trial.update_positions(renderer)
                trials[ha] = (trial, trial._get_layout(renderer)[0])
            trial, layout = trials[ha]
            box = layout.translated(*trial.get_transform().transform((float(dx), float(dy))))
            if not (_overlaps_any(box, taken[:i]) or _overlaps_any(box, others)) or n_try == len(offsets) - 1:
                taken[i] = box.extents
                break
        for trial, _ in trials.values():
            trial.remove()
        far = abs(dx) > 9 or abs(dy) > 14
        _number(ax, text, row, (dx, dy), ha, far).update_positions(renderer)
        numbered.append((text, str(row["_label"])))
    return numbered


def _number(ax: Axes, text: str, row: pd.Series, offset: tuple[int, int], ha: str, far: bool) -> Text:
    """The rank number of one point at ``offset`` points from it (a leader line when far)."""
    return ax.annotate(
        text,
        (row["_x"], row["_ypos"]),
        xytext=offset,
        textcoords="offset points",
        ha=ha,
        arrowprops={"arrowstyle": "-", "color": "#999999", "linewidth": 0.5,
                    "shrinkA": 0, "shrinkB": 2} if far else None,
        fontsize=7,
        fontweight="bold",
        color="#333333",
        zorder=4,
    )


def _overlaps_any(box: Bbox, boxes: np.ndarray) -> bool:
    """:meth:`Bbox.overlaps` of ``box`` with any row ``(x0, y0, x1, y1)`` of ``boxes``."""
    if not len(boxes):
        return False
    ax1, ay1, ax2, ay2 = box.extents
    ax1, ax2 = min(ax1, ax2), max(ax1, ax2)
    ay1, ay2 = min(ay1, ay2), max(ay1, ay2)
    bx1, bx2 = np.minimum(boxes[:, 0], boxes[:, 2]), np.maximum(boxes[:, 0], boxes[:, 2])
    by1, by2 = np.minimum(boxes[:, 1], boxes[:, 3]), np.maximum(boxes[:, 1], boxes[:, 3])
    return bool(np.any((ax1 <= bx2) & (bx1 <= ax2) & (ay1 <= by2) & (by1 <= ay2)))


def _key_columns(n: int) -> int:
    return 1 if n <= 12 else (2 if n <= 40 else 3)


def _name_key(key_ax: Axes, numbered: list[tuple[str, str]]) -> None:
    """The names of the numbered points, in columns (an axes below the chart)."""
    n_cols = _key_columns(len(numbered))
    per_col = -(-len(numbered) // n_cols)
    width = {1: 80, 2: 38, 3: 24}[n_cols]
    for c in range(n_cols):
        chunk = numbered[c * per_col : (c + 1) * per_col]
        lines = [f"{num:>3}  {_shorten(name, width)}" for num, name in chunk]
        key_ax.text(
            c / n_cols,
            1.0,
            "\n".join(lines),
            transform=key_ax.transAxes,
            ha="left",
            va="top",
            fontsize=6.5,
            family="DejaVu Sans Mono",
            linespacing=1.3,
        )


def _shorten(name: str, width: int) -> str:
    name = " ".join(name.split())
    return name if len(name) <= width else name[: width - 1].rstrip() + "…"


def _rank_label(rank: float) -> str:
    return f"{int(rank):d}" if float(rank).is_integer() else f"{rank:.1f}".replace(".", ",")


def criteria_profile(
    ranking: pd.DataFrame,
    ax: Axes | None = None,
    *,
    top_n: int = 10,
    invert: Iterable[str] = ("Kosten",),
) -> Figure:
    """Heat map of the mean expert rating per criterion for the best-ranked rated measures.

    Parameters
    ----------
    ranking : DataFrame
        The ``ranking`` table with one ``crit_<Kriterium>`` column per criterion.
    ax : Axes, optional
        Draw into this axes; by default a new figure is made.
    top_n : int
        How many rated measures (best rank first).
    invert : iterable of str
        Criteria where a high value is bad (marked "niedriger = besser").

    Returns
    -------
    Figure
        The chart (file name in the report: ``kriterienprofil``).
    """
    title = "Kriterienprofil der bestplatzierten bewerteten Maßnahmen"
    with house_style():
        columns = [c for c in ranking.columns if str(c).startswith("crit_")]
        if ranking.empty or not columns:
            return empty_chart(ax, title, NO_RATINGS)
        values = ranking[columns].apply(pd.to_numeric, errors="coerce").astype(float)
        df = ranking.assign(
            _label=label_column(ranking), _rank=numeric_column(ranking, "rank"), _key=sort_key(ranking)
        )
        df = df[values.notna().any(axis=1)]
        if df.empty:
            return empty_chart(ax, title, NO_RATINGS)
        df = df.sort_values(["_rank", "_key"], na_position="last").head(top_n)
        matrix = values.loc[df.index].to_numpy()
        inverted = {str(c).casefold() for c in invert}
        names = []
        for col in columns:
            name = str(col)[len("crit_") :]
            names.append(name + ("\n(niedriger = besser)" if name.casefold() in inverted else ""))
        n_rows, n_cols = matrix.shape
        fig, ax = new_axes(ax, max(6.5, 3.6 + 1.1 * n_cols), 1.5 + 0.42 * n_rows)
        lo, hi = _score_range(pd.Series(matrix[~np.isnan(matrix)]))
        # Colour shows how favourable a value is (bright = good), so an inverted criterion
        # such as cost is coloured the other way round; the numbers stay as rated.
        flip = np.array([str(c)[len("crit_") :].casefold() in inverted for c in columns])
        favour = np.where(flip[None, :], lo + hi - matrix, matrix)
        cmap = mpl.colormaps[SEQUENTIAL_CMAP].with_extremes(bad=LIGHT_GREY)
        image = ax.imshow(np.ma.masked_invalid(favour), cmap=cmap, vmin=lo, vmax=hi, aspect="auto")
        for (i, j), value in np.ndenumerate(matrix):
            text = "–" if np.isnan(value) else f"{value:.1f}".replace(".", ",")
            colour = (
                "#111111" if np.isnan(value) else text_colour(image.cmap(image.norm(favour[i, j])))
            )
            ax.text(j, i, text, ha="center", va="center", fontsize=8, color=colour)
        ax.set_xticks(range(n_cols), names)
        ax.xaxis.tick_top()
        labels = []
        for rank, label in zip(df["_rank"], df["_label"], strict=True):
            prefix = "" if np.isnan(rank) else f"{int(rank):d}. "
            labels.append(prefix + wrap_label(label, 40, 1))
        ax.set_yticks(range(n_rows), labels)
        ax.tick_params(length=0)
        for side in ax.spines.values():
            side.set_visible(False)
        set_title(ax, title)
        bar = fig.colorbar(image, ax=ax, shrink=0.85, pad=0.02)
        bar.set_ticks([lo, hi], labels=["ungünstig", "günstig"])
        bar.set_label("Bewertung")
        bar.outline.set_visible(False)
    return fig
