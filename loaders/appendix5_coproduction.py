"""Loader for Appendix 5 (co-production at every stage): Table 7's stages and practices, the
co-produced definition of co-production and the Ladder of Co-production."""

from __future__ import annotations

from rdflib import Graph, Literal
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS

from .common import add_concept, add_position, add_provenance
from .context import LoadContext
from .vocab import AMHE, iri

STAGES = "table7_coproduction_stages.csv"
STAGE_COLUMNS = ("id", "label", "position", "appendix", "table", "note")
PRACTICES = "table7_coproduction_practices.csv"
PRACTICE_COLUMNS = ("id", "stage", "position", "practice", "references", "appendix", "table", "note")
COPRODUCTION = "appendix5_coproduction.csv"
COPRODUCTION_COLUMNS = ("id", "kind", "label", "text", "position", "references", "source_url", "appendix", "note")
STAGE_SCHEME = "coproduction-stages"
LADDER_SCHEME = "ladder-of-co-production"


def load(ctx: LoadContext) -> Graph:
    g = Graph()
    stages = iri("scheme", STAGE_SCHEME)
    for row in ctx.table(STAGES, STAGE_COLUMNS):
        node = ctx.define("coproduction-stage", row)
        add_concept(g, ctx, node, AMHE.CoproductionStage, row, stages, row.text("label"))
        add_position(g, node, row)
    for row in ctx.table(PRACTICES, PRACTICE_COLUMNS):
        node = ctx.define("coproduction-practice", row)
        g.add((node, RDF.type, AMHE.CoproductionPractice))
        g.add((node, RDFS.label, Literal(row.text("practice"), lang="en")))
        g.add((node, AMHE.stage, ctx.resolve("coproduction-stage", row.text("stage"), row, "stage")))
        add_position(g, node, row)
        add_provenance(g, ctx, node, row)

    ladder = iri("scheme", LADDER_SCHEME)
    for row in ctx.table(COPRODUCTION, COPRODUCTION_COLUMNS):
        kind = row.choice("kind", ("definition", "ladder", "rung", "claim"))
        if kind == "definition":
            node = iri("concept", row.text("id"))
            g.add((node, RDF.type, SKOS.Concept))
            g.add((node, SKOS.prefLabel, Literal(row.text("label"), lang="en")))
            g.add((node, RDFS.label, Literal(row.text("label"), lang="en")))
            g.add((node, SKOS.definition, Literal(row.text("text"), lang="en")))
        elif kind == "ladder":
            node = ladder
            g.add((node, RDF.type, SKOS.ConceptScheme))
            g.add((node, SKOS.prefLabel, Literal(row.text("label"), lang="en")))
            g.add((node, RDFS.label, Literal(row.text("label"), lang="en")))
            g.add((node, AMHE.quotedText, Literal(row.text("text"), lang="en")))
            g.add((node, DCTERMS.source, Literal(row.text("source_url"))))
        elif kind == "rung":
            node = iri("ladder-rung", row.text("id"))
            add_concept(g, ctx, node, AMHE.LadderRung, row, ladder, row.text("label"))
            g.add((node, AMHE.quotedText, Literal(row.text("text"), lang="en")))
            add_position(g, node, row)
        else:
            node = iri("claim", row.text("id"))
            g.add((node, RDF.type, AMHE.Claim))
            g.add((node, RDFS.label, Literal(row.text("label"), lang="en")))
            g.add((node, AMHE.quotedText, Literal(row.text("text"), lang="en")))
        ctx.register(kind, row.text("id"), node, row, "id")
        add_provenance(g, ctx, node, row)
    return g
