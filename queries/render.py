"""Rendering answers: human tables with labels, machine formats with IRIs.

``json`` is the SPARQL 1.1 Query Results JSON format (an ASK answer is ``{"head": {}, "boolean": ...}``)
and ``csv`` the SPARQL 1.1 CSV format (IRIs as they are, blank nodes as ``_:label``; an ASK answer is
``true`` or ``false`` under the header ``_askResult``, as Jena writes it); ``table`` and ``markdown`` show
labels instead of IRIs.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from typing import NamedTuple

from .terms import Answer, Term

PREFIXES = {
    "https://w3id.org/amhe/ontology#": "amhe:",
    "http://www.w3.org/2004/02/skos/core#": "skos:",
    "http://www.w3.org/2000/01/rdf-schema#": "rdfs:",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#": "rdf:",
    "http://purl.org/dc/terms/": "dcterms:",
    "http://purl.org/dc/elements/1.1/": "dc:",
    "http://www.w3.org/ns/prov#": "prov:",
    "http://purl.org/ontology/bibo/": "bibo:",
    "http://data.europa.eu/eli/ontology#": "eli:",
    "https://schema.org/": "schema:",
    "http://rdfs.org/ns/void#": "void:",
    "http://www.w3.org/ns/dcat#": "dcat:",
    "http://xmlns.com/foaf/0.1/": "foaf:",
    "http://www.w3.org/2002/07/owl#": "owl:",
    "http://www.w3.org/ns/shacl#": "sh:",
}


def compact(iri: str) -> str:
    for namespace, prefix in PREFIXES.items():
        if iri.startswith(namespace):
            return prefix + iri[len(namespace):]
    return iri


def shown(term: Term | None, labels: dict[str, str]) -> str:
    """A readable form of a term: its label where known, else a compact IRI, else its value.

    A list of numbers (a GROUP_CONCAT of reference numbers, which engines concatenate in any
    order) is shown in numeric order."""
    if term is None:
        return ""
    if term.kind == "uri":
        return labels.get(term.value) or compact(term.value)
    items = term.value.split(", ")
    if len(items) > 1 and all(item.isdigit() for item in items):
        return ", ".join(sorted(items, key=int))
    return term.value


def to_json(answer: Answer) -> str:
    import json

    if answer.boolean is not None:
        return json.dumps({"head": {}, "boolean": answer.boolean})
    bindings = [{n: t.to_json() for n, t in zip(answer.vars, row, strict=True) if t is not None}
                for row in answer.rows]
    return json.dumps({"head": {"vars": answer.vars}, "results": {"bindings": bindings}}, indent=1,
                      ensure_ascii=False)


def to_csv(answer: Answer) -> str:
    import csv
    import io

    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    if answer.boolean is not None:  # an ASK answer, in the form Jena writes and reads back
        w.writerows([["_askResult"], ["true" if answer.boolean else "false"]])
        return buf.getvalue()
    w.writerow(answer.vars)
    w.writerows([[_csv_cell(t) for t in row] for row in answer.rows])
    return buf.getvalue()


# Bidirectional controls reorder what a reader sees (a label could show a different name, or hide text).
_BIDI = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
_MARKDOWN_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", **{ch: "\\" + ch for ch in "\\`*_[]|~"}}


def printable(text: str) -> str:
    """Text from the data made inert for a terminal: line breaks and tabs as one space, and bidirectional and
    other control characters (an ESC sequence that recolours or retitles, a BEL, a carriage return that
    overwrites the line) shown as their code points (``U+001B``)."""
    if text.isprintable():  # the usual case: no control or format character at all
        return text
    import unicodedata

    return "".join(" " if ch in "\r\n\t" else f"U+{ord(ch):04X}" if ch in _BIDI or unicodedata.category(ch) == "Cc"
                   else ch for ch in text)


def escape_markdown(text: str) -> str:
    """Text from the data as inert Markdown: no HTML (``<script>``), no links or emphasis, no table breaks,
    and bidirectional and other control characters shown as their code points (``U+202E``)."""
    return "".join(_MARKDOWN_ESCAPES.get(ch, ch) for ch in printable(text))


def _csv_cell(term: Term | None) -> str:
    """A term as SPARQL 1.1 CSV writes it: IRIs and literals as their text, blank nodes as ``_:label``."""
    if term is None:
        return ""
    return f"_:{term.value}" if term.kind == "bnode" else term.value


def to_markdown(answer: Answer, labels: dict[str, str]) -> str:
    def cell(t: Term | None) -> str:
        return escape_markdown(shown(t, labels))

    lines = ["| " + " | ".join(answer.vars) + " |", "|" + "|".join("---" for _ in answer.vars) + "|"]
    lines += ["| " + " | ".join(cell(t) for t in row) + " |" for row in answer.rows]
    return "\n".join(lines) + "\n"


def to_table(answer: Answer, labels: dict[str, str], width: int | None = None) -> str:
    """A plain-text table. With a ``width`` (a terminal's) it fits that width: long cells wrap onto
    more lines, never cut; without one (piped output) every row stays on one line, for grep and cut."""
    names = answer.vars
    cells = [[printable(" ".join(shown(t, labels).split())) for t in row] for row in answer.rows]
    widths = [max([len(n)] + [len(r[i]) for r in cells]) for i, n in enumerate(names)]
    gap = 3
    if width is not None:
        widths, gap = fit(widths, width)
    out: list[str] = []

    def emit(values: list[str]) -> None:
        wrapped = [textwrap.wrap(v, w) or [""] for v, w in zip(values, widths, strict=True)]
        for i in range(max(len(c) for c in wrapped)):
            parts = [(c[i] if i < len(c) else "").ljust(w) for c, w in zip(wrapped, widths, strict=True)]
            out.append((" " * gap).join(parts).rstrip())

    emit(names)
    out.append((" " * gap).join("-" * w for w in widths))
    for r in cells:
        emit(r)
    out.append(f"({len(answer.rows)} row{'s' if len(answer.rows) != 1 else ''})")
    return "\n".join(out) + "\n"


NARROWEST = 6


def fit(widths: list[int], width: int) -> tuple[list[int], int]:
    """Column widths and the gap between columns that fit ``width``: the widest column gives way first,
    down to NARROWEST characters; gaps narrow from three spaces to one before that. A table too wide
    even then keeps its narrowest form (it cannot fit, but nothing is cut)."""
    floors = [min(w, NARROWEST) for w in widths]
    gap = next((g for g in (3, 2, 1) if sum(floors) + g * (len(widths) - 1) <= width), 1)
    budget = width - gap * (len(widths) - 1)
    widths = list(widths)
    while sum(widths) > budget:
        widest = max(range(len(widths)), key=lambda i: widths[i])
        if widths[widest] <= floors[widest]:
            break
        widths[widest] -= 1
    return widths, gap


def terminal_width() -> int | None:
    """The terminal's width when standard output is one (COLUMNS overrides it), else None: piped
    output is never wrapped."""
    import os
    import sys

    if not sys.stdout.isatty():
        return None
    try:  # what shutil.get_terminal_size does, without importing shutil (and bz2, lzma) on every answer
        columns = int(os.environ.get("COLUMNS", "0"))
    except ValueError:
        columns = 0
    if columns > 0:
        return columns
    try:
        return os.get_terminal_size(sys.__stdout__.fileno()).columns or 80
    except (AttributeError, ValueError, OSError):
        return 80


class Format(NamedTuple):
    """An answer format: how it writes an answer (given the labels of its IRIs and a terminal's width), and
    whether it is for people, showing labels and words, or for machines, showing IRIs."""

    write: Callable[[Answer, dict[str, str], int | None], str]
    for_people: bool


# The answer formats, in the order --help lists them: a new format is one entry here.
RENDERERS: dict[str, Format] = {
    "table": Format(lambda answer, labels, width: to_table(answer, labels, width), True),
    "csv": Format(lambda answer, labels, width: to_csv(answer), False),
    "json": Format(lambda answer, labels, width: to_json(answer) + "\n", False),
    "markdown": Format(lambda answer, labels, width: to_markdown(answer, labels), True),
}
FORMATS = tuple(RENDERERS)


def for_people(fmt: str) -> bool:
    """Whether ``fmt`` shows labels (table, markdown) rather than IRIs (csv, json)."""
    return RENDERERS[fmt].for_people


def render(answer: Answer, fmt: str, labels: dict[str, str] | None = None, width: int | None = None) -> str:
    if fmt not in RENDERERS:
        raise ValueError(f"unknown format {fmt!r}")
    return RENDERERS[fmt].write(answer, labels or {}, width)


def iris_of(answer: Answer) -> set[str]:
    return {t.value for row in answer.rows for t in row if t is not None and t.kind == "uri"}
