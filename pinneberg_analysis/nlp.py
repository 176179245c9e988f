"""German text analysis for participation contributions.

A spaCy pipeline built from ``spacy.blank("de")`` with the lookup lemmatizer
(``spacy-lookups-data``) and one registered component, ``pinneberg_terms``, that turns each
token into the *terms* the vectorizer and the labeller use:

* **Normalisation**: lower case; umlauts and ß folded to their ASCII spellings
  (``Straße``/``Strasse`` → ``strasse``, ``Mobilität``/``Mobilitaet`` → ``mobilitaet``), so that
  both ways of writing meet.
* **Lemmas**: spaCy's lookup table first, then the ~100,000 nouns of ``german-nouns``
  (Wiktionary) with all their inflected forms, then compound splitting (``Radwege`` is in
  neither table: ``rad`` + ``wege`` → ``radweg``).
* **Compounds**: hyphenated and closed compounds add their parts, and every right-hand
  part (the head and the heads of heads): ``Fahrradabstellanlagen`` →
  ``fahrradabstellanlage, fahrrad, abstell, anlage, abstellanlage``, so it meets
  ``Fahrrad`` and ``Abstellanlage``. Parts come from the noun list plus the stems of
  verbs and adjectives of the lemma table, with the German linking elements (s, es, n, en, e, er).
* **Abbreviations** common in municipal participation (ÖPNV, DFI, WLAN, E-Bike, P+R, Kita, ...)
  keep their own term and add the terms of their expansion.
* **Stop words**: spaCy's German list (minus a few adjectives that carry content here, such as
  *kurz*, *hoch*, *neu*) plus participation filler (*bitte*, *wäre super*, *man sollte*,
  *ich wünsche mir*, ...).
* **Not content**: PII placeholders (``[Name]``, ``[E-Mail]``, ...), numbers, punctuation and
  street names (a closed compound on *-straße*, *-allee*, *-gasse*, ... or a street word
  after a place adjective such as *Godesberger Allee*) are dropped, so that neither
  redaction nor the place of a complaint decides what it is about.

The pipeline and the word lists load lazily on first use and are cached; nothing is loaded
at import time.

Examples
--------
>>> analyse(["Mehr Fahrradabstellanlagen am Bahnhof wären super!"])[0].terms  # doctest: +SKIP
['fahrradabstellanlage', 'fahrrad', 'abstell', 'anlage', 'abstellanlage', 'bahnhof', 'bahn', 'hof']
"""

from __future__ import annotations

import csv
import gzip
import json
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

__all__ = [
    "ABBREVIATIONS",
    "AnalysedText",
    "analyse",
    "fold",
    "german_pipeline",
    "lemma_key",
    "split_compound",
    "strip_placeholders",
]

#: ``AnalysedText.words`` boundary flags: first word of a sentence, first word after a comma etc.
SENTENCE = 2
BREAK = 1

#: Placeholders the privacy stage writes in place of personal data: ``[Name]``, ``[E-Mail]``.
PLACEHOLDER_RE = re.compile(r"\[[A-ZÄÖÜ][\w\-]*(?:[ \-][\w\-]+){0,2}\]")

#: Domain abbreviations (folded, without hyphens or spaces) -> expansion (German text).
ABBREVIATIONS: dict[str, str] = {
    "oepnv": "öffentlicher Personennahverkehr",
    "oev": "öffentlicher Verkehr",
    "spnv": "Schienenpersonennahverkehr Bahn",
    "dfi": "dynamische Fahrgastinformation Echtzeit Anzeige",
    "wlan": "WLAN Internet",
    "wifi": "WLAN Internet",
    "ebike": "Elektrofahrrad",
    "pedelec": "Elektrofahrrad",
    "eauto": "Elektroauto",
    "escooter": "Elektroroller",
    "emobilitaet": "Elektromobilität",
    "pr": "Pendlerparkplatz",
    "parkride": "Pendlerparkplatz",
    "br": "Fahrradabstellanlage",
    "bikeride": "Fahrradabstellanlage",
    "kita": "Kindertagesstätte",
    "ogs": "offene Ganztagsschule",
    "vhs": "Volkshochschule",
    "zob": "zentraler Omnibusbahnhof",
    "sbahn": "S-Bahn Bahn",
    "ubahn": "U-Bahn Bahn",
    "lsa": "Lichtsignalanlage Ampel",
    "ozg": "Onlinezugangsgesetz Online Verwaltung",
    "egovernment": "digitale Verwaltung",
    "stvo": "Straßenverkehrsordnung",
    "ki": "künstliche Intelligenz",
    "iot": "Internet der Dinge Sensor",
    "led": "LED Beleuchtung",
    "carsharing": "Carsharing Auto teilen",
    "bikesharing": "Fahrradverleih",
    "email": "Mail",
    "esport": "Sport Computerspiel",
    "ecommerce": "Onlinehandel",
}

