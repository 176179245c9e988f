"""Curate: stable measure ids across runs, and each kind of review decision."""

import hashlib
from pathlib import Path

import pandas as pd
import pytest

from pinneberg_analysis.core.export import write_csv
from pinneberg_analysis.curate.apply import NOT_APPLICABLE, apply_decisions
from pinneberg_analysis.curate.decisions import Decision, split_measure_id
from pinneberg_analysis.curate.identity import (
    match_ids,
    read_previous,
    stabilise_ids,
    stabilise_theme_ids,
)

ASSETS = Path(__file__).parent / "assets" / "review"


def load_sample():
    def read(name):
        return pd.read_csv(ASSETS / name, dtype="string", keep_default_na=False, na_values=[""])

    c, m, t = read("contributions.csv"), read("measures.csv"), read("themes.csv")
    c["votes"] = c["votes"].astype("Int64")
    m["n_contributions"] = m["n_contributions"].astype("Int64")
    m["is_single"] = m["is_single"].eq("True").astype(bool)
    t[["n_measures", "n_contributions"]] = t[["n_measures", "n_contributions"]].astype("Int64")
    return c, m, t


def rename_ids(c, m, mapping):
    """A re-run whose clustering numbered the same measures differently."""
    c, m = c.copy(), m.copy()
    c["measure_id"] = c["measure_id"].map(mapping)
    m["measure_id"] = m["measure_id"].map(mapping)
    return c, m


PROVISIONAL = {old: f"M-p{n:07d}" for n, old in enumerate(
    ["M-wlan", "M-bus", "M-antrag", "M-rad", "M-leer", "M-lade", "M-termin", "M-car", "M-cowork"])}


# --- stable ids -------------------------------------------------------------------------


def test_permuted_provisional_ids_get_the_previous_ids_back():
    c, m, _ = load_sample()
    previous = c[["contribution_id", "measure_id"]]
    c2, m2 = rename_ids(c, m, PROVISIONAL)
    m3, c3, mapping = stabilise_ids(m2, c2, previous)
    assert m3["measure_id"].tolist() == m["measure_id"].tolist()
    assert c3["measure_id"].tolist() == c["measure_id"].tolist()
    assert set(mapping["source"]) == {"vorheriger Lauf"}
    assert (mapping["jaccard"] == 1.0).all()


def test_new_contributions_do_not_dilute_the_overlap():
    c, m, _ = load_sample()
    previous = c[["contribution_id", "measure_id"]]
    extra = pd.DataFrame({"contribution_id": [f"C-n{i:02d}" for i in range(8)],
                          "measure_id": ["M-p0000003"] * 8})
    c2, m2 = rename_ids(c, m, PROVISIONAL)
    c2 = pd.concat([c2, extra], ignore_index=True)
    _, c3, _ = stabilise_ids(m2, c2, previous)
    # 4 old + 8 new members: plain Jaccard would be 1/3; over known contributions it is 1
    assert set(c3.loc[c3["contribution_id"].str.startswith("C-n"), "measure_id"]) == {"M-rad"}


def test_changed_membership_keeps_ids_and_ties_are_one_to_one():
    c, m, _ = load_sample()
    previous = c[["contribution_id", "measure_id"]]
    c2, m2 = rename_ids(c, m, PROVISIONAL)
    c2.loc[c2["contribution_id"] == "C-m04", "measure_id"] = "M-p0000007"  # rad -> car
    m3, c3, _ = stabilise_ids(m2, c2, previous)
    assert set(m3["measure_id"]) == set(m["measure_id"])
    assert c3.set_index("contribution_id").loc["C-m04", "measure_id"] == "M-car"
    # M-rad split into two halves of equal overlap: exactly one half keeps the id
    c4, m4 = c2.copy(), m2.copy()
    c4.loc[c4["contribution_id"].isin(["C-m03"]), "measure_id"] = "M-half"
    m4 = pd.concat([m4, pd.DataFrame({"measure_id": ["M-half"]})], ignore_index=True)
    m5, _, mapping = stabilise_ids(m4, c4, previous)
    assert (m5["measure_id"] == "M-rad").sum() == 1
    assert mapping.set_index("provisional_id").loc["M-half", "stable_id"] == "M-half"


