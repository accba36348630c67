"""Engines that answer SPARQL: the embedded Oxigraph store, rdflib, or any SPARQL 1.1 endpoint.

All three take a query and RDF-term bindings and return an :class:`Answer` of plain terms.
Oxigraph (pyoxigraph) is the default for answering: measured against rdflib's engine it
opens the cached store in milliseconds and answers orders of magnitude faster (see
benchmarks/RESULTS.md). rdflib stays the reference engine the tests compare it with.
"""

from __future__ import annotations

import time
from abc import ABC, abstractmethod
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from .terms import RDF_LANGSTRING, XSD, Answer, Term, from_json

XSD_STRING = XSD + "string"
LABEL_PREDICATES = (
    "http://www.w3.org/2004/02/skos/core#prefLabel",
    "http://www.w3.org/2000/01/rdf-schema#label",
    "https://schema.org/name",
)


def any_of(predicates: Iterable[str], value: str) -> str:
    """``?s`` has ``value`` (a variable) through any of ``predicates``, with the one it used as ``?p``.

    One UNION branch per predicate keeps every lookup keyed by subject or value: with the predicates
    in a VALUES block Oxigraph scans every such triple first (725 ms to resolve one parameter and
    3.6 s to label 1,000 IRIs at 1M triples, against 1-2 ms and 21 ms)."""
    return " UNION ".join(f"{{ ?s <{p}> {value} BIND(<{p}> AS ?p) }}" for p in predicates)


class EngineError(Exception):
    """The engine could not answer (the message is one line, fit for stderr)."""


class Engine(ABC):
    name = "engine"

    @abstractmethod
    def select(self, text: str, bindings: Mapping[str, Term] | None = None) -> Answer:
        """Answer a SELECT or ASK query, parameters bound as RDF terms the engine's own safe way."""

    def labels(self, iris: Iterable[str]) -> dict[str, str]:
        """A readable label for each IRI that has one (skos:prefLabel, rdfs:label or schema:name)."""
        wanted = sorted(set(iris))
        out: dict[str, str] = {}
        for start in range(0, len(wanted), 200):
            chunk = wanted[start:start + 200]
            values = " ".join(Term("uri", i).n3() for i in chunk)
            text = (f"SELECT ?s ?p ?label WHERE {{ VALUES ?s {{ {values} }} {any_of(LABEL_PREDICATES, '?label')} "
                    "FILTER(isLiteral(?label)) }")
            found: dict[str, dict[str, str]] = {}
            for s, p, label in self.select(text).rows:
                found.setdefault(s.value, {}).setdefault(p.value, label.value)
            for s, by_predicate in found.items():
                out[s] = next(by_predicate[p] for p in LABEL_PREDICATES if p in by_predicate)
        return out


def _from_oxigraph(term: Any) -> Term | None:
    import pyoxigraph

    if term is None:
        return None
    if isinstance(term, pyoxigraph.NamedNode):
        return Term("uri", term.value)
    if isinstance(term, pyoxigraph.BlankNode):
        return Term("bnode", term.value)
    datatype = term.datatype.value if term.datatype is not None else None
    if datatype in (RDF_LANGSTRING, XSD_STRING):  # implied by a language tag or by a simple literal
        datatype = None
    return Term("literal", term.value, datatype, term.language)


class OxigraphEngine(Engine):
    """The cached graph in an embedded Oxigraph store, opened read-only."""

    name = "oxigraph"

    def __init__(self, path: Path | None = None, store: Any = None) -> None:
        import pyoxigraph

        self.store = store if store is not None else pyoxigraph.Store.read_only(str(path))
        self.path = path  # the cached store's folder, beside which the search index lies

    def select(self, text: str, bindings: Mapping[str, Term] | None = None) -> Answer:
        import pyoxigraph

        from .run import with_values

        # pyoxigraph's substitutions only bind projected variables, so parameters go in as a VALUES block
        # built from terms (see run.with_values), which binds them anywhere in the outer WHERE group.
        try:
            result = self.store.query(with_values(text, bindings or {}))
        except SyntaxError as exc:
            raise EngineError(f"SPARQL syntax error: {exc}") from None
        except (RuntimeError, OSError) as exc:
            raise EngineError(f"the query failed: {exc}") from None
        if isinstance(result, pyoxigraph.QueryBoolean):
            return Answer.ask(bool(result))
        if not isinstance(result, pyoxigraph.QuerySolutions):
            raise EngineError("only SELECT and ASK queries give a table of answers")
        names = [v.value for v in result.variables]
        rows = [tuple(_from_oxigraph(solution[i]) for i in range(len(names))) for solution in result]
        return Answer(names, rows)


class RdflibEngine(Engine):
    """An rdflib graph, with parameters bound through initBindings: the reference engine."""

    name = "rdflib"

    def __init__(self, graph: Any) -> None:
        self.graph = graph

    def select(self, text: str, bindings: Mapping[str, Term] | None = None) -> Answer:
        from rdflib import BNode, Literal, URIRef

        def to_rdflib(t: Term) -> Any:
            if t.kind == "uri":
                return URIRef(t.value)
            return Literal(t.value, lang=t.lang, datatype=None if t.lang else t.datatype and URIRef(t.datatype))

        def from_rdflib(t: Any) -> Term | None:
            if t is None:
                return None
            if isinstance(t, URIRef):
                return Term("uri", str(t))
            if isinstance(t, BNode):
                return Term("bnode", str(t))
            return Term("literal", str(t), str(t.datatype) if t.datatype else None, t.language)

        result = self.graph.query(text, initBindings={k: to_rdflib(v) for k, v in (bindings or {}).items()})
        if result.type == "ASK":
            return Answer.ask(bool(result.askAnswer))
        names = [str(v) for v in result.vars]
        return Answer(names, [tuple(from_rdflib(t) for t in row) for row in result])


