"""Loader for ``table5_lost_references.csv``: what the Table 5 rows the extracted text lacks could carry.

The text lacks the rows citing references 59-66 and 105-113, but the reference list keeps their
titles. Each record is our reading of one such reference (``basis`` = curated): the implementation
block its number places the lost row in, and the population subtypes and intervention types its
title names (``subtypes``, ``types``: counted by the audit) or only suggests (``suggested``: shown,
not counted), each with the title's words. Items are written ``code: words of the title``.
"""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS

from .common import add_note
from .context import LoadContext
from .tables import Row
from .vocab import AMHE, iri

FILE = "table5_lost_references.csv"
COLUMNS = ("reference", "block", "block_evidence", "subtypes", "types", "suggested", "basis", "appendix", "table",
           "note")
BASIS = {"curated": AMHE.CuratedReading}


def _concept(ctx: LoadContext, code: str, row: Row, column: str) -> URIRef:
    """A population subtype code (subtypes), a Table 2 notation (types), or either (suggested)."""
    kinds = {"subtypes": ("population-subtype",), "types": ("intervention-type-notation",)}.get(
        column, ("population-subtype", "intervention-type-notation"))
    for kind in kinds:
        if code.lower() in ctx.index.get(kind, {}):
            return ctx.index[kind][code.lower()]
    return ctx.resolve(kinds[-1], code.lower(), row, column)  # raises: unknown code


def _supports(g: Graph, ctx: LoadContext, node: URIRef, row: Row, column: str, predicate: URIRef) -> None:
    seen: set[str] = set()
    for item in row.items(column):
        code, sep, words = (part.strip() for part in item.partition(":"))
        if not sep or not code or not words:
            raise row.error(column, f"expected 'code: words of the title', got {item!r}")
        if code in seen:
            raise row.error(column, f"{code} is listed twice")
        seen.add(code)
        support = iri("lost-reference", f"{row.text('reference')}-{column}-{code.lower()}")
        g.add((node, predicate, support))
        g.add((support, RDF.type, AMHE.TitleSupport))
        g.add((support, AMHE.supportedConcept, _concept(ctx, code, row, column)))
        g.add((support, AMHE.titleWords, Literal(words)))


def load(ctx: LoadContext) -> Graph:
    g = Graph()
    for row in ctx.table(FILE, COLUMNS, key="reference"):
        number = row.integer("reference", minimum=1)
        node = iri("lost-reference", str(number))
        reference = ctx.reference(number, row, "reference")
        g.add((node, RDF.type, AMHE.LostReferenceReading))
        g.add((node, RDFS.label, Literal(f"Lost Table 5 row citing reference {number}, read from its title",
                                         lang="en")))
        g.add((node, DCTERMS.references, reference))
        g.add((node, AMHE.implementationBlock,
               ctx.resolve("intervention-type-notation", row.text("block").lower(), row, "block")))
        g.add((node, AMHE.blockEvidence, Literal(row.text("block_evidence"), lang="en")))
        g.add((node, AMHE.readingBasis, BASIS[row.choice("basis", tuple(BASIS))]))
        g.add((node, PROV.wasDerivedFrom, ctx.section(row)))
        _supports(g, ctx, node, row, "subtypes", AMHE.titleSupports)
        _supports(g, ctx, node, row, "types", AMHE.titleSupports)
        _supports(g, ctx, node, row, "suggested", AMHE.titleSuggests)
        add_note(g, node, row)
    return g
