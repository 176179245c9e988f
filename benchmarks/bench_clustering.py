"""Clustering benchmark: quality on the Bonn corpus, stability, speed, 20 → 20,000 texts, sample.

Usage (from the repository root)::

    .venv/bin/python benchmarks/bench_clustering.py            # everything (~10 min on 2 cores)
    .venv/bin/python benchmarks/bench_clustering.py --skip-sizes
    .venv/bin/python benchmarks/bench_clustering.py --only-sizes --sizes 20,200,2314

Prints Markdown tables for ``benchmarks/RESULTS.md``.

Bonn (``data/external/cycling-dialogues-bonn``, 2,314 contributions, one field): level 1 is
``main_category_level1`` (8 codes); level 2 is the *first* set ``level2_*`` flag in column
order (the argmax; 85% of the rows have exactly one flag), 30 codes. The baselines are
given the true number of codes (k = 8 and k = 30) and are averaged over 3 seeds; the default
chooses its numbers of measures and themes itself and its *themes* are scored (the codes are
themes of about 75 contributions, not measures).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.cluster import KMeans
from sklearn.decomposition import LatentDirichletAllocation, TruncatedSVD
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
from sklearn.metrics import adjusted_rand_score
from sklearn.preprocessing import normalize

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pinneberg_analysis.cluster.clusterer import MeasureClusterer  # noqa: E402
from pinneberg_analysis.cluster.evaluation import codes_by_match, evaluate_clustering  # noqa: E402
from pinneberg_analysis.features.vectorizer import TextVectorizer  # noqa: E402

BONN = ROOT / "data" / "external" / "cycling-dialogues-bonn" / "contributions.csv"
SEEDS = (0, 1, 2)
GERMAN_STOP = None


def load_bonn() -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    """Contributions (id, title, text) and the level-1 and level-2 codes."""
    raw = pd.read_csv(BONN)
    level2 = [c for c in raw.columns if c.startswith("level2_")]
    y2 = np.array(level2)[raw[level2].to_numpy().argmax(axis=1)]
    y1 = raw["main_category_level1"].to_numpy()
    df = pd.DataFrame({
        "contribution_id": raw["ID"].astype(str),
        "title": raw["title"].fillna("").astype(str),
        "text": raw["text"].fillna("").astype(str),
    })
    return df, y1, y2


def raw_texts(df: pd.DataFrame) -> list[str]:
    return (df["title"] + ". " + df["text"]).tolist()


def scores(y, pred) -> dict[str, float]:
    s = evaluate_clustering(y, pred)
    return {k: s[k] for k in ("AMI", "NMI", "ARI", "V-measure")}


def mean_scores(runs: list[dict[str, float]]) -> dict[str, float]:
    return {k: float(np.mean([r[k] for r in runs])) for k in runs[0]}


def lsa(X, seed: int, d: int = 100) -> np.ndarray:
    return normalize(TruncatedSVD(d, random_state=seed).fit_transform(X))


def german_stop_words() -> list[str]:
    from spacy.lang.de.stop_words import STOP_WORDS

    return sorted(STOP_WORDS)


# -- baselines (given k) --------------------------------------------------------------------

def baseline_labels(name: str, texts: list[str], k: int, seed: int, cache: dict) -> np.ndarray:
    if name == "word-tfidf":
        X = cache.setdefault("word", TfidfVectorizer(sublinear_tf=True, min_df=2,
                                                     stop_words=german_stop_words()).fit_transform(texts))
        return KMeans(k, n_init=4, random_state=seed).fit_predict(X)
    if name == "word-lsa":
        X = cache.setdefault("word", TfidfVectorizer(sublinear_tf=True, min_df=2,
                                                     stop_words=german_stop_words()).fit_transform(texts))
        return KMeans(k, n_init=4, random_state=seed).fit_predict(lsa(X, seed))
    if name == "lemma-lsa":
        if "lemma" not in cache:
            cache["lemma"] = TextVectorizer(representation="lemma", n_components=None).fit_transform(texts)
        return KMeans(k, n_init=4, random_state=seed).fit_predict(lsa(cache["lemma"], seed))
    if name == "lda":
        C = cache.setdefault("counts", CountVectorizer(min_df=2, max_df=0.5,
                                                       stop_words=german_stop_words()).fit_transform(texts))
        W = LatentDirichletAllocation(k, random_state=seed, learning_method="batch", max_iter=30).fit_transform(C)
        return W.argmax(axis=1)
    if name == "char-lsa":
        return char_baseline(texts, k, seed)
    if name == "default-rep-kmeans":
        if "default" not in cache:
            cache["default"] = TextVectorizer(n_components=None).fit_transform(texts)
        return KMeans(k, n_init=4, random_state=seed).fit_predict(lsa(cache["default"], seed))
    raise ValueError(name)


def char_baseline(texts: list[str], k: int, seed: int) -> np.ndarray:
    """The speed baseline: char_wb 3-5 TF-IDF + LSA(100) + k-means with a given k."""
    X = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, min_df=2).fit_transform(texts)
    return KMeans(k, n_init=4, random_state=seed).fit_predict(lsa(X, seed))


BASELINES = {
    "word-tfidf": "Wort-TF-IDF + k-means",
    "word-lsa": "Wort-TF-IDF + LSA(100) + k-means",
    "lemma-lsa": "Lookup-Lemmata + Komposita + LSA(100) + k-means",
    "lda": "LDA (Wortzählungen)",
    "char-lsa": "Zeichen-n-Gramme (char_wb 3–5) + LSA(100) + k-means",
    "default-rep-kmeans": "Default-Repräsentation + LSA(100) + k-means",
}


def bonn_quality(df, y1, y2) -> tuple[list[dict], dict]:
    texts = raw_texts(df)
    rows = []
    cache: dict = {}
    for key, name in BASELINES.items():
        t0 = time.perf_counter()
        r1 = mean_scores([scores(y1, baseline_labels(key, texts, 8, s, cache)) for s in SEEDS])
        r2 = mean_scores([scores(y2, baseline_labels(key, texts, 30, s, cache)) for s in SEEDS])
        rows.append({"method": name, "k": "8 / 30 (vorgegeben)", "l1": r1, "l2": r2,
                     "seconds": (time.perf_counter() - t0) / 6})
        print(f"  {name}: L1 AMI {r1['AMI']:.3f}  L2 AMI {r2['AMI']:.3f}", file=sys.stderr, flush=True)
    fits = {s: MeasureClusterer(random_state=s).fit(df) for s in SEEDS}
    for level in ("theme_id", "measure_id"):
        r1 = mean_scores([scores(y1, fits[s].assignments_[level]) for s in SEEDS])
        r2 = mean_scores([scores(y2, fits[s].assignments_[level]) for s in SEEDS])
        n = fits[0].summary_["n_themes" if level == "theme_id" else "n_measures"]
        name = "**Default: Themen**" if level == "theme_id" else "Default: Maßnahmen"
        rows.append({"method": name, "k": f"{n} (aus den Daten)", "l1": r1, "l2": r2, "seconds": None})
    return rows, fits


def stability(df, fits) -> dict:
    out = {}
    for level in ("measure_id", "theme_id"):
        pairs = [(a, b) for i, a in enumerate(SEEDS) for b in SEEDS[i + 1:]]
        out[level] = float(np.mean([adjusted_rand_score(fits[a].assignments_[level], fits[b].assignments_[level])
                                    for a, b in pairs]))
    # data perturbation: two 90% subsamples, ARI on the contributions both contain
    rng = np.random.default_rng(0)
    subs = [np.sort(rng.choice(len(df), int(0.9 * len(df)), replace=False)) for _ in range(2)]
    models = [MeasureClusterer(random_state=0).fit(df.iloc[s]) for s in subs]
    common = np.intersect1d(df["contribution_id"].iloc[subs[0]], df["contribution_id"].iloc[subs[1]])
    for level in ("measure_id", "theme_id"):
        a = models[0].assignments_.set_index("contribution_id").loc[common, level]
        b = models[1].assignments_.set_index("contribution_id").loc[common, level]
        out["subsample_" + level] = float(adjusted_rand_score(a, b))
    return out


def speed(df, repeats: int = 3) -> dict:
    """Default stage (NLP + vectors + clustering + labels) against the char baseline.

    * **Baseline**: char n-grams + LSA + k-means with k = 30, best of ``repeats`` runs in this
      process (after one untimed run), alternating with the warm runs so that load on the
      shared machine hits both alike; ``baseline_fresh`` is one run in a fresh process.
    * **Warm**: best of ``repeats`` runs in this process with the word lists open but the
      per-word caches emptied (``clear_caches()``, then ``preload()`` opens the word lists and
      the pipeline again, untimed).
    * **Cold**: a fresh Python process (what ``pinneberg-analysis report`` feels): the package
      import (spaCy included), opening the word lists, the spaCy pipeline and the stage, once
      with an empty word-list cache directory (the lists are built and saved) and once with
      that cache filled (best of ``repeats``). Imports shared with the baseline (numpy,
      pandas, scikit-learn) and reading the CSV are not counted.
    * **Peak memory**: max RSS of a fresh process that runs the stage on 20 texts (filled cache).
    """
    import tempfile

    from pinneberg_analysis.nlp import clear_caches, preload

    texts = raw_texts(df)
    MeasureClusterer(random_state=0).fit(df.iloc[:50])  # open the word lists and the pipeline
    char_baseline(texts, 30, 0)
    base, warm = [], []
    for _ in range(repeats):
        t0 = time.perf_counter()
        char_baseline(texts, 30, 0)
        base.append(time.perf_counter() - t0)
        clear_caches()
        preload()
        t0 = time.perf_counter()
        MeasureClusterer(random_state=0).fit(df)
        warm.append(time.perf_counter() - t0)
    with tempfile.TemporaryDirectory(prefix="pinneberg-bench-cache-") as cache:
        empty = fresh_process("stage", None, cache)
        filled = sorted(fresh_process("stage", None, cache)["seconds"] for _ in range(repeats))
        small = fresh_process("stage", 20, cache)
        small_empty_dir = Path(cache) / "empty"
        small_empty = fresh_process("stage", 20, str(small_empty_dir))
    return {
        "baseline": min(base), "warm": min(warm),
        "baseline_fresh": fresh_process("baseline", None, None)["seconds"],
        "cold_empty": empty["seconds"], "cold_filled": filled[0],
        "peak20_mb": small["peak_mb"], "peak20_empty_mb": small_empty["peak_mb"],
        "seconds20": small["seconds"], "seconds20_empty": small_empty["seconds"],
        "rss_base_mb": small["rss_base_mb"],
    }


def fresh_process(what: str, n: int | None, cache_dir: str | None) -> dict:
    """Run :data:`COLD_CHILD` in a new interpreter (``cache_dir`` = its word-list cache)."""
    env = dict(os.environ)
    if cache_dir is not None:
        env["PINNEBERG_ANALYSIS_CACHE_DIR"] = cache_dir
    args = [sys.executable, "-c", COLD_CHILD, str(ROOT), str(BONN), what, str(n or 0)]
    proc = subprocess.run(args, capture_output=True, text=True, check=True, env=env)
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    print(f"  fresh process {what} n={n or 'all'} cache={'set' if cache_dir else '-'}: {out}",
          file=sys.stderr, flush=True)
    return out


#: A fresh process: import numpy/pandas/scikit-learn and read the CSV (not timed), then time
#: the package import plus the stage (or the char baseline) and report the peak RSS.
COLD_CHILD = """
import json, resource, sys, time
import numpy as np, pandas as pd


