"""Benchmark: time and memory of ``write_report`` on the sample result and a scaled copy.

Usage: .venv/bin/python benchmarks/bench_report.py [SCALE]

The baseline is the small hand-made sample (34 contributions, 14 measures) written in the
same process; the scaled result repeats it SCALE times (ids made unique, ranks spread),
e.g. SCALE=60 gives about 2,000 contributions and 840 measures.
"""

from __future__ import annotations

import importlib.util
import resource
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]


def _sample():
    spec = importlib.util.spec_from_file_location(
        "sample_result", ROOT / "tests" / "assets" / "report" / "sample_result.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.build_result()


def scaled(result, k: int):
    """The sample repeated ``k`` times with unique ids and spread ranks."""
    from pinneberg_analysis.core.result import AnalysisResult

    def rep(df: pd.DataFrame, id_cols: list[str], rank_cols: list[str] = ()) -> pd.DataFrame:
        parts = []
        n = len(df)
        for i in range(k):
            part = df.copy()
            for col in id_cols:
                if col in part:
                    part[col] = part[col].astype("string") + f"-{i:03d}"
            if "representative_ids" in part:
                part["representative_ids"] = part["representative_ids"].str.replace(
                    r"(C-[0-9a-f]+)", rf"\1-{i:03d}", regex=True
                )
            for col in rank_cols:
                if col in part:
                    part[col] = part[col] + i * n
            parts.append(part)
        return pd.concat(parts, ignore_index=True)

    ranks = ["rank", "rank_low", "rank_high"]
    return AnalysisResult(
        **{
            **result.__dict__,
            "contributions": rep(
                result.contributions, ["contribution_id", "measure_id", "theme_id"]
            ),
            "measures": rep(result.measures, ["measure_id", "theme_id"]),
            "ranking": rep(result.ranking, ["measure_id"], ranks),
            "themes": rep(result.themes, ["theme_id"]),
            "ratings": rep(result.ratings, ["rating_id", "measure_id"]),
            "rejected": rep(result.rejected, []),
        }
    )


def _time(result, folder: Path) -> float:
    from pinneberg_analysis.report import write_report

    start = time.perf_counter()
    write_report(result, folder)
    return time.perf_counter() - start


def main() -> None:
    k = int(sys.argv[1]) if len(sys.argv) > 1 else 60
    small = _sample()
    large = scaled(small, k)
    with tempfile.TemporaryDirectory() as tmp:
        _time(small, Path(tmp) / "warmup")
        base = _time(small, Path(tmp) / "klein")
        big = _time(large, Path(tmp) / "gross")
        size = (Path(tmp) / "gross" / "index.html").stat().st_size
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"sample: {len(small.contributions)} contributions, {len(small.measures)} measures: "
        f"{base:.2f} s"
    )
    print(
        f"x{k}: {len(large.contributions)} contributions, {len(large.measures)} measures: "
        f"{big:.2f} s (ratio {big / base:.1f}), index.html {size / 1e6:.1f} MB, "
        f"peak RSS {peak:.0f} MB"
    )


if __name__ == "__main__":
    main()
