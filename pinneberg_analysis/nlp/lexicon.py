"""Word lists of the German analysis: glossaries, stop words, spelling folding, and the
lazily loaded lexicon (spaCy's lemma lookup table and the nouns of ``german-nouns``).

The lexicon is built once (:func:`_build_tables`, the slow part) into the versioned on-disk
cache of :mod:`~pinneberg_analysis.nlp.store`; later processes only open that file and
read the words their texts contain, so :class:`Lexicon`'s fields are
dict- and set-like views (``in``, ``get``, ``[]``), not dicts and sets. A new word list is a
new column or flag there. :func:`lookup_lemma` gives spaCy's lookup lemma from the same cache
(see :mod:`~pinneberg_analysis.nlp.lemmatizer`).

See :mod:`pinneberg_analysis.nlp.analysis` for how they are used. Nothing is loaded at import time.
"""

from __future__ import annotations

import csv
import gzip
import json
import re
import sys
import unicodedata
from collections.abc import Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from pinneberg_analysis.core.caches import memoize
from pinneberg_analysis.nlp import store as wordlist_store
from pinneberg_analysis.nlp.store import LexiconStore, Tables

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

#: How the built-in abbreviations are written (for messages): folded key -> written form.
ABBREVIATION_SPELLINGS: dict[str, str] = {
    "oepnv": "ÖPNV", "oev": "ÖV", "spnv": "SPNV", "dfi": "DFI", "wlan": "WLAN", "wifi": "WiFi",
    "ebike": "E-Bike", "pedelec": "Pedelec", "eauto": "E-Auto", "escooter": "E-Scooter",
    "emobilitaet": "E-Mobilität", "pr": "P+R", "parkride": "Park+Ride", "br": "B+R",
    "bikeride": "Bike+Ride", "kita": "Kita", "ogs": "OGS", "vhs": "VHS", "zob": "ZOB",
    "sbahn": "S-Bahn", "ubahn": "U-Bahn", "lsa": "LSA", "ozg": "OZG", "egovernment": "E-Government",
    "stvo": "StVO", "ki": "KI", "iot": "IoT", "led": "LED", "carsharing": "Carsharing",
    "bikesharing": "Bikesharing", "email": "E-Mail", "esport": "E-Sport", "ecommerce": "E-Commerce",
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
STREET_HEADS = (
    "strasse", "allee", "gasse", "chaussee", "damm", "ufer", "kamp", "twiete", "redder",
    "stieg", "steig", "promenade", "wall",
)


# Street words that follow a place adjective as a separate word ("Godesberger Allee").
STREET_WORDS = {
    "strasse", "str", "allee", "gasse", "chaussee", "damm", "ufer", "ring", "weg", "platz",
    "markt", "kamp", "twiete", "redder", "stieg", "steig", "wall", "tor", "bruecke", "hof",
}


# Lookup-table lemmas that are wrong in participation text ("Daten" are data, not dates).
LEMMA_FIXES = {"daten": "daten", "eng": "eng", "enge": "eng", "engen": "eng", "enger": "eng"}


# Linking elements between the parts of a compound, shortest first (Straße-n, not Strass-en).
LINKS = ("s", "n", "e", "en", "es", "er", "ens")


MIN_PART = 3


#: Prepositions (folded, 3+ letters): never a part of a compound (Bei-rat, Über-weg stay whole;
#: ``german-nouns`` lists some of them as nouns, "der Bei").
PREPOSITIONS = frozenset({
    "aus", "bei", "mit", "nach", "von", "vor", "fuer", "ueber", "unter", "durch", "gegen",
    "hinter", "neben", "ohne", "seit", "zwischen", "wider", "wegen", "gegenueber", "entlang",
})


_FOLD_TABLE = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "ẞ": "ss"})


def _fold(word: str) -> str:
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


#: The cached :func:`_fold` (words of texts repeat).
fold = memoize(maxsize=500_000)(_fold)


@dataclass(frozen=True)
class Lexicon:
    lower_lemmas: Mapping[str, str]  # folded lower-case form of the lookup table -> folded lemma
    upper_lemmas: Mapping[str, str]  # the same for its capitalised forms of capitalised lemmas
    verbs: AbstractSet[str]  # folded verb lemmas (lower case, ending in -en, -ln, -rn)
    nouns: Mapping[str, str]  # folded noun form -> folded noun lemma (a lemma maps to itself)
    known: AbstractSet[str]  # folded lemmas of the lookup table and the noun list
    closed: AbstractSet[str]  # folded lemmas written in lower case (verbs, adjectives): not split
    display: Mapping[str, str]  # folded noun lemma -> lemma as written (for labels)
    info: _InfoView  # folded noun lemma -> (nom. singular, nom. plural, genus)
    plural_forms: AbstractSet[str]  # folded plural forms that are not also the singular
    stems: AbstractSet[str]  # folded words that may start a compound
    names: AbstractSet[str]  # folded first/last names and toponyms (not common nouns)
    stop: AbstractSet[str]
    store: LexiconStore  # where the lists are read from (see :mod:`~pinneberg_analysis.nlp.store`)


