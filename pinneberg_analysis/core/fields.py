"""The five Handlungsfelder of the Pinneberg Smart-City strategy and name canonicalisation."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping

from pinneberg_analysis.core.caches import memoize

MOBILITAET = "Mobilität"
WIRTSCHAFT = "Wirtschaft"
VERWALTUNG = "Verwaltung"
LEBENSUMFELD = "Lebens- und Wohnumfeld mit Gesundheit"
ZUSAMMENLEBEN = "Zusammenleben, Bildung und Kultur"

FIELDS: tuple[str, ...] = (MOBILITAET, WIRTSCHAFT, VERWALTUNG, LEBENSUMFELD, ZUSAMMENLEBEN)

SHORT_NAMES: dict[str, str] = {
    MOBILITAET: "Mobilität",
    WIRTSCHAFT: "Wirtschaft",
    VERWALTUNG: "Verwaltung",
    LEBENSUMFELD: "Lebens- und Wohnumfeld",
    ZUSAMMENLEBEN: "Zusammenleben und Bildung",
}

# Word stems (after normalisation) that identify a field on their own.
_KEYWORDS: dict[str, tuple[str, ...]] = {
    MOBILITAET: ("mobilitat", "verkehr", "mobil"),
    WIRTSCHAFT: ("wirtschaft", "handel", "gewerbe", "einzelhandel"),
    VERWALTUNG: ("verwaltung", "burgerservice", "egovernment", "e-government", "rathaus digital"),
    LEBENSUMFELD: ("lebens", "wohnumfeld", "wohnen", "gesundheit", "umwelt"),
    ZUSAMMENLEBEN: ("zusammenleben", "bildung", "kultur", "soziales"),
}


def field_sort_key(name: object) -> tuple[int, str]:
    """The one order of fields: the five canonical ones in strategy order, then others by name.

    Examples
    --------
    >>> sorted(["Tourismus", "Verwaltung", "Mobilität"], key=field_sort_key)
    ['Mobilität', 'Verwaltung', 'Tourismus']
    """
    return (FIELDS.index(name) if name in FIELDS else len(FIELDS), str(name))


def normalise_name(name: str) -> str:
    """Lower-case, fold umlauts and ß (also their ae/oe/ue spellings) and collapse space.

    Parameters
    ----------
    name : str
        A field name as written in an input file.

    Returns
    -------
    str
        A key for comparing field names.

    Examples
    --------
    >>> normalise_name("MOBILITÄT")
    'mobilitat'
    >>> normalise_name("Mobilitaet")
    'mobilitat'
    """
    text = name.strip().lower().replace("ß", "ss")
    text = text.replace("ae", "a").replace("oe", "o").replace("ue", "u")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"[&+/,;]|\bund\b|\bmit\b", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def canonical_field(
    name: object,
    aliases: Mapping[str, str] | None = None,
    extra_fields: Iterable[str] = (),
) -> str | None:
    """Map a field name as written to its canonical Handlungsfeld, or None.

    Parameters
    ----------
    name : object
        The name as found in a column, sheet name, heading or file name.
    aliases : mapping, optional
        Extra spellings from the config, ``{"alias": "canonical name"}``.
    extra_fields : iterable of str
        Fields added in the config (accepted as they are).

    Returns
    -------
    str or None
        The canonical name, or None when no field matches.

    Examples
    --------
    >>> canonical_field("Verkehr & Mobilität")
    'Mobilität'
    >>> canonical_field("Lebens- & Wohnumfeld")
    'Lebens- und Wohnumfeld mit Gesundheit'
    >>> canonical_field("Tourismus") is None
    True
    """
    if name is None or not isinstance(name, str) or not name.strip():
        return None
    key = normalise_name(name)
    candidates: dict[str, str] = {normalise_name(f): f for f in FIELDS}
    candidates.update({normalise_name(f): f for f in extra_fields})
    if aliases:
        candidates.update({normalise_name(a): c for a, c in aliases.items()})
    if key in candidates:
        return candidates[key]
    hits = {
        field
        for field, stems in _KEYWORDS.items()
        if any(re.search(rf"(^|[\s\-_]){re.escape(s)}", key) for s in stems)
    }
    if len(hits) == 1:
        return hits.pop()
    return None


def unknown_field_hint() -> str:
    """The fix-it text for an unknown field, listing the accepted names."""
    names = ", ".join(f"'{f}'" for f in FIELDS)
    return (
        f"eines der fünf Handlungsfelder verwenden ({names}) oder die Schreibweise unter "
        "[fields.aliases] (ein neues Feld unter [fields] extra) in der Einstellungsdatei "
        "ergänzen (siehe 'pinneberg-analysis config init')."
    )


# Participant groups ("Ich bin ..."): canonical name -> word stems (after normalise_name).
PARTICIPANT_GROUPS: dict[str, tuple[str, ...]] = {
    "Bürgerschaft": ("burger", "einwohner", "anwohner", "privat", "citizen", "resident"),
    "Wirtschaft": ("unternehm", "gewerbe", "handel", "handler", "firma", "selbststandig",
                   "gastronom", "handwerk", "business", "company"),
    "Verein": ("verein", "initiative", "ehrenamt", "club", "association"),
    "Schule": ("schul", "schuler", "lehrkraft", "lehrer", "kita", "school", "student"),
    "Seniorenbeirat": ("senior",),
    "Verwaltung": ("verwaltung", "stadtverwaltung", "fachdienst", "behorde", "administration"),
    "Politik": ("politik", "ratsmitglied", "ratsfrau", "ratsherr", "fraktion", "partei", "politic"),
}


def canonical_group(name: object) -> str | None:
    """Map a participant group as written (``Bürger/in``, ``Unternehmen``) to a canonical one.

    Parameters
    ----------
    name : object
        The value of the participant-group column (``Ich bin ...``, ``Gruppe``).

    Returns
    -------
    str or None
        A name from :data:`PARTICIPANT_GROUPS`, the value as written (stripped) when it
        matches none, or None when it is empty.

    Examples
    --------
    >>> canonical_group("Bürger/in")
    'Bürgerschaft'
    >>> canonical_group("Unternehmen")
    'Wirtschaft'
    >>> canonical_group("Feuerwehr")
    'Feuerwehr'
    """
    if name is None or not isinstance(name, str) or not name.strip():
        return None
    return _canonical_group(name)


@memoize(maxsize=2048)
def _canonical_group(name: str) -> str:
    key = normalise_name(name)
    hits = [
        group
        for group, stems in PARTICIPANT_GROUPS.items()
        if any(re.search(rf"(^|[\s\-_]){re.escape(s)}", key) for s in stems)
    ]
    if len(hits) == 1:
        return hits[0]
    return re.sub(r"\s+", " ", name).strip()
