"""Label quality: print measure and theme labels for a manual heading check.

Whether a label "reads like a heading" is judged by a person; this script prints what to
judge (the sample process's measures and themes, and a seeded random sample of 40 Bonn
measures with a snippet of their first members) plus a mechanical pre-check that catches
the obvious failures: length outside 2-6 words, a last word that is a preposition, article
or conjunction, a folded umlaut (ae/oe/ue) where the corpus writes the umlaut.

Usage::

    .venv/bin/python benchmarks/bench_labels.py [--bonn-only | --sample-only]
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from pinneberg_analysis.label.phrases import ARTICLES, CONJUNCTIONS, PREPOSITIONS  # noqa: E402

N_BONN = 40


def mechanical_flags(label: str) -> list[str]:
    """Obvious heading failures of one label (empty when none is found)."""
    words = label.split()
    flags = []
    if not 2 <= len(words) <= 6:
        flags.append(f"{len(words)} words")
    if words and words[-1].lower() in PREPOSITIONS | ARTICLES | CONJUNCTIONS:
        flags.append("ends in a function word")
    if any(p in label for p in ("ae", "oe", "ue")) and not any(c in label for c in "äöüÄÖÜ"):
        flags.append("folded umlaut?")
    return flags


def show(title: str, labels: list[tuple[str, str]]) -> None:
    print(f"\n## {title}")
    flagged = 0
    for label, context in labels:
        flags = mechanical_flags(label)
        flagged += bool(flags)
        print(f"- {label!r}{'  [' + ', '.join(flags) + ']' if flags else ''}{'  · ' + context if context else ''}")
    print(f"{flagged} of {len(labels)} flagged mechanically")


def sample_labels() -> None:
    from pinneberg_analysis.pipeline import analyse

    result = analyse(ROOT / "data" / "sample")
    m, t = result.measures, result.themes
    show("Sample: measures", [(r.label, f"n={r.n_contributions}") for r in m.itertuples()])
    show("Sample: themes", [(r.label, "measures: " + " / ".join(m[m.theme_id == r.theme_id].label[:3]))
                            for r in t.itertuples()])


def bonn_labels() -> None:
    from bench_clustering import load_bonn

    from pinneberg_analysis.cluster.clusterer import cluster_contributions

    df, _, _ = load_bonn()
    df["field"] = "Mobilität"
    contributions, measures, themes = cluster_contributions(df, random_state=42)
    rng = random.Random(0)
    rows = sorted(rng.sample(range(len(measures)), min(N_BONN, len(measures))))
    picked = []
    for k in rows:
        r = measures.iloc[k]
        first = contributions[contributions.measure_id == r.measure_id].iloc[0]
        snippet = f"{first.title}. {first.text}"[:90].replace("\n", " ")
        picked.append((r.label, f"n={r.n_contributions} | {snippet}"))
    show(f"Bonn: {len(rows)} random measures (seed 0)", picked)
    show("Bonn: themes", [(r.label, f"n={r.n_contributions}") for r in themes.itertuples()])


if __name__ == "__main__":
    if "--bonn-only" not in sys.argv:
        sample_labels()
    if "--sample-only" not in sys.argv:
        bonn_labels()
