"""`amhe describe`: everything the graph says about one entity, found by label, code, abbreviation or IRI."""

from __future__ import annotations

import difflib
import re
from typing import NamedTuple

from ..graph.errors import BadInput
from .engine import Engine, any_of
from .params import NAME_PREDICATES, SKOS, UnknownValue, name_key
from .render import compact, printable
from .terms import Answer, Term, literal, uri

# How telling a name is: a label, then a code or abbreviation, then another name the source uses, then
# one of our search names.
NAME_RANK = {SKOS + "notation": 1, SKOS + "altLabel": 2, SKOS + "hiddenLabel": 3}


class Candidate(NamedTuple):
    """One of the entities a shared name could mean: enough to tell them apart."""

    iri: str
    kind: str
    label: str
    section: str

    def line(self) -> str:
        """One line for stderr, the data's labels made inert for the terminal."""
        return printable(f"{self.kind}: {self.label} ({self.section}) <{self.iri}>")


class AmbiguousName(BadInput):
    def __init__(self, term: str, candidates: list[Candidate]) -> None:
        self.candidates = candidates
        super().__init__(f"{term!r} names {len(candidates)} entities; describe one by its IRI: "
                         + "; ".join(c.line() for c in candidates))


def find(engine: Engine, term: str) -> str:
    """The IRI of the entity ``term`` names; ambiguous or unknown names raise AmbiguousName / UnknownValue."""
    return choose(engine, term)[0]


def choose(engine: Engine, term: str) -> tuple[str, list[Candidate]]:
    """The entity ``term`` names and, when the name is shared, every entity that shares it.

    Of several entities with the name, the one that has it as its label is chosen, else as its code or
    abbreviation, else as another name the source uses, else as a search name; where several have it as
    their label (Black Thrive: the organisation, its service, its Sharing and Learning
    entry and its contribution; the Race Disparity Unit and the Sharing and Learning entry whose parts are
    its work), the one all the others point at (the organisation). Otherwise
    :class:`AmbiguousName` lists them, to be picked by IRI."""
    if re.match(r"^https?://", term.strip()):
        iri = term.strip()
        if engine.select("SELECT ?p WHERE { ?s ?p ?o } LIMIT 1", {"s": uri(iri)}).rows:
            return iri, []
        raise UnknownValue("entity", term, [], "entity")
    wanted = name_key(term)
    # Only names containing the start of the term's longest word can match it, so the engine filters on
    # that first: reading every name costs 1.4 s at 1M triples, this 0.5 s. (The start, because the name
    # rule drops apostrophes and punctuation that the stored name still has.)
    found = [w for w in wanted.split() if w.isascii() and len(w) >= 3]
    rows = _names(engine, max(found, key=len)[:4] if found else None)
    rank: dict[str, int] = {}
    for s, p, name in rows:
        if name_key(name.value) == wanted:
            rank[s.value] = min(rank.get(s.value, 9), NAME_RANK.get(p.value, 0))
    if len(rank) == 1:
        return next(iter(rank)), []
    if not rank:
        rows = _names(engine, None)  # suggestions come from every name
        names = sorted({name.value for _, _, name in rows})
        by_key = {name_key(n): n for n in names}
        close = difflib.get_close_matches(wanted, list(by_key), n=4, cutoff=0.6)
        raise UnknownValue("entity", term, [by_key[c] for c in close], "entity")
    candidates = _candidates(engine, sorted(rank))
    best = min(rank.values())
    chosen = [c for c in candidates if rank[c.iri] == best]
    if len(chosen) > 1 and best == 0:
        pointed_at = [c for c in chosen if all(other is c or _links(engine, other.iri, c.iri) for other in chosen)]
        chosen = pointed_at if len(pointed_at) == 1 else chosen
    if len(chosen) == 1:
        return chosen[0].iri, candidates
    raise AmbiguousName(term, candidates)


