"""Every canned question answers its documented example with facts from the source.

EXPECTED holds, per question, what the source says its example's answer must contain and
must not contain. A question without an entry fails, so the catalogue cannot grow untested,
and the catalogue cannot shrink below MINIMUM.
"""

from __future__ import annotations

import pytest

from amhe.queries import catalogue, parse_question
from amhe.queries.engine import RdflibEngine
from amhe.queries.params import UnknownValue, bind
from amhe.queries.render import shown
from amhe.queries.run import run, run_example
from amhe.queries.terms import literal, uri


class Shown:
    """Rows of an answer as dicts, with label() showing an IRI by its label and a literal as its value."""

    def __init__(self, g):
        self.engine = RdflibEngine(g)
        self._labels: dict[str, str] = {}

    def label(self, term) -> str:
        if term is not None and term.kind == "uri" and term.value not in self._labels:
            self._labels.update(self.engine.labels([term.value]))
        return shown(term, self._labels)


def label(g, term) -> str:
    return Shown(g).label(term)

MINIMUM = 43

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
    # Table 2 prints 23 DET studies and the text holds every DET row of Table 5 (refs 14-40, 56-58, 120).
    "interventions-for-type": {
        "column": "intervention",
        "must": ["Family check-up intervention", "Incredible Years Parenting Programs", "Refugee Wellbeing Project",
                 "Health-e Babies App"],
        "must_not": ["ESTEEM: Effective Skills to Empower Men", "PRIME project", "MOM-Net"],
        "rows": 23,
    },
    # Tables 2 and 3: 11 characteristics × 13 intervention types, zero cells included.
    "evidence-matrix": {
        "column": "characteristic",
        "must": ["Race", "Religion", "Socioeconomic status", "Specific groups", "Other"],
        "must_not": [],
        "rows": 11 * 13,
    },
    # Table 2 prints 0 studies for PRF, so every PRF cell is empty; Incredible Years (DET, 8a) and
    # Interpersonal therapy (PPS, 1a) fill the cells that must not be gaps.
    "evidence-gaps": {
        "column": "cell",
        "must": ["1 Race × PRF", "8 Socioeconomic status × PRF", "11 Other × PRF"],
        "must_not": ["8 Socioeconomic status × DET", "1 Race × PPS", "6 Age × DET"],
        "rows": None,
    },
    # Table 5 cites refs 15-21 for the Incredible Years Parenting Programs and 22-23 for the Teacher Programs,
    # but ref 14 for the Family check-up intervention.
    "studies-for-intervention": {
        "column": "title",
        "must": ["Who benefits and how does it work?", "Evaluating the Incredible Years toddler parenting programme",
                 "Preventing conduct problems and improving school readiness"],
        "must_not": ["Moderators of outcome in a brief family-centered intervention for preventing early problem "
                     "behavior"],
        "rows": 9,
    },
    # Table 4: 19 + 3 + 9 rows, joint entries as printed.
    "study-countries": {
        "column": "entryAsPrinted",
        "must": ["USA", "Austria & Russia", "Chile & Colombia", "Unclear", "Ethiopia"],
        "must_not": ["France"],
        "rows": 31,
    },
    # Appendix 2: the three co-produced research questions.
    "research-questions": {
        "column": "researchQuestion",
        "must": ["What evidence is there on interventions", "What is the evidence from economic evaluations",
                 "What are the barriers and facilitators"],
        "must_not": [],
        "rows": 3,
    },
    # Table 1: Section 26 (Commissioning Groups): 14T and 14Z1, sections of the NHS Act 2006 that the 2012 Act
    # inserts; the PSED binds public bodies, not CCGs as such; 13G is the Board's.
    "duties-by-holder": {
        "column": "provision",
        "must": ["National Health Service Act 2006, section 14T", "National Health Service Act 2006, section 14Z1"],
        "must_not": ["Equality Act 2010, section 149: Public Sector Equality Duty",
                     "National Health Service Act 2006, section 13G: Duty as to reducing inequalities"],
        "rows": 2,
    },
    # Table 1: 1C, 13G and 14T are the duties as to reducing inequalities; 13N and 14Z1 promote integration.
    "duties-to-reduce-inequalities": {
        "column": "provision",
        "must": ["National Health Service Act 2006, section 1C", "National Health Service Act 2006, section 13G",
                 "National Health Service Act 2006, section 14T"],
        "must_not": ["National Health Service Act 2006, section 14Z1: Duty as to promoting integration",
                     "National Health Service Act 2006, section 13N: Duty as to promoting integration"],
        "rows": 3,
    },
    # Table 3: 3a LGBTQ+ is a subtype of '3. Sexual orientation and gender reassignment'.
    "provisions-protecting-characteristic": {
        "column": "characteristic",
        "must": ["Sexual orientation", "Gender reassignment"],
        "must_not": ["Race", "Age", "Disability"],
        "rows": 8,
    },
    # Table 1: five Acts named and two implied (NHS Act 2006, MHA 2007); 30 provisions it lists and MHA 2007 s.8,
    # printed as the '8.' of '8. 2B (b)'. Provisions are cited by the Act they belong to, not the one they are
    # listed under.
    "legislation-overview": {
        "column": "provision",
        "must": ["section 149: Public Sector Equality Duty", "National Health Service Act 2006, section 14Z1",
                 "Article 14: Prohibition of discrimination", "Mental Health Act 1983, section 64J(1)",
                 "Mental Health Act 1983, section 118(2B)(b)", "Mental Health Act 2007, section 8", "Best interests"],
        "must_not": ["Health and Social Care Act 2012, section 13G: Duty as to reducing inequalities",
                     "Mental Health Act 1983, section 8"],
        "rows": 31,
    },
    # Appendix 3: 'Population: LGBTQ+' is printed only for Rainbow Alliance.
    "services-for-population": {
        "column": "service",
        "must": ["Rainbow Alliance"],
        "must_not": ["Black Thrive", "Dial House @ Touchstone"],
        "rows": 1,
    },
    # Appendix 3: located in London or its boroughs (Lambeth, Southwark); Rainbow Alliance is in Leeds.
    "services-by-place": {
        "column": "service",
        "must": ["Black Thrive", "King's Health Partners – Pathway Homeless Team",
                 "Nafsiyat Intercultural Therapy Centre", "Parenting and Child Service",
                 "Foundation for People with Learning Disabilities"],
        "must_not": ["Rainbow Alliance", "Steps2Change"],
        "rows": 5,
    },
    # Appendix 3: SLaM co-provides the Pathway Homeless Team and is a partner of Black Thrive.
    "services-by-provider": {
        "column": "service",
        "must": ["King's Health Partners – Pathway Homeless Team", "Black Thrive"],
        "must_not": ["Rainbow Alliance", "Dial House @ Touchstone"],
        "rows": 2,
    },
    # Appendix 3: four services list co-production among their areas of positive practice.
    "services-by-practice-area": {
        "column": "service",
        "must": ["Black Thrive", "Dial House @ Touchstone", "Foundation for People with Learning Disabilities",
                 "Stockport Healthy Young Minds, Learning Disability Team"],
        "must_not": ["Rainbow Alliance", "Steps2Change"],
        "rows": 4,
    },
    # Appendix 3: the figures printed for services (SROI £7.50–£12.50, Nafsiyat's 60%, Pathway's 70%, the four
    # key areas of Black Thrive's working groups, the foundation's six key areas).
    "service-outcomes": {
        "column": "quotedText",
        "must": ["£7.50–£12.50", "around 60% of people show reliable improvement", "more than 70% of referrals",
                 "focused on four key areas", "reports in six key areas"],
        "must_not": [],
        "rows": 14,
    },
    # Appendix 3: Nafsiyat's description names its 2013 project in Haringey, its one-day cultural competency workshop
    # and its own outcome measurement tool; the Leeds team's 'assertive outreach' model belongs to another service.
    "service-projects": {
        "column": "work",
        "must": ["project to tackle stigma in Haringey", "cultural competency workshop",
                 "outcome measurement tool developed by the service"],
        "must_not": ["assertive outreach model", "Talking Mats"],
        "rows": 3,
    },
    # Appendix 3: two Rainbow Alliance awards, one Pathway Homeless Team award.
    "service-awards": {
        "column": "award",
        "must": ["Psychiatric team of the year – working age adults", "Health Equality award",
                 "Trust award for Staff Health and Wellbeing"],
        "must_not": [],
        "rows": 3,
    },
    # Tables 6 and 8: 'Transport to access care' and 'Transport to co-production activities', three solutions each.
    "barriers-and-solutions": {
        "column": "solution",
        "must": ["Tap into the community resource to arrange a lift or car sharing", "Offer technology-based care",
                 "Involve charitable organisations to contribute to costs of transportation"],
        "must_not": ["Ensure fair payment for contributors", "Ensure access to interpreters and translated materials"],
        "rows": 6,
    },
    # Table 6: the barriers about older people and transitions between age-bound services.
    "barriers-for-population": {
        "column": "barrier",
        "must": ["Older people's mental health tends to focus on dementia",
                 "Transitions from children and young people's mental health services to adult services",
                 "Transitions from adult to older adult services is not always seamless"],
        "must_not": ["Language", "Religion, faith"],
        "rows": 3,
    },
    # Table 8: 11 barriers, 24 solutions.
    "coproduction-barriers": {
        "column": "barrier",
        "must": ["Financial barriers", "Acute mental illness", "Limits on time and resources"],
        "must_not": ["Transport to access care"],
        "rows": 24,
    },
    # Table 7: 6 + 5 + 4 + 4 practices.
    "coproduction-stages": {
        "column": "practice",
        "must": ["Start with a blank page and populate it with ideas",
                 "Make sensible use of existing resources, including the VCSE sector",
                 "Think about how to engage unserved or 'hidden' groups"],
        "must_not": [],
        "rows": 19,
    },
    # Appendix 5: the co-produced definition and the rungs the text names.
    "coproduction-definition": {
        "column": "term",
        "must": ["co-production", "doing with", "doing for", "doing to"],
        "must_not": [],
        "rows": 4,
    },
    # Appendix 7: Lia is a South Asian woman; Benny (older), Claudia (in transition), John (finances) are not.
    "lived-experience-examples": {
        "column": "person",
        "must": ["Lia"],
        "must_not": ["Benny", "Claudia", "John"],
        "rows": 1,
    },
    # Appendix 10: seven codes under 'Disability'.
    "nice-guidance-by-heading": {
        "column": "code",
        "must": ["CG142", "CG128", "CG170", "NG96", "NG11", "NG93", "NG54"],
        "must_not": ["NG44", "NG97"],
        "rows": 7,
    },
    # Appendix 10: five codes under 'Older adults'.
    "nice-guidance-for-population": {
        "column": "code",
        # NG96's title names older people with learning disabilities: a curated link to 6b as well.
        "must": ["NG97", "NG16", "NG21", "NG22", "NG32", "NG96"],
        "must_not": ["CG28", "NG44"],
        "rows": 6,
    },
    # Appendix 8: a row per item, or per entry without items: the Bring Dementia Out prototype, Black Thrive, CQC's
    # 3 initiatives and 5 objectives, MHCLG's 3 items, the Race Disparity Audit and the Ethnicity Facts and Figures
    # website, 8 partners, Rethink's 4 items.
    "sharing-and-learning-initiatives": {
        "column": "item",
        "must": ["Confident with difference – person-centred care and equality", "Housing first", "Maternity Action",
                 "Right treatment, right time", "Bring Dementia Out prototype", "Ethnicity Facts and Figures website"],
        "must_not": [],
        "rows": 1 + 1 + 8 + 3 + 2 + 8 + 4,
    },
    # Appendix 8: CQC has set Equality Objectives for 2019-2021, numbered 1 to 5.
    "cqc-equality-objectives": {
        "column": "objective",
        "must": ["Confident with difference", "Accessible information and communication",
                 "Equality and the well-led provider", "Equal access to care and equity of outcomes in local areas",
                 "Continue to develop a diverse CQC workforce"],
        "must_not": ["Human Rights Approach", "Equally Outstanding"],
        "rows": 5,
    },
    # Appendix 9: three operational definitions.
    "restrictive-practice-definitions": {
        "column": "definition",
        "must": ["Any direct physical contact where the intention of the person intervening",
                 "The supervised confinement and isolation of a patient", "Use of medication by the parenteral route"],
        "must_not": [],
        "rows": 3,
    },
    # Abbreviations: 20 terms.
    "abbreviations": {
        "column": "standsFor",
        "must": ["Voluntary, community and social enterprise", "Care Quality Commission",
                 "Patient-reported experience measure", "Five Year Forward View for Mental Health"],
        "must_not": [],
        "rows": 20,
    },
    # Appendix 1, the economic case: EIP £15 per £1, £5.5 billion, £31–33 billion, £20–32 billion, conduct disorder;
    # the life expectancy gap belongs to the moral case.
    "economic-case": {
        "column": "subject",
        "must": ["early intervention in psychosis", "lost productivity", "lost taxes", "conduct disorder"],
        "must_not": ["life expectancy of people with a serious mental illness"],
        "rows": 5,
    },
    # Appendix 1: 5YFVMH, Long Term Plan, Delivering Race Equality, the Marmot Review, the Equalities Impact Assessment.
    "programmes-and-policies": {
        "column": "programme",
        "must": ["Five Year Forward View for Mental Health", "NHS Long Term Plan", "Delivering Race Equality",
                 "Marmot Review", "Equalities Impact Assessment"],
        "must_not": [],
        "rows": 5,
    },
    # Two boxed quotations in Appendix 1, one in Appendix 6.
    "attributed-quotations": {
        "column": "attributedTo",
        "must": ["The 5YFVMH, NHS England", "Fair Society, Healthy Lives: The Marmot Review",
                 "Person with lived experience"],
        "must_not": [],
        "rows": 3,
    },
    # Appendix 11: 7 + 4 + 7 + 21 + 6 listings.
    "contributors": {
        "column": "name",
        "must": ["Shubulade Smith", "Jacqui Dyer", "Ann York", "Léa Renoux-Wood", "The Care Quality Commission (CQC)"],
        "must_not": [],
        "rows": 45,
    },
    # NHS England: publisher of the 5YFVMH, works with the Wellbeing Teams (webinar), its programme managers in
    # Appendix 11, and a helpful resource it published with NHS Improvement.
    "organisation-profile": {
        "column": "entity",
        "must": ["Five Year Forward View for Mental Health", "South Staffordshire Wellbeing Teams", "Ruth Davies",
                 "Mental Health in Older People: A Practice Primer"],
        "must_not": ["Rainbow Alliance"],
        "rows": None,
    },
    # Helpful resources: five links under 'Co-production'.
    "helpful-resources": {
        "column": "resource",
        "must": ["4Pi: National Involvement Standards", "People not Process – Co-production in Commissioning"],
        "must_not": ["Hidden in Plain Sight: The Unmet Mental Health Needs of Older People"],
        "rows": 5,
    },
    # 129 references, 11 services, 7 Acts (5 named, 2 implied), 80 Table 5 rows in the text, 32 NICE codes.
    "dataset-statistics": {
        "column": "summary",
        "must": ["Reference: 129", "Service: 11", "Act: 7", "Intervention: 80", "NiceGuidance: 32"],
        "must_not": [],
        "rows": None,
    },
    # Table 3: 11 characteristics and 23 subtypes; the characteristics named after Equality Act characteristics.
    "population-protection": {
        "column": "characteristics",
        "must": ["Race", "Religion or belief", "Sexual orientation", "Gender reassignment", "Disability", "Sex", "Age",
                 "Pregnancy and maternity"],
        "must_not": [],
        "rows": 11 + 23,
    },
    # Table 5: the 10c Refugees rows are the Refugee Wellbeing Project (37) and EMDR (99).
    "references-for-population": {
        "column": "title",
        "must": ["EMDR versus stabilisation in traumatised asylum seekers and refugees",
                 "Reducing mental health disparities through transformative learning"],
        # Row 18 (ref 38, cultural-competence training) marks block B's last cell: 11a, not refugees.
        "must_not": ["Cultural consultation as a model for"],
        "rows": 2,
    },
    # Reference 6 (Equality Act) is cited for the Act in Table 1 and twice in Appendix 1's text.
    "reference-cited-by": {
        "column": "citedBy",
        "must": ["Equality Act 2010", "section 149: Public Sector Equality Duty", "each caregiver must comply with the "
                 "Equality Act"],
        "must_not": [],
        "rows": None,
    },
    # LGBTQ+ across the source: ESTEEM (Table 5), Rainbow Alliance (A3), gender identity wards (Table 6),
    # Claudia (A7), Bring Dementia Out (A8).
    "population-profile": {
        "column": "entity",
        "must": ["ESTEEM", "Rainbow Alliance", "Issues around male/female wards when considering gender identity",
                 "Claudia", "Bring Dementia Out"],
        "must_not": ["Black Thrive"],
        "rows": None,
    },
    # Table 2: 13 intervention types, DET 23 ... PRF 0; Table 3's and Table 5's figures are for populations.
    "printed-counts": {
        "column": "concept",
        "must": ["Delivering education and training", "Providing psychological support",
                 "Providing reminders and feedback"],
        "must_not": ["Low SES", "Race"],
        "rows": 13,
    },
    # The contents list: 11 appendices, Helpful resources, Abbreviations, References; Tables 1-8.
    "source-sections": {
        "column": "section",
        "must": ["Appendix 3: Positive practice examples", "Table 5: Intervention types aimed at populations",
                 "Appendix 11: AMHE resource contributors", "Abbreviations", "References"],
        "must_not": [],
        "rows": 22,
    },
}


