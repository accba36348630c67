"""Loader for Appendix 1 (the case for change, outside Table 1): its claims with figures and
the programmes and policies it names."""

from __future__ import annotations

from rdflib import Graph, Literal
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS

from .common import add_figures, add_provenance, resolve_organisation
from .context import LoadContext
from .vocab import AMHE

CLAIMS = "appendix1_claims.csv"
CLAIM_COLUMNS = ("id", "case", "statement", "quote", "value_low", "value_high", "unit", "per", "period", "subject",
                 "references", "appendix", "table", "note")
PROGRAMMES = "appendix1_programmes.csv"
PROGRAMME_COLUMNS = ("id", "label", "alt_labels", "kind", "publisher_name", "summary", "references", "appendix",
                     "table", "note")


def load(ctx: LoadContext) -> Graph:
    g = Graph()
    for row in ctx.table(CLAIMS, CLAIM_COLUMNS):
        node = ctx.define("claim", row)
        g.add((node, RDF.type, AMHE.Claim))
        g.add((node, RDFS.label, Literal(row.text("statement"), lang="en")))
        g.add((node, AMHE.argument, Literal(row.choice("case", ("economic", "legal", "moral")))))
        g.add((node, AMHE.quotedText, Literal(row.text("quote"), lang="en")))
        if row.text("subject", required=False):
            g.add((node, DCTERMS.subject, Literal(row.text("subject"))))
        add_figures(g, node, row)
        add_provenance(g, ctx, node, row)
    for row in ctx.table(PROGRAMMES, PROGRAMME_COLUMNS):
        node = ctx.define("programme", row)
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
