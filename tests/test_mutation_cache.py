"""graph/cache.py: where the cache lives, what its key depends on, and when a cached build counts as
fresh. A silent change here serves a stale or broken graph, so every input of the key is changed once
and every file of a fresh build removed once (mutation-tested, see docs/mutation-testing.md)."""

from __future__ import annotations

import os
import shutil
import zlib
from pathlib import Path

import pytest

from amhe.graph import PACKAGE_ROOT
from amhe.graph.cache import (
    CACHE_ENV,
    DATA_DIR,
    cache_dir,
    fingerprint,
    is_fresh,
    opens,
    search_file,
    store_dir,
    triples_file,
)


def test_the_cache_folder_comes_from_the_environment(monkeypatch, tmp_path):
    assert (CACHE_ENV, DATA_DIR) == ("AMHE_CACHE_DIR", PACKAGE_ROOT / "data")
    monkeypatch.setenv("AMHE_CACHE_DIR", str(tmp_path / "own"))
    assert cache_dir() == tmp_path / "own"
    monkeypatch.setenv("AMHE_CACHE_DIR", "")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_dir() == tmp_path / "xdg" / "amhe"
    monkeypatch.delenv("AMHE_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", "")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache_dir() == tmp_path / "home" / ".cache" / "amhe"


def test_cached_files_are_named_by_key(monkeypatch, tmp_path):
    monkeypatch.setenv("AMHE_CACHE_DIR", str(tmp_path))
    assert triples_file("k1") == tmp_path / "graph-k1.nt"
    assert store_dir("k1") == tmp_path / "store-k1"
    assert search_file("k1") == tmp_path / "search-k1.sqlite"


def test_a_build_is_fresh_only_with_all_three_parts(monkeypatch, tmp_path):
    monkeypatch.setenv("AMHE_CACHE_DIR", str(tmp_path))
    assert not is_fresh("k")
    store_dir("k").mkdir()
    parts = [triples_file("k"), store_dir("k") / "complete", search_file("k")]
    for part in parts:
        part.write_text("")
    assert is_fresh("k")
    for part in parts:
        part.unlink()
        assert not is_fresh("k")
        part.write_text("")
    store_dir("k2").mkdir()
    (store_dir("k2") / "complete").mkdir()  # a folder is not the marker file
    triples_file("k2").write_text("")
    search_file("k2").write_text("")
    assert not is_fresh("k2")


def test_a_store_that_lost_a_file_does_not_open(tmp_path):
    import pyoxigraph

    store = pyoxigraph.Store(str(tmp_path / "store"))
    store.add(pyoxigraph.Quad(pyoxigraph.NamedNode("urn:a"), pyoxigraph.NamedNode("urn:b"),
                              pyoxigraph.NamedNode("urn:c")))
    store.flush()
    del store
    assert opens(tmp_path / "store")
    for manifest in (tmp_path / "store").glob("MANIFEST-*"):
        manifest.unlink()
    assert not opens(tmp_path / "store")


@pytest.fixture
def cache(monkeypatch, tmp_path) -> Path:
    monkeypatch.setenv("AMHE_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


def test_the_key_is_twenty_hex_digits_remembered_per_data_folder(cache, data):
    key = fingerprint(data)
    assert len(key) == 20 and int(key, 16) >= 0
    memo = cache / f"inputs-{zlib.crc32(str(data.resolve()).encode()):08x}.txt"
    remembered, _, stats = memo.read_text(encoding="utf-8").partition("\n")
    assert remembered == key
    inputs = stats.splitlines()
    assert len(inputs) == (len(list(data.glob("*.csv"))) + 2 + len(list((PACKAGE_ROOT / "loaders").glob("*.py")))
                           + len(list((PACKAGE_ROOT / "graph").glob("*.py")))
                           + len(list((PACKAGE_ROOT / "graph" / "rules").glob("*.ru"))))
    first = data / sorted(p.name for p in data.glob("*.csv"))[0]
    st = first.stat()
    assert inputs[0] == f"{first}\t{st.st_size}\t{st.st_mtime_ns}"
    from amhe.graph import ONTOLOGY, SHAPES

    paths = sorted(data.glob("*.csv")) + [ONTOLOGY, SHAPES] + sorted((PACKAGE_ROOT / "loaders").glob("*.py"))
    paths += sorted((PACKAGE_ROOT / "graph").glob("*.py")) + sorted((PACKAGE_ROOT / "graph" / "rules").glob("*.ru"))
    assert stats == "".join(f"{p}\t{p.stat().st_size}\t{p.stat().st_mtime_ns}\n" for p in paths)
    assert fingerprint(data) == key
    assert fingerprint(Path(str(data))) == key


def test_the_key_without_a_folder_is_the_bundled_tables_key(cache, data):
    assert fingerprint() == fingerprint(DATA_DIR) == fingerprint(data)  # same contents, same key


def test_a_changed_table_changes_the_key_even_with_the_same_size_and_time(cache, data):
    key = fingerprint(data)
    table = data / "references.csv"
    st = table.stat()
    text = table.read_bytes()
    table.write_bytes(text.replace(b"a", b"b", 1))
    os.utime(table, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert fingerprint(data) == key  # size and time unchanged: the remembered key stands
    os.utime(table, ns=(st.st_atime_ns, st.st_mtime_ns + 1))
    changed = fingerprint(data)
    assert changed != key
    table.write_bytes(text)
    assert fingerprint(data) == key


def test_a_new_or_renamed_table_changes_the_key(cache, data):
    key = fingerprint(data)
    shutil.copy(data / "references.csv", data / "zz_extra.csv")
    assert fingerprint(data) != key
    (data / "zz_extra.csv").unlink()
    assert fingerprint(data) == key
    (data / "references.csv").rename(data / "references2.csv")
    assert fingerprint(data) != key


def test_a_corrupt_memo_is_hashed_again(cache, data):
    key = fingerprint(data)
    [memo] = cache.glob("inputs-*.txt")
    for broken in ("", "short\n" + memo.read_text().partition("\n")[2], "x" * 20 + "\nother stats\n"):
        memo.write_text(broken)
        assert fingerprint(data) == key
        assert memo.read_text().partition("\n")[0] == key


def test_an_unwritable_cache_still_gives_the_key(monkeypatch, tmp_path, data):
    blocker = tmp_path / "file"
    blocker.write_text("")
    monkeypatch.setenv("AMHE_CACHE_DIR", str(blocker / "cache"))  # a folder inside a file cannot exist
    key = fingerprint(data)
    assert len(key) == 20
    assert fingerprint(data) == key


def test_a_cache_folder_that_does_not_exist_yet_is_made_with_its_parents(monkeypatch, tmp_path, data):
    monkeypatch.setenv("AMHE_CACHE_DIR", str(tmp_path / "a" / "b" / "cache"))
    key = fingerprint(data)
    [memo] = (tmp_path / "a" / "b" / "cache").glob("inputs-*.txt")
    assert memo.read_text(encoding="utf-8").startswith(key + "\n")
