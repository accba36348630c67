"""Loader for Appendix 10: NICE guidelines and quality standards, by code, with the population
heading each is listed under and a link to its nice.org.uk page."""

from __future__ import annotations

import re

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, RDF, RDFS, SKOS

from .common import add_population_links, add_position, add_provenance
from .context import LoadContext
from .vocab import AMHE, iri

FILE = "appendix10_nice_guidance.csv"
COLUMNS = ("code", "title", "heading", "subheading", "population_codes", "population_basis", "population_evidence",
           "position", "appendix", "note")
HEADINGS = "appendix10_headings.csv"
HEADING_COLUMNS = ("heading", "population_codes", "population_basis", "population_evidence", "appendix", "note")
CODE = re.compile(r"^(NG|CG|PH|QS)[0-9]+$")
NICE_PAGE = "https://www.nice.org.uk/guidance/{}"
KIND = {"QS": "quality standard"}


def load(ctx: LoadContext) -> Graph:
    g = Graph()
    headings = {}
    for row in ctx.table(HEADINGS, HEADING_COLUMNS, key="heading"):
        headings[row.text("heading")] = row
    for row in ctx.table(FILE, COLUMNS, key="code"):
        code = row.text("code")
        if not CODE.match(code):
            raise row.error("code", f"{code!r} is not a NICE guidance code (NG, CG, PH or QS and a number)")
        node = iri("guidance", code.lower())
        ctx.register("guidance", code, node, row, "code")
        g.add((node, RDF.type, AMHE.NiceGuidance))
        g.add((node, RDFS.label, Literal(f"{code}: {row.text('title')}", lang="en")))
        g.add((node, DCTERMS.title, Literal(row.text("title"), lang="en")))
        g.add((node, SKOS.notation, Literal(code)))
        g.add((node, DCTERMS.type, Literal(KIND.get(code[:2], "guideline"))))
        g.add((node, FOAF.page, URIRef(NICE_PAGE.format(code.lower()))))
        heading = row.text("heading")
        if heading not in headings:
            raise row.error("heading", f"heading {heading!r} is not in {HEADINGS}")
        g.add((node, AMHE.listedUnder, Literal(heading)))
        add_population_links(g, ctx, node, headings[heading])  # from the heading it is listed under
        if row.text("population_codes", required=False):  # from its own title, where that names a group
            add_population_links(g, ctx, node, row)
        add_position(g, node, row)
        add_provenance(g, ctx, node, row)
    return g
