"""Cost of the bootstrap rank intervals for 40, 400 and 4,000 measures.

Synthetic process: measures spread over the five fields, 1 + Poisson(4) contributions each
(votes, source kind, round, participant group), half of the measures rated by 5 raters on
4 criteria (ratings carry measure ids, so matching is cheap and not what is measured).

For each size it reports, in the same process:

* ``point``: one un-bootstrapped score and rank (the baseline, = 1.0);
* ``bootstrap``: ``n_bootstrap`` replicates (:func:`bootstrap_ranks`), as time and as a ratio
  to the baseline;
* ``rank()``: the whole public call (matching, bootstrap, table);
* ``text match``: matching rated *names* without ids to the measures by TF-IDF;
* peak memory of the bootstrap and of ``rank()`` (tracemalloc, separate runs).

Run: ``.venv/bin/python benchmarks/bench_rank.py [--sizes 40 400 4000] [--n-bootstrap 500]``
"""

from __future__ import annotations

import argparse
import platform
import time
import tracemalloc
from datetime import date

import numpy as np
import pandas as pd

from pinneberg_analysis.core.config import RankConfig
from pinneberg_analysis.core.fields import FIELDS
from pinneberg_analysis.ranking.intervals import bootstrap_ranks
from pinneberg_analysis.ranking.matching import match_ratings
from pinneberg_analysis.ranking.ranker import prepare, rank
from pinneberg_analysis.ranking.scoring import compute_scores, field_ranks, overall_ranks

WORDS = ("Radweg Bahnhof Carsharing Rathaus Termin online Schule Kultur Park Wohnen Pflege "
         "Handel Innenstadt Bus Ladestation WLAN Bücherei Sport Jugend Senioren").split()


def synthetic(n_measures: int, seed: int = 0) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    rng = np.random.default_rng(seed)
    ids = [f"M-{i:05d}" for i in range(n_measures)]
    fields = [FIELDS[i % len(FIELDS)] for i in range(n_measures)]
    labels = [" ".join(rng.choice(WORDS, 3, replace=False)) + f" {i}" for i in range(n_measures)]
    measures = pd.DataFrame({"measure_id": ids, "field": fields, "fields": fields,
                             "label": labels})
    sizes = 1 + rng.poisson(4, n_measures)
    m_of = np.repeat(np.arange(n_measures), sizes)
    n = len(m_of)
    votes = pd.array(rng.poisson(3, n), dtype="Int64")
    votes[rng.random(n) < 0.3] = pd.NA
    contributions = pd.DataFrame({
        "contribution_id": [f"C-{i:08d}" for i in range(n)],
        "measure_id": np.asarray(ids)[m_of],
        "field": np.asarray(fields)[m_of],
        "text": [labels[m] + " bitte umsetzen" for m in m_of],
        "votes": votes,
        "source_kind": rng.choice(["workshop", "forum", "online", "other"], n),
        "round": pd.array(rng.choice([1, 2], n), dtype="Int64"),
        "participant_group": rng.choice(["Bürgerschaft", "Wirtschaft", "Verein", "Schule"], n),
    })
    rated = rng.choice(n_measures, n_measures // 2, replace=False)
    rows = [(ids[m], labels[m], f"R{r}", c, float(rng.integers(1, 6)))
            for m in sorted(rated) for r in range(5)
            for c in ("Wirkung", "Umsetzbarkeit", "Kosten", "Dringlichkeit")]
    ratings = pd.DataFrame(rows, columns=["measure_id", "measure_ref", "rater", "criterion",
                                          "value"]).astype({"value": "Float64",
                                                            "measure_id": "string"})
    return measures, contributions, ratings


def _best(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def _peak_mib(fn) -> float:
    tracemalloc.start()
    fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20


def bench(n_measures: int, n_bootstrap: int, repeat: int) -> dict[str, float]:
    measures, contributions, ratings = synthetic(n_measures)
    cfg = RankConfig(n_bootstrap=n_bootstrap)
    prep = prepare(measures, contributions, ratings, cfg)

    def point():
        s = compute_scores(prep.support, prep.expert, prep.available, prep.weights)
        overall_ranks(s.score), field_ranks(s.score, prep.support.field_codes)

    def boot():
        bootstrap_ranks(prep.support, prep.expert, prep.available, prep.weights,
                        n_bootstrap=n_bootstrap, random_state=0)

    def full():
        rank(measures, contributions, ratings, cfg, random_state=0)

    names_only = ratings.drop(columns="measure_id")

    def text_match():
        match_ratings(names_only, measures, contributions)

    t_point = _best(point, max(repeat, 5))
    t_boot = _best(boot, repeat)
    t_full = _best(full, repeat)
    t_match = _best(text_match, 1)
    return {
        "measures": n_measures,
        "contributions": len(contributions),
        "rating_rows": len(ratings),
        "point_s": t_point,
        "boot_s": t_boot,
        "boot_ratio": t_boot / t_point,
        "per_replicate_ratio": t_boot / t_point / n_bootstrap,
        "rank_s": t_full,
        "match_s": t_match,
        "boot_peak_mib": _peak_mib(boot),
        "rank_peak_mib": _peak_mib(full),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[40, 400, 4000])
    parser.add_argument("--n-bootstrap", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"Machine: {platform.machine()}, {platform.python_implementation()} "
          f"{platform.python_version()}, numpy {np.__version__}, pandas {pd.__version__}; "
          f"{date.today().isoformat()}; n_bootstrap = {args.n_bootstrap}\n")
    print("| measures | contributions | rating rows | point rank (baseline) | bootstrap "
          "| bootstrap / point | per replicate / point | rank() total | text matching "
          "| peak MiB bootstrap | peak MiB rank() |")
    print("|" + "---|" * 11)
    for n in args.sizes:
        r = bench(n, args.n_bootstrap, args.repeat)
        print(f"| {r['measures']:,} | {r['contributions']:,} | {r['rating_rows']:,} "
              f"| {r['point_s'] * 1e3:.2f} ms | {r['boot_s']:.2f} s | {r['boot_ratio']:.0f}× "
              f"| {r['per_replicate_ratio']:.2f}× | {r['rank_s']:.2f} s | {r['match_s']:.2f} s "
              f"| {r['boot_peak_mib']:.1f} | {r['rank_peak_mib']:.1f} |", flush=True)


if __name__ == "__main__":
    main()
