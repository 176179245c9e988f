"""Is the ranking one a council can defend? Dominance, rating matching and tiers.

* **Dominance**: no unrated measure ranks above a rated measure of its field that has at
  least its contributions and votes and an expert score above the median of the rated
  measures (overall rank and field rank). Checked on the bundled sample and on a new-user
  process: the Bonn cycling dialogues (``data/external``, one field, no ratings of its own)
  with synthetic ratings (3 raters, 4 criteria, 1–5, seeded) for a third of its measures.
  *Before* = the formula on main before issue 14 (an unrated measure scored as its support,
  support divided by the field maximum), recomputed from the same columns.
* **Matching** on the sample against ``data/sample-truth``: a rated name *reaches* its
  measure when it is matched to a measure that holds contributions of its key (the
  clustering may split a key); *wrong* when matched elsewhere; *flagged* = wrong but marked
  ``needs_review`` (so it is on the authors' sheet); then the same with the sheet filled from
  the truth (``assigned``, as ``review apply`` stores it).
* **Tiers**: how many tiers overall and per field, and the size of group A.

Run: ``.venv/bin/python benchmarks/bench_ranking_fairness.py [--bootstrap 200]``
"""

from __future__ import annotations

import argparse
import platform
import sys
import time
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_rating_match import (  # noqa: E402
    DEV_DECOYS,
    HELD_OUT_CLEAN,
    HELD_OUT_HARD,
    _names_only,
    truth_of_measures,
)

from pinneberg_analysis.core.config import Config  # noqa: E402
from pinneberg_analysis.pipeline import analyse, read_inputs  # noqa: E402
from pinneberg_analysis.core import stagecache  # noqa: E402
from pinneberg_analysis.features import e5  # noqa: E402
from pinneberg_analysis.ranking import match_ratings, rank_details  # noqa: E402

SAMPLE = ROOT / "data" / "sample"
TRUTH = ROOT / "data" / "sample-truth"
BONN = ROOT / "data" / "external" / "cycling-dialogues-bonn" / "contributions.csv"


def violations(r: pd.DataFrame, rank_col: str, expert_col: str = "expert_score") -> list[str]:
    """Unrated measures ranked above a dominating rated measure of their field."""
    r = r.assign(votes=pd.to_numeric(r["votes"], errors="coerce").astype(float).fillna(0.0))
    rated = r[r["rated"]]
    median = rated[expert_col].astype(float).median()
    out = []
    for _, part in r.groupby("field"):
        good = part[part["rated"] & (part[expert_col].astype(float) > median)]
        for u in part[~part["rated"]].itertuples():
            for g in good.itertuples():
                if (g.n_contributions >= u.n_contributions and g.votes >= u.votes
                        and getattr(u, rank_col) < getattr(g, rank_col)):
                    out.append(f"{u.label} über {g.label}")
    return out


def before_ranks(r: pd.DataFrame) -> pd.DataFrame:
    """Ranks by main's formula before issue 14 (unrated = support, support per field)."""
    s = r["support_score"].astype(float)
    e = r["expert_score"].astype(float)
    score = np.where(r["rated"], 0.5 * s + 0.5 * e.fillna(0), s).round(12)
    out = r.assign(old=score).sort_values(["old", "measure_id"], ascending=[False, True])
    out["rank"] = np.arange(1, len(out) + 1)
    out["field_rank"] = out.groupby("field").cumcount() + 1
    return out


def tiers(r: pd.DataFrame) -> str:
    per_field = r.groupby("field")["field_tier"].max().astype(int).tolist()
    return (f"{int(r['tier_number'].max())} overall (group A: "
            f"{int((r['tier_number'] == 1).sum())}); per field {per_field}")


