"""`amhe site`: the graph as a static linked-data edition.

Every entity whose IRI lies under the base (``https://w3id.org/amhe/``) gets a page at the path
of its IRI, with a Turtle twin holding exactly its concise bounded description and a JSON-LD twin
framed as `amhe describe --format json-ld` prints it (its description, each entity it links to nested
with its own properties, for a web developer to read in one request), so a server that maps the base
onto the folder can answer each IRI by content negotiation (rules for
Apache are written beside the pages as ``.htaccess``). Around them: an index, the gap map, one
page per canned question with its answer, one profile per population concept, the ontology,
the whole graph as downloads, a VoID/DCAT description and a sitemap.

Pages come from Jinja2 templates with autoescaping only. The site is written into a fresh
folder beside the target and swapped in when complete, so a failed build leaves nothing
half-written and the previous site untouched.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SH, SKOS, VOID

from ..graph import JSONLD_CONTEXT, ONTOLOGY, SHAPES
from ..graph.export import serialize
from ..loaders.namespaces import ONTOLOGY_IRI
from ..loaders.namespaces import XSD as XSD_NS
from ..loaders.vocab import AMHE, BASE, SCHEMA
from . import catalogue
from .describe import framed_entity
from .engine import Engine
from .render import PREFIXES, to_csv, to_json

MARKER = ".amhe-site"  # written in every site folder: `--out` may replace only a folder that has it
TERMS = BASE + "ontology#"
SHAPES_NS = BASE + "shapes#"
LABELS = (SKOS.prefLabel, RDFS.label, SCHEMA.name, DCTERMS.title)
PROVENANCE = (PROV.wasDerivedFrom, AMHE.tableRow, AMHE.position, AMHE.groupPosition, DCTERMS.source)
# Paths the site writes itself: the ontology and shapes are documented on pages of their own, their
# Turtle being the whole vocabulary, not a concise bounded description.
RESERVED = {"ontology", "shapes", "index", "gapmap", "sitemap", "void", "questions", "profiles", "kinds", "downloads"}
# A question page shows at most this many rows of its answer (the downloads hold them all), so that
# every page stays small whatever the data grows to.
PAGE_ROWS = 120
# Media types of the twins; Apache answers an entity's IRI with a 303 to one of them.
TWINS = {".html": "text/html", ".ttl": "text/turtle", ".jsonld": "application/ld+json"}


class SiteError(Exception):
    """The site cannot be written where asked (the message names the folder)."""


@dataclass
class Value:
    """A value shown on a page: text, and where it points (a page of the site or an outside IRI)."""

    text: str
    href: str | None = None
    note: str | None = None  # language or datatype of a literal
    external: bool = False


@dataclass
class Page:
    path: str  # below the site root, without extension
    kinds: list[Value] = field(default_factory=list)
    properties: list[tuple[Value, list[Value]]] = field(default_factory=list)
    inbound: list[tuple[Value, Value]] = field(default_factory=list)
    inbound_more: int = 0  # links not listed on the page (the downloads hold every one)
    provenance: list[tuple[Value, list[Value]]] = field(default_factory=list)


@dataclass
class Report:
    out: Path
    pages: int = 0
    files: int = 0
    bytes: int = 0
    largest: tuple[int, str] = (0, "")
    seconds: float = 0.0
    steps: dict[str, float] = field(default_factory=dict)


def page_path(iri: str) -> str | None:
    """The path of an entity's page below the site root, or None for an IRI outside the base."""
    if not iri.startswith(BASE) or iri.startswith(TERMS) or iri.startswith(SHAPES_NS):
        return None
    path = iri[len(BASE):]
    if path in RESERVED:
        return None
    if not path or path.startswith((".", "/")) or ".." in path.split("/") or "#" in path or "?" in path:
        return None
    return path


