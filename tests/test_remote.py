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
from amhe.queries.run import run_example

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
    from amhe.queries.publish import put_graph

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
    assert result.exit_code == 3 and "text/html where SPARQL JSON results were expected" in result.stderr


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
