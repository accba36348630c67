"""Loader for ``helpful_resources.csv``: the resources the source recommends, by topic, with publishers."""

from __future__ import annotations

from rdflib import Graph, Literal
from rdflib.namespace import DCTERMS, RDF, RDFS

from .common import add_position, add_provenance
from .context import LoadContext
from .vocab import AMHE

FILE = "helpful_resources.csv"
COLUMNS = ("id", "title", "publisher", "publisher_ids", "topic", "position", "appendix", "note")


def load(ctx: LoadContext) -> Graph:
    g = Graph()
    for row in ctx.table(FILE, COLUMNS):
        node = ctx.define("resource", row)
        g.add((node, RDF.type, AMHE.HelpfulResource))
        g.add((node, RDFS.label, Literal(row.text("title"), lang="en")))
        g.add((node, DCTERMS.title, Literal(row.text("title"), lang="en")))
        g.add((node, AMHE.topic, Literal(row.text("topic"))))
        publishers = row.items("publisher_ids")
        if bool(publishers) != bool(row.text("publisher", required=False)):
            raise row.error("publisher_ids",
                            "give the publisher's organisation ids exactly when a publisher is printed")
        for publisher in publishers:
            g.add((node, DCTERMS.publisher, ctx.resolve("organisation", publisher, row, "publisher_ids")))
        if row.text("publisher", required=False):
            g.add((node, AMHE.labelAsPrinted, Literal(row.text("publisher"))))
        add_position(g, node, row)
        add_provenance(g, ctx, node, row)
    return g
