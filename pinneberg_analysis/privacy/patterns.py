"""Pattern finders for contact data: e-mail, URL, IBAN, telephone and street address.

Each finder takes a text and returns ``(start, end)`` character spans. The rules and the
cases they leave alone (years, dates, bus lines, prices, ``Tempo 30``, street names
without a house number) are described next to each pattern; the privacy benchmark in
``benchmarks/bench_pii.py`` measures them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from urllib.parse import urlsplit

Spans = list[tuple[int, int]]

_L = r"A-Za-zÀ-ÖØ-öø-ÿĀ-žẞß"  # Latin letters incl. umlauts, Turkish and Polish letters

# ---------------------------------------------------------------- e-mail
# Plain addresses, "name @ host.de", and the usual obfuscations "(at)", "[at]", "[dot]".
_AT = r"(?:\s?@\s?|\s?[\[({]\s?(?:at|AT|ät)\s?[\])}]\s?)"
_DOT = r"(?:\.|\s?[\[({]\s?(?:dot|DOT|punkt|Punkt|\.)\s?[\])}]\s?)"
_EMAIL = re.compile(
    rf"(?<![\w.%+-])[{_L}0-9][{_L}0-9._%+-]*{_AT}"
    rf"[{_L}0-9-]+(?:{_DOT}[{_L}0-9-]+)*{_DOT}[A-Za-z]{{2,24}}(?![\w-])"
)


def find_emails(text: str) -> Spans:
    """Spans of e-mail addresses, also obfuscated ones (``anna(at)web.de``)."""
    spans = []
    for m in _EMAIL.finditer(text):
        spans.append(m.span())
    return spans


# ---------------------------------------------------------------- URL
_TLDS = (
    "de|com|org|net|eu|info|io|me|app|blog|online|site|social|be|at|ch|nl|dk|uk|tv|"
    "ly|gl|gd|to|co|biz|shop|berlin|hamburg|nrw|sh"
)
_URL = re.compile(
    rf"(?<![\w@.-])(?:(?:https?://|www\.)[^\s<>\"“”„]+"
    rf"|(?:[a-z0-9-]+\.)+(?:{_TLDS})(?:/[^\s<>\"“”„]*)?(?![\w@-]))",
    re.IGNORECASE,
)
#: Hosts of social networks and personal pages: any path on them points to a person.
SOCIAL_HOSTS = (
    "facebook.com", "fb.com", "instagram.com", "twitter.com", "x.com", "tiktok.com",
    "linkedin.com", "xing.com", "youtube.com", "youtu.be", "flickr.com", "pinterest.com",
    "pinterest.de", "t.me", "telegram.me", "wa.me", "threads.net", "mastodon.social",
    "github.com", "gitlab.com", "soundcloud.com", "vimeo.com", "strava.com", "reddit.com",
    "snapchat.com", "bsky.app", "nebenan.de", "spotify.com", "onlyfans.com",
)
#: Hosting services whose sub-domains are personal sites (``petra.blogspot.com``).
PERSONAL_SITE_HOSTS = (
    "blogspot.com", "blogspot.de", "wordpress.com", "jimdo.com", "jimdofree.com",
    "wixsite.com", "github.io", "gitlab.io", "tumblr.com", "substack.com", "medium.com",
    "beepworld.de", "npage.de", "webnode.page",
)
#: Public hosts whose URLs are always kept (plus ``PrivacyConfig.keep_domains``).
PUBLIC_HOSTS = (
    "pinneberg.de", "kreis-pinneberg.de", "schleswig-holstein.de", "hvv.de", "bahn.de",
    "wikipedia.org", "openstreetmap.org", "bund.de", "europa.eu", "stadtwerke-pinneberg.de",
)
_USER_PATH = re.compile(
    r"(?:/~|/@(?![-\d])|/users?/|/u/|/in/|/profile?s?/|/profil/|/people/|/members?/|/mitglied"
    r"|/photos/|/channel/|/c/|/author/|/autor/)",
    re.IGNORECASE,
)
_PERSONAL_QUERY = re.compile(
    r"[?&](?:name|vorname|nachname|e?-?mail|tel|telefon|phone|user|username|uid|id|token"
    r"|kontakt)=", re.IGNORECASE,
)
_URL_TRAIL = ".,;:!?)]}'’"


def _host_matches(host: str, suffixes: Iterable[str]) -> bool:
    return any(host == s or host.endswith("." + s) for s in suffixes)


def url_is_personal(
    url: str,
    *,
    is_person_word: Callable[[str], bool] | None = None,
    keep_domains: Iterable[str] = (),
) -> bool:
    """Whether a URL points to a person rather than to a public page.

    Personal: any path on a social network (:data:`SOCIAL_HOSTS`), a personal site on a
    hosting service (:data:`PERSONAL_SITE_HOSTS`), a path with a user marker (``/~``,
    ``/@``, ``/user/``, ``/profile/``, ``/in/``), a query with a personal parameter
    (``?name=``, ``?email=``, ``?id=``), or a host or path made of a first name and
    another word (``anna-meier.de``). Hosts in :data:`PUBLIC_HOSTS` or ``keep_domains``
    are kept unless they carry a personal query; a bare public domain is always kept.
    """
    raw = url if re.match(r"https?://", url, re.I) else "http://" + url
    try:
        parts = urlsplit(raw)
    except ValueError:
        return True
    host = (parts.hostname or "").lower().removeprefix("www.")
    path = parts.path or ""
    query = ("?" + parts.query) if parts.query else ""
    has_path = bool(path.strip("/")) or bool(query) or bool(parts.fragment)
    if _PERSONAL_QUERY.search(query):
        return True
    if _host_matches(host, tuple(PUBLIC_HOSTS) + tuple(d.lower() for d in keep_domains)):
        return False
    if _host_matches(host, SOCIAL_HOSTS):
        return has_path
    if _host_matches(host, PERSONAL_SITE_HOSTS):
        return True
    if _USER_PATH.search(path):
        return True
    if is_person_word is not None:
        # the host and the first path segment (example.org/anna-meier), not article slugs
        first_segment = path.strip("/").split("/", 1)[0]
        words = [w for w in re.split(r"[-._/~+]", host.rsplit(".", 1)[0] + "/" + first_segment) if w]
        for a, b in zip(words, words[1:], strict=False):
            if is_person_word(a) and b.isalpha() and len(b) >= 2:
                return True
    return False


def find_urls(
    text: str,
    *,
    is_person_word: Callable[[str], bool] | None = None,
    keep_domains: Iterable[str] = (),
) -> Spans:
    """Spans of URLs that point to a person (see :func:`url_is_personal`)."""
    spans = []
    for m in _URL.finditer(text):
        start, end = m.span()
        while end > start and text[end - 1] in _URL_TRAIL:
            end -= 1
        url = text[start:end]
        if url_is_personal(url, is_person_word=is_person_word, keep_domains=keep_domains):
            spans.append((start, end))
    return spans


# ---------------------------------------------------------------- IBAN
_IBAN = re.compile(r"(?<![\w])([A-Za-z]{2}\d{2}(?:[ ]?[A-Za-z0-9]{4}){2,7}(?:[ ]?[A-Za-z0-9]{1,3})?)(?![\w])")
_IBAN_LENGTHS = {
    "DE": 22, "AT": 20, "CH": 21, "NL": 18, "PL": 28, "TR": 26, "DK": 18, "BE": 16,
    "FR": 27, "IT": 27, "ES": 24, "LU": 20, "GB": 22, "SE": 24, "NO": 15, "CZ": 24,
}
_ACCOUNT = re.compile(
    r"(?:Konto(?:nummer|-?Nr\.?)?|Kto\.?(?:-?Nr\.?)?)\s*:?\s*(\d[\d ]{4,12}\d)"
    r"(?:\s*,?\s*(?:BLZ|Bankleitzahl)\s*:?\s*(\d{3}\s?\d{3}\s?\d{2}))?"
)


def iban_checksum_ok(iban: str) -> bool:
    """Whether an IBAN passes the ISO 13616 mod-97 check."""
    compact = iban.replace(" ", "").upper()
    digits = "".join(str(int(c, 36)) for c in compact[4:] + compact[:4])
    return int(digits) % 97 == 1


def _iban_ok(compact: str) -> bool:
    country = compact[:2]
    if country == "DE":
        return len(compact) == 22 and compact[2:].isdigit()
    return _IBAN_LENGTHS.get(country) == len(compact) and iban_checksum_ok(compact)


def find_ibans(text: str) -> Spans:
    """Spans of IBANs and of German account numbers given with ``Konto``/``BLZ``.

    A German IBAN (``DE`` + 20 digits) counts even with a wrong check digit (a typo still
    identifies an account); other countries need the right length and check digits.
    """
    spans = []
    for m in _IBAN.finditer(text):
        value = m.group(1)
        # the pattern may run into the next word ("... 3201 bitte"): drop trailing groups
        groups = value.split(" ")
        for k in range(len(groups), 0, -1):
            candidate = " ".join(groups[:k])
            if _iban_ok(candidate.replace(" ", "").upper()):
                spans.append((m.start(1), m.start(1) + len(candidate)))
                break
    for m in _ACCOUNT.finditer(text):
        spans.append((m.start(1), m.end(2) if m.group(2) else m.end(1)))
    return spans


# ---------------------------------------------------------------- telephone
# National numbers start with 0 and an area code (04101, 040, 0176), international ones
# with +49/0049 (also "+49 (0) 4101"). Groups may be split by space, "-" or "/"; dots
# are not accepted (dates). A number needs 9-13 digits (national) or 10-15
# (international), so years, postcodes, times, prices and bus lines never qualify.
_SEP = r"(?:[ \t]?[-/–][ \t]?|[ \t])"
_PHONE = re.compile(
    rf"(?<![\w+/.,:-])(?:"
    rf"(?:\+|00)[ ]?\d{{2,3}}(?:[ ]?\(0\)[ ]?|{_SEP})?\(?\d{{1,5}}\)?(?:{_SEP}?\d{{1,8}}){{1,6}}"
    rf"|\(0\d{{2,5}}\)[ ]?\d{{1,8}}(?:{_SEP}\d{{1,8}}){{0,5}}"
    rf"|0\d{{2,5}}(?:{_SEP}\d{{1,8}}){{1,6}}"
    rf"|0[1-9]\d{{7,12}}"
    rf")(?![\w,.]\d)"
)
# Local numbers without area code count only after a telephone word.
_PHONE_CONTEXT = re.compile(
    r"(?:\b(?:Tel|Fon|Mobil|Handy|Fax)\b\.?|\b(?:Telefon|Telefonnummer|Handynummer|"
    r"Mobilnummer|Festnetz|Rufnummer|WhatsApp|Tel\.-Nr|Telefon-Nr)\b\.?"
    r"|(?:anrufen|erreichbar|Rückruf|melden|anzurufen)\s+unter)"
    r"\s*(?:[:.]\s*)?(?:ist\s+|lautet\s+)?"
    rf"(\d{{2,6}}(?:{_SEP}\d{{1,6}}){{0,4}})(?![\w,.]\d)",
    re.IGNORECASE,
)


def _digits(value: str) -> int:
    return sum(c.isdigit() for c in value)


def _trim_phone(text: str, start: int, end: int, max_digits: int) -> int:
    """Drop trailing groups while the number has too many digits (``04101 556677 20``)."""
    while _digits(text[start:end]) > max_digits:
        cut = max(text.rfind(" ", start, end), text.rfind("-", start, end), text.rfind("/", start, end))
        if cut <= start:
            break
        end = cut
        while end > start and not text[end - 1].isdigit():
            end -= 1
    return end


def find_phones(text: str) -> Spans:
    """Spans of telephone and fax numbers in German formats."""
    spans = []
    for m in _PHONE.finditer(text):
        start, end = m.span()
        value = m.group(0)
        international = value.startswith(("+", "00"))
        lo, hi = (10, 15) if international else (9, 13)
        # the "00" of 0049 and the "(0)" of +49 (0) 4101 are not part of the number
        extra = (2 if value.startswith("00") else 0) + (1 if "(0)" in value else 0)
        end = _trim_phone(text, start, end, hi + extra)
        n = _digits(text[start:end]) - extra
        if lo <= n <= hi:
            spans.append((start, end))
    for m in _PHONE_CONTEXT.finditer(text):
        start, end = m.span(1)
        if _digits(m.group(1)) >= 5:
            spans.append((start, end))
    return spans


# ---------------------------------------------------------------- street address
STREET_SUFFIXES = (
    "straße", "strasse", "str.", "weg", "allee", "platz", "gasse", "ring", "damm",
    "chaussee", "kamp", "stieg", "steig", "twiete", "redder", "koppel", "moor", "berg",
    "brook", "wall", "ufer", "markt", "pfad", "kehre", "horst", "feld", "grund", "tal",
    "blick", "höhe", "garten", "reihe", "bogen", "winkel", "brücke", "diek", "deich",
    "wisch", "holt", "busch", "hain", "loh", "promenade", "terrasse", "zeile", "stätte",
    "weide", "wiese", "kuhle", "höft",
)
# Pinneberg streets whose name has no usual suffix (only with a house number).
SUFFIXLESS_STREETS = ("Damm", "Dingstätte", "Quellental", "Fahltskamp", "Rübekamp", "Hogenkamp")

_SUFFIX_RE = "|".join(re.escape(s) for s in sorted(STREET_SUFFIXES, key=len, reverse=True))
_CAP = rf"[A-ZÄÖÜ][{_L}]*"
_NOT_ADJECTIVES = (
    r"(?:Der|Jeder|Dieser|Jener|Unser|Euer|Ihrer|Welcher|Mancher|Keiner|Einer|Oder|Aber"
    r"|Über|Unter|Hinter|Wieder|Immer|Weiter|Vorher|Nachher|Daher|Woher|Bisher|Außer)"
)
_STREET = (
    rf"(?:"
    # compound: Musterstraße, Lindenstr., Friedrich-Ebert-Straße, Rathausplatz
    rf"(?:{_CAP}-)*[A-ZÄÖÜ][{_L}]{{2,}}?(?:{_SUFFIX_RE})"
    rf"|(?:{_CAP}-)+(?:Straße|Strasse|Str\.|Weg|Allee|Platz|Ring|Damm|Chaussee|Kamp)"
    # adjective + street word: Elmshorner Straße, Thesdorfer Weg
    rf"|(?!{_NOT_ADJECTIVES} )[A-ZÄÖÜ][{_L}]{{2,}}(?:er|sche|scher|schen) (?:Straße|Strasse|Str\.|Weg|Allee|Platz|Chaussee"
    rf"|Landstraße|Damm|Ring|Markt|Stieg|Twiete|Kamp)"
    # preposition + name: Am Markt, An der Mühlenau, Im Winkel, Zum Bahnhof
    rf"|(?:Am|An der|An den|Auf dem|Auf der|Im|In der|In den|Zum|Zur|Hinter dem|Hinter der"
    rf"|Beim|Bei der|Vor dem|Unter den|Alter|Alte|Neuer|Neue|Großer|Große|Kleiner|Kleine)"
    rf" {_CAP}(?: {_CAP})?"
    rf"|{'|'.join(SUFFIXLESS_STREETS)}"
    rf")"
)
_HOUSE = r"\d{1,3}(?:[ ]?[a-hA-H](?![\w]))?(?:[ ]?[-–/][ ]?\d{1,3}(?:[ ]?[a-hA-H](?![\w]))?)?"
_POSTCODE = rf"(?:,?[ ]*\n?[ ]*\d{{5}}[ ]+{_CAP}(?:[ -]{_CAP})?)"
_ADDRESS = re.compile(rf"(?<![\w-])({_STREET})[ ]({_HOUSE})(?!\d)(?![\w.,:]\d)({_POSTCODE})?")
# what may follow a house number: end, punctuation, a lower-case word (but no unit),
# a line break; never a capitalised noun ("Bahnhofstraße 20 Bäume", "Am Wochenende 2 Stunden")
_UNITS = re.compile(
    r"[ ]?(?:(?:km|m|cm|mm|min|h|std|uhr|mal|x|prozent|euro|eur|kg|t|qm|ha|jahre?n?)\b"
    r"|[%€]|m²|(?:bis|und|oder)\s+\d|-\d{2,})", re.IGNORECASE,
)
_TIME_WORDS = frozenset(
    "Montag Dienstag Mittwoch Donnerstag Freitag Samstag Sonntag Wochenende Abend Morgen "
    "Mittag Vormittag Nachmittag Jahr Sommer Winter Herbst Frühjahr Frühling Monat Ende "
    "Anfang Durchschnitt Schnitt Moment Tag Wochentag Feiertag Stück Prinzip Rahmen "
    "Vergleich Gegensatz Grunde Schnitt Ganzen Einzelnen Allgemeinen Januar Februar März "
    "April Mai Juni Juli August September Oktober November Dezember Quartal Halbjahr".split()
)


def find_addresses(text: str) -> Spans:
    """Spans of street addresses: a street and a house number (plus postcode and town).

    A street name without a number stays (``die Elmshorner Straße``); so do counts,
    years, times and units after place words (``Am Wochenende 2 Stunden``,
    ``Im Jahr 2030``, ``Bahnhofstraße 20 Bäume``, ``Radweg 5 km``).
    """
    spans = []
    for m in _ADDRESS.finditer(text):
        street = m.group(1)
        if any(word in _TIME_WORDS for word in street.split(" ")):
            continue
        end = m.end(3) if m.group(3) else m.end(2)
        rest = text[m.end(2):]
        if not m.group(3):
            if _UNITS.match(rest):
                continue
            follower = re.match(r"[ ]+([A-ZÄÖÜ][\w-]*)", rest)
            if follower:
                continue
        spans.append((m.start(1), end))
    return spans
