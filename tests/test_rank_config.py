import pytest

from pinneberg_analysis.core.config import DEFAULT_TOML, RankConfig, load_config
from pinneberg_analysis.core.errors import ConfigError


def test_rank_section_of_default_toml_is_the_default(tmp_path):
    path = tmp_path / "c.toml"
    path.write_text(DEFAULT_TOML, encoding="utf-8")
    assert load_config(path).rank == RankConfig()


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ("[rank.support_weights]\nlikes = 1.0\n", "erlaubt"),
        ("[rank.support_weights]\nvotes = -1.0\n", ">= 0"),
        ("[rank]\nweight_support = 0\nweight_expert = 0\n", "beide 0"),
        ('[rank]\nresample = "rater"\n', "resample"),
        ("[rank]\nsensitivity_factors = [-1.0]\n", "Faktoren"),
        ("[rank.criterion_weights]\nKosten = -2\n", "Kriteriengewichte"),
    ],
)
def test_invalid_rank_settings_are_named(tmp_path, toml, message):
    path = tmp_path / "c.toml"
    path.write_text(toml, encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        load_config(path)


def test_extra_support_components_are_accepted(tmp_path):
    path = tmp_path / "c.toml"
    path.write_text("[rank.support_weights]\nn_groups = 1.0\nmulti_field = 0.5\n",
                    encoding="utf-8")
    assert load_config(path).rank.support_weights == {"n_groups": 1.0, "multi_field": 0.5}
