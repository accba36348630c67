"""Loaders: one module per source table, each mapping that table's rows to triples.

``LOADERS`` is the registry, in dependency order: a loader may cite identifiers that an
earlier one registered in the shared :class:`LoadContext`, never a later one. Each loader
returns its own staging graph; the build merges them only once every loader has succeeded.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from rdflib import Graph

from . import (
    concept_schemes,
    edition,
    references,
    source_sections,
    table1_legislation,
    table2_intervention_types,
    table3_populations,
    table5_interventions,
)
from .context import LoadContext
from .tables import SourceError

DATA_DIR = Path(__file__).resolve().parent.parent / "data"

Loader = Callable[[LoadContext], Graph]

LOADERS: tuple[tuple[str, Loader], ...] = (
    ("source sections", source_sections.load),
    ("references", references.load),
    ("concept schemes", concept_schemes.load),
    ("table 3: population characteristics", table3_populations.load),
    ("table 2: intervention types", table2_intervention_types.load),
    ("table 1: legislation and duties", table1_legislation.load),
    ("table 5: interventions", table5_interventions.load),
    ("edition", edition.load),
)

__all__ = ["DATA_DIR", "LOADERS", "LoadContext", "SourceError"]
