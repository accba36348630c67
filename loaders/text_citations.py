"""Loader for ``text_citations.csv``: where the running text (outside the tables) cites references."""

from __future__ import annotations

from rdflib import Graph, Literal
from rdflib.namespace import RDF, RDFS

from .common import add_provenance
from .context import LoadContext
from .vocab import AMHE

FILE = "text_citations.csv"
COLUMNS = ("id", "appendix", "table", "references", "context", "note")


def load(ctx: LoadContext) -> Graph:
    g = Graph()
    for row in ctx.table(FILE, COLUMNS):
        node = ctx.define("citation", row)
        if not row.numbers("references"):
            raise row.error("references", "a citation cites at least one reference")
        g.add((node, RDF.type, AMHE.TextCitation))
        g.add((node, RDFS.label, Literal(f"Citation in the text: {row.text('context')}", lang="en")))
        g.add((node, AMHE.quotedText, Literal(row.text("context"), lang="en")))
        add_provenance(g, ctx, node, row)
    return g
