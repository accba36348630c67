"""Loader for ``table4_countries.csv`` (Appendix 2, Table 4): studies per country and research question.

Countries are entities identified by their ISO 3166-1 alpha-2 code (``country/gb``); a joint
entry such as "Austria & Russia" keeps its printed label and links to both countries.
"""

from __future__ import annotations

import re

from rdflib import Graph, Literal
from rdflib.namespace import PROV, RDF, RDFS, SKOS, XSD

from .common import add_note, add_position
from .context import LoadContext
from .vocab import AMHE, SCHEMA, iri

FILE = "table4_countries.csv"
COLUMNS = ("research_question", "position", "country_as_printed", "iso_codes", "study_count", "appendix", "table",
           "note")
COUNTRIES = "countries.csv"
COUNTRY_COLUMNS = ("iso_code", "name", "appendix", "table", "note")
ISO = re.compile(r"^[A-Z]{2}$")


def load(ctx: LoadContext) -> Graph:
    g = load_countries(ctx)
    for row in ctx.table(FILE, COLUMNS, key=None):
        rq = row.integer("research_question", minimum=1, maximum=3)
        position = row.integer("position", minimum=1)
        node = iri("country-count", f"rq{rq}-{position}")
        ctx.register("country-count", f"rq{rq}-{position}", node, row, "position")
        printed = row.text("country_as_printed")
        g.add((node, RDF.type, AMHE.CountryStudyCount))
        g.add((node, RDFS.label, Literal(f"{printed} (research question {rq})", lang="en")))
        g.add((node, AMHE.labelAsPrinted, Literal(printed)))
        g.add((node, AMHE.researchQuestion, ctx.resolve("research-question-number", str(rq), row,
                                                        "research_question")))
        count = row.integer("study_count", minimum=0)
        g.add((node, AMHE.studyCount, Literal(count, datatype=XSD.integer)))
        add_position(g, node, row)
        for code in row.items("iso_codes"):
            g.add((node, AMHE.country, ctx.resolve("country", code, row, "iso_codes")))
        g.add((node, PROV.wasDerivedFrom, ctx.section(row)))
        add_note(g, node, row)
    return g


def load_countries(ctx: LoadContext) -> Graph:
    g = Graph()
    for row in ctx.table(COUNTRIES, COUNTRY_COLUMNS, key="iso_code"):
        code = row.text("iso_code")
        if not ISO.match(code):
            raise row.error("iso_code", f"{code!r} is not an ISO 3166-1 alpha-2 code")
        node = iri("country", code.lower())
        ctx.register("country", code, node, row, "iso_code")
        g.add((node, RDF.type, SCHEMA.Country))
        g.add((node, RDFS.label, Literal(row.text("name"))))
        g.add((node, SCHEMA.name, Literal(row.text("name"))))
        g.add((node, SKOS.notation, Literal(code)))
        g.add((node, PROV.wasDerivedFrom, ctx.section(row)))
        add_note(g, node, row)
    return g
