"""Checks of a project's vocabulary entries (the ``[nlp]`` config), and how entries are folded.

:func:`glossary_problems` says, per entry, what is wrong and how to fix it: an abbreviation
that would take over a common German word, a concept without words, a word in two concepts,
a stop word that is also a concept, a switched-off entry that is not built in. These checks
need the word lists, so they run when the glossary is built
(:func:`pinneberg_analysis.nlp.build_glossary`), not when the config file is read.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

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

__all__ = ["COMMON_WORD_ZIPF", "LETTERS", "fold_abbreviation", "fold_word", "glossary_problems"]

_ABBREVIATION_SEPARATORS = re.compile(r"[\-\s+&./]")
_WORD_SEPARATORS = re.compile(r"[\-\s]")
LETTERS = re.compile(r"[^\W\d_]+")


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
    for word, note in ((folded, ""), (folded + "s", " (sein Plural mit s)")):
        if is_stop(word):
            return f"{word!r}{note}, ein Stoppwort"
        lemma = lex.nouns.get(word) or lex.upper_lemmas.get(word) or lex.lower_lemmas.get(word)
        if zipf(word) >= COMMON_WORD_ZIPF and (lemma or word in lex.known):
            written = lex.display.get(lemma or word)
            if not (written and written.isupper()):
                return f"{word!r}{note}, das häufige deutsche Wort {written or word!r}"
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
            problems.append((where, f"{key!r} ist keine Abkürzung: 2 oder mehr Buchstaben schreiben "
                                    "(Ziffern, Bindestriche und Leerzeichen dürfen folgen), z. B. AKN oder E-Scooter"))
        elif folded in seen:
            problems.append((where, f"{key!r} und {seen[folded]!r} sind vereinheitlicht dieselbe "
                                    f"Abkürzung ({folded!r}); eine davon behalten"))
        elif (word := _common_word(folded)) is not None:
            problems.append((where, f"{key!r} wird zu {word}; als Abkürzung würde ihre Langform überall "
                                    "ergänzt, wo die Texte dieses Wort verwenden, in jeder Schreibung. "
                                    "Sie entfernen oder die Wörter, für die sie steht, in einem Begriff "
                                    "([nlp.concepts]) aufführen"))
        seen.setdefault(folded, key)
        if not LETTERS.search(expansion):
            problems.append((where, f"die Langform von {key!r} ist leer; die Wörter schreiben, für die "
                                    f'sie steht, z. B. {key} = "..." wie HVV = "Hamburger Verkehrsverbund"'))
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
            problems.append((where, f"der Begriffsname {name!r} muss ein Wort aus Buchstaben sein, "
                                    'z. B. Radweg = ["Fahrradweg", "Radfahrstreifen"]'))
        elif fold_word(name) in names:
            problems.append((where, f"{name!r} und {names[fold_word(name)]!r} sind vereinheitlicht "
                                    "derselbe Begriff; ihre Wortlisten zusammenführen"))
        else:
            names.update((k, name) for k in _word_keys(name) if k not in names)
    owners = {k: (name, name) for k, name in names.items()}  # a concept names itself
    for name, words in concepts.items():
        where = f"concepts.{name}"
        if not words:
            problems.append((where, f"der Begriff {name!r} hat keine Wörter; die Wörter aufführen, die "
                                    'ihn nennen, z. B. Radweg = ["Fahrradweg", "Radfahrstreifen"]'))
        for word in words:
            if not fold_word(word).isalnum():
                problems.append((where, f"{word!r} ist kein Wort; einzelne Wörter aus Buchstaben schreiben "
                                        "(ein Kompositum wie 'Radfahrstreifen' ist ein Wort)"))
                continue
            keys = _word_keys(word)
            other = next((names[k] for k in keys if names.get(k, name) != name), None)
            twice = next((owners[k][0] for k in keys if owners.get(k, (name,))[0] != name), None)
            if other is not None:
                merged = ", ".join(f'"{w}"' for w in dict.fromkeys([*words, *concepts[other]]))
                problems.append((where, f"{word!r} ist der Name des Begriffs {other!r}, seine Wörter "
                                        f"kämen also nicht zu {name!r}; die beiden Begriffe zu einem "
                                        f"zusammenführen, z. B. {name} = [{merged}]"))
            elif twice is not None:
                problems.append((where, f"{word!r} steht in zwei Begriffen, {twice!r} und {name!r}; "
                                        "es in einem behalten"))
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
            problems.append(("stop_words", f"{word!r} ist kein einzelnes Wort; jedes Stoppwort einzeln "
                                           "aufführen, z. B. stop_words = [\"Pinneberg\", \"Rathaus\"]"))
            continue
        keys = _word_keys(word)
        owner = next((owners[k] for k in keys if k in owners), None)
        abbreviation = next((abbreviation_keys[k] for k in keys if k in abbreviation_keys), None)
        if owner is not None:
            what = (f"der Begriff {owner[0]!r}" if owner[0] == owner[1]
                    else f"ein Wort des Begriffs {owner[0]!r} ({owner[1]!r})")
            problems.append(("stop_words", f"{word!r} ist auch {what}; als Stoppwort fiele es weg, "
                                           "also aus einer der beiden Listen entfernen"))
        elif abbreviation is not None:
            problems.append(("stop_words", f"{word!r} ist auch die Abkürzung {abbreviation!r}; als "
                                           "Stoppwort fiele es weg, also aus einer der beiden "
                                           "Listen entfernen"))
        elif fold_word(word) in switched_on:
            problems.append(("stop_words", f"{word!r} steht auch in disable.stop_words (wieder ein "
                                           "Inhaltswort); aus einer der beiden Listen entfernen"))
    return problems


def _disable_problems(
    disabled_abbreviations: Iterable[str], disabled_concepts: Iterable[str],
    disabled_stop_words: list[str],
) -> list[tuple[str, str]]:
    problems: list[tuple[str, str]] = []
    for word in disabled_abbreviations:
        if fold_abbreviation(word) not in ABBREVIATIONS:
            written = sorted((ABBREVIATION_SPELLINGS.get(k, k) for k in ABBREVIATIONS), key=fold)
            problems.append(("disable.abbreviations", f"{word!r} ist keine eingebaute Abkürzung; "
                             f"eingebaut: {', '.join(written)}"))
    concept_names = {fold_word(n) for n in CONCEPTS}
    for word in disabled_concepts:
        if fold_word(word) not in concept_names:
            problems.append(("disable.concepts", f"{word!r} ist kein eingebauter Begriff; "
                             f"eingebaut: {', '.join(CONCEPTS)}"))
    if disabled_stop_words:
        for word in disabled_stop_words:
            if not is_stop(fold_word(word)):
                problems.append(("disable.stop_words", f"{word!r} ist kein eingebautes Stoppwort, es gibt "
                                 "also nichts abzuschalten; es aus der Liste entfernen"))
    return problems
