"""`amhe search`: ranking on queries whose right answer the source makes plain, kinds, limits, formats,
input that looks like FTS5 syntax, and an index that follows the data and survives damage."""

from __future__ import annotations

import csv
import io
import json
import shutil

import pytest
from click.testing import CliRunner

from amhe.cli import main
from amhe.graph import cache, search_index
from amhe.queries.search import match_expression, suggest

A = "https://w3id.org/amhe/"


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def hits(*args: str) -> list[dict[str, str]]:
    """The hits of `amhe search ARGS` as CSV rows (rank, entity IRI, kind, label, section, snippet)."""
    result = run("search", *args, "--format", "csv")
    assert result.exit_code == 0, result.output
    return list(csv.DictReader(io.StringIO(result.stdout)))


def index_path() -> cache.Path:
    assert run("build").exit_code == 0
    return cache.search_file(cache.fingerprint())


# -- ranking: the right answer is plain from the source ------------------------------------------------

def test_black_thrive_the_organisation_first_then_everything_the_source_calls_so():
    """Appendix 3 (the service), 8 (the initiative) and 11 (the contributor) each name Black Thrive; the
    organisation is the entity of that name with nothing else to it, so it comes first."""
    found = hits("Black Thrive")
    assert found[0]["entity"] == A + "organisation/black-thrive"
    assert (found[0]["kind"], found[0]["label"]) == ("organisation", "Black Thrive")
    assert "Appendix 3: Positive practice examples" in found[0]["section"]
    assert {r["kind"] for r in found[:4]} == {"organisation", "service", "initiative", "contributor"}
    assert all(r["label"] == "Black Thrive" for r in found[:4])


def test_refugees_the_population_subtype_then_the_refugee_wellbeing_project():
    found = hits("refugees")
    assert [(r["entity"], r["kind"]) for r in found[:2]] == [
        (A + "population/10c-refugees", "population"),
        (A + "intervention/refugee-wellbeing-project", "intervention")]
    assert found[1]["snippet"] == "[Refugee] Wellbeing Project"  # matched by its stem, marked
    assert found[0]["section"] == "Table 3: Populations identified during the mapping review"


def test_incomes_finds_income_by_its_stem():
    """The references whose titles say low-income or low income (41, 64, 75, 82, 83, 87, 116)."""
    found = hits("incomes")
    wanted = {A + f"reference/{n}" for n in (41, 64, 75, 82, 83, 87, 116)}
    assert wanted <= {r["entity"] for r in found}
    assert all("[income]" in r["snippet"].casefold() for r in found if r["entity"] in wanted)


def test_cqc_the_care_quality_commission_first():
    found = hits("CQC")
    assert (found[0]["entity"], found[0]["kind"], found[0]["label"]) == (
        A + "organisation/care-quality-commission", "organisation", "Care Quality Commission")
    assert found[0]["snippet"] == "[CQC]"  # the name that matched exactly
    assert "CQC Race Equality Network" in {r["label"] for r in found}


@pytest.mark.parametrize("text", ["Lea Renoux-Wood", "LÉA RENOUX-WOOD", "léa renoux wood"])
def test_any_case_and_accents(text):
    found = hits(text)
    assert (found[0]["kind"], found[0]["label"]) == ("contributor", "Léa Renoux-Wood, Programme Manager")


@pytest.mark.parametrize("text", ["RODRÍGUEZ-barranco", "rodriguez barranco", "Gonçalves", "goncalves"])
def test_accents_in_reference_authors(text):
    assert [r["entity"] for r in hits(text)] == [A + "reference/56"]


@pytest.mark.parametrize(("text", "printed"), [("garcia", (56, 65)), ("García", (56, 65)),
                                               ("Rodriguez", (56, 76)), ("rodríguez", (56, 76))])
def test_accents_folded_both_ways(text, printed):
    """The references print García (56) and Garcia (65), Rodríguez (56) and Rodriguez (76): either finds both."""
    assert {r["entity"] for r in hits(text)} == {A + f"reference/{n}" for n in printed}


