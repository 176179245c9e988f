"""The word-list cache: same analysis as before the cache, safe to build, reuse and share.

``tests/assets/nlp_lexicon/frozen.json`` is the analysis of the sample as it was before the
cache. When a change of the analysis itself is intended (new rules in ``nlp``/``nlp_words``),
check the differences and write the fixture anew with
``.venv/bin/python tests/assets/nlp_lexicon/freeze.py``; the cache is checked independently
by ``test_cache_holds_exactly_the_built_word_lists``.
"""

from __future__ import annotations

import importlib.util
import json
import sqlite3
import threading
from pathlib import Path

import pytest

from pinneberg_analysis.nlp import clear_caches
from pinneberg_analysis.nlp import lexicon as nlp_lexicon
from pinneberg_analysis.nlp import store as lexicon_cache
from pinneberg_analysis.nlp.store import CACHE_ENV, Tables, open_store

FROZEN = Path(__file__).parent / "assets" / "nlp_lexicon"


def _load_freeze():
    """``tests/assets/nlp_lexicon/freeze.py``: the code that wrote the fixture."""
    spec = importlib.util.spec_from_file_location("nlp_lexicon_freeze", FROZEN / "freeze.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


freeze = _load_freeze()


@pytest.fixture(scope="module")
def lexicon_built():
    """What the build returned when :func:`lexicon_fresh_cache` filled its cache."""
    return {}


@pytest.fixture(scope="module")
def lexicon_fresh_cache(tmp_path_factory, lexicon_built):
    """The real word lists, built into an empty temporary cache directory."""
    directory = tmp_path_factory.mktemp("lexicon-cache")
    build = nlp_lexicon._build_tables

    def recording_build() -> Tables:
        lexicon_built["tables"] = build()
        return lexicon_built["tables"]

    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(CACHE_ENV, str(directory))
        mp.setattr(nlp_lexicon, "_build_tables", recording_build)
        clear_caches()
        nlp_lexicon.load_lexicon()
        yield directory
        clear_caches()


def test_cache_holds_exactly_the_built_word_lists(lexicon_fresh_cache, lexicon_built):
    tables = lexicon_built["tables"]
    records = dict(nlp_lexicon.load_lexicon().store.scan())
    for i, column in enumerate(lexicon_cache.COLUMNS, start=1):
        stored = {k: r[i] for k, r in records.items() if r[i] is not None}
        assert stored == dict(tables.values[column]), column
    for name, bit in lexicon_cache.FLAGS.items():
        assert {k for k, r in records.items() if r[0] & bit} == set(tables.sets[name]), name
    lemmas = nlp_lexicon.load_lexicon().store
    assert all(lemmas.lemma(form) == lemma for form, lemma in list(tables.lemmas.items())[::50])


@pytest.fixture(scope="module")
def lexicon_frozen():
    return json.loads((FROZEN / "frozen.json").read_text(encoding="utf-8"))


def test_words_match_the_frozen_analysis(lexicon_fresh_cache, lexicon_frozen):
    texts = freeze.sample_texts()
    words = freeze.words_of(texts)
    assert words == sorted(lexicon_frozen["words"])
    assert len(words) > 300
    for word in words:
        assert freeze.word_record(word) == lexicon_frozen["words"][word], word
    files = list(lexicon_fresh_cache.glob("lexicon-*.sqlite"))
    assert len(files) == 1, "the lists were read from the new cache file"
    assert nlp_lexicon.load_lexicon().store.path == files[0]


def test_texts_match_the_frozen_analysis(lexicon_fresh_cache, lexicon_frozen):
    texts = freeze.sample_texts()[: len(lexicon_frozen["texts"])]
    assert freeze.text_records(texts) == lexicon_frozen["texts"]


def test_cache_lemmatizer_gives_spacys_lemmas(lexicon_fresh_cache, lexicon_frozen):
    import spacy

    from pinneberg_analysis.nlp import lemmatizer as nlp_lemmatizer  # noqa: F401  (registers the component)

    pipe = spacy.blank("de")
    pipe.add_pipe("pinneberg_lookup_lemmatizer", name="lemmatizer")
    texts = freeze.sample_texts()[: len(lexicon_frozen["texts"])]
    lemmas = [[t.lemma_ for t in doc] for doc in pipe.pipe(texts)]
    assert lemmas == [r["spacy_lemmas"] for r in lexicon_frozen["texts"]]
    assert nlp_lexicon.lookup_lemma("Straßen") == "Straße" and nlp_lexicon.lookup_lemma("ging") == "gehen"
    assert nlp_lexicon.lookup_lemma("Qwertzuiop") == "Qwertzuiop"


def test_views_behave_like_dicts_and_sets(lexicon_fresh_cache):
    lex = nlp_lexicon.load_lexicon()
    assert lex.nouns["radwege"] == "radweg" and lex.nouns.get("qwertz") is None
    with pytest.raises(KeyError):
        lex.nouns["qwertz"]
    assert "strasse" in lex.nouns and "strasse" in lex.known and "strasse" not in lex.closed
    assert "bitte" in lex.stop and "fahrrad" not in lex.stop
    assert lex.info.get("strasse") == ("Straße", "Straßen", "f")
    assert lex.info.get("qwertz") is None and lex.display["strasse"] == "Straße"
    assert 3 not in lex.stop and 3 not in lex.nouns


# -- the cache itself, with tiny word lists -----------------------------------------------------

def _tiny() -> Tables:
    return Tables(
        values={c: {} for c in lexicon_cache.COLUMNS} | {"noun": {"radwege": "radweg", "radweg": "radweg"},
                                                          "pl": {"radweg": ""}},
        sets={f: set() for f in lexicon_cache.FLAGS} | {"stop": {"bitte"}},
        lemmas={"Radwege": "Radweg"},
    )


def _refuse() -> Tables:
    raise AssertionError("built again although a valid cache file exists")


def test_second_open_reads_the_file_without_building(tmp_path):
    first = open_store(_tiny, b"code", tmp_path)
    assert first.path is not None and first.path.parent == tmp_path
    second = open_store(_refuse, b"code", tmp_path)
    assert second.path == first.path
    assert second.column("noun")["radwege"] == "radweg" and second.column("pl")["radweg"] == ""
    assert "bitte" in second.flag("stop") and "radweg" not in second.flag("stop")
    assert list(second.column("noun")) == ["radweg", "radwege"] and len(second.flag("stop")) == 1
    assert second.lemma("Radwege") == "Radweg" and second.lemma("radwege") == "radwege"
    assert sorted(p.name for p in tmp_path.iterdir()) == [first.path.name], "no temporary files left"


def test_new_code_or_versions_use_a_new_file(tmp_path):
    a = open_store(_tiny, b"code 1", tmp_path)
    b = open_store(_tiny, b"code 2", tmp_path)
    assert a.path != b.path
    assert lexicon_cache.cache_key(b"x") == lexicon_cache.cache_key(b"x") != lexicon_cache.cache_key(b"y")


def test_damaged_cache_file_is_rebuilt(tmp_path):
    path = open_store(_tiny, b"code", tmp_path).path
    path.write_bytes(b"not a database")
    store = open_store(_tiny, b"code", tmp_path)
    assert store.column("noun")["radwege"] == "radweg"
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT count(*) FROM lex").fetchone()[0] == 3


def test_unwritable_cache_dir_builds_in_memory(tmp_path, caplog):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    store = open_store(_tiny, b"code", blocker / "cache")  # a directory below a file
    assert store.path is None
    assert store.column("noun")["radwege"] == "radweg" and "bitte" in store.flag("stop")
    assert "im Speicher aufgebaut" in caplog.text


def test_concurrent_builders_leave_one_valid_file(tmp_path):
    stores, errors = [], []

    def run() -> None:
        try:
            stores.append(open_store(_tiny, b"code", tmp_path))
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert all(s.column("noun").get("radwege") == "radweg" for s in stores)
    assert [p.suffix for p in tmp_path.iterdir()] == [".sqlite"], "one file, no temporary files"


def test_cache_dir_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "c"))
    assert lexicon_cache.cache_dir() == tmp_path / "c"
    monkeypatch.delenv(CACHE_ENV)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert lexicon_cache.cache_dir().name == "pinneberg-analysis"


def test_building_removes_only_stale_files_of_other_versions(tmp_path):
    import os

    stale, recent = tmp_path / "lexicon-0000.sqlite", tmp_path / "lexicon-1111.sqlite"
    crashed = tmp_path / "lexicon-2222.1234.tmp"
    for path in (stale, recent, crashed):
        path.write_bytes(b"old")
    old = 1_000_000_000
    os.utime(stale, (old, old))
    os.utime(crashed, (old, old))
    store = open_store(_tiny, b"code", tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([recent.name, store.path.name])
