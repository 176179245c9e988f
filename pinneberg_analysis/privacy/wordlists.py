"""Word lists for finding person names, loaded lazily from installed packages.

* First names: the person providers of ``faker`` (MIT licence; German, Austrian, Swiss,
  Turkish, Polish and other Latin-script locales) plus every lemma tagged ``Vorname`` in
  ``german-nouns`` (Wiktionary, CC BY-SA 4.0; read at run time, not redistributed).
* Surnames: ``faker``'s German-speaking locales plus ``german-nouns`` lemmas tagged
  ``Nachname``. Used only to accept a surname that is also a common noun (``Fischer``).
* Common nouns: the other ``german-nouns`` lemmas and their inflected forms, plus spaCy's
  German stop words (read from its source file, so spaCy is not imported). A capitalised common noun after a first name is
  taken as part of an institution name (``Anna Schule``), not as a surname.
* Ambiguous first names: first names that are also ordinary German words (``Will``,
  ``Heide``, ``Ernst``, ``Solange``). They count as names only in a strong context
  (``Frau``/``Herr``, ``Mein Name ist``, signatures, ``meine Tochter``) or with a surname.

Everything is built on first use and cached for the process (see
:mod:`~pinneberg_analysis.core.caches`); nothing is loaded at import time.
"""

from __future__ import annotations

import importlib
import importlib.util
import logging
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from pinneberg_analysis.core.caches import memoize

logger = logging.getLogger(__name__)

#: faker locales whose first names are used (Latin script only).
FIRST_NAME_LOCALES = (
    "de_DE", "de_AT", "de_CH", "tr_TR", "pl_PL", "en_US", "en_GB", "it_IT", "es_ES",
    "fr_FR", "nl_NL", "da_DK", "sv_SE", "no_NO", "hr_HR", "cs_CZ", "ro_RO",
)
#: faker locales whose surnames are used.
LAST_NAME_LOCALES = ("de_DE", "de_AT", "de_CH")

# Frequent German words that are also first names somewhere, found by comparing the
# first-name lists with the word frequencies of spacy-lookups-data (de_lexeme_prob) and
# not covered by the lemma table or the stop words.
_FREQUENT_WORD_NAMES = frozenset(
    "Per Solange Naja Reine Van Kenn Del Art Edit Dan Rosa Just Can Antun Server Love "
    "Male Fan Oda Che Job Don Mio Lage Ritt Line Olle Tor Jap Sol Tage Mai Juli Juni "
    "April August Sommer Winter Herbst Mark Ernst Horst Wolf Engel Rose Heide Linde "
    "Kai Flora Iris Roman Hagen Stein Bergen Marine Pastor Christ Friede Silvester "
    "Atlas Nova Saga Gala Mentor Junior Beat Kick Abo Jura Mine Lot Jet Ebbe Lore "
    "Puck Sole Mare Uno Harm Grit Corona Mate Senn Cord Holm Pier Alba Amber Grant "
    "Ross Penny Jade Summer Lupe Angel Tanke Bohne Backe Gabel Aura Zander Brett "
    "Kader Tore Gardine Laus Tücke Amme Baiser Tilde Urban German Dick Will Allen "
    "Einer Anders Beste Bitten Lasse Helle Reiner Darin Davor Nahmen Fügen Aba Traute "
    "Krassen Parker Aldi Lidl Penny Netto".split()
)
# First names that collide with a rare noun in the word lists but are, in a citizen's
# contribution, almost always a person (the noun "Anna" is an old Indian coin).
_CLEARLY_NAMES = frozenset(
    "Anna Hans Klaus Maria Johannes Hermann Fritz Dirk Albert Eva Axel Jochen Willi "
    "Lars Marie Benjamin Henry Michel Dietrich Nikolaus Hugo Toni Oscar Charlotte "
    "Marina Karsten Franziska Anke Erika Ellen Rene Vanessa Wolfram Maya Jasmin Irene "
    "Noah Milan Nora Karen Esther Merlin Mara Maren Paolo Ethan Kasper Christin Inka "
    "Aurora Quentin Edda Iwan Sami Adele Ahmet Amin Minna Emir Jasmine Liane Erica "
    "Florin Mahdi Clementine Loris Espen Heiderose Fenne Talke Momme Max Andre Ben "
    "Franz Said Malte Inga Ilse Lutz Henning Gloria Viola Pascal Tommy Jasmin Bertram "
    "Cäcilia Marianne Nanny Renate Silke".split()
)

_NOUNS_LINE = re.compile(r'^([^,"]*),(?:"([^"]*)"|([^,]*))')