def test_an_unrelated_cluster_never_inherits_an_old_id_by_accident():
    c, m, _ = load_sample()
    previous = c[["contribution_id", "measure_id"]]
    c2, m2 = rename_ids(c, m, PROVISIONAL)
    # the clustering happens to call a brand-new cluster "M-bus"
    extra = pd.DataFrame({"contribution_id": ["C-n01", "C-n02"], "measure_id": ["M-bus"] * 2})
    c2 = pd.concat([c2, extra], ignore_index=True)
    m2 = pd.concat([m2, pd.DataFrame({"measure_id": ["M-bus"]})], ignore_index=True)
    m3, c3, mapping = stabilise_ids(m2, c2, previous)
    new_id = c3.set_index("contribution_id").loc["C-n01", "measure_id"]
    assert new_id != "M-bus" and new_id.startswith("M-")
    # a fresh id hashes the sorted members (the recipe of pinneberg_analysis.core.ids)
    assert new_id == "M-" + hashlib.sha1(b"0:C-n01;C-n02").hexdigest()[:8]
    assert c3.set_index("contribution_id").loc["C-m05", "measure_id"] == "M-bus"
    assert m3["measure_id"].is_unique
    # deterministic
    assert stabilise_ids(m2, c2, previous)[2].equals(mapping)


def test_threshold_and_snapshots():
    old = {"M-a": frozenset({"c1", "c2", "c3", "c4"})}
    # P holds a quarter of M-a (below the threshold), R three quarters
    assert match_ids({"P": frozenset({"c1", "c8"}), "R": frozenset({"c2", "c3", "c4"})},
                     old) == {"R": ("M-a", 0.75)}
    # contributions that left the input count against the match: c1 is all that is left
    # of M-a, so P does not inherit M-a's id (nor the decisions made about M-a) ...
    assert match_ids({"P": frozenset({"c1", "c8"})}, old) == {}
    # ... while contributions added since do not dilute it (c8 is new to the earlier run)
    assert match_ids({"P": frozenset({"c1", "c2", "c3", "c8"})}, old) == {"P": ("M-a", 0.75)}
    # an exact tie goes to the smaller new id; one to one
    assert match_ids({"Q": frozenset({"c3", "c4"}), "P": frozenset({"c1", "c2", "c9"})},
                     old) == {"P": ("M-a", 0.5)}
    # a snapshot is not a whole run: members it does not know count against it
    snap = {"M-s": frozenset({"c1", "c2", "gone"})}
    assert match_ids({"P": frozenset({"c1", "c2", "c3", "c4", "c5"})}, {}, snapshots=snap) == {}
    # the withdrawn member ("gone") stays in the union: 2 of 4
    assert match_ids({"P": frozenset({"c1", "c2", "c3"})}, {}, snapshots=snap) == {
        "P": ("M-s", 0.5)}
    assert match_ids({"P": frozenset({"c1", "c2"})}, {}, snapshots=snap) == {
        "P": ("M-s", 2 / 3)}
    # a decision's snapshot finds a measure the previous run did not have
    c, m, _ = load_sample()
    c2, m2 = rename_ids(c, m, PROVISIONAL)
    snap = {"M-rad": frozenset({"C-m01", "C-m02", "C-m03", "C-m04"})}
    m3, _, mapping = stabilise_ids(m2, c2, None, snapshots=snap)
    assert "M-rad" in set(m3["measure_id"])
    assert mapping.set_index("stable_id").loc["M-rad", "source"] == "Entscheidung"


def test_theme_ids_are_stable_too():
    c, m, t = load_sample()
    previous = c[["contribution_id", "measure_id", "theme_id"]]
    tmap = {"T-mob1": "T-x1", "T-mob2": "T-x2", "T-wir1": "T-x3", "T-ver1": "T-x4"}
    c2, m2, t2 = c.copy(), m.copy(), t.copy()
    for frame in (c2, m2, t2):
        frame["theme_id"] = frame["theme_id"].map(tmap)
    t3, m3, c3, mapping = stabilise_theme_ids(t2, m2, c2, previous)
    assert t3["theme_id"].tolist() == t["theme_id"].tolist()
    assert m3["theme_id"].tolist() == m["theme_id"].tolist()
    assert set(mapping["level"]) == {"theme"}


