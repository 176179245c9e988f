"""Which features make the default measures of the sample process mix two true measures.

For every predicted measure that holds contributions of two or more measures of the key
(``data/sample-truth/groups.csv``), prints the two largest true measures, their average
centred similarity within and between (the similarity the clustering cuts at 0.10, see
:mod:`pinneberg_analysis.cluster.linkage`) and the sparse features that contribute most to the
similarity between their members in that measure (``block:feature``, in thousandths of the
centred dot product of the two sets' mean vectors).

Run from the repository root::

    .venv/bin/python benchmarks/sample_confusions.py [--top 12]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pinneberg_analysis.cluster.clusterer import MeasureClusterer  # noqa: E402
from pinneberg_analysis.cluster.evaluation import codes_by_match, evaluate_clustering  # noqa: E402
from pinneberg_analysis.cluster.linkage import Similarities  # noqa: E402
from pinneberg_analysis.ingest import load  # noqa: E402
from pinneberg_analysis.privacy.redact import redact  # noqa: E402


def _mean_sim(sim: np.ndarray, a: np.ndarray, b: np.ndarray) -> float:
    block = sim[np.ix_(a, b)]
    if a is b:
        n = len(a)
        return float((block.sum() - np.trace(block)) / (n * (n - 1))) if n > 1 else float("nan")
    return float(block.mean())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--top", type=int, default=12, help="shared features to show per pair")
    args = parser.parse_args()
    contributions, _ = redact(load(ROOT / "data" / "sample").contributions)
    truth = pd.read_csv(ROOT / "data" / "sample-truth" / "groups.csv", dtype=str)
    key = codes_by_match(contributions, truth)
    known = key.notna().to_numpy()
    model = MeasureClusterer(random_state=0).fit(contributions)
    predicted = model.assignments_["measure_id"].to_numpy()
    score = evaluate_clustering(key[known], model.assignments_["measure_id"][known])
    print(f"sample measures: ARI {score['ARI']:.3f}, AMI {score['AMI']:.3f}, {model.n_clusters_} measures")

    vec = model.vectorizer_
    S = vec.transform_sparse(contributions)
    sim = Similarities(S).full
    names = np.asarray(vec.feature_names())
    centre = np.asarray(S.mean(axis=0)).ravel()
    codes = key.to_numpy()
    titles = contributions["title"].fillna("").astype(str).to_numpy()
    texts = contributions["text"].fillna("").astype(str).to_numpy()
    for measure in sorted(set(predicted[known])):
        rows = np.nonzero(known & (predicted == measure))[0]
        counts = pd.Series(codes[rows]).value_counts()
        if len(counts) < 2:
            continue
        a_code, b_code = counts.index[:2]
        a = np.nonzero(codes == a_code)[0]
        b = np.nonzero(codes == b_code)[0]
        print(f"\n{measure}: {({str(k): int(v) for k, v in counts.items()})}")
        print(f"  centred similarity: {a_code} within {_mean_sim(sim, a, a):.3f}, "
              f"{b_code} within {_mean_sim(sim, b, b):.3f}, between {_mean_sim(sim, a, b):.3f}")
        # what links the members of the two measures that landed in this measure
        here_a, here_b = rows[codes[rows] == a_code], rows[codes[rows] == b_code]
        print(f"  here: between {_mean_sim(sim, here_a, here_b):.3f}")
        shared = ((np.asarray(S[here_a].mean(axis=0)).ravel() - centre)
                  * (np.asarray(S[here_b].mean(axis=0)).ravel() - centre))
        top = np.argsort(-shared)[: args.top]
        print("  shared here: " + ", ".join(f"{names[i]}={shared[i] * 1000:.1f}" for i in top))
        for i in rows:
            text = f"{titles[i]} | {texts[i]}" if titles[i] else texts[i]
            print(f"    {codes[i]:<10} {text[:90]}")


if __name__ == "__main__":
    main()
