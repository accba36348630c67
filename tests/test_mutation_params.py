"""queries/params.py on a small in-memory Oxigraph store whose concepts carry every kind of name: what a
value resolves to, which name wins, the whole error when it resolves to nothing or to two concepts, and
the line that says what was understood (mutation-tested, see docs/mutation-testing.md). The store has no
search index beside it, so suggestions come from shared words."""

from __future__ import annotations

import pyoxigraph
import pytest

from amhe.graph.errors import BadInput
from amhe.queries import Parameter
from amhe.queries.engine import OxigraphEngine
from amhe.queries.params import (
    AmbiguousValue,
    Entry,
    UnknownValue,
    bind,
    entries,
    listing_hint,
    names,
    resolve,
    understand,
    understood_line,
    values_answer,
)
from amhe.queries.terms import XSD, integer, literal, uri

A = "https://w3id.org/amhe/"
POP = A + "population/"
SKOS = "http://www.w3.org/2004/02/skos/core#"
TURTLE = f"""
@prefix skos: <{SKOS}> .
@prefix pop: <{POP}> .
@prefix schema: <https://schema.org/> .
pop:8 skos:inScheme <{A}scheme/population-characteristics> ; skos:prefLabel "Socio-economic status" ;
    skos:notation "8" .
pop:8a skos:inScheme <{A}scheme/population-characteristics> ; skos:prefLabel "Low SES" ; skos:notation "8a" ;
    skos:broader pop:8 ; skos:altLabel "people with low incomes", "low SES" ;
    skos:hiddenLabel "poverty", "poor", "hardship" .
pop:8b skos:inScheme <{A}scheme/population-characteristics> ; skos:prefLabel "Unemployed" ;
    skos:notation "8b" ; skos:broader pop:8 ; skos:hiddenLabel "poor", "jobless", "Jobseekers", "jobs" ;
    skos:definition "people out of work and on benefits" .
pop:10a skos:inScheme <{A}scheme/population-characteristics> ; skos:prefLabel "Older adults" ;
    skos:notation "10a" ; skos:altLabel "older people", "low SES" ; skos:hiddenLabel "hardship" .
pop:2 skos:inScheme <{A}scheme/population-characteristics> ; skos:prefLabel "Disability (2)" ;
    skos:notation "2" ; skos:altLabel "learning disabilities" .
pop:x skos:inScheme <{A}scheme/population-characteristics> ; skos:hiddenLabel "hidden only" .
<{A}organisation/care-quality-commission> a schema:Organization ; schema:name "Care Quality Commission" ;
    skos:altLabel "CQC" .
<{A}organisation/abc> a schema:Organization ; schema:name "CQC" .
<{A}place/1> a schema:Place ; schema:name "County 1" .
<{A}place/2> a schema:Place ; schema:name "County 2" .
<{A}place/3> a schema:Place ; schema:name "County 3" .
<{A}place/4> a schema:Place ; schema:name "County 4" .
<{A}place/5> a schema:Place ; schema:name "County 5" ; skos:altLabel "twin town" .
<{A}place/6> a schema:Country ; schema:name "County 6" ; skos:altLabel "twin town" .
pop:8 a <https://w3id.org/amhe/ontology#PopulationCharacteristic> .
pop:8a a <https://w3id.org/amhe/ontology#PopulationSubtype> .
pop:8b a <https://w3id.org/amhe/ontology#PopulationSubtype> .
pop:10a a <https://w3id.org/amhe/ontology#PopulationSubtype> .
pop:2 a <https://w3id.org/amhe/ontology#PopulationCharacteristic> .
"""


@pytest.fixture(scope="module")
def engine() -> OxigraphEngine:
    store = pyoxigraph.Store()
    store.load(TURTLE.encode(), pyoxigraph.RdfFormat.TURTLE)
    return OxigraphEngine(store=store)


POPULATION = Parameter("population", "population", "8a", "Low SES", "who")


def test_entries_hold_label_code_and_every_name(engine):
    found = entries(engine, "population")
    assert found[POP + "8a"] == Entry(POP + "8a", "Low SES", "8a", (
        (SKOS + "prefLabel", "Low SES"), (SKOS + "altLabel", "low SES"), (SKOS + "altLabel", "people with low incomes"),
        (SKOS + "notation", "8a"), (SKOS + "hiddenLabel", "hardship"), (SKOS + "hiddenLabel", "poor"),
        (SKOS + "hiddenLabel", "poverty")))
    assert found[POP + "x"] == Entry(POP + "x", "x", None, ((SKOS + "hiddenLabel", "hidden only"),))
    assert sorted(found) == [POP + c for c in ("10a", "2", "8", "8a", "8b", "x")]


