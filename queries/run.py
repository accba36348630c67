"""Running a canned question on an engine, its parameters bound as RDF terms."""

from __future__ import annotations

import re
from collections.abc import Mapping

from ..graph.errors import BadInput
from . import PAGE_LINE, Question
from .engine import Engine
from .params import bind
from .terms import Answer, Term

_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)


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


def values_block(terms: Mapping[str, Term]) -> str:
    """An inline VALUES block built from RDF terms (their N3 forms escape quotes, newlines and '>')."""
    names = " ".join(f"?{name}" for name in terms)
    row = " ".join(term.n3() for term in terms.values())
    return f"VALUES ({names}) {{ ({row}) }}"


def with_values(text: str, terms: Mapping[str, Term]) -> str:
    """The query with its parameters bound by a VALUES block opening every WHERE group (the outer one and
    each subquery's), for engines without initBindings (Oxigraph, remote endpoints). That is what rdflib's
    initBindings do too: a subquery sees them, so a paged question can limit its driving subquery to
    the parameter's entities. The outer group binds every parameter; a subquery binds only those it
    names: Virtuoso 7.2.5 never answers, or joins wrongly, when a subquery under OPTIONAL opens with a
    VALUES block of a variable it does not use (organisation-profile; docs/design.md)."""
    if not terms:
        return text
    code = _code(text)
    groups = where_groups(code)
    if not groups:
        raise ValueError("query has no WHERE clause to bind its parameters in")
    out, last = [], 0
    for number, (opening, closing) in enumerate(groups):
        used = {name: term for name, term in terms.items()
                if number == 0 or re.search(rf"[?$]{re.escape(name)}\b", code[opening:closing])}
        out.append(text[last:opening])
        if used:
            out.append(f"\n  {values_block(used)}\n")
        last = opening
    out.append(text[last:])
    return "".join(out)


# What may hold a brace, a '#' or a word like a variable without being code: strings (long and short), IRIs and
# comments, matched from the left, so that a '#' in an IRI or a string starts no comment.
_NOT_CODE = re.compile("|".join((
    r'"""(?:[^"\\]|\\.|"(?!""))*"""', r"'''(?:[^'\\]|\\.|'(?!''))*'''",
    r'"(?:[^"\\\n]|\\.)*"', r"'(?:[^'\\\n]|\\.)*'",
    r'<[^<>"{}|^`\\\x00-\x20]*>', r"#[^\n]*",
)))


def _code(text: str) -> str:
    """``text`` with its strings, IRIs and comments blanked (same length, so that offsets still hold)."""
    return _NOT_CODE.sub(lambda m: " " * len(m.group(0)), text)


def where_groups(code: str) -> list[tuple[int, int]]:
    """(just after the opening brace, the closing brace) of each WHERE group in ``code`` (a query with its
    strings, IRIs and comments blanked), in the order they open."""
    wheres = {m.end() - 1 for m in _WHERE.finditer(code)}
    closing: dict[int, int] = {}
    open_at: list[int] = []
    for i, char in enumerate(code):
        if char == "{":
            open_at.append(i)
        elif char == "}" and open_at:
            closing[open_at.pop()] = i
    return [(i + 1, closing.get(i, len(code))) for i in sorted(wheres)]
