"""The chart functions: Figures with German text, edge cases, 300 dpi PNG, deterministic SVG."""

from __future__ import annotations

import matplotlib
import matplotlib.colors
import matplotlib.text
import pandas as pd
import pytest
from matplotlib.figure import Figure
from PIL import Image

from pinneberg_analysis import plots
from pinneberg_analysis.plots.style import OKABE_ITO, chart_title

CONTRIBUTION_CHARTS = ("participation_overview", "field_source_heatmap")
RANKING_CHARTS = ("measures_by_support", "priority_matrix", "rank_intervals", "criteria_profile")
GERMAN_TITLES = {
    "participation_overview": "Beiträge nach Handlungsfeld und Quelle",
    "field_source_heatmap": "Beiträge je Handlungsfeld und Quelle",
    "measures_by_support": "Maßnahmen mit der größten Unterstützung je Handlungsfeld",
    "priority_matrix": "Prioritätenmatrix: Unterstützung und Expertenbewertung",
    "rank_intervals": "Rangintervalle der bestplatzierten Maßnahmen",
    "criteria_profile": "Kriterienprofil der bestplatzierten bewerteten Maßnahmen",
}
GERMAN_XLABEL = {
    "participation_overview": "Anzahl Beiträge",
    "field_source_heatmap": "Quelle",
    "measures_by_support": "Unterstützung",
    "priority_matrix": "Unterstützung",
    "rank_intervals": "Rang",
}


def _draw(name: str, result) -> Figure:
    table = result.contributions if name in CONTRIBUTION_CHARTS else result.ranking
    return getattr(plots, name)(table)


def _texts(fig: Figure) -> str:
    return "\n".join(t.get_text() for t in fig.findobj(matplotlib.text.Text))


@pytest.mark.parametrize("name", CONTRIBUTION_CHARTS + RANKING_CHARTS)
def test_chart_is_a_figure_with_german_title_and_labels(name, report_result):
    fig = _draw(name, report_result)
    assert isinstance(fig, Figure)
    assert chart_title(fig) == GERMAN_TITLES[name]
    main = fig.axes[0]
    if name in GERMAN_XLABEL:
        assert GERMAN_XLABEL[name] in main.get_xlabel()
    ticks = [t.get_text() for t in main.get_yticklabels()]
    assert any(ticks), "rows must be labelled"
    assert "Mobilität" in _texts(fig) or any("Sichere Radwege" in t for t in ticks)


def test_charts_use_okabe_ito_field_colours(report_result):
    fig = plots.measures_by_support(report_result.ranking)
    colours = {
        matplotlib.colors.to_hex(p.get_edgecolor() if p.get_gid() == "unrated" else p.get_facecolor()).upper()
        for p in fig.axes[0].patches
    }
    assert colours <= {c.upper() for c in OKABE_ITO.values()}
    assert plots.FIELD_COLOURS["Mobilität"].upper() in colours


def test_figures_render_in_notebooks_without_pyplot(report_result):
    fig = plots.rank_intervals(report_result.ranking)
    assert fig._repr_png_().startswith(b"\x89PNG")


def test_draw_into_given_axes(report_result):
    outer = Figure(figsize=(10, 4))
    left, right = outer.subplots(1, 2)
    fig = plots.priority_matrix(report_result.ranking, ax=right)
    assert fig is outer
    assert right.get_title(loc="left") == GERMAN_TITLES["priority_matrix"]
    assert not left.has_data()


def test_plotting_never_touches_pyplot_or_the_backend(report_result):
    import matplotlib.pyplot as plt

    backend = matplotlib.get_backend()
    before = plt.get_fignums()
    for name in CONTRIBUTION_CHARTS + RANKING_CHARTS:
        _draw(name, report_result)
    assert plt.get_fignums() == before
    assert matplotlib.get_backend() == backend


def test_priority_matrix_without_any_ratings_shows_support_and_a_note(report_result):
    ranking = report_result.ranking.copy()
    ranking["expert_score"] = pd.NA
    ranking = ranking.drop(columns=[c for c in ranking if c.startswith("crit_")])
    fig = plots.priority_matrix(ranking)
    assert "Keine Expertenbewertungen vorhanden" in _texts(fig)
    assert "Unterstützung" in fig.axes[0].get_xlabel()
    assert len(fig.axes[0].collections[0].get_offsets()) == len(ranking)
    profile = plots.criteria_profile(ranking)
    assert "Keine Expertenbewertungen vorhanden" in _texts(profile)


def test_unrated_measures_are_marked(report_result):
    fig = plots.priority_matrix(report_result.ranking)
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert labels[-1] == "ohne\nBewertung"
    hollow = fig.axes[0].collections[1]
    unrated = report_result.ranking["expert_score"].isna().sum()
    assert len(hollow.get_offsets()) == unrated > 0


def test_one_field_and_a_single_measure(report_result):
    mob = report_result.ranking[report_result.ranking["field"] == "Mobilität"]
    one = mob.head(1)
    contributions = report_result.contributions
    for table in (mob, one):
        for name in RANKING_CHARTS:
            fig = getattr(plots, name)(table)
            assert chart_title(fig) == GERMAN_TITLES[name]
    single_field = contributions[contributions["field"] == "Mobilität"]
    for name in CONTRIBUTION_CHARTS:
        assert isinstance(getattr(plots, name)(single_field), Figure)
    forest = plots.rank_intervals(one)
    assert len(forest.axes[0].get_yticklabels()) == 1


