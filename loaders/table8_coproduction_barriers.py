"""Loader for Table 8 (Appendix 6): barriers to engaging in genuine co-production and their solutions."""

from __future__ import annotations

from rdflib import Graph

from .common import add_barrier, add_solution
from .context import LoadContext
from .vocab import AMHE

BARRIERS = "table8_coproduction_barriers.csv"
BARRIER_COLUMNS = ("id", "barrier", "position", "appendix", "table", "note")
SOLUTIONS = "table8_coproduction_solutions.csv"
SOLUTION_COLUMNS = ("id", "barrier", "position", "solution", "appendix", "table", "note")


def load(ctx: LoadContext) -> Graph:
    g = Graph()
    for row in ctx.table(BARRIERS, BARRIER_COLUMNS):
        add_barrier(g, ctx, row, AMHE.CoproductionBarrier)
    for row in ctx.table(SOLUTIONS, SOLUTION_COLUMNS):
        add_solution(g, ctx, row)
    return g
