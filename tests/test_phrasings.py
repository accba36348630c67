"""Everyday phrasings a commissioner types, none of them in issue 11's table (that is test_names.py),
each with the concept it must reach: resolved (``=``), among the suggestions of an unknown value
(``?``), among the suggestions drawn from what mentions it (``~``: no concept has the word, the
interventions, services and studies that use it are linked to the concept), or one of the concepts an
ambiguous word is said to mean (``|``). A group the graph has no concept for must not resolve.

They are answered by the engine `amhe ask` uses: the cached Oxigraph store and the full-text index
built beside it (suggestions come from that index); a few go through the command itself for what
it prints.
"""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from test_names import ISSUE_TABLE, POP

from amhe.cli import main
from amhe.queries.params import AmbiguousValue, UnknownValue, understand

P, T, G, L = "population", "intervention-type", "organisation", "place"

PHRASINGS = [
    # Race: the source says BAME, Black, Asian and Minority Ethnic; people say these too.
    (P, "ethnic minorities", "=1a"), (P, "ethnic minority groups", "?1a"), (P, "minority ethnic", "?1a"),
    (P, "minority ethnic groups", "?1a"), (P, "minority ethnic communities", "?1a"), (P, "black people", "=1a"),
    (P, "Black men", "?1a"), (P, "Black women", "?1a"), (P, "Black communities", "?1a"),
    (P, "Black and minority ethnic", "?1a"), (P, "BME communities", "?1a"), (P, "BAME groups", "=1a"),
    (P, "people of colour", "=1a"), (P, "South Asian", "?1a"), (P, "Asian people", "?1a"),
    (P, "African Caribbean", "=1a"), (P, "racial minorities", "?1a"), (P, "race", "=1"), (P, "ethnicity", "=1"),
    (P, "Gypsy and Traveller", "=1a"), (P, "travellers", "=1a"),
    (P, "immigrants", "=1b"), (P, "immigrant", "?1b"), (P, "migrant", "?1b"), (P, "migrant", "?10c"),
    (P, "migrants", "|1b,10c"), (P, "refugees and asylum seekers", "?10c"), (P, "asylum seeker", "?10c"),
    (P, "refugee", "?10c"), (P, "indigenous", "?1c"), (P, "Aboriginal", "?1c"), (P, "First Nations", "?1c"),
    # Religion
    (P, "faith", "=2"), (P, "faith communities", "?2"), (P, "religious groups", "?2"), (P, "religion", "=2"),
    (P, "Muslims", "=2"),
    # Sexual orientation and gender reassignment
    (P, "gay men", "?3a"), (P, "lesbians", "?3a"), (P, "bisexual people", "?3a"), (P, "trans people", "?3a"),
    (P, "transgender people", "?3a"), (P, "LGBTQ", "=3a"), (P, "LGBTQIA+", "?3a"), (P, "LGBT+", "?3a"),
    (P, "sexual minorities", "?3a"), (P, "gender reassignment", "?3"), (P, "non-binary", "=3a"),
    (P, "homosexual", "=3a"),
    # Disability
    (P, "disability", "=4"), (P, "disabilities", "?4"), (P, "people with disabilities", "?4"),
    (P, "physical disabilities", "?4a"), (P, "sensory impairment", "?4a"), (P, "hearing impaired", "?4a"),
    (P, "hard of hearing", "?4a"), (P, "visually impaired", "?4a"), (P, "blind people", "?4a"),
    (P, "deaf people", "?4a"), (P, "wheelchair users", "=4a"), (P, "learning difficulties", "=4b"),
    (P, "intellectual disability", "?4b"), (P, "people with learning disabilities", "=4b"), (P, "autism", "=4"),
    (P, "autistic people", "=4"),
    # Sex
    (P, "female", "=5a"), (P, "girls", "=5a"), (P, "young women", "?5a"), (P, "men", "=5b"), (P, "males", "?5b"),
    (P, "young men", "?5b"), (P, "young men", "?6a"),
    # Age
    (P, "children", "=6a"), (P, "young people", "=6a"), (P, "teenagers", "=6a"), (P, "youth", "=6a"),
    (P, "adolescents", "=6a"), (P, "school children", "?6a"), (P, "pupils", "=6a"), (P, "students", "=6a"),
    (P, "young adults", "?6a"), (P, "older adults", "=6b"), (P, "elderly people", "?6b"), (P, "pensioners", "=6b"),
    (P, "seniors", "=6b"), (P, "old people", "?6b"), (P, "later life", "=6b"),
    # Pregnancy or maternity
    (P, "pregnant women", "=7a"), (P, "expectant mothers", "=7a"), (P, "new mums", "?7b"), (P, "new mums", "?7c"),
    (P, "postnatal", "|7b,7c"), (P, "antenatal", "|7a,7c"), (P, "perinatal mental health", "?7c"),
    (P, "maternity", "=7b"), (P, "pregnancy and maternity", "=7"),
    # Socioeconomic status
    (P, "low income", "=8a"), (P, "low-income families", "=8a"), (P, "people in poverty", "?8a"),
    (P, "deprived areas", "?8a"), (P, "deprived communities", "?8a"), (P, "disadvantaged", "?8a"),
    (P, "working class", "=8"), (P, "low socioeconomic status", "=8a"), (P, "social class", "=8"),
    (P, "socio-economic status", "?8"), (P, "socioeconomic", "?8"), (P, "financial hardship", "~8a"),
    (P, "poor families", "?8a"), (P, "unemployment", "=8b"), (P, "jobless", "=8b"), (P, "job seekers", "=8b"),
    (P, "people out of work", "?8b"), (P, "benefits", "?8c"), (P, "benefit claimants", "?8c"), (P, "welfare", "?8c"),
    (P, "people receiving benefits", "?8c"),
    # Location
    (P, "rural areas", "=9a"), (P, "remote communities", "?9a"), (P, "remote", "?9a"), (P, "urban areas", "?9b"),
    (P, "cities", "?9b"), (P, "inner-city", "=9b"),
    # Specific groups
    (P, "homeless", "=10a"), (P, "rough sleeping", "?10a"), (P, "street homeless", "?10a"),
    (P, "housing difficulties", "=10a"), (P, "offenders", "=10b"), (P, "young offenders", "=10b"),
    (P, "prisoners", "=10b"), (P, "youth justice", "=10b"), (P, "criminal justice", "?10b"),
    # No concept of their own: what mentions them (reference 48's homeless veterans) or nothing at all
    (P, "veterans", "~10a"), (P, "dementia", "~6b"), (P, "looked-after children", "?6a"),
    # Intervention types (Table 2)
    (T, "education and training", "?DET"), (T, "training staff", "?DET"), (T, "parenting programmes", "~DET"),
    (T, "psychological support", "?PPS"), (T, "counselling", "=PPS"), (T, "psychotherapy", "~PPS"),
    (T, "CBT", "~PPS"), (T, "mindfulness", "~PPS"), (T, "talking therapy", "?IAPT"),
    (T, "psychological therapies", "?IAPT"), (T, "care team", "?RSCT"), (T, "care coordination", "?RSCT"),
    (T, "collaborative care", "?RSCT"), (T, "case management", "?oHBC"), (T, "community engagement", "=EC"),
    (T, "community involvement", "?EC"), (T, "peer support", "?PPS"), (T, "money", "~PFIP"),
    (T, "financial incentives", "=PFIP"), (T, "cash transfers", "=PFIP"), (T, "vouchers", "=PFIP"),
    (T, "screening", "=IATS"), (T, "testing", "?IATS"), (T, "interpreting", "?ELLS"), (T, "interpreter", "?ELLS"),
    (T, "translation", "=ELLS"), (T, "literacy", "?ELLS"), (T, "communication", "?ELLS"),
    (T, "home visits", "?oHBC"), (T, "home visiting", "=oHBC"), (T, "home-based", "?oHBC"),
    (T, "cultural adaptation", "?oCA"), (T, "culturally adapted", "=oCA"), (T, "culturally appropriate", "?oCA"),
    (T, "digital", "=oT"), (T, "online", "=oT"), (T, "app", "?oT"), (T, "internet", "~oT"), (T, "e-health", "~oT"),
    (T, "computerised CBT", "~oT"), (T, "text message reminders", "?PRF"), (T, "feedback", "?PRF"),
    (T, "reminders", "=PRF"), (T, "therapy", "|IAPT,PPS"),
    # Organisations, by the names and abbreviations people use
    (G, "CQC", "=Care Quality Commission"), (G, "NICE", "=National Institute for Health and Care Excellence"),
    (G, "Rethink", "=ReThink Mental Illness"), (G, "Rethink Mental Illness", "=ReThink Mental Illness"),
    (G, "Alzheimers Society", "=Alzheimer's Society"), (G, "Kings Fund", "=The King's Fund"),
    (G, "Mens Health Forum", "=Men\u2019s Health Forum"), (G, "St Mungos", "=St Mungo\u2019s"),
    (G, "Maudsley", "?South London and Maudsley NHS Foundation Trust"),
    (G, "SLaM", "=South London and Maudsley NHS Foundation Trust"), (G, "NHSE", "=NHS England"),
    (G, "PHE", "=Public Health England"), (G, "EHRC", "=Equality and Human Rights Commission"),
    (G, "LGB&T Partnership", "?The National LGB&T Partnership"),
    (G, "Lambeth CCG", "?NHS Lambeth Clinical Commissioning Group"), (G, "Black Thrive Lambeth", "=Black Thrive"),
    (G, "Leeds crisis service", "?Leeds Survivor-Led Crisis Service"),
    (G, "Institute of Health Equity", "?UCL Institute of Health Equity"), (G, "Healthwatch", "?Healthwatch Lambeth"),
    (G, "Department of Health and Social Care", "?Department of Health"), (G, "Met Police", "?Metropolitan Police"),
    # Places
    (L, "south London", "?London"), (L, "Manchester", "?Greater Manchester"), (L, "Brighton", "?Brighton and Hove"),
    (L, "South Staffordshire", "?Staffordshire"), (L, "nationwide", "?National"), (L, "Britain", "=GB"),
]
# Groups and places the graph has no concept for: never resolved to something else.
NOT_IN_THE_GRAPH = [(P, "carers"), (P, "sex workers"), (L, "England"), (L, "Tottenham")]


