"""The sheet "Bewertungen zuordnen": the authors confirm or change which measure each rated
name (from the expert ratings file) belongs to.

One row per rated name: the proposed measure by name, its similarity, two alternatives, the
status and why the matcher was unsure, and a yellow drop-down column of measure names
("Name (ID)", or "keine Maßnahme"). A choice becomes an ``assign_rating`` decision in the
decisions file; the ranking then uses it instead of matching the name, in every later run.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from pinneberg_analysis.core.result import AnalysisResult
from pinneberg_analysis.curate.decisions import Decision
from pinneberg_analysis.core.export import neutralise_cell
from pinneberg_analysis.review.layout import H_COMMENT, SHEET_GUIDE, SHEET_LISTS, SHEET_LOG
from pinneberg_analysis.review.meta import plain
from pinneberg_analysis.review.xlsx import choice, fill_rows, safe, style_header

SHEET_RATINGS = "Bewertungen zuordnen"
H_RATED = "Bewerteter Name"
H_N_RATINGS = "Bewertungen"
H_STATUS = "Stand"
H_PROPOSED = "Vorgeschlagene Maßnahme"
H_SIMILARITY = "Ähnlichkeit"
H_ALT1 = "Alternative 1"
H_ALT2 = "Alternative 2"
H_WHY = "Hinweis"
H_ASSIGN = "Zuordnung (Maßnahme wählen)"
RATING_INFO = (H_RATED, H_N_RATINGS, H_STATUS, H_PROPOSED, H_SIMILARITY, H_ALT1, H_ALT2, H_WHY)
RATING_DECISIONS = (H_ASSIGN, H_COMMENT)
NO_MEASURE = "keine Maßnahme"
#: Column of the choice list in the hidden ``_listen`` sheet.
LIST_COLUMN = "D"

STATUS_TEXT = {
    ("matched", False): "zugeordnet",
    ("matched", True): "zugeordnet, bitte prüfen",
    ("ambiguous", True): "mehrdeutig: bitte wählen",
    ("unmatched", True): "nicht zugeordnet",
}

GUIDE = [
    "",
    f'Blatt "{SHEET_RATINGS}": zu welcher Maßnahme gehören die Bewertungen der Fachleute? '
    "Jede Zeile ist ein Name aus der Bewertungsdatei mit dem Vorschlag der Auswertung, "
    "seiner Ähnlichkeit (0–1) und zwei Alternativen. Oben stehen die unsicheren Fälle.",
    f"• {H_ASSIGN}: die Maßnahme aus der Liste wählen, um den Vorschlag zu bestätigen oder zu "
    f'ändern, oder "{NO_MEASURE}", wenn keine Maßnahme passt. Leer: die Auswertung ordnet '
    "selbst zu (unsichere Namen bleiben dann ohne Maßnahme).",
]




def _name(mid: Any, label_of: dict[str, Any]) -> str | None:
    return choice(label_of.get(mid), mid) if isinstance(mid, str) and mid else None


def write_rating_sheet(wb: Any, result: AnalysisResult, label_of: dict[str, Any],
                       active_ids: list[str]) -> None:
    """Add the sheet and its choice list (column D of ``_listen``); nothing without ratings."""
    from openpyxl.worksheet.datavalidation import DataValidation

    matches = result.rating_matches
    if matches is None or matches.empty or "measure_ref" not in matches.columns:
        return
    m = matches[matches["measure_ref"].notna()].copy()
    if m.empty:
        return
    review = m["needs_review"].fillna(True).astype(bool) if "needs_review" in m else True
    m = m.assign(_r=~pd.Series(review, index=m.index)).sort_values(
        ["_r", "measure_ref"], kind="mergesort")
    index = wb.sheetnames.index(SHEET_LOG) if SHEET_LOG in wb.sheetnames else None
    ws = wb.create_sheet(SHEET_RATINGS, index)
    if SHEET_GUIDE in wb.sheetnames:
        guide = wb[SHEET_GUIDE]
        start = guide.max_row + 1
        for k, line in enumerate(GUIDE):
            guide.cell(row=start + k, column=1, value=neutralise_cell(line) if line else None)
    headers = list(RATING_INFO + RATING_DECISIONS)
    style_header(ws, headers, RATING_DECISIONS)
    rows = []
    for r in m.to_dict("records"):
        alts = [a for a in str(r.get("alternative_ids") or "").split(";") if a]
        flag = bool(r.get("needs_review")) if r.get("needs_review") is not pd.NA else True
        status = "zugeordnet (Review-Entscheidung)" if r.get("method") == "decision" else \
            STATUS_TEXT.get((r.get("status"), flag), str(r.get("status")))
        sim = r.get("similarity")
        rows.append([
            r["measure_ref"], r.get("n_ratings"), status,
            _name(r.get("proposed_id"), label_of),
            None if sim is None or pd.isna(sim) else round(float(sim), 2),
            _name(alts[0] if alts else None, label_of), _name(alts[1] if len(alts) > 1 else None,
                                                              label_of),
            r.get("reason") or None, None, None,
        ])
    fill_rows(ws, rows, headers, RATING_DECISIONS)
    for h, width in ((H_RATED, 40), (H_PROPOSED, 40), (H_ALT1, 32), (H_ALT2, 32), (H_WHY, 40),
                     (H_ASSIGN, 44), (H_STATUS, 26)):
        ws.column_dimensions[chr(ord("A") + headers.index(h))].width = width
    entries = [choice(label_of.get(mid), mid) for mid in active_ids] + [NO_MEASURE]
    lists = wb[SHEET_LISTS]
    lists[f"{LIST_COLUMN}1"] = "Maßnahme (Name)"
    for i, value in enumerate(entries, start=2):
        lists[f"{LIST_COLUMN}{i}"] = safe(value)
    col = chr(ord("A") + headers.index(H_ASSIGN))
    dv = DataValidation(type="list", allow_blank=True,
                        formula1=f"'{SHEET_LISTS}'!${LIST_COLUMN}$2:${LIST_COLUMN}$"
                                 f"{len(entries) + 1}")
    dv.error, dv.errorTitle = "Bitte eine Maßnahme aus der Liste wählen.", "Ungültiger Eintrag"
    dv.promptTitle = "Zuordnung"
    dv.prompt = f'Maßnahme, zu der die Bewertungen gehören, oder "{NO_MEASURE}".'
    dv.showErrorMessage = dv.showInputMessage = True
    ws.add_data_validation(dv)
    dv.add(f"{col}2:{col}{len(rows) + 1}")


def parse_choice(text: str, labels: dict[str, str]) -> tuple[bool, str | None]:
    """(understood, measure id or None) of an entry in the choice column.

    Accepts "Name (ID)" (also "Name [ID]"), a bare id, a measure name that only one measure has, or
    "keine Maßnahme".

    Examples
    --------
    >>> parse_choice("Radwege (M-1)", {"M-1": "Radwege"})
    (True, 'M-1')
    >>> parse_choice("Radwege [M-1]", {"M-1": "Radwege"})
    (True, 'M-1')
    >>> parse_choice("keine Maßnahme", {})
    (True, None)
    """
    t = " ".join(text.split())
    if t.casefold() == NO_MEASURE.casefold():
        return True, None
    by_id = {k.casefold(): k for k in labels}
    for open_, close in (("(", ")"), ("[", "]")):
        if t.endswith(close) and open_ in t:
            mid = by_id.get(t[t.rindex(open_) + 1:-1].strip().casefold())
            if mid is not None:
                return True, mid
    if t.casefold() in by_id:
        return True, by_id[t.casefold()]
    named = [k for k, v in labels.items() if " ".join(str(v).split()).casefold() == t.casefold()]
    return (len(named) == 1), (named[0] if len(named) == 1 else None)


def read_rating_sheet(reader: Any, ws: Any, cols: dict, out: list[Decision]) -> None:
    """Turn the filled choice column into ``assign_rating`` decisions (problems collected)."""
    labels = {mid: info["label"] for mid, info in reader.meta.measures.items()}
    seen: dict[str, int] = {}
    for at, values in reader.rows(ws, cols, RATING_DECISIONS):
        name = at.get(H_RATED)
        entry = values[H_ASSIGN]
        if not entry:
            continue  # a comment alone changes nothing
        if not name:
            at(H_RATED, "die Zeile hat eine Zuordnung, aber keinen bewerteten Namen.",
               f"die Spalte „{H_RATED}“ nicht ändern.")
            continue
        name = plain(name)
        ok, mid = parse_choice(entry, labels)
        if not ok:
            at(H_ASSIGN, f"„{entry}“ ist keine Maßnahme dieses Berichts.",
               f"einen Eintrag aus der Auswahlliste wählen („Name (ID)“ oder „{NO_MEASURE}“).")
            continue
        if mid is not None and reader.meta.measures[mid].get("status") == "abgelehnt":
            at(H_ASSIGN, f"die Maßnahme „{labels.get(mid) or mid}“ ({mid}) wurde abgelehnt.",
               "eine aktive Maßnahme wählen.")
            continue
        if name in seen:
            at(H_RATED, f"der Name „{name}“ hat in zwei Zeilen eine Zuordnung (auch Zeile {seen[name]}).",
               "je bewertetem Namen nur eine Zuordnung behalten.")
            continue
        seen[name] = at.row
        out.append(Decision(kind="assign_rating", target=name, value=mid,
                            comment=values[H_COMMENT], source=reader.source,
                            location=at.location,
                            value_members=reader.meta.snapshot(mid) if mid else ()))
