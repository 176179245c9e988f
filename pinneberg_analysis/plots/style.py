"""The house style of every chart: fonts, Okabe–Ito colours, label wrapping, saving.

Figures are built with :class:`matplotlib.figure.Figure` directly (not ``pyplot``), so the
plotting functions never touch the global backend or the pyplot figure registry; saving
uses Agg (PNG) and the SVG backend only for the file being written.
"""

from __future__ import annotations

import contextlib
import io
import textwrap
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

import matplotlib as mpl
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.cbook import is_math_text
from matplotlib.text import Text
from matplotlib.ticker import FuncFormatter

from pinneberg_analysis.core.fields import FIELDS, SHORT_NAMES, field_sort_key

# Okabe & Ito (2008): distinguishable with every common form of colour blindness.
OKABE_ITO: dict[str, str] = {
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
    "black": "#000000",
}
GREY = "#8C8C8C"
LIGHT_GREY = "#D9D9D9"
TEXT = "#222222"

_FIELD_ORDER = ("blue", "orange", "bluish_green", "reddish_purple", "vermillion")
FIELD_COLOURS: dict[str, str] = {f: OKABE_ITO[c] for f, c in zip(FIELDS, _FIELD_ORDER, strict=True)}
_EXTRA_COLOURS = (OKABE_ITO["sky_blue"], OKABE_ITO["black"], OKABE_ITO["yellow"], GREY)

SOURCE_KINDS: tuple[str, ...] = ("workshop", "forum", "online", "other")
SOURCE_LABELS: dict[str, str] = {
    "workshop": "Workshop",
    "forum": "Forum",
    "online": "Online-Beteiligung",
    "other": "Sonstige",
}
SOURCE_COLOURS: dict[str, str] = {
    "workshop": OKABE_ITO["blue"],
    "forum": OKABE_ITO["orange"],
    "online": OKABE_ITO["bluish_green"],
    "other": GREY,
}

# Sequential colour map for heat maps (perceptually uniform, colour-blind safe).
SEQUENTIAL_CMAP = "cividis"

DPI = 300
RC: dict[str, object] = {
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans"],
    "font.size": 9,
    "axes.titlesize": 11,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.labelsize": 9,
    "axes.labelcolor": TEXT,
    "axes.edgecolor": "#555555",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": False,
    "grid.color": "#E5E5E5",
    "grid.linewidth": 0.6,
    "xtick.color": TEXT,
    "ytick.color": TEXT,
    "xtick.labelsize": 8,
    "ytick.labelsize": 8,
    "legend.fontsize": 8,
    "legend.frameon": False,
    "figure.facecolor": "white",
    "savefig.facecolor": "white",
    "svg.hashsalt": "pinneberg-analysis",
    "svg.fonttype": "path",
    "axes.unicode_minus": True,
    # Citizens' and authors' text is plain text, never markup: "5$ bis 10$" must not reach
    # the mathtext parser (it raises on unbalanced or odd TeX), nor LaTeX.
    "text.parse_math": False,
    "text.usetex": False,
}


@contextlib.contextmanager
def house_style() -> Iterator[None]:
    """Apply the house style for the duration of a ``with`` block (no global change)."""
    with mpl.rc_context(RC):
        yield


def field_colour(field: str, known: Sequence[str] = ()) -> str:
    """Colour of a field: fixed for the five Handlungsfelder, cycled for added ones."""
    if field in FIELD_COLOURS:
        return FIELD_COLOURS[field]
    extras = sorted({f for f in known if f not in FIELD_COLOURS} | {field})
    return _EXTRA_COLOURS[extras.index(field) % len(_EXTRA_COLOURS)]



def field_handles(fields: Sequence[str], linestyle: str = "") -> list:
    """Legend entries (a coloured marker per field) for charts coloured by field."""
    from matplotlib.lines import Line2D

    return [
        Line2D([], [], marker="o", linestyle=linestyle, color=field_colour(f, fields),
               label=short_field(f))
        for f in fields
    ]


def field_order(values: Iterable[object]) -> list[str]:
    """The distinct fields of ``values``: canonical ones in strategy order, others sorted."""
    return sorted({v for v in values if isinstance(v, str) and v}, key=field_sort_key)


def short_field(field: str) -> str:
    """The short display name of a field (e.g. ``Lebens- und Wohnumfeld``)."""
    return SHORT_NAMES.get(field, field)


def wrap_label(text: object, width: int = 28, max_lines: int = 2) -> str:
    """Wrap a (German) label to ``width`` characters per line, at most ``max_lines`` lines.

    Longer text is cut at a word boundary and ends in "…".

    Examples
    --------
    >>> wrap_label("Sichere Radwege entlang der Elmshorner Straße", width=20)
    'Sichere Radwege\\nentlang der…'
    """
    if text is None or text is pd.NA or (isinstance(text, float) and text != text):
        return ""
    clean = " ".join(str(text).split())
    lines = textwrap.wrap(clean, width=width, break_long_words=True, break_on_hyphens=True)
    if len(lines) <= max_lines:
        return "\n".join(lines)
    kept = lines[:max_lines]
    last = kept[-1]
    if len(last) >= width:
        last = last[: width - 1].rstrip()
    kept[-1] = last.rstrip(" ,;:-") + "…"
    return "\n".join(kept)