class Site:
    """What every page needs: labels, links relative to the page, the environment of templates."""

    def __init__(self, g: Graph, vocabulary: Graph) -> None:
        from jinja2 import Environment, FunctionLoader, select_autoescape

        self.g = g
        self.vocabulary = vocabulary
        folder = files("amhe.queries").joinpath("templates")
        self.env = Environment(loader=FunctionLoader(lambda name: folder.joinpath(name).read_text("utf-8")),
                               autoescape=select_autoescape(default=True, default_for_string=True),
                               trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
        self.env.filters["rel"] = self.rel
        self._labels: dict[Any, str] = {}
        for source in (vocabulary, g):
            for predicate in reversed(LABELS):
                for s, o in source.subject_objects(predicate):
                    if isinstance(o, Literal) and (o.language in (None, "en")):
                        self._labels[s] = str(o)
        self.paths = {s: p for s in set(g.subjects()) if isinstance(s, URIRef) for p in [page_path(str(s))] if p}

    def template(self, name: str) -> Any:
        return self.env.get_template(name)

    @staticmethod
    def rel(target: str, here: str) -> str:
        """A link from the page at ``here`` to ``target`` (both paths below the root)."""
        depth = here.count("/")
        return "../" * depth + target

    def label(self, node: Any) -> str:
        if node in self._labels:
            return self._labels[node]
        text = str(node)
        for namespace, prefix in (*PREFIXES.items(), (XSD_NS, "xsd:")):
            if text.startswith(namespace):
                return prefix + text[len(namespace):]
        return text

    def value(self, node: Any, here: str) -> Value:
        if isinstance(node, Literal):
            note = node.language or (self.label(node.datatype) if node.datatype else None)
            return Value(str(node), note=note)
        if isinstance(node, BNode):
            return Value("(a structured value, in the Turtle twin)")
        path = self.paths.get(node)
        if path is not None:
            return Value(self.label(node), self.rel(path + ".html", here))
        text = str(node)
        if text.startswith(TERMS):
            return Value(self.label(node), self.rel("ontology.html#" + text[len(TERMS):], here))
        if text.startswith(SHAPES_NS):
            return Value(self.label(node), self.rel("shapes.html#shape-" + text[len(SHAPES_NS):], here))
        if text.startswith(("http://", "https://")):
            return Value(self.label(node), text, external=True)
        return Value(text)

    def write(self, out: Path, path: str, data: str | bytes, report: Report) -> None:
        target = out / path
        target.parent.mkdir(parents=True, exist_ok=True)
        raw = data.encode("utf-8") if isinstance(data, str) else data
        target.write_bytes(raw)
        report.files += 1
        report.bytes += len(raw)
        if path.endswith(".html"):
            report.pages += 1
            if not path.startswith("gapmap") and len(raw) > report.largest[0]:
                report.largest = (len(raw), path)


def entity_page(site: Site, iri: URIRef, path: str, inbound: list[tuple[Any, Any]]) -> Page:
    g = site.g
    here = path + ".html"
    page = Page(path, kinds=sorted((site.value(t, here) for t in g.objects(iri, RDF.type)), key=lambda v: v.text))
    grouped: dict[Any, list[Any]] = defaultdict(list)
    for p, o in g.predicate_objects(iri):
        if p != RDF.type:
            grouped[p].append(o)
    for p in sorted(grouped, key=lambda p: site.label(p).lower()):
        values = sorted((site.value(o, here) for o in grouped[p]), key=lambda v: (v.text.lower(), v.note or ""))
        entry = (site.value(p, here), values)
        (page.provenance if p in PROVENANCE else page.properties).append(entry)
    links = sorted(((site.value(p, here), site.value(s, here)) for s, p in inbound),
                   key=lambda pair: (pair[0].text.lower(), pair[1].text.lower()))
    page.inbound, page.inbound_more = links[:PAGE_ROWS], max(0, len(links) - PAGE_ROWS)
    return page


def cbd(g: Graph, iri: URIRef, namespaces: Iterable[tuple[str, Any]] = ()) -> Graph:
    """The entity's concise bounded description: its triples, and those of the blank nodes they reach."""
    out = Graph(bind_namespaces="none")
    for prefix, namespace in namespaces:
        out.bind(prefix, namespace, override=True)
    out += g.cbd(iri)
    return out


def prepare(out: Path, force: bool) -> Path:
    """A fresh working folder beside ``out``; refuse a non-empty ``out`` the site did not write."""
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise SiteError(f"{out} exists and is not a folder")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).is_file() and not force:
        raise SiteError(f"{out} is not empty and was not written by `amhe site`; choose an empty folder or --force")
    out.parent.mkdir(parents=True, exist_ok=True)
    work = out.parent / f".{out.name}.building-{os.getpid()}"
    if work.exists():
        shutil.rmtree(work)
    work.mkdir()
    return work


