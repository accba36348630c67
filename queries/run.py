"""Running a canned question on an engine, its parameters bound as RDF terms."""

from __future__ import annotations

import re
from collections.abc import Mapping

from . import Question
from .engine import Engine
from .params import bind
from .terms import Answer, Term

_OUTER_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)


def bindings(engine: Engine, question: Question, values: Mapping[str, str | None] | None = None) -> dict[str, Term]:
    """The RDF term of every parameter; a parameter missing from ``values`` takes its default."""
    values = values or {}
    out = {}
    for parameter in question.parameters:
        value = values.get(parameter.name)
        out[parameter.name] = bind(engine, parameter, parameter.default if value is None else value)
    return out


def run(engine: Engine, question: Question, values: Mapping[str, str | None] | None = None) -> Answer:
    """Answer ``question``; each engine binds the terms its own safe way (initBindings, substitutions, VALUES)."""
    return engine.select(question.text, bindings(engine, question, values))


def run_example(engine: Engine, question: Question) -> Answer:
    return run(engine, question, {p.name: p.example for p in question.parameters})


def values_block(terms: Mapping[str, Term]) -> str:
    """An inline VALUES block built from RDF terms (their N3 forms escape quotes, newlines and '>')."""
    names = " ".join(f"?{name}" for name in terms)
    row = " ".join(term.n3() for term in terms.values())
    return f"VALUES ({names}) {{ ({row}) }}"


def with_values(text: str, terms: Mapping[str, Term]) -> str:
    """The query with its parameters bound by a VALUES block opening its outer WHERE group, for engines
    without initBindings (remote endpoints). Parameters of a canned question are variables of its outer
    WHERE group (projected out of any subquery), so the block binds them before any FILTER."""
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
