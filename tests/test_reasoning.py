"""Reasoners accept the ontology and draw no wrong conclusions from it.

OWL 2 RL (owlrl): the closure of ontology and data gives no entity a type that its asserted types do not
already imply (through rdfs:subClassOf): so no domain or range turns one kind of entity into another,
as the domain of amhe:publicationPlace once made the source document a reference. HermiT (bundled with
owlready2, run with Debian's Java): the ontology alone, and with the data, loads and is consistent.
HermiT needs `java`; without it the test is skipped, except under CI (``CI=true``), where it fails.
"""

from __future__ import annotations

import os
import shutil

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SH

from amhe.graph import ONTOLOGY, SHAPES
from amhe.graph.export import serialize

pytestmark = pytest.mark.slow  # servers, browsers, builds or benchmarks: seconds each

SOURCE = URIRef("https://w3id.org/amhe/source/amhe-appendices")
ENTITIES = ("https://w3id.org/amhe/", "http://www.legislation.gov.uk/")


@pytest.fixture(scope="module")
def closure(built) -> Graph:
    import owlrl

    g = Graph()
    g += built
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, axiomatic_triples=False, datatype_axioms=False).expand(g)
    assert len(g) > len(built)  # the reasoner did reason (subclass types at least)
    return g


def unexpected_types(built: Graph, closure: Graph) -> dict[URIRef, set[URIRef]]:
    """Per entity, the types the closure adds that no asserted type implies through rdfs:subClassOf."""
    out: dict[URIRef, set[URIRef]] = {}
    for entity, cls in closure.subject_objects(RDF.type):
        if not str(entity).startswith(ENTITIES) or cls == OWL.Thing or (entity, RDF.type, cls) in built:
            continue
        implied = {sup for t in built.objects(entity, RDF.type) for sup in built.transitive_objects(t, RDFS.subClassOf)}
        if cls not in implied:
            out.setdefault(entity, set()).add(cls)
    return out


def test_owl_rl_adds_no_type_to_the_source_document(built, closure):
    assert (SOURCE, RDF.type, URIRef("https://w3id.org/amhe/ontology#SourceDocument")) in built
    assert unexpected_types(built, closure).get(SOURCE, set()) == set()


def test_owl_rl_adds_no_type_that_the_data_does_not_imply(built, closure):
    """Domains and ranges only restate what the data says: an entity gains no type (a shape's target
    among them) that its own types do not imply."""
    assert unexpected_types(built, closure) == {}
    targeted = set(Graph().parse(SHAPES).objects(None, SH.targetClass))
    gained = {(s, c) for s, c in closure.subject_objects(RDF.type) if c in targeted and (s, RDF.type, c) not in built}
    assert gained == set()


def hermit_consistent(nt_path) -> None:
    if shutil.which("java") is None:
        message = "HermiT (owlready2) needs java (Debian: default-jre-headless; .ci/run installs a JDK)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    import owlready2

    world = owlready2.World()
    onto = world.get_ontology(nt_path.as_uri()).load(format="ntriples")
    with onto:  # raises OwlReadyInconsistentOntologyError, or OwlReadyJavaError if HermiT cannot load it
        owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)


def test_hermit_loads_the_ontology_and_finds_it_consistent(tmp_path):
    path = tmp_path / "ontology.nt"
    path.write_bytes(Graph().parse(ONTOLOGY).serialize(format="nt", encoding="utf-8"))
    hermit_consistent(path)


def test_hermit_finds_ontology_and_data_consistent(built, tmp_path):
    path = tmp_path / "graph.nt"
    path.write_bytes(serialize(built, "nt"))
    hermit_consistent(path)
