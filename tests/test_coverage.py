"""Coverage: per section of the source, the number of entities it holds, and the graph holds exactly those.

The expected numbers were counted by hand from the source document (rows of each table,
bullets of each cell, entries of each list), independently of the data files.
"""

from __future__ import annotations

import pytest
from rdflib import URIRef
from rdflib.namespace import DCTERMS, FOAF, RDF, RDFS, SKOS

from amhe.loaders.vocab import AMHE, SCHEMA, iri

EXPECTED = [
    # (section, class, expected count, how it was counted)
    ("Appendix 1, Table 1", AMHE.Act, 7, "five Acts named; the NHS Act 2006 and MHA 2007 implied"),
    ("Appendix 1, Table 1", AMHE.Provision, 31, "3 EA sections; HSCA 5 sections, 7 paragraphs; 5 NHS Act 2006 sections "
                                               "they insert; MHA 1983 2, MHA 2007 s.8; MCA 1; HRA 7 articles"),
    ("Appendix 1, Table 1", AMHE.StatutoryDuty, 10, "duties named in Table 1 or its quoted text"),
    ("Appendix 1", AMHE.Claim, 6 + 14 + 1 + 1,
     "5 figures and 1 claim in Appendix 1; 14 service outcomes; 1 Appendix 5 claim; 1 Appendix 8 figure (130 topics)"),
    ("Appendix 1", AMHE.Programme, 5, "5YFVMH, Long Term Plan, Delivering Race Equality, Marmot Review, EIA"),
    ("Appendices 1 and 6", AMHE.AttributedQuotation, 3, "two boxed quotations in Appendix 1, one in Appendix 6"),
    ("Appendix 2", AMHE.ResearchQuestion, 3, "three research questions"),
    ("Appendix 2, Table 2", AMHE.InterventionType, 13, "13 rows"),
    ("Appendix 2, Table 3", AMHE.PopulationCharacteristic, 11, "11 characteristics"),
    ("Appendix 2, Table 3", AMHE.PopulationSubtype, 23, "23 subtypes"),
    ("Appendix 2, Table 4", AMHE.CountryStudyCount, 31, "19 + 3 + 9 rows under the three research questions"),
    ("Appendix 2, Table 4", SCHEMA.Country, 23, "distinct countries, joint entries split"),
    ("Appendix 2, Table 5", AMHE.Intervention, 80, "rows the text holds"),
    ("Appendix 3", AMHE.Service, 11, "eleven positive practice examples"),
    ("Appendix 3", AMHE.Award, 3, "two Rainbow Alliance awards, one Pathway Homeless Team award"),
    ("Appendix 4, Table 6", AMHE.Barrier, 21, "9 + 12 rows over two pages"),
    ("Appendix 5, Table 7", AMHE.CoproductionStage, 4, "four stages"),
    ("Appendix 5, Table 7", AMHE.CoproductionPractice, 19, "6 + 5 + 4 + 4 bullets"),
    ("Appendix 5", AMHE.LadderRung, 3, "doing with, doing for, doing to"),
    ("Appendix 6, Table 8", AMHE.CoproductionBarrier, 11, "11 rows"),
    ("Appendices 4 and 6", AMHE.Solution, 37 + 24, "Table 6 bullets + Table 8 bullets"),
    ("Appendix 7", AMHE.LivedExperienceExample, 7, "Benny, Lia, Danny, Joshua, Jerome, Claudia, John"),
    ("Appendix 8", AMHE.Initiative, 33,
     "7 entries, 3 CQC initiatives, 5 objectives, 3 MHCLG items, 8 partners, 4 Rethink items; the Bring Dementia "
     "Out prototype, the Race Disparity Audit and the Ethnicity Facts and Figures website named in the text"),
    ("Appendix 3", AMHE.ServiceWork, 24,
     "projects, models, tools, measures, forums, events, training, teams, pathways and groups the descriptions name "
     "(2 Black Thrive, 2 Dial House, 1 Pathway, 4 Wellbeing Teams, 2 Parenting and Child, 2 Steps2Change, 2 Leeds "
     "Assertive Outreach, 3 Foundation, 3 Nafsiyat, 3 Stockport)"),
    ("Appendix 9", AMHE.RestrictivePractice, 3, "physical restraint, seclusion, rapid tranquilisation"),
    ("Appendix 10", AMHE.NiceGuidance, 32, "1 + 14 + 3 + 7 + 2 + 5 codes under six headings"),
    ("Appendix 11", AMHE.Contribution, 45, "7 + 4 + 7 + 21 + 6 listings"),
    ("Helpful resources", AMHE.HelpfulResource, 46, "links under 13 topic headings"),
    ("References", AMHE.Reference, 129, "numbered 1 to 129"),
]


@pytest.mark.parametrize("section,cls,count,how", EXPECTED, ids=[f"{e[0]}-{e[1].split('#')[-1].split('/')[-1]}"
                                                                 for e in EXPECTED])
def test_section_holds_exactly_what_the_source_holds(built, section, cls, count, how):
    assert len(set(built.subjects(RDF.type, cls))) == count, how


