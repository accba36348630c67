"""Turning user input into RDF terms for a question's parameters.

A population, intervention-type, place or organisation value may be a label, a code or
abbreviation, an alternative label or an IRI, matched case-insensitively; an unknown value
raises :class:`UnknownValue` with entities sharing words with it, so the CLI can suggest them. Names
are looked up with a fixed query on whichever engine answers, so this works remotely too.
"""

from __future__ import annotations

import re

from . import Parameter
from .engine import Engine, any_of
from .terms import Term, integer, literal, uri

BASE = "https://w3id.org/amhe/"
NAME_PREDICATES = (
    "http://www.w3.org/2004/02/skos/core#prefLabel",
    "http://www.w3.org/2004/02/skos/core#altLabel",
    "http://www.w3.org/2004/02/skos/core#notation",
    "http://www.w3.org/2000/01/rdf-schema#label",
    "https://w3id.org/amhe/ontology#labelAsPrinted",
    "https://schema.org/name",
)
# How the entities of each kind are found: a fixed graph pattern over ?s, no user input in it.
KIND_PATTERNS = {
    "population": f"?s <http://www.w3.org/2004/02/skos/core#inScheme> <{BASE}scheme/population-characteristics> .",
    "intervention-type": f"?s <http://www.w3.org/2004/02/skos/core#inScheme> <{BASE}scheme/intervention-types> .",
    "place": "{ ?s a <https://schema.org/Place> } UNION { ?s a <https://schema.org/Country> }",
    "organisation": "?s a <https://schema.org/Organization> .",
}
KINDS = tuple(KIND_PATTERNS)


class UnknownValue(ValueError):
    def __init__(self, parameter: str, value: str, suggestions: list[str]) -> None:
        self.parameter, self.value, self.suggestions = parameter, value, suggestions
        hint = f"; did you mean: {', '.join(suggestions)}?" if suggestions else ""
        super().__init__(f"unknown {parameter} {value!r}{hint}")


def name_key(text: str) -> str:
    """How names are compared: any case, any run of spaces."""
    return re.sub(r"\s+", " ", text).strip().casefold()


def names(engine: Engine, kind: str) -> tuple[dict[str, str], dict[str, str]]:
    """({normalised name: IRI}, {IRI: display label}) for every entity of ``kind``."""
    text = f"SELECT ?s ?p ?name WHERE {{ {KIND_PATTERNS[kind]} {any_of(NAME_PREDICATES, '?name')} }}"
    rank = {p: i for i, p in enumerate(NAME_PREDICATES)}
    keys: dict[str, str] = {}
    display: dict[str, tuple[int, str]] = {}
    for s, p, name in sorted(engine.select(text).rows, key=lambda r: (rank[r[1].value], r[0].value, r[2].value)):
        keys.setdefault(name_key(name.value), s.value)
        keys.setdefault(name_key(s.value), s.value)
        keys.setdefault(name_key(s.value.rsplit("/", 1)[1]), s.value)
        if p.value != NAME_PREDICATES[2] and (s.value not in display or rank[p.value] < display[s.value][0]):
            display[s.value] = (rank[p.value], name.value)
    return keys, {s: label for s, (_, label) in display.items()}


def resolve(engine: Engine, parameter: str, kind: str, value: str) -> Term:
    keys, display = names(engine, kind)
    hit = keys.get(name_key(value))
    if hit is not None:
        return uri(hit)
    raise UnknownValue(parameter, value, suggestions(engine, kind, value, display))


def suggestions(engine: Engine, kind: str, value: str, display: dict[str, str]) -> list[str]:
    """Entities of ``kind`` sharing words with ``value`` (any word form, case, accents), best first: from
    the search index built with the embedded store, or for an endpoint from its names (queries/search.py)."""
    from .search import index_for_store, suggest

    store = getattr(engine, "path", None)
    return suggest(index_for_store(store) if store is not None else None, [kind], value, display)


def bind(engine: Engine, parameter: Parameter, value: str) -> Term:
    """The RDF term for ``value`` of ``parameter``."""
    if parameter.type in KIND_PATTERNS:
        return resolve(engine, parameter.name, parameter.type, value)
    if parameter.type == "integer":
        if not re.fullmatch(r"-?[0-9]+", value.strip()):
            raise ValueError(f"{parameter.name} must be a whole number, got {value!r}")
        return integer(int(value))
    return literal(value)
