"""German words: compound splitting, lemmas, abbreviations and concepts of single tokens.

See :mod:`pinneberg_analysis.nlp.analysis` for the pipeline that uses them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Protocol

from pinneberg_analysis.core.caches import memoize
from pinneberg_analysis.nlp.frequency import zipf
from pinneberg_analysis.nlp.lexicon import (
    ABBREVIATIONS,
    ADJ_LEMMA_ENDINGS,
    LEMMA_FIXES,
    LINKS,
    MIN_PART,
    PREPOSITIONS,
    Lexicon,
    concept_maps,
    fold,
    load_lexicon,
)


class Vocabulary(Protocol):
    """What the word functions need of a project's vocabulary.

    :class:`~pinneberg_analysis.nlp.glossary.Glossary` provides it; naming the protocol here
    keeps this module below the glossary, which builds on :func:`lemma_key`.
    """

    @property
    def abbreviation_table(self) -> Mapping[str, str]: ...

    @property
    def concept_maps(self) -> tuple[Mapping[str, str], Mapping[str, str]]: ...


#: General-language Zipf frequency from which a word can be a word of its own (see split_compound).
LEXICALISED_ZIPF = 4.0

# Prepositions that form determinative compounds (the compound is a kind of its head).
_NOMINAL_PREFIXES = frozenset({"gegen", "neben", "hinter", "zwischen"})

# Prepositions to try as a prefix of a compound's head, longest first (gegenueber before ueber);
# a tuple, so that the order does not depend on the process's string hash seed.
_PREFIX_ORDER = tuple(sorted(PREPOSITIONS, key=lambda p: (-len(p), p)))

# Nouns that are more often a suffix than the head of a compound.
_BAD_HEADS = frozenset({"ende", "enden", "innen", "rinne", "tum", "ei", "erei"})


def _modifier_key(part: str, lex: Lexicon) -> str | None:
    """The known word a compound's left part stands for (linking element removed)."""
    if part in _NOMINAL_PREFIXES:
        return part  # Gegen|verkehr, Neben|straße: a kind of Verkehr, of Straße
    if part in PREPOSITIONS or _is_abbreviation(part, lex):
        return None  # Über-weg is not üb-er-weg
    if part in lex.stems:
        return part
    for link in LINKS:
        if part.endswith(link) and len(part) - len(link) >= MIN_PART:
            base = part[: -len(link)]
            if base in lex.stems:
                return base
    if part + "e" in lex.stems and part not in lex.stop and len(part) >= 4:
        return part + "e"  # Schul-weg -> schule
    return None


def _is_abbreviation(key: str, lex: Lexicon) -> bool:
    """Whether a noun is written in capitals (ICE, LED): not a part of a closed compound."""
    shown = lex.display.get(key)
    return shown is not None and len(shown) > 1 and shown.isupper()


@memoize(maxsize=100_000)
def _split_modifier(part: str) -> tuple[str, ...] | None:
    """Split the left part of a compound into known words, or None."""
    lex = load_lexicon()
    key = _modifier_key(part, lex)
    if key is not None:
        return (key,)
    for j in range(MIN_PART, len(part) - MIN_PART + 1):
        right = _modifier_key(part[j:], lex)
        if right is None:
            continue
        left = _split_modifier(part[:j])
        if left is not None:
            return left + (right,)
    return None


@memoize(maxsize=200_000)
def split_compound(word: str) -> tuple[str, ...]:
    """Split a folded German noun into its parts, or return ``(word,)``.

    The longest right-hand part that is a known noun form becomes the head (lemmatised);
    the left part must split into known words (nouns, verb stems, adjectives), each after
    removing a linking element (s, es, n, en, e, er). Heads are split again. Verbs,
    adjectives and other lower-case lemmas of the lookup table are never split, and a known
    inflected noun splits as its lemma (*Sensoren* as *Sensor*: not split). No part is a
    preposition (*Beirat*, *Überweg* are words; a preposition before the head is its
    prefix: *Fußgänger|überweg*) except *gegen, neben, hinter, zwischen*, whose compounds
    are a kind of their head (*Gegen|verkehr*), nor an abbreviation written in capitals
    (*ICE*). A word more
    common in general German (:func:`~pinneberg_analysis.nlp.frequency.zipf` ≥ 4) than
    the rarest of its parts is a word of its own: *Telefon*, *Internet*, *Plattform*,
    *Fahrrad*, *Krankenhaus* stay whole; *Radweg*, *Bürgermeister* split.

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
    >>> split_compound("fahrradabstellanlagen")
    ('fahrrad', 'abstell', 'anlage')
    """
    lex = load_lexicon()
    if len(word) < 2 * MIN_PART or not word.isalpha() or word in lex.closed:
        return (word,)
    lemma = lex.nouns.get(word)
    if lemma is not None and lemma != word and lex.nouns.get(lemma) == lemma:
        parts = split_compound(lemma)
        return parts if len(parts) > 1 else (word,)
    for i in range(MIN_PART, len(word) - MIN_PART + 1):
        head_lemma = lex.nouns.get(word[i:])
        if (head_lemma is None or head_lemma in _BAD_HEADS or head_lemma in PREPOSITIONS
                or _is_abbreviation(head_lemma, lex)):
            continue
        left = _split_modifier(word[:i])
        if left is not None:
            head = split_compound(head_lemma) if head_lemma != word else (head_lemma,)
        else:
            prefix = next((p for p in _PREFIX_ORDER if word[:i].endswith(p) and i - len(p) >= MIN_PART), "")
            left = _split_modifier(word[: i - len(prefix)]) if prefix else None
            if left is None:
                continue
            head = (prefix + head_lemma,)
        parts = left + head
        whole = zipf(word)
        if whole >= LEXICALISED_ZIPF and whole > min(zipf(p) for p in parts):
            return (word,)
        return parts
    return (word,)