def swap(work: Path, out: Path) -> None:
    """Put the finished site in place; the previous one goes only once the new one is there."""
    old = None
    if out.exists():
        old = out.parent / f".{out.name}.old-{os.getpid()}"
        os.replace(out, old)
    os.replace(work, out)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def build_site(g: Graph, engine: Engine, out: Path, force: bool = False, base_path: str = "/",
               progress: Callable[[str, int | None, int | None], None] | None = None) -> Report:
    """Write the whole site into ``out`` (all or nothing) and say what was written."""
    if not base_path.startswith("/") or not base_path.endswith("/") or any(c in base_path for c in " \n\"'"):
        raise SiteError(f"--base-path must start and end with '/' and hold no space or quote, got {base_path!r}")
    started = time.monotonic()
    work = prepare(out, force)
    report = Report(Path(out))
    try:
        vocabulary = Graph().parse(ONTOLOGY).parse(SHAPES)
        site = Site(g, vocabulary)
        _write_all(site, g, engine, work, report, base_path, progress or (lambda *a: None))
        (work / MARKER).write_text("written by amhe site\n", encoding="utf-8")
        swap(work, Path(out))
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    report.seconds = time.monotonic() - started
    return report


def _timed(report: Report, step: str, started: float) -> float:
    now = time.monotonic()
    report.steps[step] = report.steps.get(step, 0.0) + now - started
    return now


def _write_all(site: Site, g: Graph, engine: Engine, work: Path, report: Report, base_path: str,
               progress: Callable[[str, int | None, int | None], None]) -> None:
    t = time.monotonic()
    inbound: dict[Any, list[tuple[Any, Any]]] = defaultdict(list)
    for s, p, o in g:
        if o in site.paths and isinstance(s, URIRef):
            inbound[o].append((s, p))
    entity = site.template("entity.html.j2")
    namespaces = [(prefix.rstrip(":"), namespace) for namespace, prefix in PREFIXES.items()]
    namespaces.append(("xsd", XSD_NS))
    entities = sorted(site.paths.items(), key=lambda kv: kv[1])
    kinds: dict[Any, list[tuple[str, str]]] = defaultdict(list)
    for n, (iri, path) in enumerate(entities, 1):
        page = entity_page(site, iri, path, inbound.get(iri, []))
        site.write(work, path + ".html", entity.render(page=page, iri=str(iri), title=site.label(iri),
                                                         here=path + ".html", base=BASE), report)
        description = cbd(g, iri, namespaces)
        site.write(work, path + ".ttl", serialize(description, "turtle"), report)
        twin = framed_entity(engine, str(iri))  # what `amhe describe --format json-ld` prints
        site.write(work, path + ".jsonld", (json.dumps(twin, indent=1, ensure_ascii=False) + "\n").encode(), report)
        for kind in g.objects(iri, RDF.type):
            kinds[kind].append((site.label(iri), path))
        if n % 100 == 0 or n == len(entities):
            progress("entity pages", n, len(entities))
    t = _timed(report, "entity pages and twins", t)

    kind_pages = []
    listing = site.template("kind.html.j2")
    for kind, members in sorted(kinds.items(), key=lambda kv: site.label(kv[0]).lower()):
        name = site.label(kind)
        slug = "".join(ch if ch.isalnum() else "-" for ch in name.split(":")[-1]).strip("-").lower()
        path = f"kinds/{slug}.html"
        kind_pages.append((name, path, len(members)))
        site.write(work, path, listing.render(title=name, kind=site.value(kind, path), here=path,
                                              members=sorted(members, key=lambda m: m[0].lower())), report)
    t = _timed(report, "kind listings", t)

    questions = _questions(site, engine, work, report)
    t = _timed(report, "questions", t)
    profiles = _profiles(site, engine, work, report)
    t = _timed(report, "population profiles", t)
    _ontology(site, work, report)
    t = _timed(report, "ontology", t)

    from .gapmap_data import load
    from .gapmap_html import render_html

    site.write(work, "gapmap.html", render_html(load(engine), generated_from="the AMHE linked-data edition"), report)
    t = _timed(report, "gap map", t)
    downloads = _downloads(site, g, work, report)
    t = _timed(report, "downloads", t)

    from rdflib.namespace import DCAT

    dataset = next(iter(g.subjects(RDF.type, DCAT.Dataset)), None)  # the partitions are void:Datasets only
    facts = _dataset_facts(site, g, dataset)
    site.write(work, "index.html", site.template("index.html.j2").render(
        here="index.html", facts=facts, kinds=kind_pages, questions=questions, profiles=profiles,
        downloads=downloads, sections=_sections(site, g), base=BASE), report)
    site.write(work, ".htaccess", site.template("htaccess.j2").render(base_path=base_path, twins=TWINS), report)
    pages = sorted(str(p.relative_to(work)) for p in work.rglob("*.html"))
    site.write(work, "sitemap.xml", site.template("sitemap.xml.j2").render(base=BASE, pages=pages), report)
    _timed(report, "index, rules and sitemap", t)


