"""Loader for ``edition.csv``: what this dataset is and where it comes from.

Gives the dataset node its title, description, version and rights note, and the source
document its bibliographic data. Counts (triples, entities per class) are computed by the
build, which alone sees the whole graph.
"""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, OWL, PROV, RDF, RDFS, VOID, XSD

from .common import resolve_organisation
from .context import LoadContext
from .vocab import AMHE, BASE, SCHEMA, iri

FILE = "edition.csv"
COLUMNS = ("dataset_id", "title", "description", "version", "rights", "source", "source_publisher",
           "source_place", "source_year", "source_citation")


def load(ctx: LoadContext) -> Graph:
    g = Graph()
    rows = ctx.table(FILE, COLUMNS, key="dataset_id")
    if len(rows) != 1:
        raise (rows[1].error("dataset_id", "edition.csv describes exactly one dataset") if rows
               else ctx.missing(FILE))
    row = rows[0]
    dataset = iri("dataset", row.text("dataset_id"))
    ctx.register("dataset", row.text("dataset_id"), dataset, row, "dataset_id")
    source = ctx.resolve("source", row.text("source"), row, "source")
    title = Literal(row.text("title"), lang="en")
    g.add((dataset, RDF.type, VOID.Dataset))
    g.add((dataset, RDF.type, DCAT.Dataset))
    g.add((dataset, DCTERMS.title, title))
    g.add((dataset, RDFS.label, title))
    g.add((dataset, DCTERMS.description, Literal(row.text("description"), lang="en")))
    g.add((dataset, SCHEMA.version, Literal(row.text("version"))))
    g.add((dataset, OWL.versionInfo, Literal(row.text("version"))))
    g.add((dataset, DCTERMS.rights, Literal(row.text("rights"), lang="en")))
    g.add((dataset, DCTERMS.source, source))
    g.add((dataset, PROV.wasDerivedFrom, source))
    g.add((dataset, VOID.uriSpace, Literal(BASE)))
    g.add((dataset, VOID.vocabulary, URIRef(BASE + "ontology")))
    g.add((source, DCTERMS.publisher, resolve_organisation(ctx, row.text("source_publisher"), row, "source_publisher")))
    g.add((source, AMHE.publicationPlace, Literal(row.text("source_place"))))
    year = row.integer("source_year", minimum=2019, maximum=2019)
    g.add((source, DCTERMS.issued, Literal(str(year), datatype=XSD.gYear)))
    g.add((source, DCTERMS.bibliographicCitation, Literal(row.text("source_citation"))))
    return g