def synthetic_ratings(measures: pd.DataFrame, share: float, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    ids = sorted(measures["measure_id"].astype(str))
    chosen = rng.choice(ids, size=max(1, round(share * len(ids))), replace=False)
    rows = []
    for mid in sorted(chosen):
        quality = rng.integers(1, 6)
        for rater in ("A", "B", "C"):
            for crit in ("Wirkung", "Umsetzbarkeit", "Kosten", "Dringlichkeit"):
                v = int(np.clip(quality + rng.integers(-1, 2), 1, 5))
                rows.append({"measure_id": mid, "measure_ref": pd.NA, "rater": rater,
                             "criterion": crit, "value": float(v)})
    return pd.DataFrame(rows)


def dominance(name: str, r: pd.DataFrame) -> dict:
    b = before_ranks(r)
    return {"process": name, "measures": len(r), "rated": int(r["rated"].sum()),
            "after_overall": violations(r, "rank"), "after_field": violations(r, "field_rank"),
            "before_overall": violations(b, "rank"), "before_field": violations(b, "field_rank"),
            "tiers": tiers(r)}


def matching(res, ratings, config) -> dict:
    measures = res.measures[res.measures["status"].fillna("") != "abgelehnt"]
    contributions = res.contributions
    _, present = truth_of_measures(contributions)
    rk = pd.read_csv(TRUTH / "ratings-key.csv", dtype=str)
    key = {n: (k if isinstance(k, str) else None) for n, k in zip(rk["Maßnahme"], rk["measure"])}
    matchable = {n for n, k in key.items() if k and any(k in s for s in present)}

    def score(m: pd.DataFrame) -> dict:
        out = {"reached": 0, "wrong": [], "wrong_flagged": 0, "not_matched": [], "sure": 0,
               "to_check": 0, "best": 0, "other_holder": []}
        for row in m.itertuples():
            k = key.get(row.measure_ref)
            if row.measure_ref not in key:
                continue
            matched = row.status == "matched"
            out["sure"] += bool(matched and not row.needs_review)
            out["to_check"] += bool(row.needs_review)
            if k is None:
                if matched:
                    out["wrong"].append(row.measure_ref)
                continue
            if not matched:
                out["not_matched"].append(row.measure_ref)
            elif k in present.get(row.measure_id, frozenset()):
                out["reached"] += 1
                if row.measure_id == holders.get(row.measure_ref):
                    out["best"] += 1
                else:
                    out["other_holder"].append(
                        f"{row.measure_ref} ({'zu prüfen' if row.needs_review else 'sicher'})")
            else:
                out["wrong"].append(row.measure_ref)
                out["wrong_flagged"] += bool(row.needs_review)
        return out

    holders = {}
    c = contributions.assign(key=__import__(
        "pinneberg_analysis.cluster.evaluation", fromlist=["codes_by_match"]).codes_by_match(
        contributions, pd.read_csv(TRUTH / "groups.csv", dtype=str)))
    for name, k in key.items():
        if k is None:
            holders[name] = None
            continue
        counts = c[c["key"] == k]["measure_id"].value_counts()
        holders[name] = str(sorted(counts[counts == counts.max()].index)[0])
    auto = rank_details(measures, contributions, ratings, config.rank, with_sensitivity=False)
    filled = rank_details(measures, contributions, ratings, config.rank,
                          with_sensitivity=False, assigned=holders)
    words = match_ratings(ratings, measures, contributions, meaning=False).matches
    return {"matchable": len(matchable), "auto": score(auto.matches.matches),
            "words": score(words), "filled": score(filled.matches.matches),
            "cost": cost(ratings, measures, contributions),
            "decoys": {name: decoys(d, ratings, measures, contributions) for name, d in (
                ("dev", DEV_DECOYS), ("clean", HELD_OUT_CLEAN), ("hard", HELD_OUT_HARD))}}


def cost(ratings: pd.DataFrame, measures: pd.DataFrame, contributions: pd.DataFrame,
         repeats: int = 3) -> dict:
    """Seconds of matching by words only and with the second chance by meaning (best of
    ``repeats``; members' vectors in the memo, as after the grouping): on a re-run (the
    names' vectors cached) and on a first run with a warm model (stage cache off, names made
    new to the process by a trailing space: same length, same cost)."""
    def best(fn, n: int = repeats) -> float:
        times = []
        for _ in range(n):
            t0 = time.perf_counter()
            fn()
            times.append(time.perf_counter() - t0)
        return min(times)

    t_words = best(lambda: match_ratings(ratings, measures, contributions, meaning=False))
    t_rerun = best(lambda: match_ratings(ratings, measures, contributions, meaning=True))
    stagecache.set_enabled(False)
    try:
        t_load = best(lambda: e5.encode(["Ein Text, der nur das Modell lädt."]), 1)
        def fresh(k: int) -> pd.DataFrame:
            return ratings.assign(measure_ref=ratings["measure_ref"] + " " * k)

        m = match_ratings(fresh(1), measures, contributions, meaning=True).matches
        t_words_first = best(lambda: match_ratings(fresh(2), measures, contributions,
                                                   meaning=False), 1)
        t_first = best(lambda: match_ratings(fresh(3), measures, contributions,
                                             meaning=True), 1)
    finally:
        stagecache.set_enabled(None)
    asked = int(((m["method"] == "meaning") | (m["status"] != "matched")
                 | ~m["needs_review"].astype(bool)).sum())
    return {"words": t_words, "rerun": t_rerun, "first": t_first, "load": t_load,
            "words_first": t_words_first, "n_names": len(m), "asked": asked,
            "ratio_first": t_first / t_words_first,
            "ratio_rerun": t_rerun / t_words}


def decoys(names: list[str], ratings: pd.DataFrame, measures: pd.DataFrame,
           contributions: pd.DataFrame) -> list[tuple[int, int]]:
    """Decoys matched, (sure, flagged), rated with the real names and alone."""
    out = []
    for rated in (pd.concat([ratings, _names_only(names)], ignore_index=True),
                  _names_only(names)):
        m = match_ratings(rated, measures, contributions).matches
        hit = m[m["measure_ref"].isin(names) & (m["status"] == "matched")]
        flagged = hit["needs_review"].astype(bool)
        out.append((int((~flagged).sum()), int(flagged.sum())))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bootstrap", type=int, default=200)
    args = parser.parse_args()
    config = Config.model_validate({"rank": {"n_bootstrap": args.bootstrap}})
    t0 = time.perf_counter()
    res = analyse(SAMPLE, config=config)
    ratings = read_inputs(SAMPLE, config=config).ratings
    rows = [dominance("sample", res.ranking)]
    match = matching(res, ratings, config)
    bonn = analyse(BONN, config=config, field="Mobilität")
    active = bonn.measures[bonn.measures["status"].fillna("") != "abgelehnt"]
    for seed in (1, 2, 3):
        r = rank_details(active, bonn.contributions,
                         synthetic_ratings(active, 1 / 3, seed), config.rank,
                         with_sensitivity=False).ranking
        rows.append(dominance(f"Bonn + ratings for 1/3 (seed {seed})", r))
    took = time.perf_counter() - t0

    print(f"Command: `.venv/bin/python benchmarks/bench_ranking_fairness.py --bootstrap "
          f"{args.bootstrap}` — {date.today()}, {platform.machine()}, Python "
          f"{platform.python_version()}, {took:.0f} s in total.\n")
    print("| process | measures | rated | unrated above a dominating rated measure: before "
          "(overall / field) | after (overall / field) | tiers |")
    print("|---|---|---|---|---|---|")
    for d in rows:
        print(f"| {d['process']} | {d['measures']} | {d['rated']} | "
              f"{len(d['before_overall'])} / {len(d['before_field'])} | "
              f"{len(d['after_overall'])} / {len(d['after_field'])} | {d['tiers']} |")
    print()
    for d in rows:
        if d["after_overall"] or d["after_field"]:
            print(f"- {d['process']}: {d['after_overall'][:5]} {d['after_field'][:5]}")
    print(f"- sample, before (examples): {rows[0]['before_overall'][:4]}")
    print()
    print("| rated names (matchable) | reached (of those: the measure with most of the "
          "key's contributions) | wrong (flagged) | not matched | sure | to check |")
    print("|---|---|---|---|---|---|")
    for what in ("words", "auto", "filled"):
        s = match[what]
        print(f"| {what}: {match['matchable']} | {s['reached']} ({s['best']}) | {len(s['wrong'])} "
              f"({s['wrong_flagged']}) | {len(s['not_matched'])} | {s['sure']} | "
              f"{s['to_check']} |")
    c = match["cost"]
    print(f"\n- cost of matching the {c['n_names']} names (about {c['asked']} of them encoded: "
          f"the open ones and the text matches that pass the word bar): first run (names new "
          f"to the process, warm model) by words {c['words_first']:.2f} s, with meaning "
          f"{c['first']:.2f} s ({c['ratio_first']:.1f}×, +{c['first'] - c['words_first']:.2f} "
          f"s); re-run by words {c['words']:.2f} s, with meaning {c['rerun']:.2f} s "
          f"({c['ratio_rerun']:.2f}×); "
          f"loading the model, when the grouping came from the stage cache, {c['load']:.2f} s")
    for name, (with_, alone) in match["decoys"].items():
        print(f"- decoys {name}: matched sure / flagged, with the real names {with_[0]} / "
              f"{with_[1]}, alone {alone[0]} / {alone[1]}")
    print(f"\n- automatic, wrong: {match['auto']['wrong']}; not matched: "
          f"{match['auto']['not_matched']}; reached, but not the measure with most of the "
          f"key's contributions: {match['auto']['other_holder']}")


if __name__ == "__main__":
    main()
