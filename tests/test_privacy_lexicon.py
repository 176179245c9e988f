"""The name lists built from faker, german-nouns and spaCy's stop words."""

from pinneberg_analysis.privacy.redact import find_pii
from pinneberg_analysis.privacy.wordlists import _stop_words, name_lexicon


def test_first_names_come_from_both_packages():
    lex = name_lexicon()
    assert len(lex.first_names) > 5000
    assert {"Anna", "Mehmet", "Katarzyna", "Hauke", "Sönke"} <= lex.first_names
    assert lex.is_first_name("Anna-Lena") and not lex.is_first_name("Anna-Straße")


def test_first_names_that_are_words_are_ambiguous():
    lex = name_lexicon()
    for word in ("Heide", "Will", "Rosa", "Solange", "Ernst", "Parker", "Mai", "Gruß"):
        assert word not in lex.first_names or word in lex.ambiguous_first_names, word
        assert not lex.is_first_name(word, strict=True)
    assert {"Heide", "Will", "Rosa", "Solange"} <= lex.ambiguous_first_names
    for name in ("Anna", "Peter", "Klaus", "Lea", "Max"):
        assert lex.is_first_name(name, strict=True), name


def test_common_nouns_compounds_and_surnames():
    lex = name_lexicon()
    assert lex.is_common_noun("Schule") and lex.is_common_noun("Seniorenbeirat")
    assert not lex.is_common_noun("Stunden") and lex.is_common_noun("Stunden", plurals=True)
    assert not lex.is_common_noun("Kowalski") and not lex.is_common_noun("gesprochen")
    assert {"Meier", "Fischer", "Petersen"} <= lex.last_names


def test_stop_words_are_read_without_importing_spacy():
    words = _stop_words()
    assert len(words) > 300 and {"nur", "aber", "will"} <= words


def test_spans_are_sorted_and_disjoint():
    text = ("Viele Grüße\nPeter Meier, Musterstraße 12, 0176-12345678, p.meier@web.de, "
            "https://www.facebook.com/peter.meier, DE89 3704 0044 0532 0130 00")
    spans = find_pii(text)
    assert [s.type for s in spans] == ["Name", "Adresse", "Telefon", "E-Mail", "URL", "IBAN"]
    assert all(a.end <= b.start for a, b in zip(spans, spans[1:]))
