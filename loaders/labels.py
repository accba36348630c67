"""Loaders for ``alternative_labels.csv`` and ``hidden_labels.csv``: the names people use for a concept.

``alternative_labels.csv`` holds the names the source itself prints for a population concept,
intervention type, organisation, place or Act in its running text, tables and references; each
becomes a ``skos:altLabel`` and a SKOS-XL label node saying which sections print it
(``prov:wasDerivedFrom``) and which reference titles (``dcterms:source``: a name taken from a
title is not a citation, so the audit of uncited references does not count it), with a short
passage as evidence. ``hidden_labels.csv`` holds everyday names the source
does not use ("poverty", "gay"), our judgement, marked so: a ``skos:hiddenLabel`` (found by search,
never shown) and a SKOS-XL node with the basis ``amhe:CuratedReading`` and the reason. An everyday
name that could mean two concepts lists both. No row changes what a concept means.
"""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS

from .context import LoadContext
from .names import name_key
from .tables import Row
from .vocab import AMHE, SKOSXL, iri, slugify

ALTERNATIVE = "alternative_labels.csv"
ALTERNATIVE_COLUMNS = ("concept", "label", "sections", "evidence", "references", "note")
HIDDEN = "hidden_labels.csv"
HIDDEN_COLUMNS = ("label", "concepts", "basis", "reason")
CONCEPT_KINDS = ("population", "intervention-type", "organisation", "place", "country", "act")
JUDGEMENT = "our judgement"


def _concept(ctx: LoadContext, value: str, row: Row, column: str) -> tuple[str, URIRef]:
    kind, _, key = value.partition(":")
    if kind not in CONCEPT_KINDS or not key:
        raise row.error(column, f"{value!r} must be kind:id with kind one of {', '.join(CONCEPT_KINDS)}")
    return f"{kind}-{key.lower()}", ctx.resolve(kind, key, row, column)


def _label_node(ctx: LoadContext, g: Graph, slug: str, concept: URIRef, label: str, row: Row,
                column: str) -> URIRef:
    """The SKOS-XL label of ``concept``; one concept never carries the same name twice, in either table, nor
    a name it is already shown with."""
    if ctx.is_label(concept, label):
        raise row.error(column, f"{label!r} is the concept's own label, not another name for it")
    ctx.register("concept-name", f"{concept} {name_key(label)}", concept, row, column)
    node = iri("label", f"{slug}-{slugify(label)}")
    g.add((node, RDF.type, SKOSXL.Label))
    g.add((node, SKOSXL.literalForm, Literal(label, lang="en")))
    return node


def load_alternative(ctx: LoadContext) -> Graph:
    g = Graph()
    for row in ctx.table(ALTERNATIVE, ALTERNATIVE_COLUMNS, key=None):
        slug, concept = _concept(ctx, row.text("concept"), row, "concept")
        label = row.text("label")
        node = _label_node(ctx, g, slug, concept, label, row, "label")
        g.add((concept, SKOS.altLabel, Literal(label, lang="en")))
        g.add((concept, SKOSXL.altLabel, node))
        g.add((node, AMHE.labelBasis, AMHE.PrintedInSource))
        g.add((node, AMHE.labelEvidence, Literal(row.text("evidence"), lang="en")))
        for section in row.items("sections", required=True):
            g.add((node, PROV.wasDerivedFrom, ctx.resolve("source", section, row, "sections")))
        for number in row.numbers("references"):
            g.add((node, DCTERMS.source, ctx.reference(number, row, "references")))
        if row.text("note", required=False):
            g.add((node, SKOS.editorialNote, Literal(row.text("note"), lang="en")))
    return g


def load_hidden(ctx: LoadContext) -> Graph:
    g = Graph()
    for row in ctx.table(HIDDEN, HIDDEN_COLUMNS, key=None):
        row.choice("basis", (JUDGEMENT,))
        label = row.text("label")
        for value in row.items("concepts", required=True):
            slug, concept = _concept(ctx, value, row, "concepts")
            node = _label_node(ctx, g, slug, concept, label, row, "label")
            g.add((concept, SKOS.hiddenLabel, Literal(label, lang="en")))
            g.add((concept, SKOSXL.hiddenLabel, node))
            g.add((node, AMHE.labelBasis, AMHE.CuratedReading))
            g.add((node, RDFS.comment, Literal(row.text("reason"), lang="en")))
    return g
