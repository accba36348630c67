"""The build cache, written side: the validated graph as sorted N-Triples and as an Oxigraph store.

Both are written under a temporary name and renamed into place, so a reader never sees a
half-written cache; older cache entries are removed.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from rdflib import Graph

from . import search_index
from .atomic import atomic_write
from .build import new_graph
from .cache import cache_dir, fingerprint, is_fresh, search_file, store_dir, triples_file
from .export import serialize


def load(data_dir: Path | None = None) -> Graph | None:
    """The cached graph for the current inputs, or None when it must be rebuilt."""
    key = fingerprint(data_dir)
    if not is_fresh(key):
        return None
    g = new_graph()
    g.parse(triples_file(key), format="nt")
    return g


def save(g: Graph, data_dir: Path | None = None) -> Path:
    """Cache a validated graph under the fingerprint of its inputs."""
    import pyoxigraph

    key = fingerprint(data_dir)
    directory = cache_dir()
    directory.mkdir(parents=True, exist_ok=True)
    data = serialize(g, "nt")
    target = store_dir(key)
    staging = directory / f".store-{key}.tmp"
    shutil.rmtree(staging, ignore_errors=True)
    store = pyoxigraph.Store(str(staging))
    store.bulk_load(data, format=pyoxigraph.RdfFormat.N_TRIPLES)
    store.optimize()
    search_index.write(store, search_file(key))
    del store
    (staging / "complete").write_text(f"{len(g)}\n", encoding="utf-8")
    shutil.rmtree(target, ignore_errors=True)
    staging.rename(target)
    atomic_write(triples_file(key), data)
    for old in list(directory.glob("graph-*.nt")) + list(directory.glob("store-*")) + list(directory.glob("search-*")):
        if old.name not in (triples_file(key).name, target.name, search_file(key).name):
            if old.is_dir():
                shutil.rmtree(old, ignore_errors=True)
            else:
                old.unlink(missing_ok=True)
    return target
