"""Check the ground-truth key of the synthetic sample against the sample files.

Run:  /tmp/probe/bin/python data/sample-truth/check_key.py
Exit code 0 when clean. Checks:
  * every `match` in groups.csv occurs exactly once in its file's text
    (CSV: whole file decoded as cp1252; XLSX: all cell values; DOCX: paragraphs + table cells;
    MD/TXT: whole file as UTF-8), and `detail` (first nested line) too;
  * the number of keyed rows per file equals an independent count of items in that file;
  * canonical fields, measure/theme consistency, group sizes, counts per measure/field/total;
  * rejected.csv, ratings-key.csv (against the ratings file) and pii.csv.
"""
from __future__ import annotations

import csv
import io
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

import openpyxl
from docx import Document

HERE = Path(__file__).resolve().parent
SAMPLE = HERE.parent / "sample"
FIELDS = ("Mobilität", "Wirtschaft", "Verwaltung", "Lebens- und Wohnumfeld mit Gesundheit",
          "Zusammenleben, Bildung und Kultur")
ERRORS: list[str] = []


def err(msg: str) -> None:
    ERRORS.append(msg)


def file_strings(rel: str) -> list[str]:
    """The searchable text of a file, as a list of strings (one per cell/paragraph, or one)."""
    path = SAMPLE / rel
    if rel.endswith(".csv") and rel.startswith("online/"):
        return [path.read_bytes().decode("cp1252")]
    if rel.endswith(".xlsx"):
        wb = openpyxl.load_workbook(path, read_only=True)
        out = [str(c) for ws in wb.worksheets for row in ws.iter_rows(values_only=True)
               for c in row if c is not None]
        wb.close()
        return out
    if rel.endswith(".docx"):
        doc = Document(path)
        out = [p.text for p in doc.paragraphs]
        for t in doc.tables:
            out += [cell.text for row in t.rows for cell in row.cells]
        return out
    return [path.read_text(encoding="utf-8")]


def count_items(rel: str) -> int:
    """Independent count of contribution items in a file (rejected rows excluded)."""
    path = SAMPLE / rel
    if rel.startswith("online/"):
        text = path.read_bytes().decode("cp1252")
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
        header_at = next(i for i, r in enumerate(rows) if r and r[0] == "Lfd. Nr.")
        n = 0
        for r in rows[header_at + 1:]:
            if not any(c.strip() for c in r):
                continue
            if not (r[1].strip() or r[2].strip()):
                continue
            if r[3].strip() == "Tourismus":
                continue
            n += 1
        return n
    if rel.endswith(".xlsx"):
        wb = openpyxl.load_workbook(path, read_only=True)
        n = 0
        for ws in wb.worksheets:
            if ws.title == "Hinweise":
                continue
            for i, row in enumerate(ws.iter_rows(values_only=True), start=1):
                if i > 4 and len(row) > 1 and row[1] not in (None, ""):
                    n += 1
        wb.close()
        return n
    if rel.endswith(".docx"):
        doc = Document(path)
        n = sum(1 for p in doc.paragraphs if p.style.name in ("List Bullet", "List Number"))
        n += sum(len(t.rows) - 1 for t in doc.tables)
        return n
    text = path.read_text(encoding="utf-8")
    return sum(1 for ln in text.splitlines() if re.match(r"^([-*•]|\d+[.)])\s+\S", ln))


