"""Names people use: the source's own names for concepts (alternative labels), our everyday search
names (hidden labels), the one name rule, resolution and suggestions, ambiguity, `amhe values`, what
an answer says it understood, `describe` with a shared name, table width and the build notice.

The first parametrised table is issue 11's, typed as a commissioner would; the second holds everyday
phrasings of our own. Each expects the concept itself or a suggestion list that contains it.
"""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS

from amhe.cli import main
from amhe.loaders.names import name_key
from amhe.loaders.vocab import AMHE, SKOSXL
from amhe.queries.engine import RdflibEngine
from amhe.queries.params import AmbiguousValue, UnknownValue, understand
from amhe.queries.render import to_table
from amhe.queries.terms import Answer, literal

POP = "https://w3id.org/amhe/population/"
SRC = "https://w3id.org/amhe/source/"


@pytest.fixture(scope="module")
def engine(built):
    return RdflibEngine(built)


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def said(result) -> str:
    """What a command said on stderr, less the one-off notice of a first build (tested on its own)."""
    return "".join(line for line in result.stderr.splitlines(keepends=True)
                   if not line.startswith("building the graph from"))


def found(engine, kind: str, value: str) -> tuple[str | None, list[str]]:
    """(the IRI ``value`` resolves to, or None; the suggestions or choices offered instead)."""
    try:
        return understand(engine, kind, kind, value).iri, []
    except UnknownValue as exc:
        return None, exc.suggestions


# Issue 11's table: every row, with the concept a commissioner means.
ISSUE_TABLE = [
    ("people on low incomes", "8a-low-ses"),
    ("people with low incomes", "8a-low-ses"),
    ("BAME", "1a-minority-ethnicity"),
    ("BME", "1a-minority-ethnicity"),
    ("gay", "3a-lgbtq"),
    ("poverty", "8a-low-ses"),
    ("women", "5a-female"),
    ("disabled people", "4-disability"),
    ("LGBT", "3a-lgbtq"),
    ("older people", "6b-older-adults"),
    ("learning disability", "4b-learning-or-intellectual-disability"),
]


@pytest.mark.parametrize(("typed", "concept"), ISSUE_TABLE)
def test_issue_table_resolves_to_the_concept(engine, typed, concept):
    assert found(engine, "population", typed) == (POP + concept, [])


# Everyday phrasings not in the issue: resolved, or the concept among the suggestions (by its label).
EVERYDAY = [
    ("low income", "8a-low-ses", None),
    ("Low-income families", "8a-low-ses", None),
    ("people living in poverty", None, "Low SES (8a)"),
    ("ethnic minority", None, "Minority ethnicity (1a)"),
    ("Black, Asian and minority ethnic communities", "1a-minority-ethnicity", None),
    ("people with disabilities", None, "Disability (4)"),
    ("people with a learning disability", None, "Learning or intellectual disability (4b)"),
    ("deaf", "4a-physical-or-sensory-impairment", None),
    ("kids", "6a-youth", None),
    ("young people", "6a-youth", None),
    ("elderly", "6b-older-adults", None),
    ("asylum seekers", "10c-refugees", None),
    ("rough sleepers", "10a-homeless", None),
    ("homeless families", None, "Homeless (10a)"),
    ("trans", "3a-lgbtq", None),
    ("gay men", None, "LGBTQ+ (3a)"),
    ("unemployed", "8b-unemployment", None),
    ("people on benefits", None, "Receiving benefits/welfare (8c)"),
    ("rural communities", "9a-rural-remote", None),
    ("pregnant women", "7a-pregnancy", None),
]


@pytest.mark.parametrize(("typed", "concept", "suggested"), EVERYDAY)
def test_everyday_phrasings_find_the_concept(engine, typed, concept, suggested):
    iri, suggestions = found(engine, "population", typed)
    if concept:
        assert iri == POP + concept
    else:
        assert iri is None and suggested in suggestions, suggestions


@pytest.mark.parametrize(("kind", "typed", "iri"), [
    ("intervention-type", "culturally adapted", "https://w3id.org/amhe/intervention-type/other-culturally-adapted"),
    ("intervention-type", "OHBC", "https://w3id.org/amhe/intervention-type/other-home-based-case"),
    ("intervention-type", "apps", "https://w3id.org/amhe/intervention-type/other-technology"),
    ("place", "London Borough of Lambeth", "https://w3id.org/amhe/place/lambeth"),
    ("place", "United Kingdom", "https://w3id.org/amhe/country/gb"),
    ("act", "Equalities Act", "http://www.legislation.gov.uk/id/ukpga/2010/15"),
    ("act", "Mental Health Act (1983)", "http://www.legislation.gov.uk/id/ukpga/1983/20"),
    ("organisation", "the alzheimer's society", "https://w3id.org/amhe/organisation/alzheimers-society"),
])
def test_other_kinds_resolve_by_the_names_people_use(engine, kind, typed, iri):
    assert found(engine, kind, typed) == (iri, [])


