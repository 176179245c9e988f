"""PII benchmark: recall and precision per type on annotated German sentences, and speed.

Data: ``benchmarks/pii_sentences.jsonl``, one sentence per line,
``{"id", "split": "dev"|"heldout", "text", "pii": [{"type", "value"}, ...]}``.
The sentences were written (and annotated) before the detector; the rules were tuned on
``dev`` only, ``heldout`` is reported as it comes.

Matching (span level):

* Every occurrence of an annotated value in its sentence is a gold span.
* Recall: a gold span counts as found when a predicted span of the same type overlaps it
  and the predicted spans (of any type) cover every letter and digit of it, i.e. nothing
  of the value would be left in the output.
* Precision: a predicted span is correct when it overlaps a gold span of the same type.
* "leak-free" is recall with the type ignored (a value hidden under the wrong type still
  does not leak).

Usage::

    python benchmarks/bench_pii.py                 # tables for dev and heldout + timing
    python benchmarks/bench_pii.py --errors dev    # also list misses and false alarms
    python benchmarks/bench_pii.py --review FILE.csv --columns title,text
        # real contributions without annotations: count what is found and print each
        # finding in context for a manual check (nothing is written to disk)
"""

from __future__ import annotations

import argparse
import json
import platform
import re
import sys
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from pinneberg_analysis.privacy.redact import PII_TYPES, find_pii, redact_text  # noqa: E402

TARGETS = {"E-Mail": 0.98, "Telefon": 0.98, "IBAN": 0.98, "Name": 0.90, "Adresse": 0.90}


def load(path: Path = HERE / "pii_sentences.jsonl") -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def gold_spans(item: dict) -> list[tuple[int, int, str]]:
    spans = []
    for entry in item["pii"]:
        for m in re.finditer(re.escape(entry["value"]), item["text"]):
            spans.append((m.start(), m.end(), entry["type"]))
    return spans


def _covered(text: str, start: int, end: int, preds) -> bool:
    for pos in range(start, end):
        if text[pos].isalnum() and not any(p.start <= pos < p.end for p in preds):
            return False
    return True


def evaluate(items: list[dict]) -> tuple[dict, list[str]]:
    tp_gold: Counter[str] = Counter()
    n_gold: Counter[str] = Counter()
    leak_free: Counter[str] = Counter()
    tp_pred: Counter[str] = Counter()
    n_pred: Counter[str] = Counter()
    errors: list[str] = []
    for item in items:
        text = item["text"]
        gold = gold_spans(item)
        preds = find_pii(text)
        for start, end, kind in gold:
            n_gold[kind] += 1
            covered = _covered(text, start, end, preds)
            same = any(p.type == kind and p.start < end and start < p.end for p in preds)
            if covered:
                leak_free[kind] += 1
            if covered and same:
                tp_gold[kind] += 1
            else:
                errors.append(f"MISS {item['id']} {kind}: {text[start:end]!r}  | {text!r}")
        for p in preds:
            n_pred[p.type] += 1
            if any(kind == p.type and p.start < end and start < p.end for start, end, kind in gold):
                tp_pred[p.type] += 1
            else:
                errors.append(f"FP   {item['id']} {p.type}: {text[p.start:p.end]!r}  | {text!r}")
    rows = {}
    for kind in PII_TYPES:
        rows[kind] = {
            "gold": n_gold[kind],
            "recall": tp_gold[kind] / n_gold[kind] if n_gold[kind] else float("nan"),
            "leak_free": leak_free[kind] / n_gold[kind] if n_gold[kind] else float("nan"),
            "pred": n_pred[kind],
            "precision": tp_pred[kind] / n_pred[kind] if n_pred[kind] else float("nan"),
        }
    all_gold = sum(n_gold.values())
    all_pred = sum(n_pred.values())
    rows["alle"] = {
        "gold": all_gold,
        "recall": sum(tp_gold.values()) / all_gold if all_gold else float("nan"),
        "leak_free": sum(leak_free.values()) / all_gold if all_gold else float("nan"),
        "pred": all_pred,
        "precision": sum(tp_pred.values()) / all_pred if all_pred else float("nan"),
    }
    return rows, errors


