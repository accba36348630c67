"""Where the built graph is cached and whether the cache is fresh.

Deliberately free of rdflib and pyshacl: the answering commands call this on every start
and must stay fast. The cache holds, per fingerprint of the inputs, the validated graph
as sorted N-Triples (for rdflib-based work: export, validation) and as an Oxigraph store
that opens in milliseconds (for answering questions).
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from . import ONTOLOGY, PACKAGE_ROOT, SHAPES

CACHE_ENV = "AMHE_CACHE_DIR"
DATA_DIR = PACKAGE_ROOT / "data"


def cache_dir() -> Path:
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "amhe"


def fingerprint(data_dir: Path | None = None) -> str:
    """A hash of every input of the build: source tables, ontology, shapes, loader and graph code."""
    data_dir = Path(data_dir) if data_dir is not None else DATA_DIR
    digest = hashlib.sha256()
    inputs = sorted(data_dir.glob("*.csv")) + [ONTOLOGY, SHAPES]
    inputs += sorted((PACKAGE_ROOT / "loaders").glob("*.py")) + sorted((PACKAGE_ROOT / "graph").glob("*.py"))
    for path in inputs:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:20]


def triples_file(key: str) -> Path:
    return cache_dir() / f"graph-{key}.nt"


def store_dir(key: str) -> Path:
    return cache_dir() / f"store-{key}"


def is_fresh(key: str) -> bool:
    return triples_file(key).is_file() and (store_dir(key) / "complete").is_file()
