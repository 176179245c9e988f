"""The PII test set in tests/assets/pii is consistent with the redactor.

The lead's end-to-end test runs the same file through the whole report; this test makes
sure a failure there points at a stage that bypasses redaction, not at the asset.
"""

from pathlib import Path

import pandas as pd

from pinneberg_analysis.privacy.redact import redact

ASSETS = Path(__file__).parent / "assets" / "pii"


def _lines(name):
    text = (ASSETS / name).read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line.strip() and not line.startswith("# ")]


def _redacted():
    raw = pd.read_csv(ASSETS / "contributions_pii.csv", sep=";", dtype="string")
    assert list(raw.columns) == ["Titel", "Beschreibung", "Handlungsfeld", "Stimmen"]
    frame = raw.rename(columns={"Titel": "title", "Beschreibung": "text"})
    return raw, redact(frame)


def test_every_absent_value_is_in_the_input_and_gone_after_redaction():
    raw, (out, _) = _redacted()
    before = raw.to_csv(index=False)
    after = out.to_csv(index=False)
    for value in _lines("expected_absent.txt"):
        assert value in before, f"{value!r} is not in the asset; fix expected_absent.txt"
        assert value not in after, f"{value!r} survived redaction"


def test_public_places_stay():
    _, (out, _) = _redacted()
    text = "\n".join(out["title"].tolist() + out["text"].tolist())
    for value in _lines("expected_present.txt"):
        assert value in text, f"{value!r} was redacted"


def test_counts_match_expected_counts():
    _, (out, counts) = _redacted()
    expected = pd.read_csv(ASSETS / "expected_counts.csv")
    assert counts["pii_type"].tolist() == expected["pii_type"].tolist()
    assert counts["n"].tolist() == expected["n"].tolist()
    assert set(out["pii_types"]) >= {"", "Name;E-Mail;Telefon", "Name;Adresse;IBAN"}