def answer(g, question_id, values=None):
    engine = RdflibEngine(g)
    question = catalogue()[question_id]
    result = run(engine, question, values) if values is not None else run_example(engine, question)
    return result.dicts()


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


def test_organisation_profile_says_how_each_entity_links(built):
    rows = answer(built, "organisation-profile", {"organisation": "CQC"})
    assert all(r["role"] and r["source"] for r in rows)
    named_in = {str(r["source"]) for r in rows if str(r["role"]) == "is named in"}
    assert {"Abbreviations", "Appendix 8", "Appendix 11"} <= named_in  # CQC is spelt out and named there
    objectives = [r for r in rows if str(r["entity"]).endswith("cqc-equality-objective-1")]
    assert [(str(r["role"]), str(r["source"])) for r in objectives] == [("is the organisation of", "Appendix 8")]


def test_sharing_and_learning_items_keep_their_type_and_printed_order(built):
    rows = [r for r in answer(built, "sharing-and-learning-initiatives", {"entry": "CQC"}) if r.get("item")]
    assert rows and all(r.get("itemType") and r.get("itemPosition") for r in rows)
    kinds = [str(r["itemType"]) for r in rows]
    assert kinds == sorted(kinds, key=lambda k: k == "objective")  # the equality objectives come last
    objectives = [int(str(r["itemPosition"])) for r in rows if str(r["itemType"]) == "objective"]
    assert objectives == [1, 2, 3, 4, 5]


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
    # Rows with a mark at 8a, 8b or 8c (iBobbly App's block-G position 16 reads 9a, not 8c).
    assert len(by_characteristic) == len(by_abbreviation) == 53
    assert {"PRIME project", "Incredible Years Parenting Programs"} <= names
    race = answer(built, "interventions-for-population", {"population": "Race"})
    parts = sum((answer(built, "interventions-for-population", {"population": c}) for c in ("1a", "1b", "1c")), [])
    assert {r["intervention"] for r in race} == {r["intervention"] for r in parts}


