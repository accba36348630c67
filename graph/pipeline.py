"""The build pipeline the commands share: cached graph if fresh, else build, validate, cache.

Only a graph that conforms to the shapes is ever cached, so every command that reads the
cache reads a validated graph.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from . import store
from .build import Progress, build
from .errors import NotConforming
from .validate import validate


def built_graph(data_dir: Path | None = None, force: bool = False,
                progress: Progress | None = None) -> tuple[Graph, bool]:
    """(graph, rebuilt): the validated graph for ``data_dir``, rebuilt only when an input changed."""
    if not force:
        cached = store.load(data_dir)
        if cached is not None:
            return cached, False
    g = build(data_dir, progress)
    if progress:
        progress("validating against the SHACL shapes")
    report = validate(g)
    if not report.conforms:
        raise NotConforming(report)
    store.save(g, data_dir)
    return g, True