RETRY_STATUSES = (429, 503)


class RemoteEngine(Engine):
    """Any SPARQL 1.1 endpoint, through SPARQLWrapper, with an overall deadline per request.

    Parameters travel as a VALUES block built from terms. Reads are retried with backoff on
    429 and 503 only; every other failure is one line on stderr and exit status 3.
    """

    name = "remote"

    def __init__(self, endpoint: str, timeout: float = 30.0, retries: int = 3, backoff: float = 0.5) -> None:
        self.endpoint = endpoint
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff

    def select(self, text: str, bindings: Mapping[str, Term] | None = None) -> Answer:
        from .run import with_values

        query = with_values(text, bindings or {})
        deadline = time.monotonic() + self.timeout
        for attempt in range(self.retries + 1):
            try:
                answer = self._request(query, deadline)
                return answer
            except _Retry as exc:  # raised by _request for 429 and 503
                wait = self.backoff * (2 ** attempt)
                if attempt == self.retries or time.monotonic() + wait >= deadline:
                    raise EngineError(f"endpoint {self.endpoint} answered HTTP {exc.status} "
                                      f"({'rate limited' if exc.status == 429 else 'unavailable'}) after "
                                      f"{attempt + 1} attempts") from None
                time.sleep(wait)
        raise EngineError(f"endpoint {self.endpoint} did not answer")  # pragma: no cover

    def _request(self, query: str, deadline: float) -> Answer:
        import json
        import threading

        from SPARQLWrapper import JSON, POST, SPARQLWrapper

        remaining = deadline - time.monotonic()
        wrapper = SPARQLWrapper(self.endpoint)
        # Header comments are for people; SPARQLWrapper guesses the query form from the text and can take
        # a word of a comment for an update keyword, which it would then POST as an update.
        wrapper.setQuery("\n".join(line for line in query.splitlines() if not line.lstrip().startswith("#")))
        if wrapper.isSparqlUpdateRequest():  # never: updates are refused before they get here
            wrapper.queryType = "SELECT"
        wrapper.setMethod(POST)
        wrapper.setReturnFormat(JSON)
        wrapper.setTimeout(max(1, int(remaining) + 1))  # per read only; the thread join below is the deadline
        outcome: dict[str, Any] = {}

        def work() -> None:
            try:
                response = wrapper.query().response
                outcome["ok"] = (response.headers.get("Content-Type", ""), response.read())
            except BaseException as exc:  # handed to the calling thread
                outcome["error"] = exc

        worker = threading.Thread(target=work, daemon=True)
        worker.start()
        worker.join(max(0.0, remaining))
        if worker.is_alive():
            raise EngineError(f"endpoint {self.endpoint} did not answer within {self.timeout:g} s")
        if "error" in outcome:
            raise self._failure(outcome["error"])
        content_type, body = outcome["ok"]
        if "json" not in content_type.lower():
            raise EngineError(f"endpoint {self.endpoint} sent {content_type.split(';')[0] or 'no content type'} "
                              "where SPARQL JSON results were expected")
        try:
            doc = json.loads(body)
            if "boolean" in doc:
                return Answer.ask(bool(doc["boolean"]))
            names = doc["head"]["vars"]
            rows = [tuple(from_json(b[n]) if n in b else None for n in names) for b in doc["results"]["bindings"]]
        except (ValueError, KeyError, TypeError):
            raise EngineError(f"endpoint {self.endpoint} sent something that is not SPARQL JSON results") from None
        return Answer(names, rows)

    def _failure(self, exc: BaseException) -> Exception:
        import socket
        import urllib.error

        from SPARQLWrapper import SPARQLExceptions as errors

        statuses = [(errors.QueryBadFormed, 400), (errors.Unauthorized, 401), (errors.EndPointNotFound, 404),
                    (errors.URITooLong, 414), (errors.EndPointInternalError, 500)]
        for cls, status in statuses:
            if isinstance(exc, cls):
                return EngineError(f"endpoint {self.endpoint} answered HTTP {status}{_reason(status)}")
        if isinstance(exc, urllib.error.HTTPError):
            if exc.code in RETRY_STATUSES:
                return _Retry(exc.code)
            return EngineError(f"endpoint {self.endpoint} answered HTTP {exc.code}{_reason(exc.code)}")
        if isinstance(exc, urllib.error.URLError):
            return EngineError(f"cannot reach endpoint {self.endpoint}: {exc.reason}")
        if isinstance(exc, (TimeoutError, socket.timeout)):
            return EngineError(f"endpoint {self.endpoint} did not answer within {self.timeout:g} s")
        if isinstance(exc, OSError):
            return EngineError(f"cannot reach endpoint {self.endpoint}: {exc}")
        return EngineError(f"endpoint {self.endpoint} failed: {exc.__class__.__name__}: {exc}")


class _Retry(Exception):
    def __init__(self, status: int) -> None:
        self.status = status


def _reason(status: int) -> str:
    return {400: " (bad request: the query was refused)", 401: " (unauthorised)", 403: " (forbidden)",
            404: " (not found: is the URL the query endpoint?)", 414: " (URI too long)",
            500: " (internal server error)", 502: " (bad gateway)"}.get(status, "")
