"""queries/run.py on a small in-memory Oxigraph store: parameters bound as terms (defaults where none
is given), pages cut as asked, and the VALUES block placed in every WHERE group and nowhere else. Whole
query texts and whole rows are pinned (mutation-tested, see docs/mutation-testing.md)."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph
import pytest

from amhe.graph.errors import BadInput
from amhe.queries import Page, Parameter, Question
from amhe.queries.binding import _code, where_groups
from amhe.queries.engine import OxigraphEngine
from amhe.queries.run import bindings, paged_text, run, run_example, values_block, with_values
from amhe.queries.terms import XSD, Term, integer, literal, uri

EX = "https://example.org/"
SCHEME = "https://w3id.org/amhe/scheme/population-characteristics"
SKOS = "http://www.w3.org/2004/02/skos/core#"


@pytest.fixture(scope="module")
def engine() -> OxigraphEngine:
    store = pyoxigraph.Store()
    turtle = f"""
    <{EX}a> <{EX}n> 1 ; <{EX}name> "apple" .
    <{EX}b> <{EX}n> 2 ; <{EX}name> "banana" .
    <{EX}c> <{EX}n> 3 ; <{EX}name> "cherry" .
    <https://w3id.org/amhe/population/8a> <{SKOS}inScheme> <{SCHEME}> ; <{SKOS}prefLabel> "Low SES" ;
        <{SKOS}notation> "8a" .
    """
    store.load(turtle.encode(), pyoxigraph.RdfFormat.TURTLE)
    return OxigraphEngine(store=store)


def question(text: str, parameters=(), page=None) -> Question:
    return Question("q", "Q", "a question", Path("q.rq"), text, tuple(parameters), (), page)


PAGED = f"""SELECT ?s ?name WHERE {{
  {{ SELECT ?s WHERE {{ ?s <{EX}n> ?n }} ORDER BY ?s
  LIMIT 2 OFFSET 0
  }}
  ?s <{EX}name> ?name .
}} ORDER BY ?s"""
MIN_N = Parameter("min_n", "integer", "2", "3", "smallest n")
NAME = Parameter("name", "string", "banana", "cherry", "a name")


def names(answer) -> list[str]:
    return [row[answer.vars.index("name")].value for row in answer.rows]


def test_paged_text_cuts_the_page_asked_for():
    q = question(PAGED, page=Page(2, "s"))
    assert paged_text(q) == PAGED
    assert paged_text(q, 2) == PAGED.replace("  LIMIT 2 OFFSET 0", "  LIMIT 2 OFFSET 2")
    assert paged_text(q, 3, 5) == PAGED.replace("  LIMIT 2 OFFSET 0", "  LIMIT 5 OFFSET 10")
    assert paged_text(q, None) == PAGED.replace("  LIMIT 2 OFFSET 0", "")
    unpaged = question("SELECT * WHERE { ?s ?p ?o }\nLIMIT 2 OFFSET 0")
    assert paged_text(unpaged, 4, 7) == unpaged.text


@pytest.mark.parametrize("page, size", [(0, 2), (1, 0), (-1, 2), (1.5, 2), (1, "2"), ("1", 2)])
def test_a_bad_page_is_refused_in_one_line(page, size):
    with pytest.raises(BadInput) as caught:
        paged_text(question(PAGED, page=Page(2, "s")), page, size)
    assert str(caught.value) == f"page and page size must be whole numbers from 1, got {page!r} and {size!r}"


def test_run_answers_each_page_and_every_row(engine):
    q = question(PAGED, page=Page(2, "s"))
    assert names(run(engine, q)) == ["apple", "banana"]
    assert names(run(engine, q, page=2)) == ["cherry"]
    assert names(run(engine, q, page=1, page_size=1)) == ["apple"]
    assert names(run(engine, q, page=None)) == ["apple", "banana", "cherry"]


FILTERED = f"SELECT ?name WHERE {{ ?s <{EX}n> ?n ; <{EX}name> ?name FILTER(?n >= ?min_n) }} ORDER BY ?name"


def test_parameters_take_their_default_when_missing_or_none(engine):
    q = question(FILTERED, [MIN_N])
    assert bindings(engine, q) == {"min_n": integer(2)}
    assert bindings(engine, q, {"min_n": None}) == {"min_n": integer(2)}
    assert bindings(engine, q, {"min_n": "3", "other": "x"}) == {"min_n": integer(3)}
    assert names(run(engine, q)) == ["banana", "cherry"]
    assert names(run(engine, q, {"min_n": "1"})) == ["apple", "banana", "cherry"]
    assert names(run_example(engine, q)) == ["cherry"]


def test_every_parameter_is_bound_by_its_type(engine):
    population = Parameter("population", "population", "8a", "Low SES", "who")
    q = question(FILTERED, [MIN_N, NAME, population])
    assert bindings(engine, q, {"name": "apple"}) == {
        "min_n": integer(2), "name": literal("apple"), "population": uri("https://w3id.org/amhe/population/8a")}
    labelled = question(f"SELECT ?label WHERE {{ ?population <{SKOS}prefLabel> ?label }}", [population])
    assert run(engine, labelled, {"population": "low ses"}).rows == [(literal("Low SES"),)]


def test_a_string_parameter_matches_only_itself(engine):
    q = question(f"SELECT ?s WHERE {{ ?s <{EX}name> ?name }}", [NAME])
    assert run(engine, q).rows == [(uri(EX + "b"),)]
    assert run(engine, q, {"name": '" } ?s ?p ?o { "'}).rows == []


def test_values_block_is_one_row_of_n3_terms():
    terms = {"a": uri(EX + "x"), "b": literal('say "hi"'), "c": Term("literal", "2", XSD + "integer")}
    assert values_block(terms) == (f'VALUES (?a ?b ?c) {{ (<{EX}x> "say \\"hi\\"" '
                                   '"2"^^<http://www.w3.org/2001/XMLSchema#integer>) }')


def test_with_values_opens_every_where_group_and_skips_comments():
    text = ("# WHERE { in a comment\n"
            "   # WHERE { in an indented comment\n"
            "SELECT ?s WHERE {\n"
            "  { SELECT ?s where{ ?s ?p ?o } }\n"
            "}\n")
    block = 'VALUES (?p) { (<https://example.org/p>) }'
    assert with_values(text, {"p": uri(EX + "p")}) == (
        "# WHERE { in a comment\n"
        "   # WHERE { in an indented comment\n"
        f"SELECT ?s WHERE {{\n  {block}\n\n"
        f"  {{ SELECT ?s where{{\n  {block}\n ?s ?p ?o }} }}\n"
        "}\n")


def test_with_values_leaves_a_query_without_parameters_alone():
    assert with_values("ASK {}", {}) == "ASK {}"


def test_with_values_refuses_a_query_with_no_where_group():
    text = "# WHERE {\nASK { ?s ?p ?o }"
    with pytest.raises(ValueError, match="^query has no WHERE clause to bind its parameters in$"):
        with_values(text, {"p": uri(EX + "p")})


def test_a_word_ending_in_where_is_not_a_where_group():
    with pytest.raises(ValueError):
        with_values("SELECT ?s { ?s <urn:nowhere> ?o } # SOMEWHERE {", {"p": uri(EX + "p")})
    with pytest.raises(ValueError):
        with_values("SELECT ?s { ?s ?anywhere{ ?o } }", {"p": uri(EX + "p")})


# queries/binding.py (values_block and with_values live there; run.py re-exports them). The outer WHERE group
# binds every parameter, a subquery only those it names; strings, IRIs and comments hide braces and words.
P = uri("https://example.org/p")
Q = literal("q")
BOTH = 'VALUES (?p ?q) { (<https://example.org/p> "q") }'
ONLY_P = "VALUES (?p) { (<https://example.org/p>) }"


def test_a_subquery_binds_only_the_parameters_it_names():
    text = ("SELECT * WHERE {\n"
            "  { SELECT ?s WHERE { ?s ?x ?o } }\n"
            "  OPTIONAL { SELECT ?s WHERE { ?s ?p ?pp } }\n"
            "  { SELECT ?s WHERE { ?s <urn:x> $q } }\n"
            "}")
    assert with_values(text, {"p": P, "q": Q}) == (
        f"SELECT * WHERE {{\n  {BOTH}\n\n"
        "  { SELECT ?s WHERE { ?s ?x ?o } }\n"
        f"  OPTIONAL {{ SELECT ?s WHERE {{\n  {ONLY_P}\n ?s ?p ?pp }} }}\n"
        "  { SELECT ?s WHERE {\n  VALUES (?q) { (\"q\") }\n ?s <urn:x> $q } }\n"
        "}")


def test_a_variable_that_only_starts_with_the_name_is_not_it():
    text = "SELECT * WHERE { { SELECT ?pp WHERE { ?s ?pp ?o } } }"
    assert with_values(text, {"p": P}) == (
        f"SELECT * WHERE {{\n  {ONLY_P}\n {{ SELECT ?pp WHERE {{ ?s ?pp ?o }} }} }}")


def test_a_name_in_a_string_iri_or_comment_is_not_a_use():
    text = ("SELECT * WHERE {\n"
            "  { SELECT ?s WHERE { ?s <urn:x?p> '?p' # ?p\n } }\n"
            "}")
    assert with_values(text, {"p": P}) == (
        f"SELECT * WHERE {{\n  {ONLY_P}\n\n"
        "  { SELECT ?s WHERE { ?s <urn:x?p> '?p' # ?p\n } }\n"
        "}")


def test_where_groups_are_the_braces_after_where_in_order_of_opening():
    code = "SELECT * WHERE { { SELECT ?s where  { ?s ?p ?o } } OPTIONAL { ?s ?q ?r } }"
    outer, inner = code.index("{") + 1, code.index("{", code.index("where")) + 1
    assert where_groups(code) == [(outer, len(code) - 1), (inner, code.index("}"))]
    # A WHERE group never closed runs to the end of the text; a '}' with no '{' open is ignored.
    assert where_groups("} WHERE { ?s ?p ?o") == [(9, 18)]
    assert where_groups("SELECT * { ?s ?p ?o }") == []


def test_strings_of_every_kind_and_iris_hide_braces_and_words():
    text = ('SELECT * WHERE { ?s ?p """a } \\" "" WHERE {""" , \'\'\'b } \'\' WHERE {\'\'\' , "c } WHERE {" , '
            "'d } WHERE {' , <urn:e#x> }")
    assert with_values(text, {"p": P}) == text.replace("WHERE {", f"WHERE {{\n  {ONLY_P}\n", 1)
    # A '#' inside an IRI starts no comment, so the group still closes at the last brace.
    assert where_groups(_code(text)) == [(len("SELECT * WHERE {"), len(text) - 1)]
