"""Content negotiation of the site, served by a real Apache httpd from Debian's packages.

The test starts its own httpd on 127.0.0.1 with the generated site as document root and the
site's own ``.htaccess``, asks for entities of every kind with each media type, for the dumps,
the ontology and a missing entity, and follows a redirect with curl as a user would.
With CI=true a missing httpd or curl fails instead of skipping.
"""

from __future__ import annotations

import http.client
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic

from amhe.queries.site import page_path

pytestmark = pytest.mark.slow  # servers, browsers, builds or benchmarks: seconds each

APACHE = shutil.which("apache2") or "/usr/sbin/apache2"
MODULES = Path("/usr/lib/apache2/modules")
IN_CI = os.environ.get("CI", "").lower() == "true"
BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"
CONFIG = """
ServerRoot "{root}"
ServerName 127.0.0.1
Listen 127.0.0.1:{port}
{modules}
PidFile "{root}/httpd.pid"
ErrorLog "{root}/error.log"
LogLevel warn
User {user}
Group {group}
TypesConfig /etc/mime.types
DocumentRoot "{site}"
<Directory />
  AllowOverride None
  Require all denied
</Directory>
<Directory "{site}">
  AllowOverride All
  Require all granted
</Directory>
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def apache(site_dir):
    if not (Path(APACHE).exists() and (MODULES / "mod_rewrite.so").exists()):
        if IN_CI:
            pytest.fail("Apache httpd (Debian package apache2) is missing: .ci/run installs it")
        pytest.skip("Apache httpd is not installed")
    root = Path(tempfile.mkdtemp(prefix="amhe-httpd-"))
    port = free_port()
    modules = "\n".join(f"LoadModule {name}_module {MODULES}/mod_{name}.so"
                        for name in ("mpm_event", "authz_core", "mime", "dir", "rewrite", "alias"))
    # httpd will not serve as root: its workers run as www-data, or as the user running the tests.
    user, group = ("www-data", "www-data") if os.geteuid() == 0 else (f"#{os.geteuid()}", f"#{os.getegid()}")
    config = CONFIG.format(root=root, port=port, modules=modules, site=site_dir, user=user, group=group)
    (root / "httpd.conf").write_text(config, encoding="utf-8")
    process = subprocess.Popen([APACHE, "-f", str(root / "httpd.conf"), "-DFOREGROUND"],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            if process.poll() is not None:
                pytest.fail(f"httpd did not start: {process.stdout.read().decode()[:500]}")
            time.sleep(0.1)
    else:
        process.kill()
        pytest.fail("httpd did not listen within 20 s")
    yield port
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
    errors = (root / "error.log").read_text(encoding="utf-8", errors="replace") if (root / "error.log").exists() else ""
    shutil.rmtree(root, ignore_errors=True)
    assert "AH00526" not in errors  # a syntax error in .htaccess


def get(port: int, path: str, accept: str | None) -> tuple[int, dict[str, str], bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    headers = {"Accept": accept} if accept else {}
    conn.request("GET", path, headers=headers)
    response = conn.getresponse()
    body = response.read()
    conn.close()
    return response.status, {k.lower(): v for k, v in response.getheaders()}, body


def one_of_each_kind(built) -> list[str]:
    seen: dict[str, str] = {}
    for s in sorted({s for s in built.subjects() if isinstance(s, URIRef)}, key=str):
        path = page_path(str(s))
        if path:
            seen.setdefault(path.split("/")[0], path)
    return sorted(seen.values())


@pytest.mark.parametrize(("accept", "ext", "media"), [
    ("text/html", ".html", "text/html"),
    (BROWSER_ACCEPT, ".html", "text/html"),
    ("*/*", ".html", "text/html"),
    ("text/turtle", ".ttl", "text/turtle"),
    ("text/turtle;q=1.0, */*;q=0.1", ".ttl", "text/turtle"),
    ("application/ld+json", ".jsonld", "application/ld+json"),
])
def test_every_kind_of_entity_negotiates(apache, built, accept, ext, media):
    paths = one_of_each_kind(built)
    assert len(paths) > 30
    for path in paths:
        status, headers, _ = get(apache, "/" + path, accept)
        assert status == 303, (path, status)
        assert headers["location"].endswith("/" + path + ext), (path, headers["location"])
        status, headers, body = get(apache, "/" + path + ext, accept)
        assert status == 200 and headers["content-type"].startswith(media), (path, headers.get("content-type"))
        if ext == ".ttl":
            expected = built.cbd(URIRef("https://w3id.org/amhe/" + path))
            assert isomorphic(Graph().parse(data=body, format="turtle"), expected)


def test_dumps_ontology_void_and_a_missing_entity(apache, built):
    for accept, ext, media in (("application/n-triples", ".nt", "application/n-triples"),
                               ("text/turtle", ".ttl", "text/turtle"),
                               ("application/ld+json", ".jsonld", "application/ld+json")):
        status, headers, _ = get(apache, "/downloads/amhe", accept)
        assert status == 303 and headers["location"].endswith("/downloads/amhe" + ext)
        status, headers, body = get(apache, "/downloads/amhe" + ext, None)
        assert status == 200 and headers["content-type"].startswith(media)
    nt = get(apache, "/downloads/amhe.nt", None)[2]
    assert isomorphic(Graph().parse(data=nt, format="nt"), built)
    status, headers, _ = get(apache, "/ontology", "text/turtle")
    assert status == 303 and headers["location"].endswith("/ontology.ttl")
    status, headers, _ = get(apache, "/ontology", "text/html")
    assert status == 303 and headers["location"].endswith("/ontology.html")
    status, headers, body = get(apache, "/.well-known/void", None)
    assert status == 200 and headers["content-type"].startswith("text/turtle")
    assert len(Graph().parse(data=body, format="turtle")) > 10
    assert get(apache, "/intervention/no-such-intervention", "text/turtle")[0] == 404
    assert get(apache, "/no-such-kind/x", "text/html")[0] == 404
    assert get(apache, "/", "text/html")[0] == 200  # the index


def test_curl_follows_to_the_right_twin(apache, built):
    curl = shutil.which("curl")
    if curl is None:
        if IN_CI:
            pytest.fail("curl is missing")
        pytest.skip("curl is not installed")
    url = f"http://127.0.0.1:{apache}/intervention/family-check-up-intervention"
    for accept, ext in (("text/turtle", ".ttl"), ("application/ld+json", ".jsonld"), ("text/html", ".html")):
        result = subprocess.run([curl, "-sS", "-L", "-H", f"Accept: {accept}", "-w", "\n%{url_effective}", url],
                                capture_output=True, text=True, timeout=30)
        body, _, effective = result.stdout.rpartition("\n")
        assert result.returncode == 0 and effective == url + ext, (accept, effective)
        if ext == ".ttl":
            graph = Graph().parse(data=body, format="turtle")
            assert isomorphic(graph, built.cbd(URIRef("https://w3id.org/amhe/intervention/family-check-up-intervention")))
        if ext == ".html":
            assert "Family check-up intervention" in body
