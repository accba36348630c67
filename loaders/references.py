"""Loader for ``references.csv``: the source's numbered reference list as bibliographic records.

Each entry becomes ``reference/{number}``, typed ``amhe:Reference`` and the BIBO class of its
kind. Journals and publishing organisations become entities of their own, so that all the
articles of one journal, or all the reports of NHS England, meet at one node.
"""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from .common import resolve_organisation
from .context import LoadContext
from .tables import Row
from .vocab import AMHE, BIBO, DC, iri, slugify

FILE = "references.csv"
COLUMNS = ("number", "kind", "authors", "et_al", "corporate_author", "year", "title", "container",
           "publisher", "place", "volume", "issue", "pages", "article_number", "as_printed", "note")
KIND_CLASS = {
    "journal-article": BIBO.AcademicArticle,
    "report": BIBO.Report,
    "legislation": BIBO.Legislation,
    "presentation": BIBO.Document,
    "book": BIBO.Book,
}
SECTION = "references"


def _container(g: Graph, row: Row, kind: str) -> URIRef | None:
    name = row.text("container", required=kind == "journal-article")
    if not name:
        return None
    node = iri("journal", slugify(name))
    g.add((node, RDF.type, BIBO.Journal if kind == "journal-article" else BIBO.Collection))
    g.add((node, RDFS.label, Literal(name)))
    g.add((node, DCTERMS.title, Literal(name)))
    return node


def load(ctx: LoadContext) -> Graph:
    g = Graph()
    rows = ctx.table(FILE, COLUMNS, key="number")
    section = ctx.resolve("source", SECTION, rows[0], "number") if rows else None
    for expected, row in enumerate(rows, start=1):
        number = row.integer("number", minimum=1)
        if number != expected:
            raise row.error("number", f"expected reference {expected} here: the list must run 1, 2, 3 ... in order")
        node = iri("reference", str(number))
        ctx.register("reference", str(number), node, row, "number")
        kind = row.choice("kind", tuple(KIND_CLASS))
        g.add((node, RDF.type, AMHE.Reference))
        g.add((node, RDF.type, KIND_CLASS[kind]))
        g.add((node, AMHE.referenceNumber, Literal(number, datatype=XSD.integer)))
        title = row.text("title")
        g.add((node, DCTERMS.title, Literal(title)))
        g.add((node, RDFS.label, Literal(f"[{number}] {title}")))
        year = row.integer("year", minimum=1900, maximum=2019)
        g.add((node, DCTERMS.issued, Literal(str(year), datatype=XSD.gYear)))
        authors = row.items("authors")
        for author in authors:
            g.add((node, DC.creator, Literal(author)))
        if authors:
            g.add((node, AMHE.authorsAsPrinted, Literal("; ".join(authors))))
        g.add((node, AMHE.etAl, Literal(row.boolean("et_al"))))
        if row.text("corporate_author", required=False):
            g.add((node, DCTERMS.creator, resolve_organisation(ctx, row.text("corporate_author"), row,
                                                               "corporate_author")))
        if not authors and not row.text("corporate_author", required=False) and row.boolean("et_al"):
            raise row.error("et_al", "'et al.' without any author")
        container = _container(g, row, kind)
        if container is not None:
            g.add((node, DCTERMS.isPartOf, container))
        if row.text("publisher", required=False):
            g.add((node, DCTERMS.publisher, resolve_organisation(ctx, row.text("publisher"), row, "publisher")))
        for column, predicate in (("place", AMHE.publicationPlace), ("volume", BIBO.volume),
                                  ("issue", BIBO.issue), ("pages", BIBO.pages),
                                  ("article_number", AMHE.articleNumber)):
            if row.text(column, required=False):
                g.add((node, predicate, Literal(row.text(column))))
        g.add((node, DCTERMS.bibliographicCitation, Literal(row.text("as_printed"))))
        if row.text("note", required=False):
            g.add((node, SKOS.editorialNote, Literal(row.text("note"), lang="en")))
        g.add((node, PROV.wasDerivedFrom, section))
    return g
