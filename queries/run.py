"""Running a canned question on a graph, with its parameters bound as RDF terms."""

from __future__ import annotations

import re
from collections.abc import Mapping

from rdflib import Graph
from rdflib.term import Node
from rdflib.query import Result

from . import Question
from .params import bind


def bindings(g: Graph, question: Question, values: Mapping[str, str | None] | None = None) -> dict[str, Node]:
    """The RDF term of every parameter; a parameter missing from ``values`` takes its default."""
    values = values or {}
    out = {}
    for parameter in question.parameters:
        value = values.get(parameter.name)
        out[parameter.name] = bind(g, parameter, parameter.default if value is None else value)
    return out


_OUTER_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)


def values_block(terms: Mapping[str, Node]) -> str:
    """An inline VALUES block built from RDF terms (their N3 forms escape quotes, newlines and '>')."""
    names = " ".join(f"?{name}" for name in terms)
    row = " ".join(term.n3() for term in terms.values())
    return f"VALUES ({names}) {{ ({row}) }}"


def with_values(text: str, terms: Mapping[str, Node]) -> str:
    """The query with its parameters bound by a VALUES block opening its outer WHERE group, for engines
    without initBindings (pyoxigraph, remote endpoints). Parameters of a canned question are variables of
    its outer WHERE group (projected out of any subquery), so the block binds them before any FILTER."""
    if not terms:
        return text
    offset = 0
    for line in text.splitlines(keepends=True):
        if not line.lstrip().startswith("#"):
            match = _OUTER_WHERE.search(line)
            if match:
                at = offset + match.end()
                return f"{text[:at]}\n  {values_block(terms)}\n{text[at:]}"
        offset += len(line)
    raise ValueError("query has no WHERE clause to bind its parameters in")


def run(g: Graph, question: Question, values: Mapping[str, str | None] | None = None) -> Result:
    """Answer ``question`` on the embedded graph, parameters bound through initBindings."""
    return g.query(question.text, initBindings=bindings(g, question, values))


def run_example(g: Graph, question: Question) -> Result:
    return run(g, question, {p.name: p.example for p in question.parameters})
