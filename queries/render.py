"""Rendering answers: human tables with labels, machine formats with IRIs.

``json`` is the SPARQL 1.1 Query Results JSON format and ``csv`` the SPARQL 1.1 CSV
format (IRIs as they are); ``table`` and ``markdown`` show labels instead of IRIs.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import textwrap
from collections.abc import Sequence

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDFS, SKOS
from rdflib.query import Result

from ..loaders.vocab import PREFIXES

FORMATS = ("table", "csv", "json", "markdown")
Row = Sequence[object]


def rows_of(result: Result, limit: int | None = None) -> tuple[list[str], list[Row]]:
    names = [str(v) for v in result.vars]
    rows = [tuple(r) for r in result]
    return names, rows[:limit] if limit is not None else rows


def _term_json(term: object) -> dict[str, str]:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    assert isinstance(term, Literal)
    out = {"type": "literal", "value": str(term)}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype:
        out["datatype"] = str(term.datatype)
    return out


def to_json(names: list[str], rows: list[Row]) -> str:
    bindings = [{n: _term_json(t) for n, t in zip(names, row, strict=True) if t is not None} for row in rows]
    return json.dumps({"head": {"vars": names}, "results": {"bindings": bindings}}, indent=1, ensure_ascii=False)


def to_csv(names: list[str], rows: list[Row]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(names)
    w.writerows([["" if t is None else str(t) for t in row] for row in rows])
    return buf.getvalue()


def label(g: Graph | None, term: object) -> str:
    """A readable form of a term: its label where the graph has one, else a compact IRI."""
    if term is None:
        return ""
    if isinstance(term, URIRef):
        if g is not None:
            for predicate in (SKOS.prefLabel, RDFS.label):
                value = g.value(term, predicate)
                if value is not None:
                    return str(value)
        for prefix, ns in PREFIXES.items():
            if str(term).startswith(str(ns)):
                return f"{prefix}:{str(term)[len(str(ns)):]}"
    return str(term)


def to_markdown(names: list[str], rows: list[Row], g: Graph | None) -> str:
    def cell(t: object) -> str:
        return label(g, t).replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(names) + " |", "|" + "|".join("---" for _ in names) + "|"]
    lines += ["| " + " | ".join(cell(t) for t in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def to_table(names: list[str], rows: list[Row], g: Graph | None, width: int | None = None) -> str:
    """A plain-text table whose long cells wrap within a fair share of the terminal width."""
    width = width or shutil.get_terminal_size((160, 24)).columns
    cells = [[label(g, t) for t in row] for row in rows]
    natural = [max([len(n)] + [len(r[i]) for r in cells]) for i, n in enumerate(names)]
    budget = max(width - 3 * (len(names) - 1), 20 * len(names))
    widths = list(natural)
    while sum(widths) > budget and max(widths) > 12:
        widest = widths.index(max(widths))
        widths[widest] -= 1
    out = []

    def emit(values: list[str]) -> None:
        wrapped = [textwrap.wrap(v, w) or [""] for v, w in zip(values, widths, strict=True)]
        for i in range(max(len(c) for c in wrapped)):
            parts = [(c[i] if i < len(c) else "").ljust(w) for c, w in zip(wrapped, widths, strict=True)]
            out.append("   ".join(parts).rstrip())

    emit(names)
    out.append("   ".join("-" * w for w in widths))
    for r in cells:
        emit(r)
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out) + "\n"


def render(result: Result, fmt: str, g: Graph | None = None, limit: int | None = None) -> str:
    names, rows = rows_of(result, limit)
    if fmt == "json":
        return to_json(names, rows) + "\n"
    if fmt == "csv":
        return to_csv(names, rows)
    if fmt == "markdown":
        return to_markdown(names, rows, g)
    if fmt == "table":
        return to_table(names, rows, g)
    raise ValueError(f"unknown format {fmt!r}")
