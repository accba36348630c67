"""Loader for Table 6 (Appendix 4): barriers to advancing equality, each with its solutions.

A solution's link to an intervention type is always our mapping, so it is stated with
``amhe:curatedInterventionType``, never as a claim of the source.
"""

from __future__ import annotations

from rdflib import Graph

from .common import add_barrier, add_solution
from .context import LoadContext
from .vocab import AMHE

BARRIERS = "table6_barriers.csv"
BARRIER_COLUMNS = ("id", "barrier", "position", "population_codes", "population_basis", "population_evidence",
                   "appendix", "table", "note")
SOLUTIONS = "table6_solutions.csv"
SOLUTION_COLUMNS = ("id", "barrier", "position", "solution", "intervention_types", "intervention_type_basis",
                    "appendix", "table", "note")


def load(ctx: LoadContext) -> Graph:
    g = Graph()
    for row in ctx.table(BARRIERS, BARRIER_COLUMNS):
        add_barrier(g, ctx, row, AMHE.Barrier)
    for row in ctx.table(SOLUTIONS, SOLUTION_COLUMNS):
        add_solution(g, ctx, row)
    return g
