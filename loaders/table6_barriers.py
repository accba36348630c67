"""Loader for Table 6 (Appendix 4): barriers to advancing equality, each with its solutions.

A solution's link to an intervention type is always our mapping, so it is stated with
``amhe:curatedInterventionType``, never as a claim of the source.
"""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from .common import add_population_links, add_position, add_provenance
from .context import LoadContext
from .tables import Row
from .vocab import AMHE, iri

BARRIERS = "table6_barriers.csv"
BARRIER_COLUMNS = ("id", "barrier", "position", "population_codes", "population_basis", "population_evidence",
                   "appendix", "table", "note")
SOLUTIONS = "table6_solutions.csv"
SOLUTION_COLUMNS = ("id", "barrier", "position", "solution", "intervention_types", "intervention_type_basis",
                    "appendix", "table", "note")


def add_barrier(g: Graph, ctx: LoadContext, row: Row, cls: URIRef) -> URIRef:
    node = iri("barrier", row.text("id"))
    ctx.register("barrier", row.text("id"), node, row, "id")
    g.add((node, RDF.type, cls))
    g.add((node, RDFS.label, Literal(row.text("barrier"), lang="en")))
    add_position(g, node, row)
    if "population_codes" in row.columns:
        add_population_links(g, ctx, node, row)
    add_provenance(g, ctx, node, row)
    return node


def add_solution(g: Graph, ctx: LoadContext, row: Row) -> URIRef:
    node = iri("solution", row.text("id"))
    ctx.register("solution", row.text("id"), node, row, "id")
    barrier = ctx.resolve("barrier", row.text("barrier"), row, "barrier")
    g.add((node, RDF.type, AMHE.Solution))
    g.add((node, RDFS.label, Literal(row.text("solution"), lang="en")))
    g.add((barrier, AMHE.hasSolution, node))
    g.add((node, AMHE.solves, barrier))
    add_position(g, node, row)
    if "intervention_types" in row.columns:
        types = row.items("intervention_types")
        if types and row.choice("intervention_type_basis", ("curated",)) != "curated":
            raise row.error("intervention_type_basis", "a solution's intervention types are always our mapping")
        for notation in types:
            g.add((node, AMHE.curatedInterventionType,
                   ctx.resolve("intervention-type-notation", notation.lower(), row, "intervention_types")))
    add_provenance(g, ctx, node, row)
    return node


def load(ctx: LoadContext) -> Graph:
    g = Graph()
    for row in ctx.table(BARRIERS, BARRIER_COLUMNS):
        add_barrier(g, ctx, row, AMHE.Barrier)
    for row in ctx.table(SOLUTIONS, SOLUTION_COLUMNS):
        add_solution(g, ctx, row)
    return g
