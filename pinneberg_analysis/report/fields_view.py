"""The per-field part of the report: themes, ranked measures, quotes and Einzelideen.

Everything here turns result tables into plain dataclasses of display strings; the
template only lays them out (and escapes them).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from pinneberg_analysis.core.fields import normalise_name
from pinneberg_analysis.core.result import AnalysisResult
from pinneberg_analysis.plots.style import SOURCE_LABELS, field_order, short_field
from pinneberg_analysis.ranking.tiers import certainty_sentence, tier_name
from pinneberg_analysis.report import fmt
from pinneberg_analysis.report.decision_tables import is_rejected, measure_notes
from pinneberg_analysis.report.scale import expert_text
from pinneberg_analysis.report.tables import measures_table

QUOTE_CHARS = 400


@dataclass
class Quote:
    text: str
    source: str


@dataclass
class MeasureView:
    measure_id: str
    anchor: str
    label: str
    keywords: list[str]
    rank_text: str
    overlap_note: str
    support: str
    support_score: str
    rated: bool
    expert_score: str
    n_raters: str
    criteria: list[tuple[str, str]]
    quotes: list[Quote]
    review: list[str]
    other_fields: list[str]
    tier: str = ""  # "Gruppe A: klar vorn", "Gruppe B", ... (the field's tiers)
    support_overall: str = ""  # support on the process-wide scale (overall ranking)


@dataclass
class ThemeView:
    theme_id: str
    label: str
    keywords: list[str]
    n_contributions: str
    measures: list[MeasureView]


@dataclass
class SingleView:
    anchor: str
    label: str
    quotes: list[Quote]
    votes: str  # "3 Stimmen", or "" when the source has no votes
    review: list[str]


@dataclass
class FieldView:
    name: str
    short: str
    anchor: str
    figures: str
    ranking: fmt.Table
    n_overlapping: int
    themes: list[ThemeView] = field(default_factory=list)
    certainty: str = ""  # one sentence: how sure the order within the field is
    singles: list[SingleView] = field(default_factory=list)


def slug(text: str, prefix: str) -> str:
    """An HTML id from a German name (``Mobilität`` -> ``feld-mobilitat``)."""
    key = re.sub(r"[^a-z0-9]+", "-", normalise_name(text)).strip("-")
    return f"{prefix}-{key or 'x'}"


def _col(df: pd.DataFrame, name: str) -> pd.Series:
    return df[name] if name in df.columns else pd.Series(pd.NA, index=df.index, dtype="object")


def with_display_rank(measures: pd.DataFrame) -> pd.DataFrame:
    """Add ``show_rank/show_low/show_high``: the rank within the field when the ranking
    has one, else the overall rank."""
    prefix = "field_rank"
    if fmt.floats(_col(measures, "field_rank")).isna().all():
        prefix = "rank"
    return measures.assign(
        show_rank=_col(measures, prefix),
        show_low=_col(measures, f"{prefix}_low"),
        show_high=_col(measures, f"{prefix}_high"),
    )


def _is_true(value: object) -> bool:
    return (not fmt.missing(value)) and bool(value)


def _sources(result: AnalysisResult) -> dict[str, tuple[str, str]]:
    """contribution_id -> (redacted text, "Quelle: …")."""
    c = result.contributions
    if c.empty or "contribution_id" not in c:
        return {}
    out = {}
    for row in c.itertuples(index=False):
        kind = SOURCE_LABELS.get(
            fmt.text(getattr(row, "source_kind", "")), fmt.text(getattr(row, "source_kind", ""))
        )
        where = ", ".join(
            p
            for p in (
                fmt.text(getattr(row, "source_file", "")),
                fmt.text(getattr(row, "locator", "")),
            )
            if p
        )
        out[str(row.contribution_id)] = (
            fmt.text(getattr(row, "text", "")),
            " · ".join(p for p in (kind, where) if p),
        )
    return out


def _shorten(text: str, limit: int = QUOTE_CHARS) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0] + " …"


def _quotes(row: pd.Series, sources: dict[str, tuple[str, str]], n: int) -> list[Quote]:
    ids = fmt.split_list(row.get("representative_ids"))
    texts = [t for t in fmt.text(row.get("representatives")).split("\n") if t.strip()]
    quotes = []
    if ids and all(i in sources for i in ids):
        for cid in ids[:n]:
            body, where = sources[cid]
            quotes.append(Quote(_shorten(body), where))
    else:
        quotes = [Quote(_shorten(t), "") for t in texts[:n]]
    return quotes


def _overlaps(part: pd.DataFrame) -> dict[str, list[str]]:
    """measure_id -> display ranks of the other measures whose rank interval overlaps."""
    r = fmt.floats(_col(part, "show_rank"))
    lo = fmt.floats(_col(part, "show_low")).fillna(r)
    hi = fmt.floats(_col(part, "show_high")).fillna(r)
    rows = [
        (m, a, b, c) for m, a, b, c in zip(part["measure_id"], r, lo, hi, strict=True) if a == a
    ]
    out: dict[str, list[str]] = {}
    for mid, _rank, low, high in rows:
        others = [
            (o_rank, fmt.rank(o_rank))
            for o_mid, o_rank, o_low, o_high in rows
            if o_mid != mid and o_low <= high and low <= o_high
        ]
        if others:
            out[mid] = [text for _, text in sorted(others)]
    return out


def _overlap_note(ranks: list[str]) -> str:
    if not ranks:
        return ""
    listed = ", ".join(ranks[:5]) + (" …" if len(ranks) > 5 else "")
    return (
        f"Rangintervall überschneidet sich mit {len(ranks)} weiteren "
        f"{'Maßnahme' if len(ranks) == 1 else 'Maßnahmen'} (Rang {listed}): "
        "Die Reihenfolge ist hier nicht eindeutig."
    )


def _criteria(row: pd.Series, invert: set[str]) -> list[tuple[str, str]]:
    out = []
    for col, value in row.items():
        if str(col).startswith("crit_") and not fmt.missing(value):
            name = str(col)[len("crit_") :]
            hint = " (niedriger = besser)" if name.casefold() in invert else ""
            out.append((name + hint, fmt.fixed(value, 1)))
    return out


def _measure_view(
    row: pd.Series, ctx: dict[str, Any], overlaps: dict[str, list[str]]
) -> MeasureView:
    mid = fmt.text(row["measure_id"])
    rated = not fmt.missing(row.get("expert_score")) and (
        fmt.missing(row.get("rated")) or _is_true(row.get("rated"))
    )
    fields = fmt.split_list(row.get("fields"))
    return MeasureView(
        measure_id=mid,
        anchor=slug(mid, "massnahme"),
        label=fmt.text(row.get("label")) or mid,
        keywords=fmt.split_list(row.get("keywords")),
        rank_text=(
            "abgelehnt"
            if _is_true(row.get("_rejected"))
            else fmt.rank_interval(row.get("show_rank"), row.get("show_low"), row.get("show_high"))
        ),
        overlap_note=_overlap_note(overlaps.get(mid, [])),
        support=" · ".join(
            [
                fmt.count(row.get("n_contributions"), "Beitrag", "Beiträge"),
                fmt.count(row.get("votes"), "Stimme", "Stimmen"),
                fmt.count(row.get("n_sources"), "Quelle", "Quellen"),
            ]
        ),
        support_score=fmt.fixed(row.get("support_score")),
        rated=rated,
        expert_score=expert_text(ctx["result"], row.get("expert_score")) if rated else "",
        n_raters=fmt.integer(row.get("n_raters")) if rated else "",
        criteria=_criteria(row, ctx["invert"]) if rated else [],
        quotes=_quotes(row, ctx["sources"], ctx["n_quotes"]),
        review=ctx["notes"].get(mid, []),
        other_fields=[short_field(f) for f in fields[1:]],
        support_overall=fmt.fixed(row.get("support_overall")),
        tier="" if _is_true(row.get("_rejected")) else tier_text(row.get("field_tier"),
                                                               ctx.get("n_tiers", 0)),
    )


def tier_text(tier: object, n_tiers: int) -> str:
    """"Gruppe A: klar vorn" (the front group when the field has several), "Gruppe B", ...

    Examples
    --------
    >>> tier_text(1, 3), tier_text(1, 1), tier_text(2, 3), tier_text(None, 3)
    ('Gruppe A: klar vorn', 'Gruppe A', 'Gruppe B', '')
    """
    value = fmt.floats(pd.Series([tier])).iloc[0]
    if pd.isna(value):
        return ""
    name = tier_name(int(value))
    return f"{name}: klar vorn" if int(value) == 1 and n_tiers > 1 else name


def _ranking_table(
    part: pd.DataFrame, overlaps: dict[str, list[str]], ctx_result: AnalysisResult
) -> fmt.Table:
    rows = []
    ranked = part[fmt.floats(_col(part, "show_rank")).notna()]
    n_tiers = int(fmt.floats(_col(part, "field_tier")).max()) if fmt.floats(
        _col(part, "field_tier")).notna().any() else 0
    for _, row in ranked.iterrows():
        mid = fmt.text(row["measure_id"])
        rated = not fmt.missing(row.get("expert_score"))
        rows.append(
            [
                fmt.rank_interval(row.get("show_rank"), row.get("show_low"), row.get("show_high")),
                (fmt.text(row.get("label")) or mid)
                + (" (Einzelidee)" if _is_true(row.get("is_single")) else ""),
                fmt.integer(row.get("n_contributions")),
                fmt.integer(row.get("votes")),
                expert_text(ctx_result, row.get("expert_score")) if rated else "ohne Bewertung",
                tier_text(row.get("field_tier"), n_tiers)
                or ("überschneidet sich" if overlaps.get(mid) else "eindeutig"),
            ]
        )
    headers = [
        "Rang (Intervall)",
        "Maßnahme",
        "Beiträge",
        "Stimmen",
        "Expertenbewertung",
        "Gruppe",
    ]
    # the scale the experts used (e.g. "4,3 von 5"), never the internal 0-1 score
    return fmt.Table(headers, rows, [False, False, True, True, False, False])


def field_views(result: AnalysisResult) -> list[FieldView]:
    """One view per field of action present in the contributions or measures."""
    measures = with_display_rank(measures_table(result))
    measures["_rejected"] = is_rejected(measures)
    contributions = result.contributions
    themes = result.themes
    present = list(_col(contributions, "field")) + list(_col(measures, "field"))
    ctx = {
        "sources": _sources(result),
        "notes": measure_notes(result.measures, result.decisions_log),
        "n_quotes": result.config.report.n_quotes,
        "invert": {c.casefold() for c in result.config.rank.invert_criteria},
        "result": result,
    }
    views = []
    for name in field_order(present):
        part = measures[_col(measures, "field") == name] if not measures.empty else measures
        single = part[_col(part, "is_single").map(_is_true)] if not part.empty else part
        grouped = part.drop(index=single.index) if not part.empty else part
        overlaps = _overlaps(part) if not part.empty else {}
        active_tiers = fmt.floats(_col(part[~part["_rejected"]], "field_tier")) \
            if not part.empty else pd.Series(dtype=float)
        ctx["n_tiers"] = int(active_tiers.max()) if active_tiers.notna().any() else 0
        field_themes = themes[_col(themes, "field") == name] if not themes.empty else themes
        n_contrib = (
            int((_col(contributions, "field") == name).sum()) if not contributions.empty else 0
        )
        view = FieldView(
            name=name,
            short=short_field(name),
            anchor=slug(name, "feld"),
            figures=" · ".join(
                [
                    fmt.count(n_contrib, "Beitrag", "Beiträge"),
                    fmt.count(len(grouped), "Maßnahme", "Maßnahmen"),
                    fmt.count(len(field_themes), "Thema", "Themen"),
                    fmt.count(len(single), "Einzelidee", "Einzelideen"),
                ]
            ),
            ranking=_ranking_table(part, overlaps, result) if not part.empty else fmt.Table([], []),
            n_overlapping=len(overlaps),
            certainty=certainty_sentence(
                active_tiers.dropna(), result.config.rank.tier_confidence, f"im Feld {name}"
            ) if active_tiers.notna().any() else "",
        )
        view.themes = _theme_views(grouped, field_themes, ctx, overlaps)
        view.singles = [
            SingleView(
                anchor=slug(fmt.text(r["measure_id"]), "massnahme"),
                label=fmt.text(r.get("label")) or fmt.text(r["measure_id"]),
                quotes=_quotes(r, ctx["sources"], 1),
                votes=""
                if fmt.missing(r.get("votes"))
                else fmt.count(r.get("votes"), "Stimme", "Stimmen"),
                review=ctx["notes"].get(fmt.text(r["measure_id"]), []),
            )
            for _, r in single.iterrows()
        ]
        views.append(view)
    return views


def _theme_views(
    grouped: pd.DataFrame,
    field_themes: pd.DataFrame,
    ctx: dict[str, Any],
    overlaps: dict[str, list[str]],
) -> list[ThemeView]:
    if grouped.empty:
        return []
    theme_of = _col(grouped, "theme_id").map(lambda t: fmt.text(t))
    info = (
        {fmt.text(r["theme_id"]): r for _, r in field_themes.iterrows()}
        if not field_themes.empty
        else {}
    )
    sizes = fmt.floats(_col(grouped, "n_contributions")).fillna(0)
    totals = sizes.groupby(theme_of).sum()
    order = sorted(totals.index, key=lambda t: (t == "", -totals[t], t))
    views = []
    for tid in order:
        members = grouped[theme_of == tid]
        row = info.get(tid)
        label = fmt.text(row.get("label")) if row is not None else ""
        views.append(
            ThemeView(
                theme_id=tid,
                label=label or ("Weitere Maßnahmen ohne Themenzuordnung" if not tid else tid),
                keywords=fmt.split_list(row.get("keywords")) if row is not None else [],
                n_contributions=fmt.count(totals[tid], "Beitrag", "Beiträge"),
                measures=[_measure_view(r, ctx, overlaps) for _, r in members.iterrows()],
            )
        )
    return views
