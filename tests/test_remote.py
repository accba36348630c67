"""Remote mode against real servers on 127.0.0.1: an Oxigraph server (from PyPI) that the graph is
published to, and a misbehaving HTTP server for every failure path. Nothing leaves this machine."""

from __future__ import annotations

import http.server
import json
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from amhe.cli import main
from amhe.queries import catalogue
from amhe.queries.engine import EngineError, OxigraphEngine, RemoteEngine
from amhe.queries.results import BadAnswer, from_document, query_form
from amhe.queries.run import run_example
from amhe.queries.terms import Term

OXIGRAPH = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cli(*args: str):
    return CliRunner().invoke(main, list(args))


@pytest.fixture(scope="module")
def oxigraph_server(tmp_path_factory):
    if not Path(OXIGRAPH).exists():
        pytest.fail("the oxigraph server is not installed (pip install '.[test]' brings it)")
    port = free_port()
    location = tmp_path_factory.mktemp("oxigraph")
    process = subprocess.Popen([OXIGRAPH, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(f"{base}/query?query=ASK%7B%7D", timeout=1).read()
            break
        except OSError:
            time.sleep(0.1)
    else:
        process.kill()
        pytest.fail(f"oxigraph server did not start: {process.stderr.read().decode()[:500]}")
    yield {"base": base, "process": process}
    if process.poll() is None:
        process.terminate()
        process.wait(10)


@pytest.fixture(scope="module")
def published(oxigraph_server):
    result = cli("publish", "--endpoint", f"{oxigraph_server['base']}/store")
    assert result.exit_code == 0, result.output
    return oxigraph_server


@pytest.fixture(scope="module")
def local_engine():
    from amhe.graph.cache import fingerprint, store_dir
    from amhe.graph.pipeline import built_graph

    built_graph()
    return OxigraphEngine(store_dir(fingerprint()))


@pytest.mark.parametrize("question_id", sorted(catalogue()))
def test_every_question_gives_the_same_rows_remotely(published, local_engine, question_id):
    remote = RemoteEngine(f"{published['base']}/query", timeout=20)
    question = catalogue()[question_id]
    assert run_example(remote, question).canonical() == run_example(local_engine, question).canonical()


def test_ask_describe_and_profile_through_the_endpoint(published):
    endpoint = f"{published['base']}/query"
    ask = cli("ask", "interventions-for-population", "--population", "8a", "--endpoint", endpoint)
    assert ask.exit_code == 0 and "Incredible Years Parenting Programs" in ask.stdout
    describe = cli("describe", "Rainbow Alliance", "--endpoint", endpoint)
    assert describe.exit_code == 0 and "Leeds and York Partnership NHS Foundation Trust" in describe.stdout
    shared = cli("describe", "Black Thrive", "--endpoint", endpoint)  # organisation, service, initiative, listing
    assert shared.exit_code == 0 and "names 4 entities; describing <https://w3id.org/amhe/organisation/black-thrive>" \
        in shared.stderr
    profile = cli("profile", "LGBTQ+", "--endpoint", endpoint, "--format", "json")
    assert profile.exit_code == 0
    services = json.loads(profile.stdout)["sections"]["Services"]["results"]["bindings"]
    assert [b["service"]["value"] for b in services] == ["https://w3id.org/amhe/service/rainbow-alliance"]
    sparql = cli("sparql", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "--endpoint", endpoint, "--format", "csv")
    assert sparql.exit_code == 0 and int(sparql.stdout.splitlines()[1]) > 10000


def test_publish_to_a_named_graph(published):
    graph = "https://w3id.org/amhe/dataset/amhe"
    result = cli("publish", "--endpoint", f"{published['base']}/store", "--graph", graph)
    assert result.exit_code == 0, result.output
    query = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
    answer = RemoteEngine(f"{published['base']}/query").select(query)
    assert int(answer.rows[0][0].value) > 10000


def test_publish_reports_its_progress_as_the_body_goes_out(published):
    from amhe.graph.cache import fingerprint, triples_file
    from amhe.graph.publish import put_graph

    data = triples_file(fingerprint()).read_bytes()
    sent: list[int] = []
    graph = "https://w3id.org/amhe/dataset/progress-check"
    assert put_graph(f"{published['base']}/store", data, graph, 20, progress=sent.append) in (200, 201, 204)
    assert len(sent) > 1 and sent == sorted(sent) and sent[-1] == len(data)
    query = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
    assert int(RemoteEngine(f"{published['base']}/query").select(query).rows[0][0].value) == data.count(b"\n")


def test_gapmap_through_the_endpoint(published):
    local = cli("gapmap", "--format", "csv")
    remote = cli("gapmap", "--format", "csv", "--endpoint", f"{published['base']}/query")
    assert remote.exit_code == 0, remote.output
    assert remote.stdout == local.stdout


def test_server_stopped_mid_suite_is_one_clean_line(oxigraph_server, published):
    endpoint = f"{oxigraph_server['base']}/query"
    oxigraph_server["process"].terminate()
    oxigraph_server["process"].wait(10)
    result = cli("ask", "interventions-for-population", "--endpoint", endpoint)
    assert result.exit_code == 3
    assert result.stderr.startswith("error: cannot reach endpoint") and result.stderr.count("\n") == 1
    assert "Traceback" not in result.output


# ---------------------------------------------------------------- a misbehaving endpoint


class Faulty(http.server.BaseHTTPRequestHandler):
    """/status/N answers N; /html answers a web page; /slow waits; /drip sends a byte a second;
    /flaky answers 503 twice, then proper results. Every request is counted."""

    counts: dict[str, int] = {}

    def log_message(self, *args):  # keep test output clean
        pass

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.do_GET()

    def do_GET(self):
        path = self.path.split("?")[0]
        Faulty.counts[path] = Faulty.counts.get(path, 0) + 1
        ok = json.dumps({"head": {"vars": ["x"]}, "results": {"bindings": [{"x": {"type": "literal", "value": "1"}}]}})
        if path.startswith("/status/"):
            code = int(path.rsplit("/", 1)[1])
            self.send_response(code)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            self.wfile.write(b"nope")
        elif path == "/html":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.wfile.write(b"<html><body>Login</body></html>")
        elif path == "/slow":
            time.sleep(5)
        elif path == "/drip":
            self.send_response(200)
            self.send_header("Content-Type", "application/sparql-results+json")
            self.end_headers()
            for ch in ok[:8]:
                self.wfile.write(ch.encode())
                self.wfile.flush()
                time.sleep(1)
        elif path == "/flaky" and Faulty.counts[path] <= 2:
            self.send_response(503)
            self.end_headers()
        else:
            self.send_response(200)
            self.send_header("Content-Type", "application/sparql-results+json")
            self.end_headers()
            self.wfile.write(ok.encode())


@pytest.fixture(scope="module")
def faulty():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Faulty)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.mark.parametrize("code", [400, 401, 404, 414, 429, 500, 502, 503])
def test_http_errors_are_one_line_and_exit_3(faulty, code):
    result = cli("sparql", "SELECT * WHERE { ?s ?p ?o }", "--endpoint", f"{faulty}/status/{code}", "--timeout", "6")
    assert result.exit_code == 3, result.output
    assert f"HTTP {code}" in result.stderr and result.stderr.count("\n") == 1
    assert "Traceback" not in result.output


@pytest.mark.slow
def test_only_429_and_503_are_retried(faulty):
    Faulty.counts.clear()
    for code in (400, 500, 503):
        cli("sparql", "SELECT * WHERE { ?s ?p ?o }", "--endpoint", f"{faulty}/status/{code}", "--timeout", "6")
    assert Faulty.counts["/status/400"] == 1 and Faulty.counts["/status/500"] == 1
    assert Faulty.counts["/status/503"] > 1


def test_retry_recovers_after_503(faulty):
    Faulty.counts.clear()
    answer = RemoteEngine(f"{faulty}/flaky", timeout=10, backoff=0.1).select("SELECT ?x WHERE { }")
    assert [r[0].value for r in answer.rows] == ["1"] and Faulty.counts["/flaky"] == 3


def test_html_instead_of_results(faulty):
    result = cli("sparql", "SELECT * WHERE { ?s ?p ?o }", "--endpoint", f"{faulty}/html")
    assert result.exit_code == 3 and "text/html where SPARQL results (JSON or XML) were expected" in result.stderr


@pytest.mark.parametrize("path", ["/slow", "/drip"])
def test_slow_or_dripping_server_hits_the_overall_deadline(faulty, path):
    started = time.monotonic()
    with pytest.raises(EngineError, match="did not answer within 1.5 s"):
        RemoteEngine(f"{faulty}{path}", timeout=1.5).select("SELECT * WHERE { ?s ?p ?o }")
    assert time.monotonic() - started < 4


def test_connection_refused():
    port = free_port()
    result = cli("sparql", "SELECT * WHERE { ?s ?p ?o }", "--endpoint", f"http://127.0.0.1:{port}/query")
    assert result.exit_code == 3 and "cannot reach endpoint" in result.stderr


# ------------------------------------------------ a hostile endpoint (issue 13 defects 5-7, issue 14)

ROW = {"x": {"type": "literal", "value": "1"}}
SHAPES = {  # path -> (content type, body): answers of the wrong shape for any SELECT
    "/columns": ("application/sparql-results+json",
                 {"head": {"vars": ["zzz"]}, "results": {"bindings": [{"zzz": {"type": "uri", "value": "http://e/"}}]}}),
    "/maybe": ("application/sparql-results+json", {"head": {}, "boolean": "maybe"}),
    "/boolean": ("application/sparql-results+json", {"head": {}, "boolean": True}),
    "/not-a-term": ("application/sparql-results+json", {"head": {"vars": ["s", "p", "label", "name", "ask"]},
                                                         "results": {"bindings": [{"s": "just text"}]}}),
    "/rows-not-list": ("application/sparql-results+json", {"head": {"vars": ["x"]}, "results": {"bindings": 3}}),
}
XML = ('<?xml version="1.0"?><sparql xmlns="http://www.w3.org/2005/sparql-results#"><head><variable name="x"/>'
       '</head><results><result><binding name="x"><literal xml:lang="en">one</literal></binding></result>'
       '<result><binding name="x"><uri>http://e.org/two</uri></binding></result></results></sparql>')


class Hostile(http.server.BaseHTTPRequestHandler):
    """Wrong shapes (SHAPES), huge answers, redirects, error messages, and a Comunica-like server that
    answers ``Accept: application/json`` with a format of its own. Requests are recorded."""

    seen: list[tuple[str, str, str]] = []  # (method, path, Accept)
    protocol_version = "HTTP/1.0"

    def log_message(self, *args):
        pass

    def do_GET(self):
        self.seen.append(("GET", self.path, self.headers.get("Accept", "")))
        self.reply("application/sparql-results+json", {"head": {"vars": ["x"]}, "results": {"bindings": [ROW]}})

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode()
        path, accept = self.path.split("?")[0], self.headers.get("Accept", "")
        self.seen.append(("POST", path, accept))
        port = self.server.server_address[1]
        if path in SHAPES:
            self.reply(*SHAPES[path])
        elif path == "/huge":  # 200 MB of rows, sent as fast as the client reads
            self.send_response(200)
            self.send_header("Content-Type", "application/sparql-results+json")
            self.end_headers()
            row = (json.dumps(ROW) + ",").encode() * 20000
            try:
                self.wfile.write(b'{"head": {"vars": ["x"]}, "results": {"bindings": [')
                for _ in range(200 * 2**20 // len(row)):
                    self.wfile.write(row)
                self.wfile.write(json.dumps(ROW).encode() + b"]}}")
            except OSError:
                pass  # the client stopped reading, as it should
        elif path == "/stream":  # rows without end, 64 KB every 50 ms, for at most 20 s
            self.send_response(200)
            self.send_header("Content-Type", "application/sparql-results+json")
            self.end_headers()
            block = (json.dumps(ROW) + ",").encode() * 2000
            try:
                self.wfile.write(b'{"head": {"vars": ["x"]}, "results": {"bindings": [')
                for _ in range(400):
                    self.wfile.write(block)
                    time.sleep(0.05)
            except OSError:
                pass
        elif path == "/elsewhere":
            self.redirect(302, f"http://localhost:{port}/ok")
        elif path == "/moved":
            self.redirect(302, "/ok")
        elif path == "/kept":
            self.redirect(307, "/ok")
        elif path == "/refuses":
            self.send_response(400)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            self.wfile.write(b"\n  Parse error: unexpected '}' at line 1, column 9\x1b[31m\nstack trace ...\n")
        elif path == "/comunica":
            if "application/json" in [part.split(";")[0].strip() for part in accept.split(",")]:
                self.reply("application/json", [{"?x": '"1"'}])  # its own format, not SPARQL results
            elif "application/sparql-results+json" in accept:
                self.reply("application/sparql-results+json",
                           {"head": {"vars": ["x"]}, "results": {"bindings": [ROW]}})
            else:
                self.reply("text/plain", "x\n1\n")
        elif path == "/xml":
            self.reply("application/sparql-results+xml", XML)
        elif path == "/xml-laughs":
            self.reply("application/sparql-results+xml", '<!DOCTYPE s [<!ENTITY a "aaaa">]>' + XML)
        else:
            assert "query=" in body
            self.reply("application/sparql-results+json", {"head": {"vars": ["x"]}, "results": {"bindings": [ROW]}})

    def reply(self, content_type, doc):
        data = (doc if isinstance(doc, str) else json.dumps(doc)).encode()
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def redirect(self, code, location):
        self.send_response(code)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()


@pytest.fixture(scope="module")
def hostile():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Hostile)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def exit_3_in_one_line(result, *fragments):
    assert result.exit_code == 3, result.output
    assert result.stderr.startswith("error: endpoint ") and result.stderr.count("\n") == 1, result.stderr
    for fragment in fragments:
        assert fragment in result.stderr, result.stderr
    assert "Traceback" not in result.output


@pytest.mark.parametrize("path", sorted(SHAPES))
@pytest.mark.parametrize("command", [["ask", "abbreviations"], ["profile", "Low SES"], ["gapmap"],
                                     ["describe", "Black Thrive"], ["sparql", "SELECT ?x WHERE { ?x ?p ?o }"]])
def test_answers_of_the_wrong_shape_are_exit_3_in_one_line(hostile, path, command):
    exit_3_in_one_line(cli(*command, "--endpoint", f"{hostile}{path}"), "gave a wrong answer")


def test_a_select_answered_with_a_boolean_says_so(hostile):
    result = cli("sparql", "SELECT ?x WHERE { ?x ?p ?o }", "--endpoint", f"{hostile}/boolean")
    exit_3_in_one_line(result, "a SELECT query was answered with true or false, not a table")
    assert result.stdout == ""


def test_an_ask_answered_with_maybe_or_a_table_says_so(hostile):
    exit_3_in_one_line(cli("sparql", "ASK { ?s ?p ?o }", "--endpoint", f"{hostile}/maybe"),
                       'an ASK query was answered with "maybe", not true or false')
    exit_3_in_one_line(cli("sparql", "ASK { ?s ?p ?o }", "--endpoint", f"{hostile}/columns"),
                       "an ASK query was answered with a table")


def virtuoso_table(*rows: dict, column: str = "__ASK_RETVAL") -> dict:
    return {"head": {"link": [], "vars": [column]},
            "results": {"distinct": False, "ordered": True, "bindings": list(rows)}}


VIRTUOSO_ONE = {"__ASK_RETVAL": {"type": "typed-literal", "datatype": "http://www.w3.org/2001/XMLSchema#integer",
                                 "value": "1"}}


def test_virtuosos_ask_table_is_read_only_in_its_exact_shape():
    """Virtuoso 7.2.5 answers ASK with one column __ASK_RETVAL: one row holding the integer 1, or no row.
    That exact shape is the boolean; any other table answering an ASK, and that table answering a
    SELECT that does not project __ASK_RETVAL, is still refused."""
    ask, select = query_form("ASK { ?s ?p ?o }"), query_form("SELECT ?x WHERE { ?x ?p ?o }")
    assert from_document(virtuoso_table(VIRTUOSO_ONE), ask).boolean is True
    assert from_document(virtuoso_table(), ask).boolean is False
    cell = VIRTUOSO_ONE["__ASK_RETVAL"]
    for wrong in (virtuoso_table(VIRTUOSO_ONE, VIRTUOSO_ONE),  # two rows
                  virtuoso_table({"__ASK_RETVAL": {**cell, "value": "2"}}),
                  virtuoso_table({"__ASK_RETVAL": {"type": "literal", "value": "1"}}),  # untyped
                  virtuoso_table({"__ASK_RETVAL": {**cell, "type": "uri"}}),
                  virtuoso_table({**VIRTUOSO_ONE, "x": cell}),  # a binding of another variable
                  virtuoso_table({"x": cell}, column="x"),
                  virtuoso_table(column="x")):
        with pytest.raises(BadAnswer, match="^an ASK query was answered with a table, not true or false$"):
            from_document(wrong, ask)
    with pytest.raises(BadAnswer, match="the answer has the columns __ASK_RETVAL where the query asks for x"):
        from_document(virtuoso_table(VIRTUOSO_ONE), select)


def test_columns_are_checked_against_the_projection(hostile):
    exit_3_in_one_line(cli("sparql", "SELECT ?s ?label WHERE { ?s ?p ?label }", "--endpoint", f"{hostile}/columns"),
                       "the answer has the columns zzz where the query asks for s, label")


def test_a_huge_answer_stops_at_the_size_cap_within_the_deadline(hostile):
    started = time.monotonic()
    result = cli("sparql", "SELECT ?x WHERE { ?x ?p ?o }", "--endpoint", f"{hostile}/huge", "--timeout", "20")
    exit_3_in_one_line(result, "sent an answer larger than 32 MB")
    assert result.stdout == ""
    assert time.monotonic() - started < 15


def test_the_deadline_holds_while_reading(hostile):
    started = time.monotonic()
    with pytest.raises(EngineError, match="did not answer within 1 s"):
        RemoteEngine(f"{hostile}/stream", timeout=1, max_bytes=10**12).select("SELECT ?x WHERE { ?x ?p ?o }")
    assert time.monotonic() - started < 3


def test_a_redirect_to_another_host_is_not_followed(hostile):
    Hostile.seen.clear()
    result = cli("sparql", "SELECT ?x WHERE { ?x ?p ?o }", "--endpoint", f"{hostile}/elsewhere")
    exit_3_in_one_line(result, "redirected (HTTP 302) to another host (http://localhost:", "not followed")
    assert [(method, path) for method, path, _ in Hostile.seen] == [("POST", "/elsewhere")]


def test_a_same_host_redirect_is_followed_only_when_it_keeps_the_method(hostile):
    Hostile.seen.clear()
    exit_3_in_one_line(cli("sparql", "SELECT ?x WHERE { ?x ?p ?o }", "--endpoint", f"{hostile}/moved"),
                       "redirected (HTTP 302)", "would turn the query's POST into a GET")
    kept = cli("sparql", "SELECT ?x WHERE { ?x ?p ?o }", "--endpoint", f"{hostile}/kept", "--format", "csv")
    assert kept.exit_code == 0, kept.output
    assert kept.stdout.splitlines() == ["x", "1"]
    assert [(method, path) for method, path, _ in Hostile.seen] == [("POST", "/moved"), ("POST", "/kept"),
                                                                    ("POST", "/ok")]


def test_http_errors_show_the_servers_first_line(hostile):
    result = cli("sparql", "SELECT ?x WHERE { ?x ?p ?o }", "--endpoint", f"{hostile}/refuses")
    assert result.exit_code == 3
    assert result.stderr == (f"error: endpoint {hostile}/refuses answered HTTP 400 (bad request: the query was "
                             "refused): Parse error: unexpected '}' at line 1, column 9 [31m\n")


def test_the_client_asks_for_sparql_results_only(hostile):
    """A Comunica-like server answers application/json in its own format: asking for SPARQL results (JSON,
    XML as fallback) and nothing else gets a proper answer (issue 14)."""
    Hostile.seen.clear()
    result = cli("sparql", "SELECT ?x WHERE { ?x ?p ?o }", "--endpoint", f"{hostile}/comunica", "--format", "csv")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == ["x", "1"]
    (accept,) = [a for _, _, a in Hostile.seen]
    assert accept == "application/sparql-results+json, application/sparql-results+xml;q=0.9"


def test_xml_results_are_read_as_a_fallback(hostile):
    answer = RemoteEngine(f"{hostile}/xml").select("SELECT ?x WHERE { ?x ?p ?o }")
    assert answer.vars == ["x"]
    assert answer.rows == [(Term("literal", "one", None, "en"),), (Term("uri", "http://e.org/two"),)]
    with pytest.raises(EngineError, match="declares a DOCTYPE or entities; refused"):
        RemoteEngine(f"{hostile}/xml-laughs").select("SELECT ?x WHERE { ?x ?p ?o }")