HOSTILE = ["} UNION { ?s ?p ?o }", "8a # comment", "8a\nUNION",
           'nobody" || "1" = "1', "x } SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o", "<https://w3id.org/amhe/>"]


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_population_values_are_inert(built, value):
    question = catalogue()["interventions-for-population"]
    with pytest.raises(UnknownValue):
        bind(RdflibEngine(built), question.parameters[0], value)


@pytest.mark.parametrize("value", ['Low SES"', "Low SES' }"])
def test_stray_quotes_and_braces_are_ignored_by_the_name_rule(built, value):
    """The name rule drops punctuation around words, so these name Low SES: bound as its IRI, never as text."""
    question = catalogue()["interventions-for-population"]
    assert bind(RdflibEngine(built), question.parameters[0], value) == uri("https://w3id.org/amhe/population/8a-low-ses")


@pytest.mark.parametrize("value", ['all" || "1" = "1', 'matches") || true || ("', "all\t", "} UNION {", "all #"])
def test_hostile_string_values_match_nothing(built, value):
    assert answer(built, "audit-findings", {"status": value}) == []
    assert answer(built, "audit-findings", {"status": "all"})


def test_values_are_bound_as_terms_not_text(built):
    question = catalogue()["audit-findings"]
    assert bind(RdflibEngine(built), question.parameters[0], 'a"b') == literal('a"b')
    assert 'a"b' not in question.text