class _InfoView:
    """``info.get(key)``: ``(nom. singular, nom. plural, genus)`` of a folded noun lemma."""

    def __init__(self, store: LexiconStore) -> None:
        self._sg, self._pl, self._genus = (store.column(c) for c in ("sg", "pl", "genus"))

    def get(self, key: str, default: tuple[str, str, str] | None = None) -> tuple[str, str, str] | None:
        sg = self._sg.get(key)
        return default if sg is None else (sg, self._pl[key], self._genus[key])

    def __contains__(self, key: object) -> bool:
        return key in self._sg


def _build_tables() -> Tables:
    """Build the word lists from ``spacy-lookups-data`` and ``german-nouns`` (slow)."""
    import spacy_lookups_data
    from spacy.lang.de.stop_words import STOP_WORDS

    fold = _fold  # uncached: the build folds ~700,000 strings once
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
        if len(f_lemma) < MIN_PART or not f_lemma.isalpha():
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
            if len(f_lemma) >= MIN_PART:
                stems.add(f_lemma)
    verbs = {fold(v) for v in table.values() if v[:1].islower() and v.endswith(("en", "ln", "rn"))}
    for form, f_lemma in forms:
        current = nouns.setdefault(form, f_lemma)
        if current == form and current != f_lemma and form in verbs and info[form][2] == "n":
            # "Boxen" (das, the sport) is the plural of Box first; "Streifen" (der) stays itself
            nouns[form] = f_lemma

    names -= set(nouns)
    return Tables(
        values={
            "lower": lower_lemmas, "upper": upper_lemmas, "noun": nouns, "display": display,
            "sg": {k: v[0] for k, v in info.items()}, "pl": {k: v[1] for k, v in info.items()},
            "genus": {k: v[2] for k, v in info.items()},
        },
        sets={
            "verbs": verbs, "known": known, "closed": closed, "plural_forms": plural_forms,
            "stems": stems - (stop - set(nouns)), "names": names, "stop": stop,
        },
        lemmas=table,
    )


def _build_code() -> bytes:
    """The source that decides the word lists (this module and the cache), for the cache key."""
    return b"".join(Path(m.__file__).read_bytes() for m in (sys.modules[__name__], wordlist_store))


@memoize(maxsize=1)
def load_lexicon() -> Lexicon:
    """The word lists, read from the cache (built there on first use; see :mod:`~pinneberg_analysis.nlp.store`)."""
    store = wordlist_store.open_store(_build_tables, _build_code())
    return Lexicon(
        lower_lemmas=store.column("lower"),
        upper_lemmas=store.column("upper"),
        verbs=store.flag("verbs"),
        nouns=store.column("noun"),
        known=store.flag("known"),
        closed=store.flag("closed"),
        display=store.column("display"),
        info=_InfoView(store),
        plural_forms=store.flag("plural_forms"),
        stems=store.flag("stems"),
        names=store.flag("names"),
        stop=store.flag("stop"),
        store=store,
    )


def lookup_lemma(text: str) -> str:
    """The lemma of a token as written in spaCy's German lookup table, else the token itself.

    The same as spaCy's ``lemmatizer`` in ``lookup`` mode, read from the word-list cache.
    """
    return load_lexicon().store.lemma(text)


@memoize(maxsize=1)
def concept_maps() -> tuple[dict[str, str], dict[str, str]]:
    """Member word -> folded concept, and folded concept -> its name."""
    member = {word: fold(name) for name, words in CONCEPTS.items() for word in words}
    return member, {fold(name): name for name in CONCEPTS}


@memoize(maxsize=1)
def _expansion_words() -> dict[str, str]:
    words: dict[str, str] = {}
    for text in ABBREVIATIONS.values():
        for word in re.findall(r"[^\W\d_]+", text):
            if word[:1].isupper():
                words.setdefault(fold(word), word)
    return words


def display_form(key: str) -> str | None:
    """The dictionary spelling of a folded noun lemma (``strasse`` → ``Straße``), if known.

    Examples
    --------
    >>> display_form("strasse"), display_form("tempo30")
    ('Straße', 'Tempo 30')
    """
    if key.startswith("tempo") and key[5:].isdigit():
        return f"Tempo {key[5:]}"
    return (load_lexicon().display.get(key) or concept_maps()[1].get(key)
            or _expansion_words().get(key))


def noun_info(key: str) -> tuple[str, str, str] | None:
    """``(nominative singular, nominative plural, genus m/f/n)`` of a folded noun lemma, if known.

    Examples
    --------
    >>> noun_info("radweg")
    ('Radweg', 'Radwege', 'm')
    """
    return load_lexicon().info.get(key)


def is_plural_form(word: str) -> bool:
    """Whether a word (any case) is a plural form of a known noun and not also its singular."""
    return fold(word) in load_lexicon().plural_forms


def is_stop(key: str) -> bool:
    """Whether a folded lemma is a stop word or participation filler.

    Examples
    --------
    >>> is_stop("bitte"), is_stop("radweg")
    (True, False)
    """
    return key in load_lexicon().stop


def is_lowercase_lemma(key: str) -> bool:
    """Whether a folded lemma is written in lower case in the lookup table (verb, adjective, ...)."""
    return key in load_lexicon().closed


def is_verb(key: str) -> bool:
    """Whether a folded lemma is a verb infinitive of the lookup table."""
    return key in load_lexicon().verbs and key not in load_lexicon().nouns


#: Endings of inflected adjectives missing from the lookup table ("dynamische").
ADJ_LEMMA_ENDINGS = ("sten", "ster", "stes", "ste", "en", "em", "er", "es", "e")
