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
    candidate is multiplied by :data:`~pinneberg_analysis.label.choose.BARE_FACTOR`, and longer ones pay a little per word. A
    word that only one of three or more members uses is that author's detail and adds nothing
    ("Radweg am Bahnhof sanieren" scores as "Radwege sanieren"); a phrase whose
    prepositional group is all one author's detail counts as one word. A one-word best gives way to
    a phrase of 2–4 words that covers as many members (:data:`~pinneberg_analysis.label.choose.PHRASE_SHARE`).
    The most frequent spelling wins, with umlauts restored from the corpus. Citizens' own
    headings come first: a phrase two authors wrote as a whole title scores more, one only ever
    written as a preposition's object or a genitive less, and a noun phrase takes the verb its
    writers ask for (:mod:`~pinneberg_analysis.label.choose`). A single idea keeps its author's
    title when it has 2–6 words and reads as a heading (no question, not a noun with a place
    name alone); a one-word title gives way to its text's opening phrase.
Theme label
    Label the measures first, then the themes with the same :class:`LabelContext`: a theme
    is named by a phrase of two or more words, written by two or more authors, whose every
    word occurs in a quarter of its measures and whose nouns are theme keywords, when that phrase's nouns occur in measures
    holding :data:`THEME_SHARE` of its contributions; else by "A und B", the nominal cores of
    its two measures' labels when these are related (share a word or compound part), else by
    "<largest measure> und weitere", never two unrelated halves. It differs from its measures' labels where the texts
    offer an alternative of at least half the score.
Representatives
    The 2–3 contributions closest to the group's centre, skipping near-duplicates of one
    already chosen.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from pinneberg_analysis import nlp
from pinneberg_analysis.label.phrases import MAX_WORDS, Spelling, adjective_form, german_noun
from pinneberg_analysis.label.phrases import phrases as phrase_candidates
from pinneberg_analysis.label.choose import pick_label
from pinneberg_analysis.label.themes import coordinate_cores, largest_and_more, related_labels
from pinneberg_analysis.nlp.document import Document

__all__ = ["GroupLabel", "LabelContext", "display_forms", "label_context", "label_groups"]



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
    else ("Rheinufer Bonn", "Radweg A-B-C"): a title of capitalised words only, one of them a
    name, must hold a phrase of two or more words (see
    :func:`~pinneberg_analysis.label.phrases.phrases`) or a number ("Tempo 30").
    """
    title = ctx.spelling.restore_text(" ".join(doc.title.split()))
    if not any(c.isalpha() for c in title) or not 2 <= len(title.split()) <= MAX_WORDS:
        return None
    if title.rstrip().endswith("?"):
        return None
    words = doc.title_nlp.words
    named = all(w[0][:1].isupper() for w in words if w[0][:1].isalpha()) and any(
        (w[2] or k > 0) and w[0][:1].isupper() and w[0].replace("-", "").isalpha()
        and not german_noun(w) and not adjective_form(w[0])
        for k, w in enumerate(words))  # capitalised words only, one a name ("Bonn" may be a stop word)
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
    picked = pick_label([[row]], {row: own}, weights, ctx.cover, [1.0]) if own else None
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
    picked = pick_label(units, phrases, weights, cover, unit_weight, avoid, theme=len(parts) > 1,
                         original=original)
    label = picked[0] if picked else None
    if len(parts) > 1 and (picked is None or picked[1][1] < 2 or picked[1][0] < THEME_SHARE):
        # no phrase of the texts names most of the theme: name its two measures, or its largest
        # measure "und weitere" (two unrelated halves of a larger theme say less than that)
        ordered = [lab for _, lab in sorted(parts, key=lambda p: (-len(p[0]), p[0]))]
        pair = len(parts) == 2 and related_labels(ordered[0], ordered[1])
        label = (coordinate_cores(ordered) if pair else largest_and_more(ordered)) or label
    if label is None and len(parts) > 1:  # one author's phrase still reads better than a keyword
        picked = pick_label(units, phrases, weights, cover, unit_weight, avoid, theme=True, min_writers=1,
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
