"""Building the graph: every loader into its own staging graph, then one merge.

A loader that fails raises :class:`SourceError` before anything is merged, so a broken
source table never leaves a partial graph behind (rdflib's memory store cannot roll back).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from rdflib import Graph

from ..loaders import DATA_DIR
from ..loaders.context import LoadContext
from ..loaders.registry import LOADERS
from ..loaders.vocab import PREFIXES
from . import ONTOLOGY, coding_audit, derive, reconcile, void_statistics

# progress(message, step, total): step and total are given for work that advances in counted steps.
Progress = Callable[..., None]


def new_graph() -> Graph:
    g = Graph()
    for prefix, namespace in PREFIXES.items():
        g.bind(prefix, namespace, override=True, replace=True)
    return g


def load_ontology() -> Graph:
    return Graph().parse(ONTOLOGY, format="turtle")


def load_sources(data_dir: Path | None = None, progress: Progress | None = None) -> Graph:
    """Run every loader; return the merged graph of the source tables alone."""
    ctx = LoadContext(Path(data_dir) if data_dir is not None else DATA_DIR)
    staged: list[Graph] = []
    for step, (name, loader) in enumerate(LOADERS, start=1):
        if progress:
            progress(f"loading {name}", step, len(LOADERS))
        staged.append(loader(ctx))
    g = new_graph()
    for part in staged:
        g += part
    return g


def build(data_dir: Path | None = None, progress: Progress | None = None) -> Graph:
    """The complete graph: source tables, ontology, audit findings, derived data and dataset description."""
    g = load_sources(data_dir, progress)
    g += load_ontology()
    if progress:
        progress("reconciling printed figures")
    g += reconcile.audit(g)
    g += coding_audit.audit(g)
    if progress:
        progress("deriving the evidence matrix, section counts and search texts")
    derive.apply(g)
    void_statistics.add_statistics(g)
    return g
