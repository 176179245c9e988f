"""Platform exports and unusual tables, tried as a new user would: is every row accounted
for, and is none rejected for a column whose content makes it obvious?

Usage (from the repository root)::

    .venv/bin/python benchmarks/bench_platforms.py

Builds, from the first 400 Bonn contributions (``data/external/cycling-dialogues-bonn``,
real German citizen text), tables the tests never saw: a Decidim 0.27 proposals CSV and the
matching open-data ZIP with comments, an adhocracy+ XLSX, a DIPAS CSV, and four tables with
unusual headers (a school workshop's short field names under ``Bereich``, an English export,
a table whose only text column is called ``Notiz``, one with no header names at all the code
knows). Each is read without options; the script prints, per table, rows read / accepted /
rejected with the reasons, what was recognised, and the time taken, as Markdown for
``benchmarks/RESULTS.md``.
"""

from __future__ import annotations

import platform
import tempfile
import time
import zipfile
from datetime import date
from pathlib import Path

import pandas as pd
from openpyxl import Workbook

from pinneberg_analysis.ingest import load

ROOT = Path(__file__).resolve().parents[1]
BONN = ROOT / "data" / "external" / "cycling-dialogues-bonn" / "contributions.csv"
N = 400
SHORT = ["Verkehr", "Bildung", "Soziales", "Umwelt", "Wirtschaft"]


def _bonn() -> pd.DataFrame:
    raw = pd.read_csv(BONN, dtype=str).head(N).fillna("")
    raw["votes"] = [(len(t) * 7 + i) % 40 for i, t in enumerate(raw["text"])]
    raw["short"] = [SHORT[i % len(SHORT)] for i in range(len(raw))]
    raw["num"] = [str(1000 + i) for i in range(len(raw))]
    return raw


def _xlsx(path: Path, header: list[str], rows: list[list[object]]) -> None:
    book = Workbook()
    book.active.append(header)
    for row in rows:
        book.active.append(row)
    book.save(path)


