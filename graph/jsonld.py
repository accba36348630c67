"""JSON-LD that a web developer can use: compacted with the published context, and framed per entity.

``ontology/context.jsonld`` gives every property the graph uses a short term (``label``, ``broader``,
``derivedFrom`` ...), says which take IRIs, which carry a language and which can repeat (``@set``: then
the value is always a list). Compacting here is a direct mapping, predicate to term, because every
predicate has exactly one term: IRIs become plain strings, integers and booleans native JSON values,
language-tagged strings and datatyped values whose kind the term declares become plain strings, and only
a value of another kind keeps a ``{"@value": ...}`` object. The tests expand the result with pyld and
jsonld.js and compare the triples with the graph.

No rdflib here: the answering path (``amhe describe --format json-ld``) uses it on query answers. Values
are anything with ``kind`` ("uri", "bnode", "literal"), ``value``, ``datatype`` and ``lang``, such as
:class:`amhe.queries.terms.Term`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import lru_cache
from typing import Any, NamedTuple, Protocol

from ..loaders.namespaces import RDF_TYPE, XSD
from . import JSONLD_CONTEXT

NATIVE = {XSD + "integer", XSD + "boolean"}  # JSON numbers and booleans read back as these


class Term(NamedTuple):
    """A plain value (the export builds these from rdflib terms)."""

    kind: str
    value: str
    datatype: str | None = None
    lang: str | None = None


class Value(Protocol):
    kind: str
    value: str
    datatype: str | None
    lang: str | None


class TermDefinition(NamedTuple):
    name: str
    coerce: str | None  # "@id", a datatype IRI, or None
    language: str | None
    repeats: bool


@lru_cache(maxsize=1)
def context() -> dict[str, Any]:
    """The published context (the value of its ``@context``)."""
    return json.loads(JSONLD_CONTEXT.read_text(encoding="utf-8"))["@context"]


def _expand(curie: str, prefixes: dict[str, str]) -> str:
    prefix, _, local = curie.partition(":")
    return prefixes[prefix] + local if prefix in prefixes and not local.startswith("//") else curie


@lru_cache(maxsize=1)
def terms() -> dict[str, TermDefinition]:
    """Predicate IRI -> its term in the context."""
    ctx = context()
    prefixes = {k: v for k, v in ctx.items() if isinstance(v, str) and not v.startswith("@")}
    out = {}
    for name, d in ctx.items():
        if isinstance(d, dict) and not d.get("@id", "@").startswith("@"):
            coerce = d.get("@type")
            out[_expand(d["@id"], prefixes)] = TermDefinition(
                name, coerce if coerce in (None, "@id") else _expand(coerce, prefixes), d.get("@language"),
                d.get("@container") == "@set")
    return out


def compact_iri(iri: str) -> str:
    """``prefix:local`` where a prefix of the context covers the IRI, else the IRI."""
    best = ""
    for prefix, namespace in context().items():
        if isinstance(namespace, str) and iri.startswith(namespace) and len(namespace) > len(best):
            best, name = namespace, prefix
    return f"{name}:{iri[len(best):]}" if best else iri


def _value(v: Value, term: TermDefinition | None) -> Any:
    if v.kind in ("uri", "bnode"):
        ref = v.value if v.kind == "uri" else f"_:{v.value}"
        return ref if term and term.coerce == "@id" else {"@id": ref}
    if v.lang:
        return v.value if term and term.language == v.lang else {"@value": v.value, "@language": v.lang}
    datatype = v.datatype or XSD + "string"
    if term and term.coerce == datatype:
        return v.value
    if datatype in NATIVE and (term is None or term.coerce is None):
        if datatype == XSD + "boolean" and v.value in ("true", "false"):
            return v.value == "true"
        if datatype == XSD + "integer" and v.value.lstrip("-").isdigit() and str(int(v.value)) == v.value:
            return int(v.value)
    if datatype == XSD + "string":
        return v.value if term is None or (term.coerce is None and term.language is None) else {"@value": v.value}
    return {"@value": v.value, "@type": compact_iri(datatype)}


def _key(item: Any) -> str:
    return json.dumps(item, sort_keys=True, ensure_ascii=False)


def node_id(v: Value) -> str:
    return v.value if v.kind == "uri" else f"_:{v.value}"


def node(subject: str, pairs: Iterable[tuple[str, Value]]) -> dict[str, Any]:
    """One node object: ``subject`` (an IRI or ``_:label``) with its (predicate IRI, value) pairs, keys
    and values sorted."""
    by_key: dict[str, list[Any]] = {}
    single: set[str] = set()
    for predicate, v in pairs:
        if predicate == RDF_TYPE and v.kind == "uri":
            by_key.setdefault("type", []).append(compact_iri(v.value))
            continue
        term = terms().get(predicate)
        key = term.name if term else compact_iri(predicate)
        if term is None or not term.repeats:
            single.add(key)
        by_key.setdefault(key, []).append(_value(v, term))
    out: dict[str, Any] = {"id": subject}
    for key in sorted(by_key):
        values = sorted(by_key[key], key=_key)
        out[key] = values[0] if key in single and len(values) == 1 else values
    return out


def document(nodes: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """A JSON-LD document with the context inline (nothing remote), its nodes sorted by id."""
    return {"@context": context(), "@graph": sorted(nodes, key=lambda n: _key(n["id"]))}


def frame(root: str, described: dict[str, list[tuple[str, Value]]]) -> dict[str, Any]:
    """The framed form of one entity: its node, with each entity it links to (types aside) nested in place
    of the link, one level deep, where ``described`` holds that entity's pairs. Every kind of entity is
    framed the same way: an intervention nests its types, populations and references, a service its
    places, providers and outcomes."""
    nested = {subject: node(subject, pairs) for subject, pairs in described.items() if subject != root}
    out = node(root, described.get(root, []))
    for key, values in list(out.items()):
        if key in ("id", "type"):
            continue
        items = values if isinstance(values, list) else [values]
        embedded = [nested.get(v if isinstance(v, str) else v.get("@id"), v) if _is_ref(v, key) else v
                    for v in items]
        out[key] = embedded if isinstance(values, list) else embedded[0]
    return {"@context": context(), **out}


def _is_ref(v: Any, key: str) -> bool:
    term = next((t for t in terms().values() if t.name == key), None)
    return (isinstance(v, str) and term is not None and term.coerce == "@id") or (isinstance(v, dict) and "@id" in v)
