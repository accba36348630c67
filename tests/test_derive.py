"""Derived data (graph/rules): the evidence cells, section counts and search texts equal what the
source tables give when computed independently, re-running a rule recomputes rather than adds,
and Oxigraph (which the scale benchmark uses) derives exactly what rdflib derives."""

from __future__ import annotations

from collections import Counter

import pytest
from rdflib import Graph, Literal
from rdflib.compare import isomorphic
from rdflib.namespace import PROV, RDF, RDFS, SKOS

from amhe.graph import derive
from amhe.graph.export import serialize
from amhe.loaders.vocab import AMHE, iri
from amhe.queries.terms import canonical_lexical

SES_DET = (iri("population", "8-socioeconomic-status"), iri("intervention-type", "delivering-education-and-training"))


def cells_of(g: Graph) -> dict[tuple, set]:
    out = {}
    for cell in g.subjects(RDF.type, AMHE.EvidenceCell):
        key = (g.value(cell, AMHE.cellPopulation), g.value(cell, AMHE.cellInterventionType))
        assert key not in out, f"two cells for {key}"
        links = set(g.objects(cell, AMHE.cellIntervention))
        assert int(g.value(cell, AMHE.interventionCount)) == len(links), cell
        out[key] = links
    return out


def test_evidence_cells_count_table5_rows_independently(built):
    characteristics = set(built.subjects(RDF.type, AMHE.PopulationCharacteristic))
    types = set(built.subjects(RDF.type, AMHE.InterventionType))
    expected = {(c, t): set() for c in characteristics for t in types}
    for intervention in built.subjects(RDF.type, AMHE.Intervention):
        for subtype in built.objects(intervention, AMHE.targetsPopulation):
            for characteristic in built.objects(subtype, SKOS.broader):
                for kind in built.objects(intervention, AMHE.interventionType):
                    expected[(characteristic, kind)].add(intervention)
    assert len(expected) == 11 * 13  # Table 3's characteristics by Table 2's types
    assert cells_of(built) == expected
    prf = iri("intervention-type", "promoting-research-funding")
    assert all(not links for (c, t), links in expected.items() if t == prf)  # Table 2 prints 0 for PRF
    ses_det = SES_DET
    assert iri("intervention", "incredible-years-teacher-programs") in expected[ses_det]


def test_section_counts_are_the_entities_derived_from_each_section(built):
    from rdflib.namespace import XSD

    counted = Counter(section for _, section in built.subject_objects(PROV.wasDerivedFrom))
    for section in built.subjects(RDF.type, AMHE.SourceSection):
        assert built.value(section, AMHE.derivedEntityCount) == Literal(counted[section], datatype=XSD.integer)
    assert int(built.value(iri("source", "table-5"), AMHE.derivedEntityCount)) >= 80  # 80 rows, plus findings


def test_search_text_is_each_barriers_name_and_its_solutions_names(built):
    barriers = set(built.subjects(RDF.type, AMHE.Barrier)) | set(built.subjects(RDF.type, AMHE.CoproductionBarrier))
    assert len(barriers) == 32
    for barrier in barriers:
        solutions = built.objects(barrier, AMHE.hasSolution)
        names = [built.value(barrier, RDFS.label)] + [built.value(s, RDFS.label) for s in solutions]
        assert {str(o) for o in built.objects(barrier, AMHE.searchText)} == {str(n).lower() for n in names}, barrier
    assert set(built.subjects(AMHE.searchText, None)) == barriers


@pytest.mark.slow
def test_rules_recompute_instead_of_adding(built):
    g = Graph()
    g += built
    derive.apply(g)
    assert len(g) == len(built)
    removed = iri("intervention", "incredible-years-teacher-programs")
    for triple in list(g.triples((removed, None, None))):
        g.remove(triple)
    derive.apply(g)
    assert all(removed not in links for links in cells_of(g).values())
    ses_det = SES_DET
    assert len(cells_of(g)[ses_det]) == len(cells_of(built)[ses_det]) - 1


@pytest.mark.slow
def test_oxigraph_derives_what_rdflib_derives(built):
    pyoxigraph = pytest.importorskip("pyoxigraph")
    store = pyoxigraph.Store()
    store.bulk_load(serialize(built, "nt"), format=pyoxigraph.RdfFormat.N_TRIPLES)
    for _, text in derive.rules():
        store.update(text)
    dump = store.dump(format=pyoxigraph.RdfFormat.N_TRIPLES, from_graph=pyoxigraph.DefaultGraph())
    rederived = Graph().parse(data=dump.decode("utf-8"), format="nt")
    assert cells_of(rederived) == cells_of(built)
    assert derived(rederived) == derived(built)
    # Every term survives the store whole, datatype included (Oxigraph would turn an xsd:positiveInteger
    # into an xsd:integer); only lexical forms of numbers become canonical ("300.0" to "300").
    assert isomorphic(canonical_numbers(rederived), canonical_numbers(built))


def canonical_numbers(g: Graph) -> Graph:
    """``g`` with each number and boolean in its XSD canonical lexical form, its datatype kept."""
    def term(t):
        if isinstance(t, Literal) and t.datatype is not None:
            return Literal(canonical_lexical(str(t), str(t.datatype)), datatype=t.datatype)
        return t

    out = Graph()
    for s, p, o in g:
        out.add((s, p, term(o)))
    return out


def derived(g: Graph) -> set:
    """The triples the rules write."""
    cells = set(g.subjects(RDF.type, AMHE.EvidenceCell))
    written = (AMHE.derivedEntityCount, AMHE.derivedEntityClass, AMHE.searchText)
    return {(s, p, o) for s, p, o in g if s in cells or p in written}
