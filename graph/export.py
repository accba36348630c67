"""Deterministic serialisations of the graph, written all-or-nothing.

Turtle comes sorted from rdflib; N-Triples are sorted line by line; JSON-LD is compacted
with the context shipped in ``ontology/context.jsonld`` (never a remote one) and its
nodes and values sorted, so the same graph always gives the same bytes.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from rdflib import Graph

from . import JSONLD_CONTEXT
from .atomic import atomic_write

FORMATS = {"turtle": ".ttl", "json-ld": ".jsonld", "nt": ".nt"}


def jsonld_context() -> dict[str, Any]:
    return json.loads(JSONLD_CONTEXT.read_text(encoding="utf-8"))["@context"]


def _sorted(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: (v if k == "@list" else _sorted(v)) for k, v in value.items()}
    if isinstance(value, list):
        items = [_sorted(v) for v in value]
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    return value


def serialize(g: Graph, fmt: str) -> bytes:
    if fmt == "turtle":
        return g.serialize(format="turtle", encoding="utf-8")
    if fmt == "nt":
        lines = g.serialize(format="nt", encoding="utf-8").decode("utf-8").splitlines()
        return ("\n".join(sorted(line for line in lines if line.strip())) + "\n").encode("utf-8")
    if fmt == "json-ld":
        context = jsonld_context()
        raw = json.loads(g.serialize(format="json-ld", context=context, auto_compact=True))
        nodes = raw.get("@graph", [raw] if "@id" in raw else [])
        doc = {"@context": context, "@graph": _sorted([{k: v for k, v in n.items() if k != "@context"}
                                                       for n in nodes])}
        return (json.dumps(doc, indent=1, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")
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
