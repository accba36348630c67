"""Every canned question answers with whole rows transcribed from the source, in every column it projects.

tests/test_queries.py checks one column and a row count per question; that let a swapped Table 5 code, a cut
references column or a lost curated branch pass. Here each question has at least two rows written from the
source document (Appendices 1-11, Tables 1-8, the references) and the curated tables that transcribe it: every
projected column, literals as whole RDF terms (datatype and language), IRIs by their label (or IRI), lists
(GROUP_CONCAT) in any order. Rows are chosen to include curated readings and inbound links where a question
has them. Each row must appear in the answer of the embedded Oxigraph engine (the VALUES path users take) and of
rdflib (initBindings). Columns the source does not print (triple counts, entities derived per section) are
recounted from the graph by another route, never copied from an answer.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from amhe.queries import catalogue
from amhe.queries.engine import Engine, OxigraphEngine, RdflibEngine
from amhe.queries.run import run
from amhe.queries.terms import XSD, Term, literal

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def en(text: str) -> Term:
    return literal(text, lang="en")


def n(value: int) -> Term:
    """A whole number: positions, counts and reference numbers are all typed xsd:integer (their bounds are
    stated in the shapes), which is also what Oxigraph answers for any integer subtype."""
    return literal(str(value), XSD + "integer")


pos = nn = n


def iri(value: str) -> Term:
    return Term("uri", value)


def triples(g) -> Term:
    """The graph's own size: void:triples counts the triple that states it."""
    return nn(len(g))


def entities(g) -> Term:
    """Typed subjects under our base or legislation.gov.uk, ontology terms and the class partitions that state
    the counts apart (what void:entities counts)."""
    from rdflib import RDF, VOID

    partitions = set(g.objects(None, VOID.classPartition))
    found = {s for s, _ in g.subject_objects(RDF.type)
             if str(s).startswith(("https://w3id.org/amhe/", "http://www.legislation.gov.uk/"))
             and not str(s).startswith("https://w3id.org/amhe/ontology") and s not in partitions}
    return nn(len(found))