#: Municipal participation vocabulary: words (folded lemmas, or the heads of compounds)
#: that name the same thing add one shared concept term ("Abfallbehälter" -> "Mülleimer").
CONCEPTS: dict[str, tuple[str, ...]] = {
    "Mülleimer": ("muelleimer", "abfallbehaelter", "abfalleimer", "papierkorb", "muellbehaelter",
                   "abfallkorb", "muelltonne"),
    "Photovoltaik": ("photovoltaik", "fotovoltaik", "pv", "solaranlage", "solardach", "solarmodul",
                     "solarpanel", "solarzelle", "solarstrom"),
    "WLAN": ("wlan", "wifi", "hotspot", "freifunk"),
    "Smartphone": ("smartphone", "handy", "mobiltelefon"),
    "Telemedizin": ("telemedizin", "videosprechstunde", "onlinesprechstunde", "fernbehandlung"),
    "Veranstaltungskalender": ("veranstaltungskalender", "kulturkalender", "eventkalender",
                               "veranstaltungsportal"),
    "Fahrgastinformation": ("fahrgastinformation", "abfahrtsanzeige", "abfahrtsmonitor", "anzeigetafel",
                            "echtzeitanzeige", "fahrplananzeige", "dfi"),
    "Straßenbeleuchtung": ("strassenbeleuchtung", "laterne", "strassenlampe", "beleuchtung"),
    "Ladestation": ("ladestation", "ladesaeule", "ladepunkt", "ladeinfrastruktur", "wallbox"),
    "Fahrradabstellanlage": ("abstellanlage", "fahrradstaender", "radstaender", "fahrradbuegel",
                             "radbuegel", "anlehnbuegel", "fahrradbox", "radbox", "fahrradgarage",
                             "fahrradparkhaus", "radparkhaus", "fahrradstellplatz", "radstellplatz",
                             "abstellplatz", "fahrradparkplatz", "radparkplatz", "radstation"),
    "Ehrenamt": ("ehrenamt", "ehrenamtliche", "ehrenamtlicher", "freiwilligenarbeit"),
    "Bürgeramt": ("buergeramt", "buergerbuero", "buergerservice", "einwohnermeldeamt", "meldeamt"),
    "Glasfaser": ("glasfaser", "breitband", "glasfaseranschluss", "breitbandausbau", "glasfasernetz"),
    "Leihrad": ("leihrad", "mietrad", "fahrradverleih", "radverleih", "bikesharing"),
    "Lastenrad": ("lastenrad", "lastenfahrrad", "cargobike"),
}

# spaCy's list holds words that carry content in participation text ("Grünphase zu kurz").
_KEEP = {
    "kurz", "lang", "lange", "hoch", "neu", "neue", "neuen", "offen", "schlecht", "leicht",
    "gross", "grosse", "grossen", "grosser", "klein", "kleine", "kleinen", "kleiner",
    "richtig", "rechts", "links", "oben", "unten", "ende", "jahr", "jahre", "jahren",
    "mittel", "besser", "besten", "gut", "morgen",
}
# Participation filler: politeness, wishes, opinion markers and vague quantifiers.
_FILLER = {
    "bitte", "super", "toll", "schoen", "prima", "klasse", "cool", "gerne", "gern", "danke",
    "wuenschen", "wunsch", "finden", "meinen", "meinung", "glauben", "denken", "brauchen",
    "sollen", "muessen", "koennen", "wollen", "duerfen", "moegen", "werden", "sein", "haben",
    "idee", "vorschlag", "anregung", "dringend", "unbedingt", "endlich", "sinnvoll",
    "vielleicht", "eigentlich", "einfach", "wirklich", "mal", "bzw", "usw", "etc", "zb", "ua",
    "evtl", "ggf", "bspw", "sowie", "bereits", "stadt", "eventuell", "schade", "leider",
    "bisschen", "etwas", "viel", "viele", "vielen", "wenig", "weniger", "ganz", "sehr",
    "zudem", "ausserdem", "dafuer", "daher", "somit", "wichtig", "moeglich", "moeglichkeit",
    "geben", "machen", "gehen", "kommen", "lassen", "sehen", "stehen", "bleiben", "tun",
    "waere", "waeren", "wuerde", "wuerden", "haette", "haetten", "koennte", "koennten",
    "sollte", "sollten", "muesste", "muessten", "mensch", "leute", "person", "problem",
    "beispiel", "bereich", "zeit", "weise", "art", "fall", "thema", "sache", "dinge", "ding",
    "hallo", "ander", "andere", "beid", "beide", "manch", "manchmal", "innen", "gruss", "jed",
    "moin", "bzgl", "extra",
}
# Street-name heads: a closed compound ending in one of these (and not a common noun) is a place.
_STREET_HEADS = (
    "strasse", "allee", "gasse", "chaussee", "damm", "ufer", "kamp", "twiete", "redder",
    "stieg", "steig", "promenade", "wall",
)
# Street words that follow a place adjective as a separate word ("Godesberger Allee").
_STREET_WORDS = {
    "strasse", "str", "allee", "gasse", "chaussee", "damm", "ufer", "ring", "weg", "platz",
    "markt", "kamp", "twiete", "redder", "stieg", "steig", "wall", "tor", "bruecke", "hof",
}
# Lookup-table lemmas that are wrong in participation text ("Daten" are data, not dates).
_LEMMA_FIXES = {"daten": "daten", "eng": "eng", "enge": "eng", "engen": "eng", "enger": "eng"}
# Linking elements between the parts of a compound, shortest first (Straße-n, not Strass-en).
_LINKS = ("s", "n", "e", "en", "es", "er", "ens")
_MIN_PART = 3

