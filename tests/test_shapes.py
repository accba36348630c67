"""The SHACL contract: the shapes are valid SHACL, every class has a shape, the built graph
conforms, and each shape rejects the bad instances kept in tests/shapes/invalid/.

Each invalid case is a Turtle file whose header names the shape it exercises and the
results it must produce, one per line:

    # shape: InterventionShape
    # expect: <focus IRI> | <path IRI or -> | <constraint component local name>
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.namespace import OWL, RDF, SH

from amhe.graph import ONTOLOGY, SHAPES
from amhe.graph.validate import validate

CASES = Path(__file__).parent / "shapes"
SHAPE_NS = "https://w3id.org/amhe/shapes#"
HEADER = re.compile(r"^#\s*(shape|expect):\s*(.+?)\s*$", re.M)


def shapes_graph() -> Graph:
    return Graph().parse(SHAPES)


def node_shapes() -> list[str]:
    return sorted(str(s).removeprefix(SHAPE_NS) for s in shapes_graph().subjects(RDF.type, SH.NodeShape))


def parse_case(path: Path) -> tuple[str, list[tuple[str, str, str]]]:
    shape, expected = None, []
    for key, value in HEADER.findall(path.read_text(encoding="utf-8")):
        if key == "shape":
            shape = value
        else:
            focus, rpath, component = (part.strip().strip("<>") for part in value.split("|"))
            expected.append((focus, "" if rpath == "-" else rpath, component))
    assert shape and expected, f"{path.name}: header must name a shape and at least one expected result"
    return shape, expected


@pytest.mark.slow
def test_shapes_pass_meta_shacl():
    import pyshacl
    from pyshacl.errors import ReportableRuntimeError

    pyshacl.validate(Graph(), shacl_graph=shapes_graph(), meta_shacl=True)  # raises if the shapes are not SHACL
    broken = Graph().parse(data=SHAPES.read_text(encoding="utf-8").replace("sh:minCount 1 ;", 'sh:minCount "one" ;', 1),
                           format="turtle")
    with pytest.raises(ReportableRuntimeError, match="MetaSHACL"):
        pyshacl.validate(Graph(), shacl_graph=broken, meta_shacl=True)


def test_every_ontology_class_has_a_shape():
    ontology = Graph().parse(ONTOLOGY)
    targeted = set(shapes_graph().objects(None, SH.targetClass))
    classes = {c for c in ontology.subjects(RDF.type, OWL.Class) if str(c).startswith("https://w3id.org/amhe/")}
    assert classes, "the ontology declares no classes"
    assert classes - targeted == set()


@pytest.mark.slow
def test_built_graph_conforms(built):
    report = validate(built)
    assert report.conforms, report.violations[:5]


def test_every_shape_has_an_invalid_case():
    covered = {parse_case(p)[0] for p in CASES.glob("invalid/*.ttl")}
    assert set(node_shapes()) - covered == set()


@pytest.mark.parametrize("path", sorted(CASES.glob("valid/*.ttl")), ids=lambda p: p.stem)
def test_valid_case_conforms(path):
    report = validate(Graph().parse(path))
    assert report.conforms, report.violations


@pytest.mark.parametrize("path", sorted(CASES.glob("invalid/*.ttl")), ids=lambda p: p.stem)
@pytest.mark.slow
def test_invalid_case_fails_where_expected(path):
    shape, expected = parse_case(path)
    report = validate(Graph().parse(path))
    assert not report.conforms
    seen = {(v.focus, v.path, v.component.rsplit("#", 1)[-1]) for v in report.violations
            if v.shape == SHAPE_NS + shape}
    for focus, rpath, component in expected:
        assert (focus, rpath, component) in seen, f"{path.name}: no {component} on {focus} {rpath}; got {seen}"