def build(folder: Path, df: pd.DataFrame) -> dict[str, str]:
    """Write the tables; return file name -> what it imitates."""
    made = {}
    decidim = pd.DataFrame({
        "id": df["num"], "category/id": 1, "category/name/de": "Verkehr",
        "title/de": df["title"], "body/de": "<p>" + df["text"] + "</p>",
        "state": "", "reference": "BN-PROP-" + df["num"], "supports": df["votes"],
        "endorsements/total_count": 0, "comments": 0, "published_at": df["created"],
        "url": df["URL"], "author/name": "Erika Mustermann", "author/url": "https://x/profiles/e"})
    decidim.to_csv(folder / "decidim-proposals.csv", sep=";", index=False)
    made["decidim-proposals.csv"] = "Decidim 0.27 proposals CSV (;)"
    comments = pd.DataFrame({
        "id": [str(9000 + i) for i in range(len(df))], "created_at": df["created"],
        "body/de": "Zustimmung: " + df["title"], "locale": "de", "author/id": 5,
        "author/name": "Hans Beispielmann", "alignment": 1, "depth": 0,
        "commentable_id": df["num"], "commentable_type": "Decidim::Proposals::Proposal",
        "root_commentable_url": "https://x/processes/rad/f/1/proposals/" + df["num"]})
    with zipfile.ZipFile(folder / "bonn-open-data.zip", "w") as archive:
        archive.writestr("bonn-open-data-proposals.csv", decidim.to_csv(index=False))
        archive.writestr("bonn-open-data-proposal_comments.csv", comments.to_csv(index=False))
    made["bonn-open-data.zip"] = "Decidim open-data ZIP, proposals + comments (,)"
    header = ["Referenznr. ", "Link", "Titel", "Beschreibung", "Kategorie", "Urheber", "Erstellt",
              "Positive Bewertungen ", "Negative Bewertungen", "Anzahl Kommentare",
              "Ihre E-Mailadresse"]
    _xlsx(folder / "adhocracy.xlsx", header, [
        [r.num, r.URL, r.title, r.text, r.short, "Erika Mustermann", r.created, r.votes, 1, 0,
         "erika@example.org"] for r in df.itertuples()])
    made["adhocracy.xlsx"] = "adhocracy+ idea export (XLSX, trailing spaces)"
    dipas = pd.DataFrame({"Node ID": df["num"], "Category": df["short"], "Rubric": "Idee",
                          "Created (UTC)": df["created"].str[:19].str.replace("T", " "),
                          "Rating": 0, "Total votes": df["votes"], "Upvotes": df["votes"],
                          "Downvotes": 0, "Comments": 0, "Title": df["title"],
                          "Contributiontext": df["text"], "Location": ""})
    (folder / "dipas.csv").write_bytes(b"\xef\xbb\xbf" + dipas.to_csv(sep=";", index=False).encode())
    made["dipas.csv"] = "DIPAS contributions CSV (; + BOM)"
    school = pd.DataFrame({"Karte": ["K" + n for n in df["num"]], "Bereich": df["short"],
                           "Das wünschen wir uns": df["title"] + ". " + df["text"],
                           "Herzen": df["votes"]})
    school.to_csv(folder / "schule.csv", sep=";", index=False)
    made["schule.csv"] = "school workshop: Karte, Bereich (short field names), free text, Herzen"
    english = pd.DataFrame({"Key": df["num"], "Topic area": df["short"], "Headline": df["title"],
                            "What is your suggestion?": df["text"], "Thumbs up": df["votes"],
                            "Posted": df["created"]})
    english.to_csv(folder / "english.csv", index=False)
    made["english.csv"] = "English headers none of the synonyms know"
    notes = pd.DataFrame({"Nr": df["num"], "Thema": df["short"], "Notiz": df["title"] + ": "
                          + df["text"]})
    notes.to_csv(folder / "notiz.csv", sep="\t", index=False)
    made["notiz.csv"] = "tab-separated: Nr, Thema, Notiz"
    odd = pd.DataFrame({"Spalte A": df["short"], "Spalte B": df["title"],
                        "Spalte C": df["text"].where(df["text"] != "", df["title"] + " bitte"),
                        "Spalte D": df["created"].str[:10]})
    _xlsx(folder / "spalten.xlsx", list(odd.columns), odd.values.tolist())
    made["spalten.xlsx"] = "XLSX with headers Spalte A-D only"
    return made


def main() -> None:
    df = _bonn()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        made = build(folder, df)
        start = time.perf_counter()
        result = load(folder, fields={"aliases": {"Verkehr": "Mobilität"}})
        seconds = time.perf_counter() - start
    print(f"Machine: {platform.machine()}, Python {platform.python_version()}, "
          f"{date.today().isoformat()}; {N} Bonn rows per table; load() of all tables: "
          f"{seconds:.1f} s\n")
    print("| file | imitates | read | accepted | rejected | reasons |")
    print("|---|---|---:|---:|---:|---|")
    rej = result.rejected
    for row in result.files.itertuples():
        reasons = rej[rej["source_file"] == row.source_file]["reason"].value_counts()
        shown = "; ".join(f"{r} ({n})" for r, n in reasons.items()) or "–"
        print(f"| {row.source_file} | {made.get(row.source_file, '')} | {row.n_read} | "
              f"{row.n_accepted} | {row.n_rejected} | {shown} |")
    print("\nRecognised:\n")
    for line in result.recognised:
        print(f"- {line}")
    print("\nWarnings:\n")
    for line in result.warnings or ["(none)"]:
        print(f"- {line}")
    personal = ("Erika Mustermann", "Hans Beispielmann", "erika@example.org", "profiles/e")
    blob = result.contributions.to_csv() + result.rejected.to_csv()
    print(f"\nPersonal values in the tables: {[p for p in personal if p in blob] or 'none'}")


if __name__ == "__main__":
    main()
