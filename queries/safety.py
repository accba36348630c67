"""Checks that make ad-hoc SPARQL safe to offer: read-only, nothing fetched, errors with positions.

rdflib and pyoxigraph both follow SERVICE clauses and LOAD operations by default, and rdflib
loads FROM graphs from the web. So an ad-hoc query is parsed first and refused when it is an
update, or when it holds SERVICE anywhere (also inside OPTIONAL or a subquery) or FROM/FROM
NAMED, unless remote access is explicitly allowed.
"""

from __future__ import annotations

from typing import Any


class QueryRefused(ValueError):
    """The query is well-formed but not allowed (an update, SERVICE, FROM ...)."""


class QuerySyntaxError(ValueError):
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


def check(text: str, allow_remote: bool = False) -> str:
    """Parse ``text``; return the query form ('SelectQuery', 'AskQuery', ...) or raise why it is refused."""
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    try:
        parsed = parseQuery(text)
    except ParseException as exc:
        try:
            parseUpdate(text)
        except ParseException:
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
