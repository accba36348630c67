"""Loader for ``table2_intervention_types.csv`` (Appendix 2, Table 2): the intervention-type scheme.

The printed "number of included studies" is kept as an ``amhe:ReportedCount``; what it
counts (Table 5 rows) is stated in the table's ``count_unit`` column and checked by the audit.
"""

from __future__ import annotations

from rdflib import Graph
from rdflib.namespace import DCTERMS

from .common import add_concept, add_position, add_reported_count
from .context import LoadContext
from .vocab import AMHE, iri

FILE = "table2_intervention_types.csv"
COLUMNS = ("id", "notation", "position", "label", "reported_study_count", "count_unit", "appendix", "table",
           "references", "note")
SCHEME = "intervention-types"
PRINTED_COLUMN = "Table 2: Number of included studies"


def load(ctx: LoadContext) -> Graph:
    g = Graph()
    for row in ctx.table(FILE, COLUMNS):
        slug = row.text("id")
        node = iri("intervention-type", slug)
        notation = row.text("notation")
        ctx.register("intervention-type", slug, node, row, "id")
        ctx.register("intervention-type-notation", notation.lower(), node, row, "notation")
        scheme = ctx.resolve("scheme", SCHEME, row, "id")
        add_concept(g, ctx, node, AMHE.InterventionType, row, scheme, row.text("label"), notation)
        add_position(g, node, row)  # Table 2's printed order: the gap map's columns follow it
        for number in row.numbers("references"):
            g.add((node, DCTERMS.references, ctx.reference(number, row, "references")))
        add_reported_count(g, ctx, row, node, f"table-2-{slug}", "reported_study_count", PRINTED_COLUMN)
    return g