def run(*args: str):
    return CliRunner().invoke(main, list(args))


_ENGINES: dict = {}


@pytest.fixture
def store():
    """The engine `amhe ask` answers with: the cached store, its search index beside it."""
    from amhe.graph import cache
    from amhe.queries.engine import OxigraphEngine

    path = cache.store_dir(cache.fingerprint())
    if path not in _ENGINES:
        assert run("build").exit_code == 0
        _ENGINES[path] = OxigraphEngine(path)
    return _ENGINES[path]


def shown(entry) -> str:
    return entry.code or entry.label


@pytest.mark.parametrize(("kind", "typed", "expected"), PHRASINGS, ids=[f"{k}:{t}:{e}" for k, t, e in PHRASINGS])
def test_a_commissioners_words_reach_the_concept(store, kind, typed, expected):
    how, want = expected[0], expected[1:]
    try:
        entry = understand(store, kind, kind, typed)
    except AmbiguousValue as exc:
        assert how == "|", f"{typed!r} is ambiguous: {exc}"
        assert [shown(c) for c in exc.choices] == want.split(","), str(exc)
        return
    except UnknownValue as exc:
        assert how in "?~", f"{typed!r} is unknown: {exc}"
        codes = [s.rsplit(" (", 1)[1].rstrip(")") if s.endswith(")") and " (" in s else s for s in exc.suggestions]
        assert want in codes or want in exc.suggestions, str(exc)
        assert exc.associated == (how == "~"), str(exc)
        return
    assert (how, shown(entry)) == ("=", want)


