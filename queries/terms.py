"""A small, dependency-free model of RDF terms and query answers.

Answers from every engine (pyoxigraph, rdflib, a remote endpoint) are converted to these,
so rendering, label lookup and comparison work the same everywhere, and the answering
path of the CLI never needs to import rdflib.
"""

from __future__ import annotations

from typing import NamedTuple

from ..graph.errors import BadInput
from ..loaders.namespaces import RDF, XSD

RDF_LANGSTRING = RDF + "langString"
_IRI_FORBIDDEN = set('<>"{}|^`\\') | {chr(c) for c in range(0x21)}
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
# Other controls and the characters str.splitlines() breaks at go in as \u escapes: no line-based step between
# here and the engine (a remote request drops comment lines) can cut a literal.
_ESCAPES.update({ch: f"\\u{ord(ch):04X}" for ch in map(chr, [*range(0x20), 0x7F, 0x85, 0x2028, 0x2029])
                 if ch not in _ESCAPES})


class Term(NamedTuple):
    kind: str  # "uri", "literal" or "bnode"
    value: str
    datatype: str | None = None
    lang: str | None = None

    def __str__(self) -> str:
        return self.value

    def n3(self) -> str:
        """The term in SPARQL syntax, escaped so that no value can change the query around it."""
        if self.kind == "uri":
            bad = sorted(set(self.value) & _IRI_FORBIDDEN)
            if bad:
                raise BadInput(f"not a valid IRI (contains {''.join(bad)!r}): {self.value!r}")
            return f"<{self.value}>"
        if self.kind == "bnode":
            raise BadInput("blank nodes cannot be bound as parameters")
        body = "".join(_ESCAPES.get(ch, ch) for ch in self.value)
        if self.lang:
            return f'"{body}"@{self.lang}'
        if self.datatype and self.datatype != XSD + "string":
            return f'"{body}"^^<{self.datatype}>'
        return f'"{body}"'

    def to_json(self) -> dict[str, str]:
        """The SPARQL 1.1 Query Results JSON form of the term."""
        out = {"type": self.kind, "value": self.value}
        if self.lang:
            out["xml:lang"] = self.lang
        elif self.datatype and self.kind == "literal":
            out["datatype"] = self.datatype
        return out


def uri(value: str) -> Term:
    return Term("uri", value)


def literal(value: str, datatype: str | None = None, lang: str | None = None) -> Term:
    return Term("literal", value, datatype, lang)


def integer(value: int) -> Term:
    return Term("literal", str(value), XSD + "integer")


def from_json(binding: dict[str, str]) -> Term:
    kind = binding["type"]
    if kind == "typed-literal":  # SPARQL 1.0 JSON, still sent by some stores
        kind = "literal"
    return Term(kind, binding["value"], binding.get("datatype"), binding.get("xml:lang"))


class Answer:
    """A SELECT result: variable names and rows of terms (None where a variable is unbound)."""

    def __init__(self, vars: list[str], rows: list[tuple[Term | None, ...]] | None = None,
                 boolean: bool | None = None) -> None:
        self.vars = vars
        self.rows = rows if rows is not None else []
        self.boolean = boolean  # the answer of an ASK query

    def __repr__(self) -> str:
        return f"Answer(vars={self.vars!r}, rows={len(self.rows)})"

    def __getstate__(self) -> dict:
        return {"vars": self.vars, "rows": self.rows, "boolean": self.boolean}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)

    @classmethod
    def ask(cls, value: bool) -> Answer:
        return cls(["ask"], [(Term("literal", "true" if value else "false", XSD + "boolean"),)], value)

    def limit(self, n: int | None) -> Answer:
        return self if n is None else Answer(self.vars, self.rows[:n], self.boolean)

    def dicts(self) -> list[dict[str, Term | None]]:
        return [dict(zip(self.vars, row, strict=True)) for row in self.rows]

    def canonical(self) -> list[tuple[tuple[str, str, str, str], ...]]:
        """Rows as sorted tuples of whole terms (kind, value, datatype, language; see :func:`term_key`),
        GROUP_CONCAT lists sorted: engines order both freely. Two engines agree only when every term
        has the same value, datatype and language tag."""
        return sorted(tuple(term_key(t) for t in row) for row in self.rows)


# The lexical forms Oxigraph rewrites to their XSD canonical form when it stores a literal ("300.0" to
# "300", "+007" to "7", "1" to "true"); comparisons read them as values of their (kept) datatype.
_CANONICAL_LEXICAL = {XSD + "integer", XSD + "decimal", XSD + "double", XSD + "float", XSD + "boolean"}


def canonical_lexical(value: str, datatype: str | None) -> str:
    """The XSD canonical lexical form of a number or boolean (the value as written for other datatypes
    and for ill-typed literals). The datatype itself is never changed: an xsd:positiveInteger stays one."""
    if datatype not in _CANONICAL_LEXICAL:
        return value
    from decimal import Decimal, InvalidOperation

    text = value.strip()
    try:
        if datatype == XSD + "integer":
            return str(int(text))
        if datatype == XSD + "decimal":
            number = Decimal(text)
            if not number.is_finite():
                return value
            return "0" if number == 0 else format(number.normalize(), "f")
        if datatype == XSD + "boolean":
            return {"1": "true", "0": "false", "true": "true", "false": "false"}.get(text, value)
        return repr(float(text))
    except (ValueError, InvalidOperation):
        return value


def term_key(term: Term | None) -> tuple[str, str, str, str]:
    """A whole RDF term as a comparable tuple: (kind, value, datatype, language).

    A simple literal is an xsd:string and a tagged one an rdf:langString (RDF 1.1), whether or not an
    engine names that datatype; language tags compare in lower case (BCP 47 tags are case-insensitive);
    numbers and booleans compare by their canonical lexical form; a value holding a GROUP_CONCAT list
    (items joined by ", ") compares with its items sorted. Blank nodes compare by kind only: their labels
    are local to one answer. An unbound variable is ("", "", "", "")."""
    if term is None:
        return ("", "", "", "")
    if term.kind == "bnode":
        return ("bnode", "", "", "")
    if term.kind == "uri":
        return ("uri", term.value, "", "")
    lang = (term.lang or "").lower()
    datatype = RDF_LANGSTRING if lang else (term.datatype or XSD + "string")
    text = canonical_lexical(term.value, datatype)
    if ", " in text:
        text = ", ".join(sorted(text.split(", ")))
    return ("literal", text, datatype, lang)