def _known_lemma(word: str, key: str, lex: Lexicon) -> str | None:
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
    for ending in ADJ_LEMMA_ENDINGS:  # unlisted inflected adjectives: dynamische -> dynamisch
        if key.endswith(ending) and key[: -len(ending)] in lex.closed:
            return key[: -len(ending)]
    return None


def _weak_verb(key: str, lemma: str, lex: Lexicon) -> str:
    """The weak verb of an *-et* form read as a rarer strong one (*schaltet*: schalten, not schelten).

    The weak reading wins when the table lemmatises its *-e* and *-ete* forms to it and the
    strong lemma's stem is not in the form (an ablaut: schelt- / schalt-).
    """
    stem = key[:-2]
    weak = stem + "en"
    if (weak != lemma and weak in lex.verbs and lemma[:-2] not in key
            and lex.lower_lemmas.get(stem + "e") == weak and lex.lower_lemmas.get(stem + "ete") == weak):
        return weak
    return lemma


@memoize(maxsize=200_000)
def lemma_key(word: str, spacy_lemma: str | None = None) -> str:
    """The folded lemma of a word.

    spaCy's lookup lemma when it has one, else the word itself when it is a lemma, else
    the noun forms of ``german-nouns``, else the word up to its compound head plus the
    head's lemma. Present participles map to their verb (*parkend* → *parken*).

    Examples
    --------
    >>> lemma_key("Radwege"), lemma_key("Strassen")
    ('radweg', 'strasse')
    """
    lex = load_lexicon()
    key = fold(word)
    if key in LEMMA_FIXES:
        return LEMMA_FIXES[key]
    if spacy_lemma and spacy_lemma != word:
        lemma = fold(spacy_lemma)
    else:
        lemma = _known_lemma(word, key, lex)
        if lemma is None:
            parts = split_compound(key)
            lemma = key
            if len(parts) > 1:
                head = parts[-1]
                for i in range(len(key) - MIN_PART, 0, -1):
                    if lex.nouns.get(key[i:]) == head:
                        lemma = key[:i] + head
                        break
    if key.endswith("et") and lemma in lex.verbs:
        lemma = _weak_verb(key, lemma, lex)
    if lemma.endswith("end") and lemma[:-1] in lex.verbs:
        lemma = lemma[:-1]  # parkend -> parken
    elif lemma.endswith("in") and lemma[:-2].endswith("er") and lemma[:-2] in lex.nouns:
        lemma = lemma[:-2]  # Bürgerin -> bürger
    return lemma


def compound_terms(key: str) -> list[str]:
    """A lemma plus its compound parts and right-hand sub-compounds."""
    parts = split_compound(key)
    if len(parts) == 1:
        return [key]
    terms = [key]
    terms.extend(p for p in parts if p not in load_lexicon().stop)
    # right-hand sub-compounds as written in the lemma: bushaltestelle -> haltestelle
    pos = len(parts[0])
    for part in parts[1:-1]:
        start = key.find(part[:MIN_PART], pos - 1)
        if start < 0:
            break
        terms.append(key[start:])
        pos = start + len(part)
    return terms


_ROAD_NUMBER = re.compile(r"[a-z]{1,2}\d{1,4}")


def is_content(key: str, lex: Lexicon) -> bool:
    """Whether a key is a content word (not a stop word, number or road number like B9)."""
    return (
        len(key) >= 2
        and key not in lex.stop
        and key.isalnum()
        and not key.isdigit()
        and not _ROAD_NUMBER.fullmatch(key)
    )


