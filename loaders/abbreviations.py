"""Loader for ``abbreviations.csv``: each abbreviation becomes an alternative label of the entity it
stands for where the graph has one (``stands_for`` = kind:id), and a concept of its own otherwise.
An abbreviation that is already the entity's label (LGBTQ+) stays its ``amhe:abbreviation`` only: an
alternative label equal to the preferred one is no other name."""

from __future__ import annotations

from rdflib import Graph, Literal
from rdflib.namespace import RDFS, SKOS

from .common import add_concept
from .context import LoadContext
from .vocab import AMHE, iri, slugify

FILE = "abbreviations.csv"
COLUMNS = ("abbreviation", "definition", "stands_for", "appendix", "note")
SCHEME = "abbreviations"


def load(ctx: LoadContext) -> Graph:
    g = Graph()
    scheme = iri("scheme", SCHEME)
    for row in ctx.table(FILE, COLUMNS, key="abbreviation"):
        abbreviation = row.text("abbreviation")
        target = row.text("stands_for", required=False)
        if target:
            kind, _, key = target.partition(":")
            node = ctx.resolve(kind, key, row, "stands_for")
            g.add((node, AMHE.abbreviation, Literal(abbreviation)))
            if not ctx.is_label(node, abbreviation):
                g.add((node, SKOS.altLabel, Literal(abbreviation)))
        else:
            node = iri("abbreviation", slugify(abbreviation))
            add_concept(g, ctx, node, AMHE.Abbreviation, row, scheme, row.text("definition"), abbreviation)
            g.add((node, AMHE.abbreviation, Literal(abbreviation)))
            g.add((node, RDFS.comment, Literal(f"{abbreviation}: {row.text('definition')}", lang="en")))
        ctx.register("abbreviation", abbreviation, node, row, "abbreviation")
    return g
