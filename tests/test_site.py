"""`amhe site`: every IRI under the base has a page and twins that say exactly what the graph says.

The twins are parsed and compared, as graphs, with what they hold computed here from the built graph (the
Turtle twin: the entity's concise bounded description; the JSON-LD twin: the framed description `amhe describe
--format json-ld` prints, the entities it links to nested); the pages are parsed for the links they promise. The
Apache and browser tests (test_apache.py, test_site_browser.py) use the same built site.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, VOID
from rdflib.query import Result
from test_jsonld import described, pyld_graph

from amhe.cli import main
from amhe.queries import catalogue
from amhe.queries.site import MARKER, page_path
from amhe.queries.terms import canonical_lexical

BASE = "https://w3id.org/amhe/"


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.scripts = 0
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        if tag == "script":
            self.scripts += 1

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parsed(path: Path) -> Links:
    p = Links()
    p.feed(path.read_text(encoding="utf-8"))
    return p


def entities(g: Graph) -> list[URIRef]:
    return sorted({s for s in g.subjects() if isinstance(s, URIRef) and page_path(str(s))})


def test_every_entity_has_a_page_and_twins_holding_its_description(site_dir, built):
    found = entities(built)
    for iri in found:
        path = site_dir / page_path(str(iri))
        for ext in (".html", ".ttl", ".jsonld"):
            assert path.with_name(path.name + ext).is_file(), f"{iri} lacks {ext}"
        expected = built.cbd(iri)
        turtle = Graph().parse(path.with_name(path.name + ".ttl"), format="turtle")
        assert isomorphic(turtle, expected), iri
    assert len(found) > 1200


def test_json_ld_twins_are_what_describe_prints_and_read_back_as_the_entity_and_its_links(site_dir, built):
    """The JSON-LD twin is the entity framed as `amhe describe --format json-ld` frames it (one code path: the
    same bytes), and pyld and rdflib read it, with its inline context only, as the entity's triples and those
    of each entity it links to (numbers compared as values: see canonical). Every kind of entity: the first of
    each path prefix."""
    seen: set[str] = set()
    for iri in entities(built):
        kind = page_path(str(iri)).split("/")[0]
        if kind in seen:
            continue
        seen.add(kind)
        path = site_dir / page_path(str(iri))
        twin = path.with_name(path.name + ".jsonld")
        printed = CliRunner().invoke(main, ["describe", str(iri), "--format", "json-ld"])
        assert printed.exit_code == 0 and twin.read_text(encoding="utf-8") == printed.stdout, iri
        expected = canonical(described(built, iri))
        assert isomorphic(canonical(pyld_graph(json.loads(twin.read_bytes()))), expected), iri
        assert isomorphic(canonical(Graph().parse(twin, format="json-ld")), expected), iri
    assert len(seen) > 30


def canonical(g: Graph) -> Graph:
    """Numbers by their canonical lexical form: the twin is framed from the store's answers, and Oxigraph
    stores 80.0 as 80 (same value, same datatype)."""
    out = Graph()
    for s, p, o in g:
        if isinstance(o, Literal) and o.datatype is not None:
            o = Literal(canonical_lexical(str(o), str(o.datatype)), datatype=o.datatype)
        out.add((s, p, o))
    return out


def test_an_entity_page_lists_properties_inbound_links_and_provenance(site_dir):
    page = site_dir / "intervention" / "family-check-up-intervention.html"
    links = parsed(page)
    text = " ".join(links.text)
    # Table 5 row 1: Family check-up intervention, DET, 6a Youth and 8a Low SES, reference 14.
    assert "../reference/14.html" in links.links
    assert "../population/6a-youth.html" in links.links and "../population/8a-low-ses.html" in links.links
    assert "../intervention-type/delivering-education-and-training.html" in links.links
    assert "../source/table-5.html" in links.links  # provenance: the table it comes from
    assert "../evidence-cell/8-socioeconomic-status-det.html" in links.links  # inbound: its evidence cell
    assert "Family check-up intervention" in text and "Linked from" in text and "Provenance" in text
    assert links.scripts == 0
    reference = parsed(site_dir / "reference" / "14.html")
    assert "../intervention/family-check-up-intervention.html" in reference.links  # and back


def test_index_says_what_the_dataset_is(site_dir, built):
    index = site_dir / "index.html"
    links = parsed(index)
    text = " ".join(links.text)
    triples = built.value(URIRef(BASE + "dataset/amhe"), VOID.triples)
    assert f"{triples} triples" in text
    assert "National Collaborating Centre for Mental Health" in text and "How to cite" in text
    for target in ("gapmap.html", "questions/index.html", "ontology.html", "downloads/amhe.ttl",
                   ".well-known/void", "sitemap.xml", "profiles/8a.html", "source/table-5.html"):
        assert target in links.links, target
    for href in links.links:
        if not href.startswith(("http", "#")):
            assert (site_dir / href.split("#")[0]).exists(), href


def test_question_pages_carry_their_sparql_and_their_answer(site_dir):
    questions = catalogue()
    for qid, question in questions.items():
        page = site_dir / "questions" / f"{qid}.html"
        assert question.title in page.read_text(encoding="utf-8").replace("&#39;", "'").replace("&amp;", "&"), qid
        json.loads((site_dir / "questions" / f"{qid}.json").read_text(encoding="utf-8"))
        rows = list(csv.reader(io.StringIO((site_dir / "questions" / f"{qid}.csv").read_text(encoding="utf-8"))))
        assert rows[0], qid
    # The legislation question's answer, read back with rdflib's SPARQL results parser.
    with (site_dir / "questions" / "duties-to-reduce-inequalities.json").open("rb") as f:
        answer = Result.parse(source=f, format="json")
    assert len(answer) >= 3  # 1C, 13G and 14T: duties as to reducing inequalities (Table 1)
    page = (site_dir / "questions" / "interventions-for-population.html").read_text(encoding="utf-8")
    assert "SELECT" in page and "Family check-up intervention" in page


def test_profiles_ontology_downloads_void_and_sitemap(site_dir, built):
    assert sorted(p.stem for p in (site_dir / "profiles").glob("*.html")) == sorted(
        str(c) for t in ("PopulationCharacteristic", "PopulationSubtype")
        for s in built.subjects(RDF.type, URIRef(f"{BASE}ontology#{t}"))
        for c in built.objects(s, URIRef("http://www.w3.org/2004/02/skos/core#notation")))
    ontology = (site_dir / "ontology.html").read_text(encoding="utf-8")
    assert 'id="Intervention"' in ontology and 'id="evidencedBy"' in ontology and "Low SES" in ontology
    assert "InterventionShape" in (site_dir / "shapes.html").read_text(encoding="utf-8")
    assert isomorphic(Graph().parse(site_dir / "downloads" / "amhe.nt", format="nt"), built)
    assert isomorphic(Graph().parse(site_dir / "downloads" / "amhe.ttl", format="turtle"), built)
    void = Graph().parse(site_dir / ".well-known" / "void", format="turtle")
    dataset = URIRef(BASE + "dataset/amhe")
    assert (dataset, RDF.type, URIRef("http://www.w3.org/ns/dcat#Dataset")) in void
    dumps = {URIRef(BASE + f"downloads/amhe.{x}") for x in ("ttl", "jsonld", "nt")}
    assert set(void.objects(dataset, VOID.dataDump)) == dumps
    sitemap = (site_dir / "sitemap.xml").read_text(encoding="utf-8")
    pages = sorted(str(p.relative_to(site_dir)) for p in site_dir.rglob("*.html"))
    assert re.findall(r"<loc>([^<]+)</loc>", sitemap) == [BASE + p for p in pages]


def test_pages_stay_small(site_dir):
    for page in site_dir.rglob("*.html"):
        if page.name != "gapmap.html":
            assert page.stat().st_size < 100 * 1024, page


def test_out_refuses_a_folder_it_did_not_write(tmp_path, site_dir):
    foreign = tmp_path / "mine"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("keep me", encoding="utf-8")
    result = CliRunner().invoke(main, ["site", "--out", str(foreign)])
    assert result.exit_code == 2 and "not empty" in result.stderr
    assert sorted(p.name for p in foreign.iterdir()) == ["notes.txt"]
    bad_base = CliRunner().invoke(main, ["site", "--out", str(tmp_path / "x"), "--base-path", "amhe"])
    assert bad_base.exit_code == 2 and "--base-path" in bad_base.stderr
    assert (site_dir / MARKER).is_file()


def test_a_failed_build_leaves_the_previous_site_untouched(tmp_path, site_dir, monkeypatch):
    out = tmp_path / "www"
    shutil.copytree(site_dir, out)
    before = sorted(str(p.relative_to(out)) for p in out.rglob("*"))
    from amhe.queries import site as site_module

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(site_module, "_ontology", broken)
    result = CliRunner().invoke(main, ["site", "--out", str(out)])
    assert result.exit_code != 0
    assert sorted(str(p.relative_to(out)) for p in out.rglob("*")) == before
    assert [p.name for p in tmp_path.iterdir()] == ["www"]  # no working folder left behind


HOSTILE = '<script>window.pwned=1</script> & "quoted" \u202eevil'


def test_hostile_labels_reach_the_pages_as_text(hostile_site):
    pages = [p for p in hostile_site.rglob("*.html") if "window.pwned" in p.read_text(encoding="utf-8")]
    assert pages  # the service's page, the kind listing, the organisations that link to it ...
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert "<script>window.pwned" not in html, page
        links = parsed(page)
        assert HOSTILE in "".join(links.text) or "window.pwned=1" in "".join(links.text), page
