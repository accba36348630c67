"""Reading an endpoint's answer strictly: SPARQL 1.1 results in JSON (or XML, the one fallback), checked
against the form of the query that was asked (SELECT or ASK) and the variables it projects.

An endpoint is another program: it may answer a SELECT with a boolean, with other columns, with terms
of an unknown type, or with something that is not SPARQL results at all. Every such answer is refused
with one line (the caller exits 3) instead of reaching the renderers as a wrong table. One exception,
exactly delimited: Virtuoso answers every ASK with a one-column table of its own (see ``_virtuoso_ask``).
"""

from __future__ import annotations

import json
import re
from typing import Any, NamedTuple

from .terms import XSD, Answer, from_json

JSON_TYPES = ("application/sparql-results+json", "application/json")
XML_TYPES = ("application/sparql-results+xml", "application/xml", "text/xml")
# Only the two SPARQL results formats this module reads; no plain application/json, which some stores
# (Comunica) answer with a format of their own.
ACCEPT = "application/sparql-results+json, application/sparql-results+xml;q=0.9"
TERM_TYPES = ("uri", "literal", "bnode", "typed-literal")
LITERAL_TYPES = ("literal", "typed-literal")
# Virtuoso's column for an ASK answer, and the (datatype, value) pairs read from it as true or false.
VIRTUOSO_ASK = "__ASK_RETVAL"
VIRTUOSO_ASK_VALUES = {(XSD + "integer", "1"): True, (XSD + "integer", "0"): False,
                       (XSD + "boolean", "true"): True, (XSD + "boolean", "false"): False}
_OPAQUE = re.compile(r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
                     r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\x00-\x20]*>|#[^\n]*')
_FORM = re.compile(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.IGNORECASE)
_VAR = re.compile(r"[?$]([A-Za-z0-9_\u00b7\u00c0-\uffff]+)")
_TOKEN = re.compile(r"[?$][A-Za-z0-9_\u00b7\u00c0-\uffff]+|[A-Za-z0-9_]+|\S")


class BadAnswer(Exception):
    """The endpoint's answer does not fit the query (the message says how; the caller names the endpoint)."""


class Form(NamedTuple):
    """What an answer must look like: ``kind`` 'select' or 'ask'; ``variables`` projected (None for *)."""

    kind: str
    variables: tuple[str, ...] | None = None


def _blanked(text: str) -> str:
    """The query with strings, IRIs and comments blanked out, so keywords and brackets in them are not seen."""
    return _OPAQUE.sub(lambda m: "<>" if m.group(0).startswith("<") else " ", text)


def query_form(text: str) -> Form:
    """The form of a SELECT or ASK query and the variables its outer SELECT projects."""
    body = _blanked(text)
    match = _FORM.search(body)
    if match is None or match.group(1).upper() not in ("SELECT", "ASK"):
        return Form("select")  # not checkable here; the engine refuses other forms
    if match.group(1).upper() == "ASK":
        return Form("ask")
    variables: list[str] = []
    depth, group = 0, []
    for token in _TOKEN.findall(body, match.end()):
        if depth == 0 and (token == "{" or token.upper() in ("WHERE", "FROM")):
            break
        if token == "(":
            depth += 1
        elif token == ")":
            depth -= 1
            if depth == 0 and len(group) >= 2 and group[-2].upper() == "AS" and _VAR.fullmatch(group[-1]):
                variables.append(group[-1][1:])
            group = [] if depth == 0 else group
        elif depth == 0 and token == "*":
            return Form("select")
        elif depth == 0 and _VAR.fullmatch(token):
            variables.append(token[1:])
        elif depth > 0:
            group.append(token)
    return Form("select", tuple(dict.fromkeys(variables)) or None)


def _binding(value: Any) -> dict[str, str]:
    if not isinstance(value, dict) or value.get("type") not in TERM_TYPES or not isinstance(value.get("value"), str):
        raise BadAnswer(f"a value is not an RDF term ({json.dumps(value)[:80]})")
    for key in ("xml:lang", "datatype"):
        if key in value and not isinstance(value[key], str):
            raise BadAnswer(f"a term's {key} is not text ({json.dumps(value)[:80]})")
    return value


