"""Linked-data citizenship of the ontology and the graph's vocabulary use."""

from __future__ import annotations

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from amhe.graph import ONTOLOGY
from amhe.loaders.vocab import AMHE, PREFIXES

ONTOLOGY_IRI = URIRef("https://w3id.org/amhe/ontology")


def ontology() -> Graph:
    return Graph().parse(ONTOLOGY)


def test_ontology_has_a_version_iri():
    g = ontology()
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in g
    version = g.value(ONTOLOGY_IRI, OWL.versionIRI)
    assert str(version).startswith("https://w3id.org/amhe/ontology/")
    assert str(g.value(ONTOLOGY_IRI, OWL.versionInfo)) == str(version).rsplit("/", 1)[1]


def test_every_class_and_property_has_label_and_comment():
    g = ontology()
    terms = [t for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
             for t in g.subjects(RDF.type, kind)]
    assert len(terms) > 30
    for term in terms:
        assert str(term).startswith(str(AMHE))
        assert g.value(term, RDFS.label) is not None, term
        assert g.value(term, RDFS.comment) is not None, term


def test_every_amhe_term_used_in_the_graph_is_defined(built):
    g = ontology()
    defined = set(g.subjects())
    used = {t for triple in built for t in triple if isinstance(t, URIRef) and str(t).startswith(str(AMHE))}
    assert used - defined == set()


def test_graph_uses_only_known_vocabularies(built):
    namespaces = tuple(str(ns) for ns in PREFIXES.values())
    for predicate in set(built.predicates()):
        assert str(predicate).startswith(namespaces), predicate
