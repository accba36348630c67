"""Engines that answer SPARQL: the embedded Oxigraph store, rdflib, or any SPARQL 1.1 endpoint.

All three take a query and RDF-term bindings and return an :class:`Answer` of plain terms.
Oxigraph (pyoxigraph) is the default for answering: measured against rdflib's engine it
opens the cached store in milliseconds and answers orders of magnitude faster (see
benchmarks/RESULTS.md). rdflib stays the reference engine the tests compare it with.
"""

from __future__ import annotations

import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from ..graph.errors import EngineError
from ..loaders.namespaces import LABEL_PREDICATES
from .binding import with_values
from .terms import RDF_LANGSTRING, XSD, Answer, Term

XSD_STRING = XSD + "string"


def any_of(predicates: Iterable[str], value: str) -> str:
    """``?s`` has ``value`` (a variable) through any of ``predicates``, with the one it used as ``?p``.

    One UNION branch per predicate keeps every lookup keyed by subject or value: with the predicates
    in a VALUES block Oxigraph scans every such triple first (725 ms to resolve one parameter and
    3.6 s to label 1,000 IRIs at 1M triples, against 1-2 ms and 21 ms)."""
    return " UNION ".join(f"{{ ?s <{p}> {value} BIND(<{p}> AS ?p) }}" for p in predicates)


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

        # pyoxigraph's substitutions only bind projected variables, so parameters go in as a VALUES block
        # built from terms (see binding.with_values), which binds them anywhere in the outer WHERE group.
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


def _open_rdflib(store: Path) -> RdflibEngine:
    """rdflib over the cached N-Triples that lie beside the cached store (graph-KEY.nt beside store-KEY)."""
    from rdflib import Graph

    nt = store.parent / store.name.replace("store-", "graph-", 1)
    return RdflibEngine(Graph().parse(f"{nt}.nt", format="nt"))


# The embedded engines `amhe sparql --engine` offers, each opened on the cached store: a new one is one
# entry here. (A remote endpoint is chosen with --endpoint instead.)
EMBEDDED_ENGINES: dict[str, Callable[[Path], Engine]] = {
    "oxigraph": OxigraphEngine,
    "rdflib": _open_rdflib,
}


RETRY_STATUSES = (429, 503)
MAX_ANSWER_BYTES = 32 * 2**20


