"""Running a canned question on an engine, its parameters bound as RDF terms."""

from __future__ import annotations

from collections.abc import Mapping

from ..graph.errors import BadInput
from . import PAGE_LINE, Question
from .binding import values_block, with_values
from .engine import Engine
from .params import bind
from .terms import Answer, Term

__all__ = ["bindings", "paged_text", "run", "run_example", "values_block", "with_values"]


def bindings(engine: Engine, question: Question, values: Mapping[str, str | None] | None = None) -> dict[str, Term]:
    """The RDF term of every parameter; a parameter missing from ``values`` takes its default."""
    values = values or {}
    out = {}
    for parameter in question.parameters:
        value = values.get(parameter.name)
        out[parameter.name] = bind(engine, parameter, parameter.default if value is None else value)
    return out


def run(engine: Engine, question: Question, values: Mapping[str, str | None] | None = None,
        page: int | None = 1, page_size: int | None = None) -> Answer:
    """Answer ``question``; each engine binds the terms its own safe way (initBindings, VALUES).

    A paged question answers its ``page`` (from 1; None for every row) of ``page_size`` entities
    (default: its header's)."""
    return engine.select(paged_text(question, page, page_size), bindings(engine, question, values))


def paged_text(question: Question, page: int | None = 1, page_size: int | None = None) -> str:
    """The question's text for one page, or for every row; unpaged questions are returned as they are.
    Only whole numbers checked here go into the text."""
    if question.page is None:
        return question.text
    if page is None:
        return PAGE_LINE.sub("", question.text)
    size = question.page.size if page_size is None else page_size
    if not (isinstance(page, int) and isinstance(size, int) and page >= 1 and size >= 1):
        raise BadInput(f"page and page size must be whole numbers from 1, got {page!r} and {size!r}")
    return PAGE_LINE.sub(f"  LIMIT {size} OFFSET {(page - 1) * size}", question.text)


def run_example(engine: Engine, question: Question) -> Answer:
    return run(engine, question, {p.name: p.example for p in question.parameters})
