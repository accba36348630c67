"""queries/terms.py pinned value by value: the SPARQL text a term binds as, its JSON form, and how
answers compare. These are the defences against injection through VALUES and against engines that
silently drop datatypes, so each expectation is a whole string or a whole tuple (mutation-tested,
see docs/mutation-testing.md)."""

from __future__ import annotations

import pickle

import pytest

from amhe.graph.errors import BadInput
from amhe.queries.terms import (
    RDF_LANGSTRING,
    XSD,
    Answer,
    Term,
    canonical_lexical,
    from_json,
    integer,
    literal,
    term_key,
    uri,
)


def test_constructors_build_whole_terms():
    assert uri("https://w3id.org/amhe/x") == Term("uri", "https://w3id.org/amhe/x", None, None)
    assert literal("a") == Term("literal", "a", None, None)
    assert literal("a", XSD + "date", None) == Term("literal", "a", XSD + "date", None)
    assert literal("a", lang="en") == Term("literal", "a", None, "en")
    assert integer(-7) == Term("literal", "-7", XSD + "integer", None)
    assert str(literal("shown")) == "shown"


@pytest.mark.parametrize("term, text", [
    (uri("https://w3id.org/amhe/population/8a"), "<https://w3id.org/amhe/population/8a>"),
    (literal("plain"), '"plain"'),
    (literal("plain", XSD + "string"), '"plain"'),
    (literal("Religion", lang="en"), '"Religion"@en'),
    (literal("Religion", XSD + "string", "en"), '"Religion"@en'),
    (integer(3), '"3"^^<http://www.w3.org/2001/XMLSchema#integer>'),
    (literal('a"b\\c'), '"a\\"b\\\\c"'),
    (literal("l1\nl2\rl3\tl4\bl5\fl6"), '"l1\\nl2\\rl3\\tl4\\bl5\\fl6"'),
    (literal("nul\x00 del\x7f nel\x85 ls\u2028 ps\u2029 esc\x1b"),
     '"nul\\u0000 del\\u007F nel\\u0085 ls\\u2028 ps\\u2029 esc\\u001B"'),
    (literal("} . ?s ?p ?o #"), '"} . ?s ?p ?o #"'),
])
def test_n3_is_the_escaped_sparql_form(term, text):
    assert term.n3() == text


@pytest.mark.parametrize("value, bad", [
    ("https://x/a b", "' '"),
    ("https://x/a>b", "'>'"),
    ("https://x/<{}>", "'<>{}'"),
    ('https://x/"|^`\\', "'\"\\\\^`|'"),
    ("https://x/\x00", "'\\x00'"),
])
def test_n3_refuses_an_iri_that_could_end_early(value, bad):
    with pytest.raises(BadInput) as caught:
        uri(value).n3()
    assert str(caught.value) == f"not a valid IRI (contains {bad}): {value!r}"


def test_n3_accepts_the_characters_an_iri_may_hold():
    value = "https://x/a!#$%&'()*+,-./:;=?@[]_~é"
    assert uri(value).n3() == f"<{value}>"


def test_n3_refuses_a_blank_node():
    with pytest.raises(BadInput, match="^blank nodes cannot be bound as parameters$"):
        Term("bnode", "b0").n3()


@pytest.mark.parametrize("term, json", [
    (uri("https://x/a"), {"type": "uri", "value": "https://x/a"}),
    (literal("a"), {"type": "literal", "value": "a"}),
    (literal("a", lang="en"), {"type": "literal", "value": "a", "xml:lang": "en"}),
    (literal("a", XSD + "string", "en"), {"type": "literal", "value": "a", "xml:lang": "en"}),
    (integer(2), {"type": "literal", "value": "2", "datatype": XSD + "integer"}),
    (Term("uri", "https://x/a", XSD + "integer"), {"type": "uri", "value": "https://x/a"}),
    (Term("bnode", "b1"), {"type": "bnode", "value": "b1"}),
])
def test_to_json_is_the_sparql_results_form(term, json):
    assert term.to_json() == json


@pytest.mark.parametrize("json, term", [
    ({"type": "uri", "value": "https://x/a"}, uri("https://x/a")),
    ({"type": "literal", "value": "a", "xml:lang": "en"}, literal("a", lang="en")),
    ({"type": "typed-literal", "value": "2", "datatype": XSD + "integer"}, integer(2)),
    ({"type": "bnode", "value": "b1"}, Term("bnode", "b1")),
])
def test_from_json_reads_every_kind(json, term):
    assert from_json(json) == term


