"""Derive ``pinneberg_analysis/resources/general_frequency_de.tsv.gz`` from ``wordfreq``.

``wordfreq`` (Robyn Speer; data CC BY-SA 4.0, see
``resources/general_frequency_de.LICENSE.txt``) gives the frequency of German words in
general language (subtitles, Wikipedia, books, web, ...). The vectorizer uses it as a prior:
a word common in German at large says little about what a contribution is about.

Output (gzip'd TSV, sorted by word, deterministic): ``word <TAB> zipf`` for every word whose
Zipf frequency (log10 of occurrences per billion words) is at least ``--min-zipf`` (4.0: one in
100,000 words; rarer words get no prior and are left out). Words are folded like the lemma
keys of :mod:`pinneberg_analysis.nlp.analysis` (lower case, umlauts and ß as ae/oe/ue/ss); spellings
that fold together have their frequencies added.

Usage (needs ``pip install wordfreq``, only to derive the file)::

    python scripts/derive_general_frequency.py
"""

from __future__ import annotations

import argparse
import gzip
import math
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pinneberg_analysis.nlp.lexicon import fold  # noqa: E402

OUT = ROOT / "pinneberg_analysis" / "resources" / "general_frequency_de.tsv.gz"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--min-zipf", type=float, default=4.0)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    import wordfreq

    freq: dict[str, float] = {}
    for word, f in wordfreq.get_frequency_dict("de", "large").items():
        key = fold(word)
        if key.isalpha():
            freq[key] = freq.get(key, 0.0) + f
    rows = sorted((k, math.log10(f * 1e9)) for k, f in freq.items())
    lines = [f"{k}\t{z:.2f}\n" for k, z in rows if z >= args.min_zipf]
    with open(args.out, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as fh:
        fh.write("".join(lines).encode("utf-8"))
    from importlib.metadata import version as dist_version

    version = dist_version("wordfreq")
    print(f"{len(lines)} words (wordfreq {version}) -> {args.out} ({args.out.stat().st_size / 1e3:.0f} kB)")


if __name__ == "__main__":
    main()
