"""Labels, keywords and representative contributions for measures and themes.

Keywords
    Class-based TF-IDF over the lemmas of :mod:`pinneberg_analysis.nlp.analysis` (abbreviations
    with their expansions): a term's weight in a group is the share of the group's
    contributions that use it, times ``log(1 + N / df)`` over all ``N`` contributions. Shares
    instead of counts keep one long text from deciding a group's vocabulary; near-duplicates
    of one original share a single vote.
Measure label
    The best heading the contributions themselves write, so that a label never invents
    words: candidates are the noun phrases of :mod:`~pinneberg_analysis.label.phrases`
    (core, coordination, a complete prepositional group, a genitive, a clause-final
    infinitive or adverb). A candidate scores, for each of its words, the keyword weight
    times the share of members that use it (head nouns also count through their compound
    heads, modifiers of compounds count too: "Online-Anträge" carries *online* and *Antrag*),
    times the square root of the share using all its head nouns together (the share itself
    for a coordination: both nouns must be shared), times ``1 + 0.1 log(votes)``; a one-word
    candidate is multiplied by :data:`BARE_FACTOR`, and longer ones pay a little per word. A
    word that only one of three or more members uses is that author's detail and adds nothing
    ("Radweg am Bahnhof sanieren" scores as "Radwege sanieren"); a phrase whose
    prepositional group is all one author's detail counts as one word. A one-word best gives way to
    a phrase of 2–4 words that covers as many members (:data:`PHRASE_SHARE`).
    The most frequent spelling wins, with umlauts restored from the corpus. A single idea
    keeps its author's title when it has 2–6 words.
Theme label
    Label the measures first, then the themes with the same :class:`LabelContext`: a theme
    is named by a phrase of two or more words, written by two or more authors, whose every
    word occurs in a quarter of its measures and whose nouns are theme keywords, when that phrase's nouns occur in measures
    holding :data:`THEME_SHARE` of its contributions; else by "A und B", the nominal cores of
    its two largest measures' labels. It differs from its measures' labels where the texts
    offer an alternative of at least half the score.
Representatives
    The 2–3 contributions closest to the group's centre, skipping near-duplicates of one
    already chosen.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from pinneberg_analysis import nlp
from pinneberg_analysis.label.phrases import (
    CONJUNCTIONS,
    MAX_WORDS,
    PREPOSITIONS,
    Phrase,
    Spelling,
    adjective_form,
    german_noun,
)
from pinneberg_analysis.label.phrases import phrases as phrase_candidates
from pinneberg_analysis.label.themes import coordinate_cores, largest_and_more, related_labels
from pinneberg_analysis.nlp.document import Document

__all__ = ["GroupLabel", "LabelContext", "display_forms", "label_context", "label_groups"]

#: Score factor of a one-word candidate: a heading wants a head noun and a modifier.
BARE_FACTOR = 0.6


@dataclass(frozen=True)
class GroupLabel:
    """Label, keywords and representative rows of one group."""

    label: str
    keywords: tuple[str, ...]
    representatives: tuple[int, ...]


def display_forms(docs: Sequence[Document]) -> dict[str, str]:
    """The readable spelling of each lemma: dictionary form, else its most frequent spelling.

    Parameters
    ----------
    docs : sequence of Document

    Returns
    -------
    dict
        Folded lemma -> spelling (``fahrgastinformation`` -> ``Fahrgastinformation``,
        ``oepnv`` -> ``ÖPNV``); the abbreviations of the documents' glossary as written
        there, its concept names and expansion words where the texts have no spelling.
    """
    counts: dict[str, Counter] = defaultdict(Counter)
    for d in docs:
        for a in (d.title_nlp, d.text_nlp):
            for _, key, content, _, lemma in a.words:
                if content:
                    counts[key][lemma] += 1
    out: dict[str, str] = {}
    for key, forms in counts.items():
        best = sorted(forms.items(), key=lambda kv: (-kv[1], kv[0].islower(), kv[0]))[0][0]
        out[key] = best.strip("-")
    glossary = docs[0].glossary if docs else None
    if glossary is not None:  # a project's abbreviations as it writes them ("AKN", not "Akn")
        abbreviations, words = glossary.display_words
        out.update(abbreviations)
        out.update((k, v) for k, v in words.items() if k not in out)
    return out


def _display(key: str, forms: dict[str, str]) -> str:
    """How a keyword is shown: as written in the texts, else its dictionary form."""
    if key.startswith("tempo") and key[5:].isdigit():
        return f"Tempo {key[5:]}"
    return forms.get(key) or nlp.display_form(key) or key


def _member_weights(members: list[int], original: np.ndarray | None) -> dict[int, float]:
    """Each member's weight: near-duplicates of one original share a single vote."""
    if original is None:
        return {i: 1.0 for i in members}
    sizes = Counter(int(original[i]) for i in members)
    return {i: 1.0 / sizes[int(original[i])] for i in members}


