"""Theme labels composed from measure labels: "A und B" of their nominal cores for a theme of
two measures, "<largest measure> und weitere" for a larger one.

Used by :mod:`pinneberg_analysis.label.groups` when no phrase of a theme's texts names most of it. A
core is an optional adjective and one noun (a genitive attribute stays: "Netzwerk junger
Unternehmen"); a second noun ("Überholabstand Pkw") or an abbreviation ("Fahrradstr.") ends it.
"""

from __future__ import annotations

from pinneberg_analysis import nlp
from pinneberg_analysis.label.phrases import (
    ARTICLES,
    CONJUNCTIONS,
    MAX_WORDS,
    PREPOSITIONS,
    adjective_form,
)

__all__ = ["coordinate_cores", "largest_and_more", "nominal_core", "related_labels"]


def nominal_core(label: str) -> list[str]:
    """The nominal core of a label: up to its first preposition, conjunction or verb.

    "Fahrgastinformation an den Haltestellen" -> ["Fahrgastinformation"], "Schulen digital
    ausstatten" -> ["Schulen"], "Netzwerk junger Unternehmen" stays whole.

    Examples
    --------
    >>> nominal_core("Fahrgastinformation an den Haltestellen")
    ['Fahrgastinformation']
    >>> nominal_core("Netzwerk junger Unternehmen")
    ['Netzwerk', 'junger', 'Unternehmen']
    """
    words = label.split()
    out: list[str] = []
    for i, w in enumerate(words):
        low = w.lower()
        if low in PREPOSITIONS or low in CONJUNCTIONS or low in ARTICLES:
            break
        if w[:1].islower() and not (i + 1 < len(words) and words[i + 1][:1].isupper()):
            break  # an adverb or infinitive, not an adjective before a noun
        if w.endswith(".") or (out and out[-1][:1].isupper() and w[:1].isupper()
                               and nlp.is_noun(nlp.fold(out[-1].lower()))
                               and not (len(out) == 1 and adjective_form(out[-1]))):
            break  # an abbreviation ("Fahrradstr."), or a second noun: "Überholabstand | Pkw"
        out.append(w)
    return out


def coordinate_cores(labels: list[str]) -> str | None:
    """"A und B" from the cores of the first two labels whose heads differ.

    Examples
    --------
    >>> coordinate_cores(["Radwege sanieren", "Fahrradständer am Bahnhof"])
    'Radwege und Fahrradständer'
    """
    cores: list[list[str]] = []
    for lab in labels:
        core = nominal_core(lab)
        if not core or not core[-1][:1].isupper():
            continue
        head = nlp.fold(core[-1].lower())
        if any(nlp.fold(c[-1].lower()).endswith(head) or head.endswith(nlp.fold(c[-1].lower()))
               for c in cores):
            continue  # "Sensoren" and "Bodenfeuchtesensoren": one of them is enough
        cores.append(core)
        if len(cores) == 2:
            break
    if len(cores) < 2:
        return None
    if len(cores[0]) + len(cores[1]) + 1 > MAX_WORDS:
        cores = [c[-1:] for c in cores]
    second = cores[1]
    if len(second) > 1 and second[0].lower().endswith(("e", "er", "es", "en")) and second[0][1:].islower():
        second = [second[0].lower(), *second[1:]]  # "junge Stadtbäume" after "und"
        cores = [cores[0], second]
    return f"{' '.join(cores[0])} und {' '.join(cores[1])}"


def largest_and_more(labels: list[str]) -> str | None:
    """"<first label> und weitere", within :data:`MAX_WORDS` words (else its nominal core).

    Examples
    --------
    >>> largest_and_more(["Fahrgastinformation an den Haltestellen", "Rufbus", "Radwege"])
    'Fahrgastinformation an den Haltestellen und weitere'
    >>> largest_and_more(["Sichere Radwege in der ganzen Stadt", "Rufbus", "Radwege"])
    'Sichere Radwege und weitere'
    >>> largest_and_more(["Pflegegeld und Hilfsmittelanträge", "Rufbus", "Radwege"])
    'Pflegegeld und weitere'
    """
    if not labels:
        return None
    words = labels[0].split()
    if len(words) + 2 > MAX_WORDS or "und" in words:  # not "A und B und weitere"
        core = nominal_core(labels[0])
        if core and nlp.is_noun(nlp.fold(core[-1].lower())):
            words = core
        else:  # "Sichere und breite Radwege …": the core would end in an adjective
            words = words[:MAX_WORDS - 2]
    return f"{' '.join(words)} und weitere"


def _word_parts(label: str) -> set[str]:
    """The folded content words of a label and their compound parts (three letters or more)."""
    out: set[str] = set()
    for w in label.replace("-", " ").split():
        low = w.lower().strip(".,;:!?()")
        if len(low) < 3 or low in PREPOSITIONS or low in CONJUNCTIONS or low in ARTICLES:
            continue
        key = nlp.fold(low)
        out.add(key)
        out.update(p for p in nlp.split_compound(key) if len(p) >= 3)
    return out


def related_labels(a: str, b: str) -> bool:
    """Whether two measure labels name related things: they share a word or a compound part, or
    one's word ends in the other's ("Sicherer Radweg", "Fahrradabstellanlagen": *rad*). Two
    unrelated halves ("Benutzungspflicht aufheben", "Einleitung in Straßenverkehr") are not
    named "A und B".

    Examples
    --------
    >>> related_labels("Sicherer Radweg", "Fahrradabstellanlagen am Bahnhof")
    True
    >>> related_labels("Benutzungspflicht aufheben", "Einleitung in Straßenverkehr")
    False
    """
    pa, pb = _word_parts(a), _word_parts(b)
    return any(x == y or x.endswith(y) or y.endswith(x) for x in pa for y in pb)