def table(rows: dict, title: str, n_sentences: int, n_without: int) -> str:
    lines = [
        f"**{title}** ({n_sentences} sentences, {n_without} without PII)",
        "",
        "| type | gold spans | recall | leak-free | predicted | precision | target recall |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for kind, r in rows.items():
        target = TARGETS.get(kind)
        lines.append(
            f"| {kind} | {r['gold']} | {r['recall']:.3f} | {r['leak_free']:.3f} | {r['pred']} "
            f"| {r['precision']:.3f} | {'' if target is None else f'>= {target:.2f}'} |"
        )
    return "\n".join(lines)


def timing(items: list[dict]) -> str:
    texts = [it["text"] for it in items]
    baseline_re = re.compile(r"\S+@\S+")

    def run(batch):
        t0 = time.perf_counter()
        for t in batch:
            redact_text(t)
        return time.perf_counter() - t0

    def base(batch):
        t0 = time.perf_counter()
        for t in batch:
            baseline_re.sub("[E-Mail]", t)
        return time.perf_counter() - t0

    small = (texts * 2)[:250]
    large = (texts * (20000 // len(texts) + 1))[:20000]
    t_small = min(run(small) for _ in range(3))
    t_large = run(large)
    b_large = min(base(large) for _ in range(3))
    mean_len = sum(map(len, large)) / len(large)
    return (
        f"- 250 texts: {t_small * 1000:.0f} ms (warm); 20,000 texts (mean {mean_len:.0f} "
        f"characters): {t_large:.2f} s, {t_large / b_large:.0f}x a single e-mail regex "
        f"substitution over the same texts ({b_large * 1000:.0f} ms)"
    )


def review(path: Path, columns: list[str]) -> int:
    """Print every finding in real texts with some context, and the counts per type."""
    import pandas as pd

    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    texts = df[columns].agg("\n".join, axis=1).tolist()
    counts: Counter[str] = Counter()
    rows_with = 0
    t0 = time.perf_counter()
    findings = []
    for k, text in enumerate(texts):
        spans = find_pii(text)
        rows_with += bool(spans)
        for s in spans:
            counts[s.type] += 1
            context = text[max(0, s.start - 40):s.start] + "<<" + text[s.start:s.end] + ">>"
            findings.append(f"{s.type:8s} row {k}: {(context + text[s.end:s.end + 30])!r}")
    elapsed = time.perf_counter() - t0
    print("\n".join(findings))
    print(f"\n{len(texts)} texts, {rows_with} with findings, {elapsed:.2f} s; "
          + ", ".join(f"{t}={counts.get(t, 0)}" for t in PII_TYPES))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", choices=["dev", "heldout"], help="list misses and false alarms")
    parser.add_argument("--no-timing", action="store_true")
    parser.add_argument("--review", type=Path, help="CSV of real contributions to review by hand")
    parser.add_argument("--columns", default="title,text", help="text columns of --review")
    args = parser.parse_args(argv)
    if args.review:
        return review(args.review, args.columns.split(","))
    items = load()
    t0 = time.perf_counter()
    redact_text("Gruß, Anna K.")  # builds the name lists
    cold = time.perf_counter() - t0
    print(f"machine: {platform.machine()}, {platform.python_implementation()} "
          f"{platform.python_version()}, {platform.system()}; date {time.strftime('%Y-%m-%d')}")
    print(f"command: python benchmarks/bench_pii.py\n")
    for split in ("dev", "heldout"):
        part = [it for it in items if it["split"] == split]
        rows, errors = evaluate(part)
        n_without = sum(1 for it in part if not it["pii"])
        print(table(rows, split, len(part), n_without))
        print()
        if args.errors == split:
            print("\n".join(errors))
            print()
    if not args.no_timing:
        print(f"- first call (loads the name lists): {cold * 1000:.0f} ms")
        print(timing(items))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