def _questions(site: Site, engine: Engine, work: Path, report: Report) -> list[tuple[str, str, str]]:
    from .render import iris_of
    from .run import run_example

    template = site.template("question.html.j2")
    out = []
    for question in sorted(catalogue().values(), key=lambda q: q.id):
        here = f"questions/{question.id}.html"
        answer = run_example(engine, question)
        labels = engine.labels(iris_of(answer))
        rows = [[_term_value(site, t, labels, here) for t in row] for row in answer.rows[:PAGE_ROWS]]
        site.write(work, f"questions/{question.id}.csv", to_csv(answer), report)
        site.write(work, f"questions/{question.id}.json", to_json(answer) + "\n", report)
        site.write(work, here, template.render(question=question, vars=answer.vars, rows=rows, here=here,
                                               total=len(answer.rows),
                                               example={p.name: p.example for p in question.parameters}), report)
        out.append((question.id, question.title, here))
    site.write(work, "questions/index.html", site.template("questions.html.j2").render(
        here="questions/index.html", questions=out), report)
    return out


def _term_value(site: Site, term: Any, labels: dict[str, str], here: str) -> Value:
    if term is None:
        return Value("")
    if term.kind == "uri":
        path = page_path(term.value)
        label = labels.get(term.value) or site.label(URIRef(term.value))
        if path is not None:
            return Value(label, site.rel(path + ".html", here))
        if term.value.startswith(TERMS):
            return Value(label, site.rel("ontology.html#" + term.value[len(TERMS):], here))
        return Value(label, term.value, external=True)
    return Value(term.value)


def _profiles(site: Site, engine: Engine, work: Path, report: Report) -> list[tuple[str, str, str]]:
    from .profile import build_profile

    template = site.template("profile.html.j2")
    populations = sorted(
        ((str(s), str(code)) for t in (AMHE.PopulationCharacteristic, AMHE.PopulationSubtype)
         for s in site.g.subjects(RDF.type, t) for code in site.g.objects(s, SKOS.notation)),
        key=lambda x: (int("".join(c for c in x[1] if c.isdigit()) or 0), x[1]))
    out = []
    for iri, code in populations:
        profile = build_profile(engine, iri)
        here = f"profiles/{code}.html"
        sections = [(title, answer.vars, [[_term_value(site, t, profile["labels"], here) for t in row]
                                          for row in answer.rows]) for title, answer in profile["sections"]]
        site.write(work, here, template.render(here=here, code=code, label=profile["label"], iri=iri,
                                               entity=site.value(URIRef(iri), here), sections=sections), report)
        out.append((code, profile["label"], here))
    return out


def _ontology(site: Site, work: Path, report: Report) -> None:
    v = site.vocabulary
    here = "ontology.html"

    def terms(kind: Any) -> list[dict[str, Any]]:
        found = []
        for term in sorted(set(v.subjects(RDF.type, kind)), key=str):
            if not str(term).startswith(TERMS):
                continue
            found.append({
                "id": str(term)[len(TERMS):], "iri": str(term), "label": site.label(term),
                "comment": str(v.value(term, RDFS.comment) or ""),
                "parents": [site.value(p, here) for p in v.objects(term, RDFS.subClassOf)],
                "domain": [site.value(d, here) for d in v.objects(term, RDFS.domain)],
                "range": [site.value(r, here) for r in v.objects(term, RDFS.range)],
                "types": [site.value(t, here) for t in v.objects(term, RDF.type)],
                "shapes": sorted(site.label(s) for s in v.subjects(SH.targetClass, term)),
            })
        return found

    shapes = []
    for shape in sorted(set(v.subjects(RDF.type, SH.NodeShape)), key=str):
        constraints = []
        for prop in v.objects(shape, SH.property):
            path = v.value(prop, SH.path)
            detail = ", ".join(f"{site.label(p).split(':')[-1]} {site.label(o)}" for p, o in
                               sorted(v.predicate_objects(prop), key=lambda po: str(po[0]))
                               if p not in (SH.path,) and not isinstance(o, BNode))
            constraints.append((site.value(path, here) if isinstance(path, URIRef) else Value("(a path)"), detail))
        shapes.append({"label": site.label(shape), "id": str(shape).split("#")[-1],
                       "targets": [site.value(c, here) for c in v.objects(shape, SH.targetClass)],
                       "constraints": sorted(constraints, key=lambda c: c[0].text)})
    schemes = []
    for scheme in sorted(set(site.g.subjects(RDF.type, SKOS.ConceptScheme)), key=str):
        concepts = sorted(set(site.g.subjects(SKOS.inScheme, scheme)),
                          key=lambda c: (str(site.g.value(c, SKOS.notation) or ""), site.label(c)))
        schemes.append((site.value(scheme, here), [(str(site.g.value(c, SKOS.notation) or ""), site.value(c, here))
                                                   for c in concepts]))
    ontology = URIRef(ONTOLOGY_IRI)
    site.write(work, here, site.template("ontology.html.j2").render(
        here=here, title=site.label(ontology), comment=str(v.value(ontology, RDFS.comment) or ""),
        classes=terms(OWL.Class), object_properties=terms(OWL.ObjectProperty),
        datatype_properties=terms(OWL.DatatypeProperty), individuals=terms(OWL.NamedIndividual),
        shapes=shapes, schemes=schemes), report)
    site.write(work, "shapes.html", site.template("shapes.html.j2").render(here="shapes.html", shapes=shapes), report)
    site.write(work, "ontology.ttl", ONTOLOGY.read_bytes(), report)
    site.write(work, "shapes.ttl", SHAPES.read_bytes(), report)
    site.write(work, "context.jsonld", JSONLD_CONTEXT.read_bytes(), report)  # the JSON-LD twins' terms


