"""`amhe gapmap --html`: the page holds the graph's counts, escapes every value and needs nothing else.

The counts are checked against SPARQL written here, independently of queries/gapmap_data.py; the
browser test (tests/test_browser.py) reads the same figures from the DOM of the rendered page.
"""

from __future__ import annotations

import re
import stat
from html.parser import HTMLParser

import pytest
from click.testing import CliRunner

from amhe.cli import main
from amhe.queries.engine import RdflibEngine
from amhe.queries.gapmap_data import Concept, GapMapData, Intervention, Reference, load
from amhe.queries.gapmap_html import SCALE, bin_of, render_html

PREFIXES = """
PREFIX amhe: <https://w3id.org/amhe/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""

# Distinct interventions and distinct studies per (population code, type notation), a characteristic's
# cell counting the interventions aimed at any of its subtypes.
CELLS = PREFIXES + """
SELECT ?pop ?type (COUNT(DISTINCT ?i) AS ?n) (COUNT(DISTINCT ?ref) AS ?refs) WHERE {
  ?i a amhe:Intervention ; amhe:interventionType/skos:notation ?type ; amhe:targetsPopulation ?s .
  OPTIONAL { ?i amhe:evidencedBy ?ref }
  { ?s skos:notation ?pop } UNION { ?s skos:broader/skos:notation ?pop }
} GROUP BY ?pop ?type"""


class Cells(HTMLParser):
    """Every map cell of the page: its id, counts and classes; and every resource the page would load."""

    def __init__(self) -> None:
        super().__init__()
        self.cells: dict[str, dict[str, str]] = {}
        self.resources: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "td" and a.get("data-cell"):
            self.cells[a["data-cell"]] = a
        if tag in ("script", "img", "iframe", "audio", "video", "source", "embed", "object") and a.get("src"):
            self.resources.append(a["src"])
        if tag == "link":
            self.resources.append(a.get("href") or "")


@pytest.fixture(scope="module")
def page(built) -> str:
    return render_html(load(RdflibEngine(built)))


def expected_cells(built) -> dict[str, tuple[int, int]]:
    return {f"{r.pop}-{r.type}": (int(r.n), int(r.refs)) for r in built.query(CELLS)}


def test_every_cell_holds_the_graphs_counts(built, page):
    parser = Cells()
    parser.feed(page)
    expected = expected_cells(built)
    # 11 characteristics and 23 subtypes by 13 intervention types.
    assert len(parser.cells) == (11 + 23) * 13
    for cell, attrs in parser.cells.items():
        n, refs = expected.get(cell, (0, 0))
        assert (int(attrs["data-interventions"]), int(attrs["data-studies"])) == (n, refs), cell
        assert ("b0" in attrs["class"].split()) == (n == 0), cell
    # Facts of Table 5 as printed: Family check-up (row 1) is DET for 6a Youth and 8a Low SES, ref 14.
    assert int(parser.cells["8a-DET"]["data-interventions"]) >= 1
    assert parser.cells["8-PRF"]["data-interventions"] == "0"  # Table 2 prints no PRF study


def test_characteristic_cells_agree_with_the_evidence_matrix(built, page):
    from amhe.queries import catalogue

    engine = RdflibEngine(built)
    matrix = engine.select(catalogue()["evidence-matrix"].text).dicts()
    parser = Cells()
    parser.feed(page)
    for row in matrix:
        cell = parser.cells[f"{row['characteristicCode'].value}-{row['typeNotation'].value}"]
        assert cell["data-interventions"] == row["interventions"].value


def test_protected_groups_with_few_interventions_are_duty_relevant(built, page):
    parser = Cells()
    parser.feed(page)
    # 3 Sexual orientation and gender reassignment is protected (Equality Act 2010 s.4); 8 SES is not.
    assert "duty" in parser.cells["3-RSCT"]["class"].split()  # no RSCT intervention for LGBTQ+ people
    assert all("duty" not in parser.cells[f"8-{t}"]["class"].split() for t in ("PRF", "oHBC"))
    assert "Equality Act 2010, section 149" in page
    assert "http://www.legislation.gov.uk/id/ukpga/2010/15/section/149" in page


def test_the_page_is_self_contained_and_small(page):
    parser = Cells()
    parser.feed(page)
    assert parser.resources == []  # no script, style sheet, image or frame from anywhere
    assert not re.search(r"url\(\s*['\"]?(https?:)?//", page)  # nor from CSS
    assert len(page.encode("utf-8")) < 400 * 1024


def test_printed_totals_stand_beside_the_computed_ones_with_the_audits_verdict(page):
    # Table 5's total row prints 65 for 8 Socioeconomic status; Table 2 prints 23 for DET.
    assert re.search(r"Table 5: 65 / \d+</summary>", page)
    assert re.search(r"<summary>23 / \d+</summary>", page)
    assert page.count('class="status"') >= 11 + 23 + 13


def test_scale_bins():
    assert [bin_of(n) for n in (0, 1, 2, 3, 4, 5, 8, 9, 16, 17, 99)] == [0, 1, 2, 3, 3, 4, 4, 5, 5, 6, 6]
    assert len(SCALE) == 6


HOSTILE = '<img src=x onerror="window.pwned=1">&amp; "quoted" \u202eevil</script>'


def hostile_data() -> GapMapData:
    c = Concept("https://w3id.org/amhe/population/1-x", "characteristic", "1", HOSTILE, protected=["Race"],
                rationale=HOSTILE)
    s = Concept("https://w3id.org/amhe/population/1a-x", "subtype", "1a", HOSTILE, broader=c.iri)
    t = Concept("https://w3id.org/amhe/intervention-type/x", "type", "DET", HOSTILE, position=1)
    ref = Reference("https://w3id.org/amhe/reference/1", 1, HOSTILE)
    i = Intervention("https://w3id.org/amhe/intervention/x", HOSTILE, 1, {t.iri}, {s.iri}, {ref.iri})
    duty = {"duty": "https://w3id.org/amhe/duty/x", "label": HOSTILE, "obliges": HOSTILE,
            "provision": "http://www.legislation.gov.uk/id/ukpga/2010/15/section/149", "provisionLabel": HOSTILE,
            "quoted": HOSTILE}
    return GapMapData([c], {c.iri: [s]}, [t], {i.iri: i}, {ref.iri: ref}, [duty])


def test_every_value_is_escaped():
    page = render_html(hostile_data())
    assert "<img src=x" not in page and "</script>&" not in page
    assert "&lt;img src=x" in page  # as text in the markup
    assert "\\u003cimg src=x" in page  # and inside the JSON the script reads
    parser = Cells()
    parser.feed(page)
    assert parser.resources == []


def test_cli_writes_the_page_atomically_and_refuses_what_is_not_a_file(tmp_path):
    out = tmp_path / "map.html"
    result = CliRunner().invoke(main, ["gapmap", "--html", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert "wrote" in result.stderr and result.stdout == ""
    fifo = tmp_path / "pipe"
    import os

    os.mkfifo(fifo)
    refused = CliRunner().invoke(main, ["gapmap", "--html", str(fifo)])
    assert refused.exit_code == 2 and "not a regular file" in refused.stderr
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["map.html", "pipe"]  # nothing half-written


def test_terminal_grid_is_shaded_only_on_a_terminal(built):
    from amhe.queries.gapmap import gap_map, shaded

    engine = RdflibEngine(built)
    grid = gap_map(engine)
    text = shaded(grid, engine.labels(r[1].value for r in grid.rows))
    assert "\x1b[48;2;" in text  # background colours
    plain = CliRunner().invoke(main, ["gapmap"]).stdout  # CliRunner's stdout is not a terminal
    assert "\x1b[" not in plain
    # The same counts, row by row: 8 Socioeconomic status's DET cell.
    det = grid.vars.index("DET")
    ses = next(r for r in grid.rows if r[0].value == "8")
    assert re.search(rf"Socioeconomic status.*\b{ses[det].value}\b", text)
