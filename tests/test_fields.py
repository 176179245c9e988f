import pytest

from pinneberg_analysis.core.fields import FIELDS, canonical_field, unknown_field_hint


@pytest.mark.parametrize(
    "written, canonical",
    [
        ("Mobilitaet", "Mobilität"),
        ("MOBILITÄT", "Mobilität"),
        ("Verkehr & Mobilität", "Mobilität"),
        ("Wirtschaft / Handel", "Wirtschaft"),
        ("Lebens- & Wohnumfeld", "Lebens- und Wohnumfeld mit Gesundheit"),
        ("Bildung & Kultur", "Zusammenleben, Bildung und Kultur"),
        ("verwaltung", "Verwaltung"),
        ("mobilitaet-runde-1", "Mobilität"),
    ],
)
def test_spellings_map_to_canonical(written, canonical):
    assert canonical_field(written) == canonical


def test_every_canonical_name_maps_to_itself():
    for field in FIELDS:
        assert canonical_field(field) == field


@pytest.mark.parametrize("written", ["Tourismus", "", "   ", None, 3])
def test_unknown_is_none(written):
    assert canonical_field(written) is None


def test_aliases_and_extra_fields():
    assert canonical_field("Klima", aliases={"Klima": "Lebens- und Wohnumfeld mit Gesundheit"}) == (
        "Lebens- und Wohnumfeld mit Gesundheit"
    )
    assert canonical_field("Tourismus", extra_fields=["Tourismus"]) == "Tourismus"


def test_hint_lists_all_fields():
    hint = unknown_field_hint()
    assert all(f in hint for f in FIELDS)