def test_header_is_required(tmp_path):
    from amhe.queries import CatalogueError

    path = tmp_path / "broken.rq"
    path.write_text("#+ id: broken\nSELECT * WHERE { ?s ?p ?o }\n", encoding="utf-8")
    with pytest.raises(CatalogueError, match="lacks '#\\+ title:'"):
        parse_question(path)


@pytest.mark.parametrize("question_id", sorted(catalogue()))
def test_values_clause_binding_gives_the_same_rows(built, question_id):
    """Engines without initBindings get parameters as a VALUES block built from terms: the same rows."""
    from amhe.queries.run import bindings, with_values

    engine = RdflibEngine(built)
    question = catalogue()[question_id]
    terms = bindings(engine, question, {p.name: p.example for p in question.parameters})
    embedded = engine.select(question.text, terms)
    assert embedded.rows
    assert engine.select(with_values(question.text, terms)).canonical() == embedded.canonical()


def test_values_blocks_open_the_outer_group_and_only_the_subqueries_that_name_the_parameter():
    """A subquery that never names a parameter gets no VALUES block (Virtuoso 7.2.5 never answers
    organisation-profile with one); braces, '#' and variable names in strings, IRIs and comments count for
    nothing."""
    from amhe.queries.run import with_values

    text = ('SELECT ?a WHERE { # a comment naming ?org and { \n'
            '  { SELECT ?a WHERE { ?a <http://x/#p> "?org }" } }\n'
            '  OPTIONAL { SELECT ?b WHERE { ?b ?p $org FILTER(?b != "{") } }\n'
            '  { SELECT ?c WHERE { ?c ?p ?organisation } }\n'
            '}')
    bound = with_values(text, {"org": uri("http://x/o")})
    block = "VALUES (?org) { (<http://x/o>) }"
    assert bound == (f'SELECT ?a WHERE {{\n  {block}\n # a comment naming ?org and {{ \n'
                     '  { SELECT ?a WHERE { ?a <http://x/#p> "?org }" } }\n'
                     f'  OPTIONAL {{ SELECT ?b WHERE {{\n  {block}\n ?b ?p $org FILTER(?b != "{{") }} }}\n'
                     '  { SELECT ?c WHERE { ?c ?p ?organisation } }\n'
                     '}')


