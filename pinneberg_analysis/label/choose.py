"""Choosing a group's heading among the candidate phrases of its members.

See :mod:`pinneberg_analysis.label.groups` for how a candidate scores. Besides coverage and
keyword weight: a phrase only ever written as the object of a preposition or as a genitive
scores :data:`GOVERNED_FACTOR` ("Parken in zweiter Reihe", not "Zweite Reihe"); one that
authors wrote as a whole title scores :data:`TITLE_FACTOR` (their own heading, grammatical as
written); a noun phrase whose writers ask for it with a clause-final verb takes the verb
("Fahrbahnkissen in der Südstadt entfernen").
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict

import numpy as np

from pinneberg_analysis import nlp
from pinneberg_analysis.label.phrases import CONJUNCTIONS, MAX_WORDS, PREPOSITIONS, Phrase

__all__ = ["BARE_FACTOR", "GOVERNED_FACTOR", "PHRASE_SHARE", "TITLE_FACTOR", "covers", "pick_label", "tautological"]

#: Score factor of a one-word candidate: a heading wants a head noun and a modifier.
BARE_FACTOR = 0.6


def pick_label(
    units: list[list[int]],
    phrases: dict[int, list[Phrase]],
    weights: dict[str, float],
    cover: list[set[str]],
    unit_weight: list[float],
    avoid: frozenset[str] = frozenset(),
    theme: bool = False,
    min_writers: int = 2,
    original: np.ndarray | None = None,
) -> tuple[str, tuple[float, int]] | None:
    """The best candidate heading of a group and (its heads' coverage, units covered), or None.

    ``units`` are the members (measures) or the measures' member lists (themes); a phrase's
    heads must be shared by many units, its modifiers add their keyword weight. ``avoid``
    holds labels (case-folded) the result should differ from, where an alternative exists.
    ``original`` maps near-duplicates to their original: copies are one author.
    """
    author = (lambda i: i) if original is None else (lambda i: int(original[i]))
    best_weight = max(weights.values(), default=1.0) or 1.0
    leading = {k for k, _ in sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))[:10]}
    by_surface: dict[tuple[str, ...], Counter] = defaultdict(Counter)
    users: dict[tuple[str, ...], dict[int, float]] = defaultdict(dict)
    info: dict[tuple[str, ...], Phrase] = {}
    writers: dict[tuple[str, ...], set[int]] = defaultdict(set)
    free: set[tuple[str, ...]] = set()  # written at least once where nothing governs it
    titled: dict[tuple[str, ...], set[int]] = defaultdict(set)  # authors who wrote it as a whole title
    for u, unit in enumerate(units):
        for i in unit:
            for ph in phrases[i]:
                users[ph.keys][u] = max(users[ph.keys].get(u, 0.0), unit_weight[u])
                writers[ph.keys].add(author(i))
                if not ph.governed:
                    free.add(ph.keys)
                if ph.whole:
                    titled[ph.keys].add(author(i))
                by_surface[ph.keys][ph.surface] += 1
                info.setdefault(ph.keys, ph)
    unit_cover = [set().union(*(cover[i] for i in unit)) for unit in units]
    total = sum(unit_weight) or 1.0
    shared: dict[str, float] = {}
    probes: dict[str, set[str]] = {}

    def probe_of(key: str) -> set[str]:  # as _covers, once per key
        if key not in probes:
            probes[key] = {key, *nlp.compound_heads(key)}
        return probes[key]

    def share(key: str) -> float:
        if key not in shared:
            probe = probe_of(key)
            shared[key] = sum(w for c, w in zip(unit_cover, unit_weight)
                              if not probe.isdisjoint(c)) / total
        return shared[key]

    lonely: dict[str, bool] = {}
    n_votes = sum(min(w, 1.0) for w in unit_weight)  # near-duplicates count once

    unit_authors = [{author(i) for i in unit} for unit in units]

    def alone(key: str) -> bool:  # one author's detail: used by a single author of three or more
        if key not in lonely:
            probe = probe_of(key)
            users_of = set().union(*(a for a, c in zip(unit_authors, unit_cover) if not probe.isdisjoint(c)))
            lonely[key] = n_votes >= 3 and len(users_of) <= 1
        return lonely[key]

    candidates = []
    for keys, ph in info.items():
        heads = sum(max(_word_weight(k, weights) for k in h) * max(share(k) for k in h) for h in ph.heads)
        mods = sum(weights.get(m, 0.0) * share(m) for m in ph.modifiers if not (m in keys and alone(m)))
        freq = 1.0 + 0.1 * math.log(sum(users[keys].values()) / min(unit_weight) if unit_weight else 1.0)
        bound = (heads + mods) / best_weight * freq * (TITLE_FACTOR if titled[keys] and not theme else 1.0)
        candidates.append((-bound, keys, ph, heads + mods, freq, mods / (heads or 1.0)))
    candidates.sort(key=lambda c: (c[0], c[1]))
    scored = []
    best, bar = -math.inf, -math.inf
    for neg_bound, keys, ph, raw, freq, modified in candidates:
        if theme and (len(writers[keys]) < min_writers or not _theme_phrase(ph, unit_cover, leading)):
            continue  # a theme's heading is written by two authors, not one
        if -neg_bound <= bar:
            break  # no later candidate can beat the best (coverage <= 1), nor replace a one-word best
        together = frozenset(range(len(units)))
        for h in ph.heads:  # a theme's heading names the shared word itself, not a narrower compound
            if theme:
                together = frozenset(u for u in together if h[0] in unit_cover[u])
            else:
                together = frozenset(u for u in together if any(covers(unit_cover[u], k) for k in h))
        coverage = sum(unit_weight[u] for u in together) / total
        # a coordination claims both nouns: they must be shared, not just one of them
        score = raw / best_weight * (coverage if len(ph.heads) > 1 else math.sqrt(coverage)) * freq
        head_words = {h[0] for h in ph.heads}
        detail = [k for k in keys if k not in head_words and k not in PREPOSITIONS and k not in CONJUNCTIONS]
        if ph.bare or tautological(ph) or (detail and any(k in PREPOSITIONS for k in keys) and all(alone(k) for k in detail)):
            # one word, even a compound, or a noun with one author's prepositional group
            # ("Jugendliche über Social Media"): a heading wants a modifier the group shares
            score *= BARE_FACTOR
        if keys not in free:  # "(in) zweiter Reihe", "(für) Radfahrer und Kinderwagen": an object
            score *= GOVERNED_FACTOR
        if not theme and not ph.bare and (len(titled[keys]) > 1 or (titled[keys] and n_votes < 3)):
            score *= TITLE_FACTOR  # citizens' own heading: grammatical as written
        score -= 0.03 * (ph.n_words - 1) + 0.1 * max(0, ph.n_words - (3 if theme else 4))
        spelling = sorted(by_surface[keys].items(), key=lambda kv: (-kv[1], len(kv[0]), kv[0]))[0][0]
        if spelling.casefold() not in avoid and score > best:
            best = score
            bar = score * (PHRASE_SHARE if ph.n_words == 1 else 1.0)
        scored.append((-round(score, 9), ph.n_words, spelling, keys, (coverage, len(together)),
                       tuple(sorted({k for h in ph.heads for k in h}))))
    if not scored:
        return None
    scored.sort()
    top_score = -scored[0][0]
    distinct = [s for s in scored if s[2].casefold() not in avoid]
    if distinct and -distinct[0][0] >= 0.5 * top_score:
        scored = distinct
    scored = [*_phrase_over_word(scored), *scored]
    if not theme:
        verb = _with_verb(scored[0][3], info, users, by_surface)
        if verb is not None:  # "Fahrbahnkissen (in der Südstadt)" -> "… entfernen": say what is asked
            return verb, scored[0][4]
    return re.sub(r"\bTempo(\d{2,3})\b", r"Tempo \1", scored[0][2]), scored[0][4]


#: Score factor of a phrase that is only ever written as the object of a preposition or as a
#: genitive attribute ("Parken in zweiter Reihe" -> not "Zweite Reihe"): the object is where or
#: for whom, not what is asked for.
GOVERNED_FACTOR = 0.6
#: Score factor of a phrase that two or more authors (in a group of one or two: one) wrote as a
#: whole title.
TITLE_FACTOR = 1.3

#: A one-word best gives way to a phrase of two to four words that covers as many units and
#: scores at least this share of it ("Innenstadt-WLAN" -> "WLAN in der Fußgängerzone",
#: "Pinneberg-Gutschein" -> "Digitaler Stadtgutschein").
PHRASE_SHARE = 0.6


def _phrase_over_word(scored: list[tuple]) -> list[tuple]:
    """``[phrase]`` when the sorted ``scored`` candidates start with one word such a phrase can
    replace (see :data:`PHRASE_SHARE`), else ``[]``."""
    top = scored[0]
    if top[1] != 1:
        return []
    for cand in scored[1:]:
        if -cand[0] < PHRASE_SHARE * -top[0]:
            break
        if 2 <= cand[1] <= 4 and (cand[4][1] >= top[4][1] or (
                cand[4][1] >= 2 and -cand[0] >= CLOSE_SHARE * -top[0])):
            return [cand]
    return []


#: A one-word best also gives way to a phrase of two or more members that scores at least this
#: share of it ("Jugendliche" -> "Jugendbeteiligung per App"): nearly as good, and a heading.
CLOSE_SHARE = 0.85


def _with_verb(keys: tuple[str, ...], info: dict, users: dict, by_surface: dict) -> str | None:
    """The phrase ``keys`` followed by the clause-final infinitive that at least half of its
    writers add ("Fahrbahnkissen entfernen" for "Fahrbahnkissen"), within :data:`MAX_WORDS`;
    else None. A noun phrase without the verb its authors ask for is half the request."""
    best = None
    for ext, ph in info.items():
        if len(ext) != len(keys) + 1 or ext[:-1] != keys or ph.n_words > MAX_WORDS:
            continue
        surface = sorted(by_surface[ext].items(), key=lambda kv: (-kv[1], len(kv[0]), kv[0]))[0][0]
        last = surface.split()[-1]
        if not (last[:1].islower() and last.endswith("n") and nlp.fold(last) == ext[-1]):
            continue  # not an infinitive as written
        n = sum(users[ext].values())
        if 2 * n >= sum(users[keys].values()) and (best is None or n > best[0]):
            best = (n, surface)
    return None if best is None else best[1][:1].upper() + best[1][1:]


def _theme_phrase(ph: Phrase, unit_cover: list[set[str]], leading: set[str]) -> bool:
    """A theme heading: two or more words, each used in two and a quarter of its measures, its nouns keywords."""
    if ph.n_words < 2 or len(ph.heads) > 1 or not all(h[0] in leading for h in ph.heads):
        return False
    if "oder" in ph.keys:  # "Schutzstreifen oder parkende Autos": an alternative, not what is shared
        return False
    if tautological(ph):
        return False
    words = [k for k in ph.keys if k not in PREPOSITIONS and k not in CONJUNCTIONS]
    need = max(2, math.ceil(len(unit_cover) / 4))
    return all(sum(k in c for c in unit_cover) >= need for k in words)


def tautological(ph: Phrase) -> bool:
    """Whether a modifier only repeats its head noun ("Fahrende Radfahrer", "Parkende Parker"):
    the stem of a participle or adjective (four letters or more) inside the head compound."""
    heads = [h[0] for h in ph.heads]
    for m in ph.modifiers:
        if any(m in h for h in heads):
            continue  # a part of the compound itself ("Online-Beteiligung"), not a separate word
        stem = re.sub(r"(end|en|e|n)$", "", m)
        if len(stem) >= 4 and any(stem in h and stem != h for h in heads):
            return True
    return False


def covers(terms: set[str], key: str) -> bool:
    return key in terms or any(h in terms for h in nlp.compound_heads(key))


def _word_weight(key: str, weights: dict[str, float]) -> float:
    """A word's keyword weight: its own, or that of its head compound ("Echtzeitanzeige" -> "Anzeige")."""
    best = weights.get(key, 0.0)
    for part in nlp.compound_heads(key):
        best = max(best, weights.get(part, 0.0))
    return best
