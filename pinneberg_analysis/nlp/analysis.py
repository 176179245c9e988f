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
* **A project's vocabulary**: ``analyse(texts, glossary=...)`` adds a
  :class:`~pinneberg_analysis.nlp.glossary.Glossary` (the ``[nlp]`` config: abbreviations,
  concepts, stop words, built-in entries switched off); without one the built-in lists apply.
* **Not content**: PII placeholders (``[Name]``, ``[E-Mail]``, ...), numbers, punctuation and
  street names (a closed compound on *-straße*, *-allee*, *-gasse*, ... or a street word
  after a place adjective such as *Godesberger Allee*) are dropped, so that neither
  redaction nor the place of a complaint decides what it is about.

The pipeline and the word lists load lazily on first use and are cached; nothing is loaded
at import time. The word lists and glossaries live in :mod:`~pinneberg_analysis.nlp.lexicon`,
compounds and lemmas of single words in :mod:`~pinneberg_analysis.nlp.words`; this module
re-exports their public names.

Examples
--------
>>> analyse(["Mehr Fahrradabstellanlagen am Bahnhof wären super!"])[0].terms
['fahrradabstellanlage', 'fahrrad', 'abstell', 'anlage', 'abstellanlage', 'bahnhof', 'bahn', 'hof']
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc

from pinneberg_analysis.core.caches import memoize
from pinneberg_analysis.core.parallel import workers
from pinneberg_analysis.core.progress import track
from pinneberg_analysis.core.stagecache import cached_items, code_fingerprint
from pinneberg_analysis.nlp.glossary import Glossary, active
from pinneberg_analysis.nlp.lexicon import (
    ABBREVIATIONS,
    MIN_PART,
    STREET_HEADS,
    STREET_WORDS,
    Lexicon,
    fold,
    load_lexicon,
)
from pinneberg_analysis.nlp.words import (
    compound_terms,
    concepts_of,
    expansion_keys,
    is_content,
    lemma_key,
    piece_keys,
    split_compound,
    word_terms,
)