def test_suggestions_come_from_words_not_letters(engine):
    """'gay men' shares no letters' pattern with Pregnancy that matters: words decide."""
    _, suggestions = found(engine, "population", "gay men")
    assert suggestions[:2] == ["LGBTQ+ (3a)", "Male (5b)"] or suggestions[:2] == ["Male (5b)", "LGBTQ+ (3a)"]
    assert not any("Pregnancy" in s for s in suggestions)
    assert found(engine, "population", "zzzz") == (None, [])


def test_an_everyday_word_for_two_concepts_lists_both(engine):
    with pytest.raises(AmbiguousValue) as info:
        understand(engine, "population", "population", "mothers")
    assert [c.iri for c in info.value.choices] == [POP + "7b-maternity", POP + "7c-perinatal"]
    with pytest.raises(AmbiguousValue) as info:
        understand(engine, "type", "intervention-type", "therapy")
    assert [c.shown() for c in info.value.choices] == [
        "Improving access to psychological therapies (IAPT)", "Providing psychological support (PPS)"]
    with pytest.raises(AmbiguousValue) as info:  # the source gives one name to the Act and its amending Act
        understand(engine, "act", "act", "Mental Health Act")
    assert [c.iri for c in info.value.choices] == ["http://www.legislation.gov.uk/id/ukpga/1983/20",
                                                   "http://www.legislation.gov.uk/id/ukpga/2007/12"]
    result = run("ask", "interventions-for-population", "--population", "Mothers")
    assert result.exit_code == 2 and result.stdout == ""
    assert said(result) == ("error: population 'Mothers' could mean Maternity (7b) or Perinatal (7c); give one, "
                             "e.g. --population 7b (run `amhe values population` to list them)\n")


def test_unknown_values_name_the_command_that_lists_them():
    population = run("ask", "interventions-for-population", "--population", "nobody at all")
    assert population.exit_code == 2
    assert said(population).strip().endswith("(run `amhe values population` to list them)")
    kind = run("ask", "interventions-for-type", "--type", "juggling")
    assert kind.exit_code == 2 and "run `amhe values intervention-type` to list them" in said(kind)
    listed = run("values", "intervention-type", "--format", "csv")
    assert listed.exit_code == 0 and len(list(csv.DictReader(io.StringIO(listed.stdout)))) == 13


def test_values_lists_codes_labels_source_names_and_search_names():
    result = run("values", "population", "--format", "csv")
    assert result.exit_code == 0
    rows = {r["code"]: r for r in csv.DictReader(io.StringIO(result.stdout))}
    assert list(rows)[:4] == ["1", "1a", "1b", "1c"] and list(rows)[-2:] == ["11", "11a"] and len(rows) == 34
    assert rows["8a"] == {
        "code": "8a", "label": "Low SES",
        "source_names": "economically disadvantaged; low SES families; low socioeconomic status; low-income; "
                        "people with low incomes; socially disadvantaged; socioeconomically disadvantaged",
        "search_names": "deprivation; low income families; people on low incomes; poor; poverty",
        "iri": POP + "8a-low-ses",
    }
    doc = json.loads(run("values", "act", "--format", "json").stdout)
    labels = {b["label"]["value"] for b in doc["results"]["bindings"]}
    assert "Equality Act 2010" in labels and len(labels) == 7
    assert run("values", "colour").exit_code == 2


@pytest.mark.parametrize(("first", "second"), [
    ("The Care Quality Commission", "care quality commission"),
    ("The Alzheimer\u2019s Society", "Alzheimers Society"),
    ("Equality Act (2010)", "equality act 2010"),
    ("Low-SES", "low SES"),
    ("Other \u2013 culturally adapted", "other culturally adapted"),
    ("LGB&T Partnership", "lgb and t partnership"),
    ("  R\u00e9sum\u00e9   of  PRACTICE ", "resume of practice"),
])
def test_one_name_rule(first, second):
    assert name_key(first) == name_key(second)


