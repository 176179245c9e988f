"""Freeze the word-level and text-level NLP output on the bundled sample as a JSON fixture.

Run from the repository root (only when a change of the output is intended)::

    .venv/bin/python tests/assets/nlp_lexicon/freeze.py

``tests/test_nlp_lexicon.py`` compares the current code with ``frozen.json``.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
sys.path.insert(0, str(ROOT))

from pinneberg_analysis import nlp  # noqa: E402
from pinneberg_analysis.nlp.lexicon import (  # noqa: E402
    display_form,
    is_lowercase_lemma,
    is_plural_form,
    is_stop,
    is_verb,
    noun_info,
)
from pinneberg_analysis.nlp.words import word_terms  # noqa: E402

#: Extra words beyond the sample: compounds, inflections, spellings and abbreviations.
EXTRA = (
    "Fahrradabstellanlagen Radwege Strassen Straßen Haltestellen Fahrradboxen sicheren Boxen "
    "Bürgerinnen Bürgerin parkend dynamische Echtzeit-Fahrgastinformation E-Bike ÖPNV DFI "
    "Kennedybrücke Godesberger Reuterstr Wurzelaufbrüche Ratssitzungen Bushaltestelle Daten "
    "Abfallbehälter Radstellplätze Glasfaseranschluss Schulweg Schulwege Fußgängerüberweg"
).split()


def sample_texts() -> list[str]:
    from pinneberg_analysis.ingest import load

    contributions = load(ROOT / "data" / "sample").contributions
    return (contributions["title"].fillna("") + ". " + contributions["text"].fillna("")).tolist()


def words_of(texts: list[str]) -> list[str]:
    found = {w for t in texts for w in re.findall(r"[^\W\d_][\w\-]*", t)}
    return sorted(found | set(EXTRA))


def word_record(word: str) -> dict:
    key = nlp.fold(word)
    lemma = nlp.lemma_key(word)
    return {
        "fold": key,
        "lemma": lemma,
        "split": list(nlp.split_compound(key)),
        "split_lemma": list(nlp.split_compound(lemma)),
        "word_terms": [word_terms(word, word)[0], list(word_terms(word, word)[1])],
        "heads": list(nlp.compound_heads(lemma)),
        "display": display_form(lemma),
        "info": list(noun_info(lemma) or ()),
        "flags": [is_plural_form(word), is_stop(lemma), is_lowercase_lemma(lemma), is_verb(lemma),
                  nlp.is_noun(lemma)],
    }


def text_records(texts: list[str]) -> list[dict]:
    docs = list(nlp.german_pipeline().pipe(texts))
    out = []
    for text, doc in zip(texts, docs):
        a = doc.user_data["pinneberg"]
        out.append({
            "spacy_lemmas": [t.lemma_ for t in doc],
            "terms": a.terms,
            "lemmas": a.lemmas,
            "words": [list(w) for w in a.words],
            "analyse_terms": nlp.analyse([text])[0].terms,
        })
    return out


def freeze() -> dict:
    texts = sample_texts()
    return {"words": {w: word_record(w) for w in words_of(texts)}, "texts": text_records(texts[:80])}


if __name__ == "__main__":
    data = freeze()
    (HERE / "frozen.json").write_text(json.dumps(data, ensure_ascii=False, indent=0, sort_keys=True) + "\n",
                                      encoding="utf-8")
    print(f"{len(data['words'])} words, {len(data['texts'])} texts")
