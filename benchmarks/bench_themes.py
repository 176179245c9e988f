"""Theme variants on Bonn (issue 16 item 4): single run, consensus, k-means with the true k.

Usage (from the repository root)::

    .venv/bin/python benchmarks/bench_themes.py                  # word features
    .venv/bin/python benchmarks/bench_themes.py --rep lemma+char+e5

Fits Bonn (full + the three fixed 90 % subsamples of ``bench_grouping.py``) once, keeps what
``theme_partition`` receives (vectors, k, measure cut; one field, so the rows are the
non-duplicate posts in order), and then partitions these same inputs by each variant. Prints
per variant: AMI against level 2 per fit and their mean, the ARI of the themes between
subsamples 0 and 1 on their shared posts, the mean share of the two largest themes.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.cluster import KMeans
from sklearn.metrics import adjusted_mutual_info_score, adjusted_rand_score

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import pinneberg_analysis.cluster.clusterer as clusterer  # noqa: E402
import pinneberg_analysis.cluster.themes as themes  # noqa: E402
from bench_clustering import load_bonn  # noqa: E402
from pinneberg_analysis.cluster.clusterer import MeasureClusterer  # noqa: E402
from pinneberg_analysis.features.vectorizer import TextVectorizer  # noqa: E402


def capture(rep: str) -> tuple[dict, np.ndarray]:
    df, _, y2 = load_bonn()
    n, fits, original = len(df), {}, clusterer.theme_partition
    for s in (None, 0, 1, 2):
        rows = np.arange(n) if s is None else np.sort(np.random.default_rng(s).choice(n, int(0.9 * n), replace=False))
        seen: dict = {}

        def keep(Z, k, random_state=None, groups=None):
            seen.update(Z=Z.copy(), k=k, groups=None if groups is None else groups.copy())
            return original(Z, k, random_state, groups=groups)

        clusterer.theme_partition = keep
        model = MeasureClusterer(vectorizer=TextVectorizer(representation=rep), random_state=0)
        model.fit(df.iloc[rows].reset_index(drop=True))
        reps = ~model.assignments_["is_near_duplicate"].to_numpy(dtype=bool)
        assert reps.sum() == len(seen["Z"]), "one field, no known measures: the rows are the posts kept"
        fits[s] = dict(seen, rows=rows[reps])
        print(f"  captured {'full' if s is None else f'sub{s}'}: {seen['Z'].shape}, k = {seen['k']}", flush=True)
    clusterer.theme_partition = original
    return fits, y2


def evaluate(name: str, partition, fits: dict, y2: np.ndarray) -> None:
    out = {s: pd.Series(partition(f["Z"], f["k"], f["groups"]), index=f["rows"]) for s, f in fits.items()}
    amis = [adjusted_mutual_info_score(y2[p.index], p.to_numpy()) for p in out.values()]
    shared = out[0].index.intersection(out[1].index)
    ari = adjusted_rand_score(out[0].loc[shared], out[1].loc[shared])
    top2 = np.mean([np.sort(np.bincount(p.to_numpy()))[::-1][:2].sum() / len(p) for p in out.values()])
    print(f"  {name:32s} AMI {' '.join(f'{a:.3f}' for a in amis)} mean {np.mean(amis):.3f} | "
          f"themes ARI sub0/1 {ari:.3f} | two largest {top2:.0%}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rep", default="lemma+char")
    args = parser.parse_args()
    fits, y2 = capture(args.rep)
    true_k = len(np.unique(y2))

    def with_runs(runs):
        def run(Z, k, groups):
            before, themes.CONSENSUS_RUNS = themes.CONSENSUS_RUNS, runs
            try:
                return themes.theme_partition(Z, k, 0, groups=groups)
            finally:
                themes.CONSENSUS_RUNS = before
        return run

    evaluate("single run (before issue 16)", with_runs(0), fits, y2)
    evaluate(f"consensus, {themes.CONSENSUS_RUNS} runs (default)", with_runs(themes.CONSENSUS_RUNS), fits, y2)
    evaluate("consensus, 5 runs", with_runs(5), fits, y2)
    evaluate(f"k-means, true k = {true_k}", lambda Z, k, g: KMeans(true_k, n_init=10, random_state=0).fit(Z).labels_,
             fits, y2)


if __name__ == "__main__":
    main()
