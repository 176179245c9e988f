"""Scale benchmark: the whole report at 1k / 10k / 100k contributions, cold and warm.

Usage::

    .venv/bin/python benchmarks/scale.py [--sizes 1000 10000] [--profile 10000] [--out DIR]
    make bench-scale                      # 1k and 10k

For each size it builds a realistic input folder (below), then runs in fresh processes:

* ``baseline``: char-n-gram TF-IDF (``char_wb`` 3–5) + k-means (k = sqrt(n)) on the same texts;
* ``cold``: the whole report (read, cluster, curate, rank, write) with an empty stage cache;
* ``warm``: the same report again (the stage cache of the cold run);
* ``decision``: the report again with one review decision (a renamed measure);

and records wall time per stage, peak memory (max RSS of the process), the ratios
cold/baseline and cold/warm, and the growth exponents of time and memory between sizes
(``log(t2/t1) / log(n2/n1)``). ``--profile N`` also profiles the cold run at size N and
prints the top functions (own time) of each stage.

**Inputs.** Contributions across the five fields of action: the Mobilität field recombines
sentences of the Bonn cycling dialogue (``/work/shared/data/cycling-dialogues-bonn``, real
citizen texts; the bundled copy in ``data/external`` when /work/shared is absent, and only
the sample's texts when neither is there: the script says which), every field recombines
the sentences of the bundled sample process; 40% are short workshop-note texts (a title or
one phrase), the rest one to three sentences, with votes; the sample's expert ratings are
added. Seeded: the same size gives the same folder.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED_BONN = Path("/work/shared/data/cycling-dialogues-bonn/contributions.csv")
BUNDLED_BONN = ROOT / "data" / "external" / "cycling-dialogues-bonn" / "contributions.csv"
SAMPLE = ROOT / "data" / "sample"
FIELDS = ("Mobilität", "Wirtschaft", "Verwaltung", "Lebens- und Wohnumfeld mit Gesundheit",
          "Zusammenleben, Bildung und Kultur")
_SENTENCE = re.compile(r"(?<=[.!?])\s+")


# --- inputs ---------------------------------------------------------------------------------


def _bonn_texts() -> tuple[list[tuple[str, str]], str]:
    for path, note in ((SHARED_BONN, "Bonn-Korpus aus /work/shared"),
                       (BUNDLED_BONN, "/work/shared fehlt: Bonn-Korpus aus data/external")):
        if path.is_file():
            with path.open(encoding="utf-8") as fh:
                rows = [(r["title"] or "", r["text"] or "") for r in csv.DictReader(fh)]
            return rows, note
    return [], "/work/shared und data/external fehlen: nur die Texte des Beispielprozesses"


def _sample_texts() -> dict[str, list[tuple[str, str]]]:
    os.environ.setdefault("PINNEBERG_ANALYSIS_NO_CACHE", "1")
    from pinneberg_analysis.pipeline import read_inputs

    contributions = read_inputs(SAMPLE).contributions
    by_field: dict[str, list[tuple[str, str]]] = {f: [] for f in FIELDS}
    for row in contributions.itertuples(index=False):
        title = getattr(row, "title", "") or ""
        by_field.setdefault(row.field, []).append((str(title) if title == title else "", str(row.text)))
    return by_field


def build_inputs(n: int, folder: Path, seed: int = 0, sources: list | None = None) -> str:
    """Write ``n`` contributions (``beitraege.csv``) and the sample's ratings into ``folder``.

    ``sources``, when given, receives per row the Bonn row (0-based) that all its text comes
    from (a short note, or sentences and title of one post), else None: the truth of
    :func:`grouping_quality`. The rows written do not depend on it.
    """
    import numpy as np

    rng = np.random.default_rng(seed + n)
    bonn, note = _bonn_texts()
    sample = _sample_texts()
    pools: dict[str, tuple[list[str], list[str]]] = {}
    origin: dict[str, tuple[list[int | None], list[int | None]]] = {}  # Bonn row of each pool entry
    for field in FIELDS:
        docs = list(sample.get(field, []))
        first_bonn = len(docs)
        if field == "Mobilität":
            docs += bonn
        pairs = [(s.strip(), j) for j, (_, text) in enumerate(docs) for s in _SENTENCE.split(text)
                 if len(s.strip()) > 15]
        sentences = [s for s, _ in pairs]
        titles = [(t.strip(), j) for j, (t, _) in enumerate(docs) if t.strip()]
        shorts = [t for t, _ in titles] + [s for s in sentences if len(s) < 80]
        pools[field] = (sentences, shorts)
        bonn_row = lambda j: j - first_bonn if j >= first_bonn else None  # noqa: E731
        origin[field] = ([bonn_row(j) for _, j in pairs],
                         [bonn_row(j) for _, j in titles] + [bonn_row(j) for s, j in pairs if len(s) < 80])
    weights = np.array([0.4, 0.15, 0.15, 0.15, 0.15])
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "beitraege.csv").open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh, delimiter=";")
        out.writerow(["Lfd. Nr.", "Titel", "Beschreibung", "Handlungsfeld", "Unterstützungen"])
        for i in range(n):
            field = FIELDS[rng.choice(len(FIELDS), p=weights)]
            sentences, shorts = pools[field]
            if rng.random() < 0.4 or not sentences:  # a short workshop note
                pick = int(rng.integers(len(shorts)))
                title, text = "", shorts[pick]
                parts = [origin[field][1][pick]]
            else:
                k = int(rng.integers(1, 4))
                picks = rng.integers(0, len(sentences), size=k)
                text = " ".join(sentences[j] for j in picks)
                parts = [origin[field][0][j] for j in picks]
                title = ""
                if rng.random() < 0.5:
                    pick = int(rng.integers(len(shorts)))
                    title = shorts[pick]
                    parts.append(origin[field][1][pick])
            if sources is not None:
                sources.append(parts[0] if len(set(parts)) == 1 else None)
            out.writerow([i + 1, title[:120], text, field, int(rng.geometric(0.3)) - 1])
    for ratings in (SAMPLE / "bewertungen").glob("*.csv"):
        shutil.copy(ratings, folder / ratings.name)
    return note


# --- one run in a fresh process ---------------------------------------------------------------

CHILD = r"""
import cProfile, io, json, pstats, resource, sys, time
from pathlib import Path
t0 = time.perf_counter()
inputs, out, decisions, profile = sys.argv[1], sys.argv[2], sys.argv[3] or None, sys.argv[4] == "1"
from pinneberg_analysis.curate import read_previous
from pinneberg_analysis.pipeline import analyse, load_settings
from pinneberg_analysis.report import write_report
stages, cpu, profiles = {}, {}, {}
current = ["Start", time.perf_counter(), None, time.process_time()]
def on_stage(name):
    now, now_cpu = time.perf_counter(), time.process_time()
    stages[current[0]] = stages.get(current[0], 0.0) + now - current[1]
    cpu[current[0]] = cpu.get(current[0], 0.0) + now_cpu - current[3]
    if current[2] is not None:
        current[2].disable(); profiles[current[0]] = current[2]
    prof = cProfile.Profile() if profile else None
    current[:] = [name, now, prof, now_cpu]
    if prof is not None:
        prof.enable()
