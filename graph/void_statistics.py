"""The dataset's description of itself: VoID statistics computed over the finished graph (not to be
confused with queries/describe.py, which describes one entity for `amhe describe`)."""

from __future__ import annotations

import re
from collections import Counter

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, VOID, XSD

from ..loaders.namespaces import BASE, LEGISLATION
from ..loaders.vocab import PREFIXES, iri


def _class_slug(cls: URIRef) -> str:
    """'amhe-population-subtype' for amhe:PopulationSubtype: prefix and hyphenated local name."""
    prefix = next((p for p, ns in sorted(PREFIXES.items()) if str(cls).startswith(str(ns))), "x")
    local = re.split(r"[#/]", str(cls))[-1]
    return f"{prefix}-" + re.sub(r"(?<!^)(?=[A-Z])", "-", local).lower()


def add_statistics(g: Graph) -> None:
    """Add void:triples, void:entities and one class partition per class of our entities."""
    datasets = list(g.subjects(RDF.type, VOID.Dataset))
    if len(datasets) != 1:
        raise ValueError(f"expected one void:Dataset in the graph, found {len(datasets)}")
    dataset = datasets[0]
    slug = str(dataset).rsplit("/", 1)[1]
    per_class: Counter[URIRef] = Counter()
    entities = set()
    for subject, cls in g.subject_objects(RDF.type):
        if str(subject).startswith((BASE, LEGISLATION)) and not str(subject).startswith(BASE + "ontology"):
            per_class[cls] += 1
            entities.add(subject)
    g.add((dataset, VOID.entities, Literal(len(entities), datatype=XSD.integer)))
    for cls, count in sorted(per_class.items()):
        partition = iri("dataset", f"{slug}-{_class_slug(cls)}")
        g.add((dataset, VOID.classPartition, partition))
        g.add((partition, RDF.type, VOID.Dataset))
        g.add((partition, VOID["class"], cls))
        g.add((partition, VOID.entities, Literal(count, datatype=XSD.integer)))
        g.add((partition, RDFS.label, Literal(f"Instances of {_class_slug(cls)}", lang="en")))
    # The triple count includes the triple that states it.
    g.add((dataset, VOID.triples, Literal(len(g) + 1, datatype=XSD.integer)))
