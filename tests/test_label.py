"""Labels that read like headings, keywords, representative contributions."""

from __future__ import annotations

import numpy as np
import pandas as pd

from pinneberg_analysis.label import display_forms, label_groups
from pinneberg_analysis.vectorize import TextVectorizer, as_documents

TEXTS = [
    "Echtzeitanzeigen an den Haltestellen",
    "Echtzeitanzeigen an den Haltestellen, damit man sieht wann der Bus kommt",
    "digitale Abfahrtsanzeigen an allen Bushaltestellen",
    "Radwege sanieren, überall Schlaglöcher",
    "Die Radwege sanieren und die Wurzelaufbrüche beseitigen",
    "Radweg am Bahnhof sanieren!",
    "Kinoabende im Sommer im Park",
]
GROUPS = [[0, 1, 2], [3, 4, 5], [6]]


def labelled():
    docs = as_documents(TEXTS)
    Z = TextVectorizer(n_components=None).fit_transform(docs).toarray()
    original = np.arange(len(TEXTS))
    original[1] = 0  # pretend 1 is a near-duplicate of 0
    return docs, label_groups(docs, GROUPS, Z, original=original)


def test_labels_are_short_headings_from_the_texts():
    _, labels = labelled()
    # 0 and 1 are near-duplicates: one vote, as many as text 2 has
    assert labels[0].label in {"Echtzeitanzeigen an den Haltestellen",
                               "Digitale Abfahrtsanzeigen an allen Bushaltestellen"}
    assert labels[1].label == "Radwege sanieren"
    for lab in labels:
        assert 1 <= len(lab.label.split()) <= 6
        assert lab.label[0].isupper()


def test_keywords_are_readable_lemmas():
    _, labels = labelled()
    assert labels[0].keywords[0] in {"Haltestelle", "Echtzeitanzeige", "Fahrgastinformation"}
    assert "Radweg" in labels[1].keywords
    assert all(k == k.strip() and k for lab in labels for k in lab.keywords)


def test_representatives_skip_near_duplicates_and_stay_in_the_group():
    _, labels = labelled()
    reps = labels[0].representatives
    assert set(reps) <= {0, 1, 2} and not {0, 1} <= set(reps)
    assert labels[2].representatives == (6,)
    assert 2 <= len(labels[1].representatives) <= 3


def test_display_forms_restore_umlauts_and_case():
    forms = display_forms(as_documents(["Straßenbeleuchtung und ÖPNV", "öffentliche Mülleimer"]))
    assert forms["strassenbeleuchtung"] == "Straßenbeleuchtung"
    assert forms["oepnv"] == "ÖPNV"
    assert forms["muelleimer"] == "Mülleimer"


def test_single_contribution_without_phrase_still_gets_a_label():
    docs = as_documents(["bitte schnell machen"])
    lab = label_groups(docs, [[0]], np.ones((1, 1)))[0]
    assert lab.label and lab.representatives == (0,)