@memoize(maxsize=100_000)
def concepts_of(key: str, glossary: Vocabulary | None = None) -> tuple[str, ...]:
    """The concept terms of a folded lemma (itself or its compound head in :data:`CONCEPTS`,
    or in the concepts of ``glossary``)."""
    member = concept_maps()[0] if glossary is None else glossary.concept_maps[0]
    found = member.get(key)
    if found is None:
        for i in range(1, len(key) - 4):
            found = member.get(key[i:])
            if found is not None:
                break
    return () if found is None or found == key else (found,)


@memoize(maxsize=200_000)
def compound_heads(key: str) -> tuple[str, ...]:
    """The right-hand sub-compounds of a lemma that are nouns of 5+ letters.

    Examples
    --------
    >>> compound_heads("bushaltestelle")
    ('stelle', 'haltestelle')
    """
    terms = compound_terms(key)[1:]
    lex = load_lexicon()
    parts = split_compound(key)
    heads = [t for t in terms if t not in parts[:-1] and len(t) >= 5 and (t in lex.nouns or t == parts[-1])]
    return tuple(dict.fromkeys(heads))


def is_noun(key: str) -> bool:
    """Whether a folded lemma is a known noun, a built-in abbreviation or a compound with a noun head."""
    lex = load_lexicon()
    return key in lex.nouns or key in ABBREVIATIONS or len(split_compound(key)) > 1


def _abbreviations(glossary: Vocabulary | None) -> dict[str, str]:
    """The abbreviation table: the built-in one, or the one of ``glossary``."""
    return ABBREVIATIONS if glossary is None else glossary.abbreviation_table


@memoize(maxsize=20_000)
def _abbreviation_terms(key: str, glossary: Vocabulary | None = None) -> tuple[str, ...] | None:
    table = _abbreviations(glossary)
    compact = re.sub(r"[\-\s+&./]", "", key)
    if compact not in table:
        compact = compact[:-1] if compact.endswith("s") else ""
        if compact not in table:
            return None
    terms = [compact]
    for word in re.findall(r"[^\W\d_]+", table[compact]):
        k = lemma_key(word)
        if fold(word) != compact and is_content(k, load_lexicon()):
            terms.extend(compound_terms(k))
    return tuple(terms)


@memoize(maxsize=1_000)
def expansion_keys(key: str, glossary: Vocabulary | None = None) -> tuple[str, ...]:
    """The lemmas of an abbreviation's expansion (empty for other words)."""
    table = _abbreviations(glossary)
    if key not in table:
        return ()
    words = re.findall(r"[^\W\d_]+", table[key])
    return tuple(k for k in (lemma_key(w) for w in words) if k != key and is_content(k, load_lexicon()))


@memoize(maxsize=20_000)
def piece_keys(text: str, glossary: Vocabulary | None = None) -> tuple[str, ...]:
    """The lemmas of the pieces of a hyphenated word, with abbreviation expansions."""
    keys: list[str] = []
    if _abbreviation_terms(fold(text), glossary) is not None:  # "E-Mail", "E-Bike": one word
        return ()
    for piece in text.split("-"):
        if piece in ("E", "e"):
            piece = "Elektro"
        if len(piece) < 2:
            continue
        key = lemma_key(piece)
        if is_content(key, load_lexicon()) and (len(key) >= 4 or key in _abbreviations(glossary)) \
                and key.isalpha():
            keys.append(key)
            keys.extend(expansion_keys(key, glossary))
    return tuple(keys)


@memoize(maxsize=200_000)
def word_terms(text: str, spacy_lemma: str, glossary: Vocabulary | None = None) -> tuple[str, tuple[str, ...]]:
    """The key and the terms of one token (hyphenated compounds handled here)."""
    lex = load_lexicon()
    abbreviation = _abbreviation_terms(fold(text), glossary)
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
                if _abbreviation_terms(fold(piece + pieces[i + 1]), glossary) is not None:
                    i += 1
                    piece = piece + pieces[i]
                elif piece in "Ee":  # E-Ladestation: Elektro-
                    piece = "Elektro"
            sub = _abbreviation_terms(fold(piece), glossary)
            if sub is None:
                key = lemma_key(piece) if i == len(pieces) - 1 else fold(piece)
                sub = tuple(compound_terms(key)) if is_content(key, lex) else ()
                joined.append(key)
            else:
                joined.append(sub[0])
            terms.extend(sub)
            i += 1
        key = "".join(joined)
        return key, tuple(([key] if len(joined) > 1 else []) + terms)
    key = lemma_key(text, spacy_lemma)
    if not is_content(key, lex):
        return key, ()
    return key, tuple(compound_terms(key))
