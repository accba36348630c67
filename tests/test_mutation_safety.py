"""queries/safety.py called directly: which ad-hoc queries are refused, with which whole message, and
where (line and column). Fast enough to run once per mutant (see docs/mutation-testing.md)."""

from __future__ import annotations

import pytest

from amhe.queries.safety import MAX_CHARACTERS, MAX_DEPTH, QueryRefused, QuerySyntaxError, check, within_limits

SELECT = "SELECT * WHERE { ?s ?p ?o }"


def test_the_limits_are_the_documented_ones():
    assert (MAX_CHARACTERS, MAX_DEPTH) == (65536, 20)


@pytest.mark.parametrize("text", ["", " \n\t "])
def test_an_empty_query_is_refused(text):
    with pytest.raises(QueryRefused, match="^the query is empty$"):
        within_limits(text)


def test_a_query_of_the_maximum_length_passes_and_one_more_character_is_refused():
    text = SELECT + " " * (MAX_CHARACTERS - len(SELECT))
    within_limits(text)
    with pytest.raises(QueryRefused) as caught:
        within_limits(text + " ")
    assert str(caught.value) == "the query is 65,537 characters long; ad-hoc queries may have at most 65,536"


@pytest.mark.parametrize("open_, close", [("{", "}"), ("(", ")"), ("[", "]")])
def test_nesting_to_the_limit_passes_and_one_deeper_is_refused_where_it_happens(open_, close):
    within_limits(open_ * MAX_DEPTH + close * MAX_DEPTH)
    within_limits((open_ + close) * (MAX_DEPTH + 5))  # siblings do not nest
    with pytest.raises(QueryRefused) as caught:
        within_limits("SELECT\n  " + open_ * (MAX_DEPTH + 1))
    assert str(caught.value) == ("the query nests brackets more than 20 deep (line 2, column 23); "
                                 "ad-hoc queries may nest at most 20")


@pytest.mark.parametrize("opaque", [
    '"{{{{{{{{{{{{{{{{{{{{{"', "'((((((((((((((((((((((('", '"""[[[[[[[[[[[[[[[[[[[[[[\n"""',
    "'''{{{{{{{{{{{{{{{{{{{{{{'''", "<urn:x((((((((((((((((((((((>", "# {{{{{{{{{{{{{{{{{{{{{{\n",
    '"\\"{{{{{{{{{{{{{{{{{{{{{{"',
])
def test_brackets_inside_strings_iris_and_comments_do_not_nest(opaque):
    within_limits("{" * MAX_DEPTH + opaque + "}" * MAX_DEPTH)


def test_lines_inside_a_long_string_and_after_a_comment_are_counted():
    text = 'SELECT """a\nb\nc""" # x\n' + "{" * (MAX_DEPTH + 1)
    with pytest.raises(QueryRefused, match=r"\(line 4, column 21\)"):
        within_limits(text)
    text = 'SELECT """a\nbc""" ' + "{" * (MAX_DEPTH + 1)
    with pytest.raises(QueryRefused, match=r"\(line 2, column 27\)"):
        within_limits(text)


def test_an_unclosed_quote_is_just_a_character():
    within_limits('"' + "{" * MAX_DEPTH)
    with pytest.raises(QueryRefused, match=r"column 22\)"):
        within_limits('"' + "{" * (MAX_DEPTH + 1))


@pytest.mark.parametrize("text, form", [
    (SELECT, "SelectQuery"),
    ("ASK { ?s ?p ?o }", "AskQuery"),
    ("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", "ConstructQuery"),
    ("DESCRIBE <urn:x>", "DescribeQuery"),
])
def test_check_returns_the_query_form(text, form):
    assert check(text) == form


def test_a_syntax_error_names_line_and_column():
    with pytest.raises(QuerySyntaxError) as caught:
        check("SELECT *\nWHERE { ?s ?p }")
    assert (caught.value.line, caught.value.column) == (2, 9)
    assert str(caught.value).startswith("SPARQL syntax error at line 2, column 9: ")


