"""Loader for ``source_sections.csv``: the source document, its appendices and tables.

Every curated entity points at one of these with ``prov:wasDerivedFrom``.
"""

from __future__ import annotations

from rdflib import Graph, Literal
from rdflib.namespace import DCTERMS, RDF, RDFS, XSD

from .context import LoadContext
from .vocab import AMHE, BIBO

FILE = "source_sections.csv"
COLUMNS = ("id", "kind", "number", "label", "part_of", "start_page")


def load(ctx: LoadContext) -> Graph:
    g = Graph()
    rows = ctx.table(FILE, COLUMNS)
    for row in rows:
        ctx.define("source", row)
    for row in rows:
        node = ctx.index["source"][row.text("id")]
        kind = row.choice("kind", ("document", "appendix", "table", "section"))
        label = Literal(row.text("label"), lang="en")
        g.add((node, RDFS.label, label))
        g.add((node, DCTERMS.title, label))
        if kind == "document":
            g.add((node, RDF.type, BIBO.Report))
            g.add((node, RDF.type, AMHE.SourceDocument))
            continue
        g.add((node, RDF.type, AMHE.SourceSection))
        g.add((node, DCTERMS.type, Literal(kind)))
        if row.text("number", required=False):
            g.add((node, BIBO.number, Literal(row.text("number"))))
        g.add((node, DCTERMS.isPartOf, ctx.resolve("source", row.text("part_of"), row, "part_of")))
        page = row.integer("start_page", minimum=1, required=False)
        if page is not None:
            g.add((node, BIBO.pageStart, Literal(page, datatype=XSD.integer)))
    return g
