"""Row-to-triple mappings that several source tables share (concepts, printed counts, notes)."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, SKOS, XSD

from .context import LoadContext
from .tables import Row
from .vocab import AMHE, SCHEMA, iri, slugify

COUNT_UNITS = {
    "rows": AMHE.Table5Rows,
    "references": AMHE.CitedReferences,
    "marked-cells": AMHE.MarkedCells,
}


def add_concept(g: Graph, ctx: LoadContext, node: URIRef, cls: URIRef, row: Row, scheme: URIRef,
                label: str, notation: str | None = None, top: bool = True) -> None:
    """A SKOS concept with its labels, notation, scheme membership and provenance."""
    g.add((node, RDF.type, cls))
    g.add((node, SKOS.prefLabel, Literal(label, lang="en")))
    g.add((node, RDFS.label, Literal(label, lang="en")))
    g.add((node, SKOS.inScheme, scheme))
    if top:
        g.add((node, SKOS.topConceptOf, scheme))
        g.add((scheme, SKOS.hasTopConcept, node))
    if notation:
        g.add((node, SKOS.notation, Literal(notation)))
    for alt in row.items("alt_labels") if "alt_labels" in row.columns else ():
        g.add((node, SKOS.altLabel, Literal(alt, lang="en")))
    g.add((node, PROV.wasDerivedFrom, ctx.section(row)))
    add_note(g, node, row)


def add_note(g: Graph, node: URIRef, row: Row) -> None:
    if "note" in row.columns and row.text("note", required=False):
        g.add((node, SKOS.editorialNote, Literal(row.text("note"), lang="en")))


def add_reported_count(g: Graph, ctx: LoadContext, row: Row, concept: URIRef, slug: str,
                       value_column: str, printed_column: str) -> URIRef:
    """A number the source prints for ``concept``, with the unit the table says it counts."""
    node = iri("count", slug)
    value = row.integer(value_column, minimum=0)
    unit = row.choice("count_unit", tuple(COUNT_UNITS))
    g.add((node, RDF.type, AMHE.ReportedCount))
    g.add((node, AMHE.countedConcept, concept))
    g.add((node, AMHE.reportedValue, Literal(value, datatype=XSD.nonNegativeInteger)))
    g.add((node, AMHE.countUnit, COUNT_UNITS[unit]))
    g.add((node, AMHE.printedColumn, Literal(printed_column)))
    g.add((node, PROV.wasDerivedFrom, ctx.section(row)))
    g.add((node, RDFS.label, Literal(f"{printed_column}: {value}", lang="en")))
    return node


def organisation(g: Graph, name: str) -> URIRef:
    node = iri("organisation", slugify(name))
    g.add((node, RDF.type, SCHEMA.Organization))
    g.add((node, RDFS.label, Literal(name)))
    g.add((node, SCHEMA.name, Literal(name)))
    return node