def test_the_name_rule_keeps_what_tells_names_apart():
    assert name_key("LGBTQ+") != name_key("LGBTQ") and name_key("Theatre") == "theatre"
    assert name_key("1a") != name_key("1 a") and name_key("Religion") != name_key("Region")


def test_the_sources_own_spelling_of_an_organisation_resolves():
    result = run("ask", "organisation-profile", "--organisation", "The Care Quality Commission", "--format", "csv")
    assert result.exit_code == 0, said(result)
    assert said(result) == "organisation: Care Quality Commission\n"  # the same name under the rule


def test_answers_say_what_they_understood():
    characteristic = run("ask", "interventions-for-population", "--population", "SES", "--format", "csv")
    assert said(characteristic).splitlines()[0] == (
        "population: Socioeconomic status (8) and its subtypes (Low SES (8a), Unemployment (8b), "
        "Receiving benefits/welfare (8c)), from 'SES', a name the source uses for it")
    hidden = run("ask", "interventions-for-population", "--population", "poverty", "--format", "csv")
    assert said(hidden).splitlines()[0] == \
        "population: Low SES (8a), from the search name 'poverty' (our judgement, not the source's words)"
    unexpanded = run("ask", "provisions-protecting-characteristic", "--population", "8", "--format", "csv")
    assert said(unexpanded).splitlines()[0] == "population: Socioeconomic status (8)"  # the query takes no subtypes
    profile = run("profile", "BAME", "--format", "json")
    assert profile.exit_code == 0
    assert said(profile) == "population: Minority ethnicity (1a), from 'BAME', a name the source uses for it\n"


def test_describe_a_shared_name_lists_them_and_describes_the_one_they_point_at():
    result = run("describe", "Black Thrive", "--format", "csv")
    assert result.exit_code == 0
    assert {r["entity"] for r in csv.DictReader(io.StringIO(result.stdout))} == \
        {"https://w3id.org/amhe/organisation/black-thrive"}
    assert said(result).splitlines() == [
        "'Black Thrive' names 4 entities; describing <https://w3id.org/amhe/organisation/black-thrive>, "
        "the others by IRI:",
        "    Contribution: Black Thrive (Appendix 11) <https://w3id.org/amhe/contribution/black-thrive>",
        "    Initiative: Black Thrive (Appendix 8) <https://w3id.org/amhe/initiative/black-thrive>",
        "    Positive practice service: Black Thrive (Appendix 3) <https://w3id.org/amhe/service/black-thrive>",
        "  * schema:Organization: Black Thrive (Appendix 11, Appendix 3, Appendix 8) "
        "<https://w3id.org/amhe/organisation/black-thrive>",
    ]
    chosen = run("describe", "https://w3id.org/amhe/service/black-thrive", "--format", "csv")
    assert chosen.exit_code == 0 and said(chosen) == ""


def test_describe_the_race_disparity_unit_is_the_unit_not_the_entry_about_its_work():
    """Appendix 8 prints 'Cabinet Office: Race Disparity Unit': an entry (the Cabinet Office's) whose parts, the
    Race Disparity Audit and the Ethnicity Facts and Figures website, are the unit's work. The entry points at
    the unit through its parts, as Black Thrive's entries point at Black Thrive, so the name means the unit."""
    result = run("describe", "Race Disparity Unit", "--format", "csv")
    assert result.exit_code == 0
    assert {r["entity"] for r in csv.DictReader(io.StringIO(result.stdout))} == \
        {"https://w3id.org/amhe/organisation/race-disparity-unit"}
    assert said(result).splitlines() == [
        "'Race Disparity Unit' names 2 entities; describing "
        "<https://w3id.org/amhe/organisation/race-disparity-unit>, the others by IRI:",
        "    Initiative: Race Disparity Unit (Appendix 8) <https://w3id.org/amhe/initiative/race-disparity-unit>",
        "  * schema:Organization: Race Disparity Unit (Appendix 11, Appendix 8) "
        "<https://w3id.org/amhe/organisation/race-disparity-unit>",
    ]
    entry = run("describe", "https://w3id.org/amhe/initiative/race-disparity-unit", "--format", "csv")
    assert entry.exit_code == 0 and said(entry) == ""


def test_describe_a_name_two_entities_share_equally_asks_for_an_iri():
    result = run("describe", "Religion")
    assert result.exit_code == 2 and result.stdout == ""
    assert said(result) == (
        "error: 'Religion' names 2 entities; describe one by its IRI: "
        "Population characteristic: Religion (Table 3) <https://w3id.org/amhe/population/2-religion>; "
        "Population characteristic subtype: Religion (Table 3) <https://w3id.org/amhe/population/2a-religion>\n")


