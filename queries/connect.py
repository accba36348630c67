"""The engine a command asks: a SPARQL endpoint, or the cached embedded store, built (and validated)
first when an input changed. Light to import: rdflib and pyshacl load only when a build is needed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from .progress import progress


def store_path(data: Path | None) -> Path:
    """The cached Oxigraph store for ``data``, built (and validated) first if an input changed."""
    from ..graph.cache import cache_dir, fingerprint, is_fresh, opens, store_dir

    key = fingerprint(data)
    if not is_fresh(key) or not opens(store_dir(key)):  # a store that lost a file is rebuilt, not trusted
        from ..graph.pipeline import built_graph

        # One line whether or not stderr is a terminal: a first answer takes seconds, never in silence.
        click.echo(f"building the graph from {'the bundled tables' if data is None else data} "
                   "(first run or a changed table; a few seconds) ...", err=True)
        built_graph(data, progress=progress)
        progress("graph built, validated and cached")
        if not opens(store_dir(key)):
            from ..graph.errors import EngineError

            raise EngineError(f"the cached store {store_dir(key)} does not open even after a rebuild; "
                              f"remove the cache folder {cache_dir()} and try again")
    return store_dir(key)


def engine_for(data: Path | None, endpoint: str | None = None, timeout: float | None = None) -> Any:
    """A remote engine for ``endpoint``, else the embedded Oxigraph store built from ``data``."""
    from .engine import OxigraphEngine, RemoteEngine

    if endpoint:
        return RemoteEngine(endpoint, timeout=timeout or 30.0)
    return OxigraphEngine(store_path(data))
