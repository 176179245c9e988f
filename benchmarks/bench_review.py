"""Benchmark of the review loop: speed, memory and how well decisions survive re-runs.

Synthetic process: measures in the five fields with 1 + Poisson(4) contributions each.
Run 1 is curated without decisions; ~25 % of the measures then get a decision (rename,
merge, reject, move a contribution, split). Run 2 re-clusters: every provisional id is new,
a share of the contributions lands in another measure of the same field (a "seed change"),
and new contributions join existing measures or form new ones.

Timings are best-of-``--repeat`` wall-clock seconds, with ratios against a baseline in the
same process (writing the same contributions and measures with ``export.write_xlsx``, a
plain two-sheet workbook, for the workbook steps; ``export.write_csv`` of the contributions
for curation).

Run: ``.venv/bin/python benchmarks/bench_review.py [--sizes 40 400 4000] [--repeat 3]``
"""

from __future__ import annotations

import argparse
import hashlib
import logging
import tempfile
import time
import tracemalloc
from pathlib import Path

import numpy as np
import pandas as pd

from pinneberg_analysis.core.export import write_csv, write_xlsx
from pinneberg_analysis.core.fields import FIELDS
from pinneberg_analysis.core.result import AnalysisResult
from pinneberg_analysis.curate.apply import apply_decisions
from pinneberg_analysis.curate.decisions import Decision, DecisionsFile, split_measure_id
from pinneberg_analysis.review import read_review_workbook, write_review_workbook


def _pid(seed: int, key: str) -> str:
    return "M-" + hashlib.sha1(f"{seed}:{key}".encode()).hexdigest()[:8]


def make_process(n_measures: int, rng: np.random.Generator):
    """Ground-truth groups: measure key -> (field, contribution ids)."""
    groups, n = {}, 0
    for k in range(n_measures):
        size = 1 + rng.poisson(4)
        groups[f"g{k:05d}"] = (FIELDS[k % 5], [f"C-{n + i:07d}" for i in range(size)])
        n += size
    return groups


def clustering(groups, seed: int):
    """The tables a clustering would return, with provisional ids that depend on the seed."""
    rows_c, rows_m = [], []
    for key, (field, members) in groups.items():
        pid = _pid(seed, key)
        rows_m.append(
            {
                "measure_id": pid,
                "theme_id": f"T-{field[:3]}",
                "field": field,
                "fields": field,
                "label": f"Maßnahme {key}",
                "keywords": f"{key};wort",
                "n_contributions": len(members),
                "is_single": len(members) == 1,
                "representatives": "Text",
                "representative_ids": members[0],
            }
        )
        for cid in members:
            rows_c.append(
                {
                    "contribution_id": cid,
                    "field": field,
                    "text": f"Beitrag {cid}",
                    "measure_id": pid,
                    "theme_id": f"T-{field[:3]}",
                }
            )
    c = pd.DataFrame(rows_c).astype("string")
    m = pd.DataFrame(rows_m)
    m["n_contributions"] = m["n_contributions"].astype("Int64")
    return c, m


def perturb(groups, rng, moved: float, new: float):
    """A re-run: ``moved`` of the contributions change measure (same field); ``new`` more."""
    out = {k: (f, list(ms)) for k, (f, ms) in groups.items()}
    keys_by_field = {}
    for k, (f, _) in out.items():
        keys_by_field.setdefault(f, []).append(k)
    all_c = [(k, c) for k, (_, ms) in out.items() for c in ms]
    for i in rng.choice(len(all_c), size=int(moved * len(all_c)), replace=False):
        k, c = all_c[i]
        if c in out[k][1] and len(out[k][1]) > 1:
            other = rng.choice(keys_by_field[out[k][0]])
            out[k][1].remove(c)
            out[other][1].append(c)
    n_new = int(new * len(all_c))
    keys = list(out)
    for i in range(n_new):
        cid = f"C-n{i:07d}"
        if i % 4 == 0:  # a quarter forms new measures of 2
            out.setdefault(f"new{i // 8:05d}", (FIELDS[i % 5], []))[1].append(cid)
        else:
            out[keys[rng.integers(len(keys))]][1].append(cid)
    return out


