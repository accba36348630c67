"""Deterministic serialisations of the graph, written all-or-nothing.

Turtle comes sorted from rdflib; N-Triples are sorted line by line; JSON-LD is compacted
(graph/jsonld.py) with the context published in ``ontology/context.jsonld``, inline (never a
remote one), its nodes and values sorted, so the same graph always gives the same bytes.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from rdflib import BNode, Graph, URIRef

from . import EXPORT_FORMATS, JSONLD_CONTEXT, jsonld
from .atomic import atomic_write

FORMATS = EXPORT_FORMATS


def jsonld_context() -> dict[str, Any]:
    return json.loads(JSONLD_CONTEXT.read_text(encoding="utf-8"))["@context"]


def value(term: Any) -> jsonld.Term:
    """An rdflib term as the plain value graph/jsonld.py compacts."""
    if isinstance(term, URIRef):
        return jsonld.Term("uri", str(term))
    if isinstance(term, BNode):
        return jsonld.Term("bnode", str(term))
    return jsonld.Term("literal", str(term), str(term.datatype) if term.datatype else None, term.language)


def _by_subject(g: Graph) -> dict[Any, list[tuple[Any, Any]]]:
    out: dict[Any, list[tuple[Any, Any]]] = {}
    for s, p, o in g:
        out.setdefault(s, []).append((p, o))
    return out


def serialize(g: Graph, fmt: str) -> bytes:
    if fmt == "turtle":
        return g.serialize(format="turtle", encoding="utf-8")
    if fmt == "nt":
        lines = g.serialize(format="nt", encoding="utf-8").decode("utf-8").splitlines()
        return ("\n".join(sorted(line for line in lines if line.strip())) + "\n").encode("utf-8")
    if fmt == "json-ld":
        doc = jsonld.document(jsonld.node(jsonld.node_id(value(s)), [(str(p), value(o)) for p, o in pairs])
                              for s, pairs in _by_subject(g).items())
        return (json.dumps(doc, indent=1, ensure_ascii=False) + "\n").encode("utf-8")
    raise ValueError(f"unknown export format {fmt!r} (choose from {', '.join(FORMATS)})")


def export(g: Graph, fmt: str, path: Path) -> int:
    """Serialise first, then write atomically: a failure leaves an existing file untouched.
    ``-`` writes to standard output."""
    data = serialize(g, fmt)
    if str(path) == "-":
        import sys

        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return len(data)
    atomic_write(Path(path), data)
    return len(data)


def parse(path: Path, fmt: str) -> Graph:
    """Read an export back (JSON-LD with its inline context only; nothing is fetched)."""
    return Graph().parse(Path(path), format=fmt)