@pytest.mark.parametrize(("text", "kind", "label"), [
    ("NG44", "nice-guidance",
     "NG44: Community engagement: improving health and wellbeing and reducing health inequalities"),
    ("physical restraint", "restrictive-practice", "Physical restraint"),
    ("Equality Act 2010", "act", "Equality Act 2010"),
    ("public sector equality duty", "duty", "Public Sector Equality Duty"),
    ("co-production", "practice-area", "co-production"),
    ("Mental Health Act", "act", "Mental Health Act 1983"),
    ("perinatal", "population", "Perinatal"),
    ("LGBT", "population", "LGBTQ+"),
    ("IAPT", "intervention-type", "Improving access to psychological therapies (IAPT)"),
    ("restraint", "restrictive-practice", "Physical restraint"),
    ("seclusion", "restrictive-practice", "Seclusion"),
    ("transport", "barrier", "Transport to access care"),
    ("Human Rights Act", "act", "Human Rights Act 1998"),
    ("homeless", "population", "Homeless"),
    ("Race Disparity Unit", "organisation", "Race Disparity Unit"),
    # A match in a name is ranked by the names alone: a long description no longer sinks the entity the name
    # is (the programme came third, behind a reference and an initiative whose titles contain its name) ...
    ("Five Year Forward View", "programme", "Five Year Forward View for Mental Health"),
    # ... and the shorter name that is more purely the words comes first (the Table 6 barrier, not the
    # practice area 'support and training of peer support workers').
    ("peer support", "barrier", "Access to peer support"),
    ("incomes", "population", "Low SES"),  # through the source's 'low-income' and 'people with low incomes'
])
def test_first_hit(text, kind, label):
    first = hits(text)[0]
    assert (first["kind"], first["label"]) == (kind, label)


# -- kinds, limits, formats ------------------------------------------------------------------------------

def test_kind_filters_and_repeats():
    only = hits("older people", "--kind", "nice-guidance")
    assert only and {r["kind"] for r in only} == {"nice-guidance"}
    assert only[0]["label"] == "NG32: Older people: independence and mental wellbeing"
    both = hits("older people", "--kind", "barrier", "--kind", "solution", "--limit", "50")
    assert {r["kind"] for r in both} == {"barrier", "solution"}
    assert "Older people's mental health tends to focus on dementia" in {r["label"] for r in both}
    unknown = run("search", "older", "--kind", "planet")
    assert unknown.exit_code == 2 and "planet" in unknown.stderr
    for kind in search_index.KIND_NAMES:  # every kind is offered in --help
        assert kind in run("search", "--help").stdout


def test_every_kind_has_entities_and_every_class_is_decided(built):
    """A class with instances is either searched (a kind) or named as bookkeeping: a new class needs a decision."""
    import sqlite3

    with sqlite3.connect(index_path()) as connection:
        kinds = {kind for (kind,) in connection.execute("SELECT DISTINCT kind FROM entry")}
    assert kinds == set(search_index.KIND_NAMES)
    from rdflib import RDF, URIRef

    classes = {str(c) for c in built.objects(None, RDF.type) if isinstance(c, URIRef)}
    searched = {c for _, cs in search_index.KINDS for c in cs}
    assert classes - searched - set(search_index.NOT_SEARCHED) == set()


def test_limit():
    assert len(hits("mental health", "--limit", "3")) == 3
    assert len(hits("mental health")) == 20
    assert run("search", "health", "--limit", "0").exit_code == 2


def test_formats():
    table = run("search", "refugees", "--limit", "2")
    assert table.exit_code == 0
    lines = table.stdout.splitlines()
    assert lines[0].split() == ["kind", "label", "section", "why", "it", "matched"]
    assert lines[2].startswith("population ") and "Refugees" in lines[2] and "[Refugees]" in lines[2]
    assert lines[-1] == "(2 rows)"
    assert "https://" not in table.stdout
    doc = json.loads(run("search", "refugees", "--limit", "2", "--format", "json").stdout)
    assert doc["head"]["vars"] == ["rank", "entity", "kind", "label", "section", "snippet"]
    first = doc["results"]["bindings"][0]
    assert first["entity"] == {"type": "uri", "value": A + "population/10c-refugees"}
    assert first["rank"] == {"type": "literal", "value": "1", "datatype": "http://www.w3.org/2001/XMLSchema#integer"}
    markdown = run("search", "refugees", "--limit", "2", "--format", "markdown").stdout.splitlines()
    assert markdown[0] == "| kind | label | section | why it matched |"
    # The words that matched are in bold; the escaping of data text (issue 13) leaves the highlight alone.
    assert markdown[2] == ("| population | Refugees | Table 3: Populations identified during the mapping review "
                           "| **Refugees** |")
    assert markdown[3].endswith("| **Refugee** Wellbeing Project |")
    assert [r["rank"] for r in hits("refugees", "--limit", "2")] == ["1", "2"]


