"""The Methodik in German and with names: sensitivity, unmatched ratings, weights.

The raw tables (``result.sensitivity``, ``result.unmatched_ratings``) hold measure ids and
English column names for the notebooks; the report shows a sentence, and the tables in an
appendix with German headers and measure names instead of ids.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from pinneberg_analysis.core.result import AnalysisResult
from pinneberg_analysis.plots.style import short_field
from pinneberg_analysis.report import fmt

#: German names of the weights the sensitivity analysis varies.
WEIGHT_NAMES = {
    "weight_support": "Gewicht Unterstützung",
    "weight_expert": "Gewicht Expertenbewertung",
    "n_contributions": "Beiträge",
    "votes": "Stimmen",
    "n_sources": "Quellen",
    "n_rounds": "Runden",
    "n_groups": "Gruppen",
    "n_fields": "Handlungsfelder",
    "multi_field": "mehrere Handlungsfelder",
}
_ID = re.compile(r"\b[MT]-[0-9a-f]{6,}\b")


def _labels(result: AnalysisResult) -> dict[str, str]:
    m = result.measures
    if m.empty or "measure_id" not in m.columns or "label" not in m.columns:
        return {}
    return {str(k): fmt.text(v) for k, v in zip(m["measure_id"], m["label"], strict=True) if v}


def weight_name(key: object) -> str:
    """``weight_support`` -> ``Gewicht Unterstützung``; ``support_votes`` -> ``Stimmen``."""
    key = fmt.text(key)
    for prefix in ("support_", "criterion_", "crit_"):
        if key.startswith(prefix) and key != "support_score":
            key = key[len(prefix):]
    return WEIGHT_NAMES.get(key, key)


def weights_text(weights: Mapping[str, float]) -> str:
    """``{"votes": 0.3, "n_contributions": 0.4}`` -> ``Beiträge 0,4 · Stimmen 0,3``."""
    if not weights:
        return "alle 1"
    items = sorted(weights.items(), key=lambda kv: (-kv[1], weight_name(kv[0])))
    return " · ".join(f"{weight_name(k)} {fmt.number(v)}" for k, v in items)


def with_names(text: object, labels: Mapping[str, str]) -> str:
    """Replace measure ids in ``text`` by „Name“ (ID kept in brackets)."""
    return _ID.sub(
        lambda m: f"„{labels[m.group(0)]}“" if m.group(0) in labels else m.group(0), fmt.text(text)
    )


def sensitivity_summary(result: AnalysisResult) -> str:
    """One sentence: how often the leader and the top group stay when one weight moves."""
    s = result.sensitivity
    if s.empty or "top1_same" not in s.columns:
        return ""
    moved = s[fmt.floats(s["factor"]) != 1.0] if "factor" in s.columns else s
    if moved.empty:
        return ""
    same = moved["top1_same"].astype("boolean").fillna(False).astype(bool)
    overlap = fmt.floats(moved.get("overlap")).dropna()
    tau = fmt.floats(moved.get("kendall_tau")).dropna()
    factors = sorted(set(fmt.floats(moved["factor"]).dropna()))
    text = (
        "Empfindlichkeit: Wird je ein Gewicht mit "
        + ", ".join(fmt.number(f) for f in factors)
        + " multipliziert, bleibt die erste Maßnahme eines Handlungsfelds in "
        + fmt.percent(int(same.sum()), len(same))
        + " der Fälle dieselbe"
    )
    if not overlap.empty:
        text += (
            f"; von der Spitzengruppe bleiben im Mittel {fmt.percent(overlap.mean(), 1)} erhalten"
        )
    if not tau.empty:
        text += f" (Kendalls τ im Median {fmt.fixed(tau.median())})"
    return text + ". Die Tabelle im Anhang zeigt jede Variante."


def sensitivity_table(result: AnalysisResult, limit: int = 100) -> fmt.Table:
    """The sensitivity table in German, with the leading measure named."""
    s = result.sensitivity
    if s.empty:
        return fmt.Table([], [])
    labels = _labels(result)
    rows = []
    for _, row in s.head(limit).iterrows():
        top = fmt.split_list(row.get("top_k"))
        rows.append(
            [
                weight_name(row.get("weight")),
                fmt.number(row.get("factor")),
                short_field(fmt.text(row.get("field"))),
                labels.get(top[0], top[0]) if top else fmt.DASH,
                "ja" if bool(row.get("top1_same")) and not fmt.missing(row.get("top1_same"))
                else "nein",
                fmt.percent(float(row.get("overlap")), 1)
                if not fmt.missing(row.get("overlap"))
                else fmt.DASH,
                fmt.fixed(row.get("kendall_tau")),
            ]
        )
    headers = ["Gewicht", "Faktor", "Handlungsfeld", "Erste Maßnahme", "Erste gleich",
               "Spitzengruppe erhalten", "Kendalls τ"]
    note = f"Die ersten {limit} von {len(s)} Zeilen." if len(s) > limit else ""
    return fmt.Table(headers, rows, [False, True, False, False, False, True, True], note=note)


def unmatched_table(result: AnalysisResult, limit: int = 100) -> fmt.Table:
    """Ratings without a clear measure, in German, candidates named."""
    u = result.unmatched_ratings
    if u.empty:
        return fmt.Table([], [])
    labels = _labels(result)
    rows = []
    for _, row in u.head(limit).iterrows():
        candidates = fmt.text(row.get("candidates"))
        listed, _, reason = candidates.partition(" | ")
        rows.append(
            [
                fmt.text(row.get("measure_ref")),
                fmt.integer(row.get("n_ratings")),
                with_names(listed, labels) or fmt.DASH,
                reason or fmt.DASH,
            ]
        )
    return fmt.Table(
        ["Bewerteter Name", "Bewertungen", "Ähnlichste Maßnahmen (Ähnlichkeit)", "Grund"],
        rows,
        [False, True, False, False],
    )