class RemoteEngine(Engine):
    """Any SPARQL 1.1 endpoint, over HTTP POST, with an overall deadline per request.

    A strict client: it asks for SPARQL results JSON (XML as the one fallback), reads at most
    ``max_bytes`` of an answer and stops reading at the deadline, checks the answer against the
    query's form and projected variables, follows a redirect only to the same host and only when the
    method is kept (307, 308), and shows the first line of the server's own message on an HTTP error.
    Parameters travel as a VALUES block built from terms. Reads are retried with backoff on 429 and
    503 only; every other failure is one line on stderr and exit status 3.
    """

    name = "remote"

    def __init__(self, endpoint: str, timeout: float = 30.0, retries: int = 3, backoff: float = 0.5,
                 max_bytes: int = MAX_ANSWER_BYTES) -> None:
        self.endpoint = endpoint
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self.max_bytes = max_bytes

    def select(self, text: str, bindings: Mapping[str, Term] | None = None) -> Answer:
        from .results import query_form

        query = with_values(text, bindings or {})
        form = query_form(query)
        deadline = time.monotonic() + self.timeout
        for attempt in range(self.retries + 1):
            try:
                answer = self._request(query, form, deadline)
                return answer
            except _Retry as exc:  # raised by _request for 429 and 503
                wait = self.backoff * (2 ** attempt)
                if attempt == self.retries or time.monotonic() + wait >= deadline:
                    raise EngineError(f"endpoint {self.endpoint} answered HTTP {exc.status} "
                                      f"({'rate limited' if exc.status == 429 else 'unavailable'}) after "
                                      f"{attempt + 1} attempts{exc.said}") from None
                time.sleep(wait)
        raise EngineError(f"endpoint {self.endpoint} did not answer")  # pragma: no cover

    def _read(self, response: Any, deadline: float) -> bytes:
        """The body, at most ``max_bytes`` of it, read before the deadline."""
        length = response.headers.get("Content-Length")
        if length and length.isdigit() and int(length) > self.max_bytes:
            raise _TooLarge()
        chunks, size = [], 0
        while True:
            if time.monotonic() > deadline:
                raise TimeoutError()
            chunk = response.read(65536)
            if not chunk:
                return b"".join(chunks)
            size += len(chunk)
            if size > self.max_bytes:
                raise _TooLarge()
            chunks.append(chunk)

    def _request(self, query: str, form: Any, deadline: float) -> Answer:
        import threading
        import urllib.error
        import urllib.parse
        import urllib.request

        from .results import ACCEPT, BadAnswer, parse_answer

        remaining = deadline - time.monotonic()
        request = urllib.request.Request(
            self.endpoint, data=urllib.parse.urlencode({"query": query}).encode("utf-8"), method="POST",
            headers={"Accept": ACCEPT, "Content-Type": "application/x-www-form-urlencoded; charset=utf-8",
                     "User-Agent": "amhe-graph"})
        opener = urllib.request.build_opener(_SameHostRedirects())
        outcome: dict[str, Any] = {}

        def work() -> None:
            try:
                with opener.open(request, timeout=max(0.1, remaining)) as response:
                    body = self._read(response, deadline)
                    outcome["ok"] = parse_answer(response.headers.get("Content-Type", ""), body, form)
            except urllib.error.HTTPError as exc:
                try:
                    said = _first_line(self._read(exc, deadline)[:65536])
                except Exception:  # the message is a courtesy; the status says what happened
                    said = ""
                outcome["error"] = _HTTPFailure(exc.code, said)
            except BaseException as exc:  # handed to the calling thread
                outcome["error"] = exc

        worker = threading.Thread(target=work, daemon=True)
        worker.start()
        worker.join(max(0.0, remaining))
        if worker.is_alive():
            raise EngineError(f"endpoint {self.endpoint} did not answer within {self.timeout:g} s")
        if "error" in outcome:
            error = outcome["error"]
            if isinstance(error, BadAnswer):
                raise EngineError(f"endpoint {self.endpoint} {error}" if str(error).startswith("sent ")
                                  else f"endpoint {self.endpoint} gave a wrong answer: {error}")
            raise self._failure(error)
        return outcome["ok"]

    def _failure(self, exc: BaseException) -> Exception:
        import socket
        import urllib.error

        if isinstance(exc, EngineError):
            return exc
        if isinstance(exc, _HTTPFailure):
            said = f": {exc.said}" if exc.said else ""
            if exc.status in RETRY_STATUSES:
                return _Retry(exc.status, said)
            return EngineError(f"endpoint {self.endpoint} answered HTTP {exc.status}{_reason(exc.status)}{said}")
        if isinstance(exc, _TooLarge):
            return EngineError(f"endpoint {self.endpoint} sent an answer larger than {self.max_bytes // 2**20} MB; "
                               "it was not read (ask for fewer rows: LIMIT)")
        if isinstance(exc, urllib.error.URLError):
            if isinstance(exc.reason, EngineError):
                return exc.reason
            if isinstance(exc.reason, (TimeoutError, socket.timeout)):
                return EngineError(f"endpoint {self.endpoint} did not answer within {self.timeout:g} s")
            return EngineError(f"cannot reach endpoint {self.endpoint}: {exc.reason}")
        if isinstance(exc, (TimeoutError, socket.timeout)):
            return EngineError(f"endpoint {self.endpoint} did not answer within {self.timeout:g} s")
        if isinstance(exc, OSError):
            return EngineError(f"cannot reach endpoint {self.endpoint}: {exc}")
        return EngineError(f"endpoint {self.endpoint} failed: {exc.__class__.__name__}: {exc}")


def _first_line(body: bytes) -> str:
    """The first line of a server's error message, as plain printable text of at most 200 characters."""
    text = body.decode("utf-8", "replace")
    for line in text.splitlines():
        line = "".join(ch if ch.isprintable() else " " for ch in line).strip()
        if line:
            return line[:200] + ("…" if len(line) > 200 else "")
    return ""


class _SameHostRedirects:
    """Redirects: never to another host (the query, and what it says, would go there); on the same host only
    307 and 308, which keep the POST and its body (301, 302 and 303 would turn it into a GET)."""

    handler_order = 400

    def __new__(cls) -> Any:
        import urllib.request

        class Handler(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, req: Any, fp: Any, code: int, msg: str, headers: Any, newurl: str) -> Any:
                from urllib.parse import urlsplit

                old, new = urlsplit(req.full_url), urlsplit(newurl)
                if (old.scheme, old.hostname, old.port) != (new.scheme, new.hostname, new.port):
                    raise EngineError(f"endpoint {req.full_url} redirected (HTTP {code}) to another host "
                                      f"({new.scheme}://{new.netloc}); not followed: give that endpoint if you "
                                      "trust it")
                if code not in (307, 308):
                    raise EngineError(f"endpoint {req.full_url} redirected (HTTP {code}) to {newurl}, which would "
                                      "turn the query's POST into a GET; not followed: give that URL instead")
                return urllib.request.Request(newurl, data=req.data, headers=dict(req.header_items()),
                                              method=req.get_method())

        return Handler()


class _TooLarge(Exception):
    pass


class _HTTPFailure(Exception):
    def __init__(self, status: int, said: str) -> None:
        self.status, self.said = status, said


class _Retry(Exception):
    def __init__(self, status: int, said: str = "") -> None:
        self.status, self.said = status, said


def _reason(status: int) -> str:
    return {400: " (bad request: the query was refused)", 401: " (unauthorised)", 403: " (forbidden)",
            404: " (not found: is the URL the query endpoint?)", 414: " (URI too long)",
            500: " (internal server error)", 502: " (bad gateway)"}.get(status, "")