@pytest.mark.parametrize("question_id", sorted(catalogue()))
def test_oxigraph_and_rdflib_give_the_same_rows(built, question_id, tmp_path_factory):
    """The embedded engine answers every question exactly as rdflib's reference engine does."""
    engine = RdflibEngine(built)
    question = catalogue()[question_id]
    assert run_example(oxigraph_engine(built, tmp_path_factory), question).canonical() == \
        run_example(engine, question).canonical()


_OXIGRAPH = {}


def oxigraph_engine(built, tmp_path_factory):
    """An Oxigraph store loaded with the built graph, shared by the tests of this module."""
    if "engine" not in _OXIGRAPH:
        import pyoxigraph

        from amhe.graph.export import serialize
        from amhe.queries.engine import OxigraphEngine

        store = pyoxigraph.Store(str(tmp_path_factory.mktemp("oxigraph")))
        store.bulk_load(serialize(built, "nt"), format=pyoxigraph.RdfFormat.N_TRIPLES)
        _OXIGRAPH["engine"] = OxigraphEngine(store=store)
    return _OXIGRAPH["engine"]


PAGED = sorted(q.id for q in catalogue().values() if q.page is not None)


def test_list_questions_that_grow_with_the_data_are_paged():
    assert PAGED == ["barriers-and-solutions", "contributors", "coproduction-barriers", "interventions-for-population",
                     "interventions-for-type", "service-outcomes", "service-projects",
                     "sharing-and-learning-initiatives", "studies-for-intervention"]


