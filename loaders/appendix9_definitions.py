"""Loader for Appendix 9: the operational definitions of three restrictive practices, as SKOS concepts."""

from __future__ import annotations

from rdflib import Graph, Literal
from rdflib.namespace import SKOS

from .common import add_concept
from .context import LoadContext
from .vocab import AMHE, iri

FILE = "appendix9_definitions.csv"
COLUMNS = ("id", "term", "definition", "appendix", "note")
SCHEME = "restrictive-practices"


def load(ctx: LoadContext) -> Graph:
    g = Graph()
    scheme = iri("scheme", SCHEME)
    for row in ctx.table(FILE, COLUMNS):
        node = ctx.define("restrictive-practice", row)
        add_concept(g, ctx, node, AMHE.RestrictivePractice, row, scheme, row.text("term"))
        g.add((node, SKOS.definition, Literal(row.text("definition"), lang="en")))
    return g
