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

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from functools import cached_property
from pathlib import Path

from pinneberg_analysis.core.config import NlpConfig
from pinneberg_analysis.core.errors import ConfigError
from pinneberg_analysis.nlp.glossary_checks import (
    LETTERS,
    fold_abbreviation,
    fold_word,
    glossary_problems,
)
from pinneberg_analysis.nlp.lexicon import ABBREVIATIONS, CONCEPTS, fold
from pinneberg_analysis.nlp.words import lemma_key

__all__ = ["Glossary", "active", "build_glossary"]

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
        raise ConfigError(f"disable hat unbekannte Schlüssel {unknown}. So beheben: nur "
                          "abbreviations, concepts und stop_words verwenden.")
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
            Naming each bad entry (see :func:`~pinneberg_analysis.nlp.glossary_checks.glossary_problems`).

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
        pinneberg_analysis.core.errors.ConfigError: ungültige Glossar-Einträge:
          abbreviations.H: 'H' ist keine Abkürzung: ...
        """
        entries = _normalised(abbreviations, concepts, stop_words, disable)
        problems = _problems(entries)
        if problems:
            raise ConfigError("ungültige Glossar-Einträge:\n" + "\n".join(f"  {where}: {msg}"
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
            for word in LETTERS.findall(expansion):
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
            f"glossary muss ein Glossary oder None sein, nicht {type(glossary).__name__}. "
            "So beheben: eines mit Glossary.build(...) oder build_glossary(config.nlp) bauen."
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
        what = (f"Die Einstellungsdatei {source} enthält" if source is not None
                else "Die Einstellungen [nlp] enthalten")
        raise ConfigError(f"{what} ungültige Einstellungen:\n{lines}\nSo beheben: mit der "
                          "kommentierten Vorlage aus 'pinneberg-analysis config init' vergleichen.")
    glossary = Glossary._from_entries(entries)
    return None if glossary.is_empty else glossary
