"""What the report says in words: Kernergebnisse, field summaries, challenges, campaigns,
limitations and the overall ranked table.

Every sentence is generated from the result tables, with its numbers; nothing here names
a town, a measure or a field by hand. Citizen text reaches the sentences only as measure
labels and quotes, which the template escapes like any other value.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from pinneberg_analysis.core.result import AnalysisResult
from pinneberg_analysis.plots.style import field_order, short_field
from pinneberg_analysis.report import fmt
from pinneberg_analysis.report.decision_tables import is_rejected
from pinneberg_analysis.report.scale import expert_text
from pinneberg_analysis.report.tables import measures_table

#: How many measures the Kernergebnisse name across all fields.
TOP_OVERALL = 3
#: Characters of a challenge or campaign text shown before it is shortened.
SHORT_TEXT = 160


def _col(df: pd.DataFrame, name: str) -> pd.Series:
    return df[name] if name in df.columns else pd.Series(pd.NA, index=df.index, dtype="object")


def _true(series: pd.Series) -> pd.Series:
    return series.map(lambda v: (not fmt.missing(v)) and bool(v)).astype(bool)


def _short(text: str, limit: int = SHORT_TEXT) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + " …"


def _join(items: list[str]) -> str:
    """``a``, ``a und b``, ``a, b und c``."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " und " + items[-1]


def ranked_measures(result: AnalysisResult) -> pd.DataFrame:
    """Active, ranked measures (no Einzelideen, nothing rejected) sorted by overall rank."""
    m = measures_table(result)
    if m.empty:
        return m
    m = m[~is_rejected(m) & ~_true(_col(m, "is_single"))]
    m = m[fmt.floats(_col(m, "rank")).notna().to_numpy()]
    order = fmt.floats(m["rank"]).to_numpy().argsort(kind="stable")
    return m.iloc[order].reset_index(drop=True)


def _rated(row: pd.Series) -> bool:
    if fmt.missing(row.get("expert_score")):
        return False
    return fmt.missing(row.get("rated")) or bool(row.get("rated"))


def _support_text(row: pd.Series) -> str:
    parts = [fmt.count(row.get("n_contributions"), "Beitrag", "Beiträge")]
    if not fmt.missing(row.get("votes")) and fmt.floats([row.get("votes")]).iloc[0] > 0:
        parts.append(fmt.count(row.get("votes"), "Stimme", "Stimmen"))
    return ", ".join(parts)


def _named(row: pd.Series) -> str:
    label = fmt.text(row.get("label")) or fmt.text(row.get("measure_id"))
    return f"„{label}“ ({_support_text(row)})"


def key_findings(result: AnalysisResult) -> list[str]:
    """The Kernergebnisse: a few German sentences with numbers, generated from the data."""
    c, ranked = result.contributions, ranked_measures(result)
    sentences: list[str] = []
    fields = _col(c, "field").dropna().astype(str)
    if len(c):
        counts = fields.value_counts()
        order = field_order(list(counts.index))
        most = max(order, key=lambda f: (counts[f], -order.index(f)))
        least = min(order, key=lambda f: (counts[f], order.index(f)))
        text = (
            f"{fmt.count(len(c), 'Beitrag', 'Beiträge')} aus "
            f"{fmt.count(_col(c, 'source_file').nunique(), 'Datei', 'Dateien')} wurden ausgewertet"
        )
        if len(order) > 1:
            text += (
                f"; die meisten betreffen {most} ({fmt.percent(counts[most], len(c))}), "
                f"die wenigsten {least} ({fmt.percent(counts[least], len(c))})"
            )
        sentences.append(text + ".")
    if not ranked.empty:
        top = [_named(r) for _, r in ranked.head(TOP_OVERALL).iterrows()]
        sentences.append(
            "Über alle Handlungsfelder vorn in der Rangfolge (Unterstützung und Expertenbewertung): " + _join(top) + "."
        )
        for name in field_order(list(_col(ranked, "field").dropna())):
            part = ranked[_col(ranked, "field") == name]
            first = part.iloc[0]
            text = f"{name}: vorn liegt {_named(first)}"
            if len(part) > 1:
                text += f", gefolgt von {_named(part.iloc[1])}"
            sentences.append(text + ".")
        rated = int(sum(_rated(r) for _, r in ranked.iterrows()))
        sentences.append(
            f"{rated} von {fmt.count(len(ranked), 'Maßnahme', 'Maßnahmen')} haben eine "
            "Expertenbewertung; bei den übrigen zählt der Fachteil 0 Punkte, so dass eine "
            "fehlende Bewertung kein Vorteil ist."
        )
    n_challenges = int((_col(c, "section").astype("string") == "challenge").sum())
    if n_challenges:
        sentences.append(
            f"{fmt.count(n_challenges, 'Beitrag beschreibt', 'Beiträge beschreiben')} "
            "Herausforderungen; sie sind je Handlungsfeld als Probleme aufgeführt, auf die "
            "die Maßnahmen antworten, und zählen nicht als Unterstützung."
        )
    groups = campaigns(result)
    if groups:
        copies = sum(g.n_copies - 1 for g in groups)
        sentences.append(
            f"{fmt.count(len(groups), 'Gruppe', 'Gruppen')} fast gleichlautender Beiträge "
            f"(z. B. Sammel- oder Kampagnenbeiträge, zusammen {copies} Kopien) "
            + (
                "zählen für die Unterstützung je nur einmal."
                if result.config.rank.near_duplicates_once
                else "zählen für die Unterstützung einzeln."
            )
        )
    return sentences


