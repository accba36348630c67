"""Loader for Appendix 1 (the case for change, outside Table 1): its claims with figures and
the programmes and policies it names."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS, XSD

from .common import add_provenance, resolve_organisation
from .context import LoadContext
from .tables import Row
from .vocab import AMHE, iri

CLAIMS = "appendix1_claims.csv"
CLAIM_COLUMNS = ("id", "case", "statement", "quote", "value_low", "value_high", "unit", "per", "period", "subject",
                 "references", "appendix", "table", "note")
PROGRAMMES = "appendix1_programmes.csv"
PROGRAMME_COLUMNS = ("id", "label", "alt_labels", "kind", "publisher_name", "summary", "references", "appendix",
                     "table", "note")


def decimal(row: Row, column: str) -> Literal | None:
    value = row.text(column, required=False)
    if not value:
        return None
    try:
        number = Decimal(value)
    except InvalidOperation:
        raise row.error(column, f"expected a number, got {value!r}") from None
    lexical = format(number, "f")
    # Turtle writes decimals with a point; giving one here keeps exports round-tripping to the same term.
    return Literal(lexical if "." in lexical else lexical + ".0", datatype=XSD.decimal)


def add_figures(g: Graph, node: URIRef, row: Row) -> None:
    """The figure of a claim: low/high values and what they are measured in."""
    low, high = decimal(row, "value_low"), decimal(row, "value_high")
    if low is not None and high is not None and low.toPython() > high.toPython():
        raise row.error("value_high", "the high value is below the low value")
    for value, predicate in ((low, AMHE.valueLow), (high, AMHE.valueHigh)):
        if value is not None:
            g.add((node, predicate, value))
    for column, predicate in (("unit", AMHE.unit), ("per", AMHE.per), ("period", AMHE.period),
                              ("measure", AMHE.measure)):
        if column in row.columns and row.text(column, required=False):
            g.add((node, predicate, Literal(row.text(column))))
    if (low is not None or high is not None) and not row.text("unit", required=False):
        raise row.error("unit", "a figure needs its unit")


def load(ctx: LoadContext) -> Graph:
    g = Graph()
    for row in ctx.table(CLAIMS, CLAIM_COLUMNS):
        node = iri("claim", row.text("id"))
        ctx.register("claim", row.text("id"), node, row, "id")
        g.add((node, RDF.type, AMHE.Claim))
        g.add((node, RDFS.label, Literal(row.text("statement"), lang="en")))
        g.add((node, AMHE.argument, Literal(row.choice("case", ("economic", "legal", "moral")))))
        g.add((node, AMHE.quotedText, Literal(row.text("quote"), lang="en")))
        if row.text("subject", required=False):
            g.add((node, DCTERMS.subject, Literal(row.text("subject"))))
        add_figures(g, node, row)
        add_provenance(g, ctx, node, row)
    for row in ctx.table(PROGRAMMES, PROGRAMME_COLUMNS):
        node = iri("programme", row.text("id"))
        ctx.register("programme", row.text("id"), node, row, "id")
        g.add((node, RDF.type, AMHE.Programme))
        g.add((node, RDFS.label, Literal(row.text("label"), lang="en")))
        g.add((node, DCTERMS.type, Literal(row.choice("kind", ("programme", "policy", "review", "assessment")))))
        for alt in row.items("alt_labels"):
            g.add((node, SKOS.altLabel, Literal(alt)))
        if row.text("publisher_name", required=False):
            g.add((node, DCTERMS.publisher, resolve_organisation(ctx, row.text("publisher_name"), row,
                                                                 "publisher_name")))
        g.add((node, AMHE.summary, Literal(row.text("summary"), lang="en")))
        add_provenance(g, ctx, node, row)
    return g