_FOLD_TABLE = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "ẞ": "ss"})


@lru_cache(maxsize=500_000)
def fold(word: str) -> str:
    """Lower-case a word and fold umlauts and ß to ae/oe/ue/ss (and drop other accents).

    Examples
    --------
    >>> fold("Straße"), fold("STRASSE"), fold("Mobilität"), fold("Café")
    ('strasse', 'strasse', 'mobilitaet', 'cafe')
    """
    text = word.lower().translate(_FOLD_TABLE)
    if text.isascii():
        return text
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c))


def strip_placeholders(text: str) -> str:
    """Remove PII placeholders such as ``[Name]`` or ``[E-Mail]`` from a text."""
    return PLACEHOLDER_RE.sub(" ", text)


_TEMPO_RE = re.compile(r"\b(?:Tempo|T)[\s\-]*(\d{2,3})(?:er)?\b|\b(\d{2,3})er[\s\-]*(?=Zone)", re.I)


def _prepare(text: str) -> str:
    """Text-level normalisation before tokenising."""
    text = strip_placeholders(text)
    text = _TEMPO_RE.sub(lambda m: f" Tempo{m.group(1) or m.group(2)} ", text)
    # "Park & Ride", "Bike + Ride", "P + R" -> one token
    text = re.sub(r"\b(Park|Bike|P|B)\s*[&+]\s*(Ride|R)\b", r"\1\2", text, flags=re.I)
    text = re.sub(r"\b(Park|Bike)[\s\-]*(?:and|n|&)[\s\-]*Ride\b", r"\1Ride", text, flags=re.I)
    return text


# ---------------------------------------------------------------------------------------
# Word lists (loaded lazily, cached)


