"""`describe` answers with whole rows in both directions: what the entity says, and what points at it.

A break that dropped the inbound rows (`is the object of`) passed every earlier test, which looked for one label in
the text output. Here one provision of Table 1 is described on the embedded engine and on rdflib, and its rows are
compared as whole RDF terms with what the source prints for it (Table 1: "Equality Act (2010) 6 ... 149. Public
Sector Equality Duty"; reference 6 is the Act).
"""

from __future__ import annotations

import pytest

from amhe.queries.describe import describe
from amhe.queries.engine import OxigraphEngine, RdflibEngine
from amhe.queries.terms import Term, literal

SECTION = "http://www.legislation.gov.uk/id/ukpga/2010/15/section/149"
ACT = "http://www.legislation.gov.uk/id/ukpga/2010/15"
ELI = "http://data.europa.eu/eli/ontology#"
AMHE = "https://w3id.org/amhe/ontology#"


def iri(value: str) -> Term:
    return Term("uri", value)


OUT = "is"
IN = "is the object of"
EXPECTED = {
    (OUT, ELI + "is_part_of", iri(ACT)),
    (OUT, ELI + "number", literal("149")),
    (OUT, ELI + "title", literal("Public Sector Equality Duty", lang="en")),
    (OUT, "http://purl.org/dc/terms/references", iri("https://w3id.org/amhe/reference/6")),
    (OUT, "http://purl.org/dc/terms/type", literal("section")),
    (OUT, "http://www.w3.org/1999/02/22-rdf-syntax-ns#type", iri(AMHE + "Provision")),
    (OUT, "http://www.w3.org/2000/01/rdf-schema#label",
     literal("Equality Act 2010, section 149: Public Sector Equality Duty", lang="en")),
    (OUT, "http://www.w3.org/ns/prov#wasDerivedFrom", iri("https://w3id.org/amhe/source/table-1")),
    (OUT, AMHE + "groupedUnder", iri(ACT)),
    (OUT, AMHE + "labelAsPrinted", literal("149")),
    (IN, ELI + "has_part", iri(ACT)),
    (IN, AMHE + "imposedBy", iri("https://w3id.org/amhe/duty/public-sector-equality-duty")),
}


@pytest.fixture(scope="module")
def engines(built):
    from amhe.graph.cache import fingerprint, store_dir
    from amhe.graph.pipeline import built_graph

    built_graph()
    return {"oxigraph": OxigraphEngine(store_dir(fingerprint())), "rdflib": RdflibEngine(built)}


@pytest.mark.parametrize("name", ["oxigraph", "rdflib"])
def test_describe_gives_every_row_in_both_directions_as_whole_terms(engines, name):
    answer = describe(engines[name], SECTION)
    assert answer.vars == ["entity", "direction", "property", "value"]
    assert {row[0] for row in answer.rows} == {iri(SECTION)}
    got = {(row[1].value, row[2].value, row[3]) for row in answer.rows}
    assert got == EXPECTED
    assert {row[1] for row in answer.rows} == {literal(OUT), literal(IN)}


def test_outbound_rows_come_before_inbound_rows(engines):
    directions = [row[1].value for row in describe(engines["oxigraph"], SECTION).rows]
    assert directions == sorted(directions, key=[OUT, IN].index)
