"""The engine a command asks: a SPARQL endpoint, or the cached embedded store, built (and validated)
first when an input changed. Light to import: rdflib and pyshacl load only when a build is needed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from .progress import progress


def store_path(data: Path | None) -> Path:
    """The cached Oxigraph store for ``data``, built (and validated) first if an input changed."""
    return opened_store(data)[0]


def opened_store(data: Path | None) -> tuple[Path, Any]:
    """The cached store's folder for ``data`` and the store opened read-only (opened once: the check that it
    opens is the opening the engine uses), built (and validated) first if an input changed or it does not open."""
    from ..graph.cache import cache_dir, fingerprint, is_fresh, opened, store_dir

    key = fingerprint(data)
    store = opened(store_dir(key)) if is_fresh(key) else None
    if store is None:  # a store that lost a file is rebuilt, not trusted
        from ..graph.pipeline import built_graph

        # One line whether or not stderr is a terminal: a first answer takes seconds, never in silence.
        click.echo(f"building the graph from {'the bundled tables' if data is None else data} "
                   "(first run or a changed table; a few seconds) ...", err=True)
        built_graph(data, progress=progress)
        progress("graph built, validated and cached")
        store = opened(store_dir(key))
        if store is None:
            from ..graph.errors import EngineError

            raise EngineError(f"the cached store {store_dir(key)} does not open even after a rebuild; "
                              f"remove the cache folder {cache_dir()} and try again")
    return store_dir(key), store


def index_path(data: Path | None) -> Path:
    """The search index for ``data``: only the index is read, so the store is not opened unless it must be
    built (a store that does not open is rebuilt by the next command that asks it)."""
    from ..graph.cache import fingerprint, is_fresh, search_file

    key = fingerprint(data)
    if not is_fresh(key):
        store_path(data)
    return search_file(key)


def engine_for(data: Path | None, endpoint: str | None = None, timeout: float | None = None) -> Any:
    """A remote engine for ``endpoint``, else the embedded Oxigraph store built from ``data``."""
    from .engine import OxigraphEngine, RemoteEngine

    if endpoint:
        return RemoteEngine(endpoint, timeout=timeout or 30.0)
    path, store = opened_store(data)
    return OxigraphEngine(path, store=store)
