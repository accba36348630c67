"""Uploading the graph through the SPARQL 1.1 Graph Store HTTP Protocol."""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request

from .engine import EngineError


def put_graph(endpoint: str, ntriples: bytes, graph: str | None, timeout: float) -> int:
    """PUT ``ntriples`` as the named ``graph`` (or the default graph): the store's graph is replaced."""
    query = urllib.parse.urlencode({"graph": graph}) if graph else "default"
    url = f"{endpoint}{'&' if '?' in endpoint else '?'}{query}"
    request = urllib.request.Request(url, data=ntriples, method="PUT",
                                     headers={"Content-Type": "application/n-triples"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        raise EngineError(f"endpoint {endpoint} refused the upload: HTTP {exc.code} {exc.reason}") from None
    except urllib.error.URLError as exc:
        raise EngineError(f"cannot reach endpoint {endpoint}: {exc.reason}") from None
    except TimeoutError:
        raise EngineError(f"endpoint {endpoint} did not accept the upload within {timeout:g} s") from None
