"""Loader for Appendix 8 (NCCMH Sharing and Learning event): organisations' initiatives and their items
(CQC's five equality objectives 2019-2021 each an item of their own), the Information the source prints
for each (as printed), and the places, dates, funders and figures that text states (three curated tables)."""

from __future__ import annotations

from rdflib import Graph, Literal
from rdflib.namespace import DCTERMS, RDF, RDFS

from .common import (
    add_dates,
    add_figures,
    add_population_links,
    add_position,
    add_printed_texts,
    add_provenance,
    resolve_organisation,
)
from .context import LoadContext
from .vocab import AMHE, SCHEMA

FILE = "appendix8_initiatives.csv"
COLUMNS = ("id", "organisation_name", "label", "kind", "part_of", "position", "summary", "places", "start_date",
           "end_date", "issued", "duration", "funder_name", "collaborator_names", "population_codes",
           "population_basis", "population_evidence", "appendix", "note")
KINDS = ("initiative", "objective", "partner", "report", "prototype", "audit", "website")
TEXTS = "appendix8_initiative_texts.csv"
TEXT_COLUMNS = ("initiative", "position", "text", "appendix", "note")
FIGURES = "appendix8_figures.csv"
FIGURE_COLUMNS = ("id", "initiative", "statement", "value_low", "value_high", "unit", "measure", "quote", "appendix",
                  "note")


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
        if row.text("summary", required=False):
            g.add((node, AMHE.summary, Literal(row.text("summary"), lang="en")))
        for place in row.items("places"):
            g.add((node, SCHEMA.location, ctx.resolve("place", place, row, "places")))
        add_dates(g, node, row)
        if row.text("funder_name", required=False):
            g.add((node, SCHEMA.funder, resolve_organisation(ctx, row.text("funder_name"), row, "funder_name")))
        for name in row.items("collaborator_names"):
            g.add((node, AMHE.collaborator, resolve_organisation(ctx, name, row, "collaborator_names")))
        add_position(g, node, row)
        add_population_links(g, ctx, node, row)
        add_provenance(g, ctx, node, row)

    texts: dict[str, list] = {}
    for row in ctx.table(TEXTS, TEXT_COLUMNS, key=None):
        texts.setdefault(row.text("initiative", required=False), []).append(row)
    for initiative, passages in texts.items():
        # Rows without an initiative are the appendix's own introduction, described on its section.
        node = (ctx.resolve("initiative", initiative, passages[0], "initiative") if initiative
                else ctx.section(passages[0]))
        add_printed_texts(g, node, passages)

    for row in ctx.table(FIGURES, FIGURE_COLUMNS):
        node = ctx.define("claim", row)
        g.add((node, RDF.type, AMHE.Claim))
        g.add((node, RDFS.label, Literal(row.text("statement"), lang="en")))
        g.add((node, AMHE.quotedText, Literal(row.text("quote"), lang="en")))
        g.add((node, AMHE.about, ctx.resolve("initiative", row.text("initiative"), row, "initiative")))
        add_figures(g, node, row)
        add_provenance(g, ctx, node, row)
    return g