def peak_mb():
    # VmHWM belongs to this program's memory; ru_maxrss also counts the parent's before exec
    try:
        with open("/proc/self/status") as status:
            return next(int(l.split()[1]) for l in status if l.startswith("VmHWM:")) / 1024
    except (OSError, StopIteration):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


from sklearn.cluster import KMeans
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize
root, bonn, what, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
sys.path.insert(0, root)
raw = pd.read_csv(bonn)
df = pd.DataFrame({"contribution_id": raw["ID"].astype(str), "title": raw["title"].fillna("").astype(str),
                   "text": raw["text"].fillna("").astype(str)})
df = df.iloc[:n] if n else df
rss_base = peak_mb()
t0 = time.perf_counter()
if what == "baseline":
    X = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True,
                        min_df=2).fit_transform((df["title"] + ". " + df["text"]).tolist())
    KMeans(30, n_init=4, random_state=0).fit_predict(normalize(TruncatedSVD(100, random_state=0).fit_transform(X)))
else:
    from pinneberg_analysis.cluster.clusterer import MeasureClusterer
    MeasureClusterer(random_state=0).fit(df)
print(json.dumps({"seconds": time.perf_counter() - t0, "rss_base_mb": rss_base,
                  "peak_mb": peak_mb()}))
"""


# -- sizes ----------------------------------------------------------------------------------

def own_peak_mb() -> float:
    """Peak memory of this process (VmHWM; ru_maxrss may include the parent's before exec)."""
    try:
        with open("/proc/self/status") as status:
            return next(int(line.split()[1]) for line in status if line.startswith("VmHWM:")) / 1024
    except (OSError, StopIteration):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def sized_corpus(df, y2, n: int, seed: int = 0) -> tuple[pd.DataFrame, np.ndarray]:
    """A subsample (n <= 2314) or a recombined corpus (n > 2314) with level-2 codes.

    Larger corpora are built from new texts: each takes the title of one Bonn contribution
    and a random half of the sentences of it and of another one with the same code, so the
    texts differ (no near-duplicates) but keep their topic.
    """
    rng = np.random.default_rng(seed)
    if n <= len(df):
        idx = np.sort(rng.choice(len(df), n, replace=False))
        out = df.iloc[idx].reset_index(drop=True)
        return out, y2[idx]
    by_code = pd.Series(range(len(df))).groupby(y2).apply(list).to_dict()
    sentences = [pd.Series(t).str.split(r"(?<=[.!?])\s+", regex=True).iloc[0] for t in df["text"]]
    rows, codes = [], []
    for i in range(n):
        a = int(rng.integers(len(df)))
        b = int(rng.choice(by_code[y2[a]]))
        pool = [s for s in sentences[a] + sentences[b] if s]
        keep = [s for s in pool if rng.random() < 0.5] or pool[:1]
        rows.append({"contribution_id": f"S-{i:06d}", "title": df["title"].iloc[a], "text": " ".join(keep)})
        codes.append(y2[a])
    return pd.DataFrame(rows), np.array(codes)


def one_size(n: int) -> dict:
    df, _, y2 = load_bonn()
    corpus, codes = sized_corpus(df, y2, n)
    t0 = time.perf_counter()
    model = MeasureClusterer(random_state=0).fit(corpus)
    seconds = time.perf_counter() - t0
    peak = own_peak_mb()
    s = model.summary_
    return {
        "n": n, "seconds": seconds, "peak_mb": peak, "n_measures": s["n_measures"],
        "n_themes": s["n_themes"], "single_share": s["single_share"],
        "n_near_duplicates": s["n_near_duplicates"],
        "theme_ami_l2": evaluate_clustering(codes, model.assignments_["theme_id"])["AMI"],
        "median_measure": float(model.measures_["n_contributions"].median()),
        "largest_measure": int(model.measures_["n_contributions"].max()),
    }


def sizes(ns: list[int]) -> list[dict]:
    out = []
    for n in ns:
        proc = subprocess.run([sys.executable, __file__, "--one-size", str(n)], capture_output=True,
                              text=True, check=True)
        out.append(json.loads(proc.stdout.strip().splitlines()[-1]))
        print(f"  n={n}: {out[-1]}", file=sys.stderr, flush=True)
    return out


# -- the sample process -----------------------------------------------------------------------

def sample_scores() -> dict | None:
    sample = ROOT / "data" / "sample"
    truth_file = ROOT / "data" / "sample-truth" / "groups.csv"
    if not (sample.is_dir() and truth_file.is_file()):
        return None
    try:
        from pinneberg_analysis.ingest import load
        from pinneberg_analysis.privacy.redact import redact
    except ImportError:
        return None
    contributions = load(sample).contributions
    contributions, _ = redact(contributions)
    truth = pd.read_csv(truth_file, dtype=str)
    key = codes_by_match(contributions, truth)
    known = key.notna().to_numpy()
    theme_key = codes_by_match(contributions, truth, code_column="theme")
    coded = theme_key.notna().to_numpy()
    out = {"n": len(contributions), "matched": int(known.sum())}
    fits = {}
    for seed in SEEDS:
        model = MeasureClusterer(random_state=seed).fit(contributions)
        fits[seed] = model
        s = evaluate_clustering(key[known], model.assignments_["measure_id"][known])
        out[f"seed{seed}"] = {"ARI": s["ARI"], "AMI": s["AMI"], "n_measures": model.n_clusters_,
                              "n_true": s["n_true"], "single_share": model.summary_["single_share"]}
        t = evaluate_clustering(theme_key[coded].astype(str), model.assignments_["theme_id"][coded])
        per_theme = model.measures_.groupby(["field", "theme_id"]).size()
        out[f"seed{seed}"]["theme_AMI"] = t["AMI"]
        out[f"seed{seed}"]["measures_per_theme"] = {
            f: sorted(g.tolist(), reverse=True) for f, g in per_theme.groupby(level=0)
        }
    out["seed_ari"] = float(adjusted_rand_score(fits[0].assignments_["measure_id"], fits[1].assignments_["measure_id"]))
    return out


# -- report -----------------------------------------------------------------------------------

def fmt(x: float | None, digits: int = 3) -> str:
    return "–" if x is None else f"{x:.{digits}f}"


def report(quality, stab, spd, size_rows, sample) -> str:
    lines = [
        f"Machine: {platform.machine()}, {os.cpu_count()} cores (shared), Python {platform.python_version()}; "
        f"date {date.today().isoformat()}; command `.venv/bin/python benchmarks/bench_clustering.py`.",
        "",
    ]
    if quality:
        lines += [
            "| Methode | k | AMI L1 | NMI L1 | ARI L1 | V L1 | **AMI L2** | NMI L2 | ARI L2 | V L2 |",
            "|---|---|---|---|---|---|---|---|---|---|",
        ]
        for r in quality:
            l1, l2 = r["l1"], r["l2"]
            lines.append(
                f"| {r['method']} | {r['k']} | {fmt(l1['AMI'])} | {fmt(l1['NMI'])} | {fmt(l1['ARI'])} | "
                f"{fmt(l1['V-measure'])} | **{fmt(l2['AMI'])}** | {fmt(l2['NMI'])} | {fmt(l2['ARI'])} | "
                f"{fmt(l2['V-measure'])} |"
            )
        lines.append("")
    if stab:
        lines.append(
            f"Stability on Bonn: ARI between seeds (mean of 3 pairs) measures {fmt(stab['measure_id'])}, "
            f"themes {fmt(stab['theme_id'])}; two 90% subsamples (ARI on the shared rows) measures "
            f"{fmt(stab['subsample_measure_id'])}, themes {fmt(stab['subsample_theme_id'])}."
        )
        lines.append("")
    if spd:
        b = spd["baseline"]
        lines.append(
            f"Speed on Bonn (2,314 texts; same benchmark run): char-n-gram baseline with k = 30 "
            f"{b:.1f} s (best of 3; {spd['baseline_fresh']:.1f} s in a fresh process). Default stage "
            f"(NLP + vectors + measures + themes + labels): warm {spd['warm']:.1f} s "
            f"(= {spd['warm'] / b:.1f}× the baseline); cold, in a fresh process incl. opening the word "
            f"lists and the spaCy pipeline, {spd['cold_filled']:.1f} s (best of 3) (= {spd['cold_filled'] / b:.1f}×) "
            f"with the word-list cache filled and {spd['cold_empty']:.1f} s (= {spd['cold_empty'] / b:.1f}×) "
            f"with an empty cache directory (the first run builds the cache). A fresh process on 20 texts: "
            f"{spd['seconds20']:.1f} s and peak RSS {spd['peak20_mb']:.0f} MB with the cache filled "
            f"({spd['seconds20_empty']:.1f} s, {spd['peak20_empty_mb']:.0f} MB with an empty cache; "
            f"{spd['rss_base_mb']:.0f} MB after the imports of numpy/pandas/scikit-learn)."
        )
        lines.append("")
    if size_rows:
        lines += [
            "| n | s | peak MB | measures | single share | median / largest measure | themes | near-dup. | theme AMI L2 |",
            "|---|---|---|---|---|---|---|---|---|",
        ]
        for r in size_rows:
            lines.append(
                f"| {r['n']} | {r['seconds']:.1f} | {r['peak_mb']:.0f} | {r['n_measures']} | "
                f"{r['single_share']:.2f} | {r['median_measure']:.0f} / {r['largest_measure']} | "
                f"{r['n_themes']} | {r['n_near_duplicates']} | {r['theme_ami_l2']:.3f} |"
            )
        lines.append("")
    if sample:
        per_seed = "; ".join(
            f"seed {s}: ARI {sample[f'seed{s}']['ARI']:.3f}, AMI {sample[f'seed{s}']['AMI']:.3f}, "
            f"{sample[f'seed{s}']['n_measures']} measures for {sample[f'seed{s}']['n_true']} groups"
            for s in SEEDS
        )
        lines.append(
            f"Sample process ({sample['n']} contributions, {sample['matched']} matched to the key): {per_seed}; "
            f"ARI between seeds {sample['seed_ari']:.3f}. Themes (seed 0): AMI {sample['seed0']['theme_AMI']:.3f} "
            f"against the key's themes; measures per theme by field: "
            + "; ".join(f"{f}: {v}" for f, v in sample["seed0"]["measures_per_theme"].items()) + "."
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--one-size", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--sizes", default="20,50,200,1000,2314,5000,20000")
    parser.add_argument("--skip-sizes", action="store_true")
    parser.add_argument("--only-sizes", action="store_true")
    parser.add_argument("--only-sample", action="store_true")
    parser.add_argument("--only-speed", action="store_true")
    args = parser.parse_args()
    if args.one_size:
        print(json.dumps(one_size(args.one_size)))
        return
    quality = stab = spd = sample = None
    if args.only_sample:
        print(report(None, None, None, None, sample_scores()))
        return
    if args.only_speed:
        print(report(None, None, speed(load_bonn()[0]), None, None))
        return
    if not args.only_sizes:
        df, y1, y2 = load_bonn()
        print("quality ...", file=sys.stderr, flush=True)
        quality, fits = bonn_quality(df, y1, y2)
        print("stability ...", file=sys.stderr, flush=True)
        stab = stability(df, fits)
        print("speed ...", file=sys.stderr, flush=True)
        spd = speed(df)
        print("sample ...", file=sys.stderr, flush=True)
        sample = sample_scores()
    size_rows = None if args.skip_sizes else sizes([int(n) for n in args.sizes.split(",")])
    print(report(quality, stab, spd, size_rows, sample))


if __name__ == "__main__":
    main()
