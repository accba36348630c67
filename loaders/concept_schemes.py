"""Loader for ``concept_schemes.csv``: the SKOS concept schemes that the taxonomy tables fill."""

from __future__ import annotations

from rdflib import Graph, Literal
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS

from .context import LoadContext

FILE = "concept_schemes.csv"
COLUMNS = ("id", "label", "definition", "appendix", "table", "references")


def load(ctx: LoadContext) -> Graph:
    g = Graph()
    for row in ctx.table(FILE, COLUMNS):
        node = ctx.define("scheme", row)
        label = Literal(row.text("label"), lang="en")
        g.add((node, RDF.type, SKOS.ConceptScheme))
        g.add((node, SKOS.prefLabel, label))
        g.add((node, RDFS.label, label))
        g.add((node, SKOS.definition, Literal(row.text("definition"), lang="en")))
        g.add((node, PROV.wasDerivedFrom, ctx.section(row)))
        for number in row.numbers("references"):
            g.add((node, DCTERMS.references, ctx.reference(number, row, "references")))
    return g
