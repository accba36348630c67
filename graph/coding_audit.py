"""Audit findings for the Table 5 cells whose column the extracted text does not settle.

Each ``amhe:CodingAlternative`` (an uncertain mark, coded to its most likely column with its
alternatives kept as data) becomes one finding with status ``amhe:AlternativeCoding``, so
``amhe audit`` lists every reading a reviewer may want to revisit next to the figures it affects.
Kept apart from the figure reconciliation (graph/reconcile.py): it reads only the coding data.
"""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, SKOS

from ..loaders.vocab import AMHE, iri


def _code(g: Graph, concept: URIRef) -> str:
    return f"{g.value(concept, SKOS.notation)} {g.value(concept, SKOS.prefLabel)}"


def audit(g: Graph) -> Graph:
    """One finding per coding alternative in ``g``."""
    out = Graph()
    for alternative in sorted(g.subjects(RDF.type, AMHE.CodingAlternative), key=str):
        intervention = g.value(None, AMHE.hasCodingAlternative, alternative)
        row = int(g.value(intervention, AMHE.tableRow).toPython())
        position = int(g.value(alternative, AMHE.cellPosition).toPython())
        coded = g.value(alternative, AMHE.codedAs)
        others = sorted(g.objects(alternative, AMHE.alternativeCoding), key=lambda c: str(g.value(c, SKOS.notation)))
        node = iri("audit", f"table-5-row-{row}-position-{position}-alternative")
        alternatives = " or ".join(_code(g, c) for c in others)
        out.add((node, RDF.type, AMHE.AuditFinding))
        out.add((node, RDFS.label, Literal(
            f"Table 5 row {row} ({g.value(intervention, RDFS.label)}), cell at position {position}: coded "
            f"{g.value(coded, SKOS.notation)}, alternatively "
            f"{' or '.join(str(g.value(c, SKOS.notation)) for c in others)}", lang="en")))
        out.add((node, AMHE.findingStatus, AMHE.AlternativeCoding))
        out.add((node, AMHE.concerns, intervention))
        out.add((node, AMHE.concerns, alternative))
        out.add((node, AMHE.evidence, Literal(
            f"{g.value(coded, SKOS.notation)} -> {'|'.join(str(g.value(c, SKOS.notation)) for c in others)}")))
        out.add((node, AMHE.explanation, Literal(
            f"The mark is coded {_code(g, coded)}; it may instead belong to {alternatives}. "
            f"{g.value(alternative, AMHE.codingEvidence)}", lang="en")))
        out.add((node, PROV.wasDerivedFrom, g.value(alternative, PROV.wasDerivedFrom)))
    return out
