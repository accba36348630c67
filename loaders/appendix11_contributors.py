"""Loader for Appendix 11: the contributors to the AMHE resource, one listing each, with group (and the
group's place among the printed headings), role and organisation. A name listed twice stays two
listings: the source does not say it is one person."""

from __future__ import annotations

from rdflib import Graph, Literal
from rdflib.namespace import RDF, RDFS, XSD

from .common import add_position, add_provenance, resolve_organisation
from .context import LoadContext
from .vocab import AMHE, SCHEMA

FILE = "appendix11_contributors.csv"
COLUMNS = ("id", "name", "group", "role", "organisation_name", "position", "group_position", "appendix", "note")


def load(ctx: LoadContext) -> Graph:
    g = Graph()
    for row in ctx.table(FILE, COLUMNS):
        node = ctx.define("contribution", row)
        name, group = row.text("name"), row.text("group")
        roles = row.items("role")
        g.add((node, RDF.type, AMHE.Contribution))
        g.add((node, RDFS.label, Literal(", ".join([name, *roles]), lang="en")))
        g.add((node, SCHEMA.name, Literal(name)))
        g.add((node, AMHE.contributorGroup, Literal(group)))
        for role in roles:
            g.add((node, AMHE.role, Literal(role)))
        if row.text("organisation_name", required=False):
            g.add((node, AMHE.organisation, resolve_organisation(ctx, row.text("organisation_name"), row,
                                                                  "organisation_name")))
        add_position(g, node, row)
        g.add((node, AMHE.groupPosition, Literal(row.integer("group_position", minimum=1),
                                                 datatype=XSD.integer)))
        add_provenance(g, ctx, node, row)
    return g