def test_answer_holds_rows_and_limits_them():
    rows = [(uri("https://x/1"), None), (uri("https://x/2"), literal("b"))]
    answer = Answer(["s", "o"], rows)
    assert (answer.vars, answer.rows, answer.boolean) == (["s", "o"], rows, None)
    assert repr(answer) == "Answer(vars=['s', 'o'], rows=2)"
    assert answer.limit(None) is answer
    one = answer.limit(1)
    assert (one.vars, one.rows, one.boolean) == (["s", "o"], rows[:1], None)
    assert answer.dicts() == [{"s": uri("https://x/1"), "o": None}, {"s": uri("https://x/2"), "o": literal("b")}]
    empty = Answer(["s"])
    assert (empty.rows, empty.boolean) == ([], None)


def test_a_row_of_the_wrong_width_is_refused_not_cut():
    with pytest.raises(ValueError):
        Answer(["s", "o"], [(uri("https://x/1"),)]).dicts()


def test_answer_survives_pickling_whole():
    answer = Answer(["n"], [(integer(1),)], True)
    copy = pickle.loads(pickle.dumps(answer))
    assert (copy.vars, copy.rows, copy.boolean) == (["n"], [(integer(1),)], True)
    assert answer.__getstate__() == {"vars": ["n"], "rows": [(integer(1),)], "boolean": True}


@pytest.mark.parametrize("value", [True, False])
def test_ask_answers_are_one_boolean_row(value):
    answer = Answer.ask(value)
    word = "true" if value else "false"
    assert (answer.vars, answer.rows, answer.boolean) == (["ask"], [(literal(word, XSD + "boolean"),)], value)
    assert answer.limit(0).boolean is value


@pytest.mark.parametrize("value, datatype, canonical", [
    ("+007", XSD + "integer", "7"),
    (" 12 ", XSD + "integer", "12"),
    ("x", XSD + "integer", "x"),
    ("300.0", XSD + "decimal", "300"),
    ("0.50", XSD + "decimal", "0.5"),
    ("-0.0", XSD + "decimal", "0"),
    ("1E+2", XSD + "decimal", "100"),
    ("NaN", XSD + "decimal", "NaN"),
    ("Infinity", XSD + "decimal", "Infinity"),
    ("abc", XSD + "decimal", "abc"),
    ("1", XSD + "boolean", "true"),
    ("0", XSD + "boolean", "false"),
    ("true", XSD + "boolean", "true"),
    ("false", XSD + "boolean", "false"),
    (" true ", XSD + "boolean", "true"),
    (" false", XSD + "boolean", "false"),
    ("yes", XSD + "boolean", "yes"),
    ("1.0E2", XSD + "double", "100.0"),
    ("1", XSD + "float", "1.0"),
    ("x", XSD + "double", "x"),
    ("+007", XSD + "positiveInteger", "+007"),
    ("1", None, "1"),
])
def test_canonical_lexical_forms(value, datatype, canonical):
    assert canonical_lexical(value, datatype) == canonical


@pytest.mark.parametrize("term, key", [
    (None, ("", "", "", "")),
    (Term("bnode", "b7"), ("bnode", "", "", "")),
    (Term("uri", "https://x/a", XSD + "string", "en"), ("uri", "https://x/a", "", "")),
    (literal("a"), ("literal", "a", XSD + "string", "")),
    (literal("a", lang="EN-gb"), ("literal", "a", RDF_LANGSTRING, "en-gb")),
    (literal("a", XSD + "string", "en"), ("literal", "a", RDF_LANGSTRING, "en")),
    (literal("+1", XSD + "integer"), ("literal", "1", XSD + "integer", "")),
    (literal("c, a, b"), ("literal", "a, b, c", XSD + "string", "")),
    (literal("c,a"), ("literal", "c,a", XSD + "string", "")),
])
def test_term_key_is_the_whole_term(term, key):
    assert term_key(term) == key


def test_canonical_sorts_rows_of_whole_terms():
    answer = Answer(["s", "n"], [(uri("https://x/b"), integer(2)), (uri("https://x/a"), None)])
    assert answer.canonical() == [
        (("uri", "https://x/a", "", ""), ("", "", "", "")),
        (("uri", "https://x/b", "", ""), ("literal", "2", XSD + "integer", "")),
    ]