@dataclass(frozen=True)
class _Lexicon:
    lower_lemmas: dict[str, str]  # folded lower-case form of the lookup table -> folded lemma
    upper_lemmas: dict[str, str]  # the same for its capitalised forms of capitalised lemmas
    verbs: frozenset[str]  # folded verb lemmas (lower case, ending in -en, -ln, -rn)
    nouns: dict[str, str]  # folded noun form -> folded noun lemma (a lemma maps to itself)
    known: frozenset[str]  # folded lemmas of the lookup table and the noun list
    closed: frozenset[str]  # folded lemmas written in lower case (verbs, adjectives): not split
    display: dict[str, str]  # folded noun lemma -> lemma as written (for labels)
    info: dict[str, tuple[str, str, str]]  # folded noun lemma -> (nom. singular, nom. plural, genus)
    plural_forms: frozenset[str]  # folded plural forms that are not also the singular
    stems: frozenset[str]  # folded words that may start a compound
    names: frozenset[str]  # folded first/last names and toponyms (not common nouns)
    stop: frozenset[str]


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    import spacy_lookups_data
    from spacy.lang.de.stop_words import STOP_WORDS

    lookup_path = Path(spacy_lookups_data.__file__).parent / "data" / "de_lemma_lookup.json.gz"
    with gzip.open(lookup_path, "rt", encoding="utf-8") as handle:
        table: dict[str, str] = json.load(handle)
    stop = ({fold(w) for w in STOP_WORDS} - _KEEP) | _FILLER
    known: set[str] = set()
    closed: set[str] = set()
    stems: set[str] = set()
    for lemma in sorted(set(table.values())):
        f_lemma = fold(lemma)
        known.add(f_lemma)
        if lemma[:1].islower():
            closed.add(f_lemma)
        if len(f_lemma) < _MIN_PART or not f_lemma.isalpha():
            continue
        stems.add(f_lemma)
        if lemma[:1].islower() and f_lemma.endswith("en") and len(f_lemma) > 4:
            stems.add(f_lemma[:-2])  # verb stem: abstellen -> abstell, parken -> park
        elif lemma[:1].islower() and f_lemma.endswith(("ln", "rn")) and len(f_lemma) > 4:
            stems.add(f_lemma[:-1])  # wechseln -> wechsel
    lower_lemmas: dict[str, str] = {}
    upper_lemmas: dict[str, str] = {}
    for form, lemma in table.items():
        if form[:1].islower():
            lower_lemmas.setdefault(fold(form), fold(lemma))
        elif lemma[:1].isupper():
            upper_lemmas.setdefault(fold(form), fold(lemma))
    nouns: dict[str, str] = {}
    forms: list[tuple[str, str]] = []
    display: dict[str, str] = {}
    names: set[str] = set()
    info: dict[str, tuple[str, str, str]] = {}
    plural_forms: set[str] = set()
    nouns_path = resources.files("german_nouns") / "nouns.csv"
    with nouns_path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        genus_cols = [i for i, h in enumerate(header) if h.startswith("genus")]
        sg_col = header.index("nominativ singular")
        pl_cols = [i for i, h in enumerate(header) if h.startswith("nominativ plural")]
        plural_cols = [i for i, h in enumerate(header) if "plural" in h]
        for row in reader:
            lemma, pos = row[0], row[1]
            if not lemma[:1].isupper() or " " in lemma or not lemma.replace("-", "").isalpha():
                continue
            f_lemma = fold(lemma)
            if any(p in pos for p in ("Toponym", "Vorname", "Nachname", "Eigenname")):
                names.add(f_lemma)
                continue
            display.setdefault(f_lemma, lemma)
            nouns[f_lemma] = f_lemma
            genus = next((row[i] for i in genus_cols if row[i]), "")
            plural = next((row[i] for i in pl_cols if row[i]), "")
            info.setdefault(f_lemma, (row[sg_col] or lemma, plural, genus))
            plural_forms.update(fold(row[i]) for i in plural_cols if row[i] and row[i] != row[sg_col])
            known.add(f_lemma)
            forms.extend((fold(f), f_lemma) for f in row[7:] if f and " " not in f)
            if len(f_lemma) >= _MIN_PART:
                stems.add(f_lemma)
    verbs = {fold(v) for v in table.values() if v[:1].islower() and v.endswith(("en", "ln", "rn"))}
    for form, f_lemma in forms:
        current = nouns.setdefault(form, f_lemma)
        if current == form and current != f_lemma and form in verbs:
            nouns[form] = f_lemma  # "Boxen" is the plural of Box before it is the sport

    names -= set(nouns)
    return _Lexicon(
        lower_lemmas=lower_lemmas,
        upper_lemmas=upper_lemmas,
        verbs=frozenset(verbs),
        nouns=nouns,
        known=frozenset(known),
        closed=frozenset(closed),
        display=display,
        info=info,
        plural_forms=frozenset(plural_forms),
        stems=frozenset(stems - (stop - set(nouns))),
        names=frozenset(names),
        stop=frozenset(stop),
    )


# ---------------------------------------------------------------------------------------
# Compounds and lemmas

# Nouns that are more often a suffix than the head of a compound.
_BAD_HEADS = frozenset({"ende", "enden", "innen", "rinne", "tum", "ei", "erei"})


def _modifier_key(part: str, lex: _Lexicon) -> str | None:
    """The known word a compound's left part stands for (linking element removed)."""
    if part in lex.stems:
        return part
    for link in _LINKS:
        if part.endswith(link) and len(part) - len(link) >= _MIN_PART:
            base = part[: -len(link)]
            if base in lex.stems:
                return base
    if part + "e" in lex.stems and part not in lex.stop and len(part) >= 4:
        return part + "e"  # Schul-weg -> schule
    return None


@lru_cache(maxsize=100_000)
def _split_modifier(part: str) -> tuple[str, ...] | None:
    """Split the left part of a compound into known words, or None."""
    lex = _lexicon()
    key = _modifier_key(part, lex)
    if key is not None:
        return (key,)
    for j in range(_MIN_PART, len(part) - _MIN_PART + 1):
        right = _modifier_key(part[j:], lex)
        if right is None:
            continue
        left = _split_modifier(part[:j])
        if left is not None:
            return left + (right,)
    return None


@lru_cache(maxsize=200_000)
def split_compound(word: str) -> tuple[str, ...]:
    """Split a folded German noun into its parts, or return ``(word,)``.

    The longest right-hand part that is a known noun form becomes the head (lemmatised);
    the left part must split into known words (nouns, verb stems, adjectives), each after
    removing a linking element (s, es, n, en, e, er). Heads are split again. Verbs,
    adjectives and other lower-case lemmas of the lookup table are never split.

    Parameters
    ----------
    word : str
        A folded word (see :func:`fold`).

    Returns
    -------
    tuple of str
        The parts in order, the last lemmatised: ``("rad", "weg")`` for ``radwege``.

    Examples
    --------
    >>> split_compound("fahrradabstellanlagen")  # doctest: +SKIP
    ('fahrrad', 'abstell', 'anlage')
    """
    lex = _lexicon()
    if len(word) < 2 * _MIN_PART or not word.isalpha() or word in lex.closed:
        return (word,)
    for i in range(_MIN_PART, len(word) - _MIN_PART + 1):
        head_lemma = lex.nouns.get(word[i:])
        if head_lemma is None or head_lemma in _BAD_HEADS:
            continue
        left = _split_modifier(word[:i])
        if left is None:
            continue
        head = split_compound(head_lemma) if head_lemma != word else (head_lemma,)
        return left + head
    return (word,)