class ChartFigure(Figure):
    """A Figure that shows itself as a PNG in Jupyter, also when pyplot was never imported."""

    def _repr_png_(self) -> bytes:
        buffer = io.BytesIO()
        with house_style():
            plain_text(self)
            self.savefig(buffer, format="png", dpi=100)
        return buffer.getvalue()


def new_axes(ax: Axes | None, width: float, height: float) -> tuple[Figure, Axes]:
    """Return ``(figure, axes)``: the given axes, or a new figure of the given size (inches)."""
    if ax is not None:
        try:
            fig = ax.get_figure(root=True)  # matplotlib >= 3.10: the top-level figure
        except TypeError:
            fig = ax.figure
        return fig, ax
    fig = ChartFigure(figsize=(width, height), layout="constrained")
    new = fig.add_subplot()
    new._pinneberg_owned = True  # the chart title may span the whole figure
    return fig, new


def set_title(ax: Axes, title: str) -> None:
    """Title a chart: across the whole figure when the chart made it, else on ``ax``.

    A figure-wide title is not squeezed into the axes beside long tick labels.
    """
    if getattr(ax, "_pinneberg_owned", False):
        ax.figure.suptitle(
            title, x=0.01, ha="left", fontsize=RC["axes.titlesize"], fontweight="bold"
        )
    else:
        ax.set_title(title)


def chart_title(fig: Figure) -> str:
    """The title of a chart made here (figure title, else the first axes title)."""
    if fig._suptitle is not None and fig._suptitle.get_text():
        return fig._suptitle.get_text()
    titles = (a.get_title(loc) for a in fig.axes for loc in ("left", "center", "right"))
    return next((t for t in titles if t), "")


def german_decimals(axis: object) -> None:
    """Show an axis' tick labels with a decimal comma (``0,5`` instead of ``0.5``)."""
    axis.set_major_formatter(
        FuncFormatter(lambda v, _pos: f"{v:g}".replace(".", ",").replace("-", "−"))
    )


def text_colour(rgba: Sequence[float]) -> str:
    """Black or white text, whichever reads better on a cell of colour ``rgba``."""
    r, g, b = rgba[:3]
    return "#111111" if 0.2126 * r + 0.7152 * g + 0.0722 * b > 0.45 else "white"


def note(ax: Axes, text: str, *, y: float = 0.5, size: float = 9) -> None:
    """Write a German note in the middle of ``ax`` (e.g. when there is nothing to show)."""
    ax.text(
        0.5,
        y,
        text,
        transform=ax.transAxes,
        ha="center",
        va="center",
        fontsize=size,
        color="#444444",
        wrap=True,
        bbox={"boxstyle": "round,pad=0.5", "facecolor": "#F4F4F4", "edgecolor": LIGHT_GREY},
    )


def empty_chart(ax: Axes | None, title: str, message: str) -> Figure:
    """A chart that only says, in German, why there is nothing to draw."""
    fig, ax = new_axes(ax, 7.0, 2.2)
    set_title(ax, title)
    ax.set_axis_off()
    note(ax, message)
    return fig


def plain_text(fig: Figure) -> Figure:
    """Switch mathtext off for every text of ``fig`` (titles, labels, notes, legends).

    The house style already creates text with ``text.parse_math`` off; this also covers
    text added to a chart outside :func:`house_style` (e.g. by an analyst in a notebook).
    Tick labels made later, while saving, follow the style's rcParams.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> fig = Figure()
    >>> _ = fig.add_subplot().set_title("Rabatt 5$ bis 20% auf 10$-Tickets")
    >>> all(not t.get_parse_math() for t in plain_text(fig).findobj(Text))
    True
    """
    for text in fig.findobj(Text):
        text.set_parse_math(False)
        # matplotlib's automatic wrapping measures the text as mathtext whenever it holds
        # two dollar signs, whatever parse_math says: such a text is drawn unwrapped.
        if text.get_wrap() and is_math_text(text.get_text()):
            text.set_wrap(False)
    return fig


def save_figure(fig: Figure, stem: str | Path) -> tuple[Path, Path]:
    """Write ``fig`` as ``<stem>.png`` (300 dpi) and ``<stem>.svg``, both deterministic.

    The PNG carries no software or date metadata; the SVG has no date and fixed element
    ids (``svg.hashsalt``), so the same figure gives the same bytes on every run.

    Parameters
    ----------
    fig : Figure
        The chart.
    stem : str or Path
        Path without suffix, e.g. ``charts/prioritaetenmatrix``.

    Returns
    -------
    tuple of Path
        The PNG and the SVG file.
    """
    stem = Path(stem)
    stem.parent.mkdir(parents=True, exist_ok=True)
    png, svg = stem.with_suffix(".png"), stem.with_suffix(".svg")
    with house_style():
        plain_text(fig)
        fig.savefig(png, dpi=DPI, format="png", metadata={"Software": None})
        fig.savefig(svg, format="svg", metadata={"Date": None, "Creator": None})
    return png, svg
