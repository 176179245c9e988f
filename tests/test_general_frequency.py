"""General-language frequency prior (wordfreq-derived resource)."""

from __future__ import annotations

import numpy as np

from pinneberg_analysis.nlp import frequency as gf


def test_zipf_of_folded_words():
    assert gf.zipf("machen") > 5.5
    assert gf.zipf("strasse") > 5.0  # folded spelling of Straße
    assert gf.zipf("fahrradabstellanlage") == 0.0  # rarer than Zipf 4: not listed
    assert gf.zipf("Machen") == 0.0  # keys are folded, the caller folds


def test_specificity_is_monotone_and_bounded():
    w = gf.specificity(["der", "machen", "problem", "fahrrad", "ampelschaltung", "unbekanntwort"])
    assert w[0] == gf.FLOOR  # the most common words hit the floor
    assert np.all(np.diff(w) >= 0)  # rarer in German -> higher weight
    assert w[-1] == w[-2] == 1.0
    assert gf.specificity([]).shape == (0,)
    custom = gf.specificity(["machen"], low=3.0, high=9.0, floor=0.0)
    assert 0.4 < custom[0] < 0.6
