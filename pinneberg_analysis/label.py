"""Labels, keywords and representative contributions for measures and themes.

Keywords
    Class-based TF-IDF over the lemmas of :mod:`pinneberg_analysis.nlp` (abbreviations
    with their expansions): a term's weight in a group is the share of the group's
    contributions that use it, times ``log(1 + N / df)`` over all ``N`` contributions. Shares
    instead of counts keep one long text from deciding a group's vocabulary.
Label
    The best *noun phrase* the contributions themselves use, so that a label reads like a
    heading and never invents words: candidates are ``[Adj]{0,2} Noun`` optionally followed
    by ``Prep [Article] [Adj] Noun`` ("Echtzeit-Fahrgastinformation an Haltestellen",
    "sichere Radwege"), found without a tagger (German nouns are capitalised; a lower-case
    word with an adjective ending before a noun is an adjective). A candidate scores the
    summed keyword weights of its words, times ``1 + log(n)`` for the ``n`` contributions that
    use it; phrases of more than six words are not candidates. The most frequent spelling
    wins. When no phrase carries the group's second keyword, it is added with "und".
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
from functools import lru_cache

import numpy as np

from . import nlp
from .vectorize import Document

__all__ = ["GroupLabel", "LabelContext", "display_forms", "label_context", "label_groups"]

PREPOSITIONS = frozenset(
    "an am im in auf für mit zu zum zur von vom bei beim durch über unter vor nach ohne "
    "gegen zwischen aus ins ans aufs statt per".split()
)
ARTICLES = frozenset("der die das den dem des ein eine einen einem einer eines alle allen".split())
_ADJ_ENDINGS = ("e", "en", "er", "es", "em")
MAX_WORDS = 6
_ADJ, _NOUN, _PREP, _ART, _OTHER = "A", "N", "P", "D", "O"


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
        ``oepnv`` -> ``ÖPNV``).
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
    return out


def _display(key: str, forms: dict[str, str]) -> str:
    """How a keyword is shown: as written in the texts, else its dictionary form."""
    if key.startswith("tempo") and key[5:].isdigit():
        return f"Tempo {key[5:]}"
    return forms.get(key) or nlp.display_form(key) or key


def _word_class(surface: str, key: str, content: bool, boundary: int, lemma: str) -> str:
    low = surface.lower()
    if low in PREPOSITIONS:
        return _PREP
    if low in ARTICLES:
        return _ART
    if not content:
        return _OTHER
    if surface[:1].isupper() and lemma[:1].isupper():
        return _NOUN
    if surface.isupper() and len(surface) > 1:
        return _NOUN  # abbreviation
    if nlp.is_noun(key) and surface[:1].islower() and not nlp.is_lowercase_lemma(key) \
            and not low.endswith(_ADJ_ENDINGS):
        return _NOUN  # a noun written in lower case
    if low.endswith(_ADJ_ENDINGS) and lemma[:1].islower() and not (nlp.is_verb(key) and nlp.fold(low) == key):
        return _ADJ
    return _OTHER


def _phrases(a: nlp.AnalysedText) -> list[tuple[tuple[str, ...], str]]:
    """Noun phrases of one text: (key sequence, surface)."""
    words = a.words
    classes = [_word_class(*w) for w in words]
    out: list[tuple[tuple[str, ...], str]] = []
    n = len(words)
    for start in range(n):
        if classes[start] not in (_ADJ, _NOUN):
            continue
        i = start
        while i < n and classes[i] == _ADJ and i - start < 2 and (i == start or words[i][3] == 0):
            i += 1
        if i >= n or classes[i] != _NOUN or (i > start and words[i][3]):
            continue
        core_end = i + 1
        out.append((_keys(words, start, core_end), _surface(words, classes, start, core_end)))
        # optional prepositional attachment
        j = core_end
        if j < n and classes[j] == _PREP and not words[j][3]:
            j += 1
            if j < n and classes[j] == _ART and not words[j][3]:
                j += 1
            if j < n and classes[j] == _ADJ and not words[j][3]:
                j += 1
            if j < n and classes[j] == _NOUN and not words[j][3] and j + 1 - start <= MAX_WORDS:
                out.append((_keys(words, start, j + 1), _surface(words, classes, start, j + 1)))
    return out


def _keys(words: list, start: int, end: int) -> tuple[str, ...]:
    return tuple(w[1] if w[2] else w[0].lower() for w in words[start:end] if w[2] or w[0].lower() in PREPOSITIONS)


def _surface(words: list, classes: list[str], start: int, end: int) -> str:
    """The phrase as written, nouns capitalised, its head in the nominative.

    "sicheren Radwegen" -> "Sichere Radwege", "digitalen Stadtgutschein" -> "Digitaler
    Stadtgutschein": the head noun keeps its number, adjectives take the strong ending of
    its gender (-er, -e, -es; plural -e). A prepositional attachment stays as written.
    """
    texts = [w[0].strip("-") for w in words[start:end]]
    cls = classes[start:end]
    core = cls.index(_PREP) if _PREP in cls else len(cls)
    head = max((i for i in range(core) if cls[i] == _NOUN), default=None)
    if head is not None:
        noun, ending = _nominative_noun(texts[head], words[start + head][1])
        if noun:
            texts[head] = noun
            for i in range(head):
                lemma = words[start + i][4]
                if cls[i] == _ADJ and lemma[:1].islower() and texts[i].lower().startswith(lemma[:3]):
                    texts[i] = _adjective_stem(lemma) + ending
    for i, c in enumerate(cls):
        if c == _NOUN and texts[i][:1].islower():
            texts[i] = texts[i][:1].upper() + texts[i][1:]
    return " ".join(texts)


def _adjective_stem(lemma: str) -> str:
    """An adjective without the inflection an unlisted lemma kept ("freie" -> "frei")."""
    if nlp.is_lowercase_lemma(nlp.fold(lemma)):
        return lemma
    for ending in ("es", "en", "em", "e"):
        if lemma.endswith(ending) and len(lemma) - len(ending) >= 3:
            return lemma[: -len(ending)]
    return lemma


@lru_cache(maxsize=100_000)
def _nominative_noun(surface: str, key: str) -> tuple[str | None, str]:
    """The nominative of a noun as written (same number), and the strong adjective ending."""
    parts = nlp.split_compound(key)
    head_key = key if nlp.noun_info(key) else parts[-1]
    info = nlp.noun_info(head_key)
    if info is None:
        return None, ""
    singular, plural, genus = info
    is_plural = nlp.is_plural_form(surface) or (head_key != key and nlp.is_plural_form(surface[-len(plural):] if plural else ""))
    form = plural if is_plural and plural else singular
    ending = "e" if is_plural else {"m": "er", "f": "e", "n": "es"}.get(genus, "e")
    if head_key != key:  # compound: keep the modifier as written
        prefix_len = len(surface) - len(form)
        for cut in range(len(surface), 0, -1):
            if nlp.fold(surface[cut:]).startswith(nlp.fold(form)[:3]) and len(surface) - cut <= len(form) + 2:
                prefix_len = cut
                break
        if prefix_len <= 0:
            return None, ""
        form = surface[:prefix_len] + (form.lower() if "-" not in surface[prefix_len - 1 : prefix_len] else form)
    return form, ending


def _keyword_weights(
    groups: list[list[int]], doc_terms: list[set[str]], n_docs: int, df: Counter
) -> list[dict[str, float]]:
    weights = []
    for members in groups:
        counts: Counter = Counter()
        for i in members:
            counts.update(doc_terms[i])
        size = max(len(members), 1)
        weights.append(
            {t: (c / size) * math.log(1 + n_docs / df[t]) for t, c in counts.items()}
        )
    return weights


def _pick_label(
    members: list[int],
    phrases: dict[int, list[tuple[tuple[str, ...], str]]],
    weights: dict[str, float],
    top: list[str],
    forms: dict[str, str],
    cover: list[set[str]],
    surfaces: list[set[str]],
) -> str:
    best_weight = max(weights.values(), default=1.0) or 1.0
    users: dict[tuple[str, ...], set[int]] = defaultdict(set)
    spellings: dict[tuple[str, ...], Counter] = defaultdict(Counter)
    for i in members:
        for keys, surface in phrases[i]:
            users[keys].add(i)
            spellings[keys][surface] += 1
    candidates = []
    for keys, who in users.items():
        content = tuple(dict.fromkeys(k for k in keys if k not in PREPOSITIONS))
        bound = sum(_word_weight(k, weights) for k in content) / best_weight
        candidates.append((-bound, len(keys), keys, content, who))
    candidates.sort(key=lambda c: (c[0], c[1], c[2]))
    users_of: dict[str, frozenset[int]] = {}

    def covering(key: str) -> frozenset[int]:
        if key not in users_of:
            users_of[key] = frozenset(i for i in members if _covers(cover[i], key))
        return users_of[key]

    scored = []
    best = -math.inf
    for neg_bound, _, keys, content, who in candidates:
        if -neg_bound <= best:
            break  # no later candidate can beat the best (coverage <= 1)
        # share of members that use every word of the phrase (or its head compound)
        together = frozenset(members)
        for k in content:
            together &= covering(k)
        score = -neg_bound * math.sqrt(len(together) / len(members)) - 0.1 * max(0, len(keys) - 4)
        best = max(best, score)
        spelling = sorted(spellings[keys].items(), key=lambda kv: (-kv[1], len(kv[0]), kv[0]))[0][0]
        scored.append((-round(score, 9), -len(who), len(keys), spelling, keys))
    if not scored:
        words = [_display(k, forms) for k in top[:2]]
        return " und ".join(words) if words else "Ohne Stichworte"
    scored.sort()
    label, keys = scored[0][3], scored[0][4]
    content = [k for k in keys if k not in PREPOSITIONS]
    if len(top) > 1 and top[1] not in keys and top[0] in keys and len(content) == 1:
        second = _display(top[1], forms)
        if second.lower() in label.lower():
            pass
        elif nlp.is_verb(top[1]) and sum(top[1] in surfaces[i] for i in members) >= max(2, 0.3 * len(members)):
            label = f"{label} {second}"  # "Radwege sanieren"
        elif nlp.is_noun(top[1]) and second[:1].isupper():
            label = f"{label} und {second}"
    label = re.sub(r"\bTempo(\d{2,3})\b", r"Tempo \1", label)
    return label[:1].upper() + label[1:]


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
    """What labelling needs per contribution, computed once per corpus."""

    forms: dict[str, str]
    doc_terms: list[set[str]]
    df: Counter
    cover: list[set[str]]
    surfaces: list[set[str]]
    phrases: dict[int, list] = field(default_factory=dict)


def label_context(docs: Sequence[Document], forms: dict[str, str] | None = None) -> LabelContext:
    """Precompute keyword sets, document frequencies and display forms of a corpus."""
    doc_terms = [set(d.title_nlp.lemmas) | set(d.text_nlp.lemmas) for d in docs]
    df: Counter = Counter()
    for terms in doc_terms:
        df.update(terms)
    cover = [terms | {h for t in terms for h in nlp.compound_heads(t)} for terms in doc_terms]
    surfaces = [{nlp.fold(w[0]) for a in (d.title_nlp, d.text_nlp) for w in a.words} for d in docs]
    return LabelContext(forms if forms is not None else display_forms(docs), doc_terms, df, cover, surfaces)


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
        Near-duplicate originals (see :mod:`pinneberg_analysis.duplicates`); a
        representative's near-duplicates are skipped.
    n_keywords, n_representatives : int
        How many keywords and representatives.
    forms : dict, optional
        Display spellings (see :func:`display_forms`), computed when omitted.
    context : LabelContext, optional
        Per-corpus data from :func:`label_context`, to label several groupings of the same
        contributions (measures, then themes) without repeating the work.

    Returns
    -------
    list of GroupLabel
        One per group, in order.
    """
    ctx = context if context is not None else label_context(docs, forms)
    forms, doc_terms, cover, surfaces, phrases = ctx.forms, ctx.doc_terms, ctx.cover, ctx.surfaces, ctx.phrases
    member_lists = [list(g) for g in groups]
    weights = _keyword_weights(member_lists, doc_terms, len(docs), ctx.df)
    for i in sorted({i for g in member_lists for i in g} - set(phrases)):
        phrases[i] = _phrases(docs[i].title_nlp) + _phrases(docs[i].text_nlp)
    out = []
    for members, w in zip(member_lists, weights):
        ranked = sorted(w.items(), key=lambda kv: (-kv[1], kv[0]))
        top = [t for t, _ in ranked[: max(n_keywords, 2)]]
        label = _pick_label(members, phrases, w, top, forms, cover, surfaces)
        if len(members) == 1:  # a single idea: its own title, when it has a short one
            title = " ".join(docs[members[0]].title.split())
            if 1 <= len(title.split()) <= 8 and any(c.isalpha() for c in title):
                label = title[:1].upper() + title[1:]
        keywords = tuple(dict.fromkeys(_display(t, forms) for t in top[:n_keywords]))
        out.append(GroupLabel(label, keywords, _representatives(members, vectors, original, n_representatives)))
    return out


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
