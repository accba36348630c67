"""Loader for Appendix 8 (NCCMH Sharing and Learning event): organisations' initiatives and their items
(CQC's five equality objectives 2019-2021 each an item of their own)."""

from __future__ import annotations

from rdflib import Graph, Literal
from rdflib.namespace import DCTERMS, RDF, RDFS

from .common import add_population_links, add_position, add_provenance, resolve_organisation
from .context import LoadContext
from .vocab import AMHE

FILE = "appendix8_initiatives.csv"
COLUMNS = ("id", "organisation_name", "label", "kind", "part_of", "position", "text", "population_codes",
           "population_basis", "population_evidence", "appendix", "note")
KINDS = ("initiative", "objective", "partner", "report")


def load(ctx: LoadContext) -> Graph:
    g = Graph()
    rows = ctx.table(FILE, COLUMNS)
    for row in rows:
        ctx.define("initiative", row)
    for row in rows:
        node = ctx.index["initiative"][row.text("id")]
        kind = row.choice("kind", KINDS)
        organisation = resolve_organisation(ctx, row.text("organisation_name"), row, "organisation_name")
        g.add((node, RDF.type, AMHE.Initiative))
        g.add((node, DCTERMS.type, Literal(kind)))
        g.add((node, RDFS.label, Literal(row.text("label"), lang="en")))
        if row.text("part_of", required=False):
            parent = ctx.resolve("initiative", row.text("part_of"), row, "part_of")
            g.add((node, DCTERMS.isPartOf, parent))
            g.add((parent, DCTERMS.hasPart, node))
        g.add((node, AMHE.partner if kind == "partner" else AMHE.organisation, organisation))
        if row.text("text", required=False):
            g.add((node, DCTERMS.description, Literal(row.text("text"), lang="en")))
        add_position(g, node, row)
        add_population_links(g, ctx, node, row)
        add_provenance(g, ctx, node, row)
    return g
