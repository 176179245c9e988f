"""Quality of matching the experts' measure names to the measures, on the sample data.

The expert ratings (``data/sample/bewertungen/expertenbewertung-verwaltung.csv``) name
measures by paraphrases of city staff; the measures are clusters of citizens' words. The
pipeline runs fresh each time (clustering is still being tuned), then:

* **truth**: each contribution's measure key from ``data/sample-truth/groups.csv`` (the
  ``match`` substring in ``title + " " + text`` within its ``source_file``); a measure
  stands for the key most of its contributions have. A rated name (``ratings-key.csv``) is
  *correct* when matched to a measure standing for its key, *wrong* when matched to any
  other; names whose key no measure stands for (the clustering merged it) count as
  *not matchable* and any match of theirs as wrong. "Seilbahn nach Hamburg" has no key and
  must stay unmatched.
* **before**: the matcher of main before this branch (character 3–5-gram TF-IDF to label,
  keywords, representatives and contribution texts; threshold 0.5, margin 0.05),
  re-implemented here so it runs on the same measures.
* **after**: :func:`pinneberg_analysis.ranking.matching.match_ratings` as the pipeline runs it.
* **decoys**: names of measures that are not in the data, rated with the real names
  (``with``) and alone (``alone``); any match is wrong. ``DEV_DECOYS`` were used while
  designing the evidence rule, ``HELD_OUT_DECOYS`` were written before the first run
  (``clean``: no core word in the data expected; ``hard``: shares a core word with a
  measure about something else).
* **floors**: the same with other floors; **shuffled labels**: the labeller's labels
  (``label``, ``label_proposed``) and keywords permuted across the measures (a labeller gone
  wrong), member texts kept.
* **leave-out**: for each key, its measures are removed and all names matched again; a
  match of that key's name is a confident wrong match (the measure it names is absent).

Run: ``.venv/bin/python benchmarks/bench_rating_match.py [--granularity mittel fein grob]
[--no-leave-out] [--floors 0.12 0.15 0.18 0.21]``
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

from pinneberg_analysis.cluster.evaluation import codes_by_match  # noqa: E402
from pinneberg_analysis.core.config import Config  # noqa: E402
from pinneberg_analysis.pipeline import analyse, read_inputs  # noqa: E402
from pinneberg_analysis.ranking.matching import match_ratings  # noqa: E402
from pinneberg_analysis.ranking.similarity import char_similarity, normalise_text  # noqa: E402

SAMPLE = ROOT / "data" / "sample"
TRUTH = ROOT / "data" / "sample-truth"

DEV_DECOYS = [
    "Neues Hallenbad mit Sauna", "Hundeauslaufwiese im Stadtpark",
    "Städtepartnerschaft mit Dänemark", "Sanierung der Friedhofskapelle",
    "Kunstrasenplatz für den Fußballverein", "Straßenbahn nach Elmshorn",
    "Wochenmarkt am Samstag", "Skatepark für Jugendliche", "Neubau Feuerwehrgerätehaus",
    "Hallenbad am Bahnhof", "Windkraftanlagen im Gewerbegebiet", "Bürgerhaushalt",
    "Tierheim erweitern",
]
HELD_OUT_CLEAN = [
    "Sanierung des Freibads", "Kommunale Wärmeplanung", "Erweiterung des Friedhofs",
    "Stadtfest mit Feuerwerk", "Begrüßungspaket für Neugeborene", "Kostenloses Schulessen",
    "Umgestaltung des Marktplatzes", "Städtisches Tierheim",
]
HELD_OUT_HARD = [
    "Neue Sporthalle in Thesdorf", "Patenschaften für Obstbäume", "Bürgerbus für Senioren",
    "Mehr Parkplätze am Bahnhof",
]


def legacy_match(ratings: pd.DataFrame, measures: pd.DataFrame,
                 contributions: pd.DataFrame) -> pd.DataFrame:
    """The matcher before this branch: ``measure_ref, measure_id, status``."""
    ids = sorted(measures["measure_id"].astype(str))
    docs, owner = [], []
    by_id = measures.set_index(measures["measure_id"].astype(str))
    for i, mid in enumerate(ids):
        row = by_id.loc[mid]
        label = row["label"] if isinstance(row.get("label"), str) else ""
        kw = row["keywords"].replace(";", " ") if isinstance(row.get("keywords"), str) else ""
        reps = row["representatives"].split("\n") if isinstance(
            row.get("representatives"), str) else []
        for t in [label, f"{label} {kw}".strip(), *reps]:
            if normalise_text(t):
                docs.append(t)
                owner.append(i)
    pos = {m: i for i, m in enumerate(ids)}
    c = contributions[contributions["measure_id"].notna()]
    for mid, text in zip(c["measure_id"].astype(str), c["text"]):
        if mid in pos and normalise_text(text):
            docs.append(text)
            owner.append(pos[mid])
    order = np.argsort(np.asarray(owner), kind="stable")
    docs, owner = [docs[k] for k in order], np.asarray(owner)[order]
    refs = sorted(ratings["measure_ref"].dropna().unique())
    sims = char_similarity(refs, docs, owner, len(ids))
    rows = []
    for ref, s in zip(refs, sims):
        o = np.lexsort((np.arange(len(ids)), -s))
        best, second = s[o[0]], (s[o[1]] if len(ids) > 1 else 0.0)
        status = ("matched" if best >= 0.5 and best - second >= 0.05
                  else "ambiguous" if best >= 0.5 else "unmatched")
        rows.append((ref, ids[o[0]] if status == "matched" else pd.NA, status))
    return pd.DataFrame(rows, columns=["measure_ref", "measure_id", "status"])


def truth_of_measures(contributions: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """The keys most of each measure's contributions have (measure_id -> set of keys; a tie
    gives several), and all keys of its contributions."""
    truth = pd.read_csv(TRUTH / "groups.csv", dtype=str)
    keys = codes_by_match(contributions, truth)
    c = contributions.assign(key=keys).dropna(subset=["key", "measure_id"])

    def top(s: pd.Series) -> frozenset[str]:
        counts = s.value_counts()
        return frozenset(counts[counts == counts.max()].index)

    grouped = c.groupby("measure_id")["key"]
    return grouped.agg(top), grouped.agg(frozenset)


def score(matches: pd.DataFrame, majority: pd.Series, present: pd.Series,
          name_key: dict[str, str | None]) -> dict:
    """Correct / wrong / not matched counts of a matches table (only the truth's names).

    A wrong match to a measure that holds some contributions of the name's key (a mixed
    cluster) is also counted as ``mixed``.
    """
    m = matches[matches["measure_ref"].isin(list(name_key))]
    standing = set().union(*majority) if len(majority) else set()
    out = {"correct": 0, "wrong": 0, "mixed": 0, "not_matched": 0, "matchable": 0,
           "seilbahn": "?",
           "wrong_names": [], "missed": []}
    for ref, mid, status in zip(m["measure_ref"], m["measure_id"], m["status"]):
        key = name_key[ref]
        got = majority.get(mid, frozenset()) if isinstance(mid, str) else frozenset()
        if key is None:
            out["seilbahn"] = status
            if status == "matched":
                out["wrong"] += 1
                out["wrong_names"].append(f"{ref} → {'/'.join(sorted(got))}")
            continue
        out["matchable"] += key in standing
        if status != "matched":
            if key in standing:
                out["not_matched"] += 1
                out["missed"].append(f"{ref} ({status})")
        elif key in got:
            out["correct"] += 1
        else:
            out["wrong"] += 1
            mixed = key in present.get(mid, frozenset())
            out["mixed"] += mixed
            out["wrong_names"].append(f"{ref} → {'/'.join(sorted(got))} (soll {key}"
                                      + (", in der Maßnahme vertreten)" if mixed else ")"))
    return out


def _names_only(refs: list[str]) -> pd.DataFrame:
    return pd.DataFrame({"measure_ref": pd.array(refs, dtype="string"),
                         "measure_id": pd.array([pd.NA] * len(refs), dtype="string"),
                         "rater": "A", "criterion": "Wirkung",
                         "value": pd.array([3.0] * len(refs), dtype="Float64")})


def decoy_counts(decoys: list[str], ratings: pd.DataFrame, measures: pd.DataFrame,
                 contributions: pd.DataFrame) -> tuple[list[str], list[str]]:
    """Decoys matched (with the real names, alone), as "name → measure label"."""
    out = []
    for rated in (pd.concat([ratings, _names_only(decoys)], ignore_index=True),
                  _names_only(decoys)):
        m = match_ratings(rated, measures, contributions).matches
        hit = m[m["measure_ref"].isin(decoys) & (m["status"] == "matched")]
        out.append([f"{r} → {lab}" for r, lab in zip(hit["measure_ref"], hit["label"])])
    return out[0], out[1]


def leave_out(ratings: pd.DataFrame, measures: pd.DataFrame, contributions: pd.DataFrame,
              majority: pd.Series, name_key: dict[str, str | None]) -> list[str]:
    """Confident matches of a name whose measures were all removed."""
    wrong = []
    for key in sorted(set().union(*majority)):
        names = [n for n, k in name_key.items() if k == key]
        if not names:
            continue
        gone = {mid for mid, keys in majority.items() if key in keys}
        keep = ~measures["measure_id"].isin(gone)
        contrib = contributions.assign(measure_id=contributions["measure_id"].where(
            ~contributions["measure_id"].isin(gone)))
        m = match_ratings(ratings, measures[keep], contrib).matches
        hit = m[m["measure_ref"].isin(names) & (m["status"] == "matched")]
        wrong += [f"{r} ({key}) → {'/'.join(sorted(majority.get(mid, [])))}" for r, mid in
                  zip(hit["measure_ref"], hit["measure_id"])]
    return wrong


def run(granularity: str, with_leave_out: bool, floors: list[float]) -> dict:
    config = Config.model_validate({"cluster": {"granularity": granularity},
                                    "rank": {"n_bootstrap": 20}})
    t0 = time.perf_counter()
    res = analyse(SAMPLE, config=config)
    t_pipeline = time.perf_counter() - t0
    ratings = read_inputs(SAMPLE, config=config).ratings
    measures = res.measures
    if "status" in measures.columns:
        measures = measures[measures["status"].fillna("") != "abgelehnt"]
    contributions = res.contributions
    majority, present = truth_of_measures(contributions)
    rk = pd.read_csv(TRUTH / "ratings-key.csv", dtype=str)
    name_key = {n: (k if isinstance(k, str) else None) for n, k in zip(rk["Maßnahme"],
                                                                       rk["measure"])}
    t0 = time.perf_counter()
    before = legacy_match(ratings, measures, contributions)
    t_before = time.perf_counter() - t0
    t0 = time.perf_counter()
    after = match_ratings(ratings, measures, contributions).matches
    t_after = time.perf_counter() - t0
    pipeline_after = res.rating_matches
    out = {
        "granularity": granularity,
        "n_measures": len(measures),
        "pipeline_s": t_pipeline,
        "before": score(before, majority, present, name_key),
        "after": score(after, majority, present, name_key),
        "pipeline_same": pipeline_after[["measure_ref", "measure_id", "status"]].reset_index(
            drop=True).equals(after[["measure_ref", "measure_id", "status"]]),
        "time_ratio": t_after / t_before,
        "t_before": t_before,
        "t_after": t_after,
        "dev_decoys": decoy_counts(DEV_DECOYS, ratings, measures, contributions),
        "clean_decoys": decoy_counts(HELD_OUT_CLEAN, ratings, measures, contributions),
        "hard_decoys": decoy_counts(HELD_OUT_HARD, ratings, measures, contributions),
    }
    out["floors"] = {
        f: score(match_ratings(ratings, measures, contributions, threshold=f).matches,
                 majority, present, name_key) for f in floors}
    rng = np.random.default_rng(0)
    perm = rng.permutation(len(measures))
    shuffled = measures.assign(**{c: measures[c].to_numpy()[perm]
                                  for c in ("label", "label_proposed", "keywords")
                                  if c in measures.columns})
    out["shuffled"] = score(match_ratings(ratings, shuffled, contributions).matches, majority,
                            present, name_key)
    if with_leave_out:
        out["leave_out"] = leave_out(ratings, measures, contributions, majority, name_key)
    return out


def report(results: list[dict]) -> str:
    lines = [
        f"Command: `.venv/bin/python benchmarks/bench_rating_match.py` — {date.today()}, "
        f"{platform.machine()}, Python {platform.python_version()}.", "",
        "| granularity | measures | names matchable | before: correct / wrong (mixed) / not "
        "matched | after: correct / wrong (mixed) / not matched | Seilbahn "
        "| decoys matched (dev, with / alone) | held-out clean | held-out hard "
        "| leave-out wrong | time after / before |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        b, a = r["before"], r["after"]
        lo = r.get("leave_out")
        lines.append(
            f"| {r['granularity']} | {r['n_measures']} | {a['matchable']} "
            f"| {b['correct']} / {b['wrong']} ({b['mixed']}) / {b['not_matched']} "
            f"| {a['correct']} / {a['wrong']} ({a['mixed']}) / {a['not_matched']} "
            f"| {a['seilbahn']} "
            f"| {len(r['dev_decoys'][0])} / {len(r['dev_decoys'][1])} of {len(DEV_DECOYS)} "
            f"| {len(r['clean_decoys'][0])} / {len(r['clean_decoys'][1])} of "
            f"{len(HELD_OUT_CLEAN)} | {len(r['hard_decoys'][0])} / {len(r['hard_decoys'][1])} "
            f"of {len(HELD_OUT_HARD)} | {'–' if lo is None else len(lo)} "
            f"| {r['time_ratio']:.1f}× ({r['t_after']:.2f} s) |")
    lines += ["", "Floor (`match_threshold`) and labels shuffled across measures (label, "
              "keywords); cells are correct / wrong (mixed) / not matched:",
              "", "| granularity | " + " | ".join(
                  f"floor {f:.2f}" for f in results[0]["floors"]) + " | shuffled labels |",
              "|---|" + "---|" * (len(results[0]["floors"]) + 1)]
    for r in results:
        cells = [f"{x['correct']} / {x['wrong']} ({x['mixed']}) / {x['not_matched']}"
                 for x in (*r["floors"].values(), r["shuffled"])]
        lines.append(f"| {r['granularity']} | " + " | ".join(cells) + " |")
    lines.append("")
    for r in results:
        a = r["after"]
        lines.append(f"- {r['granularity']}: wrong: {a['wrong_names'] or 'none'}; "
                     f"not matched: {a['missed']}; before wrong: {r['before']['wrong_names']}")
        lines.append(f"  decoys matched (dev with/alone): {r['dev_decoys']}; held-out clean: "
                     f"{r['clean_decoys']}; hard: {r['hard_decoys']}")
        if r.get("leave_out") is not None:
            lines.append(f"  leave-out: {r['leave_out']}")
        if not r["pipeline_same"]:
            lines.append("  WARNING: the pipeline's rating_matches differ from match_ratings")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--granularity", nargs="+", default=["mittel"],
                        choices=["fein", "mittel", "grob"])
    parser.add_argument("--no-leave-out", action="store_true")
    parser.add_argument("--floors", nargs="*", type=float, default=[0.12, 0.15, 0.18, 0.21],
                        help="floors (match_threshold) to compare")
    args = parser.parse_args()
    results = [run(g, not args.no_leave_out, args.floors) for g in args.granularity]
    print(report(results))


if __name__ == "__main__":
    main()