@pytest.mark.parametrize(("typed", "concept"), ISSUE_TABLE)
def test_the_issue_table_on_the_engine_the_command_uses(store, typed, concept):
    assert understand(store, "population", "population", typed).iri == POP + concept


@pytest.mark.parametrize(("typed", "suggested"), [
    ("blind people", ["Physical or sensory impairment (4a)"]),
    ("hard of hearing", ["Physical or sensory impairment (4a)"]),  # not 'Unemployment' through 'out of work'
    ("people with disabilities", ["Disability (4)", "Learning or intellectual disability (4b)",
                                  "Physical or sensory impairment (4a)"]),
])
def test_words_that_name_no_group_do_not_suggest(store, typed, suggested):
    """'people', 'of', 'with' are in many names: left in, they bring every concept that has them."""
    with pytest.raises(UnknownValue) as info:
        understand(store, "population", "population", typed)
    assert info.value.suggestions == suggested


@pytest.mark.parametrize(("kind", "typed"), NOT_IN_THE_GRAPH)
def test_a_group_the_graph_lacks_is_not_resolved(store, kind, typed):
    with pytest.raises(UnknownValue):
        understand(store, kind, kind, typed)


def test_the_command_says_where_suggestions_come_from():
    plain = run("ask", "interventions-for-population", "--population", "deaf people")
    assert plain.exit_code == 2 and plain.stdout == ""
    assert plain.stderr.splitlines()[-1] == (
        "error: unknown population 'deaf people'; did you mean: Physical or sensory impairment (4a)? "
        "(run `amhe values population` to list them)")
    linked = run("ask", "interventions-for-population", "--population", "veterans")
    assert linked.exit_code == 2 and linked.stdout == ""
    assert linked.stderr.splitlines()[-1] == (
        "error: unknown population 'veterans'; did you mean: Homeless (10a)? (no population is named so; these "
        "are what entries mentioning it are linked to; run `amhe values population` to list them)")
    resolved = run("ask", "interventions-for-population", "--population", "pensioners", "--format", "csv")
    assert resolved.exit_code == 0
    assert resolved.stderr.splitlines()[-1] == (
        "population: Older adults (6b), from the search name 'pensioners' (our judgement, not the source's words)")
    ambiguous = run("ask", "interventions-for-population", "--population", "postnatal")
    assert ambiguous.exit_code == 2
    assert ambiguous.stderr.splitlines()[-1] == (
        "error: population 'postnatal' could mean Maternity (7b) or Perinatal (7c); give one, e.g. --population 7b "
        "(run `amhe values population` to list them)")
