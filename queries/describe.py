"""`amhe describe`: everything the graph says about one entity, found by label, code, abbreviation or IRI."""

from __future__ import annotations

import difflib
import re

from .engine import Engine, any_of
from .params import NAME_PREDICATES, UnknownValue, name_key
from .terms import Answer, Term, literal, uri


def find(engine: Engine, term: str) -> str:
    """The IRI of the entity ``term`` names; ambiguous or unknown names raise ValueError / UnknownValue."""
    if re.match(r"^https?://", term.strip()):
        iri = term.strip()
        if engine.select("SELECT ?p WHERE { ?s ?p ?o } LIMIT 1", {"s": uri(iri)}).rows:
            return iri
        raise UnknownValue("entity", term, [])
    wanted = name_key(term)
    # Only names containing the term's longest ASCII word can match it (any case, any spacing), so the
    # engine filters on that word first: reading every name costs 1.4 s at 1M triples, this 0.5 s.
    words = sorted(re.findall(r"[a-z0-9]+", wanted), key=len)
    rows = _names(engine, words[-1] if words else None)
    matches = sorted({s.value for s, name in rows if name_key(name.value) == wanted})
    if len(matches) == 1:
        return matches[0]
    if not matches:
        rows = _names(engine, None)  # suggestions come from every name
        names = sorted({name.value for _, name in rows})
        by_key = {name_key(n): n for n in names}
        close = difflib.get_close_matches(wanted, list(by_key), n=4, cutoff=0.6)
        raise UnknownValue("entity", term, [by_key[c] for c in close])
    raise ValueError(f"{term!r} names {len(matches)} entities; describe one by its IRI: {', '.join(matches)}")


def _names(engine: Engine, word: str | None) -> list[tuple[Term | None, ...]]:
    """(entity, name) for every name of an entity, or only for names containing ``word`` (lower case)."""
    branches = any_of(NAME_PREDICATES, "?name")
    condition = "isIRI(?s) && isLiteral(?name)"
    if word is None:
        return engine.select(f"SELECT DISTINCT ?s ?name WHERE {{ {branches} FILTER({condition}) }}").rows
    text = f"SELECT DISTINCT ?s ?name WHERE {{ {branches} FILTER({condition} && CONTAINS(LCASE(STR(?name)), ?word)) }}"
    return engine.select(text, {"word": literal(word)}).rows


def describe(engine: Engine, term: str) -> Answer:
    """Rows (direction, property, value): what the entity says, then what points at it."""
    iri = uri(find(engine, term))
    out = engine.select("SELECT ?property ?value WHERE { ?entity ?property ?value } ORDER BY ?property ?value",
                        {"entity": iri})
    into = engine.select("SELECT ?property ?value WHERE { ?value ?property ?entity } ORDER BY ?property ?value",
                         {"entity": iri})
    rows: list[tuple[Term | None, ...]] = [(iri, literal("is"), p, v) for p, v in out.rows]
    rows += [(iri, literal("is the object of"), p, v) for p, v in into.rows]
    return Answer(["entity", "direction", "property", "value"], rows)


def framed(engine: Engine, term: str) -> dict:
    """The entity as framed JSON-LD (graph/jsonld.py): its properties under the published context's short
    terms, each entity it links to nested with its own properties, one level deep."""
    from ..graph.jsonld import frame, node_id

    root = uri(find(engine, term))
    rows = engine.select("PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> "
                         "SELECT ?s ?p ?o WHERE { { ?entity ?p ?o BIND(?entity AS ?s) } UNION "
                         "{ ?entity ?link ?s FILTER(isIRI(?s) && ?link != rdf:type) "
                         "?s ?p ?o } }", {"entity": root}).rows
    described: dict[str, list[tuple[str, Term]]] = {}
    for s, p, o in rows:
        if s is not None and p is not None and o is not None:
            described.setdefault(node_id(s), []).append((p.value, o))
    return frame(root.value, described)