def main() -> int:
    rows = list(csv.DictReader(open(HERE / "groups.csv", encoding="utf-8", newline="")))
    cache: dict[str, list[str]] = {}
    per_file = Counter()
    names, themes = {}, {}
    for i, r in enumerate(rows, start=2):
        rel = r["source_file"]
        if not (SAMPLE / rel).is_file():
            err(f"groups.csv:{i}: file not found: {rel}")
            continue
        strings = cache.setdefault(rel, file_strings(rel))
        for col in ("match", "detail"):
            m = r[col]
            if col == "detail" and not m:
                continue
            c = sum(s.count(m) for s in strings)
            if c != 1:
                err(f"groups.csv:{i}: {col} {m!r} occurs {c}x in {rel}")
        per_file[rel] += 1
        if r["field"] not in FIELDS:
            err(f"groups.csv:{i}: unknown field {r['field']!r}")
        key = r["measure"]
        if not re.fullmatch(r"(MOB|WIR|VER|LEB|ZUS)-\d\d|EINZEL-\d\d", key):
            err(f"groups.csv:{i}: bad measure key {key!r}")
        if names.setdefault(key, (r["measure_name"], r["theme"], r["theme_name"])) != (
                r["measure_name"], r["theme"], r["theme_name"]):
            err(f"groups.csv:{i}: inconsistent name/theme for {key}")
        if r["theme"]:
            if themes.setdefault(r["theme"], r["theme_name"]) != r["theme_name"]:
                err(f"groups.csv:{i}: inconsistent theme name for {r['theme']}")
            if r["theme"][:3] != key[:3]:
                err(f"groups.csv:{i}: theme {r['theme']} does not belong to {key}")
        elif not key.startswith("EINZEL"):
            err(f"groups.csv:{i}: group {key} without theme")
        if r["section"] not in ("idea", "challenge", "other"):
            err(f"groups.csv:{i}: bad section {r['section']!r}")
        if r["votes"] and not r["votes"].isdigit():
            err(f"groups.csv:{i}: bad votes {r['votes']!r}")

    # every input file is keyed, and fully
    inputs = sorted(str(p.relative_to(SAMPLE)) for p in SAMPLE.rglob("*")
                    if p.is_file() and p.name != "README.md" and not p.parts[-2] == "bewertungen")
    for rel in inputs:
        n_items = count_items(rel)
        if n_items != per_file[rel]:
            err(f"{rel}: {n_items} items in the file but {per_file[rel]} keyed rows")
    for rel in per_file:
        if rel not in inputs:
            err(f"groups.csv names a file that is not an input: {rel}")

    # group sizes
    per_measure = Counter(r["measure"] for r in rows)
    groups = {k: n for k, n in per_measure.items() if not k.startswith("EINZEL")}
    singles = {k: n for k, n in per_measure.items() if k.startswith("EINZEL")}
    for k, n in groups.items():
        if not 3 <= n <= 12:
            err(f"measure {k} has {n} contributions (want 3–12)")
        srcs = {r["source_file"] for r in rows if r["measure"] == k}
        if len(srcs) < 2:
            err(f"measure {k} comes from only one file")
    for k, n in singles.items():
        if n != 1:
            err(f"single idea {k} has {n} contributions")

    # rejected rows
    rej = list(csv.DictReader(open(HERE / "rejected.csv", encoding="utf-8", newline="")))
    online_text = (SAMPLE / "online/ideenplattform-export.csv").read_bytes().decode("cp1252")
    physical = [ln.rstrip("\r") for ln in online_text.split("\n")]
    for r in rej:
        ln = physical[int(r["physical_line"]) - 1]
        ok = (ln == ";;;;;;;" if "leer" in r["reason"] and "Titel" not in r["reason"]
              else ("Tourismus" in ln if "Tourismus" in r["reason"] else re.match(r"^\d+;;;", ln)))
        if not ok:
            err(f"rejected.csv: line {r['physical_line']} is {ln!r} ({r['reason']})")

    # ratings
    rk = {r["Maßnahme"]: r["measure"] for r in
          csv.DictReader(open(HERE / "ratings-key.csv", encoding="utf-8", newline=""))}
    raw = (SAMPLE / "bewertungen/expertenbewertung-verwaltung.csv").read_bytes()
    if not raw.startswith(b"\xef\xbb\xbf"):
        err("ratings file has no UTF-8 BOM")
    rat = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    header = list(rat[0].keys())
    if header != ["Maßnahme", "Bewerter/in", "Wirkung", "Umsetzbarkeit", "Kosten", "Dringlichkeit"]:
        err(f"ratings header {header}")
    rated_names = {r["Maßnahme"] for r in rat}
    if rated_names != set(rk):
        err(f"ratings-key names differ: {rated_names ^ set(rk)}")
    for name, key in rk.items():
        if key and key not in groups:
            err(f"ratings-key: {name!r} -> {key} is not a measure group")
    empty_cells = sum(1 for r in rat for c in header[2:] if r[c] == "")
    for r in rat:
        for c in header[2:]:
            if r[c] and not (r[c].isdigit() and 1 <= int(r[c]) <= 5):
                err(f"ratings: bad value {r[c]!r}")

    # PII key
    pii = list(csv.DictReader(open(HERE / "pii.csv", encoding="utf-8", newline="")))
    matches = {(r["source_file"], r["match"]) for r in rows}
    for p in pii:
        if (p["source_file"], p["match"]) not in matches:
            err(f"pii.csv: {p['match']!r} is not a keyed contribution")
        strings = cache.get(p["source_file"]) or file_strings(p["source_file"])
        if sum(s.count(p["value"]) for s in strings) != 1:
            err(f"pii.csv: value {p['value']!r} not exactly once in {p['source_file']}")
    for r in rows:
        for p in pii:
            if p["value"] in r["match"] or p["value"] in r["detail"]:
                err(f"match/detail {r['match']!r} contains PII {p['value']!r}")

    # online CSV parses with pandas the way a reader would
    try:
        import pandas as pd
        df = pd.read_csv(SAMPLE / "online/ideenplattform-export.csv", sep=";", encoding="cp1252",
                         skiprows=2, dtype=str, keep_default_na=False)
        if list(df.columns) != ["Lfd. Nr.", "Titel", "Beschreibung", "Handlungsfeld",
                                "Unterstützungen", "Datum", "Ich bin ...", "Stadtteil"]:
            err(f"online header {list(df.columns)}")
        n_online_rows = len(df)
    except Exception as exc:  # pragma: no cover
        err(f"pandas cannot read the online CSV: {exc}")
        n_online_rows = -1

    # report
    print("contributions per file:")
    for rel in inputs:
        print(f"  {per_file[rel]:4d}  {rel}")
    print("contributions per field (measure groups / single ideas):")
    for f in FIELDS:
        fr = [r for r in rows if r["field"] == f]
        g = {r["measure"] for r in fr if not r["measure"].startswith("EINZEL")}
        s = {r["measure"] for r in fr if r["measure"].startswith("EINZEL")}
        print(f"  {len(fr):4d}  {f}  ({len(g)} groups present, {len(s)} single ideas)")
    print(f"total contributions: {len(rows)}")
    print(f"measure groups: {len(groups)}  single ideas: {len(singles)}  themes: {len(themes)}")
    print("group sizes:", " ".join(f"{k}={n}" for k, n in sorted(groups.items())))
    multi = sorted(k for k in groups if len({r['field'] for r in rows if r['measure'] == k}) > 1)
    print("groups in more than one field:", ", ".join(multi))
    print(f"rejected rows: {len(rej)}; online data rows incl. rejected: {n_online_rows}")
    print(f"rating rows: {len(rat)} for {len(rated_names)} names "
          f"({sum(1 for v in rk.values() if not v)} unknown), empty cells: {empty_cells}")
    print(f"PII values: {len(pii)} in {len({(p['source_file'], p['match']) for p in pii})} contributions")
    if ERRORS:
        print(f"\n{len(ERRORS)} PROBLEM(S):")
        for e in ERRORS:
            print("  -", e)
        return 1
    print("\nOK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
