"""Loader for Appendix 7: the co-developed lived-experience examples, summarised in our words."""

from __future__ import annotations

from rdflib import Graph, Literal
from rdflib.namespace import RDF, RDFS

from .common import add_population_links, add_provenance
from .context import LoadContext
from .vocab import AMHE, SCHEMA

FILE = "appendix7_vignettes.csv"
COLUMNS = ("id", "person", "setting", "summary", "inequality_summary", "improvement_summary", "population_codes",
           "population_basis", "population_evidence", "quote", "appendix", "note")


def load(ctx: LoadContext) -> Graph:
    g = Graph()
    for row in ctx.table(FILE, COLUMNS):
        node = ctx.define("lived-experience", row)
        g.add((node, RDF.type, AMHE.LivedExperienceExample))
        g.add((node, RDFS.label, Literal(f"{row.text('person')}: {row.text('setting')}", lang="en")))
        g.add((node, SCHEMA.name, Literal(row.text("person"))))
        g.add((node, AMHE.setting, Literal(row.text("setting"))))
        g.add((node, AMHE.summary, Literal(row.text("summary"), lang="en")))
        g.add((node, AMHE.inequalityIssue, Literal(row.text("inequality_summary"), lang="en")))
        g.add((node, AMHE.couldHaveBeenBetter, Literal(row.text("improvement_summary"), lang="en")))
        g.add((node, AMHE.quotedText, Literal(row.text("quote"), lang="en")))
        add_population_links(g, ctx, node, row)
        add_provenance(g, ctx, node, row)
    return g