def test_shown_keeps_a_code_once():
    assert Entry("i", "Low SES", "8a", ()).shown() == "Low SES (8a)"
    assert Entry("i", "Disability (2)", "2", ()).shown() == "Disability (2)"
    assert Entry("i", "Care", None, ()).shown() == "Care"


@pytest.mark.parametrize("value, iri", [
    ("Low SES", "8a"), ("  low ses ", "8a"), ("8a", "8a"), ("8A", "8a"), ("people with low incomes", "8a"),
    ("poverty", "8a"), (POP + "8a", "8a"), ("LOW SES", "8a"), (" " + POP + "8a ", "8a"), ("older people", "10a"),
    ("the older people", "10a"), ("8", "8"), ("Disability (2)", "2"), ("2", "2"), ("x", "x"),
])
def test_a_value_resolves_by_any_of_its_names(engine, value, iri):
    assert resolve(engine, "population", "population", value) == uri(POP + iri)


def test_the_better_kind_of_name_wins_where_two_share_it(engine):
    cqc = A + "organisation/care-quality-commission"
    assert resolve(engine, "organisation", "organisation", "CQC") == uri(cqc)  # an altLabel beats a schema:name
    assert resolve(engine, "organisation", "organisation", "The Care Quality Commission") == uri(cqc)
    keys, labels = names(engine, "organisation")
    assert (keys["cqc"], keys["care quality commission"], keys["abc"]) == (cqc, cqc, A + "organisation/abc")
    assert labels == {cqc: "Care Quality Commission", A + "organisation/abc": "CQC"}


def test_a_search_name_two_concepts_share_is_ambiguous(engine):
    with pytest.raises(AmbiguousValue) as caught:
        understand(engine, "population", "population", "poor")
    assert str(caught.value) == ("population 'poor' could mean Low SES (8a) or Unemployed (8b); give one, e.g. "
                                 "--population 8a (run `amhe values population` to list them)")
    assert caught.value.suggestions == ["Low SES (8a)", "Unemployed (8b)"]
    assert [c.iri for c in caught.value.choices] == [POP + "8a", POP + "8b"]
    assert (caught.value.parameter, caught.value.value) == ("population", "poor")


def test_an_unknown_value_suggests_concepts_sharing_words(engine):
    with pytest.raises(UnknownValue) as caught:
        understand(engine, "group", "population", "incomes of older people")
    assert str(caught.value) == ("unknown group 'incomes of older people'; did you mean: Low SES (8a); Older adults "
                                 "(10a)? (run `amhe values population` to list them)")
    assert caught.value.suggestions == ["Low SES (8a)", "Older adults (10a)"]
    with pytest.raises(UnknownValue) as caught:
        understand(engine, "population", "population", "the of people")
    assert str(caught.value) == "unknown population 'the of people' (run `amhe values population` to list them)"


def test_a_word_stem_or_prefix_suggests_too(engine):
    for typed, expected in [("income", ["Low SES (8a)"]), ("disability", ["Disability (2)"]),
                            ("disabled", ["Disability (2)"]), ("adult", ["Older adults (10a)"])]:
        with pytest.raises(UnknownValue) as caught:
            understand(engine, "population", "population", typed)
        assert caught.value.suggestions == expected, typed


def test_a_short_singular_meets_its_plural(engine):
    with pytest.raises(UnknownValue) as caught:
        understand(engine, "population", "population", "job")
    assert caught.value.suggestions == ["Unemployed (8b)"]


def test_a_shared_word_outranks_a_shared_prefix(engine):
    with pytest.raises(UnknownValue) as caught:
        understand(engine, "population", "population", "disabled older")
    assert caught.value.suggestions == ["Older adults (10a)", "Disability (2)"]


def test_a_shared_name_without_codes_is_offered_by_label(engine):
    with pytest.raises(AmbiguousValue) as caught:
        understand(engine, "place", "place", "Twin Town")
    assert str(caught.value) == ("place 'Twin Town' could mean County 5 or County 6; give one, e.g. --place "
                                 "'County 5' (run `amhe values place` to list them)")


def test_suggestions_are_the_same_on_rdflib(engine):
    from rdflib import Graph

    from amhe.queries.engine import RdflibEngine

    graph = Graph()
    graph.parse(data=TURTLE, format="turtle")
    for typed in ("poor older", "counties", "job"):
        with pytest.raises(UnknownValue) as on_rdflib:
            understand(RdflibEngine(graph), "population", "population", typed)
        with pytest.raises(UnknownValue) as on_oxigraph:
            understand(engine, "population", "population", typed)
        assert on_rdflib.value.suggestions == on_oxigraph.value.suggestions, typed


def test_rarer_shared_words_rank_first(engine):
    with pytest.raises(UnknownValue) as caught:
        understand(engine, "population", "population", "poor jobless")
    assert caught.value.suggestions == ["Unemployed (8b)", "Low SES (8a)"]