def derived(section_label: str) -> Callable:
    """How many entities name the section as their source (prov:wasDerivedFrom), counted here in Python."""
    def count(g) -> Term:
        from rdflib import RDFS, Literal, URIRef

        section = next(g.subjects(RDFS.label, Literal(section_label)), None) or next(
            g.subjects(RDFS.label, Literal(section_label, lang="en")))
        return n(len(set(g.subjects(URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"), section))))
    return count


DATASET = "AMHE knowledge graph: Advancing Mental Health Equality appendices as linked data"
RQ1 = "What evidence is there on interventions to address or reduce mental health inequalities?"
RQ3 = "What are the barriers and facilitators to interventions to address or reduce mental health inequalities?"
SES_CQC = "Human Rights Approach, Equally Outstanding, CQC Race Equality Network"
CQC_TEXT = ("CQC's Human Rights Approach to regulation, its 'Equally Outstanding' good practice resource, its Race "
            "Equality Network and its Equality Objectives for 2019-2021.")
LGBTQ_RATIONALE = en("LGBTQ+ spans sexual orientation (lesbian, gay, bisexual) and gender reassignment (transgender); "
                     "queer and other identities may fall under either or neither.")
EQUALITY_ACT = "Her Majesty's Stationery Office. Equality Act. London: The Stationery Office; 2010."
MHCLG = "Ministry for Housing, Communities and Local Government"
NAFSIYAT = "Nafsiyat Intercultural Therapy Centre"
IY_REFS = {15: ("Who benefits and how does it work? Moderators and mediators of outcome in an effectiveness trial of "
                "a parenting intervention", "Gardner F; Hutchings J; Bywater T; Whitaker C", "2010",
                "Journal of Clinical Child and Adolescent Psychology"),
           21: ("A cost-effectiveness analysis of the Incredible Years parenting programme in reducing childhood "
                "health inequalities", "O'Neill D; McGilloway S; Donnelly M; Bywater T; Kelly P", "2013",
                "European Journal of Health Economics")}

# question id -> list of (parameter values or None for the documented example, projected columns, rows)
PINS: dict[str, list[tuple[dict | None, list[str], list[tuple]]]] = {
    # Abbreviations list (p. 50); CCG is also printed as "Commissioning Groups" in Table 1.
    "abbreviations": [(None, ["abbreviation", "standsFor", "kind", "entry", "otherNames"], [
        ("BAME", "Black, Asian and Minority Ethnic", "Abbreviation", "abbreviation concept of its own", None),
        ("CCG", "Clinical commissioning groups", "Kind of duty holder", "entity of the graph", "Commissioning Groups"),
        ("CBT", "Cognitive behavioural therapy", "Abbreviation", "abbreviation concept of its own", None),
    ])],
    # Boxed quotations of Appendix 1 (5YFVMH; the Marmot Review).
    "attributed-quotations": [(None, ["quotation", "attributedTo", "quotedText", "source"], [
        ("Wherever it is provided care should be appropriate to people of all ages.", "The 5YFVMH, NHS England",
         en("Wherever it is provided care should be appropriate to people of all ages."), "Appendix 1"),
        ("Action taken to reduce health inequalities will benefit society in many ways.",
         "Fair Society, Healthy Lives: The Marmot Review (2010)",
         en("Action taken to reduce health inequalities will benefit society in many ways."), "Appendix 1"),
    ])],
    # Table 3 prints 3 for 2a Religion and 23 for 6a Youth; Table 5's total row prints 2 and 23.
    "audit-findings": [(None, ["table", "code", "concept", "printed", "computed", "difference", "explained",
                               "lostReferences", "outcome", "explanation", "evidence", "finding"], [
        ("Table 3", "2a", "Religion", nn(3), nn(2), n(1), None, None, "Inconsistency of the source",
         en("Table 3 prints 3 for 2a Religion where Table 5's total row prints 2."), None,
         "Table 3, 2a Religion: printed 3, Table 5 prints 2"),
        ("Table 3", "6a", "Youth", nn(23), nn(23), n(0), None, None, "Matches",
         en("Table 3 agrees with the total Table 5 prints."), None, "Table 3, 6a Youth: printed 23, Table 5 prints 23"),
    ])],
    # Table 6 'Transport to access care' (curated type EC for the community-services solution) and Table 8.
    "barriers-and-solutions": [(None, ["source", "barrier", "solution", "curatedTypes"], [
        ("Appendix 4, Table 6", "Transport to access care",
         "Use of, and signposting to, community-based services, outreach clinics or drop-in centres", "EC (3)"),
        ("Appendix 4, Table 6", "Transport to access care",
         "Offer technology-based care, e.g. digital methods of delivery", "oT (9)"),
        ("Appendix 6, Table 8", "Transport to co-production activities",
         "Hold co-production activities in the community", ""),
    ])],
    # Table 6, Age rows: youth transitions and older adults' services.
    "barriers-for-population": [(None, ["barrier", "concept", "basis", "solutions", "source"], [
        ("Transitions from adult to older adult services is not always seamless", "Older adults",
         "Printed in the source", "Collaborative care between services and tailoring care to individual needs",
         "Appendix 4, Table 6"),
        ("Transitions from children and young people's mental health services to adult services is not always "
         "seamless", "Youth", "Printed in the source",
         "Use of a mental health 'passport', Implementation and achievement of the Commissioning for Quality and "
         "Innovation (CQUIN) transition goal", "Appendix 4, Table 6"),
    ])],
    # Appendix 11: 'Shubulade Smith (Facilitator), Clinical Director, NCCMH'; 'Jacqui Dyer (co-chair), Co-founder,
    # Black Thrive Lambeth'; 'Ruth Davies, Programme Manager, ... NHS England'.
    "contributors": [(None, ["groupPosition", "group", "position", "contribution", "name", "roles", "org", "source"], [
        (pos(1), "NCCMH development team", pos(1), "Shubulade Smith, Facilitator, Clinical Director",
         "Shubulade Smith", "Facilitator, Clinical Director", "National Collaborating Centre for Mental Health",
         "Appendix 11"),
        (pos(2), "NHS England", pos(1), "Ruth Davies, Programme Manager", "Ruth Davies", "Programme Manager",
         "NHS England", "Appendix 11"),
        (pos(4), "Steering group", pos(1), "Jacqui Dyer, co-chair, Co-founder", "Jacqui Dyer", "co-chair, Co-founder",
         "Black Thrive", "Appendix 11"),
    ])],
    # Table 8: Financial barriers; Transport to co-production activities.
    "coproduction-barriers": [(None, ["barrierPosition", "barrier", "solutionPosition", "solution", "source"], [
        (pos(1), "Financial barriers", pos(1), "Ensure fair payment for contributors", "Appendix 6, Table 8"),
        (pos(2), "Transport to co-production activities", pos(3),
         "Facilitate remote contributions e.g. by phone or email", "Appendix 6, Table 8"),
    ])],
    # Appendix 5: the definition and the Ladder of Co-production.
    "coproduction-definition": [(None, ["kind", "position", "term", "text", "source"], [
        ("definition", n(0), "co-production",
         en("Co-production is an ongoing partnership between people who design, deliver and commission services, "
            "people who use the services and people who need them."), "Appendix 5"),
        ("rung of the Ladder of Co-production", pos(2), "doing for",
         en("It is common for practitioners and commissioners to mistake 'doing for' and 'doing to' as "
            "co-production, when it is not."), "Appendix 5"),
    ])],
    # Table 7, stage 1.
    "coproduction-stages": [(None, ["stagePosition", "coproductionStage", "practicePosition", "practice", "source"], [
        (pos(1), "Identifying inequalities", pos(3), "Start with a blank page and populate it with ideas",
         "Appendix 5, Table 7"),
        (pos(1), "Identifying inequalities", pos(5), "Refer to The Ladder of Co-production", "Appendix 5, Table 7"),
    ])],
    # Appendix 8: the CQC's Equality Objectives for 2019-2021 (objective 4 names BAME communities).
    "cqc-equality-objectives": [(None, ["position", "objective", "organisation", "entry", "population", "source"], [
        (pos(1), "Confident with difference – person-centred care and equality", "Care Quality Commission", SES_CQC,
         None, "Appendix 8"),
        (pos(4), "Equal access to care and equity of outcomes in local areas – this includes a specific focus on "
         "access to mental health care for people from BAME communities", "Care Quality Commission", SES_CQC,
         "Minority ethnicity", "Appendix 8"),
    ])],
    # Appendix 7 prints 7 examples; Appendix 9 defines 3 restrictive practices.
    "dataset-statistics": [(None, ["dataset", "triples", "datasetEntities", "class", "className", "entities",
                                   "instances", "summary"], [
        (DATASET, triples, entities, "Lived-experience example", "LivedExperienceExample", nn(7), n(7),
         "LivedExperienceExample: 7"),
        (DATASET, triples, entities, "Restrictive practice", "RestrictivePractice", nn(3), n(3),
         "RestrictivePractice: 3"),
    ])],
    # Table 1, Section 26 (Commissioning Groups): 14T and 14Z1.
    "duties-by-holder": [(None, ["holderKind", "duty", "obliges", "provision", "act", "basis", "evidence", "source"], [
        ("Clinical commissioning groups", "Duties as to reducing inequalities (commissioning groups)",
         en("reducing inequalities"), "National Health Service Act 2006, section 14T: Duties as to reducing "
         "inequalities", "National Health Service Act 2006", "Printed in the source",
         en("Table 1: 'Section 26 (Commissioning Groups): 14T – Duties as to reducing inequalities'."),
         "Appendix 1, Table 1"),
        ("Clinical commissioning groups", "Duty as to promoting integration (commissioning groups)",
         en("promoting integration"), "National Health Service Act 2006, section 14Z1: Duty as to promoting "
         "integration", "National Health Service Act 2006", "Printed in the source",
         en("Table 1: 'Section 26 (Commissioning Groups): 14Z1 – Duty as to promoting integration'."),
         "Appendix 1, Table 1"),
    ])],
    # Table 1: 13G (section 23, the Board) and 1C (section 4, Secretary of State).
    "duties-to-reduce-inequalities": [(None, ["duty", "holderKind", "obliges", "provision", "number", "act",
                                              "insertedBy", "basis", "source"], [
        ("Duty as to reducing inequalities (the Board)", "NHS England", en("reducing inequalities"),
         "National Health Service Act 2006, section 13G: Duty as to reducing inequalities", "13G",
         "National Health Service Act 2006", "Health and Social Care Act 2012, section 23", "Printed in the source",
         "Appendix 1, Table 1"),
        ("Duty as to reducing inequalities (Secretary of State)", "Secretary of State", en("reducing inequalities"),
         "National Health Service Act 2006, section 1C: Duty as to reducing inequalities", "1C",
         "National Health Service Act 2006", "Health and Social Care Act 2012, section 4", "Printed in the source",
         "Appendix 1, Table 1"),
    ])],
    # Appendix 1: £1 in EIP gives ~£15 over 10 years (ref 3); £31-33 billion lost productivity (ref 5).
    "economic-case": [(None, ["case", "claim", "subject", "valueLow", "valueHigh", "unit", "per", "period",
                              "quotedText", "referenceNumber", "reference", "source"], [
        ("economic", "Every £1 invested in evidence-based early intervention in psychosis (EIP) results in "
         "approximately £15 in avoided costs over a 10-year period.",
         "evidence-based early intervention in psychosis (EIP)", "15", "15", "GBP", "GBP 1 invested", "10 years",
         en("every £1 invested in evidence-based early intervention in psychosis (EIP) results in approximately £15 "
            "in avoided costs over a 10-year period"), pos(3),
         "[3] Mental Health Promotion and Mental Illness Prevention: The Economic Case", "Appendix 1"),
        ("economic", "The annual cost of health inequalities is estimated at £31–33 billion in lost productivity.",
         "lost productivity due to health inequalities", "31", "33", "GBP billion", None, "per year",
         en("the annual cost of health inequalities is estimated to be £31–33 billion in lost productivity"), pos(5),
         "[5] Fair Society, Healthy Lives: Strategic Review of Health Inequalities in England Post-2010",
         "Appendix 1"),
    ])],
    # Table 2 prints 0 studies of PRF: every characteristic's PRF cell is a gap.
    "evidence-gaps": [(None, ["gap", "population", "interventionType", "cell"], [
        ("no intervention of this type for this characteristic", "Race", "Providing reminders and feedback",
         "1 Race × PRF"),
        ("no intervention of this type for this characteristic", "Socioeconomic status",
         "Providing reminders and feedback", "8 Socioeconomic status × PRF"),
    ])],
    "evidence-matrix": [(None, ["characteristicCode", "characteristic", "typeNotation", "interventionType",
                                "interventions", "cell"], [
        ("1", "Race", "PRF", "Providing reminders and feedback", n(0), "1 Race × PRF"),
        ("11", "Other", "PRF", "Providing reminders and feedback", n(0), "11 Other × PRF"),
    ])],
    # Helpful resources, Co-production: '4Pi: National Involvement Standards'; 'Guidance ... (INVOLVE)'.
    "helpful-resources": [(None, ["heading", "position", "resource", "publishers", "source"], [
        ("Co-production", pos(1), "4Pi: National Involvement Standards", "", en("Helpful resources")),
        ("Co-production", pos(3), "Guidance on so-producing a research project", "INVOLVE", en("Helpful resources")),
    ])],
    # Table 5: 'Family check-up intervention ¹⁴ DET' and 'Incredible Years Parenting Programs ¹⁵⁻²¹ DET', both
    # marked 6a and 8a; for Low SES the populations column holds the matched code. Refugees: rows 17 and 68.
    "interventions-for-population": [
        (None, ["row", "intervention", "types", "populations", "references", "source"], [
            (pos(1), "Family check-up intervention", "DET", "8a", "14", "Appendix 2, Table 5"),
            (pos(2), "Incredible Years Parenting Programs", "DET", "8a", "15, 16, 17, 18, 19, 20, 21",
             "Appendix 2, Table 5"),
            (pos(3), "Incredible Years Teacher Programs", "DET", "8a", "22, 23", "Appendix 2, Table 5"),
        ]),
        ({"population": "Refugees"}, ["row", "intervention", "types", "populations", "references", "source"], [
            (pos(17), "Refugee Wellbeing Project", "DET", "10c", "37", "Appendix 2, Table 5"),
            (pos(68), "Eye Movement Desensitisation and Reprocessing", "O", "10c", "99", "Appendix 2, Table 5"),
        ]),
    ],
    "interventions-for-type": [(None, ["row", "intervention", "types", "populations", "references", "coding",
                                       "source"], [
        (pos(1), "Family check-up intervention", "DET", "6a Youth, 8a Low SES", "14", "As extracted",
         "Appendix 2, Table 5"),
        (pos(2), "Incredible Years Parenting Programs", "DET", "6a Youth, 8a Low SES", "15, 16, 17, 18, 19, 20, 21",
         "As extracted", "Appendix 2, Table 5"),
    ])],
    # Table 1, Equality Act 2010 (reference 6): sections 13 and 149.
    "legislation-overview": [(None, ["actTitle", "actReference", "provision", "number", "numberAsPrinted",
                                     "listedUnder", "insertedBy", "heading", "body", "quotedText", "source"], [
        (en("Equality Act 2010"), pos(6), "Equality Act 2010, section 13: Duty to not discriminate", "13", "13",
         "Equality Act 2010", None, en("Duty to not discriminate"), None, None, "Appendix 1, Table 1"),
        (en("Equality Act 2010"), pos(6), "Equality Act 2010, section 149: Public Sector Equality Duty", "149",
         "149", "Equality Act 2010", None, en("Public Sector Equality Duty"), None, None, "Appendix 1, Table 1"),
    ])],
    # Appendix 7: Lia (GP surgery) and Claudia (mental health service).
    "lived-experience-examples": [
        (None, ["example", "person", "concept", "basis", "setting", "summary", "inequalityIssue",
                "couldHaveBeenBetter", "source"], [
            ("Lia: GP surgery", "Lia", "Minority ethnicity", "Printed in the source", "GP surgery",
             en("Lia has limited English and has been detained under the Mental Health Act before. She describes "
                "severe emotional distress to her GP as a headache; the GP misreads this and suggests painkillers "
                "and rest, and months later she is detained again."),
             en("Her limited English caused a communication gap that nobody noticed, so the consultation missed her "
                "distress and she did not get the support she needed."),
             en("An interpreter could have helped the GP understand her and offer mental health, social care or "
                "community support for her and her children, making another crisis and admission less likely."),
             "Appendix 7"),
        ]),
        ({"population": "LGBTQ+"}, ["example", "person", "concept", "basis", "setting", "summary", "inequalityIssue",
                                    "couldHaveBeenBetter", "source"], [
            ("Claudia: mental health service", "Claudia", "LGBTQ+", "Printed in the source", "mental health service",
             en('Claudia, who is in transition, complains that a mental health service does not use her chosen name '
                'and that some staff call her "him". Fearing that she would be placed on a male ward, she hides how '
                'unwell she is even though she needs inpatient care.'),
             en("The service did not respond to her requests about how she is addressed, which added to her distress "
                "and kept her from the care she needs."),
             en("Staff training on caring for people in transition, and a service protocol such as a named liaison "
                "staff member with relevant expertise, could make sure she is treated with respect and given "
                "tailored care."), "Appendix 7"),
        ]),
    ],
    # Appendix 10, Disability: CG142 and NG96.
    "nice-guidance-by-heading": [(None, ["listedUnder", "position", "code", "guidance", "type", "page", "source"], [
        ("Disability", pos(19), "CG142", "CG142: Autism spectrum disorder in adults: diagnosis and management",
         "guideline", iri("https://www.nice.org.uk/guidance/cg142"), "Appendix 10"),
        ("Disability", pos(22), "NG96", "NG96: Care and support of older people with learning disabilities",
         "guideline", iri("https://www.nice.org.uk/guidance/ng96"), "Appendix 10"),
    ])],
    # NG96 is listed under Disability but concerns older people (our curated reading); NG97 under Older adults.
    "nice-guidance-for-population": [(None, ["code", "guidance", "concept", "scope", "basis", "listedUnder",
                                             "source"], [
        ("NG96", "NG96: Care and support of older people with learning disabilities", "Older adults",
         "this population or a subtype", "Curated reading", "Disability", "Appendix 10"),
        ("NG97", "NG97: Dementia – assessment, management and support for people living with dementia and their "
         "carers", "Older adults", "this population or a subtype", "Printed in the source", "Older adults",
         "Appendix 10"),
    ])],
    # Inbound links to NHS England: it publishes the 5YFVMH (ref 1) and employs Ruth Davies (Appendix 11).
    "organisation-profile": [(None, ["role", "kind", "entity", "source"], [
        ("publishes", "Programme or policy", "Five Year Forward View for Mental Health", "Appendix 1"),
        ("is the organisation of", "Contribution", "Ruth Davies, Programme Manager", "Appendix 11"),
        ("is named in", "Source section", "Appendix 8: NCCMH Sharing and Learning event", "Appendix 8"),
    ])],
    # Inbound links to LGBTQ+: Rainbow Alliance (Appendix 3), Claudia (Appendix 7).
    "population-profile": [(None, ["source", "kind", "entity", "concept", "link"], [
        ("Appendix 3", "Positive practice service", "Rainbow Alliance", "LGBTQ+", "concerns population"),
        ("Appendix 7", "Lived-experience example", "Claudia: mental health service", "LGBTQ+", "concerns population"),
    ])],
    "population-protection": [(None, ["code", "population", "characteristics", "protection", "rationale", "source",
                                      "number"], [
        ("1a", "Minority ethnicity", "Race", "protected", en("Ethnic origins fall under race."),
         "Appendix 2, Table 3", n(1)),
        ("10c", "Refugees", "", "not protected",
         en("Refugee status is not a protected characteristic (nationality falls under race; the group is defined "
            "by status)."), "Appendix 2, Table 3", n(10)),
    ])],
    # Table 2 prints DET 23 and PRF 0; Table 5 holds 23 DET rows and none of PRF.
    "printed-counts": [(None, ["source", "printedColumn", "code", "concept", "printed", "unit", "computed",
                               "outcome"], [
        ("Table 2", "Table 2: Number of included studies", "DET", "Delivering education and training", nn(23),
         "Table 5 rows (interventions)", nn(23), "Matches"),
        ("Table 2", "Table 2: Number of included studies", "PRF", "Providing reminders and feedback", nn(0),
         "Table 5 rows (interventions)", nn(0), "Matches"),
    ])],
    # Appendix 1: 5YFVMH (NHS England, ref 1) and the Equalities Impact Assessment (no reference).
    "programmes-and-policies": [(None, ["programme", "type", "publisher", "otherNames", "referenceNumber",
                                        "reference", "summary", "source"], [
        ("NHS Long Term Plan", "policy", "NHS England", None, pos(2), "[2] The NHS Long Term Plan",
         en("Named alongside the 5YFVMH as seeking to address the geographical variation ('postcode lottery') in "
            "the availability of mental health services."), "Appendix 1"),
        ("Equalities Impact Assessment", "assessment", None, None, None, None,
         en("All services will be monitored against their adherence to the principles set out in it."),
         "Appendix 1"),
    ])],
    "provisions-protecting-characteristic": [(None, ["code", "status", "characteristic", "provision", "act",
                                                     "rationale"], [
        ("3a", "protected", "Gender reassignment", "Equality Act 2010, section 149: Public Sector Equality Duty",
         "Equality Act 2010", LGBTQ_RATIONALE),
        ("3a", "protected", "Sexual orientation", "Human Rights Act 1998, Article 14: Prohibition of discrimination",
         "Human Rights Act 1998", LGBTQ_RATIONALE),
    ])],
    # Reference 6 (the Equality Act) is cited by a sentence of Appendix 1 and by Table 1's Act and section 149.
    "reference-cited-by": [(None, ["reference", "citation", "kind", "citedBy", "source"], [
        ("[6] Equality Act", EQUALITY_ACT, "Citation in the text",
         "Citation in the text: each caregiver must comply with the Equality Act (2010)", "Appendix 1"),
        ("[6] Equality Act", EQUALITY_ACT, "Provision", "Equality Act 2010, section 149: Public Sector Equality Duty",
         "Appendix 1, Table 1"),
    ])],
    # References 37 (Hess et al. 2014) and 99 (Ter Heide et al. 2011), Table 5 rows 17 and 68 (10c Refugees).
    "references-for-population": [(None, ["referenceNumber", "reference", "authors", "year", "title", "journal",
                                          "interventions"], [
        (pos(37), "[37] Reducing mental health disparities through transformative learning: a social change model "
         "with refugees and students", "Hess JM; Isakson B; Githinji A; Roche N; Vadnais K; Parker DP", "2014",
         "Reducing mental health disparities through transformative learning: a social change model with refugees "
         "and students", "Psychological Services", "Refugee Wellbeing Project"),
        (pos(99), "[99] EMDR versus stabilisation in traumatised asylum seekers and refugees: results of a pilot "
         "study", "Ter Heide FJ; Mooren TM; Kleijn W; de Jongh A; Kleber RJ", "2011",
         "EMDR versus stabilisation in traumatised asylum seekers and refugees: results of a pilot study",
         "European Journal of Psychotraumatology", "Eye Movement Desensitisation and Reprocessing"),
    ])],
    # Appendix 2's research questions; Table 4 lists 19 country entries (86 studies) for RQ1 and 9 (32) for RQ3.
    "research-questions": [(None, ["number", "researchQuestion", "focus", "countryEntries", "studiesInTable4",
                                   "source"], [
        ("1", RQ1, "interventions", n(19), n(86), "Appendix 2"),
        ("3", RQ3, "barriers and facilitators", n(9), n(32), "Appendix 2"),
    ])],
    # Appendix 9's definitions.
    "restrictive-practice-definitions": [(None, ["practice", "definition", "source"], [
        ("Physical restraint", en("Any direct physical contact where the intention of the person intervening is to "
                                  "prevent, restrict or subdue movement of the body, or part of the body, of another "
                                  "person."), "Appendix 9"),
        ("Rapid tranquilisation", en("Use of medication by the parenteral route (usually intramuscular or, "
                                     "exceptionally, intravenous) if oral medication is not possible or appropriate "
                                     "and urgent sedation with medication is needed."), "Appendix 9"),
    ])],
    # Appendix 3, Nafsiyat: 'in 2013, Nafsiyat ran a 1-year project in the London Borough of Haringey ...'; 'a one-day
    # cultural competency workshop'.
    "service-projects": [(None, ["service", "work", "kind", "quotedText", "place", "start", "duration", "population",
                                 "source"], [
        (NAFSIYAT, "project to tackle stigma in Haringey", "project",
         en("in 2013, Nafsiyat ran a 1-year project in the London Borough of Haringey to tackle stigma within the "
            "local Turkish, Kurdish and Turkish-Cypriot communities"), "Haringey", "2013", "P1Y", "Minority ethnicity",
         "Appendix 3"),
        (NAFSIYAT, "cultural competency workshop", "training",
         en("Nafsiyat deliver a one-day cultural competency workshop for counsellors and psychotherapists"), None, None,
         "P1D", None, "Appendix 3"),
    ])],
    # Appendix 3: Pathway Homeless Team won the RCPsych award in 2018; Rainbow Alliance was shortlisted.
    "service-awards": [(None, ["service", "award", "status", "awardedBy", "year", "source"], [
        ("King's Health Partners – Pathway Homeless Team", "Psychiatric team of the year – working age adults",
         "winner", "Royal College of Psychiatrists", "2018", "Appendix 3"),
        ("Rainbow Alliance", "Health Equality award", "shortlisted", "Positive Practice in Mental Health", None,
         "Appendix 3"),
    ])],
    # Appendix 3: Nafsiyat's volunteer counsellors, 35% refugees; Pass It On hopes to train 72 people.
    "service-outcomes": [(None, ["service", "outcome", "measure", "valueLow", "valueHigh", "unit", "quotedText",
                                 "population", "source"], [
        (NAFSIYAT, "35% of the volunteer counsellors are themselves refugees.",
         "capacity: share of volunteer counsellors who are refugees", "35", "35", "percent",
         en("of which 35% are themselves refugees"), "Refugees", "Appendix 3"),
        ("King's Health Partners – Pathway Homeless Team", "An evaluation found a reduced length of stay with "
         "improved housing outcomes in more than 70% of referrals.",
         "share of referrals with improved housing outcomes (evaluation)", "70", None, "percent",
         en("a reduced length of stay with improved housing outcomes in more than 70% of referrals"), "Homeless",
         "Appendix 3"),
    ])],
    # Appendix 3: 'Location: Lambeth and Southwark, London'; Nafsiyat in London.
    "services-by-place": [(None, ["service", "locations", "populationAsPrinted", "providers", "practiceAreas",
                                  "source"], [
        ("King's Health Partners – Pathway Homeless Team", "Lambeth, Southwark",
         "Individuals experiencing homelessness",
         "South London and Maudsley NHS Foundation Trust, Guy's and St Thomas' NHS Foundation Trust",
         "improved housing outcomes, advocacy, multi-agency collaboration", "Appendix 3"),
        (NAFSIYAT, "London", "Adults (18+) from an ethnic minority community",
         "Camden and Islington NHS Foundation Trust",
         "delivery of therapy in 20 languages, intercultural approach, community connection, delivery of cultural "
         "competency training", "Appendix 3"),
    ])],
    "services-by-practice-area": [(None, ["practiceArea", "service", "populationAsPrinted", "locations", "source"], [
        ("co-production", "Black Thrive", "Black residents of African or Caribbean descent", "Lambeth", "Appendix 3"),
        ("co-production", "Dial House @ Touchstone", "Residents from BAME groups", "Leeds", "Appendix 3"),
    ])],
    # Black Thrive names SLaM as a partner; the Pathway Homeless Team is provided by it.
    "services-by-provider": [(None, ["service", "role", "populationAsPrinted", "locations", "source"], [
        ("Black Thrive", "partner", "Black residents of African or Caribbean descent", "Lambeth", "Appendix 3"),
        ("King's Health Partners – Pathway Homeless Team", "provider", "Individuals experiencing homelessness",
         "Lambeth, Southwark", "Appendix 3"),
    ])],
    # Rainbow Alliance prints LGBTQ+; Nafsiyat's summary names refugees though its Population line does not
    # (the curated reading).
    "services-for-population": [
        (None, ["service", "concept", "basis", "populationAsPrinted", "providers", "locations", "summary", "source"], [
            ("Rainbow Alliance", "LGBTQ+", "Printed in the source", "LGBTQ+",
             "Leeds and York Partnership NHS Foundation Trust", "Leeds",
             en("Advances mental health equality for people from the LGBTQ+ community"), "Appendix 3"),
        ]),
        ({"population": "Refugees"}, ["service", "concept", "basis", "populationAsPrinted", "providers", "locations",
                                      "summary", "source"], [
            (NAFSIYAT, "Refugees", "Curated reading", "Adults (18+) from an ethnic minority community",
             "Camden and Islington NHS Foundation Trust", "London",
             en("A multidisciplinary and multi-lingual service that aims to address inequalities in the treatment of "
                "mental health among people from BAME groups and refugees, through the delivery of short-term, "
                "culturally sensitive therapies"), "Appendix 3"),
        ]),
    ],
    # Appendix 8: the CQC's 'Equally Outstanding'; the MHCLG's first initiative, 'Easel: a charity providing mental
    # health support for people who are homeless'.
    "sharing-and-learning-initiatives": [(None, ["entryPosition", "initiative", "organisation", "description",
                                                 "summary", "itemPosition", "item", "itemType", "itemDescription",
                                                 "itemOrganisation", "population", "source"], [
        (pos(3), SES_CQC, "Care Quality Commission", en("CQC has set Equality Objectives for 2019-2021:"),
         en(CQC_TEXT), pos(2), "Equally Outstanding", "initiative",
         en("CQC has published 'Equally Outstanding', a good practice resource, e-learning module and case studies "
            "which show how a focus on equality and human rights can lead to outstanding care."),
         "Care Quality Commission", None, "Appendix 8"),
        (pos(4), MHCLG, MHCLG, None,
         en("Three housing and homelessness initiatives are listed: Easel, a homelessness prevention trailblazer and "
            "Housing first."), pos(1), "Easel", "initiative",
         en("a charity providing mental health support for people who are homeless"), "Easel", "Homeless",
         "Appendix 8"),
    ])],
    # Appendix 2 starts on p. 6, Appendix 7 on p. 36 (the contents list); their entities are recounted.
    "source-sections": [(None, ["section", "type", "partOf", "pageStart", "entities", "kinds"], [
        ("Appendix 2: Summary of the AMHE mapping review", "appendix",
         "Advancing Mental Health Equality: Appendices and helpful resources", pos(6),
         derived("Appendix 2: Summary of the AMHE mapping review"), "Research question"),
        ("Appendix 7: Co-developed examples of poor experiences due to inequality", "appendix",
         "Advancing Mental Health Equality: Appendices and helpful resources", pos(36),
         derived("Appendix 7: Co-developed examples of poor experiences due to inequality"),
         "Lived-experience example"),
    ])],
    # Table 5 row 2 cites 15-21: the first and the last of them, as the reference list prints them.
    "studies-for-intervention": [(None, ["row", "intervention", "referenceNumber", "reference", "authors", "year",
                                         "title", "journal", "source"], [
        (pos(2), "Incredible Years Parenting Programs", pos(number), f"[{number}] {title}", authors, year, title,
         journal, "Appendix 2, Table 5")
        for number, (title, authors, year, journal) in IY_REFS.items()
    ])],
    # Table 4: USA 35 and UK 16 for question 1; 'Austria & Russia' 1; UK 10 for question 3.
    "study-countries": [(None, ["questionNumber", "researchQuestion", "position", "entry", "entryAsPrinted",
                                "countries", "studies", "source"], [
        ("1", RQ1, pos(1), "USA (research question 1)", "USA", "USA", nn(35), "Appendix 2, Table 4"),
        ("1", RQ1, pos(8), "Austria & Russia (research question 1)", "Austria & Russia", "Austria, Russia", nn(1),
         "Appendix 2, Table 4"),
        ("3", RQ3, pos(1), "UK (research question 3)", "UK", "UK", nn(10), "Appendix 2, Table 4"),
    ])],
}

Expected = str | Term | None | Callable


def items(value: str) -> tuple[str, ...]:
    """A GROUP_CONCAT list in any order (engines concatenate freely); other text as one item."""
    return tuple(sorted(value.split(", ")))


def matches(expected: Expected, actual: Term | None, labels: dict[str, str], graph) -> bool:
    if callable(expected):
        expected = expected(graph)
    if expected is None or actual is None:
        return expected is None and actual is None
    if isinstance(expected, str):  # a label, or a plain literal (no datatype, no language)
        if actual.kind == "uri":
            return labels.get(actual.value) == expected
        return (actual.kind == "literal" and actual.lang is None and actual.datatype in (None, XSD + "string")
                and items(actual.value) == items(expected))
    if expected.kind == "uri":
        return actual == expected
    return (actual.kind == "literal" and items(actual.value) == items(expected.value) and actual.lang == expected.lang
            and (actual.datatype or XSD + "string") == (expected.datatype or XSD + "string"))


def cases():
    for question_id, pins in sorted(PINS.items()):
        for index, (values, columns, rows) in enumerate(pins):
            for row_index, row in enumerate(rows):
                yield pytest.param(question_id, values, columns, row, id=f"{question_id}-{index}-{row_index}")


@pytest.fixture(scope="module")
def engines(built):
    from amhe.graph.cache import fingerprint, store_dir
    from amhe.graph.pipeline import built_graph

    built_graph()
    return {"oxigraph": OxigraphEngine(store_dir(fingerprint())), "rdflib": RdflibEngine(built)}


_ANSWERS: dict = {}


def answer(engine: Engine, question_id: str, values: dict | None):
    key = (engine.name, question_id, tuple(sorted((values or {}).items())))
    if key not in _ANSWERS:
        question = catalogue()[question_id]
        given = {p.name: p.example for p in question.parameters}
        given.update(values or {})
        result = run(engine, question, given, page=None)
        labels = engine.labels({t.value for row in result.rows for t in row if t is not None and t.kind == "uri"})
        _ANSWERS[key] = (result, labels)
    return _ANSWERS[key]


def test_every_question_is_pinned_by_two_rows():
    assert sorted(PINS) == sorted(catalogue())
    for question_id, pins in PINS.items():
        assert sum(len(rows) for _, _, rows in pins) >= 2, question_id


@pytest.mark.parametrize("engine_name", ["oxigraph", "rdflib"])
@pytest.mark.parametrize("question_id, values, columns, row", list(cases()))
def test_pinned_row_is_answered_whole(engines, built, engine_name, question_id, values, columns, row):
    result, labels = answer(engines[engine_name], question_id, values)
    assert result.vars == columns, "every projected column is pinned"
    assert len(row) == len(columns)
    if any(all(matches(e, a, labels, built) for e, a in zip(row, actual, strict=True)) for actual in result.rows):
        return
    # Show the answer's row that agrees on the most columns, and where it differs.
    best = max(result.rows, key=lambda actual: sum(matches(e, a, labels, built)
                                                   for e, a in zip(row, actual, strict=True)), default=())
    diff = {c: (e, a) for c, e, a in zip(columns, row, best, strict=True) if not matches(e, a, labels, built)}
    pytest.fail(f"{question_id}: no row of {len(result.rows)} matches; nearest differs in {diff}")
