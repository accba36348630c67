"""JSON-LD people can use: the published context names every property the graph uses, coerces IRIs,
numbers and languages, and marks the properties that can repeat; the export and the framed form of
`amhe describe` read back to the same triples with rdflib, pyld and jsonld.js (npm ``jsonld``).

jsonld.js is installed from tests/js/package.json (``npm ci --prefix tests/js``, which .ci/run does);
without node or the package the jsonld.js test is skipped, except under CI (``CI=true``), where it fails.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections import Counter, defaultdict
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, RDFS, SH, XSD

from amhe.cli import main
from amhe.graph import SHAPES
from amhe.graph.export import serialize
from amhe.graph.jsonld import context, terms

JS = Path(__file__).parent / "js"
INTERVENTION = URIRef("https://w3id.org/amhe/intervention/incredible-years-parenting-programs")


def expected_terms(g: Graph, shapes: Graph) -> dict[URIRef, tuple[object, bool]]:
    """Per predicate the graph uses (rdf:type aside): the kind of its values and whether it can repeat.

    Kind: "@id" (IRIs), a datatype IRI, or ("@language", tag): the most common kind of its values.
    A predicate can repeat where a subject has it twice, or where a subject is of a class that a shape
    targets and none of its classes' shapes bounds the predicate with sh:maxCount 1 (the shapes are
    the contract: what they allow, a client must expect)."""
    bounded: dict[URIRef, set] = defaultdict(set)
    targeted = set(shapes.objects(None, SH.targetClass))
    for shape in shapes.subjects(RDF.type, SH.NodeShape):
        for prop in shapes.objects(shape, SH.property):
            path, most = shapes.value(prop, SH.path), shapes.value(prop, SH.maxCount)
            if isinstance(path, URIRef) and most is not None and int(most) <= 1:
                for cls in shapes.objects(shape, SH.targetClass):
                    bounded[cls].add(path)
    kinds: dict[URIRef, Counter] = defaultdict(Counter)
    counts: Counter = Counter()
    for s, p, o in g:
        if p == RDF.type:
            continue
        counts[(s, p)] += 1
        if isinstance(o, Literal):
            kinds[p][("@language", o.language) if o.language else str(o.datatype or XSD.string)] += 1
        else:
            kinds[p]["@id"] += 1
    classes: dict = {}
    repeats = set()
    for (s, p), n in counts.items():
        if s not in classes:
            classes[s] = {c for t in g.objects(s, RDF.type) for c in g.transitive_objects(t, RDFS.subClassOf)}
        shaped = classes[s] & targeted
        if n > 1 or (shaped and not any(p in bounded[c] for c in shaped)):
            repeats.add(p)
    return {p: (kind.most_common(1)[0][0], p in repeats) for p, kind in kinds.items()}


def test_context_names_every_property_as_the_data_and_shapes_say(built):
    ctx, defined = context(), terms()
    expected = expected_terms(built, Graph().parse(SHAPES))
    assert set(defined) >= {str(p) for p in expected}, "every property the graph uses has a short term"
    names = [t.name for t in defined.values()]
    assert len(names) == len(set(names))
    for p, (kind, repeats) in expected.items():
        term = defined[str(p)]
        if kind == "@id":
            assert term.coerce == "@id" and term.language is None, p
        elif isinstance(kind, tuple):
            assert term.language == kind[1] and term.coerce is None, p
        elif kind in (str(XSD.integer), str(XSD.boolean)):  # native JSON numbers and booleans
            assert term.coerce is None and term.language is None, p
        elif kind == str(XSD.string):
            assert term.coerce is None and term.language is None, p
        else:
            assert term.coerce == kind, p
        assert term.repeats == repeats, p
    assert {"label", "broader", "derivedFrom", "prefLabel", "targetsPopulation"} <= set(names)
    assert ctx["type"] == {"@id": "@type", "@container": "@set"} and ctx["id"] == "@id"


def test_export_is_plain_json_for_the_common_case(built):
    doc = json.loads(serialize(built, "json-ld"))
    assert doc["@context"] == context()
    wrapped, forms = 0, defaultdict(set)
    for node in doc["@graph"]:
        for key, value in node.items():
            forms[key].add(isinstance(value, list))
            for item in value if isinstance(value, list) else [value]:
                wrapped += isinstance(item, dict) and "@value" in item
                assert not (isinstance(item, dict) and "@id" in item), (node["id"], key)
    assert {k: f for k, f in forms.items() if len(f) > 1} == {}, "a property is always one value or always a list"
    assert all(":" not in key for key in forms), "every key is a short term"
    assert wrapped < 500  # plain strings under a term whose values are mostly tagged @en (labels, titles)
    ref = next(n for n in doc["@graph"] if n["id"] == "https://w3id.org/amhe/reference/81")
    assert ref["referenceNumber"] == 81 and ref["etAl"] is True and ref["issued"] == "2017"
    assert ref["derivedFrom"] == ["https://w3id.org/amhe/source/references"]
    assert ref["type"] == ["amhe:Reference", "bibo:AcademicArticle"]


def pyld_graph(doc: dict) -> Graph:
    from pyld import jsonld

    def refuse(url, options=None):
        raise AssertionError(f"pyld tried to load {url}")

    nquads = jsonld.to_rdf(doc, {"format": "application/n-quads", "documentLoader": refuse})
    return Graph().parse(data=nquads, format="nt")


@pytest.mark.slow
def test_pyld_reads_the_export_as_the_graph(built):
    assert isomorphic(pyld_graph(json.loads(serialize(built, "json-ld"))), built)


def jsonld_js(path: Path) -> Graph:
    node = shutil.which("node")
    if node is None or not (JS / "node_modules" / "jsonld").is_dir():
        message = "jsonld.js needs node and `npm ci --prefix tests/js` (.ci/run does it)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    run = subprocess.run([node, str(JS / "to-nquads.js"), str(path)], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-2000:]
    return Graph().parse(data=run.stdout, format="nt")


@pytest.mark.slow
def test_jsonld_js_reads_the_export_as_the_graph(built, tmp_path):
    path = tmp_path / "graph.jsonld"
    path.write_bytes(serialize(built, "json-ld"))
    assert isomorphic(jsonld_js(path), built)


def described(built: Graph, entity: URIRef) -> Graph:
    """What the framed form must hold: the entity's triples and those of each entity it links to."""
    out = Graph()
    for p, o in built.predicate_objects(entity):
        out.add((entity, p, o))
        if isinstance(o, URIRef) and p != RDF.type:
            for p2, o2 in built.predicate_objects(o):
                out.add((o, p2, o2))
    return out