def test_markdown_highlight_is_bold_and_the_data_around_it_escaped():
    """Data text with Markdown of its own stays inert; only the marks of the match become bold, and a mark
    left open is closed at the end of the cell."""
    from amhe.queries.search import MARKDOWN_MARKS, Hit, Result, rendered

    opening, closing = MARKDOWN_MARKS
    hit = Hit(A + "x", "claim", "*not bold* | [link](x)", "Appendix 3",
              f"a **b** {opening}refugees{closing} _c_ {opening}older", 1.0, False)
    assert rendered(Result([hit], True), "markdown").splitlines()[2] == (
        "| claim | \\*not bold\\* \\| \\[link\\](x) | Appendix 3 "
        "| a \\*\\*b\\*\\* **refugees** \\_c\\_ **older** |")


# -- input that looks like syntax -----------------------------------------------------------------------

def test_the_sources_words_for_a_topic_come_before_the_texts_that_mention_it():
    """Interpreters: the solutions Tables 6 and 8 print, all within the first four (with the intervention type
    whose search name it is); a topic the source never names (stop and search) is said to match no entity
    with every word."""
    found = hits("interpreters", "--limit", "4")
    assert {"Use interpreters", "Ensure access to interpreters and translated materials",
            "Provide basic mental health training to interpreters"} <= {r["label"] for r in found}
    dementia = [r["label"] for r in hits("dementia", "--limit", "3")]
    assert "NG97: Dementia – assessment, management and support for people living with dementia and their " \
           "carers" in dementia and "Bring Dementia Out prototype" in dementia
    none = run("search", "stop and search")
    assert none.exit_code == 0
    assert none.stderr == "no entity has every word of 'stop and search'; these have some of them\n"


def test_function_words_are_left_out_of_the_ranked_search():
    """'stop and search' asked every entity with 'and' once no entity had all three words."""
    assert match_expression("stop and search") == '"stop" "search"'
    assert match_expression("Stop AND search", any_word=True) == '"Stop" OR "search"'
    assert match_expression("the other") == '"other"'
    assert match_expression("and or") == '"and" "or"'  # nothing else left: searched as typed
    assert match_expression("older people") == '"older" "people"'  # a word of names, kept


def test_match_expression_quotes_every_chunk():
    assert match_expression('x" NOT b* NEAR(c d) label:e') == '"x""" "NOT" "b*" "NEAR(c" "d)" "label:e"'
    assert match_expression("refugees older", any_word=True) == '"refugees" OR "older"'
    assert match_expression("  * ( ) \" ") == ""


@pytest.mark.parametrize("text", ['"', '""', "'", "*", "(", ")", "NEAR", "NEAR(refugees older, 2)", "AND", "OR",
                                  "NOT refugees", "refugees NOT older", "label:refugees", "{label names}: x",
                                  "^refugees", "refugees*", "-refugees", "'; DROP TABLE entry; --",
                                  "refugee\" OR \"older", "\x00", "🙂 refugees"])
def test_hostile_input_is_text_never_syntax(text):
    result = run("search", "--format", "csv", "--", text)
    assert result.exit_code in (0, 2), result.output
    assert "Traceback" not in result.output and "fts5" not in result.output.casefold()
    if result.exit_code == 2:
        assert result.stderr.startswith("error: nothing to search for")


def test_operators_are_searched_for_not_obeyed():
    """NOT does not exclude (Refugees' text says "not"), a column filter does not restrict (no entity has the
    words "label refugees" in a row), OR does not widen (it is a word no entity has with the others)."""
    assert A + "population/10c-refugees" in {r["entity"] for r in hits("NOT refugees")}
    assert run("search", "label:refugees").stderr == "no entity matches 'label:refugees'\n"
    assert "no entity has every word" in run("search", "refugees OR zzyzxq").stderr