def _links(engine: Engine, source: str, target: str) -> bool:
    """``source`` points at ``target``, itself or through one of its parts: the Appendix 8 entry 'Race
    Disparity Unit' is the Cabinet Office's, but its parts (the Race Disparity Audit, the Ethnicity Facts and
    Figures website) are the unit's work, so the entry is about the unit."""
    text = ("SELECT ?p WHERE { { ?a ?p ?b } UNION { ?a <http://purl.org/dc/terms/hasPart> ?part . ?part ?p ?b } } "
            "LIMIT 1")
    return bool(engine.select(text, {"a": uri(source), "b": uri(target)}).rows)


def _candidates(engine: Engine, iris: list[str]) -> list[Candidate]:
    """Kind (class label), label and source section of each entity."""
    text = """SELECT ?type ?section WHERE {
      OPTIONAL { ?s a ?type }
      OPTIONAL { { ?s <http://www.w3.org/ns/prov#wasDerivedFrom> ?section }
                 UNION { ?s <https://schema.org/subjectOf> ?section } }
    }"""
    found = {iri: engine.select(text, {"s": uri(iri)}).rows for iri in iris}
    wanted = set(iris) | {t.value for rows in found.values() for row in rows for t in row if t is not None}
    labels = engine.labels(wanted)
    out = []
    for iri, rows in found.items():
        kinds = sorted({labels.get(r[0].value) or compact(r[0].value) for r in rows if r[0] is not None})
        sections = sorted({labels.get(r[1].value, r[1].value).split(":")[0] for r in rows if r[1] is not None})
        out.append(Candidate(iri, ", ".join(kinds) or "entity", labels.get(iri, iri), ", ".join(sections) or "-"))
    return sorted(out, key=lambda c: (c.kind, c.iri))


def _names(engine: Engine, word: str | None) -> list[tuple[Term | None, ...]]:
    """(entity, predicate, name) for every name of an entity, or only for names containing ``word``."""
    branches = any_of(NAME_PREDICATES, "?name")
    condition = "isIRI(?s) && isLiteral(?name)"
    if word is None:
        return engine.select(f"SELECT DISTINCT ?s ?p ?name WHERE {{ {branches} FILTER({condition}) }}").rows
    text = (f"SELECT DISTINCT ?s ?p ?name WHERE {{ {branches} "
            f"FILTER({condition} && CONTAINS(LCASE(STR(?name)), ?word)) }}")
    return engine.select(text, {"word": literal(word)}).rows


def describe(engine: Engine, term: str) -> Answer:
    """Rows (direction, property, value): what the entity says, then what points at it."""
    iri = uri(term if term.startswith(("http://", "https://")) else find(engine, term))
    out = engine.select("SELECT ?property ?value WHERE { ?entity ?property ?value } ORDER BY ?property ?value",
                        {"entity": iri})
    into = engine.select("SELECT ?property ?value WHERE { ?value ?property ?entity } ORDER BY ?property ?value",
                         {"entity": iri})
    rows: list[tuple[Term | None, ...]] = [(iri, literal("is"), p, v) for p, v in out.rows]
    rows += [(iri, literal("is the object of"), p, v) for p, v in into.rows]
    return Answer(["entity", "direction", "property", "value"], rows)


def framed(engine: Engine, term: str) -> dict:
    """The entity ``term`` names as framed JSON-LD (see :func:`framed_entity`)."""
    return framed_entity(engine, find(engine, term))


def framed_entity(engine: Engine, iri: str) -> dict:
    """The entity as framed JSON-LD (graph/jsonld.py): its properties under the published context's short
    terms, each entity it links to nested with its own properties, one level deep. `amhe describe --format
    json-ld` prints it and the site writes it as the entity's JSON-LD twin: one framing for both."""
    from ..graph.jsonld import frame, node_id

    root = uri(iri)
    rows = engine.select("PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> "
                         "SELECT ?s ?p ?o WHERE { { ?entity ?p ?o BIND(?entity AS ?s) } UNION "
                         "{ ?entity ?link ?s FILTER(isIRI(?s) && ?link != rdf:type) "
                         "?s ?p ?o } }", {"entity": root}).rows
    described: dict[str, list[tuple[str, Term]]] = {}
    for s, p, o in rows:
        if s is not None and p is not None and o is not None:
            described.setdefault(node_id(s), []).append((p.value, o))
    return frame(root.value, described)