def _downloads(site: Site, g: Graph, work: Path, report: Report) -> list[tuple[str, str, int]]:
    out = []
    for fmt, ext, media in (("turtle", "ttl", "text/turtle"), ("json-ld", "jsonld", "application/ld+json"),
                            ("nt", "nt", "application/n-triples")):
        data = serialize(g, fmt)
        site.write(work, f"downloads/amhe.{ext}", data, report)
        out.append((f"downloads/amhe.{ext}", media, len(data)))
    void = _void(g, out)
    data = serialize(void, "turtle")
    site.write(work, ".well-known/void", data, report)
    site.write(work, "void.ttl", data, report)
    return out


def _void(g: Graph, downloads: Iterable[tuple[str, str, int]]) -> Graph:
    """The dataset's own description (VoID and DCAT), with the site's dumps as its distributions."""
    from rdflib.namespace import DCAT

    out = Graph()
    for prefix, namespace in g.namespaces():
        out.bind(prefix, namespace, override=True)
    for dataset in g.subjects(RDF.type, VOID.Dataset):
        out += g.cbd(dataset)
    main = next((d for d in g.subjects(RDF.type, DCAT.Dataset)), None)
    if main is not None:
        for path, media, size in downloads:
            dump = URIRef(BASE + path)
            out.add((main, VOID.dataDump, dump))
            distribution = URIRef(BASE + path + "#distribution")
            out.add((main, DCAT.distribution, distribution))
            out.add((distribution, RDF.type, DCAT.Distribution))
            out.add((distribution, DCAT.downloadURL, dump))
            out.add((distribution, DCAT.mediaType, URIRef("https://www.iana.org/assignments/media-types/" + media)))
            out.add((distribution, DCAT.byteSize, Literal(size)))
    return out


def _dataset_facts(site: Site, g: Graph, dataset: Any) -> dict[str, Any]:
    if dataset is None:
        return {}
    here = "index.html"

    def one(p: Any) -> str:
        value = g.value(dataset, p)
        return str(value) if value is not None else ""

    source = g.value(dataset, DCTERMS.source)
    return {
        "iri": str(dataset), "page": site.value(dataset, here), "title": one(DCTERMS.title),
        "description": one(DCTERMS.description), "version": one(OWL.versionInfo), "rights": one(DCTERMS.rights),
        "triples": one(VOID.triples), "entities": one(VOID.entities),
        "source": site.value(source, here) if source is not None else None,
        "citation": str(g.value(source, DCTERMS.bibliographicCitation) or "") if source is not None else "",
    }


def _sections(site: Site, g: Graph) -> list[tuple[Value, str]]:
    out = []
    for section in g.subjects(RDF.type, AMHE.SourceSection):
        count = g.value(section, AMHE.derivedEntityCount)
        out.append((site.value(section, "index.html"), str(count) if count is not None else ""))
    return sorted(out, key=lambda s: _section_order(s[0].text))


def _section_order(label: str) -> tuple[int, int, str]:
    head = label.split(":")[0]
    digits = "".join(c for c in head if c.isdigit())
    rank = 0 if head.startswith("Appendix") else 1 if head.startswith("Table") else 2
    return (rank, int(digits) if digits else 0, label)
