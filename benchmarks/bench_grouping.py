"""Grouping benchmark of issue 16: the grouping mode, Bonn themes with subsamples, the sample.

Usage (from the repository root)::

    .venv/bin/python benchmarks/bench_grouping.py            # Bonn (4 fits) + sample (both backends)
    .venv/bin/python benchmarks/bench_grouping.py --only-sample

Prints what ``benchmarks/RESULTS.md`` records under "Grouping (issue 16)":

* the mode ``backend = "auto"`` chooses for the sample and for Bonn, with the estimate;
* Bonn (one field, 2,314 posts): AMI of the themes against level 2 on the full corpus and on
  the three fixed 90 % subsamples ``default_rng(s).choice(n, 0.9 n)``, s = 0, 1, 2, sorted,
  their mean, and the ARI of the themes and measures between subsamples 0 and 1 on their
  shared contributions; the number of themes and the largest theme's share;
* the sample: measure ARI and theme AMI against ``data/sample-truth`` for both backends, with
  and without the town-wide step.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.metrics import adjusted_rand_score

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import pinneberg_analysis.cluster.clusterer as clusterer  # noqa: E402
from bench_clustering import load_bonn  # noqa: E402
from pinneberg_analysis.cluster import choose_grouping_mode  # noqa: E402
from pinneberg_analysis.cluster.clusterer import MeasureClusterer  # noqa: E402
from pinneberg_analysis.cluster.evaluation import codes_by_match, evaluate_clustering  # noqa: E402
from pinneberg_analysis.features import e5  # noqa: E402
from pinneberg_analysis.features.vectorizer import TextVectorizer  # noqa: E402


def bonn(rep: str = "lemma+char") -> None:
    df, _, y2 = load_bonn()
    print(f"Bonn mode: {choose_grouping_mode(df)}; measured with {rep}, e5 token limit {e5.TOKEN_LIMIT}")
    n = len(df)
    fits = {}
    for s in (None, 0, 1, 2):
        rows = np.arange(n) if s is None else np.sort(np.random.default_rng(s).choice(n, int(0.9 * n), replace=False))
        t = time.perf_counter()
        vec = TextVectorizer(representation=rep)
        model = MeasureClusterer(vectorizer=vec, random_state=0).fit(df.iloc[rows].reset_index(drop=True))
        secs = time.perf_counter() - t
        ami = evaluate_clustering(y2[rows], model.assignments_["theme_id"])["AMI"]
        sizes = np.sort(model.themes_["n_contributions"].to_numpy())[::-1]
        share = sizes[:2].sum() / len(rows)
        one_measure = int((model.themes_["n_measures"] == 1).sum())
        print(f"  {'full' if s is None else f'sub{s}'}: AMI L2 {ami:.3f}, {len(model.themes_)} themes, "
              f"{model.n_clusters_} measures, two largest themes {share:.0%}, "
              f"one-measure themes {one_measure}, {secs:.1f} s", flush=True)
        fits[s] = (rows, model, ami)
    print(f"  mean AMI L2 (full + 3 subsamples): {np.mean([f[2] for f in fits.values()]):.3f}")
    (r0, m0, _), (r1, m1, _) = fits[0], fits[1]
    shared = np.intersect1d(r0, r1)
    a = pd.Series(m0.assignments_["theme_id"].to_numpy(), index=r0).loc[shared]
    b = pd.Series(m1.assignments_["theme_id"].to_numpy(), index=r1).loc[shared]
    am = pd.Series(m0.assignments_["measure_id"].to_numpy(), index=r0).loc[shared]
    bm = pd.Series(m1.assignments_["measure_id"].to_numpy(), index=r1).loc[shared]
    print(f"  ARI between subsamples 0 and 1: themes {adjusted_rand_score(a, b):.3f}, "
          f"measures {adjusted_rand_score(am, bm):.3f}")


def sample() -> None:
    from pinneberg_analysis.ingest import load
    from pinneberg_analysis.privacy.redact import redact

    contributions, _ = redact(load(ROOT / "data" / "sample").contributions)
    truth = pd.read_csv(ROOT / "data" / "sample-truth" / "groups.csv", dtype=str)
    key = codes_by_match(contributions, truth)
    themes = codes_by_match(contributions, truth, code_column="theme")
    known, coded = key.notna().to_numpy(), themes.notna().to_numpy()
    print(f"Sample mode: {choose_grouping_mode(contributions)}")
    for cross in (True, False):
        clusterer.CROSS_FIELD = cross
        for rep in ("lemma+char", "lemma+char+e5"):
            model = MeasureClusterer(vectorizer=TextVectorizer(representation=rep), random_state=0).fit(contributions)
            s = evaluate_clustering(key[known], model.assignments_["measure_id"][known])
            t = evaluate_clustering(themes[coded].astype(str), model.assignments_["theme_id"][coded])
            print(f"  {rep:14s} town-wide step {'on ' if cross else 'off'}: measures ARI {s['ARI']:.3f} "
                  f"(AMI {s['AMI']:.3f}, {model.n_clusters_} measures), themes AMI {t['AMI']:.3f}", flush=True)
    clusterer.CROSS_FIELD = True


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--only-sample", action="store_true")
    parser.add_argument("--only-bonn", action="store_true")
    parser.add_argument("--bonn-rep", default="lemma+char", help="Bonn's representation (lemma+char+e5: sentence vectors)")
    parser.add_argument("--token-limit", type=int, default=None, help="e5 tokens per text (0: whole text)")
    args = parser.parse_args()
    if args.token_limit is not None:
        e5.TOKEN_LIMIT = args.token_limit
    if not args.only_bonn:
        sample()
    if not args.only_sample:
        bonn(args.bonn_rep)
