"""adhocracy+ idea, map-idea and budgeting exports (XLSX, German or English headers).

The export views of adhocracy4/adhocracy-plus write ``Referenznr., Link, Titel,
Beschreibung, Kategorie, Merkmale, Urheber, Erstellt, Positive Bewertungen, Negative
Bewertungen, Anzahl Kommentare, Status, ...`` (some names with trailing spaces, which do not
matter here). ``Urheber`` and the contact columns (``Ihre E-Mailadresse``,
``Ihre Telefonnummer``) are personal data and never copied.
"""

from __future__ import annotations

from pinneberg_analysis.ingest.platforms.base import COMMON_PERSONAL, Platform, strip_html

IDEAS = Platform(
    name="adhocracy",
    label="adhocracy+",
    signature=(r"referenznr|reference no|reference number", "link",
               r"positive bewertungen|positive ratings", r"negative bewertungen|negative ratings",
               r"anzahl kommentare|comment count|comments count", r"merkmale|labels",
               r"urheber|creator", r"moderatorenfeedback|moderator feedback|status"),
    min_signature=3,
    columns={
        "title": ("titel", "title", "name"),
        "text": ("beschreibung", "description"),
        "field": ("kategorie", "category"),
        "votes": (r"positive bewertungen|positive ratings", r"unterstutzungen|supports",
                  r"stimmen|votes"),
        "date": ("erstellt", "created", "erstellt am"),
        "source_id": (r"referenznr|reference no|reference number", "id"),
    },
    personal=(*COMMON_PERSONAL, r"urheber|creator", r"ihre e ?mail ?adresse", r"ihre telefonnummer"),
    clean=strip_html,
    description="Ideen, Karten-Ideen, Bürgerhaushalt (XLSX): Referenznr., Titel, Beschreibung, "
    "Kategorie als Handlungsfeld, Positive Bewertungen als Stimmen, Erstellt; Negative "
    "Bewertungen, Kommentare, Merkmale, Status, Ort als Zusatzangaben.",
)

PLATFORMS = (IDEAS,)
