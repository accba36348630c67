"""The search index is built from the N-Triples the build has in hand; it must hold exactly what the store
holds. Each test reads the same triples both ways (a regular expression over the text, SPARQL over Oxigraph)
and compares every entry and every row of the written index, so a predicate, a kind, an escape or a derived
triple that one reading sees and the other misses fails here."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

import pyoxigraph
import pytest

from amhe.graph import derive, search_index
from amhe.graph.export import serialize

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"
A = "https://w3id.org/amhe/"


def store_of(ntriples: bytes) -> pyoxigraph.Store:
    store = pyoxigraph.Store()
    store.bulk_load(ntriples, format=pyoxigraph.RdfFormat.N_TRIPLES)
    return store


def whole(entries: list[search_index.Entry]) -> list[tuple]:
    """Every field of every entry; the order of values within a field is not kept by either reading."""
    return [(e.iri, e.kind, sorted((p, sorted(v)) for p, v in e.labels.items()), sorted(e.names), sorted(e.text),
             sorted(e.sections)) for e in entries]


def rows(path: Path) -> dict[str, list[tuple]]:
    with sqlite3.connect(path) as connection:
        return {table: connection.execute(f"SELECT * FROM {table} ORDER BY 1, 2").fetchall()
                for table in ("meta", "name")} | {
            "entry": connection.execute("SELECT rowid, * FROM entry ORDER BY rowid").fetchall()}


def index_from_store(store: pyoxigraph.Store, path: Path) -> None:
    search_index._fill(str(path), search_index.entries_from_store(store))


@pytest.fixture(scope="module")
def real_ntriples(built) -> bytes:
    return serialize(built, "nt")


def test_the_real_graph_indexed_from_its_ntriples_as_from_its_store(real_ntriples, tmp_path):
    found = search_index.entries(real_ntriples)
    assert whole(found) == whole(search_index.entries_from_store(store_of(real_ntriples)))
    assert len(found) > 900 and {e.kind for e in found} == set(search_index.KIND_NAMES)
    assert search_index.write(real_ntriples, tmp_path / "text.sqlite") == len(found)
    index_from_store(store_of(real_ntriples), tmp_path / "store.sqlite")
    assert rows(tmp_path / "text.sqlite") == rows(tmp_path / "store.sqlite")


def test_a_synthetic_graph_indexed_from_its_ntriples_as_from_its_store(real_ntriples, tmp_path):
    """Three synthetic copies as the scale benchmark makes them: the benchmark indexes the N-Triples it
    loads, while its store also holds what the rules derive there afterwards."""
    sys.path.insert(0, str(BENCHMARKS))
    try:
        from synthetic import copy, template
    finally:
        sys.path.remove(str(BENCHMARKS))
    shared, copied = template(real_ntriples.decode("utf-8").splitlines())
    lines = shared + copied + [line for i in (1, 2, 3) for line in copy(copied, i)]
    ntriples = ("\n".join(lines) + "\n").encode("utf-8")
    store = store_of(ntriples)
    for _, rule in derive.rules():
        store.update(rule)
    found = search_index.entries(ntriples)
    assert whole(found) == whole(search_index.entries_from_store(store))
    copies = [e for e in found if e.iri.endswith("-s3")]
    assert len(copies) > 100 and len(found) > len(search_index.entries(real_ntriples)) + 3 * 100
    search_index.write(ntriples, tmp_path / "text.sqlite")
    index_from_store(store, tmp_path / "store.sqlite")
    assert rows(tmp_path / "text.sqlite") == rows(tmp_path / "store.sqlite")


# Every way a term can be written in N-Triples that the index reads, and some it must pass over
# (written short: each <prefix: is expanded below).
AWKWARD = rb"""<a:population/x> <rdf:type> <o:PopulationSubtype> .
<a:population/x> <rdf:type> <o:Claim> .
<a:population/x> <skos:prefLabel> "Quoted \"name\" \\ back\tslash"@en .
<a:population/x> <skos:prefLabel> "Caf\u00E9 \U0001F600 line\nbreak" .
<a:population/x> <rdfs:label> "typed"^^<xsd:string> .
<a:population/x> <skos:altLabel> "" .
<a:population/x> <skos:altLabel> "Zo\u00EB's ' . \" > <" .
<a:population/x> <skos:altLabel> <a:not-a-literal> .
<a:population/x> <skos:altLabel> _:blank .
<a:population/x> <http://purl.org/dc/terms/description> "Met \u00E9l\u00E8ves"@fr-BE .
<a:population/x> <http://www.w3.org/ns/prov#wasDerivedFrom> <a:source/s1> .
<a:population/x> <http://www.w3.org/ns/prov#wasDerivedFrom> <a:source/s2> .
<a:population/x> <https://schema.org/subjectOf> "https://w3id.org/amhe/source/s1" .
<a:population/x> <https://schema.org/subjectOf> <a:source/not-a-section> .
<a:source/s1> <rdf:type> <o:SourceSection> .
<a:source/s1> <rdfs:label> "Section B" .
<a:source/s1> <rdfs:label> "Section A" .
<a:source/s2> <rdf:type> <o:SourceSection> .
_:blank <rdf:type> <o:Claim> .
_:blank <rdfs:label> "a blank node is no entry" .
<a:claim/c> <rdf:type> <o:Claim> .
<a:claim/c> <rdfs:comment> "no label: named by its IRI" .
<a:audit/f> <rdf:type> <o:AuditFinding> .
<a:audit/f> <rdfs:label> "bookkeeping is not searched" .
"""
for short, iri in ((b"<a:", A), (b"<o:", A + "ontology#"), (b"<rdf:type>", "http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"),
                   (b"<skos:", "http://www.w3.org/2004/02/skos/core#"), (b"<rdfs:", "http://www.w3.org/2000/01/rdf-schema#"),
                   (b"<xsd:", "http://www.w3.org/2001/XMLSchema#")):
    AWKWARD = AWKWARD.replace(short, b"<" + iri.encode())


def test_escapes_language_tags_datatypes_and_what_is_passed_over():
    found = search_index.entries(AWKWARD)
    assert whole(found) == whole(search_index.entries_from_store(store_of(AWKWARD)))
    assert whole(found) == [
        (A + "claim/c", "claim", [], [], ["no label: named by its IRI"], []),
        (A + "population/x", "population",
         [("http://www.w3.org/2000/01/rdf-schema#label", ["typed"]),
          ("http://www.w3.org/2004/02/skos/core#prefLabel", ["Café 😀 line\nbreak", 'Quoted "name" \\ back\tslash'])],
         ["", "Zoë's ' . \" > <"], ["Met élèves"], ["Section A", A + "source/s2"]),
        (A + "source/s1", "section", [("http://www.w3.org/2000/01/rdf-schema#label", ["Section A", "Section B"])],
         [], [], []),
        (A + "source/s2", "section", [], [], [], []),
    ]


def test_the_first_line_and_a_last_line_without_a_line_break_are_read():
    text = (f"<{A}claim/d> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{A}ontology#Claim> .\n"
            f'<{A}claim/d> <http://www.w3.org/2000/01/rdf-schema#label> "no line break after me" .').encode()
    assert whole(search_index.entries(text)) == [
        (A + "claim/d", "claim", [("http://www.w3.org/2000/01/rdf-schema#label", ["no line break after me"])],
         [], [], [])]
