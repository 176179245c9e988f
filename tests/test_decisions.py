"""The decisions file: YAML that people read and diff, and that accumulates."""

import re

import pytest
import yaml

from pinneberg_analysis.core.errors import DecisionError
from pinneberg_analysis.curate.decisions import (
    Decision,
    DecisionsFile,
    load_decisions,
    merge_cycles,
    split_measure_id,
)


def _rename(target, value, **kw):
    return Decision(kind="rename", target=target, value=value, target_members=("C-1", "C-2"), **kw)


def test_saved_file_is_commented_ordered_and_one_block_per_decision(tmp_path):
    path = tmp_path / "entscheidungen.yaml"
    dfile = DecisionsFile()
    dfile.add(
        [
            _rename("M-a", "Sichere Radwege", comment="aus der Sitzung", source="review.xlsx"),
            Decision(kind="merge", target="M-b", value="M-a", value_members=("C-1",)),
        ],
        today="2024-05-02",
    )
    dfile.save(path)
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# Review-Entscheidungen")
    assert "review apply review.xlsx --decisions entscheidungen.yaml" in text
    blocks = text.split("decisions:\n", 1)[1].strip().split("\n\n")
    assert [b.splitlines()[0] for b in blocks] == ["- id: D-0001", "- id: D-0002"]
    keys = [line.split(":")[0].strip() for line in blocks[0].splitlines() if not line.startswith("  -")]
    assert keys == ["- id", "kind", "target", "value", "comment", "source", "applied_on",
                    "target_members"]
    # umlauts stay readable, the date is a string, members one per line
    assert "Sichere Radwege" in text and "applied_on: '2024-05-02'" in text
    assert "  - C-1\n  - C-2\n" in text
    # round trip and byte-stable rewrite
    again = DecisionsFile.load(path)
    assert again.decisions == dfile.decisions
    again.save(tmp_path / "copy.yaml")
    assert (tmp_path / "copy.yaml").read_text(encoding="utf-8").replace(
        "copy.yaml", "entscheidungen.yaml"
    ) == text


def test_decisions_accumulate_and_newer_supersede_older():
    dfile = DecisionsFile()
    dfile.add([_rename("M-a", "Radwege"), _rename("M-b", "Busse")], today="2024-05-01")
    assert dfile.added == ["D-0001", "D-0002"]
    # the same decision again changes nothing; a new name for M-a replaces the old one
    dfile.add([_rename("M-b", "Busse"), _rename("M-a", "Sichere Radwege"),
               Decision(kind="reject", target="M-c", value="zu teuer")], today="2024-06-01")
    assert dfile.unchanged == 1
    assert dfile.replaced == ["D-0001"]
    assert dfile.added == ["D-0003", "D-0004"]
    assert [(d.id, d.target, d.value) for d in dfile.decisions] == [
        ("D-0002", "M-b", "Busse"),
        ("D-0003", "M-a", "Sichere Radwege"),
        ("D-0004", "M-c", "zu teuer"),
    ]
    assert dfile.decisions[1].applied_on == "2024-06-01"
    assert "2 Entscheidung(en) hinzugefügt" in dfile.summary()
    # merge and reject are one kind: merging a rejected measure replaces the rejection
    dfile.add([Decision(kind="merge", target="M-c", value="M-a")], today="2024-07-01")
    assert dfile.replaced == ["D-0004"]
    assert {d.kind for d in dfile.decisions if d.target == "M-c"} == {"merge"}


def test_a_merge_cycle_across_workbooks_is_refused(tmp_path):
    dfile = DecisionsFile(path=tmp_path / "d.yaml")
    dfile.add([Decision(kind="merge", target="M-a", value="M-b", location="Blatt 'X', Zeile 2")])
    with pytest.raises(DecisionError) as err:
        dfile.add([Decision(kind="merge", target="M-b", value="M-a", source="zwei.xlsx",
                            location="Blatt 'Y', Zeile 7")])
    msg = str(err.value)
    assert "M-a → M-b → M-a" in msg
    assert "Blatt 'Y', Zeile 7 in zwei.xlsx" in msg and "So beheben" in msg


