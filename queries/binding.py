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
    the parameter's entities. A parameter a group does not use only adds a column it never projects."""
    if not terms:
        return text
    block = values_block(terms)
    out, found = [], False
    for line in text.splitlines(keepends=True):
        if not line.lstrip().startswith("#"):
            line, n = _WHERE.subn(lambda m: f"{m.group(0)}\n  {block}\n", line)
            found = found or n > 0
        out.append(line)
    if not found:
        raise ValueError("query has no WHERE clause to bind its parameters in")
    return "".join(out)
