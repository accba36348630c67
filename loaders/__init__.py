"""Loaders: one module per source table, each mapping that table's rows to triples.

The registry of loaders, in the order they run, is ``loaders.registry.LOADERS``. Each loader
returns its own staging graph; the build merges them only once every loader has succeeded.
This package module stays free of imports so that the error types in ``loaders.tables``
can be used without loading rdflib.
"""

from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
