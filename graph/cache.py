"""Where the built graph is cached and whether the cache is fresh.

Deliberately free of rdflib and pyshacl: the answering commands call this on every start
and must stay fast. The cache holds, per fingerprint of the inputs, the validated graph
as sorted N-Triples (for rdflib-based work: export, validation) and as an Oxigraph store
that opens in milliseconds (for answering questions).
"""

from __future__ import annotations

import os
import zlib
from pathlib import Path
from typing import Any

from ..loaders import DATA_DIR
from . import ONTOLOGY, PACKAGE_ROOT, SHAPES

CACHE_ENV = "AMHE_CACHE_DIR"


def cache_dir() -> Path:
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "amhe"


def fingerprint(data_dir: Path | None = None) -> str:
    """A hash of every input of the build: source tables, ontology, shapes, loader and graph code, rules.

    Hashing the inputs (and importing hashlib) is a tenth of a cold answer, so the key is memoised
    per data folder together with each input's size and modification time; any change to those
    hashes the contents again.
    """
    data_dir = Path(data_dir) if data_dir is not None else DATA_DIR
    inputs = sorted(data_dir.glob("*.csv")) + [ONTOLOGY, SHAPES]
    inputs += sorted((PACKAGE_ROOT / "loaders").glob("*.py")) + sorted((PACKAGE_ROOT / "graph").glob("*.py"))
    inputs += sorted((PACKAGE_ROOT / "graph" / "rules").glob("*.ru"))
    stats = "".join(f"{path}\t{st.st_size}\t{st.st_mtime_ns}\n" for path in inputs for st in [path.stat()])
    memo = cache_dir() / f"inputs-{zlib.crc32(str(data_dir.resolve()).encode()):08x}.txt"
    try:
        key, _, remembered = memo.read_text(encoding="utf-8").partition("\n")
        if remembered == stats and len(key) == 20:
            return key
    except OSError:
        pass
    import hashlib

    digest = hashlib.sha256()
    for path in inputs:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    key = digest.hexdigest()[:20]
    try:
        from .atomic import atomic_write

        memo.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(memo, f"{key}\n{stats}".encode())
    except OSError:  # a read-only cache still answers; it just hashes every time
        pass
    return key


def triples_file(key: str) -> Path:
    return cache_dir() / f"graph-{key}.nt"


def store_dir(key: str) -> Path:
    return cache_dir() / f"store-{key}"


def search_file(key: str) -> Path:
    """The full-text search index (SQLite FTS5) built with the store (graph/search_index.py)."""
    return cache_dir() / f"search-{key}.sqlite"


def is_fresh(key: str) -> bool:
    return (triples_file(key).is_file() and (store_dir(key) / "complete").is_file()
            and search_file(key).is_file())


def opened(store: Path) -> Any | None:
    """The store opened read-only, or None when it does not open: a store that lost a file (a crash, a hand
    edit) must be rebuilt, not used. The caller keeps the opened store (opening costs as much as a question)."""
    import pyoxigraph

    try:
        return pyoxigraph.Store.read_only(str(store))
    except OSError:
        return None


def opens(store: Path) -> bool:
    """Whether the store opens (see :func:`opened`)."""
    return opened(store) is not None