@dataclass
class Challenge:
    text: str
    votes: str
    answered_by: str  # label of the measure the challenge was grouped with, or ""
    anchor: str


def challenges(result: AnalysisResult, field: str) -> list[Challenge]:
    """The field's challenge contributions, most votes first, with the measure they fit."""
    from pinneberg_analysis.report.fields_view import slug

    c = result.contributions
    if c.empty or "section" not in c.columns:
        return []
    part = c[(_col(c, "field") == field) & (_col(c, "section").astype("string") == "challenge")]
    if part.empty:
        return []
    m = measures_table(result)
    labels = dict(zip(_col(m, "measure_id").astype(str), _col(m, "label"), strict=True))
    rows = part.assign(_v=fmt.floats(_col(part, "votes")).fillna(0).to_numpy())
    rows = rows.sort_values("_v", ascending=False, kind="stable")
    out = []
    for _, row in rows.iterrows():
        mid = fmt.text(row.get("measure_id"))
        out.append(
            Challenge(
                text=_short(fmt.text(row.get("text"))),
                votes=fmt.count(row.get("votes"), "Stimme", "Stimmen")
                if not fmt.missing(row.get("votes"))
                else "",
                answered_by=fmt.text(labels.get(mid)) if mid else "",
                anchor=slug(mid, "massnahme") if mid else "",
            )
        )
    return out


@dataclass
class Campaign:
    text: str
    n_copies: int
    votes: str
    measure: str
    field: str


def campaigns(result: AnalysisResult) -> list[Campaign]:
    """Groups of (near-)identical contributions, largest first."""
    c = result.contributions
    if c.empty or "contribution_id" not in c.columns:
        return []
    original = _col(c, "near_duplicate_of").astype("string")
    exact = _col(c, "duplicate_of").astype("string")
    key = original.fillna(exact).fillna(c["contribution_id"].astype("string"))
    sizes = key.value_counts()
    out = []
    by_id = c.set_index(c["contribution_id"].astype("string"), drop=False)
    m = measures_table(result)
    labels = dict(zip(_col(m, "measure_id").astype(str), _col(m, "label"), strict=True))
    rows_of = pd.Series(range(len(c))).groupby(key.to_numpy(), sort=False).indices
    for origin in sorted(sizes[sizes > 1].index, key=lambda k: (-sizes[k], k)):
        members = c.iloc[rows_of[origin]]
        first = by_id.loc[origin] if origin in by_id.index else members.iloc[0]
        if isinstance(first, pd.DataFrame):
            first = first.iloc[0]
        votes = fmt.floats(_col(members, "votes"))
        out.append(
            Campaign(
                text=_short(fmt.text(first.get("text"))),
                n_copies=int(sizes[origin]),
                votes=fmt.count(votes.sum(), "Stimme", "Stimmen") if votes.notna().any() else "",
                measure=fmt.text(labels.get(fmt.text(first.get("measure_id")), "")),
                field=short_field(fmt.text(first.get("field"))),
            )
        )
    return out


def field_order_of(result: AnalysisResult) -> list[str]:
    """The fields present in contributions or measures, in strategy order."""
    return field_order(
        list(_col(result.contributions, "field").dropna())
        + list(_col(result.measures, "field").dropna())
    )


def campaign_note(result: AnalysisResult, groups: list[Campaign]) -> str:
    """What the report does with groups of (near-)identical contributions."""
    if not groups:
        return ""
    copies = sum(g.n_copies for g in groups)
    how = (
        "Jede Gruppe zählt für die Unterstützung ihrer Maßnahme nur einmal (mit der höchsten "
        "Stimmenzahl eines Exemplars)."
        if result.config.rank.near_duplicates_once
        else "Jedes Exemplar zählt für die Unterstützung einzeln (Einstellung "
        "rank.near_duplicates_once = false)."
    )
    return (
        f"{fmt.count(copies, 'Beitrag gehört', 'Beiträge gehören')} zu "
        f"{fmt.count(len(groups), 'Gruppe', 'Gruppen')} gleich oder fast gleich lautender Texte, "
        f"wie sie bei Sammel- oder Kampagnenbeiträgen entstehen. {how}"
    )