_ADJ_ENDINGS = ("sten", "ster", "stes", "ste", "en", "em", "er", "es", "e")


def _known_lemma(word: str, key: str, lex: _Lexicon) -> str | None:
    """A word's folded lemma from the word lists (case decides noun or not), or None."""
    if word[:1].isupper():
        order = (lex.upper_lemmas.get(key), lex.nouns.get(key), key if key in lex.known else None,
                 lex.lower_lemmas.get(key))
    else:
        order = (
            key if key in lex.closed else None,
            lex.lower_lemmas.get(key),
            lex.nouns.get(key),
            lex.upper_lemmas.get(key),
        )
    for lemma in order:
        if lemma is not None:
            return lemma
    if key.endswith("innen") and key[:-5] in lex.nouns:
        return lex.nouns[key[:-5]]  # Bürgerinnen -> bürger
    for ending in _ADJ_ENDINGS:  # unlisted inflected adjectives: dynamische -> dynamisch
        if key.endswith(ending) and key[: -len(ending)] in lex.closed:
            return key[: -len(ending)]
    return None


@lru_cache(maxsize=200_000)
def lemma_key(word: str, spacy_lemma: str | None = None) -> str:
    """The folded lemma of a word.

    spaCy's lookup lemma when it has one, else the word itself when it is a lemma, else
    the noun forms of ``german-nouns``, else the word up to its compound head plus the
    head's lemma. Present participles map to their verb (*parkend* → *parken*).

    Examples
    --------
    >>> lemma_key("Radwege"), lemma_key("Strassen")  # doctest: +SKIP
    ('radweg', 'strasse')
    """
    lex = _lexicon()
    key = fold(word)
    if key in _LEMMA_FIXES:
        return _LEMMA_FIXES[key]
    if spacy_lemma and spacy_lemma != word:
        lemma = fold(spacy_lemma)
    else:
        lemma = _known_lemma(word, key, lex)
        if lemma is None:
            parts = split_compound(key)
            lemma = key
            if len(parts) > 1:
                head = parts[-1]
                for i in range(len(key) - _MIN_PART, 0, -1):
                    if lex.nouns.get(key[i:]) == head:
                        lemma = key[:i] + head
                        break
    if lemma.endswith("end") and lemma[:-1] in lex.verbs:
        lemma = lemma[:-1]  # parkend -> parken
    elif lemma.endswith("in") and lemma[:-2].endswith("er") and lemma[:-2] in lex.nouns:
        lemma = lemma[:-2]  # Bürgerin -> bürger
    return lemma


def _compound_terms(key: str) -> list[str]:
    """A lemma plus its compound parts and right-hand sub-compounds."""
    parts = split_compound(key)
    if len(parts) == 1:
        return [key]
    terms = [key]
    terms.extend(p for p in parts if p not in _lexicon().stop)
    # right-hand sub-compounds as written in the lemma: bushaltestelle -> haltestelle
    pos = len(parts[0])
    for part in parts[1:-1]:
        start = key.find(part[:_MIN_PART], pos - 1)
        if start < 0:
            break
        terms.append(key[start:])
        pos = start + len(part)
    return terms


_ROAD_NUMBER = re.compile(r"[a-z]{1,2}\d{1,4}")


def _is_content(key: str, lex: _Lexicon) -> bool:
    """Whether a key is a content word (not a stop word, number or road number like B9)."""
    return (
        len(key) >= 2
        and key not in lex.stop
        and key.isalnum()
        and not key.isdigit()
        and not _ROAD_NUMBER.fullmatch(key)
    )


@lru_cache(maxsize=20_000)
def _abbreviation_terms(key: str) -> tuple[str, ...] | None:
    compact = re.sub(r"[\-\s+&./]", "", key)
    if compact not in ABBREVIATIONS:
        compact = compact[:-1] if compact.endswith("s") else ""
        if compact not in ABBREVIATIONS:
            return None
    terms = [compact]
    for word in re.findall(r"[^\W\d_]+", ABBREVIATIONS[compact]):
        k = lemma_key(word)
        if fold(word) != compact and _is_content(k, _lexicon()):
            terms.extend(_compound_terms(k))
    return tuple(terms)