LONG = Answer(["code", "label", "summary"], [
    (literal("8a"), literal("Low SES"), literal("people with low incomes, " * 8 + "and more")),
    (literal("1a"), literal("Minority ethnicity"), literal("Black, Asian and Minority Ethnic communities " * 4)),
])


@pytest.mark.parametrize("width", [40, 80, 120])
def test_tables_fit_a_terminal_by_wrapping_never_cutting(width):
    text = to_table(LONG, {}, width)
    assert max(len(line) for line in text.splitlines()) <= width
    assert len(text.splitlines()) > len(LONG.rows) + 3  # long cells took more lines
    words = re.findall(r"\S+", text)
    for row in LONG.rows:
        for word in row[2].value.split():
            assert word in words  # every word whole, none cut


def test_piped_tables_stay_one_row_a_line():
    text = to_table(LONG, {})
    lines = text.splitlines()
    assert len(lines) == 2 + len(LONG.rows) + 1
    assert lines[2].split("   ")[-1].strip() == LONG.rows[0][2].value.strip()
    piped = run("ask", "interventions-for-population", "--population", "8a", "--limit", "3")
    assert len(piped.stdout.splitlines()) == 2 + 3 + 1  # CliRunner's stdout is not a terminal


@pytest.mark.slow
def test_the_first_build_says_so_on_stderr_without_a_terminal(tmp_path, monkeypatch):
    monkeypatch.setenv("AMHE_CACHE_DIR", str(tmp_path / "fresh"))
    first = run("ask", "interventions-for-population", "--population", "8a", "--format", "csv")
    assert first.exit_code == 0
    assert first.stderr.splitlines() == [
        "building the graph from the bundled tables (first run or a changed table; a few seconds) ...",
        "population: Low SES (8a)"]
    again = run("ask", "interventions-for-population", "--population", "8a", "--format", "csv")
    assert again.stderr.splitlines() == ["population: Low SES (8a)"]


# --- the labels as data


def test_a_source_name_keeps_where_the_source_prints_it(built):
    concept = URIRef(POP + "8a-low-ses")
    node = URIRef("https://w3id.org/amhe/label/population-8a-low-ses-people-with-low-incomes")
    assert (concept, SKOS.altLabel, Literal("people with low incomes", lang="en")) in built
    assert (concept, SKOSXL.altLabel, node) in built
    assert set(built.predicate_objects(node)) == {
        (RDF.type, SKOSXL.Label),
        (SKOSXL.literalForm, Literal("people with low incomes", lang="en")),
        (AMHE.labelBasis, AMHE.PrintedInSource),
        (AMHE.labelEvidence, Literal("many older people and people with low incomes", lang="en")),
        (PROV.wasDerivedFrom, URIRef(SRC + "appendix-7")),
        (SKOS.editorialNote, Literal("John's example.", lang="en")),
    }


def test_a_name_from_reference_titles_is_sourced_not_cited(built):
    """dcterms:source, not dcterms:references: the audit of uncited references must not count it."""
    node = URIRef("https://w3id.org/amhe/label/population-8a-low-ses-low-income")
    ref = "https://w3id.org/amhe/reference/"
    assert set(built.predicate_objects(node)) == {
        (RDF.type, SKOSXL.Label),
        (SKOSXL.literalForm, Literal("low-income", lang="en")),
        (AMHE.labelBasis, AMHE.PrintedInSource),
        (AMHE.labelEvidence, Literal("depression in low-income mothers of infants and toddlers", lang="en")),
        (PROV.wasDerivedFrom, URIRef(SRC + "references")),
        *((DCTERMS.source, URIRef(f"{ref}{n}")) for n in (41, 75, 87, 116)),
        (SKOS.editorialNote, Literal("Reference 82 prints it without the hyphen ('low income or socially "
                                     "disadvantaged families').", lang="en")),
    }


def test_a_search_name_is_marked_as_our_judgement(built):
    concept = URIRef(POP + "8a-low-ses")
    node = URIRef("https://w3id.org/amhe/label/population-8a-low-ses-poverty")
    assert (concept, SKOS.hiddenLabel, Literal("poverty", lang="en")) in built
    assert (concept, SKOSXL.hiddenLabel, node) in built
    assert set(built.predicate_objects(node)) == {
        (RDF.type, SKOSXL.Label),
        (SKOSXL.literalForm, Literal("poverty", lang="en")),
        (AMHE.labelBasis, AMHE.CuratedReading),
        (RDFS.comment, Literal("Everyday word for low income; the source never names the population so.", lang="en")),
    }