def field_summary(result: AnalysisResult, field: str) -> str:
    """A short written summary of one field: size, leading measures, challenges, themes."""
    c = result.contributions
    mine = c[_col(c, "field") == field] if not c.empty else c
    ranked = ranked_measures(result)
    part = ranked[_col(ranked, "field") == field] if not ranked.empty else ranked
    share = fmt.percent(len(mine), len(c)) if len(c) else fmt.DASH
    text = (
        f"Im Handlungsfeld {field} gingen {fmt.count(len(mine), 'Beitrag', 'Beiträge')} ein "
        f"({share} aller Beiträge)"
    )
    if part.empty:
        return text + "; daraus wurden keine Maßnahmen mit mehreren Beiträgen gebildet."
    text += f", gebündelt zu {fmt.count(len(part), 'Maßnahme', 'Maßnahmen')}. "
    top = [_named(r) for _, r in part.head(3).iterrows()]
    text += "Vorn in der Rangfolge: " + _join(top) + "."
    n_rated = int(sum(_rated(r) for _, r in part.iterrows()))
    if n_rated == 0:
        text += " Für dieses Feld liegt keine Expertenbewertung vor."
    elif n_rated < len(part):
        text += f" {n_rated} der Maßnahmen sind von Fachleuten bewertet."
    else:
        text += " Alle Maßnahmen sind von Fachleuten bewertet."
    found = challenges(result, field)
    if found:
        text += (
            f" Genannte Herausforderungen: {fmt.count(len(found), 'Beitrag', 'Beiträge')}, "
            f"am häufigsten „{found[0].text}“."
        )
    return text


def limitations(result: AnalysisResult) -> list[str]:
    """What the data cannot say, with this run's numbers where they exist."""
    c = result.contributions
    out = [
        "Selbstauswahl: Beteiligt haben sich Menschen, die davon erfahren haben und sich "
        "einbringen wollten. Die Zahlen zeigen, was diese Menschen wichtig fanden, nicht was "
        "die Bevölkerung insgesamt denkt; sie sind keine repräsentative Umfrage."
    ]
    counts = _col(c, "field").dropna().astype(str).value_counts()
    if len(counts) > 1:
        out.append(
            "Ungleich große Handlungsfelder: zwischen "
            f"{fmt.count(int(counts.min()), 'Beitrag', 'Beiträgen')} und "
            f"{fmt.count(int(counts.max()), 'Beitrag', 'Beiträgen')} je Feld. Die Unterstützung "
            "wird je Feld auf das stärkste Feld-Ergebnis bezogen; Ränge verschiedener Felder "
            "sind deshalb nur eingeschränkt vergleichbar."
        )
    out.append(
        "Unterschiedliche Formate: Workshop-Stimmen, Online-Votes und Forumsbeiträge "
        "messen nicht dasselbe; sie werden gewichtet zusammengeführt (siehe Methodik)."
    )
    ranked = ranked_measures(result)
    n_rated = int(sum(_rated(r) for _, r in ranked.iterrows())) if not ranked.empty else 0
    if len(ranked):
        out.append(
            f"Expertenbewertung: {n_rated} von {len(ranked)} Maßnahmen sind bewertet. "
            "Bewertete Namen werden den Maßnahmen automatisch zugeordnet; "
            f"{fmt.count(len(result.unmatched_ratings), 'Bewertung blieb', 'Bewertungen blieben')} "
            "ohne eindeutige Maßnahme."
        )
    out.append(
        "Gruppierung: Beiträge werden maschinell zu Maßnahmen gebündelt. Ähnlich "
        "formulierte, aber verschiedene Anliegen können zusammenfallen und gleiche Anliegen "
        "getrennt bleiben; das Review der Autorinnen und Autoren korrigiert das. "
        "Überschneidende Rangintervalle zeigen, wo eine Reihenfolge nicht gesichert ist."
    )
    n_rejected = len(result.rejected)
    if n_rejected:
        out.append(
            f"Nicht auswertbar: {fmt.count(n_rejected, 'Zeile wurde', 'Zeilen wurden')} beim "
            "Einlesen abgelehnt (siehe Einlesebericht)."
        )
    return out


def overall_table(result: AnalysisResult) -> fmt.Table:
    """The ranked table across all fields (section 2), with a tier column when present."""
    ranked = ranked_measures(result)
    has_tier = "tier" in ranked.columns and ranked["tier"].notna().any()
    headers = ["Rang (Intervall)", "Maßnahme", "Handlungsfeld", "Beiträge", "Stimmen",
               "Expertenbewertung"]
    numeric = [False, False, False, True, True, False]
    if has_tier:
        headers.insert(1, "Gruppe")
        numeric.insert(1, False)
    rows = []
    for _, row in ranked.iterrows():
        cells = [
            fmt.rank_interval(row.get("rank"), row.get("rank_low"), row.get("rank_high")),
            fmt.text(row.get("label")) or fmt.text(row.get("measure_id")),
            short_field(fmt.text(row.get("field"))),
            fmt.integer(row.get("n_contributions")),
            fmt.integer(row.get("votes")),
            expert_text(result, row.get("expert_score")) if _rated(row) else "ohne Bewertung",
        ]
        if has_tier:
            cells.insert(1, fmt.text(row.get("tier")))
        rows.append(cells)
    return fmt.Table(headers, rows, numeric)