def _virtuoso_ask(doc: dict) -> bool:
    """The boolean in Virtuoso's answer to an ASK, which is a table whatever format is asked for (7.2.5:
    JSON, XML, CSV): the one column ``__ASK_RETVAL``, one row holding the integer 1 for true, no row for
    false. Only that exact shape is read; any other table answering an ASK is refused."""
    head, results = doc.get("head"), doc.get("results")
    names = head.get("vars") if isinstance(head, dict) else None
    rows = results.get("bindings") if isinstance(results, dict) else None
    if names == [VIRTUOSO_ASK] and isinstance(rows, list):
        if not rows:
            return False
        cell = rows[0].get(VIRTUOSO_ASK) if len(rows) == 1 and isinstance(rows[0], dict) else None
        key = (cell.get("datatype"), cell.get("value")) if isinstance(cell, dict) else None
        if key in VIRTUOSO_ASK_VALUES and set(rows[0]) == {VIRTUOSO_ASK} and cell.get("type") in LITERAL_TYPES:
            return VIRTUOSO_ASK_VALUES[key]
    raise BadAnswer("an ASK query was answered with a table, not true or false")


def from_document(doc: Any, form: Form) -> Answer:
    """The answer in a SPARQL results document (the JSON form; XML is read into it), checked against ``form``."""
    if not isinstance(doc, dict):
        raise BadAnswer("the answer is not a SPARQL results document")
    if form.kind == "ask":
        if "boolean" not in doc:
            return Answer.ask(_virtuoso_ask(doc))
        if not isinstance(doc["boolean"], bool):
            raise BadAnswer(f"an ASK query was answered with {json.dumps(doc['boolean'])[:40]}, not true or false")
        return Answer.ask(doc["boolean"])
    if "boolean" in doc:
        raise BadAnswer("a SELECT query was answered with true or false, not a table")
    head, results = doc.get("head"), doc.get("results")
    names = head.get("vars") if isinstance(head, dict) else None
    bindings = results.get("bindings") if isinstance(results, dict) else None
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names) or len(set(names)) != len(names):
        raise BadAnswer("the answer's head.vars is not a list of distinct variable names")
    if not isinstance(bindings, list):
        raise BadAnswer("the answer's results.bindings is not a list")
    if form.variables is not None and set(names) != set(form.variables):
        raise BadAnswer(f"the answer has the columns {', '.join(names) or '(none)'} where the query asks for "
                        f"{', '.join(form.variables)}")
    order = list(form.variables) if form.variables is not None else names
    rows = []
    for row in bindings:
        if not isinstance(row, dict):
            raise BadAnswer("a row of the answer is not a set of bindings")
        extra = set(row) - set(names)
        if extra:
            raise BadAnswer(f"a row binds {', '.join(sorted(extra))}, which is not a column of the answer")
        rows.append(tuple(from_json(_binding(row[n])) if n in row else None for n in order))
    return Answer(order, rows)


def _xml_document(data: bytes) -> dict:
    """SPARQL results XML read into the JSON document's shape. A DOCTYPE is refused: entities are how a
    small XML answer expands into gigabytes."""
    import xml.etree.ElementTree as ET

    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise BadAnswer("the XML answer declares a DOCTYPE or entities; refused")
    ns = "{http://www.w3.org/2005/sparql-results#}"
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise BadAnswer(f"the XML answer does not parse ({exc})") from None
    if root.tag != f"{ns}sparql":
        raise BadAnswer("the XML answer is not SPARQL results")
    boolean = root.find(f"{ns}boolean")
    if boolean is not None:
        text = (boolean.text or "").strip()
        return {"head": {}, "boolean": True if text == "true" else False if text == "false" else text}
    names = [v.get("name") for v in root.iterfind(f"{ns}head/{ns}variable")]
    rows = []
    for result in root.iterfind(f"{ns}results/{ns}result"):
        row: dict[str, Any] = {}
        for binding in result.iterfind(f"{ns}binding"):
            term = next(iter(binding), None)
            if term is None:
                raise BadAnswer("a binding of the XML answer holds no term")
            kind = term.tag.removeprefix(ns)
            value: dict[str, Any] = {"type": kind, "value": term.text or ""}
            lang = term.get("{http://www.w3.org/XML/1998/namespace}lang")
            if lang:
                value["xml:lang"] = lang
            if term.get("datatype"):
                value["datatype"] = term.get("datatype")
            row[binding.get("name")] = value
        rows.append(row)
    return {"head": {"vars": names}, "results": {"bindings": rows}}


def parse_answer(content_type: str, data: bytes, form: Form) -> Answer:
    """The answer in ``data`` (SPARQL results JSON or XML), checked against the query's ``form``."""
    media = content_type.split(";")[0].strip().lower()
    if media in JSON_TYPES:
        try:
            doc = json.loads(data)
        except (ValueError, UnicodeDecodeError) as exc:
            raise BadAnswer(f"the JSON answer does not parse ({exc})") from None
    elif media in XML_TYPES:
        doc = _xml_document(data)
    else:
        raise BadAnswer(f"sent {media or 'no content type'} where SPARQL results (JSON or XML) were expected")
    return from_document(doc, form)
