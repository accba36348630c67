"""Turning user input into RDF terms for a question's parameters.

A population or intervention-type value may be a label, a code/abbreviation, an alternative
label or an IRI, matched case-insensitively; an unknown value raises :class:`UnknownValue`
with the closest matches, so the CLI can suggest them.
"""

from __future__ import annotations

import difflib
import re

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS, XSD

from ..loaders.vocab import AMHE, SCHEMA, iri
from . import Parameter

SCHEMES = {
    "population": iri("scheme", "population-characteristics"),
    "intervention-type": iri("scheme", "intervention-types"),
}
CLASSES = {
    "place": (SCHEMA.Place, SCHEMA.Country),
    "organisation": (SCHEMA.Organization,),
}
KINDS = tuple(SCHEMES) + tuple(CLASSES)


class UnknownValue(ValueError):
    def __init__(self, parameter: str, value: str, suggestions: list[str]) -> None:
        self.parameter, self.value, self.suggestions = parameter, value, suggestions
        hint = f"; did you mean: {', '.join(suggestions)}?" if suggestions else ""
        super().__init__(f"unknown {parameter} {value!r}{hint}")


def _key(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()


def candidates(g: Graph, kind: str) -> list[URIRef]:
    if kind in SCHEMES:
        return sorted(g.subjects(SKOS.inScheme, SCHEMES[kind]))
    return sorted({s for cls in CLASSES[kind] for s in g.subjects(RDF.type, cls)})


def names(g: Graph, kind: str) -> dict[str, URIRef]:
    """Every name an entity of ``kind`` answers to (label, code, abbreviation, IRI), normalised, to its IRI."""
    out: dict[str, URIRef] = {}
    for concept in candidates(g, kind):
        out[_key(str(concept))] = concept
        out[_key(str(concept).rsplit("/", 1)[1])] = concept
        for predicate in (SKOS.prefLabel, SKOS.altLabel, SKOS.notation, RDFS.label, AMHE.labelAsPrinted,
                          SCHEMA.name):
            for value in g.objects(concept, predicate):
                out.setdefault(_key(str(value)), concept)
    return out


def resolve_concept(g: Graph, parameter: str, kind: str, value: str) -> URIRef:
    known = names(g, kind)
    hit = known.get(_key(value))
    if hit is not None:
        return hit
    labels = sorted({str(g.value(c, SKOS.prefLabel) or g.value(c, RDFS.label)) for c in known.values()})
    by_key = {_key(label): label for label in labels}
    close = difflib.get_close_matches(_key(value), list(by_key), n=4, cutoff=0.5)
    raise UnknownValue(parameter, value, [by_key[c] for c in close])


def bind(g: Graph, parameter: Parameter, value: str) -> URIRef | Literal:
    """The RDF term for ``value`` of ``parameter``."""
    if parameter.type in KINDS:
        return resolve_concept(g, parameter.name, parameter.type, value)
    if parameter.type == "integer":
        if not re.fullmatch(r"-?[0-9]+", value.strip()):
            raise ValueError(f"{parameter.name} must be a whole number, got {value!r}")
        return Literal(int(value), datatype=XSD.integer)
    return Literal(value)


__all__ = ["UnknownValue", "bind", "names", "resolve_concept"]
