"""Written forms of heading words: the nominative of a noun, adjective endings, spellings.

Used by :mod:`pinneberg_analysis.label.phrases` to write a candidate phrase as a heading
("an den Straßenbäumen" -> "Straßenbäume", "sicheren Radweg" -> "Sicherer Radweg",
"Buergerbuero" -> "Bürgerbüro").
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable

from pinneberg_analysis import nlp
from pinneberg_analysis.core.caches import memoize

__all__ = ["Spelling", "adjective_base", "adjective_stem", "nominative_noun"]

ADJ_ENDINGS = ("e", "en", "er", "es", "em")
_UMLAUTS = frozenset("äöüßÄÖÜ")


class Spelling:
    """The best written form of each word in a corpus: umlauts over ae/oe/ue, then frequency."""

    def __init__(self, surfaces: Iterable[str]) -> None:
        counts: dict[str, Counter] = defaultdict(Counter)
        for s in surfaces:
            s = s.strip("-")
            if s:
                counts[nlp.fold(s.lower())][s.lower()] += 1
        self._best = {
            k: sorted(c.items(), key=lambda kv: (not (_UMLAUTS & set(kv[0])), -kv[1], kv[0]))[0][0]
            for k, c in counts.items()
        }

    def restore(self, word: str, key: str = "") -> str:
        """``word`` in its best spelling, keeping its capitalisation and hyphenation."""
        if _UMLAUTS & set(word) or not any(p in word.lower() for p in ("ae", "oe", "ue", "ss")):
            return word
        pieces = word.split("-")
        if len(pieces) > 1:
            return "-".join(self.restore(p) for p in pieces)
        best = self._best.get(nlp.fold(word.lower()))
        if (best is None or not (_UMLAUTS & set(best))) and key and nlp.fold(word.lower()) == key:
            dictionary = nlp.display_form(key)
            best = dictionary.lower() if dictionary else best
        if best is None or nlp.fold(best) != nlp.fold(word.lower()):
            return word
        return _case_like(best, word)


    def seen(self, word: str) -> bool:
        """Whether the corpus writes ``word`` (any case, umlauts folded)."""
        return nlp.fold(word.lower()) in self._best

    def restore_text(self, text: str) -> str:
        """Every word of a free text in its best spelling."""
        return re.sub(r"[^\W\d_]+(?:-[^\W\d_]+)*", lambda m: self.restore(m.group(0)), text)


def _case_like(form: str, model: str) -> str:
    if model.isupper() and len(model) > 1:
        return form.upper()
    return form[:1].upper() + form[1:] if model[:1].isupper() else form


def adjective_base(surface: str, lemma: str) -> str | None:
    """The uninflected adjective of ``surface``: its lemma when it begins the word ("sicheren"
    -> "sicher"), else the word without its ending ("haltende" -> "haltend", "flexible" ->
    "flexibl" + ending); None when the lemma is no adjective."""
    lemma = lemma.lower()
    if lemma.endswith("n") and surface.lower().startswith(lemma + "d"):
        return lemma + "d"  # a present participle: "haltende" -> "haltend"
    if not nlp.is_verb(nlp.fold(lemma)):  # a participle keeps its "-end"/"-t": "haltende"
        base = adjective_stem(lemma)
        # an inflected base must give the written form back: not "befindliche" + "n"
        low = surface.lower()
        if low in {base + e for e in ADJ_ENDINGS} or (low.startswith(base) and (
                not base.endswith(ADJ_ENDINGS) or nlp.is_lowercase_lemma(nlp.fold(base)))):
            return base
    for ending in ("em", "en", "er", "es", "e"):
        if surface.lower().endswith(ending) and len(surface) - len(ending) >= 3:
            return surface[: -len(ending)].lower()
    return None


def adjective_stem(lemma: str) -> str:
    """An adjective without the inflection an unlisted lemma kept ("freie" -> "frei")."""
    if nlp.is_lowercase_lemma(nlp.fold(lemma)):
        return lemma
    for ending in ("es", "en", "em", "e"):
        if lemma.endswith(ending) and len(lemma) - len(ending) >= 3:
            return lemma[: -len(ending)]
    return lemma


@memoize(maxsize=100_000)
def nominative_noun(surface: str, key: str, adjective: str = "") -> tuple[str | None, str]:
    """The nominative of a noun as written (same number), and the strong adjective ending.

    Where singular and plural are written alike ("Unternehmen", "Gründer"), the written
    adjective decides: "junger Unternehmen" (neuter) and "junge Gründer" (masculine) are plural.
    """
    parts = nlp.split_compound(key)
    head_key = key if nlp.noun_info(key) else parts[-1]
    info = nlp.noun_info(head_key)
    if info is None:
        return None, ""
    singular, plural, genus = info
    low = nlp.fold(surface.lower())
    if low != key and low.endswith("en") and nlp.is_lowercase_lemma(low) \
            and low not in {nlp.fold(singular.lower()), nlp.fold(plural.lower())}:
        return surface, "es"  # a verb written as a noun stays: "Parken", not the plural "Parks"
    is_plural = nlp.is_plural_form(surface) or (
        head_key != key and bool(plural) and any(  # the head as written, also dative ("-bäumen")
            nlp.is_plural_form(surface[-n:]) for n in (len(plural), len(plural) + 1)))
    if plural and nlp.fold(singular) == nlp.fold(plural) and adjective:
        adj = adjective.lower()
        is_plural = (adj.endswith("e") and genus in ("m", "n")) or (adj.endswith("er") and genus in ("f", "n"))
    form = plural if is_plural and plural else singular
    ending = "e" if is_plural else {"m": "er", "f": "e", "n": "es"}.get(genus, "e")
    if head_key != key:  # compound: keep the modifier as written
        prefix_len = 0  # where the head starts as written; not found: no safe nominative
        for cut in range(len(surface), 0, -1):
            if nlp.fold(surface[cut:]).startswith(nlp.fold(form)[:3]) and len(surface) - cut <= len(form) + 2:
                prefix_len = cut
                break
        if prefix_len <= 0:
            return None, ""
        form = surface[:prefix_len] + (form.lower() if "-" not in surface[prefix_len - 1 : prefix_len] else form)
    return form, ending
