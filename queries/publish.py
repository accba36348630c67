"""Uploading the graph through the SPARQL 1.1 Graph Store HTTP Protocol."""

from __future__ import annotations

import io
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable

from .engine import EngineError


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

    ``progress`` is called with the bytes sent so far as the body goes out."""
    query = urllib.parse.urlencode({"graph": graph}) if graph else "default"
    url = f"{endpoint}{'&' if '?' in endpoint else '?'}{query}"
    body = _Counted(ntriples, progress) if progress else ntriples
    request = urllib.request.Request(url, data=body, method="PUT",
                                     headers={"Content-Type": "application/n-triples",
                                              "Content-Length": str(len(ntriples))})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        said = _said(exc)
        if graph is None and "default graph" in said.lower():
            raise EngineError(f"endpoint {endpoint} has no default graph to replace ({said}); publish to a named "
                              "graph with --graph IRI and query it with ?default-graph-uri=IRI") from None
        raise EngineError(f"endpoint {endpoint} refused the upload: HTTP {exc.code} {exc.reason}"
                          + (f": {said}" if said else "")) from None
    except urllib.error.URLError as exc:
        raise EngineError(f"cannot reach endpoint {endpoint}: {exc.reason}") from None
    except TimeoutError:
        raise EngineError(f"endpoint {endpoint} did not accept the upload within {timeout:g} s") from None


def _said(exc: urllib.error.HTTPError) -> str:
    """The server's own message, on one line: the last line of text in its error page that is not markup
    (Virtuoso, for one, answers a default-graph upload with HTTP 500 and says why only in the page)."""
    import html
    import re

    try:
        body = exc.read(65536).decode("utf-8", "replace")
    except Exception:  # the message is a courtesy; the status says what happened
        return ""
    lines = [html.unescape(re.sub(r"<[^>]*>", " ", line)).strip() for line in body.splitlines()]
    lines = [" ".join(line.split()) for line in lines if line.strip()]
    return lines[-1][:300] if lines else ""