@dataclass(frozen=True)
class NameLexicon:
    """The word lists the name finder uses (see the module docstring)."""

    first_names: frozenset[str]
    ambiguous_first_names: frozenset[str]
    last_names: frozenset[str]
    common_nouns: frozenset[str]
    lower_words: frozenset[str]

    def is_first_name(self, token: str, *, strict: bool = False) -> bool:
        """Whether ``token`` (or each part of ``Anna-Lena``) is a known first name.

        With ``strict``, first names that are also ordinary words do not count.
        """
        parts = token.split("-")
        for part in parts:
            if part not in self.first_names:
                return False
            if strict and part in self.ambiguous_first_names:
                return False
        return True

    def is_common_noun(self, token: str, *, plurals: bool = False) -> bool:
        """Whether ``token`` is a German common noun or a compound ending in one.

        Examples: ``Schule``, ``Seniorenbeirat``; with ``plurals`` also ``Bäume``.
        """
        if token in self.common_nouns or (plurals and _noun_or_plural(token, self.common_nouns)):
            return True
        if not token[:1].isupper():
            return False
        # compounds such as "Seniorenbeirat" or "Schulleitung": a known noun of at least
        # five letters at the end
        for cut in range(2, len(token) - 4):
            tail = token[cut:]
            if not tail[0].islower():
                continue
            if tail.capitalize() in self.common_nouns:
                return True
        return False


_UMLAUT_BACK = str.maketrans("äöüÄÖÜ", "aouAOU")


def _noun_or_plural(token: str, nouns: frozenset[str]) -> bool:
    if token in nouns:
        return True
    for ending in ("en", "er", "n", "e", "s"):
        if token.endswith(ending) and len(token) - len(ending) >= 3:
            stem = token[: -len(ending)]
            if stem in nouns or stem.translate(_UMLAUT_BACK) in nouns:
                return True
    return False


def _faker_names() -> tuple[set[str], set[str]]:
    first: set[str] = set()
    last: set[str] = set()
    try:
        importlib.import_module("faker")
    except ImportError:  # pragma: no cover - faker is a dependency
        logger.warning(
            "faker ist nicht installiert: Personennamen werden nur mit der Liste german-nouns "
            "erkannt. So beheben: pip install faker"
        )
        return first, last
    for loc in FIRST_NAME_LOCALES:
        try:
            provider = importlib.import_module(f"faker.providers.person.{loc}").Provider
        except (ImportError, AttributeError):  # pragma: no cover - a locale was dropped
            logger.debug("faker has no person provider for %s", loc)
            continue
        for attr in ("first_names", "first_names_male", "first_names_female"):
            values = getattr(provider, attr, None)
            if values:
                first.update(values)
        if loc in LAST_NAME_LOCALES:
            last.update(getattr(provider, "last_names", ()) or ())
    return first, last


def _german_nouns() -> tuple[set[str], set[str], set[str]]:
    """First names, surnames and common-noun lemmas from german-nouns."""
    first: set[str] = set()
    last: set[str] = set()
    lemmas: set[str] = set()
    path = resources.files("german_nouns").joinpath("nouns.csv")
    with path.open(encoding="utf-8") as handle:
        next(handle)
        for line in handle:
            match = _NOUNS_LINE.match(line)
            if not match:
                continue  # chemical names such as "1,2-Butandiol"
            lemma = match.group(1)
            tags = match.group(2) or match.group(3) or ""
            if "Vorname" in tags:
                first.add(lemma)
            elif "Nachname" in tags:
                last.add(lemma)
            elif "Toponym" not in tags and "Eigenname" not in tags:
                lemmas.add(lemma)
    return first, last, lemmas


def _stop_words() -> set[str]:
    """spaCy's German stop words, read from its source without importing spaCy (slow)."""
    spec = importlib.util.find_spec("spacy")
    if spec is None or not spec.submodule_search_locations:  # pragma: no cover
        return set()
    path = Path(spec.submodule_search_locations[0]) / "lang" / "de" / "stop_words.py"
    try:
        match = re.search(r'"""(.*?)"""', path.read_text(encoding="utf-8"), re.S)
    except OSError:  # pragma: no cover
        return set()
    return set(match.group(1).split()) if match else set()


@memoize(maxsize=1)
def name_lexicon() -> NameLexicon:
    """Build the word lists once per process.

    Returns
    -------
    NameLexicon
        First names, ambiguous first names, surnames and common nouns.
    """
    f_first, f_last = _faker_names()
    g_first, g_last, g_lemmas = _german_nouns()
    first = {
        n for n in f_first | g_first
        if len(n) >= 3 and n.isalpha() and n[0].isupper() and not n.isupper()
    }
    lower_words = _stop_words()
    ambiguous = {
        n for n in first
        if n.lower() in lower_words or n in g_lemmas or n in _FREQUENT_WORD_NAMES
    } - _CLEARLY_NAMES
    ambiguous |= _FREQUENT_WORD_NAMES & first
    last = (f_last | g_last) - _FREQUENT_WORD_NAMES
    # a first name is not a common noun here, unless it is a frequent word
    common = (g_lemmas | {w.capitalize() for w in lower_words}) - first
    common |= _FREQUENT_WORD_NAMES - _CLEARLY_NAMES
    logger.debug(
        "name lexicon: %d first names (%d ambiguous), %d surnames, %d nouns",
        len(first), len(ambiguous), len(last), len(common),
    )
    return NameLexicon(
        first_names=frozenset(first),
        ambiguous_first_names=frozenset(ambiguous),
        last_names=frozenset(last),
        common_nouns=frozenset(common),
        lower_words=frozenset(lower_words),
    )