def test_the_listing_hint_names_the_command():
    assert listing_hint("place") == "run `amhe values place` to list them"
    assert listing_hint("group") == ("run `amhe values KIND` to list names (population, intervention-type, place, "
                                     "organisation, act)")


def test_values_lists_every_name_in_code_order(engine):
    answer = values_answer(engine, "population")
    assert answer.vars == ["code", "label", "source_names", "search_names", "iri"]
    assert answer.rows == [
        (literal("2"), literal("Disability (2)"), literal("learning disabilities"), literal(""), uri(POP + "2")),
        (literal("8"), literal("Socio-economic status"), literal(""), literal(""), uri(POP + "8")),
        (literal("8a"), literal("Low SES"), literal("people with low incomes"), literal("hardship; poor; poverty"),
         uri(POP + "8a")),
        (literal("8b"), literal("Unemployed"), literal(""), literal("jobless; jobs; Jobseekers; poor"),
         uri(POP + "8b")),
        (literal("10a"), literal("Older adults"), literal("low SES; older people"), literal("hardship"),
         uri(POP + "10a")),
        (None, literal("x"), literal(""), literal("hidden only"), uri(POP + "x")),
    ]


@pytest.mark.parametrize("value, expands, line", [
    ("8a", False, "population: Low SES (8a)"),
    ("Low SES", False, "population: Low SES (8a)"),
    ("poverty", False, "population: Low SES (8a), from the search name 'poverty' (our judgement, not the source's "
     "words)"),
    ("people with low incomes", False, "population: Low SES (8a), from 'people with low incomes', a name the source "
     "uses for it"),
    (POP + "8a", False, "population: Low SES (8a)"),
])
def test_the_understood_line(engine, value, expands, line):
    assert understood_line(engine, POPULATION, uri(POP + "8a"), value, expands) == line


def test_the_understood_line_names_subtypes(engine):
    assert understood_line(engine, POPULATION, uri(POP + "8"), "8", True) == (
        "population: Socio-economic status (8) and its subtypes (Low SES (8a), Unemployed (8b))")
    assert understood_line(engine, POPULATION, uri(POP + "8"), "8", False) == "population: Socio-economic status (8)"
    assert understood_line(engine, POPULATION, uri(POP + "8a"), "8a", True) == "population: Low SES (8a)"
    assert understood_line(engine, POPULATION, uri(A + "other"), "z", True) == f"population: <{A}other>"


def test_bind_by_type(engine):
    assert bind(engine, POPULATION, "low ses") == uri(POP + "8a")
    count = Parameter("n", "integer", "1", "2", "a count")
    assert bind(engine, count, " -12 ") == integer(-12)
    assert bind(engine, count, "007") == literal("7", XSD + "integer")
    for bad in ("1.5", "x", "", "1 2", "+1"):
        with pytest.raises(BadInput) as caught:
            bind(engine, count, bad)
        assert str(caught.value) == f"n must be a whole number, got {bad!r}"
    text = Parameter("name", "string", "", "x", "a name")
    assert bind(engine, text, " Low SES ") == literal(" Low SES ")


def test_a_shared_search_name_lists_its_concepts_in_code_order(engine):
    with pytest.raises(AmbiguousValue) as caught:
        understand(engine, "target_group", "population", "hardship")
    assert str(caught.value) == ("target_group 'hardship' could mean Low SES (8a) or Older adults (10a); give one, "
                                 "e.g. --target-group 8a (run `amhe values population` to list them)")


def test_an_unknown_value_names_its_parameter(engine):
    with pytest.raises(UnknownValue, match="^unknown population 'nothing here' "):
        bind(engine, POPULATION, "nothing here")
    with pytest.raises(UnknownValue, match="^unknown group 'nothing here' "):
        resolve(engine, "group", "population", "nothing here")


def test_a_word_all_share_ranks_below_a_rare_one(engine):
    with pytest.raises(UnknownValue) as caught:
        understand(engine, "population", "population", "poor older")
    assert caught.value.suggestions == ["Older adults (10a)", "Low SES (8a)", "Unemployed (8b)"]


def test_at_most_five_suggestions_in_label_order_and_plurals_meet_singulars(engine):
    with pytest.raises(UnknownValue) as caught:
        understand(engine, "place", "place", "counties")
    assert caught.value.suggestions == ["County 1", "County 2", "County 3", "County 4", "County 5"]


@pytest.fixture(scope="module")
def indexed(tmp_path_factory) -> OxigraphEngine:
    """The same graph with its search index beside the store's folder, as `amhe build` leaves them (the
    store itself stays in memory: the engine finds the index from the folder it is given)."""
    from amhe.graph import search_index
    from amhe.queries.search import index_for_store

    folder = tmp_path_factory.mktemp("indexed") / "store-k"
    store = pyoxigraph.Store()
    store.load(TURTLE.encode(), pyoxigraph.RdfFormat.TURTLE)
    ntriples = store.dump(format=pyoxigraph.RdfFormat.N_TRIPLES, from_graph=pyoxigraph.DefaultGraph())
    search_index.write(ntriples, index_for_store(folder))
    return OxigraphEngine(folder, store=store)


