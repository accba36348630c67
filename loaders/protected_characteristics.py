"""Loader for the Equality Act 2010 protected characteristics and the population concepts' mapping to them.

The source speaks of "protected characteristics" without listing them; the nine come from
section 4 of the Equality Act 2010, and every mapping is our decision (``population_protection.csv``
records it, with its rationale, for every characteristic and subtype, including those that are
not protected).
"""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS

from .common import add_note
from .context import LoadContext
from .namespaces import LEGISLATION
from .vocab import AMHE, iri

FILE = "protected_characteristics.csv"
COLUMNS = ("id", "label", "note")
MAPPING = "population_protection.csv"
MAPPING_COLUMNS = ("population", "protected_characteristics", "not_protected", "rationale")
SCHEME = "protected-characteristics"
SECTION_4 = URIRef(LEGISLATION + "ukpga/2010/15/section/4")


def load(ctx: LoadContext) -> Graph:
    g = Graph()
    scheme = iri("scheme", SCHEME)
    g.add((scheme, RDF.type, SKOS.ConceptScheme))
    g.add((scheme, SKOS.prefLabel, Literal("Protected characteristics (Equality Act 2010, section 4)", lang="en")))
    g.add((scheme, RDFS.label, Literal("Protected characteristics (Equality Act 2010, section 4)", lang="en")))
    g.add((scheme, DCTERMS.source, SECTION_4))
    for row in ctx.table(FILE, COLUMNS):
        node = ctx.define("protected-characteristic", row)
        g.add((node, RDF.type, AMHE.ProtectedCharacteristic))
        g.add((node, SKOS.prefLabel, Literal(row.text("label"), lang="en")))
        g.add((node, RDFS.label, Literal(row.text("label"), lang="en")))
        g.add((node, SKOS.inScheme, scheme))
        g.add((node, SKOS.topConceptOf, scheme))
        g.add((scheme, SKOS.hasTopConcept, node))
        g.add((node, DCTERMS.source, SECTION_4))
        add_note(g, node, row)
    for row in ctx.table(MAPPING, MAPPING_COLUMNS, key="population"):
        concept = ctx.resolve("population-notation", row.text("population").lower(), row, "population")
        characteristics = row.items("protected_characteristics")
        not_protected = row.boolean("not_protected")
        if not_protected == bool(characteristics):
            raise row.error("not_protected",
                            "either name protected characteristics or mark the population not protected")
        for characteristic in characteristics:
            g.add((concept, AMHE.protectedCharacteristic,
                   ctx.resolve("protected-characteristic", characteristic, row, "protected_characteristics")))
        g.add((concept, AMHE.notProtected, Literal(not_protected)))
        g.add((concept, AMHE.protectionRationale, Literal(row.text("rationale"), lang="en")))
    return g
