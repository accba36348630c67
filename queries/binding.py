"""Binding parameters into query text as a VALUES block of RDF terms, for engines without initBindings.

It sits below the engines and the runner (it needs only terms), so both import it and neither
imports the other."""

from __future__ import annotations

import re
from collections.abc import Mapping

from .terms import Term

_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)


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
