"""A project's own vocabulary: abbreviations, concepts and stop words (the ``[nlp]`` config).

The German analysis has built-in glossaries (:data:`~pinneberg_analysis.nlp.lexicon.ABBREVIATIONS`,
:data:`~pinneberg_analysis.nlp.lexicon.CONCEPTS` and the participation filler words). A
:class:`Glossary` adds a project's entries to them (a user entry wins over a built-in one
with the same folded key) and can switch built-in entries off. It is an immutable, hashable
value: it is passed as a parameter (``TextVectorizer(glossary=...)``,
``nlp.analyse(texts, glossary=...)``) and is part of the keys of the per-word caches, so
two glossaries never share a cached analysis. ``None`` (or an empty glossary) is the
built-in vocabulary, analysed exactly as without this module.

User entries are folded like the built-in ones: lower case, ä/ö/ü/ß → ae/oe/ue/ss, and for
abbreviations without hyphens, spaces, ``+ & . /`` (``"E-Scooter"`` → ``escooter``,
``"P+R"`` → ``pr``). Concept words and stop words are also reduced to their lemma
(``"Radwege"`` → ``radweg``). Nothing here goes into the word-list cache of
:mod:`~pinneberg_analysis.nlp.store`.

Examples
--------
>>> g = Glossary.build(abbreviations={"AKN": "Eisenbahn Altona-Kaltenkirchen-Neumünster"})
>>> dict(g.abbreviations)
{'AKN': 'Eisenbahn Altona-Kaltenkirchen-Neumünster'}
>>> g.abbreviation_table["akn"]
'Eisenbahn Altona-Kaltenkirchen-Neumünster'
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from functools import cached_property
from pathlib import Path

from pinneberg_analysis.core.config import NlpConfig
from pinneberg_analysis.core.errors import ConfigError
from pinneberg_analysis.nlp.frequency import zipf
from pinneberg_analysis.nlp.lexicon import (
    ABBREVIATION_SPELLINGS,
    ABBREVIATIONS,
    CONCEPTS,
    fold,
    is_stop,
    load_lexicon,
)
from pinneberg_analysis.nlp.words import lemma_key

__all__ = ["Glossary", "active", "build_glossary", "fold_abbreviation", "fold_word", "glossary_problems"]

_ABBREVIATION_SEPARATORS = re.compile(r"[\-\s+&./]")
_WORD_SEPARATORS = re.compile(r"[\-\s]")
_LETTERS = re.compile(r"[^\W\d_]+")


def fold_abbreviation(text: str) -> str:
    """An abbreviation as the analysis looks it up: ``"E-Scooter"`` → ``escooter``, ``"P+R"`` → ``pr``."""
    return _ABBREVIATION_SEPARATORS.sub("", fold(text.strip()))


def fold_word(text: str) -> str:
    """A concept or stop word folded, hyphens and spaces removed: ``"Bürger-Büro"`` → ``buergerbuero``."""
    return _WORD_SEPARATORS.sub("", fold(text.strip()))


#: General-German Zipf frequency from which a dictionary word cannot be a user abbreviation.
COMMON_WORD_ZIPF = 4.0


def _common_word(folded: str) -> str | None:
    """Why a user abbreviation folded to ``folded`` would take over an ordinary word, or None.

    User abbreviations are looked up case-insensitively (texts write ``Akn``, ``hvv``), so a
    key that folds to a stop word (``WIR``) or to a common German word (``Bus``, ``Rad``;
    Zipf ≥ :data:`COMMON_WORD_ZIPF`) would add its expansion to every *wir* or *Bus* in the
    texts. Matching only keys written in capitals would not help: sentence starts, headings
    and shouting write such words in capitals too, and contributions often write real
    abbreviations in lower case. Words the dictionary itself writes in capitals (``SPD``,
    ``EU``, ``LED``), words it does not know (``AKN``, ``DB``, ``IT``) and the built-in keys
    (``PR``, ``Kita``) stay valid. The plural with ``s`` is checked too (``HAU`` → *Haus*).
    """
    if folded in ABBREVIATIONS:  # already an abbreviation everywhere: replacing it is fine
        return None
    lex = load_lexicon()
    for word, note in ((folded, ""), (folded + "s", " (its plural with s)")):
        if is_stop(word):
            return f"{word!r}{note}, a stop word"
        lemma = lex.nouns.get(word) or lex.upper_lemmas.get(word) or lex.lower_lemmas.get(word)
        if zipf(word) >= COMMON_WORD_ZIPF and (lemma or word in lex.known):
            written = lex.display.get(lemma or word)
            if not (written and written.isupper()):
                return f"{word!r}{note}, the common German word {written or word!r}"
    return None


def _word_keys(word: str) -> set[str]:
    """The keys a concept or stop word is looked up by: folded, and as a lemma."""
    folded = fold_word(word)
    return {folded, lemma_key(word)} if folded.isalnum() else {folded}


def glossary_problems(
    abbreviations: Mapping[str, str] | None = None,
    concepts: Mapping[str, Iterable[str]] | None = None,
    stop_words: Iterable[str] = (),
    disabled_abbreviations: Iterable[str] = (),
    disabled_concepts: Iterable[str] = (),
    disabled_stop_words: Iterable[str] = (),
) -> list[tuple[str, str]]:
    """Check glossary entries; return ``(setting, message)`` for each problem (empty: valid).

    ``setting`` is the config key the problem is in (``abbreviations.AKN``); each message
    says what is wrong and how to fix it. Besides each entry on its own, entries that
    contradict each other are problems: a concept name listed as another concept's word, a
    word in two concepts, a stop word that is also a concept, concept word, abbreviation or
    switched-off stop word.
    """
    abbreviations = dict(abbreviations or {})
    concepts = {name: list(words) for name, words in (concepts or {}).items()}
    stop_words, disabled_stop_words = list(stop_words), list(disabled_stop_words)
    problems = _abbreviation_problems(abbreviations)
    owners, concept_problems = _concept_problems(concepts)
    problems += concept_problems
    problems += _stop_word_problems(stop_words, abbreviations, owners, disabled_stop_words)
    problems += _disable_problems(disabled_abbreviations, disabled_concepts, disabled_stop_words)
    return problems


def _abbreviation_problems(abbreviations: Mapping[str, str]) -> list[tuple[str, str]]:
    problems: list[tuple[str, str]] = []
    seen: dict[str, str] = {}
    for key, expansion in abbreviations.items():
        folded = fold_abbreviation(key)
        where = f"abbreviations.{key}"
        if len(folded) < 2 or not folded.isalnum() or folded.isdigit():
            problems.append((where, f"{key!r} is not an abbreviation: write 2 or more letters "
                                    "(digits, hyphens and spaces may follow), e.g. AKN or E-Scooter"))
        elif folded in seen:
            problems.append((where, f"{key!r} and {seen[folded]!r} are the same abbreviation once "
                                    f"folded ({folded!r}); keep one of them"))
        elif (word := _common_word(folded)) is not None:
            problems.append((where, f"{key!r} folds to {word}; as an abbreviation it would add "
                                    "its expansion wherever the texts use that word, in any case. "
                                    "Remove it, or list the words it stands for in a concept "
                                    "([nlp.concepts])"))
        seen.setdefault(folded, key)
        if not _LETTERS.search(expansion):
            problems.append((where, f"the expansion of {key!r} is empty; write the words it stands "
                                    f'for, e.g. {key} = "..." as in HVV = "Hamburger Verkehrsverbund"'))
    return problems


def _concept_problems(
    concepts: Mapping[str, list[str]],
) -> tuple[dict[str, tuple[str, str]], list[tuple[str, str]]]:
    """Problems of the concepts, and their keys: key -> (concept, word as written)."""
    problems: list[tuple[str, str]] = []
    names: dict[str, str] = {}  # key of a concept name -> the concept
    for name in concepts:
        where = f"concepts.{name}"
        if not fold_word(name).isalnum():
            problems.append((where, f"the concept name {name!r} must be one word of letters, "
                                    'e.g. Radweg = ["Fahrradweg", "Radfahrstreifen"]'))
        elif fold_word(name) in names:
            problems.append((where, f"{name!r} and {names[fold_word(name)]!r} are the same concept "
                                    "once folded; merge their word lists"))
        else:
            names.update((k, name) for k in _word_keys(name) if k not in names)
    owners = {k: (name, name) for k, name in names.items()}  # a concept names itself
    for name, words in concepts.items():
        where = f"concepts.{name}"
        if not words:
            problems.append((where, f"the concept {name!r} has no words; list the words that name "
                                    'it, e.g. Radweg = ["Fahrradweg", "Radfahrstreifen"]'))
        for word in words:
            if not fold_word(word).isalnum():
                problems.append((where, f"{word!r} is not a word; write single words of letters "
                                        "(a compound such as 'Radfahrstreifen' is one word)"))
                continue
            keys = _word_keys(word)
            other = next((names[k] for k in keys if names.get(k, name) != name), None)
            twice = next((owners[k][0] for k in keys if owners.get(k, (name,))[0] != name), None)
            if other is not None:
                merged = ", ".join(f'"{w}"' for w in dict.fromkeys([*words, *concepts[other]]))
                problems.append((where, f"{word!r} is the name of the concept {other!r}, so its words "
                                        f"would not join {name!r}; merge the two concepts into one, "
                                        f"e.g. {name} = [{merged}]"))
            elif twice is not None:
                problems.append((where, f"{word!r} is in two concepts, {twice!r} and {name!r}; "
                                        "keep it in one"))
            owners.update((k, (name, word)) for k in keys if k not in owners)
    return owners, problems


def _stop_word_problems(
    stop_words: list[str], abbreviations: Mapping[str, str],
    owners: Mapping[str, tuple[str, str]], disabled_stop_words: list[str],
) -> list[tuple[str, str]]:
    problems: list[tuple[str, str]] = []
    abbreviation_keys = {fold_abbreviation(k): k for k in abbreviations}
    switched_on = {fold_word(w) for w in disabled_stop_words}
    for word in stop_words:
        if not fold_word(word).isalnum() or _WORD_SEPARATORS.search(word.strip()):
            problems.append(("stop_words", f"{word!r} is not a single word; list each stop word "
                                           "on its own, e.g. stop_words = [\"Pinneberg\", \"Rathaus\"]"))
            continue
        keys = _word_keys(word)
        owner = next((owners[k] for k in keys if k in owners), None)
        abbreviation = next((abbreviation_keys[k] for k in keys if k in abbreviation_keys), None)
        if owner is not None:
            what = (f"the concept {owner[0]!r}" if owner[0] == owner[1]
                    else f"a word of the concept {owner[0]!r} ({owner[1]!r})")
            problems.append(("stop_words", f"{word!r} is also {what}; as a stop word it would be "
                                           "dropped, so remove it from one of the two"))
        elif abbreviation is not None:
            problems.append(("stop_words", f"{word!r} is also the abbreviation {abbreviation!r}; as "
                                           "a stop word it would be dropped, so remove it from one "
                                           "of the two"))
        elif fold_word(word) in switched_on:
            problems.append(("stop_words", f"{word!r} is also in disable.stop_words (a content word "
                                           "again); remove it from one of the two"))
    return problems


def _disable_problems(
    disabled_abbreviations: Iterable[str], disabled_concepts: Iterable[str],
    disabled_stop_words: list[str],
) -> list[tuple[str, str]]:
    problems: list[tuple[str, str]] = []
    for word in disabled_abbreviations:
        if fold_abbreviation(word) not in ABBREVIATIONS:
            written = sorted((ABBREVIATION_SPELLINGS.get(k, k) for k in ABBREVIATIONS), key=fold)
            problems.append(("disable.abbreviations", f"{word!r} is not a built-in abbreviation; "
                             f"built-in: {', '.join(written)}"))
    concept_names = {fold_word(n) for n in CONCEPTS}
    for word in disabled_concepts:
        if fold_word(word) not in concept_names:
            problems.append(("disable.concepts", f"{word!r} is not a built-in concept; "
                             f"built-in: {', '.join(CONCEPTS)}"))
    if disabled_stop_words:
        for word in disabled_stop_words:
            if not is_stop(fold_word(word)):
                problems.append(("disable.stop_words", f"{word!r} is not a built-in stop word, so "
                                 "there is nothing to switch off; remove it from the list"))
    return problems


def _normalised(
    abbreviations: Mapping[str, str] | None,
    concepts: Mapping[str, Iterable[str]] | None,
    stop_words: Iterable[str],
    disable: Mapping[str, Iterable[str]] | None,
) -> dict:
    """Entries stripped and sorted, as :class:`Glossary` keeps them."""
    disable = dict(disable or {})
    unknown = sorted(set(disable) - {"abbreviations", "concepts", "stop_words"})
    if unknown:
        raise ConfigError(f"disable has unknown keys {unknown}; accepted: abbreviations, concepts, "
                          "stop_words")
    return {
        "abbreviations": {k.strip(): v.strip() for k, v in (abbreviations or {}).items()},
        "concepts": {k.strip(): [w.strip() for w in v] for k, v in (concepts or {}).items()},
        "stop_words": sorted({w.strip() for w in stop_words}),
        "disabled_abbreviations": sorted({w.strip() for w in disable.get("abbreviations", ())}),
        "disabled_concepts": sorted({w.strip() for w in disable.get("concepts", ())}),
        "disabled_stop_words": sorted({w.strip() for w in disable.get("stop_words", ())}),
    }


def _problems(entries: dict) -> list[tuple[str, str]]:
    return glossary_problems(entries["abbreviations"], entries["concepts"], entries["stop_words"],
                             entries["disabled_abbreviations"], entries["disabled_concepts"],
                             entries["disabled_stop_words"])


@dataclass(frozen=True)
class Glossary:
    """A project's abbreviations, concepts and stop words, on top of the built-in ones.

    Build one with :meth:`build` (validates and sorts the entries) or from the config's
    ``[nlp]`` section with :func:`build_glossary`. Entries are kept as written
    (for display); the folded lookup tables are derived on first use.

    Parameters
    ----------
    abbreviations : tuple of (str, str)
        ``(abbreviation as written, expansion)``: the abbreviation keeps its own term and
        adds the terms of its expansion (``AKN`` → ``akn``, ``eisenbahn``, ...).
    concepts : tuple of (str, tuple of str)
        ``(concept name, words)``: each word, and each compound ending in one, adds the
        concept's term (``Fahrradweg``, ``Radfahrstreifen`` → ``radweg``).
    stop_words : tuple of str
        Words that carry no content in this project (their terms are dropped).
    disabled_abbreviations, disabled_concepts, disabled_stop_words : tuple of str
        Built-in entries to switch off (abbreviation, concept name, stop word).
    """

    abbreviations: tuple[tuple[str, str], ...] = ()
    concepts: tuple[tuple[str, tuple[str, ...]], ...] = ()
    stop_words: tuple[str, ...] = ()
    disabled_abbreviations: tuple[str, ...] = ()
    disabled_concepts: tuple[str, ...] = ()
    disabled_stop_words: tuple[str, ...] = ()

    def __hash__(self) -> int:
        # Cache keys hash the glossary per word, so the hash is computed once, on first use.
        # It lives in the instance dict with the cached tables and is never pickled (see
        # __getstate__): str hashes differ between processes.
        cached = self.__dict__.get("_hash")
        if cached is None:
            cached = hash(tuple(getattr(self, f.name) for f in fields(self)))
            self.__dict__["_hash"] = cached
        return cached

    def __getstate__(self) -> dict[str, object]:
        """Only the entries: the hash and the folded tables are derived again after unpickling."""
        return {f.name: getattr(self, f.name) for f in fields(self)}

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)  # frozen: no setattr

    @classmethod
    def build(
        cls,
        abbreviations: Mapping[str, str] | None = None,
        concepts: Mapping[str, Iterable[str]] | None = None,
        stop_words: Iterable[str] = (),
        disable: Mapping[str, Iterable[str]] | None = None,
    ) -> Glossary:
        """Validate entries written naturally and return the glossary.

        Parameters
        ----------
        abbreviations : mapping, optional
            Abbreviation → expansion, e.g. ``{"HVV": "Hamburger Verkehrsverbund ÖPNV"}``.
        concepts : mapping, optional
            Concept name → words that name it, e.g. ``{"Radweg": ["Fahrradweg"]}``.
        stop_words : iterable of str
            Extra stop words.
        disable : mapping, optional
            Built-in entries to switch off: ``{"abbreviations": [...], "concepts": [...],
            "stop_words": [...]}``.

        Raises
        ------
        ConfigError
            Naming each bad entry (see :func:`glossary_problems`).

        Examples
        --------
        >>> from pinneberg_analysis.nlp import analyse
        >>> hvv = Glossary.build(abbreviations={"HVV": "Hamburger Verkehrsverbund"})
        >>> analyse(["Der HVV fährt zu selten"])[0].terms
        ['hvv', 'fahren', 'selten']
        >>> analyse(["Der HVV fährt zu selten"], glossary=hvv)[0].terms
        ['hvv', 'hamburger', 'verkehrsverbund', 'verkehr', 'verbund', 'fahren', 'selten']
        >>> Glossary.build(abbreviations={"H": "Hamburg"})  # doctest: +ELLIPSIS
        Traceback (most recent call last):
            ...
        pinneberg_analysis.core.errors.ConfigError: invalid glossary entries:
          abbreviations.H: 'H' is not an abbreviation: ...
        """
        entries = _normalised(abbreviations, concepts, stop_words, disable)
        problems = _problems(entries)
        if problems:
            raise ConfigError("invalid glossary entries:\n" + "\n".join(f"  {where}: {msg}"
                                                                          for where, msg in problems))
        return cls._from_entries(entries)

    @classmethod
    def _from_entries(cls, entries: dict) -> Glossary:
        return cls(
            abbreviations=tuple(sorted(entries["abbreviations"].items())),
            concepts=tuple(sorted((k, tuple(dict.fromkeys(v))) for k, v in entries["concepts"].items())),
            **{k: tuple(entries[k]) for k in ("stop_words", "disabled_abbreviations",
                                              "disabled_concepts", "disabled_stop_words")},
        )

    @property
    def is_empty(self) -> bool:
        """Whether the glossary changes nothing (the built-in vocabulary)."""
        return not (self.abbreviations or self.concepts or self.stop_words or self.disabled_abbreviations
                    or self.disabled_concepts or self.disabled_stop_words)

    # -- folded tables, derived on first use (the analysis reads these) ------------------

    @cached_property
    def abbreviation_table(self) -> dict[str, str]:
        """Folded abbreviation → expansion: the built-in table, switched-off entries removed,
        the user's entries added (they win)."""
        off = {fold_abbreviation(w) for w in self.disabled_abbreviations}
        table = {k: v for k, v in ABBREVIATIONS.items() if k not in off}
        table.update((fold_abbreviation(k), v) for k, v in self.abbreviations)
        return table

    @cached_property
    def concept_maps(self) -> tuple[dict[str, str], dict[str, str]]:
        """Member word → folded concept, and folded concept → its name (as ``concept_maps``)."""
        off = {fold_word(n) for n in self.disabled_concepts}
        user = {fold_word(name): (name, words) for name, words in self.concepts}
        member: dict[str, str] = {}
        names: dict[str, str] = {}
        for name, words in CONCEPTS.items():
            key = fold(name)
            if key not in off and key not in user:  # a user concept of that name replaces it
                names[key] = name
                member.update((w, key) for w in words)
        for key, (name, words) in user.items():
            names[key] = name
            for word in (name, *words):  # the user's words win over the built-in ones
                member[fold_word(word)] = key
                member[lemma_key(word)] = key
        return member, names

    @cached_property
    def stop(self) -> frozenset[str]:
        """The user's stop words, folded and as lemmas."""
        return frozenset({fold_word(w) for w in self.stop_words} | {lemma_key(w) for w in self.stop_words})

    @cached_property
    def unstop(self) -> frozenset[str]:
        """Built-in stop words switched off (they become content words), folded."""
        return frozenset(fold_word(w) for w in self.disabled_stop_words)

    @cached_property
    def display_words(self) -> tuple[dict[str, str], dict[str, str]]:
        """How the glossary writes its words: ``(abbreviations, other words)``, folded → written.

        The abbreviations as the user wrote them (``akn`` → ``AKN``) win over the texts'
        spelling in labels; concept names and capitalised expansion words are a fallback.
        """
        abbreviations = {fold_abbreviation(k): k for k, _ in self.abbreviations}
        words = {fold_word(name): name for name, _ in self.concepts}
        for _, expansion in self.abbreviations:
            for word in _LETTERS.findall(expansion):
                if word[:1].isupper():
                    words.setdefault(fold(word), word)
                    words.setdefault(lemma_key(word), word)  # "kaltenkirche" -> "Kaltenkirchen"
        return abbreviations, words

    def content_terms(self, key: str, terms: tuple[str, ...]) -> tuple[str, ...]:
        """A token's terms with the user's stop words removed and switched-off ones restored."""
        stop = self.stop
        if key in stop:
            return ()
        if not terms and key in self.unstop:
            return (key,)
        return tuple(t for t in terms if t not in stop) if stop else terms