@pytest.mark.parametrize("question_id", PAGED)
def test_pages_add_up_to_every_row(built, question_id, tmp_path_factory):
    """Pages of 2 entities, read until one comes back empty, hold exactly the rows of --all, on both
    engines; every page but the last holds 2 entities (a driving subquery picks only entities that
    have rows), and no page repeats an entity of another."""
    question = catalogue()[question_id]
    example = {p.name: p.example for p in question.parameters}
    for engine in (RdflibEngine(built), oxigraph_engine(built, tmp_path_factory)):
        every = run(engine, question, example, page=None)
        assert every.rows
        rows, seen, page = [], [], 1
        while True:
            part = run(engine, question, example, page=page, page_size=2)
            if not part.rows:
                break
            entities = {row[part.vars.index(question.page.variable)] for row in part.rows}
            assert len(entities) <= 2 and not entities & set(seen), (engine.name, page)
            assert len(entities) == 2 or run(engine, question, example, page=page + 1, page_size=2).rows == []
            seen += entities
            rows += part.rows
            page += 1
        assert type(every)(every.vars, rows).canonical() == every.canonical(), engine.name


@pytest.mark.parametrize("header, body, message", [
    ("#+ page: 10 s\n", "SELECT ?s WHERE { ?s ?p ?o }\n", "exactly one line 'LIMIT 10 OFFSET 0'"),
    ("", "SELECT ?s WHERE { { SELECT ?s WHERE { ?s ?p ?o }\nLIMIT 10 OFFSET 0\n } }\n", "no '#+ page:' header"),
    ("#+ page: ten s\n", "SELECT ?s WHERE { ?s ?p ?o }\n", "a page size and a variable"),
    ("#+ page: 10 o\n", "SELECT ?s WHERE { { SELECT ?s ?o WHERE { ?s ?p ?o }\nLIMIT 10 OFFSET 0\n } }\n",
     "not projected"),
])
def test_page_headers_are_checked(tmp_path, header, body, message):
    import re

    from amhe.queries import CatalogueError

    path = tmp_path / "paged.rq"
    path.write_text(f"#+ id: paged\n#+ title: t\n#+ description: d\n#+ tags: x\n{header}\n{body}", encoding="utf-8")
    with pytest.raises(CatalogueError, match=re.escape(message)):
        parse_question(path)


def test_service_projects_say_where_and_when(built):
    rows = answer(built, "service-projects", {"service_name": "Nafsiyat"})
    haringey = [r for r in rows if r["work"].value == "https://w3id.org/amhe/work/nafsiyat-haringey-stigma-project"]
    assert [(label(built, r["place"]), r["start"].value, r["duration"].value, label(built, r["population"]),
             r["kind"].value) for r in haringey] == [("Haringey", "2013", "P1Y", "Minority ethnicity", "project")]
    workshop = [r for r in rows if r["work"].value == "https://w3id.org/amhe/work/nafsiyat-cultural-competency-workshop"]
    assert [(r["duration"].value, r["start"]) for r in workshop] == [("P1D", None)]


def test_organisation_profile_names_the_work_it_funds(built):
    rows = answer(built, "organisation-profile", {"organisation": "Health and Wellbeing Alliance"})
    funded = [(str(r["role"].value), label(built, r["entity"]), str(r["source"].value)) for r in rows
              if str(r["role"].value) == "funds"]
    assert funded == [("funds", "Race Disparities in Mental Health project", "Appendix 8")]