@lru_cache(maxsize=1_000)
def _expansion_keys(key: str) -> tuple[str, ...]:
    """The lemmas of an abbreviation's expansion (empty for other words)."""
    if key not in ABBREVIATIONS:
        return ()
    words = re.findall(r"[^\W\d_]+", ABBREVIATIONS[key])
    return tuple(k for k in (lemma_key(w) for w in words) if k != key and _is_content(k, _lexicon()))


@lru_cache(maxsize=20_000)
def _piece_keys(text: str) -> tuple[str, ...]:
    """The lemmas of the pieces of a hyphenated word, with abbreviation expansions."""
    keys: list[str] = []
    if _abbreviation_terms(fold(text)) is not None:  # "E-Mail", "E-Bike": one word
        return ()
    for piece in text.split("-"):
        if piece in ("E", "e"):
            piece = "Elektro"
        if len(piece) < 2:
            continue
        key = lemma_key(piece)
        if _is_content(key, _lexicon()) and (len(key) >= 4 or key in ABBREVIATIONS) and key.isalpha():
            keys.append(key)
            keys.extend(_expansion_keys(key))
    return tuple(keys)


@lru_cache(maxsize=200_000)
def _word_terms(text: str, spacy_lemma: str) -> tuple[str, tuple[str, ...]]:
    """The key and the terms of one token (hyphenated compounds handled here)."""
    lex = _lexicon()
    abbreviation = _abbreviation_terms(fold(text))
    if abbreviation is not None:
        return abbreviation[0], abbreviation
    pieces = [p for p in text.split("-") if p]
    if len(pieces) > 1:
        terms: list[str] = []
        joined: list[str] = []
        i = 0
        while i < len(pieces):
            piece = pieces[i]
            # "E-Bike", "S-Bahn": a one-letter prefix belongs to the next piece
            if len(piece) == 1 and i + 1 < len(pieces):
                if _abbreviation_terms(fold(piece + pieces[i + 1])) is not None:
                    i += 1
                    piece = piece + pieces[i]
                elif piece in "Ee":  # E-Ladestation: Elektro-
                    piece = "Elektro"
            sub = _abbreviation_terms(fold(piece))
            if sub is None:
                key = lemma_key(piece) if i == len(pieces) - 1 else fold(piece)
                sub = tuple(_compound_terms(key)) if _is_content(key, lex) else ()
                joined.append(key)
            else:
                joined.append(sub[0])
            terms.extend(sub)
            i += 1
        key = "".join(joined)
        return key, tuple(([key] if len(joined) > 1 else []) + terms)
    key = lemma_key(text, spacy_lemma)
    if not _is_content(key, lex):
        return key, ()
    return key, tuple(_compound_terms(key))


def _is_place_adjective(text: str, lex: _Lexicon) -> bool:
    """"Godesberger", "Elmshorner": a capitalised -er word that is no known word."""
    key = fold(text)
    return (
        text[:1].isupper()
        and key.endswith("er")
        and len(key) > 4
        and key not in lex.lower_lemmas
        and key not in lex.upper_lemmas
        and key not in lex.nouns
        and key[:-2] not in lex.nouns
        and len(split_compound(key)) == 1
    )


def _is_street(text: str, lex: _Lexicon, nxt: str = "") -> bool:
    """A street name written as one word ("Kaiserstraße", "Reuterstr.")."""
    key = fold(text).rstrip(".")
    if not text[:1].isupper():
        return False
    if key.endswith("str") and len(key) > 5:
        return True  # "Reuterstr." (the caller checks the dot)
    if key in lex.nouns:
        return False
    return any(key.endswith(h) and len(key) > len(h) + 2 for h in _STREET_HEADS)


@dataclass
class AnalysedText:
    """One analysed text.

    Attributes
    ----------
    terms : list of str
        Folded lemmas, compound parts and abbreviation expansions, stop words removed:
        the vocabulary of the vectorizer.
    words : list of tuple
        ``(surface, key, is_content, boundary, lemma)`` for every word token in order, for
        the labeller's noun phrases (``key`` is the folded lemma, ``lemma`` the lemma as
        written, e.g. ``sicher`` for *sicheren*; ``boundary`` is :data:`SENTENCE` at the
        start of a sentence, :data:`BREAK` after other punctuation, else 0).
    lemmas : list of str
        The folded lemma of each content word, followed by the lemmas of an
        abbreviation's expansion (``dfi dynamisch fahrgastinformation ...``).
    """

    terms: list[str] = field(default_factory=list)
    lemmas: list[str] = field(default_factory=list)
    words: list[tuple[str, str, bool, int, str]] = field(default_factory=list)


def _named_head(key: str, lex: _Lexicon) -> str | None:
    """The head of a compound whose first part is a name ("Kennedybrücke" -> "bruecke")."""
    for i in range(_MIN_PART, len(key) - _MIN_PART + 1):
        left = key[:i]
        if left in lex.names or (left.endswith("s") and left[:-1] in lex.names):
            head = lex.nouns.get(key[i:])
            if head is not None:
                return head
    return None


