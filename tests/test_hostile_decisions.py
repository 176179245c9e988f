"""Issue 19, item 6 and 10: bad decisions files explain themselves; saving keeps the file's
comments and permissions; every failure leaves the file as it was."""

from __future__ import annotations

import stat

import pytest

from pinneberg_analysis.core.errors import DecisionError
from pinneberg_analysis.curate.decisions import Decision, DecisionsFile

HEAD = "format: 1\ndecisions:\n"
GOOD = """\
# Unsere Entscheidungen, von Hand gepflegt.
# Bitte nicht löschen: Absprache mit dem Fachdienst vom 3. Mai.
format: 1
decisions:

- id: D-0001
  kind: rename   # Name aus der Lenkungsgruppe
  target: M-a
  value: Sichere Radwege
  applied_on: '2024-05-02'
  target_members:
  - C-1
  - C-2

# Die Zusammenführung war strittig, siehe Protokoll.
- id: D-0002
  kind: merge
  target: M-b
  value: M-a
  applied_on: '2024-05-02'
"""


def _load(tmp_path, text):
    path = tmp_path / "decisions.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DecisionError) as err:
        DecisionsFile.load(path)
    assert path.read_text(encoding="utf-8") == text
    return str(err.value)


@pytest.mark.parametrize("ident, found", [("[D-1, D-2]", "eine Liste mit 2 Einträgen"),
                                          ("{a: 1}", "eine Zuordnung mit 1 Schlüsseln")])
def test_an_id_that_is_a_list_or_mapping_is_named_not_a_crash(tmp_path, ident, found):
    msg = _load(tmp_path, HEAD + f"- id: {ident}\n  kind: reject\n  target: M-a\n"
                f"- id: {ident}\n  kind: reject\n  target: M-b\n")
    assert "Zeile 3: Entscheidung 1, Schlüssel 'id'" in msg and found in msg
    assert "Zeile 6: Entscheidung 2" in msg


def test_an_alias_bomb_is_refused_before_it_expands(tmp_path):
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 10)]
    msg = _load(tmp_path, "\n".join(lines) + "\nformat: 1\ndecisions:\n- id: *a9\n")
    assert "Zeile 1" in msg and "Aliasse" in msg and len(msg) < 500


def test_deep_nesting_is_refused_with_its_line(tmp_path):
    msg = _load(tmp_path, HEAD + "- id: D-0001\n  kind: comment\n  target: " + "[" * 100_000
                + "]" * 100_000 + "\n")
    assert "Zeile 5" in msg and "verschachtelt" in msg


@pytest.mark.parametrize("block", [
    "- id: D-0001\n  kind: merge\n  target: M-a\n  value: M-b\n  value:\n",
    "- id: D-0001\n  kind: reject\n  kind: merge\n  target: M-a\n",
])
def test_duplicate_keys_are_refused_with_both_lines(tmp_path, block):
    msg = _load(tmp_path, HEAD + block)
    assert "zweimal" in msg and ("Zeile 7" in msg or "Zeile 5" in msg)
    assert "zuerst in Zeile" in msg


def test_unknown_top_level_keys_and_odd_blocks_are_named(tmp_path):
    assert "unbekannter Schlüssel 'decision' auf oberster Ebene" in _load(tmp_path, "format: 1\ndecision: []\n")
    msg = _load(tmp_path, HEAD + "- just a string\n")
    assert "Zeile 3: Entscheidung 1: erwartet ein Block mit Schlüsseln" in msg


def test_saving_keeps_comments_untouched_blocks_and_permissions(tmp_path):
    path = tmp_path / "decisions.yaml"
    path.write_text(GOOD, encoding="utf-8")
    path.chmod(0o640)
    dfile = DecisionsFile.load(path)
    dfile.add([Decision(kind="reject", target="M-c", value="zu teuer", target_members=("C-9",))],
              today="2024-06-01")
    dfile.save()
    text = path.read_text(encoding="utf-8")
    assert text.startswith(GOOD)  # every hand-written line is still there, in place
    assert text[len(GOOD):].startswith("\n- id: D-0003\n  kind: reject\n")
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    again = DecisionsFile.load(path)
    assert [d.id for d in again.decisions] == ["D-0001", "D-0002", "D-0003"]
    # a newer rename replaces D-0001: its block goes, the rest and the comments stay
    again.add([Decision(kind="rename", target="M-a", value="Radwege")], today="2024-07-01")
    again.save()
    text = path.read_text(encoding="utf-8")
    assert "Sichere Radwege" not in text and "Bitte nicht löschen" in text
    assert "Die Zusammenführung war strittig" in text and "- id: D-0004" in text
    assert [d.id for d in DecisionsFile.load(path).decisions] == ["D-0002", "D-0003", "D-0004"]


def test_a_failed_add_leaves_the_file_as_it_was(tmp_path):
    path = tmp_path / "decisions.yaml"
    path.write_text(GOOD, encoding="utf-8")
    dfile = DecisionsFile.load(path)
    with pytest.raises(DecisionError, match="im Kreis"):
        dfile.add([Decision(kind="merge", target="M-a", value="M-b")])
    assert path.read_text(encoding="utf-8") == GOOD
