"""Candidate headings of one text: German noun phrases found without a tagger.

German nouns are capitalised, so a light grammar over the words of
:class:`~pinneberg_analysis.nlp.analysis.AnalysedText` finds the phrases a strategy author could
use as a heading. A phrase never crosses punctuation and is built as

``core``
    ``[Adj]{0,2} Noun``, optionally coordinated with a second ``[Adj] Noun``
    ("Hallen und Vereinsräume", "Feinstaub und Lärm"),
``attachment`` (at most one)
    a complete prepositional group ``Prep [Article] [Adj]{0,2} Noun`` (not before an
    object-less preposition that closes it: "von der Ampel aus"), with its own
    coordination ("Sensoren für Feinstaub und Stickoxide", "Ladesäulen an Supermärkten und
    in Wohngebieten"); *zwischen* needs its second member, so "Radweg zwischen Bahnhof" alone
    is no candidate; or a genitive ("Netzwerk junger Unternehmen"); or an infinitive that
    ends the clause ("Radwege sanieren", "Ratssitzungen live übertragen"), or an adverb that
    does ("Anträge online").

A foreign multi-word name counts as one noun ("Open Data Portal", "Smart City", "Social
Media"); no phrase starts after a possessive ("unser Betrieb im Gewerbegebiet" is the
author's situation) or with a referring adjective ("vorhandene", "befindliche").

A phrase's *head* nouns are the core nouns (they must be shared by the group); the other
content words and the modifiers of compounds ("online" in "Online-Anträge") are its
*modifiers*. Surfaces are normalised for a heading: the core in the nominative with strong
adjective endings, nouns capitalised, and every word in the best spelling the corpus uses
(umlauts restored: "Buergerbuero" → "Bürgerbüro" when the corpus or the dictionary has it);
the word forms come from :mod:`~pinneberg_analysis.label.forms`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from pinneberg_analysis import nlp
from pinneberg_analysis.core.caches import memoize
from pinneberg_analysis.label.forms import ADJ_ENDINGS, Spelling, adjective_base, nominative_noun
from pinneberg_analysis.nlp.frequency import zipf
from pinneberg_analysis.nlp.lexicon import load_lexicon

__all__ = ["MAX_WORDS", "PREPOSITIONS", "Phrase", "Spelling", "adjective_form", "german_noun", "phrases", "word_parts"]

PREPOSITIONS = frozenset(
    "an am im in auf für mit zu zum zur von vom bei beim durch über unter vor nach ohne "
    "gegen zwischen aus ins ans aufs statt per wegen trotz seit bis entlang ab um hinter neben "
    "gegenüber innerhalb außerhalb ausserhalb bezüglich bzgl bzgl.".split()
)
ARTICLES = frozenset("der die das den dem des ein eine einen einem einer eines alle allen".split())
CONJUNCTIONS = frozenset({"und", "oder", "sowie"})
#: Adverbs the lexicon may take for nouns when they open a sentence ("Vorne", "Geradeaus").
ADVERBS = frozenset(
    "vorne hinten oben unten links rechts geradeaus hier dort leider allerdings insbesondere "
    "besonders außerdem ausserdem zudem ebenfalls trotzdem dennoch jedoch deshalb daher "
    "jetzt heute morgens abends nachts täglich ständig häufig oft".split()
)
#: Adjectives that point into the text instead of describing ("vorhandene", "befindliche",
#: "genannte"): no heading starts with them, they end a phrase.
REFERRING = frozenset(
    "vorhanden befindlich bestehend genannt sogenannt obig folgend betreffend derzeitig jetzig "
    "bisherig jeweilig erwähnt erwaehnt besagt".split()
)
_GENITIVE_ARTICLES = frozenset({"des", "der"})
_NEEDS_PAIR = frozenset({"zwischen"})
_FROM = frozenset({"von", "vom"})
_TO = frozenset({"auf", "nach", "bis", "zu", "zum", "zur", "in", "ins"})
MAX_WORDS = 6
_ADJ, _NOUN, _PREP, _ART, _CONJ, _VERB, _ADV, _OTHER = "A", "N", "P", "D", "C", "V", "R", "O"
_REF = "F"  # a referring adjective (REFERRING)


@dataclass(frozen=True)
class Phrase:
    """A candidate heading: its key sequence, the written surface and its word roles."""

    keys: tuple[str, ...]
    surface: str
    heads: tuple[tuple[str, ...], ...]  # per head noun: the keys that count as it (word, its heads)
    modifiers: tuple[str, ...]
    n_words: int
    bare: bool  # one noun and nothing else: not yet a heading
    governed: bool = False  # the object of a preposition or a genitive: not what is asked for
    whole: bool = False  # the whole text (a title as its author wrote it)


@memoize(maxsize=200_000)
def word_class(surface: str, key: str, content: bool, boundary: int, lemma: str) -> str:
    """The coarse word class of one word tuple of :attr:`AnalysedText.words`."""
    low = surface.lower()
    if low in PREPOSITIONS:
        return _PREP
    if low in ARTICLES:
        return _ART
    if low in CONJUNCTIONS:
        return _CONJ
    if not content or (surface.endswith("-") and len(surface) > 1):
        return _OTHER  # "Pflegegeld-" (und Hilfsmittelanträge): a truncated compound is no noun
    if low in ADVERBS:
        return _ADV  # "Vorne an der Kreuzung": capitalised at the sentence start, still no noun
    if surface[:1].isupper() and lemma[:1].isupper():
        return _NOUN
    if surface.isupper() and len(surface) > 1:
        return _NOUN  # abbreviation
    if nlp.is_noun(key) and surface[:1].islower() and not nlp.is_lowercase_lemma(key) \
            and not low.endswith(ADJ_ENDINGS):
        return _NOUN  # a noun written in lower case
    if surface[:1].islower() and low.endswith("n") and nlp.fold(low) == key and (
            nlp.is_verb(key) or key in load_lexicon().verbs):
        return _VERB  # an infinitive as written (also one the lexicon also knows as a noun: "entfernen")
    if low.endswith(ADJ_ENDINGS) and lemma[:1].islower():
        return _REF if _referring(low, lemma) else _ADJ
    if surface[:1].islower() and surface.isalpha() and nlp.fold(low) == nlp.fold(lemma.lower()) \
            and not low.endswith("en") and not nlp.is_verb(key):
        return _ADV  # uninflected, not a verb form: "online", "digital", "sofort"
    return _OTHER


def _referring(low: str, lemma: str) -> bool:
    """Whether an adjective is one of :data:`REFERRING` (by lemma or written stem)."""
    stems = {nlp.fold(lemma.lower())} | {nlp.fold(low[: -len(e)]) for e in ADJ_ENDINGS if low.endswith(e)}
    return not stems.isdisjoint(_REFERRING_KEYS)


_REFERRING_KEYS = frozenset(nlp.fold(r) for r in REFERRING)


_ADJ_SUFFIXES = ("isch", "ig", "lich", "bar", "sam", "haft", "los", "end", "ell", "al", "iv", "ös")


def adjective_form(surface: str) -> bool:
    """Whether an inflected word is an adjective by its form ("Dynamische", "Leerstehendes")."""
    low = surface.lower()
    for ending in ("em", "en", "er", "es", "e"):
        if low.endswith(ending) and len(low) - len(ending) >= 3:
            stem = low[: -len(ending)]
            return stem.endswith(_ADJ_SUFFIXES) or nlp.is_lowercase_lemma(nlp.fold(stem))
    return False


def _adverbial(w: tuple, final: bool) -> bool:
    """Whether a word may stand as an adverb after a noun ("online", "live", "digital").

    At the end of a heading an adjective-formed word ("Radweg gefährlich") states a
    complaint, not a measure; before an infinitive it is fine ("Schulen digital ausstatten").
    """
    low = w[0].lower()
    return (w[0].isalpha() and nlp.fold(low) == nlp.fold(w[4].lower()) and not low.endswith("en")
            and not nlp.is_verb(w[1]) and not (final and low.endswith(_ADJ_SUFFIXES)))


@memoize(maxsize=100_000)
def word_parts(key: str, surface: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """``(head keys, modifier keys)`` of a noun: the word or its heads, and compound modifiers.

    ``Online-Anträge`` -> ``(("onlineantrag", "antrag"), ("online",))``;
    ``Lärmsensoren`` -> ``(("laermsensor", "sensor"), ("laerm",))``.
    """
    heads = [key, *nlp.compound_heads(key)]
    modifiers: list[str] = []
    if "-" in surface.strip("-"):
        pieces = nlp.piece_keys(surface.strip("-"))
        if pieces:
            heads.append(pieces[-1])
            modifiers.extend(pieces[:-1])
    else:
        parts = nlp.split_compound(key)
        if len(parts) > 1:
            heads.append(parts[-1])
            modifiers.extend(p for p in parts[:-1] if len(p) >= 3)
    heads = list(dict.fromkeys(heads))
    return tuple(heads), tuple(m for m in dict.fromkeys(modifiers) if m not in heads)


def phrases(a: nlp.AnalysedText, spelling: Spelling | None = None, heading: bool = False) -> list[Phrase]:
    """The candidate headings of one analysed text (see the module docstring).

    With ``heading`` (a title, or a text without one) a phrase that makes up the whole first
    clause (after an opening preposition or article) is marked :attr:`Phrase.whole`: its
    author's own heading.
    """
    words = a.words
    classes = [word_class(*w) for w in words]
    n = len(words)
    for i in range(n - 1):  # "Leerstehendes Parkhaus": a capitalised adjective opens the sentence
        w = words[i]
        before_noun = classes[i + 1] == _NOUN or (  # "Sicheren und attraktiven Radweg"
            classes[i + 1] == _CONJ and i + 3 < n and classes[i + 2] == _ADJ and classes[i + 3] == _NOUN)
        if classes[i] == _NOUN and w[3] == nlp.SENTENCE and w[0].lower().endswith(ADJ_ENDINGS) \
                and before_noun and not words[i + 1][3] and not nlp.noun_info(w[1]) \
                and adjective_form(w[0]):
            classes[i] = _REF if _referring(w[0].lower(), w[4]) else _ADJ
    out: list[Phrase] = []

    def joined(j: int) -> bool:  # word j continues the phrase (no punctuation before it)
        return j < n and not words[j][3]

    def nominal(j: int, max_adj: int = 2) -> int | None:
        """End of ``[Adj]{0,max_adj} Noun`` starting at j, or None; two adjectives may be
        coordinated ("sichere und breite Radwege")."""
        k, adjs = j, 0
        while k < n and (k == j or joined(k)) and adjs < max_adj:
            if classes[k] == _ADJ:
                adjs += 1
            elif not (classes[k] == _CONJ and adjs and joined(k + 1) and classes[k + 1] == _ADJ):
                break
            k += 1
        if k < n and k in names and (k == j or joined(k)):
            return names[k]  # "Open Data Portal" is one noun
        if k < n and classes[k] == _NOUN and (k == j or joined(k)):
            return k + 1
        return None

    names = _names(words, classes)

    for start in range(n):
        if classes[start] not in (_ADJ, _NOUN) and start not in names:
            continue
        end = nominal(start)
        if end is None:
            continue
        cores = [(end, [end - 1])]
        if joined(end) and classes[end] == _CONJ and joined(end + 1):
            second = nominal(end + 1, 1)
            if second is not None:
                cores.append((second, [end - 1, second - 1]))
        if _inside_name(words, classes, start - 1, start):
            continue  # "Open | Data Portal": the phrase would start inside a name
        if _possessed(words, classes, start):
            continue  # "(unser) Betrieb im Gewerbegebiet": the author's own situation
        for core_end, head_idx in cores:
            ends = [core_end, *_attachments(words, classes, core_end, nominal, joined)]
            governed = _governed(words, classes, start)
            for end in ends:
                if governed and end > core_end:
                    # "(in der) städtischen Wohnungsbaugesellschaft nachrüsten", "(Gefährdung der)
                    # Radfahrer durch Autofahrer": what follows belongs to the governing word
                    continue
                if end - start <= MAX_WORDS and not _inside_name(words, classes, end - 1, end) \
                        and not _negated(words, classes, start, end):
                    ph = _make(words, classes, start, end, head_idx, spelling)
                    if ph is None:
                        continue
                    whole = heading and (end == n or bool(words[end][3])) and (
                        start == 0 or (start == 1 and classes[0] in (_PREP, _ART)))
                    # "Für sichere Radwege" is its author's heading; "(Parken in) zweiter Reihe" is not
                    out.append(replace(ph, governed=_governed(words, classes, start) and not whole,
                                       whole=whole))
    return out


#: Words that negate the rest of their clause.
NEGATIONS = frozenset("nicht kein keine keinen keinem keiner keines nie niemals".split())


def _negated(words: list, classes: list[str], start: int, end: int) -> bool:
    """True for a phrase with a verb whose clause negates it before it starts: "Keine Bäume
    fällen" must not become the heading "Bäume fällen" (the wish without its negation).
    A noun phrase after "kein" stays ("kein schnelles Internet": the wish is the internet)."""
    if not any(classes[i] == _VERB for i in range(start, end)):
        return False
    k = start - 1
    while k >= 0 and not words[k + 1][3]:
        if words[k][0].lower() in NEGATIONS:
            return True
        k -= 1
    return any(words[i][0].lower() in NEGATIONS for i in range(end, len(words)) if not any(
        words[j][3] for j in range(end, i + 1)))


def _names(words: list, classes: list[str]) -> dict[int, int]:
    """Start -> end of the multi-word names of a text: two to four capitalised content words
    without punctuation, each pair cut by :func:`_inside_name` ("Open Data Portal", "Smart
    City"); a foreign noun sequence reads as one noun in a heading."""
    out: dict[int, int] = {}
    n, i = len(words), 0
    while i < n:
        j = i
        while j + 1 < n and j - i < 3 and _foreign(words[i]) and "-" not in words[j + 1][0] \
                and (_foreign(words[j + 1]) or nlp.is_noun(words[j + 1][1])) \
                and _inside_name(words, classes, j, j + 1):
            j += 1
        if j > i:
            out[i] = j + 1
        i = j + 1
    return out


def _foreign(w: tuple) -> bool:
    """Whether a word may open a foreign name: a plain Latin word that is no German noun or
    adjective but common in German texts ("Open", "Smart", "Social"; not "Kessenicher",
    "Steigenden", a place name such as "Hardtberg" or a typo: rare in general German)."""
    s = w[0]
    return bool(w[2] and s.isascii() and s.isalpha() and s[:1].isupper() and not nlp.is_noun(w[1])
                and len(nlp.split_compound(w[1])) == 1 and not s.endswith("er")
                and not adjective_form(s) and zipf(w[1]) >= 3.0)


_POSSESSIVES = ("mein", "dein", "unser", "euer", "eure")
#: Third-person possessives, as whole words ("sein Dach", not "seinerzeit").
_POSSESSIVE_FORMS = frozenset(p + e for p in ("sein", "ihr") for e in ("", "e", "en", "em", "er", "es"))


def _possessed(words: list, classes: list[str], start: int) -> bool:
    """Whether the phrase at ``start`` follows a possessive ("meine Mutter", "unser Betrieb")."""
    k = start - 1
    while k >= 0 and not words[k + 1][3] and classes[k] == _ADJ:
        k -= 1
    return k >= 0 and not words[k + 1][3] and (words[k][0].lower().startswith(_POSSESSIVES)
                                               or words[k][0].lower() in _POSSESSIVE_FORMS)


def _governed(words: list, classes: list[str], start: int) -> bool:
    """Whether the phrase at ``start`` depends on a word before it: the object of a preposition
    ("in [der] Stadt") or a genitive attribute ("Gefährdung der Radfahrer")."""
    k = start - 1
    while k >= 0 and not words[k + 1][3] and classes[k] == _ADJ:
        k -= 1  # "der städtischen | Wohnungsbaugesellschaft"
    article = k >= 0 and not words[k + 1][3] and classes[k] == _ART
    if article:
        k -= 1
    if k < 0 or words[k + 1][3]:
        return False
    return classes[k] == _PREP or (article and classes[k] == _NOUN)


def _inside_name(words: list, classes: list[str], left: int, right: int) -> bool:
    """Whether a cut between ``left`` and ``right`` falls inside a multi-word name.

    "Social | Media", "Smart | Home", "Open | Data": two capitalised words without
    punctuation between them, one of which is no known German noun.
    """
    if left < 0 or right >= len(words) or words[right][3]:
        return False
    a, b = words[left], words[right]
    if not (a[2] and b[2]):  # a function word opening the sentence: "Mehr | Radwege"
        return False
    if not (a[0][:1].isupper() and b[0][:1].isupper()) or classes[left] not in (_NOUN, _OTHER) \
            or classes[right] not in (_NOUN, _OTHER):
        return False
    return not german_noun(a) or not german_noun(b)


def german_noun(w: tuple) -> bool:
    """A known noun, or a compound whose head is one ("Online-Praktikumsbörse")."""
    if nlp.is_noun(w[1]):
        return True
    pieces = w[0].strip("-").split("-")
    head = nlp.fold(pieces[-1].lower()) if len(pieces) > 1 else nlp.split_compound(w[1])[-1]
    return head != w[1] and len(head) >= 3 and nlp.is_noun(head)


def _attachments(words: list, classes: list[str], j: int, nominal, joined) -> list[int]:
    """Ends of the attachments that may follow a core ending at ``j``."""
    n = len(words)
    if not joined(j):
        return []
    ends: list[int] = []
    c = classes[j]
    if c == _PREP:
        k = j + 1
        if joined(k) and classes[k] == _ART:
            k += 1
        end = nominal(k) if joined(k) else None
        if end is not None:
            pair = None
            if joined(end) and classes[end] == _CONJ:
                m = end + 1
                if joined(m) and classes[m] == _PREP:
                    m += 1
                if joined(m) and classes[m] == _ART:
                    m += 1
                pair = nominal(m) if joined(m) else None
            if words[j][0].lower() in _FROM and joined(end) and words[end][0].lower() in _TO:
                m = end + 1  # "von Bürgersteig | auf Straße": a route needs its end
                if joined(m) and classes[m] == _ART:
                    m += 1
                to = nominal(m) if joined(m) else None
                if to is None:
                    return ends
                end = to
            for e in ([pair] if pair is not None else []) + (
                    [end] if words[j][0].lower() not in _NEEDS_PAIR else []):  # not "zwischen Bahnhof"
                ends.extend(_after_object(words, classes, e, joined))
    elif c == _ART and words[j][0].lower() in _GENITIVE_ARTICLES or (
        c == _ADJ and words[j][0].lower().endswith("er")
    ):
        k = j + 1 if c == _ART else j
        end = nominal(k) if (k == j or joined(k)) else None
        if end is not None and (c == _ART or end > k + 1):
            ends.append(end)
    elif c == _VERB or (c in (_ADJ, _ADV) and nominal(j) is None and _adverbial(words[j], final=False)):
        c = _ADV if c == _ADJ else c  # "online", "live": an adverb here, no noun follows
        if c == _ADV and (j + 1 >= n or words[j + 1][3]) and _adverbial(words[j], final=True):
            ends.append(j + 1)  # a clause-final adverb: "Anträge online", "Ehrenamtsbörse online"
            return ends
        k = j + 1 if c == _ADV else j
        if c == _ADV and not (joined(k) and k < n and classes[k] == _VERB):
            return ends
        if k + 1 >= n or words[k + 1][3]:  # the infinitive ends the clause
            ends.append(k + 1)
    return ends


def _after_object(words: list, classes: list[str], e: int, joined) -> list[int]:
    """Where a prepositional group ending at ``e`` may end the phrase: there, and after a
    clause-final infinitive that follows it ("Radweg auf die Straße legen"); nowhere when an
    object-less preposition or a name completes it."""
    if joined(e) and classes[e] == _VERB and not joined(e + 1):
        return [e, e + 1]
    if joined(e) and classes[e] == _PREP and (
            e + 1 == len(words) or words[e + 1][3] == nlp.SENTENCE
            or (joined(e + 1) and classes[e + 1] in (_OTHER, _VERB, _ADV))):
        return []  # a preposition without object closes the group: "von der Ampel | aus", "an ... | entlang"
    if joined(e) and words[e][0][:1].isupper() and not (words[e][2] and german_noun(words[e])):
        return []  # a name completes the group: "in Richtung | Kessenich", "bis | Obere Straße"
    return [e]


def _make(words: list, classes: list[str], start: int, end: int, head_idx: list[int],
          spelling: Spelling | None) -> Phrase | None:
    keys = tuple(w[1] if w[2] else w[0].lower() for w in words[start:end]
                 if w[2] or w[0].lower() in PREPOSITIONS or w[0].lower() in CONJUNCTIONS)
    heads: list[str] = []
    modifiers: list[str] = []
    for i in range(start, end):
        surface, key, content = words[i][0], words[i][1], words[i][2]
        if not content:
            continue
        if i in head_idx:
            h, m = word_parts(key, surface)
            heads.append(h)
            modifiers.extend(m)
        elif classes[i] == _NOUN:
            modifiers.extend((key, *word_parts(key, surface)[1]))
        else:
            modifiers.append(key)
    heads = list(dict.fromkeys(heads))
    head_keys = {k for h in heads for k in h}
    modifiers = [m for m in dict.fromkeys(modifiers) if m not in head_keys]
    surface = _surface(words, classes, start, end, head_idx, spelling)
    if surface is None:
        return None
    return Phrase(keys, surface, tuple(heads), tuple(modifiers), end - start,
                  bare=end - start == 1)


def _surface(words: list, classes: list[str], start: int, end: int, head_idx: list[int],
             spelling: Spelling | None) -> str | None:
    """The phrase as a heading: core in the nominative (unless it is a verb's object); None when
    an adjective in an oblique case stands before a noun whose nominative is unknown."""
    texts = [w[0].strip("-") for w in words[start:end]]
    cls = classes[start:end]
    if _VERB not in cls:
        seg_start = 0
        for h in head_idx:
            rel = h - start
            if rel > 0 and cls[rel - 1] in (_NOUN, _OTHER) and texts[rel - 1][:1].isupper():
                continue  # the last word of a name stays as written: "Social Media"
            adjs = [i for i in range(seg_start, rel) if cls[i] == _ADJ]
            noun, ending = nominative_noun(texts[rel], words[h][1], texts[adjs[-1]] if adjs else "")
            if not noun and any(texts[i].lower().endswith(("en", "em")) for i in adjs):
                return None  # "(in einem) schlechten Zusatnd": an unknown noun, no nominative to write
            if noun:
                texts[rel] = noun
                for i in adjs:
                    stem = adjective_base(texts[i], words[start + i][4])
                    if stem and stem.endswith("en") and spelling is not None and spelling.seen(stem + "de"):
                        stem += "d"  # "hängene Büsche" where the corpus writes "hängende": a typo
                    if stem:
                        texts[i] = stem + ending
            seg_start = rel + 2  # after "und"
    for i, c in enumerate(cls):
        if c in (_CONJ, _PREP, _ART) and texts[i].isupper():
            texts[i] = texts[i].lower()  # "Radweg UND Fußgängerüberweg"
        if c == _NOUN and texts[i][:1].islower():
            texts[i] = texts[i][:1].upper() + texts[i][1:]
        if spelling is not None:
            texts[i] = spelling.restore(texts[i], words[start + i][1])
    label = " ".join(texts)
    return label[:1].upper() + label[1:]