__all__ = [
    "ABBREVIATIONS",
    "AnalysedText",
    "Glossary",
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


def strip_placeholders(text: str) -> str:
    """Remove PII placeholders such as ``[Name]`` or ``[E-Mail]`` from a text.

    Each placeholder becomes a space, so the words around it stay apart.

    Examples
    --------
    >>> strip_placeholders("Bitte [Name] unter [E-Mail] anschreiben").split()
    ['Bitte', 'unter', 'anschreiben']
    """
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


def _is_place_adjective(text: str, lex: Lexicon) -> bool:
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


def _is_street(text: str, lex: Lexicon, nxt: str = "") -> bool:
    """A street name written as one word ("Kaiserstraße", "Reuterstr.")."""
    key = fold(text).rstrip(".")
    if not text[:1].isupper():
        return False
    if key.endswith("str") and len(key) > 5:
        return True  # "Reuterstr." (the caller checks the dot)
    if key in lex.nouns:
        return False
    return any(key.endswith(h) and len(key) > len(h) + 2 for h in STREET_HEADS)


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


def _named_head(key: str, lex: Lexicon) -> str | None:
    """The head of a compound whose first part is a name ("Kennedybrücke" -> "bruecke")."""
    for i in range(MIN_PART, len(key) - MIN_PART + 1):
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


@memoize(maxsize=100_000)
def _lemma_form(text: str, key: str, spacy_lemma: str, noun_like: bool) -> str:
    """The lemma as written: dictionary spelling of nouns, spaCy's lemma, else from the text."""
    lex = load_lexicon()
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


@memoize(maxsize=200_000)
def _token(
    text: str, spacy_lemma: str, glossary: Glossary | None = None
) -> tuple[str, tuple[str, ...], str, bool, bool, bool]:
    """Per-token analysis independent of the neighbours (cached; per glossary).

    Returns ``(key, terms, street_word, is_street, is_place_adjective, is_name)``.
    """
    lex = load_lexicon()
    truncated = text.endswith("-") and len(text) > 2
    word = text.rstrip("-") if truncated else text
    key, terms = word_terms(word, word if truncated else spacy_lemma, glossary)
    if glossary is not None:
        terms = glossary.content_terms(key, terms)
    if word[:1].isupper() and key not in lex.nouns and terms:
        named = _named_head(key, lex)
        if named:  # "Kennedybrücke": keep the kind of place, not the name
            terms = () if named.endswith(STREET_HEADS) else tuple(compound_terms(named))
    if terms:
        extra = [c for t in dict.fromkeys(terms) for c in concepts_of(t, glossary)]
        terms = terms + tuple(c for c in dict.fromkeys(extra) if c not in terms)
    street_word = fold(word).rstrip(".")
    return (
        key,
        terms,
        street_word if street_word in STREET_WORDS else "",
        _is_street(word, lex),
        _is_place_adjective(word, lex),
        key in lex.names and word[:1].isupper(),
    )


_SENTENCE_END = frozenset({".", "!", "?", ":", ";"})


def _glossary_functions(glossary: Glossary | None) -> tuple:
    """The per-token functions of the component: the built-in ones, or bound to ``glossary``."""
    if glossary is None:
        return _token, expansion_keys, concepts_of, piece_keys, None
    stop = glossary.stop

    # positional calls: the caches' keys are built faster than with partial(..., glossary=)
    def token(text: str, spacy_lemma: str) -> tuple[str, tuple[str, ...], str, bool, bool, bool]:
        return _token(text, spacy_lemma, glossary)

    def expansions(key: str) -> tuple[str, ...]:
        keys = expansion_keys(key, glossary)
        return tuple(k for k in keys if k not in stop) if keys and stop else keys

    def concepts(key: str) -> tuple[str, ...]:
        return concepts_of(key, glossary)

    def pieces(text: str) -> tuple[str, ...]:
        keys = piece_keys(text, glossary)
        return tuple(k for k in keys if k not in stop) if keys and stop else keys

    return token, expansions, concepts, pieces, glossary


@Language.component("pinneberg_terms")
def pinneberg_terms(doc: Doc, glossary: Glossary | None = None) -> Doc:
    """spaCy component: compute the terms and words of a document (see :class:`AnalysedText`).

    The result is stored in ``doc.user_data["pinneberg"]``. ``glossary`` (passed by
    :func:`analyse` through ``component_cfg``) adds a project's vocabulary.
    """
    lex = load_lexicon()
    token, expansions, concepts, pieces, glossary = _glossary_functions(glossary)
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
        key, terms, street_word, is_street, place_adj, is_name = token(text, spacy_lemma)
        nxt = items[idx + 1][0] if idx + 1 < n else ""
        if is_street and text.endswith(("str", "Str")) and nxt != ".":
            is_street = len(key) > 3 and not key.endswith("str")  # "Reuterstr" needs its dot
        if (
            is_street
            or is_name
            or (place_adj and nxt and token(nxt, nxt)[2])
            or (street_word and idx > 0 and token(items[idx - 1][0], items[idx - 1][0])[4])
        ):
            terms = ()
        elif text.endswith("-") and idx + 2 < n and items[idx + 1][0].lower() in {"und", "oder", "bzw", "sowie"}:
            # "Rad- und Fußwege": the truncated word takes the head of the next compound
            head = split_compound(lemma_key(items[idx + 2][0], items[idx + 2][1]))[-1]
            if head != key and is_content(key, lex):
                key = key + head
                terms = tuple(compound_terms(key))
                if glossary is not None:
                    terms = glossary.content_terms(key, terms)
        result.terms.extend(terms)
        if terms:
            result.lemmas.append(key)
            result.lemmas.extend(expansions(key))
            result.lemmas.extend(concepts(key))
            if "-" in text.strip("-"):
                result.lemmas.extend(pieces(text))
            noun_like = text[:1].isupper() and (boundary != SENTENCE or key not in lex.closed)
            form = _lemma_form(text.rstrip("-"), key, spacy_lemma, noun_like)
        else:
            form = key
        result.words.append((text, key, bool(terms), boundary, form))
        boundary = 0
    doc.user_data["pinneberg"] = result
    return doc


@memoize(maxsize=1)
def german_pipeline() -> Language:
    """The cached German pipeline: blank ``de`` + lookup lemmatizer + ``pinneberg_terms``.

    The lemmatizer reads spaCy's lookup table through the word-list cache
    (:mod:`pinneberg_analysis.nlp.lemmatizer`), word by word, instead of loading all of it.

    Returns
    -------
    spacy.language.Language
        Created on first call; later calls return the same object.
    """
    import spacy

    from pinneberg_analysis.nlp import lemmatizer  # noqa: F401  (registers the component)

    nlp = spacy.blank("de")
    nlp.add_pipe("pinneberg_lookup_lemmatizer", name="lemmatizer")
    nlp.add_pipe("pinneberg_terms")
    nlp.initialize()
    load_lexicon()
    return nlp


def analyse(
    texts: Iterable[str | None], batch_size: int = 256, glossary: Glossary | None = None
) -> list[AnalysedText]:
    """Analyse texts in batches with :func:`german_pipeline`.

    Parameters
    ----------
    texts : iterable of str
        The texts; None or NA count as empty.
    batch_size : int
        Texts per ``nlp.pipe`` batch.
    glossary : Glossary, optional
        A project's abbreviations, concepts and stop words on top of the built-in ones
        (see :mod:`~pinneberg_analysis.nlp.glossary`); None for the built-in vocabulary.

    Returns
    -------
    list of AnalysedText
        One per text, in order.
    """
    glossary = active(glossary)
    cfg = None if glossary is None else {"pinneberg_terms": {"glossary": glossary}}

    def compute(todo: list[str]) -> list[AnalysedText]:
        n_workers = workers(len(todo))
        with track("Texte analysieren", len(todo)) as step:
            if n_workers > 1:  # independent texts: split, analyse in workers, join in order
                from joblib import Parallel, delayed

                size = -(-len(todo) // (4 * n_workers))
                chunks = [todo[i:i + size] for i in range(0, len(todo), size)]
                out: list[AnalysedText] = []
                for part in Parallel(n_jobs=n_workers, return_as="generator")(
                        delayed(analyse_serial)(chunk, batch_size, glossary) for chunk in chunks):
                    out.extend(part)
                    step.advance(len(part))
                return out
            nlp = german_pipeline()  # loaded only when some text is not in the stage cache
            out = []
            for doc in nlp.pipe(todo, batch_size=batch_size, component_cfg=cfg):
                out.append(doc.user_data["pinneberg"])
                step.advance()
            return out

    prepared = [_prepare(t) if isinstance(t, str) else "" for t in texts]
    # each text once per corpus, and a text analysed by an earlier run comes from the store
    return cached_items("nlp.analyse", (code_fingerprint(), glossary), prepared, compute)


def analyse_serial(texts: list[str], batch_size: int, glossary: Glossary | None) -> list[AnalysedText]:
    """Analyse prepared texts in this process, without the stage cache (a worker's part)."""
    nlp = german_pipeline()
    cfg = None if glossary is None else {"pinneberg_terms": {"glossary": glossary}}
    return [doc.user_data["pinneberg"] for doc in nlp.pipe(texts, batch_size=batch_size, component_cfg=cfg)]


def preload() -> None:
    """Load the pipeline and the word lists now (they otherwise load on first use)."""
    german_pipeline()


def analyse_terms(texts: Sequence[str | None]) -> list[list[str]]:
    """Shortcut: only the terms of each text (see :func:`analyse`)."""
    return [a.terms for a in analyse(texts)]
