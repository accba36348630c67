"""The build cache: the validated graph as sorted N-Triples, keyed by a fingerprint of its inputs.

Later commands load the cached graph instead of rebuilding. The key covers every source
table, the ontology, the shapes and the code of the loaders and the graph package, so
editing any of them makes the next command rebuild.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from rdflib import Graph

from ..loaders import DATA_DIR
from . import ONTOLOGY, PACKAGE_ROOT, SHAPES
from .atomic import atomic_write
from .build import new_graph
from .export import serialize

CACHE_ENV = "AMHE_CACHE_DIR"


def cache_dir() -> Path:
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "amhe"


def fingerprint(data_dir: Path | None = None) -> str:
    data_dir = Path(data_dir) if data_dir is not None else DATA_DIR
    digest = hashlib.sha256()
    inputs = sorted(data_dir.glob("*.csv")) + [ONTOLOGY, SHAPES]
    inputs += sorted((PACKAGE_ROOT / "loaders").glob("*.py")) + sorted((PACKAGE_ROOT / "graph").glob("*.py"))
    for path in inputs:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:20]


def cached_file(key: str) -> Path:
    return cache_dir() / f"graph-{key}.nt"


def load(data_dir: Path | None = None) -> Graph | None:
    """The cached graph for the current inputs, or None when it must be rebuilt."""
    path = cached_file(fingerprint(data_dir))
    if not path.is_file():
        return None
    g = new_graph()
    g.parse(path, format="nt")
    return g


def save(g: Graph, data_dir: Path | None = None) -> Path:
    """Cache a validated graph; older cache files are removed."""
    directory = cache_dir()
    directory.mkdir(parents=True, exist_ok=True)
    path = cached_file(fingerprint(data_dir))
    atomic_write(path, serialize(g, "nt"))
    for old in directory.glob("graph-*.nt"):
        if old != path:
            old.unlink(missing_ok=True)
    return path
