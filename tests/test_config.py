import subprocess
import sys
from pathlib import Path

import pytest

from pinneberg_analysis.core.config import DEFAULT_TOML, Config, load_config
from pinneberg_analysis.core.errors import ConfigError


def test_default_toml_equals_defaults(tmp_path):
    path = tmp_path / "c.toml"
    path.write_text(DEFAULT_TOML, encoding="utf-8")
    assert load_config(path) == Config()


def test_unknown_setting_is_named(tmp_path):
    path = tmp_path / "c.toml"
    path.write_text("[rank]\nweight_suport = 1\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="rank.weight_suport"):
        load_config(path)


def test_alias_to_unknown_field_lists_accepted(tmp_path):
    path = tmp_path / "c.toml"
    path.write_text('[fields.aliases]\n"Sport" = "Freizeit"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="Mobilität"):
        load_config(path)


def test_missing_file_says_how_to_fix(tmp_path):
    with pytest.raises(ConfigError, match="config init"):
        load_config(tmp_path / "nope.toml")


def test_config_init_cli(tmp_path):
    target = tmp_path / "p.toml"
    run = subprocess.run(
        [sys.executable, "-m", "pinneberg_analysis", "config", "init", str(target)],
        capture_output=True, text=True,
    )
    assert run.returncode == 0, run.stderr
    assert load_config(target) == Config()
    again = subprocess.run(
        [sys.executable, "-m", "pinneberg_analysis", "config", "init", str(target)],
        capture_output=True, text=True,
    )
    assert again.returncode == 1


def test_relative_paths_are_read_from_the_config_folder(tmp_path, monkeypatch):
    folder = tmp_path / "projekt"
    folder.mkdir()
    (folder / "bekannte.csv").write_text("name,keywords\nRadnetz,Radweg\n", encoding="utf-8")
    cfg_file = folder / "pinneberg.toml"
    cfg_file.write_text('[cluster]\nknown_measures = "bekannte.csv"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    cfg = load_config("projekt/pinneberg.toml")
    assert Path(cfg.cluster.known_measures).resolve() == (folder / "bekannte.csv").resolve()
    assert cfg.cluster.model_path is None
    absolute = tmp_path / "elsewhere.csv"
    cfg_file.write_text(f'[cluster]\nknown_measures = "{absolute.as_posix()}"\n', encoding="utf-8")
    assert load_config(cfg_file).cluster.known_measures == str(absolute)


@pytest.mark.parametrize("backend", ["tfidf", "tfidf+e5"])
def test_model_path_without_the_sentence_transformers_backend_is_an_error(tmp_path, backend):
    path = tmp_path / "c.toml"
    path.write_text(f'[cluster]\nbackend = "{backend}"\nmodel_path = "modell"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"cluster\.model_path: .*nur bei backend = "
                                          r"\"sentence-transformers\"") as err:
        load_config(path)
    assert "c.toml" in str(err.value) and "model_path entfernen" in str(err.value)
    path.write_text('[cluster]\nbackend = "sentence-transformers"\nmodel_path = "modell"\n',
                    encoding="utf-8")
    assert load_config(path).cluster.model_path == str(tmp_path / "modell")
    uncommented = DEFAULT_TOML.replace('# model_path = "/path', 'model_path = "/path')
    path.write_text(uncommented, encoding="utf-8")
    with pytest.raises(ConfigError, match="model_path"):
        load_config(path)