def _keyword_weights(
    groups: list[list[int]], doc_terms: list[set[str]], n_docs: int, df: Counter,
    original: np.ndarray | None = None,
) -> list[dict[str, float]]:
    weights = []
    for members in groups:
        counts: Counter = Counter()
        mw = _member_weights(members, original)
        for i in members:
            for t in doc_terms[i]:
                counts[t] += mw[i]
        size = max(sum(mw.values()), 1.0)
        weights.append(
            {t: (c / size) * math.log(1 + n_docs / df[t]) for t, c in counts.items()}
        )
    return weights


def _pick_label(
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
        bound = (heads + mods) / best_weight * freq
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
                together = frozenset(u for u in together if any(_covers(unit_cover[u], k) for k in h))
        coverage = sum(unit_weight[u] for u in together) / total
        # a coordination claims both nouns: they must be shared, not just one of them
        score = raw / best_weight * (coverage if len(ph.heads) > 1 else math.sqrt(coverage)) * freq
        head_words = {h[0] for h in ph.heads}
        detail = [k for k in keys if k not in head_words and k not in PREPOSITIONS and k not in CONJUNCTIONS]
        if ph.bare or (detail and any(k in PREPOSITIONS for k in keys) and all(alone(k) for k in detail)):
            # one word, even a compound, or a noun with one author's prepositional group
            # ("Jugendliche über Social Media"): a heading wants a modifier the group shares
            score *= BARE_FACTOR
        if keys not in free:  # "(in) zweiter Reihe", "(für) Radfahrer und Kinderwagen": an object
            score *= GOVERNED_FACTOR
        if not theme and not ph.bare and titled[keys]:  # a citizen's own heading: grammatical as written
            score *= TITLE_FACTOR if len(titled[keys]) > 1 or n_votes < 3 else math.sqrt(TITLE_FACTOR)
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
    return re.sub(r"\bTempo(\d{2,3})\b", r"Tempo \1", scored[0][2]), scored[0][4]


#: Score factor of a phrase that is only ever written as the object of a preposition or as a
#: genitive attribute ("Parken in zweiter Reihe" -> not "Zweite Reihe"): the object is where or
#: for whom, not what is asked for.
GOVERNED_FACTOR = 0.6
#: Score factor of a phrase that two or more authors (in a group of one or two: one) wrote as a
#: whole title; square-rooted for one author of a larger group.
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
        if 2 <= cand[1] <= 4 and cand[4][1] >= top[4][1]:
            return [cand]
    return []


def _theme_phrase(ph: Phrase, unit_cover: list[set[str]], leading: set[str]) -> bool:
    """A theme heading: two or more words, each used in two and a quarter of its measures, its nouns keywords."""
    if ph.n_words < 2 or len(ph.heads) > 1 or not all(h[0] in leading for h in ph.heads):
        return False
    if "oder" in ph.keys:  # "Schutzstreifen oder parkende Autos": an alternative, not what is shared
        return False
    words = [k for k in ph.keys if k not in PREPOSITIONS and k not in CONJUNCTIONS]
    need = max(2, math.ceil(len(unit_cover) / 4))
    return all(sum(k in c for c in unit_cover) >= need for k in words)


def _covers(terms: set[str], key: str) -> bool:
    return key in terms or any(h in terms for h in nlp.compound_heads(key))


def _word_weight(key: str, weights: dict[str, float]) -> float:
    """A word's keyword weight: its own, or that of its head compound ("Echtzeitanzeige" -> "Anzeige")."""
    best = weights.get(key, 0.0)
    for part in nlp.compound_heads(key):
        best = max(best, weights.get(part, 0.0))
    return best


@dataclass
class LabelContext:
    """What labelling needs per contribution, computed once per corpus.

    ``labelled`` remembers the groups labelled with this context (members -> label), so
    that a coarser grouping labelled later (themes after measures) knows its parts.
    """

    forms: dict[str, str]
    doc_terms: list[set[str]]
    df: Counter
    cover: list[set[str]]
    spelling: Spelling
    phrases: dict[int, list] = field(default_factory=dict)
    labelled: list[dict[tuple[int, ...], str]] = field(default_factory=list)


def label_context(docs: Sequence[Document], forms: dict[str, str] | None = None) -> LabelContext:
    """Precompute keyword sets, document frequencies, spellings and display forms of a corpus."""
    doc_terms = [set(d.title_nlp.lemmas) | set(d.text_nlp.lemmas) for d in docs]
    df: Counter = Counter()
    for terms in doc_terms:
        df.update(terms)
    cover = [terms | {h for t in terms for h in nlp.compound_heads(t)} for terms in doc_terms]
    spelling = Spelling(w[0] for d in docs for a in (d.title_nlp, d.text_nlp) for w in a.words)
    return LabelContext(forms if forms is not None else display_forms(docs), doc_terms, df, cover, spelling)


def _parts_of(members: list[int], ctx: LabelContext) -> list[tuple[tuple[int, ...], str]]:
    """The groups of the previous, finer grouping that lie inside ``members`` (a theme's measures)."""
    inside = set(members)
    return [(g, lab) for g, lab in ctx.labelled[-1].items() if set(g) <= inside]


def _is_coarser(groups: list[list[int]], ctx: LabelContext) -> bool:
    """Whether ``groups`` merge the groups labelled last with ``ctx`` (themes after measures)."""
    if not ctx.labelled:
        return False
    prev = ctx.labelled[-1]
    where = {i: g for g, members in enumerate(groups) for i in members}
    if len(groups) >= len(prev):
        return False
    return all(len({where.get(i, -1) for i in g}) == 1 and g[0] in where for g in prev if g)


def label_groups(
    docs: Sequence[Document],
    groups: Sequence[Sequence[int]],
    vectors: np.ndarray,
    *,
    original: np.ndarray | None = None,
    n_keywords: int = 5,
    n_representatives: int = 3,
    forms: dict[str, str] | None = None,
    context: "LabelContext | None" = None,
    problems: Sequence[bool] | np.ndarray | None = None,
) -> list[GroupLabel]:
    """Label each group of contributions.

    Parameters
    ----------
    docs : sequence of Document
        All analysed contributions (keywords are weighted against all of them).
    groups : sequence of sequence of int
        Row indices of each group's members.
    vectors : ndarray or sparse matrix of shape (n_docs, d)
        L2-normalised vectors, to find the contributions closest to a group's centre.
    original : ndarray of int, optional
        Near-duplicate originals (see :mod:`pinneberg_analysis.cluster.duplicates`); a
        representative's near-duplicates are skipped, and near-duplicates share one vote
        in keywords and labels (a copy-paste campaign does not name its measure alone).
    n_keywords, n_representatives : int
        How many keywords and representatives.
    forms : dict, optional
        Display spellings (see :func:`display_forms`), computed when omitted.
    context : LabelContext, optional
        Per-corpus data from :func:`label_context`, to label several groupings of the same
        contributions without repeating the work. Label the measures first, then the themes
        with the same context: a theme's label is then chosen for what its measures share
        and differs from their labels where the texts allow.
    problems : sequence of bool, optional
        Per contribution: a workshop's problem statement (section "Herausforderungen")
        rather than an idea. A measure with ideas among its members is named from its ideas
        only: a problem ("Junge Stadtbäume vertrocknen") does not name the measure that
        answers it (soil-moisture sensors).

    Returns
    -------
    list of GroupLabel
        One per group, in order.
    """
    ctx = context if context is not None else label_context(docs, forms)
    forms, doc_terms, cover, phrases = ctx.forms, ctx.doc_terms, ctx.cover, ctx.phrases
    member_lists = [list(g) for g in groups]
    weights = _keyword_weights(member_lists, doc_terms, len(docs), ctx.df, original)
    for i in sorted({i for g in member_lists for i in g} - set(phrases)):
        untitled = not docs[i].title_nlp.words
        phrases[i] = phrase_candidates(docs[i].title_nlp, ctx.spelling, heading=True) + phrase_candidates(
            docs[i].text_nlp, ctx.spelling, heading=untitled)
    coarser = _is_coarser(member_lists, ctx)
    out = []
    new_labels: dict[tuple[int, ...], str] = {}
    for members, w in zip(member_lists, weights):
        ranked = sorted(w.items(), key=lambda kv: (-kv[1], kv[0]))
        top = [t for t, _ in ranked[: max(n_keywords, 2)]]
        keywords = tuple(dict.fromkeys(_display(t, forms) for t in top[:n_keywords]))
        label = (_whole_title(docs[members[0]], ctx) or _own_heading(docs[members[0]], ctx)) \
            if len(members) == 1 else None
        if label is None:
            naming = members
            if problems is not None and not coarser:
                naming = [i for i in members if not problems[i]] or members
            label = _group_label(naming, phrases, w, cover, original, ctx, top, coarser)
            if len(members) == 1:
                label = _single_idea_label(docs[members[0]], members[0], label, w, ctx)
        new_labels[tuple(sorted(members))] = label
        out.append(GroupLabel(label, keywords, _representatives(members, vectors, original, n_representatives)))
    ctx.labelled.append(new_labels)
    return out


def _whole_title(doc: Document, ctx: LabelContext) -> str | None:
    """A single idea's title of 2-6 words that reads as a heading, as its label; else None.

    A question ("Was ist los in X?") is no heading, nor a noun with a place name and nothing
    else ("Rheinufer Bonn", "Radweg A-B-C"): a title with a name must hold a phrase of two or
    more words (see :func:`~pinneberg_analysis.label.phrases.phrases`) or a number ("Tempo 30").
    """
    title = ctx.spelling.restore_text(" ".join(doc.title.split()))
    if not any(c.isalpha() for c in title) or not 2 <= len(title.split()) <= MAX_WORDS:
        return None
    if title.rstrip().endswith("?"):
        return None
    named = any(w[2] and w[0][:1].isupper() and not german_noun(w) and not adjective_form(w[0])
                for w in doc.title_nlp.words)
    if named and not any(c.isdigit() for c in title) and not any(
            ph.n_words >= 2 for ph in phrase_candidates(doc.title_nlp, ctx.spelling)):
        return None
    return title[:1].upper() + title[1:]


def _own_heading(doc: Document, ctx: LabelContext) -> str | None:
    """The opening clause of a single idea without a usable title, when that clause is a whole
    phrase of two or more words ("Regiomat. Ein Automat mit regionalen Lebensmitteln (…)" ->
    "Automat mit regionalen Lebensmitteln"); else None. A title of two or more words is left
    to :func:`_single_idea_label`."""
    if sum(1 for w in doc.title_nlp.words if w[2]) > 1:
        return None
    own = [ph for ph in phrase_candidates(doc.text_nlp, ctx.spelling, heading=True)
           if ph.whole and ph.n_words >= 2 and not ph.governed]
    if not own:
        return None
    label = max(own, key=lambda ph: ph.n_words).surface
    return label[:1].upper() + label[1:]


def _single_idea_label(doc: Document, row: int, label: str, weights: dict[str, float],
                       ctx: LabelContext) -> str:
    """The label of a single idea whose title is not a whole label (see :func:`_whole_title`):
    the title's best phrase of two or more words; a one-word title when its text has no
    better heading; else the group label."""
    title = ctx.spelling.restore_text(" ".join(doc.title.split()))
    n_title = len(title.split())
    if not any(c.isalpha() for c in title):
        return label
    own = [ph for ph in phrase_candidates(doc.title_nlp, ctx.spelling) if ph.n_words >= 2]
    picked = _pick_label([[row]], {row: own}, weights, ctx.cover, [1.0]) if own else None
    if picked is not None:
        return picked[0][:1].upper() + picked[0][1:]
    if n_title == 1:
        words = [w for w in doc.title_nlp.words if w[2]]
        head = nlp.split_compound(words[0][1])[-1] if words else ""
        stem = head[: max(4, len(head) - 1)]
        if len(label.split()) >= 2 and len(head) >= 4 and stem in nlp.fold(label.lower()):
            return label  # "Staßenbahnweichen" -> "Tückische Weichen": the text says more
        return title[:1].upper() + title[1:]
    return label


def _group_label(members: list[int], phrases: dict[int, list], weights: dict[str, float],
                 cover: list[set[str]], original: np.ndarray | None, ctx: LabelContext,
                 top: list[str], coarser: bool) -> str:
    parts = _parts_of(members, ctx) if coarser else []
    if parts:  # a theme: what its measures share, not the label of one of them
        units = [list(g) for g, _ in parts]
        unit_weight = [float(len(g)) for g in units]
        avoid = frozenset(lab.casefold() for _, lab in parts)
    else:
        mw = _member_weights(members, original)
        units = [[i] for i in members]
        unit_weight = [mw[i] for i in members]
        avoid = frozenset()
    picked = _pick_label(units, phrases, weights, cover, unit_weight, avoid, theme=len(parts) > 1,
                         original=original)
    label = picked[0] if picked else None
    if len(parts) > 1 and (picked is None or picked[1][1] < 2 or picked[1][0] < THEME_SHARE):
        # no phrase of the texts names most of the theme: name its two measures, or its largest
        # measure "und weitere" (two unrelated halves of a larger theme say less than that)
        ordered = [lab for _, lab in sorted(parts, key=lambda p: (-len(p[0]), p[0]))]
        pair = len(parts) == 2 and related_labels(ordered[0], ordered[1])
        label = (coordinate_cores(ordered) if pair else largest_and_more(ordered)) or label
    if label is None and len(parts) > 1:  # one author's phrase still reads better than a keyword
        picked = _pick_label(units, phrases, weights, cover, unit_weight, avoid, theme=True, min_writers=1,
                             original=original)
        label = picked[0] if picked else None
    if label is None:
        label = _display(top[0], ctx.forms) if top else "Ohne Stichworte"
    return label[:1].upper() + label[1:]


#: A theme is named by one phrase of its texts when the phrase's nouns occur in measures that
#: hold at least this share of its contributions; else by its two largest measures.
THEME_SHARE = 0.5


def _representatives(
    members: list[int], vectors: np.ndarray, original: np.ndarray | None, n: int
) -> tuple[int, ...]:
    if not members:
        return ()
    idx = np.asarray(members)
    rows = vectors[idx]
    centre = np.asarray(rows.mean(axis=0)).ravel()
    sims = np.asarray(rows @ centre).ravel()
    order = sorted(range(len(idx)), key=lambda j: (-round(float(sims[j]), 6), idx[j]))
    chosen: list[int] = []
    seen: set[int] = set()
    for j in order:
        row = int(idx[j])
        group = int(original[row]) if original is not None else row
        if group in seen:
            continue
        seen.add(group)
        chosen.append(row)
        if len(chosen) == n:
            break
    return tuple(chosen)
