"""Loader for the boxed quotations with their attributions (Appendices 1 and 6)."""

from __future__ import annotations

from rdflib import Graph, Literal
from rdflib.namespace import RDF, RDFS

from .common import add_provenance
from .context import LoadContext
from .vocab import AMHE

FILES = ("appendix1_quotations.csv", "appendix6_quotations.csv")
COLUMNS = ("id", "quote", "attributed_to", "appendix", "note")


def load(ctx: LoadContext) -> Graph:
    g = Graph()
    for name in FILES:
        for row in ctx.table(name, COLUMNS):
            node = ctx.define("quotation", row)
            quote = row.text("quote")
            g.add((node, RDF.type, AMHE.AttributedQuotation))
            g.add((node, RDFS.label, Literal(quote if len(quote) <= 80 else quote[:77] + "...", lang="en")))
            g.add((node, AMHE.quotedText, Literal(quote, lang="en")))
            g.add((node, AMHE.attributedTo, Literal(row.text("attributed_to"))))
            add_provenance(g, ctx, node, row)
    return g
