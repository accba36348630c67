"""Ad-hoc SPARQL: read-only, nothing fetched from elsewhere, a deadline that really stops, syntax errors
with positions."""

from __future__ import annotations

import socket
import threading

import pytest
from click.testing import CliRunner

from amhe.cli import main


def run(*args: str, stdin: str | None = None):
    return CliRunner().invoke(main, list(args), input=stdin)


@pytest.fixture
def listener():
    """A TCP listener on 127.0.0.1 that counts every connection made to it."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    server.settimeout(0.2)
    seen = []
    stop = threading.Event()

    def accept():
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except OSError:
                continue
            seen.append(1)
            conn.close()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.getsockname()[1]}/sparql", seen
    stop.set()
    thread.join(2)
    server.close()


def test_select_runs():
    result = run("sparql", "SELECT (COUNT(?i) AS ?n) WHERE { ?i a <https://w3id.org/amhe/ontology#Intervention> }",
                 "--format", "csv")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[1] == "80"


def test_query_from_file_and_stdin(tmp_path):
    path = tmp_path / "q.rq"
    path.write_text("ASK { <https://w3id.org/amhe/service/rainbow-alliance> ?p ?o }", encoding="utf-8")
    assert run("sparql", "-f", str(path), "--format", "json").exit_code == 0
    result = run("sparql", "-", "--format", "csv",
                 stdin="SELECT ?l WHERE { <https://w3id.org/amhe/population/8a-low-ses> "
                       "<http://www.w3.org/2004/02/skos/core#prefLabel> ?l }")
    assert result.exit_code == 0 and "Low SES" in result.stdout


@pytest.mark.parametrize("update", [
    "INSERT DATA { <http://example.org/a> <http://example.org/b> <http://example.org/c> }",
    "DELETE WHERE { ?s ?p ?o }",
    "LOAD <http://127.0.0.1:9/data.ttl>",
    "CLEAR ALL",
])
def test_updates_are_refused(update):
    result = run("sparql", update)
    assert result.exit_code == 2
    assert "refused" in result.stderr and "read-only" in result.stderr


@pytest.mark.parametrize("shape", [
    "SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ ?s a ?c OPTIONAL {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }}",
    "SELECT * WHERE {{ {{ SELECT ?s WHERE {{ SERVICE SILENT <{url}> {{ ?s ?p ?o }} }} }} }}",
    "SELECT * FROM <{url}> WHERE {{ ?s ?p ?o }}",
    "SELECT * FROM NAMED <{url}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
])
def test_remote_access_is_refused_and_nothing_is_fetched(listener, shape):
    url, seen = listener
    result = run("sparql", shape.format(url=url))
    assert result.exit_code == 2, result.output
    assert "refused" in result.stderr
    assert seen == []


def test_syntax_error_has_line_and_column():
    result = run("sparql", "SELECT ?s WHERE {\n  ?s ?p \n}")
    assert result.exit_code == 2
    assert "line 2, column" in result.stderr or "line 3, column" in result.stderr


def test_timeout_stops_a_runaway_query():
    import time

    started = time.monotonic()
    result = run("sparql", "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }", "--timeout", "1.5")
    elapsed = time.monotonic() - started
    assert result.exit_code == 3
    assert "did not finish within 1.5 s" in result.stderr
    assert elapsed < 15


def test_rdflib_engine_gives_the_same_answer():
    query = "SELECT ?t WHERE { ?t a <https://w3id.org/amhe/ontology#InterventionType> } ORDER BY ?t"
    oxigraph = run("sparql", query, "--format", "csv").stdout
    rdflib = run("sparql", query, "--format", "csv", "--engine", "rdflib").stdout
    assert oxigraph == rdflib and len(oxigraph.splitlines()) == 14


def test_describe_by_label_code_abbreviation_and_iri():
    by_label = run("describe", "Rainbow Alliance")
    assert by_label.exit_code == 0 and "Leeds and York Partnership NHS Foundation Trust" in by_label.stdout
    by_code = run("describe", "NG44", "--format", "csv")
    assert "https://www.nice.org.uk/guidance/ng44" in by_code.stdout
    by_abbreviation = run("describe", "CQC")
    assert "Care Quality Commission" in by_abbreviation.stdout
    by_iri = run("describe", "http://www.legislation.gov.uk/id/ukpga/2010/15/section/149")
    assert "Public Sector Equality Duty" in by_iri.stdout
    unknown = run("describe", "Rainbow Aliance")
    assert unknown.exit_code == 2 and "did you mean: Rainbow Alliance" in unknown.stderr
    any_case_and_spacing = run("describe", "  rainbow   ALLIANCE ")
    assert any_case_and_spacing.exit_code == 0 and any_case_and_spacing.stdout == by_label.stdout
    no_word = run("describe", "§")  # nothing to filter on: every name is read, and nothing matches
    assert no_word.exit_code == 2 and "unknown entity" in no_word.stderr