def test_read_previous_prefers_the_measure_before_review(tmp_path):
    assert read_previous(tmp_path) is None
    c, m, _ = load_sample()
    res = apply_decisions(c, m, decisions=[Decision(kind="merge", target="M-lade", value="M-car")])
    write_csv(res.contributions, tmp_path / "tables" / "contributions.csv")
    prev = read_previous(tmp_path)
    assert prev.set_index("contribution_id").loc["C-m10", "cluster_measure_id"] == "M-lade"
    assert prev.set_index("contribution_id").loc["C-m10", "measure_id"] == "M-car"
    # a re-run keeps M-lade as its own id, so the merge finds it again
    c2, m2 = rename_ids(c, m, PROVISIONAL)
    m3, _, _ = stabilise_ids(m2, c2, prev)
    assert "M-lade" in set(m3["measure_id"])


# --- decisions ------------------------------------------------------------------------


def curate(decisions, **kw):
    c, m, t = load_sample()
    return apply_decisions(c, m, t, decisions, **kw)


def by_id(frame, key="measure_id"):
    return frame.set_index(key)


def test_without_decisions_the_clustering_passes_through():
    c, m, t = load_sample()
    res = apply_decisions(c, m, t)
    assert res.measures["measure_id"].tolist() == m["measure_id"].tolist()
    assert (res.measures["label_proposed"] == m["label"]).all()
    assert set(res.measures["status"]) == {"aktiv"}
    assert res.measures["review_note"].isna().all()
    assert res.contributions["cluster_measure_id"].equals(res.contributions["measure_id"])
    assert res.log.empty and "status" in res.log.columns
    assert str(res.measures["review_note"].dtype) == "string"
    pd.testing.assert_frame_equal(res.themes, t)


def test_rename_keeps_the_proposal():
    res = curate([Decision(id="D-0001", kind="rename", target="M-rad", value="Sichere Radwege")])
    row = by_id(res.measures).loc["M-rad"]
    assert row["label"] == "Sichere Radwege" and row["label_proposed"] == "Radwege ausbauen"
    assert "umbenannt" in row["review_note"]
    assert res.log.loc[0, "status"] == "angewendet"


def test_merge_combines_members_keywords_and_keeps_the_targets_face():
    res = curate([Decision(id="D-0001", kind="merge", target="M-lade", value="M-car")])
    ms = by_id(res.measures)
    assert "M-lade" not in ms.index
    car = ms.loc["M-car"]
    assert car["n_contributions"] == 3 and not car["is_single"]
    assert car["keywords"] == "carsharing;station;ladesäule;e-auto"
    assert car["representative_ids"] == "C-m08;C-m09"
    assert "zusammengeführt aus M-lade" in car["review_note"]
    assert by_id(res.contributions, "contribution_id").loc["C-m10", "measure_id"] == "M-car"
    assert by_id(res.themes, "theme_id").loc["T-mob1", "n_measures"] == 2


def test_merge_chains_resolve_and_cycles_are_not_applied():
    res = curate([Decision(id="D-0001", kind="merge", target="M-lade", value="M-car"),
                  Decision(id="D-0002", kind="merge", target="M-car", value="M-rad")])
    assert by_id(res.measures).loc["M-rad", "n_contributions"] == 7
    assert "über M-car in M-rad" in res.log.loc[0, "reason"]
    res = curate([Decision(id="D-0001", kind="merge", target="M-lade", value="M-car"),
                  Decision(id="D-0002", kind="merge", target="M-car", value="M-lade"),
                  Decision(id="D-0003", kind="merge", target="M-bus", value="M-bus")])
    assert (res.log["status"] == NOT_APPLICABLE).all()
    assert "im Kreis (M-car → M-lade → M-car)" in res.log.loc[0, "reason"]
    assert "mit sich selbst" in res.log.loc[2, "reason"]
    assert {"M-lade", "M-car", "M-bus"} <= set(res.measures["measure_id"])