def _prefix_form(text: str, target: str) -> str | None:
    """The shortest prefix of ``text`` that folds (hyphens dropped) to ``target``."""
    for i in range(1, len(text) + 1):
        folded = fold(text[:i]).replace("-", "")
        if folded == target:
            return text[:i]
        if len(folded) > len(target):
            return None
    return None


@lru_cache(maxsize=100_000)
def _lemma_form(text: str, key: str, spacy_lemma: str, noun_like: bool) -> str:
    """The lemma as written: dictionary spelling of nouns, spaCy's lemma, else from the text."""
    lex = _lexicon()
    if noun_like and key in lex.display:
        return lex.display[key]
    if spacy_lemma and spacy_lemma != text and fold(spacy_lemma) == key:
        return spacy_lemma
    plain = text.strip("-")
    form = _prefix_form(plain, key)  # "sicheren" -> "sicher", "Ratssitzungen" -> "Ratssitzung"
    if form is None:
        parts = split_compound(key)
        head = parts[-1]
        if len(parts) > 1 and head in lex.display and key.endswith(head):
            stem = _prefix_form(plain, key[: -len(head)])
            if stem:  # "Wurzelaufbrüche" -> "Wurzel" + "aufbruch"
                form = stem + lex.display[head].lower()
    if form is None:
        form = plain if fold(plain) == key else key
    if noun_like and form[:1].islower():
        form = form[:1].upper() + form[1:]
    return form


@lru_cache(maxsize=1)
def _concept_maps() -> tuple[dict[str, str], dict[str, str]]:
    """Member word -> folded concept, and folded concept -> its name."""
    member = {word: fold(name) for name, words in CONCEPTS.items() for word in words}
    return member, {fold(name): name for name in CONCEPTS}


@lru_cache(maxsize=100_000)
def concepts_of(key: str) -> tuple[str, ...]:
    """The concept terms of a folded lemma (itself or its compound head in :data:`CONCEPTS`)."""
    member = _concept_maps()[0]
    found = member.get(key)
    if found is None:
        for i in range(1, len(key) - 4):
            found = member.get(key[i:])
            if found is not None:
                break
    return () if found is None or found == key else (found,)


@lru_cache(maxsize=200_000)
def _token(text: str, spacy_lemma: str) -> tuple[str, tuple[str, ...], str, bool, bool, bool]:
    """Per-token analysis independent of the neighbours (cached).

    Returns ``(key, terms, street_word, is_street, is_place_adjective, is_name)``.
    """
    lex = _lexicon()
    truncated = text.endswith("-") and len(text) > 2
    word = text.rstrip("-") if truncated else text
    key, terms = _word_terms(word, word if truncated else spacy_lemma)
    if word[:1].isupper() and key not in lex.nouns and terms:
        named = _named_head(key, lex)
        if named:  # "Kennedybrücke": keep the kind of place, not the name
            terms = () if named.endswith(_STREET_HEADS) else tuple(_compound_terms(named))
    if terms:
        extra = [c for t in dict.fromkeys(terms) for c in concepts_of(t)]
        terms = terms + tuple(c for c in dict.fromkeys(extra) if c not in terms)
    street_word = fold(word).rstrip(".")
    return (
        key,
        terms,
        street_word if street_word in _STREET_WORDS else "",
        _is_street(word, lex),
        _is_place_adjective(word, lex),
        key in lex.names and word[:1].isupper(),
    )


_SENTENCE_END = frozenset({".", "!", "?", ":", ";"})


@Language.component("pinneberg_terms")
def pinneberg_terms(doc: Doc) -> Doc:
    """spaCy component: compute the terms and words of a document (see :class:`AnalysedText`).

    The result is stored in ``doc.user_data["pinneberg"]``.
    """
    lex = _lexicon()
    result = AnalysedText()
    items = [(t.text, t.lemma_, t.is_punct or t.is_space, t.is_space) for t in doc]
    n = len(items)
    boundary = SENTENCE
    for idx, (text, spacy_lemma, punct, space) in enumerate(items):
        if punct or not any(c.isalpha() for c in text):
            if space or text in _SENTENCE_END or "\n" in text:
                boundary = SENTENCE
            elif boundary != SENTENCE:
                boundary = BREAK
            continue
        key, terms, street_word, is_street, place_adj, is_name = _token(text, spacy_lemma)
        nxt = items[idx + 1][0] if idx + 1 < n else ""
        if is_street and text.endswith(("str", "Str")) and nxt != ".":
            is_street = len(key) > 3 and not key.endswith("str")  # "Reuterstr" needs its dot
        if (
            is_street
            or is_name
            or (place_adj and nxt and _token(nxt, nxt)[2])
            or (street_word and idx > 0 and _token(items[idx - 1][0], items[idx - 1][0])[4])
        ):
            terms = ()
        elif text.endswith("-") and idx + 2 < n and items[idx + 1][0].lower() in {"und", "oder", "bzw", "sowie"}:
            # "Rad- und Fußwege": the truncated word takes the head of the next compound
            head = split_compound(lemma_key(items[idx + 2][0], items[idx + 2][1]))[-1]
            if head != key and _is_content(key, lex):
                key = key + head
                terms = tuple(_compound_terms(key))
        result.terms.extend(terms)
        if terms:
            result.lemmas.append(key)
            result.lemmas.extend(_expansion_keys(key))
            result.lemmas.extend(concepts_of(key))
            if "-" in text.strip("-"):
                result.lemmas.extend(_piece_keys(text))
            noun_like = text[:1].isupper() and (boundary != SENTENCE or key not in lex.closed)
            form = _lemma_form(text.rstrip("-"), key, spacy_lemma, noun_like)
        else:
            form = key
        result.words.append((text, key, bool(terms), boundary, form))
        boundary = 0
    doc.user_data["pinneberg"] = result
    return doc


