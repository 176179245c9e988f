"""Derive ``pinneberg_analysis/resources/thesaurus_de.tsv.gz`` from OpenThesaurus.

Input: the MyThes file of OpenThesaurus (Debian package ``mythes-de``,
``/usr/share/mythes/th_de_DE_v2.dat``, UTF-8; or the export of www.openthesaurus.de). Each
entry is ``key|n`` followed by ``n`` sense lines ``-|Syn1|Syn2 (ugs.)|Hyper (Oberbegriff)|...``.

Output (gzip'd TSV, one synset per line, sorted, deterministic)::

    id <TAB> member member ... <TAB> hypernym-id hypernym-id ...

Members are the *single-word*, unmarked nouns of a sense, folded like the analysis folds lemmas
(lower case, umlauts and ß as ae/oe/ue/ss, hyphens dropped); multi-word phrases and
annotations such as ``(ugs.)`` are dropped. The hypernyms of a sense are the synsets whose
members all appear among its ``(Oberbegriff)`` terms (MyThes lists a hypernym's whole synset).
Synsets with fewer than two members and no hypernym carry nothing and are left out.

Usage::

    python scripts/derive_thesaurus.py /usr/share/mythes/th_de_DE_v2.dat
"""

from __future__ import annotations

import argparse
import gzip
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pinneberg_analysis.nlp_lexicon import fold  # noqa: E402

OUT = ROOT / "pinneberg_analysis" / "resources" / "thesaurus_de.tsv.gz"
_NOTE = re.compile(r"\s*\([^()]*\)")
#: Register labels: a word marked so in a sense is not a plain synonym there
#: ("Hirsch (ugs.)" for Fahrrad, "Ampel (veraltet)" for Petroleumlampe).
MARKED = frozenset({"ugs.", "geh.", "fig.", "veraltet", "veraltend", "derb", "österr.", "schweiz.",
          "regional", "abwertend", "salopp", "ironisch", "scherzhaft", "bair.", "süddt.",
          "norddeutsch", "ruhrdt.", "verhüllend", "vulg.", "Jargon", "selten", "Spruch",
          "Kindersprache", "lat.", "franz."})
_WORD = re.compile(r"[a-z]{2,40}")


def _term(raw: str) -> tuple[str | None, bool]:
    """The folded single noun of a thesaurus term (or None) and whether it is a hypernym.

    Nouns only (capitalised): the synonyms of German adjectives and verbs are too loose
    (*schmal* ~ *mager*, *breit* ~ *betrunken*) to be features.
    """
    hyper = "(Oberbegriff)" in raw
    notes = {x.strip() for n in _NOTE.findall(raw) for x in n.strip(" ()").split(",")}
    text = _NOTE.sub("", raw).strip()
    if not text or " " in text or not text[:1].isupper():
        return None, hyper
    if notes & MARKED:
        return None, hyper
    key = fold(text).replace("-", "")
    return (key if _WORD.fullmatch(key) else None), hyper


def senses(path: Path):
    """Yield ``(members, hypernym words)`` of every sense line."""
    with open(path, encoding="utf-8") as fh:
        fh.readline()  # encoding line
        for line in fh:
            if not line.startswith("-|"):
                continue
            members, hypers = set(), set()
            for raw in line.rstrip("\n").split("|")[1:]:
                key, hyper = _term(raw)
                if key:
                    (hypers if hyper else members).add(key)
            yield frozenset(members), frozenset(hypers)


def derive(path: Path) -> list[tuple[tuple[str, ...], tuple[int, ...]]]:
    hyper_words: dict[frozenset, set[str]] = {}
    for members, hypers in senses(path):
        if members:
            hyper_words.setdefault(members, set()).update(hypers)
    order = sorted(hyper_words, key=lambda s: (sorted(s), len(s)))
    ids = {s: i for i, s in enumerate(order)}
    by_word: dict[str, list[int]] = {}
    for s, i in ids.items():
        for w in s:
            by_word.setdefault(w, []).append(i)
    rows = []
    for s in order:
        words = hyper_words[s]
        cands = sorted({i for w in words for i in by_word.get(w, ())})
        hyp = tuple(i for i in cands if order[i] <= words and order[i] != s)
        rows.append((tuple(sorted(s)), hyp))
    keep = [i for i, (m, h) in enumerate(rows) if len(m) >= 2 or h]
    new_id = {old: new for new, old in enumerate(keep)}
    return [(rows[i][0], tuple(new_id[h] for h in rows[i][1] if h in new_id)) for i in keep]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("mythes", type=Path)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    rows = derive(args.mythes)
    lines = [f"{i}\t{' '.join(m)}\t{' '.join(map(str, h))}\n" for i, (m, h) in enumerate(rows)]
    with open(args.out, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as fh:
        fh.write("".join(lines).encode("utf-8"))
    print(f"{len(rows)} synsets -> {args.out} ({args.out.stat().st_size / 1e6:.2f} MB)")


if __name__ == "__main__":
    main()