def test_reject_keeps_the_measure_listed_but_not_counted():
    res = curate([Decision(id="D-0001", kind="reject", target="M-antrag", value="schon umgesetzt")])
    row = by_id(res.measures).loc["M-antrag"]
    assert row["status"] == "abgelehnt" and row["review_note"] == "abgelehnt: schon umgesetzt"
    assert by_id(res.themes, "theme_id").loc["T-ver1", "n_measures"] == 1


def test_move_field_moves_the_measure_and_its_contributions():
    res = curate([Decision(id="D-0001", kind="move_field", target="M-wlan", value="Verwaltung")])
    row = by_id(res.measures).loc["M-wlan"]
    assert row["field"] == "Verwaltung" and row["fields"] == "Verwaltung"
    contrib = by_id(res.contributions, "contribution_id").loc["C-w06"]
    assert contrib["field"] == "Verwaltung" and "vorher: Wirtschaft" in contrib["review_note"]


def test_move_contribution_and_split():
    split = Decision(id="D-0002", kind="split", target="M-termin", from_measure="M-termin",
                     contributions=("C-v03",), value=split_measure_id(["C-v03"]),
                     label="Wartemarken-App")
    res = curate([Decision(id="D-0001", kind="move_contribution", target="C-m01", value="M-car",
                           from_measure="M-rad"), split])
    ms = by_id(res.measures)
    assert ms.loc["M-car", "n_contributions"] == 3 and ms.loc["M-rad", "n_contributions"] == 3
    # C-m01 was a representative of M-rad: it no longer represents it
    assert ms.loc["M-rad", "representative_ids"] == "C-m03"
    assert "1 Beitrag durch Review entfernt" in ms.loc["M-rad", "review_note"]
    new = ms.loc[split.value]
    assert new["label"] == "Wartemarken-App" and new["field"] == "Verwaltung"
    assert new["n_contributions"] == 1 and new["theme_id"] == "T-ver1"
    assert "abgetrennt von M-termin" in new["review_note"]
    assert "geteilt" in ms.loc["M-termin", "review_note"]
    assert by_id(res.contributions, "contribution_id").loc["C-v03", "cluster_measure_id"] == "M-termin"


def test_split_into_another_field_and_emptied_measures():
    res = curate([Decision(id="D-0001", kind="split", target="M-wlan", contributions=("C-w06",),
                           value=split_measure_id(["C-w06"]), field="Verwaltung")])
    ms = by_id(res.measures)
    assert "M-wlan" not in ms.index  # its only contribution left
    assert ms.loc[split_measure_id(["C-w06"]), "field"] == "Verwaltung"
    assert "M-wlan hat danach keine Beiträge mehr und entfällt" in res.log.loc[0, "reason"]


def test_decisions_whose_target_vanished_are_reported():
    res = curate([
        Decision(id="D-0001", kind="rename", target="M-weg", value="x",
                 target_members=("C-m01", "C-gone", "C-gone2")),
        Decision(id="D-0002", kind="move_contribution", target="C-gone", value="M-rad"),
        Decision(id="D-0003", kind="merge", target="M-rad", value="M-weg"),
        Decision(id="D-0004", kind="split", target="M-rad", contributions=("C-gone",)),
    ])
    assert (res.log["status"] == NOT_APPLICABLE).all()
    reasons = res.log.set_index("decision_id")["reason"]
    assert "gibt es in diesem Lauf nicht mehr" in reasons["D-0001"]
    assert "Die meisten (1 von 3) liegen jetzt in M-rad" in reasons["D-0001"]
    assert "Beitrag C-gone gibt es in den Eingaben nicht mehr" in reasons["D-0002"]
    assert "M-weg" in reasons["D-0003"]
    # nothing changed
    assert res.measures["review_note"].isna().all()


def test_same_input_same_output():
    ds = [Decision(id="D-0001", kind="merge", target="M-lade", value="M-car"),
          Decision(id="D-0002", kind="rename", target="M-bus", value="Bus")]
    a, b = curate(ds), curate(ds)
    for name in ("contributions", "measures", "themes", "log", "id_mapping"):
        pd.testing.assert_frame_equal(getattr(a, name), getattr(b, name))