def test_no_hit_is_not_an_error_and_any_word_is_said():
    none = run("search", "zzyzxq")
    assert none.exit_code == 0 and "no entity matches 'zzyzxq'" in none.stderr and "(0 rows)" in none.stdout
    some = run("search", "refugees zzyzxq", "--format", "csv")
    assert some.exit_code == 0 and "no entity has every word" in some.stderr
    assert A + "population/10c-refugees" in some.stdout
    empty = run("search", "  ")
    assert empty.exit_code == 2 and "nothing to search for" in empty.stderr


# -- the index follows the data, and survives damage ----------------------------------------------------

@pytest.mark.slow
def test_index_rebuilt_when_the_data_changes(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(cache.DATA_DIR, data)
    before = run("--data", str(data), "search", "zebracrossing")
    assert before.exit_code == 0 and "no entity matches" in before.stderr
    table = data / "abbreviations.csv"
    text = table.read_text(encoding="utf-8")
    table.write_text(text.replace("Chronic obstructive pulmonary disease",
                                  "Chronic obstructive pulmonary disease zebracrossing"), encoding="utf-8")
    after = run("--data", str(data), "search", "zebracrossings", "--format", "csv")
    assert after.exit_code == 0, after.output
    rows = list(csv.DictReader(io.StringIO(after.stdout)))
    assert [(r["entity"], r["kind"], r["label"]) for r in rows] == [
        (A + "abbreviation/copd", "abbreviation", "Chronic obstructive pulmonary disease zebracrossing")]


@pytest.mark.slow
def test_missing_index_is_rebuilt():
    path = index_path()
    path.unlink()
    assert not cache.is_fresh(cache.fingerprint())
    assert hits("refugees")[0]["entity"] == A + "population/10c-refugees"
    assert path.is_file()


@pytest.mark.parametrize("damage", [b"not a database at all", b""])
def test_damaged_index_is_indexed_again(damage):
    path = index_path()
    path.write_bytes(damage)
    assert hits("refugees")[0]["entity"] == A + "population/10c-refugees"
    import sqlite3

    with sqlite3.connect(path) as connection:
        assert connection.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone() == (
            search_index.SCHEMA_VERSION,)


def test_a_failed_index_write_leaves_the_old_index(monkeypatch):
    path = index_path()
    before = path.read_bytes()

    def fail(*args):
        raise OSError("disk full")

    monkeypatch.setattr(search_index, "_fill", fail)
    with pytest.raises(OSError):
        search_index.write(cache.triples_file(cache.fingerprint()).read_bytes(), path)
    assert path.read_bytes() == before
    assert not [p for p in path.parent.iterdir() if p.name.startswith(f".{path.name}")]


# -- suggestions for an unknown parameter value come from words in common -----------------------------------

@pytest.mark.parametrize(("option", "value", "suggested"), [
    ("--population", "refugee", "Refugees"),
    ("--population", "older", "Older adults"),
    ("--population", "incomes", "Low SES"),  # a word form: 'incomes' meets the source's 'low income'
    ("--population", "gay men", "LGBTQ+"),  # through the search name 'gay' (hidden labels)
    ("--population", "poverty line", "Low SES"),  # through the search name 'poverty'
    ("--population", "refugee families", "Refugees"),
])
def test_unknown_value_suggests_entities_sharing_words(option, value, suggested):
    result = run("ask", "services-for-population", option, value)
    assert result.exit_code == 2
    line = result.stderr.strip().splitlines()[-1]
    assert line.startswith(f"error: unknown population {value!r}; did you mean: ")
    first = line.split("did you mean: ")[1].split("; ")[0].split("? (")[0]
    assert first.rsplit(" (", 1)[0] == suggested
    assert line.endswith("(run `amhe values population` to list them)")


def test_suggestions_for_an_endpoint_come_from_its_names():
    names = {"a": "Refugees", "b": "Older adults", "c": "Low SES", "d": "Café society"}
    assert suggest(None, ["population"], "refugee", names) == ["Refugees"]
    assert suggest(None, ["population"], "CAFE", names) == ["Café society"]
    assert sorted(suggest(None, ["population"], "older refugees", names)) == ["Older adults", "Refugees"]
    assert suggest(None, ["population"], "* (", names) == []
