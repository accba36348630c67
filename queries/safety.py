"""Checks that make ad-hoc SPARQL safe to offer: read-only, nothing fetched, errors with positions.

rdflib and pyoxigraph both follow SERVICE clauses and LOAD operations by default, and rdflib
loads FROM graphs from the web. So an ad-hoc query is parsed first and refused when it is an
update, or when it holds SERVICE anywhere (also inside OPTIONAL or a subquery) or FROM/FROM
NAMED, unless remote access is explicitly allowed. Before parsing, a query longer than
MAX_CHARACTERS or nested deeper than MAX_DEPTH brackets is refused: the parser is recursive
(50 nested braces overflow its stack) and takes seconds for a few thousand UNION branches.
"""

from __future__ import annotations

import re
from typing import Any

from ..graph.errors import BadInput

MAX_CHARACTERS = 65536
MAX_DEPTH = 20
# What can hold a bracket without nesting anything: strings, IRIs and comments.
_OPAQUE = re.compile(r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
                     r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\x00-\x20]*>|#[^\n]*')


class QueryRefused(BadInput):
    """The query is well-formed but not allowed (an update, SERVICE, FROM, too large, too deep ...)."""


class QuerySyntaxError(BadInput):
    def __init__(self, line: int, column: int, message: str) -> None:
        self.line, self.column = line, column
        super().__init__(f"SPARQL syntax error at line {line}, column {column}: {message}")


def _walk(node: Any) -> Any:
    yield node
    if isinstance(node, dict):  # rdflib's CompValue is a dict subclass
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, (list, tuple)) or node.__class__.__name__ == "ParseResults":
        for value in node:
            yield from _walk(value)


def within_limits(text: str) -> None:
    """Refuse an empty query, one longer than MAX_CHARACTERS, or one nested deeper than MAX_DEPTH brackets
    (its line and column named)."""
    if not text.strip():
        raise QueryRefused("the query is empty")
    if len(text) > MAX_CHARACTERS:
        raise QueryRefused(f"the query is {len(text):,} characters long; ad-hoc queries may have at most "
                           f"{MAX_CHARACTERS:,}")
    depth, at, line, line_start = 0, 0, 1, 0
    while at < len(text):
        ch = text[at]
        opaque = _OPAQUE.match(text, at) if ch in "\"'<#" else None
        if opaque:
            chunk = opaque.group(0)
            if "\n" in chunk:
                line += chunk.count("\n")
                line_start = at + chunk.rfind("\n") + 1
            at = opaque.end()
            continue
        if ch == "\n":
            line, line_start = line + 1, at + 1
        elif ch in "({[":
            depth += 1
            if depth > MAX_DEPTH:
                raise QueryRefused(f"the query nests brackets more than {MAX_DEPTH} deep (line {line}, column "
                                   f"{at - line_start + 1}); ad-hoc queries may nest at most {MAX_DEPTH}")
        elif ch in ")}]":
            depth -= 1
        at += 1


def check(text: str, allow_remote: bool = False) -> str:
    """Parse ``text``; return the query form ('SelectQuery', 'AskQuery', ...) or raise why it is refused."""
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    within_limits(text)
    try:
        parsed = parseQuery(text)
    except RecursionError:
        raise QueryRefused("the query is nested too deeply to be parsed") from None
    except ParseException as exc:
        try:
            parseUpdate(text)
        except (ParseException, RecursionError):
            raise QuerySyntaxError(exc.lineno, exc.col, exc.msg) from None
        raise QueryRefused("updates (INSERT, DELETE, LOAD, CLEAR, DROP ...) are refused: the graph is read-only") \
            from None
    form = parsed[1].name
    if not allow_remote:
        for node in _walk(parsed):
            name = getattr(node, "name", None)
            if name == "ServiceGraphPattern":
                raise QueryRefused("SERVICE is refused: queries may not call other endpoints "
                                   "(use --allow-remote to permit it)")
            if name == "DatasetClause":
                raise QueryRefused("FROM and FROM NAMED are refused: they would load graphs from elsewhere "
                                   "(use --allow-remote to permit it)")
    return form
