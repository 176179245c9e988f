"""Scores against human codes, and the evaluate-file entry point of the CLI."""

from __future__ import annotations

import pandas as pd
import pytest

from pinneberg_analysis.cluster.evaluation import evaluate_clustering, evaluate_file
from pinneberg_analysis.core.errors import InputError


def test_perfect_and_random_agreement():
    perfect = evaluate_clustering(list("aabbcc"), [1, 1, 2, 2, 3, 3])
    assert perfect["AMI"] == pytest.approx(1.0) and perfect["ARI"] == pytest.approx(1.0)
    assert perfect["single_share"] == 0.0 and perfect["n_true"] == perfect["n_pred"] == 3
    split = evaluate_clustering(list("aaaa"), [1, 2, 3, 4])
    assert split["single_share"] == 1.0 and split["homogeneity"] == pytest.approx(1.0)
    assert split["completeness"] == pytest.approx(0.0)


def test_ami_is_adjusted_for_chance_but_nmi_is_not():
    import numpy as np

    rng = np.random.default_rng(0)
    true = rng.integers(0, 30, 2000)
    pred = rng.integers(0, 30, 2000)
    scores = evaluate_clustering(true, pred)
    assert abs(scores["AMI"]) < 0.01 < scores["NMI"]


def test_single_mask_and_length_check():
    assert evaluate_clustering("ab", [1, 2], single_mask=[True, False])["single_share"] == 0.5
    with pytest.raises(InputError):
        evaluate_clustering("abc", [1, 2])


def test_evaluate_file_scores_coded_rows_only(tmp_path):
    rows = [
        ("Radboxen am Bahnhof", "rad"), ("Fahrradboxen am Bahnhof Pinneberg", "rad"),
        ("Mehr Fahrradboxen am Bahnhof", ""), ("Alle Anträge online stellen", "online"),
        ("Anträge online stellen können", "online"), ("Ratssitzungen live streamen", ""),
    ]
    path = tmp_path / "codiert.csv"
    pd.DataFrame(rows, columns=["Beschreibung", "Code"]).to_csv(path, sep=";", index=False)
    scores = evaluate_file(path, labels_column="Code")
    assert scores["n_scored"] == 4
    assert scores["ARI (Maßnahmen)"] == pytest.approx(1.0)
    assert {"AMI (Themen)", "NMI (Maßnahmen)", "single_share (Maßnahmen)"} <= set(scores)


def test_evaluate_file_errors_name_the_column(tmp_path):
    path = tmp_path / "x.csv"
    pd.DataFrame({"text": ["a", "b"], "code": ["", ""]}).to_csv(path, index=False)
    with pytest.raises(InputError, match="Kategorie"):
        evaluate_file(path, labels_column="Kategorie")
    with pytest.raises(InputError, match="keine Zeile hat einen Code"):
        evaluate_file(path, labels_column="code")
    with pytest.raises(InputError, match="Inhalt"):
        evaluate_file(path, labels_column="code", text_columns=["Inhalt"])
