"""Running a canned question on a graph, with its parameters bound as RDF terms."""

from __future__ import annotations

from collections.abc import Mapping

from rdflib import Graph
from rdflib.query import Result

from . import Question
from .params import bind


def run(g: Graph, question: Question, values: Mapping[str, str | None] | None = None) -> Result:
    """Answer ``question``; a parameter missing from ``values`` takes its default."""
    values = values or {}
    bindings = {}
    for parameter in question.parameters:
        value = values.get(parameter.name)
        bindings[parameter.name] = bind(g, parameter, parameter.default if value is None else value)
    return g.query(question.text, initBindings=bindings)


def run_example(g: Graph, question: Question) -> Result:
    return run(g, question, {p.name: p.example for p in question.parameters})