def make_decisions(cur, rng) -> list[Decision]:
    m = cur.measures
    members = cur.contributions.groupby("measure_id")["contribution_id"].apply(list).to_dict()
    ids = list(m["measure_id"])
    picks = rng.permutation(len(ids))
    out, used = [], set()
    n = len(ids)
    plan = [("rename", 0.10), ("merge", 0.05), ("reject", 0.03), ("move", 0.05), ("split", 0.02)]
    pos = 0
    for kind, share in plan:
        for _ in range(max(1, int(share * n))):
            while pos < n and ids[picks[pos]] in used:
                pos += 1
            if pos >= n:
                break
            mid = ids[picks[pos]]
            used.add(mid)
            snap = tuple(members[mid])
            if kind == "rename":
                out.append(
                    Decision(kind="rename", target=mid, value=f"Neu {mid}", target_members=snap)
                )
            elif kind == "reject":
                out.append(
                    Decision(kind="reject", target=mid, value="zu teuer", target_members=snap)
                )
            elif kind == "merge":
                dst = ids[picks[(pos + n // 2) % n]]
                if dst not in used:
                    used.add(dst)
                    out.append(
                        Decision(
                            kind="merge",
                            target=mid,
                            value=dst,
                            target_members=snap,
                            value_members=tuple(members[dst]),
                        )
                    )
            elif kind == "move":
                dst = ids[picks[(pos + n // 2) % n]]
                if dst not in used:
                    used.add(dst)
                    out.append(
                        Decision(
                            kind="move_contribution",
                            target=snap[0],
                            value=dst,
                            value_members=tuple(members[dst]),
                        )
                    )
            elif kind == "split" and len(snap) >= 4:
                out.append(
                    Decision(
                        kind="split",
                        target=mid,
                        contributions=snap[:2],
                        value=split_measure_id(snap[:2]),
                        target_members=snap,
                    )
                )
    dfile = DecisionsFile()
    dfile.add(out, today="2024-01-01")
    return dfile.decisions


def correctness(cur2, decisions, previous_members) -> int:
    """Renames applied to a measure holding fewer of the target's earlier members than
    another measure does (a wrong match)."""
    c = cur2.contributions.set_index("contribution_id")["measure_id"]
    labels = cur2.measures.set_index("measure_id")["label"]
    wrong = 0
    for d in decisions:
        if d.kind != "rename":
            continue
        holders = c.reindex(previous_members[d.target]).dropna().value_counts()
        renamed = list(labels[labels == d.value].index)
        if renamed and holders.get(renamed[0], 0) < holders.max():
            wrong += 1
    return wrong


def best_of(fn, repeat: int):
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return min(times), out


def peak_mib(fn) -> float:
    tracemalloc.start()
    fn()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 2**20


def bench(n_measures: int, repeat: int, tmp: Path) -> dict:
    rng = np.random.default_rng(42)
    groups = make_process(n_measures, rng)
    c1, m1 = clustering(groups, seed=1)
    cur1 = apply_decisions(c1, m1)
    decisions = make_decisions(cur1, rng)
    previous = cur1.contributions[["contribution_id", "cluster_measure_id", "measure_id"]]
    prev_members = cur1.contributions.groupby("measure_id")["contribution_id"].apply(list)
    row = {"measures": len(m1), "contributions": len(c1), "decisions": len(decisions)}

    # speed: curate run 2 (seed change + 20 % new contributions)
    g2 = perturb(groups, rng, moved=0.10, new=0.20)
    c2, m2 = clustering(g2, seed=2)
    t_base, _ = best_of(lambda: write_csv(c2, tmp / "c.csv"), repeat)
    t_cur, cur2 = best_of(
        lambda: apply_decisions(c2, m2, None, decisions, previous=previous), repeat
    )
    row.update(
        curate_s=t_cur,
        curate_ratio=t_cur / t_base,
        curate_mib=peak_mib(lambda: apply_decisions(c2, m2, None, decisions, previous=previous)),
    )
    # workbook write / read against a plain two-sheet workbook of the same tables
    result = AnalysisResult(
        contributions=cur2.contributions, measures=cur2.measures, decisions_log=cur2.log
    )
    t_plain, _ = best_of(
        lambda: write_xlsx(
            {"Beiträge": cur2.contributions, "Maßnahmen": cur2.measures}, tmp / "p.xlsx"
        ),
        repeat,
    )
    t_write, path = best_of(lambda: write_review_workbook(result, tmp / "r.xlsx"), repeat)
    t_read, _ = best_of(lambda: read_review_workbook(path), repeat)
    row.update(
        plain_xlsx_s=t_plain,
        write_s=t_write,
        write_ratio=t_write / t_plain,
        read_s=t_read,
        read_ratio=t_read / t_plain,
        write_mib=peak_mib(lambda: write_review_workbook(result, tmp / "r.xlsx")),
        xlsx_kib=path.stat().st_size / 1024,
    )
    # quality: decisions that still apply, and renames on the right measure
    for name, moved, new in (("new20", 0.0, 0.20), ("seed10", 0.10, 0.0), ("seed30", 0.30, 0.0)):
        g = perturb(groups, np.random.default_rng(7), moved=moved, new=new)
        c, m = clustering(g, seed=3)
        res = apply_decisions(c, m, None, decisions, previous=previous)
        applied = (res.log["status"] == "angewendet").mean()
        row[f"{name}_applied"] = applied
        row[f"{name}_wrong"] = correctness(res, decisions, prev_members)
        # without the previous report: only the decisions' own snapshots
        res = apply_decisions(c, m, None, decisions)
        row[f"{name}_applied_snap"] = (res.log["status"] == "angewendet").mean()
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[40, 400, 4000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    logging.disable(logging.WARNING)  # "n decisions could not be applied" is expected here
    with tempfile.TemporaryDirectory() as tmp:
        rows = [bench(n, args.repeat, Path(tmp)) for n in args.sizes]
    table = pd.DataFrame(rows)
    with pd.option_context("display.width", 250, "display.max_columns", 40):
        print(table.round(3).T.to_string())


if __name__ == "__main__":
    main()
