"""Loader for ``appendix2_research_questions.csv``: the three research questions of the mapping review."""

from __future__ import annotations

from rdflib import Graph, Literal
from rdflib.namespace import RDF, RDFS

from .common import add_provenance
from .context import LoadContext
from .vocab import AMHE, BIBO

FILE = "appendix2_research_questions.csv"
COLUMNS = ("id", "number", "question", "focus", "appendix", "note")


def load(ctx: LoadContext) -> Graph:
    g = Graph()
    for row in ctx.table(FILE, COLUMNS):
        node = ctx.define("research-question", row)
        number = row.integer("number", minimum=1, maximum=3)
        ctx.register("research-question-number", str(number), node, row, "number")
        g.add((node, RDF.type, AMHE.ResearchQuestion))
        g.add((node, RDFS.label, Literal(row.text("question"), lang="en")))
        g.add((node, BIBO.number, Literal(str(number))))
        g.add((node, AMHE.focus, Literal(row.text("focus"))))
        add_provenance(g, ctx, node, row)
    return g