def test_previous_without_cluster_ids_is_rebuilt_from_the_decisions():
    """A previous table with only the curated measure_id (older reports)."""
    c, m, t = load_sample()
    decisions = [
        Decision(id="D-0001", kind="merge", target="M-lade", value="M-car",
                 target_members=("C-m10",), value_members=("C-m08", "C-m09")),
        Decision(id="D-0002", kind="move_contribution", target="C-m04", value="M-bus",
                 from_measure="M-rad"),
    ]
    first = apply_decisions(c, m, t, decisions)
    previous = first.contributions[["contribution_id", "measure_id"]]
    # the re-run: new ids, and two new contributions joined the charging-station cluster
    c2, m2 = rename_ids(c, m, PROVISIONAL)
    extra = pd.DataFrame({"contribution_id": ["C-n01", "C-n02"], "field": ["Mobilität"] * 2,
                          "measure_id": ["M-p0000005"] * 2, "theme_id": ["T-mob1"] * 2})
    c2 = pd.concat([c2, extra], ignore_index=True)
    res = apply_decisions(c2, m2, None, decisions, previous=previous)
    assert set(res.log["status"]) == {"angewendet"}
    assert by_id(res.contributions, "contribution_id").loc["C-n01", "measure_id"] == "M-car"
    assert by_id(res.contributions, "contribution_id").loc["C-m04", "measure_id"] == "M-bus"
    assert by_id(res.contributions, "contribution_id").loc["C-m04", "cluster_measure_id"] == "M-rad"


def _withdrawn_case(previous_members, snapshot):
    """Run 2 of a process where most of the rejected measure M-a was withdrawn."""
    from pinneberg_analysis.curate import apply_decisions
    from pinneberg_analysis.curate.decisions import Decision

    c = pd.DataFrame({
        "contribution_id": ["C-1", "C-2", "C-7", "C-8", "C-9"],
        "measure_id": ["P-1", "P-1", "P-2", "P-2", "P-2"],
        "field": ["Mobilität"] * 5,
        "text": ["Radweg Damm", "Radweg Bahnhof", "Bus", "Bus takt", "Bus nachts"],
    })
    m = pd.DataFrame({"measure_id": ["P-1", "P-2"], "field": ["Mobilität"] * 2,
                      "label": ["Radweg", "Bus"], "n_contributions": [2, 3]})
    previous = pd.DataFrame({
        "contribution_id": list(previous_members) + ["C-7", "C-8", "C-9"],
        "cluster_measure_id": ["M-a"] * len(previous_members) + ["M-b"] * 3,
    })
    reject = Decision(kind="reject", target="M-a", value="schon umgesetzt",
                      target_members=tuple(snapshot))
    rename = Decision(kind="rename", target="M-b", value="Busverkehr",
                      target_members=("C-7", "C-8", "C-9"))
    return apply_decisions(c, m, None, [reject, rename], previous=previous)


@pytest.mark.parametrize("previous_members", [
    # the previous run still had all six: four of them have been withdrawn since
    ["C-1", "C-2", "C-3", "C-4", "C-5", "C-6"],
    # the previous run had only the two that are left (they match 2/2), but the decision
    # was made about six contributions: its own snapshot decides
    ["C-1", "C-2"],
])
def test_decision_does_not_follow_a_remnant_of_its_measure(previous_members):
    snapshot = ["C-1", "C-2", "C-3", "C-4", "C-5", "C-6"]
    res = _withdrawn_case(previous_members, snapshot)
    log = res.log.set_index("kind")
    assert log.loc["reject", "status"] == "nicht anwendbar"
    reason = log.loc["reject", "reason"]
    assert "2 von 6" in reason and "nicht mehr in den Eingaben" in reason
    # the remnant is not rejected, whatever id it carries
    assert set(res.measures["status"]) == {"aktiv"}
    # the measure that kept its members still gets its decision
    assert log.loc["rename", "status"] == "angewendet"
    assert "Busverkehr" in set(res.measures["label"])


def test_decision_applies_while_its_measure_holds_most_members():
    snapshot = ["C-1", "C-2", "C-3"]  # one of three withdrawn: still two thirds
    res = _withdrawn_case(["C-1", "C-2", "C-3"], snapshot)
    assert res.log.set_index("kind").loc["reject", "status"] == "angewendet"
    assert "abgelehnt" in set(res.measures["status"])
