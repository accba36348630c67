"""Loader for ``table3_populations.csv`` (Appendix 2, Table 3): the population scheme.

Characteristics (codes 1-11) are top concepts; each subtype (1a, 8c ...) is narrower than
exactly one characteristic. Both levels keep the study counts Table 3 prints.
"""

from __future__ import annotations

from rdflib import Graph, Literal
from rdflib.namespace import SKOS

from .common import add_concept, add_reported_count
from .context import LoadContext
from .vocab import AMHE, iri

FILE = "table3_populations.csv"
COLUMNS = ("id", "notation", "label", "label_as_printed", "alt_labels", "level", "broader",
           "reported_study_count", "count_unit", "appendix", "table", "note")
SCHEME = "population-characteristics"
PRINTED_COLUMN = {
    "characteristic": "Table 3: Number of included studies by characteristic",
    "subtype": "Table 3: Number of included studies by characteristic subtype",
}


def load(ctx: LoadContext) -> Graph:
    g = Graph()
    for row in ctx.table(FILE, COLUMNS):
        slug = row.text("id")
        node = iri("population", slug)
        notation = row.text("notation")
        level = row.choice("level", ("characteristic", "subtype"))
        ctx.register("population", slug, node, row, "id")
        ctx.register("population-notation", notation.lower(), node, row, "notation")
        scheme = ctx.resolve("scheme", SCHEME, row, "id")
        if level == "characteristic":
            if row.text("broader", required=False):
                raise row.error("broader", "a characteristic has no broader concept")
            add_concept(g, ctx, node, AMHE.PopulationCharacteristic, row, scheme, row.text("label"), notation)
        else:
            broader = ctx.resolve("population", row.text("broader"), row, "broader")
            if (broader, SKOS.broader, None) in g:
                raise row.error("broader", "a subtype's broader concept must be a characteristic")
            add_concept(g, ctx, node, AMHE.PopulationSubtype, row, scheme, row.text("label"), notation,
                        top=False)
            ctx.register("population-subtype", notation.lower(), node, row, "notation")
            g.add((node, SKOS.broader, broader))
            g.add((broader, SKOS.narrower, node))
        if row.text("label_as_printed") != row.text("label"):
            g.add((node, AMHE.labelAsPrinted, Literal(row.text("label_as_printed"))))
        add_reported_count(g, ctx, row, node, f"table-3-{slug}", "reported_study_count", PRINTED_COLUMN[level])
    return g
