"""Cell values -> typed values: text, dates, votes, rounds, sections."""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata

from pinneberg_analysis.core.fields import normalise_name

MAX_VOTES = 10**9
# Control characters (Unicode category Cc except tab and newline) and lone surrogates.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
_MONTHS = {
    "januar": 1, "jan": 1, "februar": 2, "feb": 2, "marz": 3, "mar": 3, "april": 4, "apr": 4,
    "mai": 5, "may": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sep": 9, "sept": 9, "oktober": 10, "okt": 10, "oct": 10, "november": 11,
    "nov": 11, "dezember": 12, "dez": 12, "dec": 12, "january": 1, "february": 2,
    "march": 3, "june": 6, "july": 7, "october": 10, "december": 12,
}
_NUMBER_WORDS = {"eins": 1, "zwei": 2, "drei": 3, "vier": 4, "funf": 5, "erste": 1,
                 "zweite": 2, "dritte": 3, "one": 1, "two": 2, "three": 3}

_DE_DATE = re.compile(r"(?<!\d)(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4}|\d{2})(?!\d)")
_ISO_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)")
_SLASH_DATE = re.compile(r"(?<!\d)(\d{1,2})/(\d{1,2})/(\d{4})(?!\d)")
_WORD_DATE = re.compile(r"(?<!\d)(\d{1,2})\.?\s+([a-z]{3,9})\.?\s+(\d{4})(?!\d)")

_ROUND_PATTERNS = (
    r"\b(?:runde|round)[\s_\-:]*(\d{1,2})(?!\d)",
    r"(?<!\d)(\d{1,2})\s*\.\s*runde\b",
    r"(?:^|[\s_\-(])r(\d{1,2})(?![\d.])",
)
_CHALLENGE = ("herausforderung", "problem", "hindernis", "hurde", "schwache", "challenge",
              "issue", "barrier", "kritik", "mangel", "defizit", "was fehlt", "was stort")
_IDEA = ("idee", "vorschlag", "massnahm", "losung", "idea", "proposal", "solution",
         "measure", "wunsch", "wunsche", "anregung", "empfehlung")


