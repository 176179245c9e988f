"""German text analysis: normalisation, lemmas, compounds, abbreviations, stop words."""

from __future__ import annotations

import pytest

from pinneberg_analysis import nlp


def terms(text: str) -> list[str]:
    return nlp.analyse([text])[0].terms


def test_fold_umlauts_and_sharp_s():
    assert nlp.fold("Straße") == nlp.fold("STRASSE") == "strasse"
    assert nlp.fold("Mobilität") == nlp.fold("Mobilitaet") == "mobilitaet"
    assert nlp.fold("Café") == "cafe"


def test_pipeline_is_built_once_and_cached():
    assert nlp.german_pipeline() is nlp.german_pipeline()
    assert nlp.german_pipeline().pipe_names == ["lemmatizer", "pinneberg_terms"]


def test_closed_compound_meets_its_parts():
    whole = set(terms("Fahrradabstellanlagen"))
    assert {"fahrrad", "abstellanlage"} <= whole
    assert terms("Fahrrad")[0] in whole
    assert set(terms("Abstellanlage")) & whole


def test_hyphenated_compound_meets_closed_spelling():
    assert "echtzeitfahrgastinformation" in terms("Echtzeit-Fahrgastinformation")
    assert {"echtzeit", "fahrgastinformation"} <= set(terms("Echtzeit-Fahrgastinformation"))


@pytest.mark.parametrize(
    ("word", "lemma"),
    [("Radwege", "radweg"), ("Strassen", "strasse"), ("Straßen", "strasse"),
     ("Haltestellen", "haltestelle"), ("Fahrradboxen", "fahrradbox"), ("sicheren", "sicher"),
     ("Bürgerinnen", "buerger")],
)
def test_lemmas(word, lemma):
    assert nlp.analyse([word])[0].words[0][1] == lemma


def test_umlaut_spellings_give_the_same_terms():
    assert terms("Mülleimer an der Straße") == terms("Muelleimer an der Strasse")


def test_truncated_compound_takes_the_next_head():
    assert {"radweg", "fussweg"} <= set(terms("Rad- und Fußwege"))


@pytest.mark.parametrize(
    ("text", "key"),
    [("ÖPNV", "oepnv"), ("OEPNV", "oepnv"), ("DFI", "dfi"), ("WLAN", "wlan"), ("W-LAN", "wlan"),
     ("E-Bike", "ebike"), ("E-Bikes", "ebike"), ("Pedelecs", "pedelec"), ("P+R", "pr")],
)
def test_abbreviations_keep_their_term_and_add_the_expansion(text, key):
    found = terms(text)
    assert found[0] == key
    assert len(found) > 1  # expansion terms follow


def test_dfi_and_real_time_display_share_terms():
    assert {"echtzeit", "anzeige"} <= set(terms("DFI"))
    assert {"echtzeit", "anzeige"} <= set(terms("Echtzeitanzeige"))


def test_stop_words_and_participation_filler_are_dropped():
    assert terms("Es wäre super, man sollte bitte mal etwas machen") == []
    assert terms("Ich wünsche mir bitte mehr Bänke") == ["bank"]


def test_content_adjectives_stay():
    assert "kurz" in terms("Die Grünphase ist zu kurz")


def test_placeholders_numbers_and_streets_do_not_become_terms():
    found = terms("[Name] in der Kaiserstraße 12, Godesberger Allee, Reuterstr. [E-Mail] [Telefon] 2022")
    assert found == []


def test_speed_limits_become_one_term():
    assert "tempo30" in terms("Tempo 30 vor der Schule")
    assert "tempo30" in terms("eine 30er-Zone")


def test_words_carry_lemma_forms_and_boundaries():
    words = nlp.analyse(["Mehr sichere Radwege. Mehr Bänke, bitte"])[0].words
    assert words[0][3] == nlp.SENTENCE
    assert [w[4] for w in words if w[2]] == ["sicher", "Radweg", "Bank"]
    assert any(w[3] == nlp.BREAK for w in words)


def test_analyse_handles_missing_texts_and_keeps_order():
    out = nlp.analyse(["Radweg", None, float("nan"), ""])
    assert len(out) == 4
    assert out[0].terms and not out[1].terms and not out[2].terms


def test_split_compound_leaves_verbs_and_short_words_alone():
    assert nlp.split_compound("entfernen") == ("entfernen",)
    assert nlp.split_compound("rad") == ("rad",)
    assert nlp.split_compound("radwege") == ("rad", "weg")