def test_merge_cycles_finds_only_cycles():
    ds = [Decision(kind="merge", target=a, value=b) for a, b in
          [("M-a", "M-b"), ("M-b", "M-c"), ("M-x", "M-y"), ("M-y", "M-x")]]
    cycles = merge_cycles(ds)
    assert [[d.target for d in c] for c in cycles] == [["M-x", "M-y"]]


def test_snapshots_name_targets_and_merge_destinations():
    dfile = DecisionsFile(decisions=[
        _rename("M-a", "x"),
        Decision(kind="merge", target="M-b", value="M-c", target_members=("C-5",),
                 value_members=("C-7", "C-8")),
        Decision(kind="move_contribution", target="C-9", value="M-d", value_members=("C-4",)),
    ])
    assert dfile.snapshots() == {
        "M-a": frozenset({"C-1", "C-2"}),
        "M-b": frozenset({"C-5"}),
        "M-c": frozenset({"C-7", "C-8"}),
        "M-d": frozenset({"C-4"}),
    }


def test_split_id_depends_only_on_the_contributions():
    assert split_measure_id(["C-2", "C-1", "C-1"]) == split_measure_id(["C-1", "C-2"])
    assert split_measure_id(["C-1"]) != split_measure_id(["C-2"])
    assert split_measure_id(["C-1"]).startswith("M-")


def test_broken_files_name_file_line_decision_and_key(tmp_path):
    bad_yaml = tmp_path / "a.yaml"
    bad_yaml.write_text("format: 1\ndecisions:\n- id: D-0001\n  kind: [rename\n", encoding="utf-8")
    with pytest.raises(DecisionError, match=r"a\.yaml, Zeile \d+, Spalte \d+: kein gültiges YAML.*So beheben"):
        DecisionsFile.load(bad_yaml)

    bad_kind = tmp_path / "b.yaml"
    bad_kind.write_text(yaml.safe_dump({"format": 1, "decisions": [
        {"id": "D-0001", "kind": "rename", "target": "M-a", "value": "x"},
        {"id": "D-0002", "kind": "umbenennen", "target": "M-a"},
        {"id": "D-0002", "kind": "reject", "target": "M-b", "value": "x"},
        {"kind": "reject", "target": "M-c", "value": "x", "colour": "red"},
    ]}), encoding="utf-8")
    with pytest.raises(DecisionError) as err:
        DecisionsFile.load(bad_kind)
    msg = str(err.value)
    assert "Entscheidung 2 (D-0002), Schlüssel 'kind'" in msg and "erlaubte Arten: rename, merge" in msg
    assert "Entscheidung 3 (D-0002), Schlüssel 'id': D-0002 kommt zweimal vor" in msg
    assert "Entscheidung 4, Schlüssel 'colour': unbekannte Einstellung oder unbekannter Schlüssel" in msg
    assert "Entscheidung 4, Schlüssel 'id': fehlt" in msg
    assert "So beheben:" in msg and not re.search(r"\b(the|is|key|Input should|Field required)\b", msg)


def test_missing_file_is_empty_for_apply_but_an_error_for_report(tmp_path):
    assert DecisionsFile.load(tmp_path / "neu.yaml").decisions == []
    with pytest.raises(DecisionError, match="gibt es nicht.*So beheben.*review apply"):
        load_decisions(tmp_path / "neu.yaml")
    empty = tmp_path / "leer.yaml"
    DecisionsFile().save(empty)
    assert load_decisions(empty).decisions == []


def test_hand_edited_scalars_are_read_as_text(tmp_path):
    path = tmp_path / "d.yaml"
    path.write_text(
        "format: 1\ndecisions:\n- id: D-0001\n  kind: rename\n  target: M-a\n"
        "  value: 2030\n  applied_on: 2024-05-02\n",
        encoding="utf-8",
    )
    [d] = load_decisions(path).decisions
    assert (d.value, d.applied_on) == ("2030", "2024-05-02")