def active(glossary: Glossary | None) -> Glossary | None:
    """``None`` for the built-in vocabulary (no glossary or an empty one), else the glossary.

    Raises
    ------
    ConfigError
        When ``glossary`` is neither None nor a :class:`Glossary` (e.g. a dict of entries).
    """
    if glossary is None:
        return None
    if not isinstance(glossary, Glossary):
        raise ConfigError(
            f"glossary must be a Glossary or None, got {type(glossary).__name__}; "
            "build one with Glossary.build(...) or build_glossary(config.nlp)"
        )
    return None if glossary.is_empty else glossary


def build_glossary(config: NlpConfig, source: str | Path | None = None) -> Glossary | None:
    """The glossary of a config's ``[nlp]`` section, validated; None when it adds nothing.

    The pipeline calls this once per run and hands the glossary to every stage that analyses
    text. Validation needs the word lists (an abbreviation must be no common German word),
    which is why it is not part of reading the config.

    Parameters
    ----------
    config : NlpConfig
        The ``[nlp]`` section.
    source : str or Path, optional
        The config file the section was read from, named in the error.

    Returns
    -------
    Glossary or None
        None for the built-in vocabulary (an empty section).

    Raises
    ------
    ConfigError
        One line per bad entry, named by its key (``nlp.abbreviations.WIR: ...``).

    Examples
    --------
    >>> from pinneberg_analysis.core.config import NlpConfig
    >>> build_glossary(NlpConfig()) is None
    True
    """
    entries = _normalised(config.abbreviations, config.concepts, config.stop_words,
                          config.disable.model_dump())
    problems = _problems(entries)
    if problems:
        lines = "\n".join(f"  nlp.{where}: {msg}" for where, msg in problems)
        what = f"config file {source} has" if source is not None else "the [nlp] settings have"
        raise ConfigError(f"{what} invalid settings:\n{lines}\nHow to fix: compare with the "
                          "commented default from 'pinneberg-analysis config init'.")
    glossary = Glossary._from_entries(entries)
    return None if glossary.is_empty else glossary
