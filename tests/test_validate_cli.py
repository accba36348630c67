"""`amhe validate` tells 'does not conform' (exit 1) from 'could not validate' (exit 2)."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from rdflib import Graph, Literal
from rdflib.namespace import RDFS, SH

from amhe.cli import main
from amhe.graph import SHAPES
from amhe.loaders.vocab import AMHE, iri

CASES = Path(__file__).parent / "shapes"


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_fresh_build_conforms():
    result = run("validate")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("conforms")


def test_conforming_file(tmp_path, built):
    path = tmp_path / "graph.ttl"
    built.serialize(path, format="turtle")
    assert run("validate", str(path)).exit_code == 0


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
    import socket
    import threading

    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(4)
    server.settimeout(0.3)
    seen = []

    def accept():
        try:
            conn, _ = server.accept()
            seen.append(1)
            conn.close()
        except OSError:
            pass

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    path = tmp_path / "remote-context.jsonld"
    port = server.getsockname()[1]
    doc = {"@context": f"http://127.0.0.1:{port}/context.jsonld", "@id": "https://example.org/x", "name": "x"}
    path.write_text(json.dumps(doc), encoding="utf-8")
    result = run("validate", str(path))
    thread.join(1)
    server.close()
    assert result.exit_code == 2
    assert "remote JSON-LD context" in result.stderr
    assert seen == []
