"""Loader for Table 5 (Appendix 2): the interventions of the mapping review and its printed totals.

``table5_interventions.csv`` holds one record per row the extracted text holds, with its
types, population subtypes and cited studies, plus the raw cells and a note wherever the
curated coding departs from them. ``table5_totals.csv`` holds the two printed total rows.
"""

from __future__ import annotations

from rdflib import Graph, Literal
from rdflib.namespace import PROV, RDF, RDFS, XSD

from .common import add_note, add_reported_count
from .context import LoadContext
from .vocab import AMHE

FILE = "table5_interventions.csv"
COLUMNS = ("row", "id", "label", "intervention_types", "populations", "references", "raw_implementation",
           "raw_populations", "coding_basis", "appendix", "table", "note")
TOTALS = "table5_totals.csv"
TOTAL_COLUMNS = ("population", "printed_row", "printed_total", "count_unit", "appendix", "table", "note")
CODING_BASIS = {"as-extracted": AMHE.AsExtracted, "realigned": AMHE.Realigned}


def load(ctx: LoadContext) -> Graph:
    g = Graph()
    for expected, row in enumerate(ctx.table(FILE, COLUMNS), start=1):
        if row.integer("row", minimum=1) != expected:
            raise row.error("row", f"expected row {expected}: rows are numbered 1, 2, 3 ... in the text's order")
        node = ctx.define("intervention", row)
        g.add((node, RDF.type, AMHE.Intervention))
        g.add((node, RDFS.label, Literal(row.text("label"), lang="en")))
        g.add((node, AMHE.tableRow, Literal(expected, datatype=XSD.integer)))
        types = row.items("intervention_types", required=True)
        for notation in types:
            g.add((node, AMHE.interventionType,
                   ctx.resolve("intervention-type-notation", notation.lower(), row, "intervention_types")))
        populations = row.items("populations", required=True)
        if len(set(populations)) != len(populations):
            raise row.error("populations", "a population code is listed twice")
        for code in populations:
            concept = ctx.resolve("population-notation", code.lower(), row, "populations")
            if code.lower() not in ctx.index.get("population-subtype", {}):
                raise row.error("populations", f"{code!r} is a characteristic; code the row with its subtypes")
            g.add((node, AMHE.targetsPopulation, concept))
        numbers = row.numbers("references", required=True)
        for number in numbers:
            g.add((node, AMHE.evidencedBy, ctx.reference(number, row, "references")))
        g.add((node, AMHE.implementationAsPrinted, Literal(row.text("raw_implementation"))))
        g.add((node, AMHE.populationCellsAsExtracted, Literal(row.text("raw_populations", required=False))))
        basis = row.choice("coding_basis", tuple(CODING_BASIS))
        if (basis == "as-extracted") != (row.items("raw_populations") == populations):
            raise row.error("coding_basis", "must be 'as-extracted' exactly when populations equal raw_populations")
        g.add((node, AMHE.codingBasis, CODING_BASIS[basis]))
        g.add((node, PROV.wasDerivedFrom, ctx.section(row)))
        add_note(g, node, row)

    for row in ctx.table(TOTALS, TOTAL_COLUMNS, key=None):
        concept = ctx.resolve("population-notation", row.text("population").lower(), row, "population")
        printed_row = row.choice("printed_row", ("Total by characteristic subtype", "Total by characteristic type"))
        is_subtype = printed_row.endswith("subtype")
        if is_subtype != (row.text("population").lower() in ctx.index.get("population-subtype", {})):
            level = "subtypes" if is_subtype else "characteristics"
            raise row.error("population", f"{printed_row!r} is printed for {level}")
        slug = str(concept).rsplit("/", 1)[1]
        count = add_reported_count(g, ctx, row, concept, f"table-5-{slug}", "printed_total",
                                   f"Table 5: {printed_row}")
        add_note(g, count, row)
    return g
