"""Uploading the graph through the SPARQL 1.1 Graph Store HTTP Protocol: an export, to a server."""

from __future__ import annotations

import io
import urllib.parse
from collections.abc import Callable

from .errors import EngineError


class _Counted(io.RawIOBase):
    """The body, read in blocks by urllib, reporting how many bytes have gone (for a progress bar)."""

    def __init__(self, data: bytes, progress: Callable[[int], None]) -> None:
        self.data, self.sent, self.progress = data, 0, progress

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        size = len(self.data) - self.sent if size is None or size < 0 else size
        block = self.data[self.sent:self.sent + min(size, BLOCK)]
        self.sent += len(block)
        if block:
            self.progress(self.sent)
        return block


BLOCK = 256 * 1024


def put_graph(endpoint: str, ntriples: bytes, graph: str | None, timeout: float,
              progress: Callable[[int], None] | None = None) -> int:
    """PUT ``ntriples`` as the named ``graph`` (or the default graph): the store's graph is replaced.

    ``progress`` is called with the bytes sent so far as the body goes out. The request is made with
    http.client so that a server refusing before the body is all sent (Virtuoso does, for the default
    graph) is still heard: its answer is read after the broken pipe."""
    import http.client

    query = urllib.parse.urlencode({"graph": graph}) if graph else "default"
    url = urllib.parse.urlsplit(f"{endpoint}{'&' if '?' in endpoint else '?'}{query}")
    if url.scheme not in ("http", "https") or not url.hostname:
        raise EngineError(f"endpoint {endpoint} is not an http(s) URL")
    connection_class = http.client.HTTPSConnection if url.scheme == "https" else http.client.HTTPConnection
    connection = connection_class(url.hostname, url.port, timeout=timeout)
    try:
        try:
            connection.putrequest("PUT", f"{url.path or '/'}?{url.query}")
            connection.putheader("Content-Type", "application/n-triples")
            connection.putheader("Content-Length", str(len(ntriples)))
            connection.endheaders()
            body = _Counted(ntriples, progress or (lambda sent: None))
            while block := body.read(BLOCK):
                connection.send(block)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server answered before reading everything: its answer says why
        response = connection.getresponse()
        said = response.read(65536)
    except TimeoutError:
        raise EngineError(f"endpoint {endpoint} did not accept the upload within {timeout:g} s") from None
    except (OSError, http.client.HTTPException) as exc:
        raise EngineError(f"cannot reach endpoint {endpoint}: {getattr(exc, 'strerror', None) or exc}") from None
    finally:
        connection.close()
    if response.status >= 300:
        text = _said(said)
        if graph is None and "default graph" in text.lower():
            raise EngineError(f"endpoint {endpoint} has no default graph to replace ({text}); publish to a named "
                              "graph with --graph IRI and query it with ?default-graph-uri=IRI")
        raise EngineError(f"endpoint {endpoint} refused the upload: HTTP {response.status} {response.reason}"
                          + (f": {text}" if text else ""))
    return response.status


def _said(body: bytes) -> str:
    """The server's own message, on one line: the last line of text in its error page that is not markup
    (Virtuoso, for one, answers a default-graph upload with HTTP 500 and says why only in the page)."""
    import html
    import re

    text = body.decode("utf-8", "replace")
    lines = [html.unescape(re.sub(r"<[^>]*>", " ", line)).strip() for line in text.splitlines()]
    lines = [" ".join(line.split()) for line in lines if line.strip()]
    return lines[-1][:300] if lines else ""
