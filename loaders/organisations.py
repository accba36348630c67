"""Loader for ``organisations.csv``: every organisation the source names, one entity each.

The source names the same body in several ways (CQC, Care Quality Commission (CQC), The Care
Quality Commission ...); each spelling is an alternative label, and later tables refer to an
organisation by any printed spelling, resolved through the names registered here.
"""

from __future__ import annotations

from rdflib import Graph, Literal
from rdflib.namespace import RDF, RDFS, SKOS

from .common import add_note
from .context import LoadContext
from .names import name_key
from .vocab import AMHE, SCHEMA

FILE = "organisations.csv"
COLUMNS = ("id", "name", "alt_labels", "kind", "appendices", "note")
KINDS = ("nhs-trust", "nhs-body", "government", "regulator", "charity", "professional-body", "academic",
         "partnership", "service-provider", "service-team", "publisher", "other")


def load(ctx: LoadContext) -> Graph:
    g = Graph()
    for row in ctx.table(FILE, COLUMNS):
        node = ctx.define("organisation", row)
        name = row.text("name")
        g.add((node, RDF.type, SCHEMA.Organization))
        g.add((node, RDFS.label, Literal(name)))
        g.add((node, SCHEMA.name, Literal(name)))
        ctx.label(node, name)
        g.add((node, AMHE.organisationKind, Literal(row.choice("kind", KINDS))))
        names = {name_key(name)}
        for alt in row.items("alt_labels"):
            g.add((node, SKOS.altLabel, Literal(alt)))
            names.add(name_key(alt))
        for key in sorted(names):
            ctx.register("organisation-name", key, node, row, "alt_labels")
        for section in row.items("appendices", required=True):
            g.add((node, SCHEMA.subjectOf, ctx.resolve("source", section, row, "appendices")))
        add_note(g, node, row)
    return g