def test_abbreviations_all_present(built):
    labels = {str(v) for v in built.objects(None, AMHE.abbreviation)}
    assert len(labels) == 20
    assert {"5YFVMH", "CCG", "LGBTQ+", "VCSE", "PREM"} <= labels
    # where an entity exists, the abbreviation is its alternative label, not a separate concept
    assert "CQC" in {str(v) for v in built.objects(iri("organisation", "care-quality-commission"), SKOS.altLabel)}
    assert "CCG" in {str(v) for v in built.objects(iri("duty-holder", "clinical-commissioning-groups"), SKOS.altLabel)}
    assert len(set(built.subjects(RDF.type, AMHE.Abbreviation))) == 20 - 11


def test_cqc_equality_objectives_are_items(built):
    q = """PREFIX amhe: <https://w3id.org/amhe/ontology#> PREFIX dcterms: <http://purl.org/dc/terms/>
           SELECT ?label WHERE { ?o dcterms:type "objective" ; dcterms:isPartOf ?entry ; rdfs:label ?label ;
                                    amhe:organisation <https://w3id.org/amhe/organisation/care-quality-commission> }"""
    labels = sorted(str(r.label) for r in built.query(q))
    assert len(labels) == 5
    assert any(label.startswith("Confident with difference") for label in labels)


def test_organisations_are_single_entities_across_appendices(built):
    black_thrive = iri("organisation", "black-thrive")
    sections = {str(s).rsplit("/", 1)[1] for s in built.objects(black_thrive, SCHEMA.subjectOf)}
    assert {"appendix-3", "appendix-8", "appendix-11"} <= sections
    assert (iri("initiative", "black-thrive"), AMHE.organisation, black_thrive) in built
    leeds_york = iri("organisation", "leeds-and-york-partnership-nhs-foundation-trust")
    provided = set(built.subjects(SCHEMA.provider, leeds_york))
    assert provided == {iri("service", "rainbow-alliance"), iri("service", "leeds-assertive-outreach-team")}
    nhs_england = iri("organisation", "nhs-england")
    assert (iri("reference", "1"), DCTERMS.publisher, nhs_england) in built
    nice = iri("organisation", "national-institute-for-health-and-care-excellence")
    assert "NICE" in {str(v) for v in built.objects(nice, SKOS.altLabel)}


def test_nice_guidance_links_to_its_page(built):
    ng44 = iri("guidance", "ng44")
    assert built.value(ng44, FOAF.page) == URIRef("https://www.nice.org.uk/guidance/ng44")
    assert str(built.value(ng44, AMHE.listedUnder)) == "Highly relevant"
    ng97 = iri("guidance", "ng97")
    assert built.value(ng97, AMHE.concernsPopulation) == iri("population", "6b-older-adults")


def test_every_population_concept_has_a_protection_decision(built):
    for cls in (AMHE.PopulationCharacteristic, AMHE.PopulationSubtype):
        for concept in built.subjects(RDF.type, cls):
            decided = built.value(concept, AMHE.notProtected)
            assert decided is not None, concept
            protected = set(built.objects(concept, AMHE.protectedCharacteristic))
            assert decided.toPython() == (not protected), concept
    assert built.value(iri("population", "8a-low-ses"), AMHE.notProtected).toPython() is True
    assert built.value(iri("population", "10a-homeless"), AMHE.notProtected).toPython() is True
    lgbtq = set(built.objects(iri("population", "3a-lgbtq"), AMHE.protectedCharacteristic))
    assert lgbtq == {iri("protected-characteristic", "sexual-orientation"),
                     iri("protected-characteristic", "gender-reassignment")}


def test_source_claims_and_our_judgements_are_distinguished(built):
    rainbow = iri("service", "rainbow-alliance")
    assert built.value(rainbow, AMHE.concernsPopulation) == iri("population", "3a-lgbtq")
    danny = iri("lived-experience", "danny")
    assert built.value(danny, AMHE.curatedPopulation) == iri("population", "11a-any-other")
    assert built.value(danny, AMHE.concernsPopulation) is None
    interpreters = [s for s in built.subjects(RDF.type, AMHE.Solution)
                    if "interpreters and translated materials" in str(built.value(s, RDFS.label))]
    assert len(interpreters) == 1
    assert (interpreters[0], AMHE.curatedInterventionType,
            iri("intervention-type", "enhancing-language-and-literacy-services")) in built


def test_services_figures_are_kept_exactly(built):
    q = """PREFIX amhe: <https://w3id.org/amhe/ontology#>
           SELECT ?service ?low ?high ?unit WHERE { ?service amhe:outcome ?o . ?o amhe:unit ?unit .
                  OPTIONAL { ?o amhe:valueLow ?low } OPTIONAL { ?o amhe:valueHigh ?high } }"""
    figures = {(str(r.service).rsplit("/", 1)[1], r.low and r.low.toPython(), r.high and r.high.toPython())
               for r in built.query(q)}
    from decimal import Decimal

    assert ("dial-house-at-touchstone", Decimal("7.50"), Decimal("12.50")) in figures
    assert ("kings-health-partners-pathway-homeless-team", Decimal(70), None) in figures
    assert ("nafsiyat-intercultural-therapy-centre", Decimal(60), Decimal(60)) in figures
