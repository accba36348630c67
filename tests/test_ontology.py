"""Linked-data citizenship of the ontology and the graph's vocabulary use."""

from __future__ import annotations

from rdflib import Graph, URIRef
from rdflib.namespace import DC, DCTERMS, OWL, RDF, RDFS

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
    terms = [t for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
             for t in g.subjects(RDF.type, kind) if str(t).startswith(str(AMHE))]
    assert len(terms) > 30
    for term in terms:
        assert g.value(term, RDFS.label) is not None, term
        assert g.value(term, RDFS.comment) is not None, term
        assert g.value(term, RDFS.isDefinedBy) == ONTOLOGY_IRI, term


def test_ontology_says_who_made_it_and_under_which_licence():
    g = ontology()
    assert g.value(ONTOLOGY_IRI, DCTERMS.license) == URIRef("https://spdx.org/licenses/MIT")
    assert g.value(ONTOLOGY_IRI, DC.creator) is not None


def test_terms_of_other_vocabularies_are_declared(built):
    """OWL tools need every class and property declared: each one the ontology or the graph uses, with
    the vocabulary that defines it."""
    g = ontology()
    builtin = (str(RDF), str(RDFS), str(OWL), "http://www.w3.org/2001/XMLSchema#")

    def external(t) -> bool:
        return isinstance(t, URIRef) and not str(t).startswith((str(AMHE), *builtin))

    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
    declared = {t for kind in kinds for t in g.subjects(RDF.type, kind) if external(t)}
    classes = {o for o in built.objects(None, RDF.type) if external(o)}
    classes |= {o for p in (RDFS.subClassOf, RDFS.domain) for o in g.objects(None, p) if external(o)}
    classes |= {o for s, o in g.subject_objects(RDFS.range) if external(o)}
    properties = {p for p in built.predicates() if external(p)}
    properties |= {o for p in (RDFS.subPropertyOf, OWL.inverseOf) for o in g.objects(None, p) if external(o)}
    assert (classes | properties) - declared == set()
    assert all((c, RDF.type, OWL.Class) in g for c in classes)
    for term in declared:
        assert g.value(term, RDFS.isDefinedBy) is not None, term
        kinds_of = {k for k in kinds if (term, RDF.type, k) in g}
        assert len(kinds_of) == 1, term  # OWL 2 DL: one kind per term


def test_every_amhe_term_used_in_the_graph_is_defined(built):
    g = ontology()
    defined = set(g.subjects())
    used = {t for triple in built for t in triple if isinstance(t, URIRef) and str(t).startswith(str(AMHE))}
    assert used - defined == set()


def test_graph_uses_only_known_vocabularies(built):
    namespaces = tuple(str(ns) for ns in PREFIXES.values())
    for predicate in set(built.predicates()):
        assert str(predicate).startswith(namespaces), predicate