@lru_cache(maxsize=1)
def german_pipeline() -> Language:
    """The cached German pipeline: blank ``de`` + lookup lemmatizer + ``pinneberg_terms``.

    Returns
    -------
    spacy.language.Language
        Created on first call; later calls return the same object.
    """
    import spacy

    nlp = spacy.blank("de")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.add_pipe("pinneberg_terms")
    nlp.initialize()
    _lexicon()
    return nlp


def analyse(texts: Iterable[str | None], batch_size: int = 256) -> list[AnalysedText]:
    """Analyse texts in batches with :func:`german_pipeline`.

    Parameters
    ----------
    texts : iterable of str
        The texts; None or NA count as empty.
    batch_size : int
        Texts per ``nlp.pipe`` batch.

    Returns
    -------
    list of AnalysedText
        One per text, in order.
    """
    nlp = german_pipeline()
    prepared = (_prepare(t) if isinstance(t, str) else "" for t in texts)
    return [doc.user_data["pinneberg"] for doc in nlp.pipe(prepared, batch_size=batch_size)]


@lru_cache(maxsize=1)
def _expansion_words() -> dict[str, str]:
    words: dict[str, str] = {}
    for text in ABBREVIATIONS.values():
        for word in re.findall(r"[^\W\d_]+", text):
            if word[:1].isupper():
                words.setdefault(fold(word), word)
    return words


def display_form(key: str) -> str | None:
    """The dictionary spelling of a folded noun lemma (``strasse`` → ``Straße``), if known."""
    if key.startswith("tempo") and key[5:].isdigit():
        return f"Tempo {key[5:]}"
    return (_lexicon().display.get(key) or _concept_maps()[1].get(key)
            or _expansion_words().get(key))


def is_noun(key: str) -> bool:
    """Whether a folded lemma is a known noun or a compound with a noun head."""
    lex = _lexicon()
    return key in lex.nouns or key in ABBREVIATIONS or len(split_compound(key)) > 1


@lru_cache(maxsize=200_000)
def compound_heads(key: str) -> tuple[str, ...]:
    """The right-hand sub-compounds of a lemma that are nouns of 5+ letters.

    Examples
    --------
    >>> compound_heads("bushaltestelle")  # doctest: +SKIP
    ('haltestelle',)
    """
    terms = _compound_terms(key)[1:]
    lex = _lexicon()
    parts = split_compound(key)
    heads = [t for t in terms if t not in parts[:-1] and len(t) >= 5 and (t in lex.nouns or t == parts[-1])]
    return tuple(dict.fromkeys(heads))


def is_lowercase_lemma(key: str) -> bool:
    """Whether a folded lemma is written in lower case in the lookup table (verb, adjective, ...)."""
    return key in _lexicon().closed


def is_verb(key: str) -> bool:
    """Whether a folded lemma is a verb infinitive of the lookup table."""
    return key in _lexicon().verbs and key not in _lexicon().nouns


def noun_info(key: str) -> tuple[str, str, str] | None:
    """``(nominative singular, nominative plural, genus m/f/n)`` of a folded noun lemma, if known."""
    return _lexicon().info.get(key)


def is_plural_form(word: str) -> bool:
    """Whether a word (any case) is a plural form of a known noun and not also its singular."""
    return fold(word) in _lexicon().plural_forms


def is_stop(key: str) -> bool:
    """Whether a folded lemma is a stop word or participation filler."""
    return key in _lexicon().stop


def preload() -> None:
    """Load the pipeline and the word lists now (they otherwise load on first use)."""
    german_pipeline()


def analyse_terms(texts: Sequence[str | None]) -> list[list[str]]:
    """Shortcut: only the terms of each text (see :func:`analyse`)."""
    return [a.terms for a in analyse(texts)]
