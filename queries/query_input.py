"""The text of an ad-hoc query, from the QUERY argument, a file or standard input: UTF-8 (a byte order
mark is dropped), or one line naming where the bytes are not."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from ..graph.errors import BadInput
from ..loaders.utf8 import NotUTF8, decode


def query_text(raw: bytes, where: str) -> str:
    """A query's text from bytes: UTF-8 (a byte order mark is dropped), or one line naming the fault."""
    try:
        return decode(raw)
    except NotUTF8 as exc:
        raise BadInput(f"{where}: {exc}") from None


def read_query(query: str | None, file: Path | None) -> str | None:
    """The query from ``file`` (- for standard input), else from ``query`` (- for standard input; none
    and a pipe on standard input read it too); None when none was given."""
    if file is not None and str(file) != "-":
        return query_text(file.read_bytes(), str(file))
    if file is not None or query == "-" or query is None and not sys.stdin.isatty():
        return query_text(sys.stdin.buffer.read(), "standard input")
    if query:
        return query_text(os.fsencode(query), "the QUERY argument")
    return None