def cell_text(value: object) -> str:
    """A cell as clean text ("" for empty); whole floats lose their ``.0``.

    Examples
    --------
    >>> cell_text(12.0)
    '12'
    >>> cell_text("  Rufbus\\r\\nabends ")
    'Rufbus\\nabends'
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub("", text)
    return unicodedata.normalize("NFC", text).strip()


def _make_date(year: int, month: int, day: int) -> dt.date | None:
    if year < 100:
        year += 2000
    if not 1900 <= year <= 2200:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def parse_date(value: object) -> tuple[dt.date | None, bool]:
    """Parse ``dd.mm.yyyy``, ISO ``yyyy-mm-dd`` (with or without time), Excel dates.

    Returns
    -------
    date : date or None
    ok : bool
        False when the cell has a value that is not a date.

    Examples
    --------
    >>> parse_date("04.04.2022")
    (datetime.date(2022, 4, 4), True)
    >>> parse_date("31.02.2022")
    (None, False)
    >>> parse_date("")
    (None, True)
    """
    if value is None:
        return None, True
    if isinstance(value, dt.datetime):
        return _make_date(value.year, value.month, value.day), True
    if isinstance(value, dt.date):
        return _make_date(value.year, value.month, value.day), True
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if isinstance(value, float) and math.isnan(value):
            return None, True
        if 20_000 <= value <= 80_000:  # an Excel serial date
            return dt.date(1899, 12, 30) + dt.timedelta(days=int(value)), True
        return None, False
    text = cell_text(value)
    if not text:
        return None, True
    found = find_date(text, anchored=True)
    return (found, True) if found else (None, False)


def find_date(text: str, *, anchored: bool = False) -> dt.date | None:
    """The first date written in ``text`` (``06.05.2022``, ``2022-05-06``, ``6. Mai 2022``)."""
    low = text.strip().lower()
    for pattern, order in ((_DE_DATE, "dmy"), (_ISO_DATE, "ymd"), (_SLASH_DATE, "dmy")):
        match = pattern.match(low) if anchored else pattern.search(low)
        if match:
            a, b, c = (int(g) for g in match.groups())
            if order == "ymd":
                return _make_date(a, b, c)
            if pattern is _SLASH_DATE and b > 12 >= a:  # US month/day/year
                a, b = b, a
            return _make_date(c, b, a)
    word = _WORD_DATE.search(normalise_name(text))
    if word and word.group(2) in _MONTHS:
        return _make_date(int(word.group(3)), _MONTHS[word.group(2)], int(word.group(1)))
    return None


def parse_votes(value: object) -> tuple[int | None, bool]:
    """Votes / points as a non-negative integer.

    Returns
    -------
    votes : int or None
    ok : bool
        False when the cell has a value that is not a whole number >= 0.

    Examples
    --------
    >>> parse_votes("12")
    (12, True)
    >>> parse_votes("viele")
    (None, False)
    >>> parse_votes(None)
    (None, True)
    """
    if value is None or isinstance(value, bool):
        return (None, value is None)
    if isinstance(value, int):
        return (value, True) if 0 <= value <= MAX_VOTES else (None, False)
    if isinstance(value, float):
        if math.isnan(value):
            return None, True
        if value.is_integer() and 0 <= value <= MAX_VOTES:
            return int(value), True
        return None, False
    text = cell_text(value)
    if not text:
        return None, True
    text = re.sub(r"\s*(punkte?|pkt\.?|stimmen?|votes?|likes?|x)$", "", text.lower()).strip()
    text = text.lstrip("+")
    if re.fullmatch(r"\d{1,3}(\.\d{3})+", text):
        text = text.replace(".", "")
    text = re.sub(r"[.,]0+$", "", text)
    if re.fullmatch(r"\d{1,10}", text) and int(text) <= MAX_VOTES:
        return int(text), True
    return None, False


def find_round(text: str) -> int | None:
    """The workshop round named in ``text`` (``Runde 1``, ``2. Runde``, ``R2``, ``Round 3``).

    Examples
    --------
    >>> find_round("Workshop Wirtschaft, Runde 2")
    2
    >>> find_round("2. Runde Mobilität")
    2
    >>> find_round("mobilitaet-r1")
    1
    >>> find_round("Runde zwei") , find_round("Ideen")
    (2, None)
    """
    low = text.lower()
    for pattern in _ROUND_PATTERNS:
        match = re.search(pattern, low)
        if match and 1 <= int(match.group(1)) <= 20:
            return int(match.group(1))
    match = re.search(r"\b(?:runde|round)\s+([a-zäöü]+)", normalise_name(text))
    if match and match.group(1) in _NUMBER_WORDS:
        return _NUMBER_WORDS[match.group(1)]
    match = re.search(r"\b([a-z]+)\s+runde\b", normalise_name(text))
    if match and match.group(1) in _NUMBER_WORDS:
        return _NUMBER_WORDS[match.group(1)]
    return None


def parse_round(value: object) -> tuple[int | None, bool]:
    """A round cell (``1``, ``Runde 2``) as an integer."""
    if value is None:
        return None, True
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if isinstance(value, float) and (math.isnan(value) or not value.is_integer()):
            return None, math.isnan(value)
        return (int(value), True) if 1 <= value <= 99 else (None, False)
    text = cell_text(value)
    if not text:
        return None, True
    if re.fullmatch(r"\d{1,2}", text) and int(text) >= 1:
        return int(text), True
    found = find_round(text)
    return (found, True) if found else (None, False)


def section_of(text: str) -> str | None:
    """``challenge`` or ``idea`` when ``text`` (a heading, a column name) names one.

    Examples
    --------
    >>> section_of("Herausforderungen"), section_of("IDEEN:"), section_of("Nächste Schritte")
    ('challenge', 'idea', None)
    """
    key = normalise_name(text)
    best: tuple[int, str] | None = None
    for section, stems in (("challenge", _CHALLENGE), ("idea", _IDEA)):
        for stem in stems:
            match = re.search(rf"(^|[^a-z]){re.escape(normalise_name(stem))}", key)
            if match and (best is None or match.start() < best[0]):
                best = (match.start(), section)
    return best[1] if best else None
