"""The report's words on the ranking: the top of the overall ranking explained, how sure
the order is, and every rated name with the measure its ratings went to.

Counts come from the matching table itself (``result.rating_matches``, one row per rated
name), so the report and ``tables/rating_matches.csv`` always agree.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from pinneberg_analysis.core.result import AnalysisResult
from pinneberg_analysis.ranking.tiers import certainty_sentences
from pinneberg_analysis.report import fmt

TOP_N = 3

METHOD_TEXT = {"text": "Textvergleich", "meaning": "Bedeutung", "id": "Maßnahmen-ID",
               "decision": "Review-Entscheidung"}


def matching_counts(matches: pd.DataFrame) -> dict[str, int]:
    """Rated names in total, matched (by text, id, decision), to be checked, not matched.

    Examples
    --------
    >>> m = pd.DataFrame({"status": ["matched", "matched", "ambiguous"],
    ...                   "method": ["text", "decision", "text"],
    ...                   "needs_review": [True, False, True]})
    >>> matching_counts(m)
    {'names': 3, 'matched': 2, 'by_decision': 1, 'to_check': 1, 'not_matched': 1}
    """
    if matches is None or matches.empty:
        return {"names": 0, "matched": 0, "by_decision": 0, "to_check": 0, "not_matched": 0}
    status = matches["status"].astype("string").fillna("")
    method = matches["method"].astype("string").fillna("") if "method" in matches else \
        pd.Series("", index=matches.index)
    review = (matches["needs_review"].astype("boolean").fillna(False)
              if "needs_review" in matches else pd.Series(False, index=matches.index))
    matched = status == "matched"
    return {
        "names": len(matches),
        "matched": int(matched.sum()),
        "by_decision": int((matched & (method == "decision")).sum()),
        "to_check": int((matched & review.astype(bool)).sum()),
        "not_matched": int((~matched).sum()),
    }


def matching(result: AnalysisResult) -> dict[str, Any]:
    """Every rated name with its measure by name, or "nicht zugeordnet" and why."""
    m = result.rating_matches
    counts = matching_counts(m)
    labels = dict(zip(result.measures.get("measure_id", []), result.measures.get("label", [])))
    rows = []
    if m is not None and not m.empty:
        for r in m.sort_values("measure_ref", kind="mergesort").to_dict("records"):
            name = fmt.text(r.get("measure_ref")) or fmt.text(r.get("given_measure_id"))
            mid = r.get("measure_id")
            matched = r.get("status") == "matched" and not fmt.missing(mid)
            proposed = r.get("proposed_id")
            if matched:
                measure = f"{fmt.text(labels.get(mid)) or mid} ({mid})"
                state = "zu prüfen" if r.get("needs_review") is True else "zugeordnet"
                why = fmt.text(r.get("reason")) if r.get("needs_review") is True else ""
            else:
                measure = "nicht zugeordnet"
                state = "mehrdeutig" if r.get("status") == "ambiguous" else "nicht zugeordnet"
                why = fmt.text(r.get("reason"))
                if not fmt.missing(proposed):
                    why += f"; bester Kandidat: {fmt.text(labels.get(proposed)) or proposed}"
            rows.append([name, measure, METHOD_TEXT.get(fmt.text(r.get("method")), ""),
                         fmt.fixed(r.get("similarity")), state, why.strip("; "),
                         fmt.integer(r.get("n_ratings"))])
    table = fmt.Table(["Bewerteter Name", "Maßnahme", "Verfahren", "Ähnlichkeit", "Stand",
                       "Grund", "Bewertungszeilen"], rows,
                      [False, False, False, True, False, False, True])
    return {"table": table, "counts": counts}


def _measure_sentence(row: pd.Series) -> str:
    label = fmt.text(row.get("label")) or fmt.text(row.get("measure_id"))
    support = (f"{fmt.count(row.get('n_contributions'), 'Beitrag', 'Beiträge')} und "
               f"{fmt.count(row.get('votes'), 'Stimme', 'Stimmen')}")
    expert = (f"Fachbewertung {fmt.fixed(row.get('expert_score'))} von 1"
              if bool(row.get("rated")) else "ohne Fachbewertung")
    return (f"„{label}“ ({fmt.text(row.get('field'))}): {support}, Unterstützung "
            f"{fmt.fixed(row.get('support_overall'))} von 1 im Gesamtprozess, {expert}")


def top_of_ranking(result: AnalysisResult) -> dict[str, Any]:
    """Sentences that explain the top of the overall ranking to a council member."""
    r = result.ranking
    if r is None or r.empty or "rank" not in r.columns:
        return {"sentences": []}
    r = r.sort_values("rank", kind="mergesort")
    cfg = result.config.rank
    share = fmt.interval_share(cfg.tier_confidence)
    out = []
    top = r.head(TOP_N)
    m = result.measures
    if m is not None and {"measure_id", "n_contributions"} <= set(m.columns):
        # the counts the report's tables show (challenges and copies included), not the
        # counted support
        shown = dict(zip(m["measure_id"], m["n_contributions"]))
        top = top.assign(n_contributions=[shown.get(mid, n) for mid, n in
                                          zip(top["measure_id"], top["n_contributions"])])
    out.append("Vorn stehen " + "; ".join(_measure_sentence(row) for _, row in top.iterrows())
               + ".")
    out.append(
        "Die Gesamtrangfolge vergleicht die Unterstützung über alle Felder auf einer Skala: "
        "Beiträge, Quellen und Runden im Verhältnis zur stärksten Maßnahme des ganzen "
        "Prozesses, Stimmen als Anteil an den Stimmen des eigenen Felds (Stimmen aus "
        "verschiedenen Formaten lassen sich nicht direkt vergleichen). Die Ranglisten je "
        "Handlungsfeld vergleichen innerhalb des Felds."
    )
    if "tier_number" in r.columns:
        front = r[r["tier_number"] == 1]
        n_tiers = int(r["tier_number"].max())
        if n_tiers > 1:
            names = ", ".join(f"„{fmt.text(x)}“" for x in front["label"].head(8))
            out.append(f"Gruppe A (klar vorn): {names}"
                       + (" …" if len(front) > 8 else "")
                       + f". Die erste Maßnahme dieser Gruppe liegt in mindestens {share} der "
                       "Wiederholungen mit neu gezogenen Beiträgen und Bewertungen vor jeder "
                       "Maßnahme der nächsten Gruppe; innerhalb einer Gruppe ist die "
                       "Reihenfolge nicht belastbar.")
        else:
            out.append(certainty_sentences(r, cfg.tier_confidence).get("Gesamt", ""))
    if "rated" in r.columns and not r["rated"].astype(bool).any():
        out.append("Es liegen keine Fachbewertungen vor: Die Reihenfolge folgt allein der "
                   "Unterstützung aus der Beteiligung.")
    elif "rated" in r.columns and (~r["rated"].astype(bool)).any():
        n = int((~r["rated"].astype(bool)).sum())
        out.append(
            f"{fmt.count(n, 'Maßnahme hat', 'Maßnahmen haben')} keine Fachbewertung. Für sie "
            "zählt der Fachteil der Punktzahl 0: Eine fehlende Bewertung ist kein Vorteil, und "
            "keine Maßnahme rückt vor, weil ihre Bewertung fehlt. Ihr Rangintervall reicht "
            "dafür so weit nach vorn, wie eine Bewertung wie die der anderen Maßnahmen ihres "
            "Felds sie bringen könnte."
        )
    return {"sentences": [s for s in out if s]}
