"""Loader for ``source_issues.csv``: inconsistencies, ambiguities, misprints and extraction losses a
curator found in the source, as audit findings with their evidence and the entities they concern."""

from __future__ import annotations

from rdflib import Graph, Literal
from rdflib.namespace import PROV, RDF, RDFS

from .context import LoadContext
from .vocab import AMHE, iri

FILE = "source_issues.csv"
COLUMNS = ("id", "kind", "section", "description", "evidence", "concerns", "references")
KINDS = {"source-inconsistency": AMHE.SourceInconsistency, "ambiguity": AMHE.Ambiguity, "typo": AMHE.Typo,
         "extraction-loss": AMHE.ExtractionLoss}


def load(ctx: LoadContext) -> Graph:
    g = Graph()
    for row in ctx.table(FILE, COLUMNS):
        node = iri("audit", f"issue-{row.text('id')}")
        ctx.register("issue", row.text("id"), node, row, "id")
        g.add((node, RDF.type, AMHE.SourceIssue))
        g.add((node, RDF.type, AMHE.AuditFinding))
        g.add((node, RDFS.label, Literal(row.text("description").split(";")[0][:120], lang="en")))
        g.add((node, AMHE.findingStatus, KINDS[row.choice("kind", tuple(KINDS))]))
        g.add((node, AMHE.explanation, Literal(row.text("description"), lang="en")))
        g.add((node, AMHE.evidence, Literal(row.text("evidence"))))
        g.add((node, PROV.wasDerivedFrom, ctx.resolve("source", row.text("section"), row, "section")))
        for target in row.items("concerns"):
            kind, _, key = target.partition(":")
            g.add((node, AMHE.concerns, ctx.resolve(kind, key, row, "concerns")))
        for number in row.numbers("references"):
            g.add((node, AMHE.concerns, ctx.reference(number, row, "references")))
    return g
