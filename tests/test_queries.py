"""Every canned question answers its documented example with facts from the source.

EXPECTED holds, per question, what the source says its example's answer must contain and
must not contain. A question without an entry fails, so the catalogue cannot grow untested,
and the catalogue cannot shrink below MINIMUM.
"""

from __future__ import annotations

import pytest
from rdflib import Literal

from amhe.queries import catalogue, parse_question
from amhe.queries.params import UnknownValue, bind
from amhe.queries.render import label
from amhe.queries.run import run, run_example

MINIMUM = 2

EXPECTED = {
    # Table 5: rows coded 8a Low SES (Incredible Years, refs 15-21) but not those coded only 8c (PRIME, ref 68).
    "interventions-for-population": {
        "column": "intervention",
        "must": ["Incredible Years Parenting Programs", "Moving to Opportunity", "MOM-Net"],
        "must_not": ["PRIME project", "Refugee Wellbeing Project", "Telehealth"],
        "rows": 52,
    },
    # Audit: Table 3's religion figure, the extra 4a cell, and Table 2's DET (complete) matching.
    "audit-findings": {
        "column": "explanation",
        "must": ["Table 3 prints 3 for 2a Religion", "59–66, 105–113"],
        "must_not": [],
        "rows": None,
    },
}


def answer(g, question_id, values=None):
    result = run(g, catalogue()[question_id], values) if values is not None else run_example(
        g, catalogue()[question_id])
    names = [str(v) for v in result.vars]
    return [dict(zip(names, row, strict=True)) for row in result]


def test_catalogue_does_not_shrink():
    assert len(catalogue()) >= MINIMUM


@pytest.mark.parametrize("question_id", sorted(catalogue()))
def test_question_answers_its_example(built, question_id):
    assert question_id in EXPECTED, f"add the source's facts for {question_id} to EXPECTED"
    expected = EXPECTED[question_id]
    rows = answer(built, question_id)
    shown = {label(built, r[expected["column"]]) for r in rows}
    for fact in expected["must"]:
        assert any(fact in s for s in shown), f"{question_id}: {fact!r} missing"
    for fact in expected["must_not"]:
        assert not any(fact == s for s in shown), f"{question_id}: {fact!r} should not be there"
    if expected["rows"] is not None:
        assert len(rows) == expected["rows"]


@pytest.mark.parametrize("question_id", sorted(catalogue()))
def test_question_runs_bare_with_defaults(built, question_id):
    assert answer(built, question_id, {})


@pytest.mark.parametrize("value", ["Low SES", "low ses", "8a", "8A", "  Low   SES ",
                                   "https://w3id.org/amhe/population/8a-low-ses", "low socioeconomic status"])
def test_population_accepts_label_code_and_alternatives(built, value):
    rows = answer(built, "interventions-for-population", {"population": value})
    assert len(rows) == 52


def test_broader_characteristic_includes_its_subtypes(built):
    by_characteristic = answer(built, "interventions-for-population", {"population": "Socioeconomic status"})
    by_abbreviation = answer(built, "interventions-for-population", {"population": "SES"})
    names = {label(built, r["intervention"]) for r in by_characteristic}
    assert len(by_characteristic) == len(by_abbreviation) == 54
    assert {"PRIME project", "Incredible Years Parenting Programs"} <= names
    race = answer(built, "interventions-for-population", {"population": "Race"})
    parts = sum((answer(built, "interventions-for-population", {"population": c}) for c in ("1a", "1b", "1c")), [])
    assert {r["intervention"] for r in race} == {r["intervention"] for r in parts}


HOSTILE = ['Low SES"', "Low SES' }", "} UNION { ?s ?p ?o }", "8a # comment", "8a\nUNION",
           'nobody" || "1" = "1', "x } SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o", "<https://w3id.org/amhe/>"]


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_population_values_are_inert(built, value):
    question = catalogue()["interventions-for-population"]
    with pytest.raises(UnknownValue):
        bind(built, question.parameters[0], value)


@pytest.mark.parametrize("value", ['all" || "1" = "1', 'matches") || true || ("', "all\t", "} UNION {", "all #"])
def test_hostile_string_values_match_nothing(built, value):
    assert answer(built, "audit-findings", {"status": value}) == []
    assert answer(built, "audit-findings", {"status": "all"})


def test_values_are_bound_as_terms_not_text(built):
    question = catalogue()["audit-findings"]
    assert bind(built, question.parameters[0], 'a"b') == Literal('a"b')
    assert 'a"b' not in question.text


def test_header_is_required(tmp_path):
    from amhe.queries import CatalogueError

    path = tmp_path / "broken.rq"
    path.write_text("#+ id: broken\nSELECT * WHERE { ?s ?p ?o }\n", encoding="utf-8")
    with pytest.raises(CatalogueError, match="lacks '#\\+ title:'"):
        parse_question(path)


@pytest.mark.parametrize("question_id", sorted(catalogue()))
def test_values_clause_binding_gives_the_same_rows(built, question_id):
    """Remote engines get parameters as a trailing VALUES clause built from terms: same rows as initBindings."""
    from amhe.queries.run import bindings, with_values

    question = catalogue()[question_id]
    terms = bindings(built, question, {p.name: p.example for p in question.parameters})
    embedded = canonical_rows(built.query(question.text, initBindings=terms))
    assert embedded
    assert canonical_rows(built.query(with_values(question.text, terms))) == embedded


def canonical_rows(result) -> list[tuple[str, ...]]:
    """Rows as comparable strings; GROUP_CONCAT lists (', '-separated) sorted, since engines order them freely."""
    def cell(term):
        text = "" if term is None else str(term)
        return ", ".join(sorted(text.split(", "))) if ", " in text else text

    return sorted(tuple(cell(t) for t in row) for row in result)
