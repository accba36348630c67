"""Comparing answers term by term: value, datatype and language tag all count."""

from __future__ import annotations

import pytest

from amhe.queries.terms import RDF_LANGSTRING, XSD, Answer, Term, literal, term_key, uri


@pytest.mark.parametrize("a, b", [
    (literal("3", XSD + "integer"), literal("3", XSD + "positiveInteger")),  # Oxigraph's rewrite, not hidden
    (literal("3", XSD + "integer"), literal("3")),
    (literal("3", XSD + "integer"), literal("3", XSD + "decimal")),
    (literal("Religion", lang="en"), literal("Religion")),
    (literal("Religion", lang="en"), literal("Religion", lang="fr")),
    (uri("https://w3id.org/amhe/reference/3"), literal("https://w3id.org/amhe/reference/3")),
    (literal(""), None),
])
def test_terms_that_differ_compare_different(a, b):
    assert term_key(a) != term_key(b)


@pytest.mark.parametrize("a, b", [
    (literal("x"), literal("x", XSD + "string")),  # a simple literal is an xsd:string (RDF 1.1)
    (literal("x", lang="en-GB"), literal("x", RDF_LANGSTRING, "en-gb")),  # tags are case-insensitive
    (literal("300.0", XSD + "decimal"), literal("300", XSD + "decimal")),  # Oxigraph's canonical forms
    (literal("0.50", XSD + "decimal"), literal(".5", XSD + "decimal")),
    (literal("+007", XSD + "integer"), literal("7", XSD + "integer")),
    (literal("1", XSD + "boolean"), literal("true", XSD + "boolean")),
    (literal("1.0E2", XSD + "double"), literal("100", XSD + "double")),
    (literal("b, a", None), literal("a, b", None)),  # GROUP_CONCAT lists come in any order
    (Term("bnode", "b0"), Term("bnode", "x12")),
])
def test_terms_that_are_the_same_compare_equal(a, b):
    assert term_key(a) == term_key(b)


def test_canonical_rows_keep_datatypes():
    ours = Answer(["n"], [(literal("1", XSD + "integer"),)])
    stripped = Answer(["n"], [(literal("1"),)])
    assert ours.canonical() == [(("literal", "1", XSD + "integer", ""),)]
    assert ours.canonical() != stripped.canonical()