@pytest.fixture(scope="module")
def framed(tmp_path_factory):
    result = CliRunner().invoke(main, ["describe", "Incredible Years Parenting Programs", "--format", "json-ld"])
    assert result.exit_code == 0, result.output
    path = tmp_path_factory.mktemp("framed") / "intervention.jsonld"
    path.write_text(result.stdout, encoding="utf-8")
    return json.loads(result.stdout), path


def test_describe_frames_an_intervention_with_its_types_populations_and_references(framed):
    doc, _ = framed
    assert doc["id"] == str(INTERVENTION) and doc["type"] == ["amhe:Intervention"]
    assert isinstance(doc["tableRow"], int)
    types = {t["id"]: t for t in doc["interventionType"]}
    assert all(t["type"] == ["amhe:InterventionType"] and t["prefLabel"] for t in types.values())
    populations = doc["targetsPopulation"]
    assert populations and all("notation" in p and p["inScheme"] for p in populations)
    references = doc["evidencedBy"]
    assert references and all(isinstance(r["referenceNumber"], int) and r["title"] for r in references)


def test_framed_form_reads_back_as_the_entity_and_its_links(built, framed):
    doc, path = framed
    expected = described(built, INTERVENTION)
    assert isomorphic(pyld_graph(doc), expected)
    assert isomorphic(jsonld_js(path), expected)
    assert isomorphic(Graph().parse(path, format="json-ld"), expected)