def test_a_concept_never_has_one_name_as_two_kinds_of_label(built):
    """SKOS: prefLabel, altLabel and hiddenLabel are pairwise disjoint; the names of our two tables keep
    that under our name rule too (against every label the concept has)."""
    def keys(concept, *predicates):
        return {name_key(str(o)) for p in predicates for o in built.objects(concept, p)}

    def forms(concept, predicate):
        return {name_key(str(f)) for n in built.objects(concept, predicate)
                for f in built.objects(n, SKOSXL.literalForm)}

    concepts = set(built.subjects(SKOSXL.hiddenLabel, None)) | set(built.subjects(SKOSXL.altLabel, None))
    assert len(concepts) > 40
    for concept in concepts:
        kinds = [keys(concept, SKOS.prefLabel, RDFS.label, URIRef("https://schema.org/name")),
                 forms(concept, SKOSXL.altLabel), forms(concept, SKOSXL.hiddenLabel)]
        assert not (kinds[0] & kinds[1] or kinds[0] & kinds[2] or kinds[1] & kinds[2]), concept


def test_no_other_name_is_the_name_an_entity_is_shown_with(built):
    """SKOS S13 on every entity, not only those with label nodes: the abbreviations loader gave LGBTQ+ the
    alternative label 'LGBTQ+', its preferred label. Case aside; other spellings are names the source prints."""
    shown = (SKOS.prefLabel, RDFS.label, URIRef("https://schema.org/name"))
    clashes = []
    for predicate in (SKOS.altLabel, SKOS.hiddenLabel):
        for entity, name in built.subject_objects(predicate):
            labels = {str(o).casefold() for p in shown for o in built.objects(entity, p)}
            if predicate == SKOS.hiddenLabel:
                labels |= {str(o).casefold() for o in built.objects(entity, SKOS.altLabel)}
            if str(name).casefold() in labels:
                clashes.append((str(entity), predicate.fragment, str(name)))
    assert clashes == []
    lgbtq = URIRef(POP + "3a-lgbtq")
    assert (lgbtq, AMHE.abbreviation, Literal("LGBTQ+")) in built  # still its abbreviation


@pytest.mark.slow
def test_a_label_node_names_one_concept(built):
    from amhe.graph.validate import validate

    g = Graph()
    for triple in built.triples((None, None, None)):
        g.add(triple)
    node = URIRef("https://w3id.org/amhe/label/population-7b-maternity-mothers")
    g.add((URIRef(POP + "7c-perinatal"), SKOSXL.hiddenLabel, node))
    report = validate(g)
    assert {(v.focus, v.component.rsplit("#", 1)[-1]) for v in report.violations} == \
        {(str(node), "MaxCountConstraintComponent")}


@pytest.mark.parametrize(("file", "line", "edit", "fragment"), [
    ("hidden_labels.csv", "poverty,", lambda s: s.replace("our judgement", "the source"),
     "hidden_labels.csv:4: column 3 'basis'"),
    ("hidden_labels.csv", "poverty,", lambda s: s.replace("population:8a-low-ses", "population:8z"),
     "unknown population '8z'"),
    ("alternative_labels.csv", "population:8a-low-ses,people with low incomes",
     lambda s: s.replace("appendix-7", "appendix-70"), "unknown source section 'appendix-70'"),
    ("alternative_labels.csv", "population:8a-low-ses,people with low incomes",
     lambda s: s.replace("people with low incomes,", "low-income,", 1), "is defined twice"),
    ("hidden_labels.csv", "poverty,", lambda s: s.replace("poverty,", "Low SES,", 1),
     "hidden_labels.csv:4: column 1 'label': 'Low SES' is the concept's own label, not another name for it"),
])
@pytest.mark.slow
def test_bad_label_rows_stop_the_build(tmp_path, file, line, edit, fragment):
    import shutil

    from amhe.loaders import DATA_DIR

    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    path = data / file
    lines = path.read_text(encoding="utf-8").split("\n")
    index = next(i for i, text in enumerate(lines) if text.startswith(line))
    lines[index] = edit(lines[index])
    path.write_text("\n".join(lines), encoding="utf-8")
    result = CliRunner().invoke(main, ["--data", str(data), "build", "--force"])
    assert result.exit_code == 2 and result.stderr.startswith("error: ") and fragment in result.stderr, result.stderr