def test_with_a_search_index_suggestions_come_from_it(engine, indexed):
    """The index reads definitions too, so 'benefits' finds Unemployed; names alone (no index) do not."""
    with pytest.raises(UnknownValue) as caught:
        understand(indexed, "population", "population", "benefits")
    assert (caught.value.suggestions, caught.value.associated) == (["Unemployed (8b)"], False)
    with pytest.raises(UnknownValue) as caught:
        understand(engine, "population", "population", "benefits")
    assert caught.value.suggestions == []


def test_an_index_that_knows_nothing_falls_back_to_shared_words(indexed):
    with pytest.raises(UnknownValue) as caught:
        understand(indexed, "place", "place", "counties")
    assert caught.value.suggestions == ["County 1", "County 2", "County 3", "County 4", "County 5"]
    with pytest.raises(UnknownValue) as caught:
        understand(indexed, "population", "population", "?!")
    assert caught.value.suggestions == []


LINKED = TURTLE + f"""
@prefix amhe: <https://w3id.org/amhe/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
<{A}intervention/1> a amhe:Intervention ; rdfs:label "Support for homeless veterans" ;
    amhe:targetsPopulation pop:8a .
<{A}intervention/2> a amhe:Intervention ; rdfs:label "Veterans peer groups" ;
    amhe:targetsPopulation pop:8a, pop:10a .
<{A}intervention/3> a amhe:Intervention ; rdfs:label "A programme" ; amhe:targetsPopulation pop:8a ;
    amhe:evidencedBy <{A}reference/1> .
<{A}reference/1> a amhe:Reference ; rdfs:label "Reference 1" ; dcterms:title "Veterans in later life" .
"""


@pytest.fixture(scope="module")
def linked(tmp_path_factory) -> OxigraphEngine:
    """Interventions and a study that say 'veterans', which no population's names say."""
    from amhe.graph import search_index
    from amhe.queries.search import index_for_store

    folder = tmp_path_factory.mktemp("linked") / "store-k"
    store = pyoxigraph.Store()
    store.load(LINKED.encode(), pyoxigraph.RdfFormat.TURTLE)
    ntriples = store.dump(format=pyoxigraph.RdfFormat.N_TRIPLES, from_graph=pyoxigraph.DefaultGraph())
    search_index.write(ntriples, index_for_store(folder))
    return OxigraphEngine(folder, store=store)


def test_a_word_no_concept_has_suggests_what_entries_saying_it_are_linked_to(linked):
    """Three entries say 'veterans' and each is linked to 8a (the third through the study that evidences
    it), one of them to 10a as well: 8a first; 8b, linked by none, not at all."""
    with pytest.raises(UnknownValue) as caught:
        understand(linked, "population", "population", "veterans")
    assert (caught.value.suggestions, caught.value.associated) == (["Low SES (8a)", "Older adults (10a)"], True)
    assert str(caught.value) == (
        "unknown population 'veterans'; did you mean: Low SES (8a); Older adults (10a)? (no population is named "
        "so; these are what entries mentioning it are linked to; " + listing_hint("population") + ")")
    # Every word of the value is searched for: only the first intervention says both.
    with pytest.raises(UnknownValue) as caught:
        understand(linked, "population", "population", "homeless veterans")
    assert (caught.value.suggestions, caught.value.associated) == (["Low SES (8a)"], True)
    # A kind with no links to follow (places) falls back to shared words, none here.
    with pytest.raises(UnknownValue) as caught:
        understand(linked, "place", "place", "veterans")
    assert (caught.value.suggestions, caught.value.associated) == ([], False)


def test_content_words_leave_out_the_words_that_name_no_group_unless_nothing_is_left():
    from amhe.queries.params import content_words

    assert content_words("People of colour") == ["colour"]
    assert content_words("Of the") == ["of", "the"]


def test_an_unknown_value_of_a_hyphenated_kind_says_the_kind_in_words():
    error = UnknownValue("type", "zz", ["Peer support (PS)"], "intervention-type", associated=True)
    assert str(error) == ("unknown type 'zz'; did you mean: Peer support (PS)? (no intervention type is named so; "
                          "these are what entries mentioning it are linked to; "
                          + listing_hint("intervention-type") + ")")
    assert error.associated is True
    plain = UnknownValue("population", "zz", [])
    assert (str(plain), plain.associated) == ("unknown population 'zz' (" + listing_hint("population") + ")", False)
