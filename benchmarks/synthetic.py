"""A synthetic graph shaped like the real one, at any size.

Copy ``i`` of every instance-level entity (interventions, references, services, barriers,
solutions, claims, initiatives, examples, guidance ...) gets its IRI suffixed with ``-s{i}``;
taxonomies, schemes, source sections, organisations, places, the ontology and the dataset
description stay shared, so every copy links to the same concepts and passes the same shapes.
"""

from __future__ import annotations

from collections.abc import Iterator

from rdflib import Graph, URIRef

BASE = "https://w3id.org/amhe/"
COPIED_KINDS = ("intervention", "service", "claim", "award", "barrier", "solution",
                "coproduction-practice", "lived-experience", "initiative", "guidance", "contribution", "resource",
                "citation", "country-count", "quotation", "programme", "duty")
SKIPPED_KINDS = ("audit", "count", "dataset")


def kind(node: object) -> str | None:
    text = str(node)
    if isinstance(node, URIRef) and text.startswith(BASE):
        return text[len(BASE):].split("/", 1)[0]
    return None


def instance_triples(g: Graph) -> list[tuple]:
    """The triples that belong to copied entities (as subject), without audit, counts or dataset."""
    return [t for t in g if kind(t[0]) in COPIED_KINDS]


def copies(template: list[tuple], n: int) -> Iterator[tuple]:
    for i in range(1, n + 1):
        suffix = f"-s{i}"
        for s, p, o in template:
            s2 = URIRef(f"{s}{suffix}")
            o2 = URIRef(f"{o}{suffix}") if kind(o) in COPIED_KINDS else o
            yield s2, p, o2


def scaled(g: Graph, target_triples: int) -> Graph:
    """The real graph plus as many synthetic copies as bring it to about ``target_triples``."""
    template = instance_triples(g)
    n = max(0, round((target_triples - len(g)) / max(1, len(template))))
    out = Graph()
    out += g
    for triple in copies(template, n):
        out.add(triple)
    return out


def partitions(g: Graph, template_size: int) -> Iterator[Graph]:
    """The graph cut into partitions of one synthetic copy each (plus the shared part), for validation."""
    shared = Graph()
    by_copy: dict[str, Graph] = {}
    for s, p, o in g:
        text = str(s)
        suffix = text.rsplit("-s", 1)[1] if kind(s) in COPIED_KINDS and "-s" in text.rsplit("/", 1)[-1] else ""
        if suffix.isdigit():
            by_copy.setdefault(suffix, Graph()).add((s, p, o))
        else:
            shared.add((s, p, o))
    yield shared
    for part in by_copy.values():
        part += shared
        yield part