@pytest.mark.parametrize("text", ["INSERT DATA { <urn:a> <urn:b> <urn:c> }", "LOAD <http://example.org/x>",
                                  "CLEAR ALL", "DROP GRAPH <urn:g>"])
def test_updates_are_refused(text):
    with pytest.raises(QueryRefused) as caught:
        check(text)
    assert str(caught.value) == "updates (INSERT, DELETE, LOAD, CLEAR, DROP ...) are refused: the graph is read-only"


SERVICE = ("SELECT * WHERE { ?s ?p ?o OPTIONAL { SELECT ?s WHERE {\n"
           "  SERVICE <http://example.org/sparql> { ?s ?p ?o } } } }")
FROM = "SELECT * FROM NAMED <http://example.org/g> WHERE { ?s ?p ?o }"


def test_service_anywhere_is_refused_unless_remote_access_is_allowed():
    with pytest.raises(QueryRefused) as caught:
        check(SERVICE)
    assert str(caught.value) == ("SERVICE is refused: queries may not call other endpoints "
                                 "(use --allow-remote to permit it)")
    assert check(SERVICE, allow_remote=True) == "SelectQuery"


def test_from_is_refused_unless_remote_access_is_allowed():
    with pytest.raises(QueryRefused) as caught:
        check(FROM)
    assert str(caught.value) == ("FROM and FROM NAMED are refused: they would load graphs from elsewhere "
                                 "(use --allow-remote to permit it)")
    assert check(FROM, allow_remote=True) == "SelectQuery"


def test_check_applies_the_limits_first():
    with pytest.raises(QueryRefused, match="more than 20 deep"):
        check("SELECT * WHERE " + "{" * 25 + "}" * 25)
    with pytest.raises(QueryRefused, match="^the query is empty$"):
        check("  ")


def test_nesting_counts_from_the_first_character():
    with pytest.raises(QueryRefused, match=r"\(line 1, column 21\)"):
        within_limits("{" * (MAX_DEPTH + 1))


def test_a_column_counts_from_the_last_line_a_long_string_ends():
    with pytest.raises(QueryRefused, match=r"\(line 3, column 26\)"):
        within_limits('SELECT """a\nb\nc""" ' + "{" * (MAX_DEPTH + 1))


def test_closing_a_bracket_takes_one_level_off():
    within_limits("{" * MAX_DEPTH + "}" + "{" + "}" * MAX_DEPTH)
    with pytest.raises(QueryRefused, match=r"column 23\)"):
        within_limits("{" * MAX_DEPTH + "}" + "{{")


def test_letters_never_open_or_close_a_level():
    within_limits("SELECT ?" + "X" * 100 + " WHERE { }")
    with pytest.raises(QueryRefused, match="more than 20 deep"):
        within_limits("{" * MAX_DEPTH + " ?X " + "{")


def test_a_whole_syntax_error_message():
    with pytest.raises(QuerySyntaxError) as caught:
        check("SELECT *\nWHERE { ?s ?p }")
    assert str(caught.value) == "SPARQL syntax error at line 2, column 9: Expected SelectQuery"


def test_a_parser_stack_overflow_is_refused_in_one_line():
    """A smaller stack than this machine's (a thread, an embedding) overflows within the depth limit."""
    import inspect
    import sys

    query = "SELECT * WHERE " + "{" * (MAX_DEPTH - 1) + " ?s ?p ?o " + "}" * (MAX_DEPTH - 1)
    assert check(query) == "SelectQuery"  # parses on a full stack (and the parser's grammar is built)
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(len(inspect.stack()) + 120)
    try:
        with pytest.raises(QueryRefused) as caught:
            check(query)
    finally:
        sys.setrecursionlimit(limit)
    assert str(caught.value) == "the query is nested too deeply to be parsed"