settings, glossary = load_settings(None)
on_stage("Einstellungen")
result = analyse([inputs], config=settings, glossary=glossary, decisions=decisions,
                 previous=read_previous(Path(out)), on_stage=on_stage)
on_stage("Bericht schreiben")
write_report(result, out, inputs=[Path(inputs)])
on_stage("Ende")
stages.pop("Ende", None)
cpu.pop("Ende", None)
usage = [resource.getrusage(w) for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
top = {}
for name, prof in profiles.items():
    s = io.StringIO()
    pstats.Stats(prof, stream=s).sort_stats("tottime").print_stats(8)
    lines = [l for l in s.getvalue().splitlines()
             if l.strip() and l.strip()[0].isdigit() and "function calls" not in l]
    top[name] = [" ".join(l.split()[1:2] + l.split()[5:]) for l in lines[:8]]
print("RESULT " + json.dumps({
    "wall": time.perf_counter() - t0, "stages": stages, "stages_cpu": cpu,
    "cpu": sum(u.ru_utime + u.ru_stime for u in usage), "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    "n_measures": int(result.parameters.get("n_measures", 0)), "n": len(result.contributions), "profile": top,
}))
"""

BASELINE = r"""
import csv, json, math, resource, sys, time
t0 = time.perf_counter()
from sklearn.cluster import KMeans
from sklearn.feature_extraction.text import TfidfVectorizer
with open(sys.argv[1], encoding="utf-8") as fh:
    rows = list(csv.DictReader(fh, delimiter=";"))
texts = [(r["Titel"] + ". " + r["Beschreibung"]).strip(". ") for r in rows]
X = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), min_df=2, sublinear_tf=True).fit_transform(texts)
labels = KMeans(n_clusters=max(2, round(math.sqrt(len(texts)))), n_init=1, random_state=0).fit_predict(X)
print("RESULT " + json.dumps({"wall": time.perf_counter() - t0, "cpu": time.process_time(),
      "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def _child(code: str, *args: str, env: dict[str, str]) -> dict:
    run = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, env=env)
    line = next((l for l in run.stdout.splitlines() if l.startswith("RESULT ")), None)
    if run.returncode != 0 or line is None:
        return {"error": (run.stderr or run.stdout).strip().splitlines()[-1:] or ["?"], "wall": float("nan")}
    return json.loads(line[len("RESULT "):])


def _decision_file(report: Path, path: Path) -> Path:
    """One rename of the measure with most contributions, as an author would make it."""
    with (report / "tables" / "contributions.csv").open(encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    counts: dict[str, list[str]] = {}
    for r in rows:
        counts.setdefault(r["measure_id"], []).append(r["contribution_id"])
    target, members = max(counts.items(), key=lambda kv: (len(kv[1]), kv[0]))
    lines = ["format: 1", "decisions:", "- id: D-0001", "  kind: rename", f"  target: {target}",
             "  value: Umbenannt im Benchmark", "  target_members:"] + [f"  - {m}" for m in sorted(members)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def run_size(n: int, work: Path, profile: bool) -> dict:
    folder = work / f"in-{n}"
    note = build_inputs(n, folder)
    stages_dir = work / f"stages-{n}"
    env = {**os.environ, "PINNEBERG_ANALYSIS_STAGE_CACHE_DIR": str(stages_dir)}
    env.pop("PINNEBERG_ANALYSIS_NO_CACHE", None)
    out = {"n": n, "inputs": note}
    out["baseline"] = _child(BASELINE, str(folder / "beitraege.csv"), env=env)
    out["cold"] = _child(CHILD, str(folder), str(work / f"report-{n}"), "", "0", env=env)
    out["warm"] = _child(CHILD, str(folder), str(work / f"report-{n}"), "", "0", env=env)
    decisions = _decision_file(work / f"report-{n}", work / f"decisions-{n}.yaml")
    out["decision"] = _child(CHILD, str(folder), str(work / f"report-{n}"), str(decisions), "0", env=env)
    if profile:
        shutil.rmtree(stages_dir, ignore_errors=True)
        out["profile"] = _child(CHILD, str(folder), str(work / f"report-p-{n}"), "", "1", env=env).get("profile", {})
    return out


QUALITY = r"""
import json, os, sys
import numpy as np, pandas as pd
from sklearn.metrics import adjusted_mutual_info_score, adjusted_rand_score
os.environ["PINNEBERG_ANALYSIS_NO_CACHE"] = "1"
from pinneberg_analysis.cluster import choose_grouping_mode, cluster_contributions
from pinneberg_analysis.pipeline import load_settings, read_inputs
folder, bonn, truth = sys.argv[1], sys.argv[2], json.loads(open(sys.argv[3]).read())
if sys.argv[4] == "exact":  # the LSA by ARPACK at every size, to compare with the randomised SVD
    import pinneberg_analysis.features.vectorizer as vectorizer
    vectorizer.RANDOMIZED_MIN_TEXTS = 10**9
raw = pd.read_csv(bonn)
level2 = [c for c in raw.columns if c.startswith("level2_")]
y2 = np.array(level2)[raw[level2].to_numpy().argmax(axis=1)]
y1 = raw["main_category_level1"].astype(str).to_numpy()
settings, glossary = load_settings(None)
c = read_inputs([folder], config=settings).contributions
cfg = settings.cluster.model_copy(update={"backend": choose_grouping_mode(c, settings.cluster.backend,
                                                                          settings.cluster.time_budget).backend})
out = cluster_contributions(c, cfg, random_state=settings.seed, glossary=glossary)[0]
src = np.array([truth[int(i) - 1] if truth[int(i) - 1] is not None else -1 for i in out["source_id"]])
rows = src >= 0
res = {"n_coded": int(rows.sum()), "backend": cfg.backend}
for level, y in (("L1", y1), ("L2", y2)):
    for col in ("measure_id", "theme_id"):
        pred = out.loc[rows, col].astype(str).to_numpy()
        res[f"{col[:-3]} AMI {level}"] = adjusted_mutual_info_score(y[src[rows]], pred)
        res[f"{col[:-3]} ARI {level}"] = adjusted_rand_score(y[src[rows]], pred)
# pairs of coded rows in one measure that share the level-2 code (precision of the measures)
pred = out.loc[rows, "measure_id"].astype(str).to_numpy()
codes = y2[src[rows]]
same = total = 0
for m in np.unique(pred):
    k = codes[pred == m]
    total += len(k) * (len(k) - 1) // 2
    same += sum(v * (v - 1) // 2 for v in np.unique(k, return_counts=True)[1])
res["measure pair precision L2"] = same / total if total else float("nan")
print("RESULT " + json.dumps(res))
"""


def grouping_quality(n: int, work: Path, seed: int = 0, exact: bool = False) -> dict:
    """Grouping against the truth the recombination knows, in a fresh process (``--quality``).

    A row whose text all comes from one Bonn post (short notes mostly) carries that post's
    codes (level 1 and 2 of the Bonn cycling dialogue); the AMI / ARI of the measures and
    themes against them on those rows, and the share of pairs within a measure that share
    the level-2 code. ``seed`` varies the recombination; ``exact`` computes the LSA by
    ARPACK at every size (the default above 5,000 texts is the randomised SVD).
    """
    bonn = SHARED_BONN if SHARED_BONN.is_file() else BUNDLED_BONN
    if not bonn.is_file():
        return {"error": ["no Bonn corpus"]}
    sources: list = []
    folder = work / f"quality-{n}-{seed}"
    build_inputs(n, folder, seed=seed, sources=sources)
    truth = work / f"quality-{n}-{seed}.json"
    truth.write_text(json.dumps(sources), encoding="utf-8")
    return _child(QUALITY, str(folder), str(bonn), str(truth), "exact" if exact else "",
                  env=dict(os.environ))


def _fmt(x: float) -> str:
    return "–" if x != x else f"{x:,.1f}".replace(",", "'")


def summarise(results: list[dict]) -> str:
    lines = ["| n | baseline s | cold s | warm s | after 1 decision s | cold/baseline | cold/warm | "
             "cold/decision | peak cold MB | peak warm MB | measures |", "|" + "---|" * 11]
    nan = float("nan")
    for key in ("wall", "cpu"):
        if key == "cpu":
            lines += ["", "CPU seconds (all processes of the run; the load of other jobs does not count):", "",
                      lines[0], lines[1]]
        for r in results:
            b, c, w, d = (r[k].get(key, nan) for k in ("baseline", "cold", "warm", "decision"))
            lines.append(f"| {r['n']:,} | {_fmt(b)} | {_fmt(c)} | {_fmt(w)} | {_fmt(d)} | {_fmt(c / b)} | "
                         f"{_fmt(c / w)} | {_fmt(c / d)} | {_fmt(r['cold'].get('peak_mb', nan))} | "
                         f"{_fmt(r['warm'].get('peak_mb', nan))} | {r['cold'].get('n_measures', '–')} |")
    lines.append("")
    stage_names = list(dict.fromkeys(s for r in results for s in r["cold"].get("stages", {})))
    lines.append("| n | run | " + " | ".join(stage_names) + " |")
    lines.append("|" + "---|" * (len(stage_names) + 2))
    for r in results:
        for run in ("cold", "warm", "decision"):
            for key, what in (("stages", "wall"), ("stages_cpu", "cpu")):
                st = r[run].get(key, {})
                lines.append(f"| {r['n']:,} | {run} {what} | "
                             + " | ".join(_fmt(st.get(s, float('nan'))) for s in stage_names) + " |")
    for a, b in zip(results, results[1:]):
        ratio = math.log(b["n"] / a["n"])
        for key in ("wall", "cpu", "peak_mb"):
            for run in ("cold", "warm", "baseline"):
                x, y = a[run].get(key, float("nan")), b[run].get(key, float("nan"))
                lines.append(f"- growth exponent {run} {key} {a['n']:,}→{b['n']:,}: "
                             f"{math.log(y / x) / ratio:.2f}" if x == x and y == y and x > 0 else "")
    for r in results:
        for run in ("cold", "warm", "decision", "baseline"):
            if "error" in r[run]:
                lines.append(f"- {r['n']:,} {run} FAILED: {r[run]['error']}")
        for stage, top in r.get("profile", {}).items():
            lines.append(f"- profile {r['n']:,} cold, {stage}: " + "; ".join(top[:6]))
    return "\n".join(l for l in lines if l is not None)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--profile", type=int, nargs="*", default=[], help="sizes to profile too")
    parser.add_argument("--out", type=Path, help="keep inputs and reports here (default: a temp folder)")
    parser.add_argument("--quality", action="store_true",
                        help="only measure the grouping against the Bonn codes at each size")
    parser.add_argument("--seeds", type=int, nargs="+", default=[0], help="recombination seeds (--quality)")
    parser.add_argument("--exact", action="store_true", help="ARPACK at every size (--quality)")
    args = parser.parse_args(argv)
    work = args.out or Path(tempfile.mkdtemp(prefix="pa-scale-"))
    work.mkdir(parents=True, exist_ok=True)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"# scale benchmark {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {platform.platform()}, "
          f"{os.cpu_count()} CPUs, load {load:.1f}, python {platform.python_version()}", flush=True)
    if args.quality:
        for n in args.sizes:
            for seed in args.seeds:
                print(f"quality {n} seed {seed}{' exact' if args.exact else ''}: "
                      + json.dumps(grouping_quality(n, work, seed, args.exact)), flush=True)
        if not args.out:
            shutil.rmtree(work, ignore_errors=True)
        return
    results = []
    for n in args.sizes:
        r = run_size(n, work, n in args.profile)
        print(f"{n}: inputs {r['inputs']}; " + json.dumps({k: r[k] for k in ("baseline", "cold", "warm", "decision")},
                                                          default=str)[:600], flush=True)
        results.append(r)
    print(summarise(results))
    print(f"load after: {os.getloadavg()[0]:.1f}" if hasattr(os, "getloadavg") else "")
    if not args.out:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
