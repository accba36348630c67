"""`amhe validate` tells 'does not conform' (exit 1) from 'could not validate' (exit 2)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal
from rdflib.namespace import RDFS, SH

from amhe.cli import main
from amhe.graph import SHAPES
from amhe.loaders.vocab import AMHE, iri

CASES = Path(__file__).parent / "shapes"


def run(*args: str):
    return CliRunner().invoke(main, list(args))


@pytest.mark.slow
def test_fresh_build_conforms():
    result = run("validate")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("conforms")


@pytest.mark.slow
def test_conforming_file(tmp_path, built):
    path = tmp_path / "graph.ttl"
    built.serialize(path, format="turtle")
    assert run("validate", str(path)).exit_code == 0


@pytest.mark.slow
def test_non_conforming_file_is_reported_by_shape(tmp_path, built):
    g = Graph() + built
    bad = iri("intervention", "mom-care")
    g.remove((bad, RDFS.label, None))
    g.add((bad, AMHE.tableRow, Literal(0)))
    path = tmp_path / "bad.ttl"
    g.serialize(path, format="turtle")
    result = run("validate", str(path))
    assert result.exit_code == 1
    assert "does not conform" in result.stdout
    assert "InterventionShape" in result.stdout
    assert "https://w3id.org/amhe/intervention/mom-care" in result.stdout
    assert "MinCount" in result.stdout


@pytest.mark.slow
def test_raw_report_as_turtle(tmp_path, built):
    g = Graph() + built
    g.remove((iri("intervention", "mom-care"), RDFS.label, None))
    path = tmp_path / "bad.ttl"
    g.serialize(path, format="turtle")
    result = run("validate", str(path), "--format", "turtle")
    assert result.exit_code == 1
    report = Graph().parse(data=result.stdout, format="turtle")
    assert (None, SH.conforms, Literal(False)) in report


def test_missing_file_is_exit_2(tmp_path):
    result = run("validate", str(tmp_path / "nope.ttl"))
    assert result.exit_code == 2
    assert "data file not found" in result.stderr


def test_unparseable_file_is_exit_2(tmp_path):
    path = tmp_path / "broken.ttl"
    path.write_text("<a> <b> .\n", encoding="utf-8")
    result = run("validate", str(path))
    assert result.exit_code == 2
    assert "cannot parse data file" in result.stderr


@pytest.mark.slow
def test_broken_shapes_are_exit_2(tmp_path):
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(SHAPES.read_text(encoding="utf-8").replace("sh:minCount 1 ;", "sh:minCount \"one\" ;", 1),
                      encoding="utf-8")
    result = run("validate", "--shapes", str(shapes))
    assert result.exit_code == 2, result.output
    assert "cannot validate" in result.stderr


def test_unparseable_shapes_are_exit_2(tmp_path):
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text("this is not turtle", encoding="utf-8")
    result = run("validate", "--shapes", str(shapes))
    assert result.exit_code == 2
    assert "cannot parse shapes file" in result.stderr


def test_remote_jsonld_context_is_refused_without_fetching(tmp_path):
    """The context's address is a socket that listens for the whole command (the kernel completes any
    connection into its backlog even before an accept), and is asked afterwards whether anyone connected."""
    import socket

    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(4)
    path = tmp_path / "remote-context.jsonld"
    port = server.getsockname()[1]
    doc = {"@context": f"http://127.0.0.1:{port}/context.jsonld", "@id": "https://example.org/x", "name": "x"}
    path.write_text(json.dumps(doc), encoding="utf-8")
    try:
        result = run("validate", str(path))
        server.setblocking(False)
        try:
            server.accept()[0].close()
            fetched = True
        except BlockingIOError:
            fetched = False
    finally:
        server.close()
    assert result.exit_code == 2
    assert "remote JSON-LD context" in result.stderr
    assert not fetched


# ------------------------------------------------------- issue 13: hostile files, one-line errors


def test_billion_laughs_is_refused_at_once(tmp_path):
    """A 1.4 KB RDF/XML file whose entities nest ten deep ran past 120 s: nested entities are refused.
    Run in its own process with a hard deadline, so that a regression cannot hang the suite."""
    import subprocess
    import sys

    levels = ['<!ENTITY lol0 "lol">'] + [f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)]
    path = tmp_path / "laughs.rdf"
    path.write_text('<?xml version="1.0"?>\n<!DOCTYPE r [\n' + "\n".join(levels) + "\n]>\n"
                    '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://e.org/">\n'
                    '<rdf:Description rdf:about="http://e.org/a"><ex:p>&lol9;</ex:p></rdf:Description>\n'
                    "</rdf:RDF>\n", encoding="utf-8")
    assert path.stat().st_size < 1500
    done = subprocess.run([sys.executable, "-m", "amhe", "validate", str(path)], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 2, done.stderr
    assert done.stderr == (f"error: {path}: line 4, column 1: entity lol1 is defined through other entities; "
                           "refused (nested entities expand exponentially)\n")


def test_plain_xml_entities_still_parse(tmp_path):
    path = tmp_path / "plain.rdf"
    path.write_text('<?xml version="1.0"?>\n<!DOCTYPE r [ <!ENTITY ex "http://e.org/"> ]>\n'
                    '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://e.org/">\n'
                    '<rdf:Description rdf:about="&ex;a"><ex:p>x</ex:p></rdf:Description>\n</rdf:RDF>\n',
                    encoding="utf-8")
    from amhe.graph.validate import parse_rdf

    assert {str(s) for s in parse_rdf(path, "data").subjects()} == {"http://e.org/a"}


def test_external_entities_are_refused(tmp_path):
    path = tmp_path / "external.rdf"
    path.write_text('<?xml version="1.0"?>\n<!DOCTYPE r [ <!ENTITY secret SYSTEM "file:///etc/passwd"> ]>\n'
                    '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>\n', encoding="utf-8")
    result = run("validate", str(path))
    assert result.exit_code == 2
    assert result.stderr == f"error: {path}: line 2, column 15: external entity secret is refused (it would " \
                            "read another file)\n"


def test_broken_turtle_is_one_line_at_the_opening_quote(tmp_path):
    path = tmp_path / "broken.ttl"
    lines = ["@prefix ex: <http://e.org/> ."] + ["ex:a ex:b ex:c ."] * 3 + ['ex:a ex:b """never closed .'] \
        + ["ex:a ex:b ex:c ."] * 3
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run("validate", str(path))
    assert result.exit_code == 2
    assert result.stderr == f"error: cannot parse data file {path}: line 5, column 11: unterminated string literal\n"
    path.write_text('@prefix ex: <http://e.org/> .\nex:a ex:b "no end .\nex:c ex:d ex:e .\n', encoding="utf-8")
    result = run("validate", str(path))
    assert result.stderr == f"error: cannot parse data file {path}: line 2, column 11: newline found in string " \
                            "literal\n"


@pytest.mark.slow
def test_invalid_shapes_are_one_line(tmp_path):
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text("@prefix sh: <http://www.w3.org/ns/shacl#> .\n@prefix ex: <http://e.org/> .\n"
                      "ex:S a sh:NodeShape ; sh:targetClass ex:C ;\n"
                      '  sh:property [ sh:path ex:p ; sh:minCount "many" ] .\n', encoding="utf-8")
    data = tmp_path / "data.ttl"
    data.write_text("@prefix ex: <http://e.org/> .\nex:a a ex:C .\n", encoding="utf-8")
    result = run("validate", str(data), "--shapes", str(shapes))
    assert result.exit_code == 2
    assert result.stderr == (f"error: cannot validate: the shapes in {shapes} are not valid SHACL (1 problem(s)); "
                             "first, at the property shape of <http://e.org/p> in <http://e.org/S>: "
                             "Value is not Literal with datatype xsd:integer\n")
    assert result.stdout == ""