@pytest.mark.parametrize("name", CONTRIBUTION_CHARTS + RANKING_CHARTS)
def test_empty_tables_give_a_german_note(name):
    fig = getattr(plots, name)(pd.DataFrame())
    assert chart_title(fig) == GERMAN_TITLES[name]
    assert "Keine" in _texts(fig)


def test_rank_intervals_within_a_field(report_result):
    fig = plots.rank_intervals(report_result.ranking, field="Verwaltung", interval=0.9)
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert labels[0].startswith("1. Online-Terminvergabe")
    assert "90-%-Rangintervall" in fig.axes[0].get_xlabel()


def test_png_is_300_dpi_and_files_are_deterministic(report_result, tmp_path):
    first = plots.save_figure(plots.priority_matrix(report_result.ranking), tmp_path / "a" / "m")
    second = plots.save_figure(plots.priority_matrix(report_result.ranking), tmp_path / "b" / "m")
    png, svg = first
    with Image.open(png) as image:
        dpi = image.info["dpi"]
        assert round(dpi[0]) == round(dpi[1]) == 300
        assert image.size[0] == 7.5 * 300
    assert png.read_bytes() == second[0].read_bytes()
    assert svg.read_bytes() == second[1].read_bytes()
    text = svg.read_text(encoding="utf-8")
    assert "<dc:date>" not in text
    assert "Prioritätenmatrix" in text  # titles are kept as comments beside the glyph paths


def test_hostile_labels_are_escaped_in_svg(report_result, tmp_path):
    _, svg = plots.save_figure(plots.rank_intervals(report_result.ranking), tmp_path / "r")
    text = svg.read_text(encoding="utf-8")
    assert "&lt;img src=x" in text
    assert "<img" not in text and "<script" not in text


def test_wrap_label_wraps_and_truncates():
    assert plots.wrap_label("Digitale Stadtbibliothek mit Makerspace", 20) == (
        "Digitale\nStadtbibliothek mit…"
    )
    assert plots.wrap_label("Radwege", 20) == "Radwege"
    long = plots.wrap_label(
        "Echtzeit-Fahrgastinformation an allen Bushaltestellen der Innenstadt", 20, 2
    )
    lines = long.split("\n")
    assert len(lines) == 2 and all(len(line) <= 21 for line in lines)
    assert long.endswith("…")
    assert plots.wrap_label(pd.NA) == ""


def test_priority_matrix_numbers_every_point_names_them_and_uses_the_raters_scale(report_result):
    ranking = report_result.ranking
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    fig = plots.priority_matrix(ranking)
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    main = fig.axes[0]
    numbers = [a for a in main.texts if isinstance(a, matplotlib.text.Annotation)]
    ranked = ranking["rank"].notna().sum()
    assert len(numbers) == ranked
    assert sorted(int(a.get_text()) for a in numbers) == sorted(ranking["rank"].astype(int))
    renderer = canvas.get_renderer()
    boxes = [matplotlib.text.Text.get_window_extent(a, renderer) for a in numbers]
    overlaps = [(i, j) for i in range(len(boxes)) for j in range(i + 1, len(boxes))
                if boxes[i].overlaps(boxes[j])]
    assert not overlaps, [(numbers[i].get_text(), numbers[j].get_text()) for i, j in overlaps]
    # the names of the numbered points are written out below the chart
    key = "\n".join(t.get_text() for ax in fig.axes[1:] for t in ax.texts)
    for _, row in ranking.iterrows():
        assert row["label"][:15] in key
    # the expert axis as the raters used it (1-5), not the internal 0-1
    ticks = [t for t in main.get_yticks() if t >= 1]
    assert max(ticks) == 5


def test_rank_intervals_mark_unrated_measures(report_result):
    fig = plots.rank_intervals(report_result.ranking, top_n=20)
    ax = fig.axes[0]
    hollow = [ln for ln in ax.lines if ln.get_markerfacecolor() in ("white", (1, 1, 1, 1))]
    n_unrated = int(report_result.ranking["expert_score"].isna().sum())
    assert n_unrated and len(hollow) == n_unrated
    assert "ohne Expertenbewertung" in ax.get_xlabel()


def test_support_chart_marks_unrated_measures(report_result):
    ranking = report_result.ranking
    fig = plots.measures_by_support(ranking, top_n=50)
    ax = fig.axes[0]
    hatched = [p for p in ax.patches if p.get_gid() == "unrated"]
    n_unrated = int(ranking["expert_score"].isna().sum())
    assert n_unrated and len(hatched) == n_unrated
    assert all(p.get_hatch() and matplotlib.colors.to_hex(p.get_facecolor()) == "#ffffff" for p in hatched)
    assert "ohne Expertenbewertung" in ax.get_xlabel()
    # without any expert ratings nothing is singled out as unrated
    bare = plots.measures_by_support(ranking.assign(expert_score=float("nan")), top_n=50)
    assert not [p for p in bare.axes[0].patches if p.get_gid() == "unrated"]
    assert "ohne Expertenbewertung" not in bare.axes[0].get_xlabel()


@pytest.mark.parametrize("name", ["measures_by_support", "priority_matrix", "rank_intervals"])
def test_every_ranking_chart_explains_unrated(report_result, name):
    fig = getattr(plots, name)(report_result.ranking)
    text = " ".join((_texts(fig) + " " + " ".join(a.get_xlabel() for a in fig.axes)).split())
    assert "ohne Expertenbewertung" in text or "ohne Bewertung" in text
