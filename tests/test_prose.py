"""Appendices 3 and 8 keep their prose: every printed paragraph of every service and Sharing and Learning
entry is in the graph, whole and in printed order, beside the facts that prose states as structured data.

PRINTED was counted in the source, independently of the data files: for every entity that Appendix 3
or 8 prints prose for (the appendices' own introductions included), each paragraph's number of
sentences and of words. A sentence or a clause dropped from a data row, a paragraph lost or moved,
or an entity whose prose is missing fails test_every_printed_sentence_is_in_the_graph.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS

from amhe.cli import main
from amhe.loaders.vocab import AMHE, BASE, SCHEMA
from amhe.queries.describe import describe
from amhe.queries.engine import RdflibEngine

# Per entity, per printed paragraph in printed order: (sentences, words), counted in the source.
PRINTED: dict[str, tuple[tuple[int, int], ...]] = {
    "source/appendix-3": ((2, 45), (2, 33)),  # the introduction, then its footnote b
    "service/rainbow-alliance": ((2, 59), (3, 75), (2, 61), (3, 49)),
    "service/black-thrive": ((2, 53), (3, 61), (2, 47), (1, 24), (3, 81)),
    "service/dial-house-at-touchstone": ((3, 87), (3, 83), (2, 52), (2, 47)),
    "service/kings-health-partners-pathway-homeless-team": ((2, 62), (2, 67), (1, 49), (4, 59), (1, 35)),
    "service/south-staffordshire-wellbeing-teams": ((4, 95), (3, 85), (3, 51), (3, 65)),
    "service/parenting-and-child-service": ((3, 68), (2, 46), (4, 75), (5, 90)),
    "service/steps2change": ((3, 66), (4, 109), (3, 77), (4, 81)),
    "service/leeds-assertive-outreach-team": ((4, 89), (3, 70), (3, 67), (2, 54)),
    "service/foundation-for-people-with-learning-disabilities": ((3, 84), (2, 57), (2, 49), (2, 44), (2, 47)),
    "service/nafsiyat-intercultural-therapy-centre": ((3, 80), (4, 112), (4, 77), (2, 66)),
    "service/stockport-healthy-young-minds-learning-disability-team": ((3, 72), (3, 89), (6, 128), (3, 68)),
    "source/appendix-8": ((3, 69),),
    "initiative/bring-dementia-out": ((3, 73),),
    "initiative/black-thrive": ((2, 52),),
    "initiative/cqc-human-rights-approach": ((1, 15),),
    "initiative/cqc-equally-outstanding": ((1, 29),),
    "initiative/care-quality-commission": ((1, 7),),  # 'CQC has set Equality Objectives for 2019-2021:'
    "initiative/cqc-equality-objective-1": ((1, 8),),
    "initiative/cqc-equality-objective-2": ((1, 4),),
    "initiative/cqc-equality-objective-3": ((1, 5),),
    "initiative/cqc-equality-objective-4": ((1, 28),),
    "initiative/cqc-equality-objective-5": ((1, 17),),
    "initiative/easel": ((1, 11),),  # bullets: the words after 'Easel:' (the label)
    "initiative/homelessness-prevention-trailblazer": ((1, 17),),
    "initiative/housing-first": ((3, 33),),
    "initiative/race-disparity-unit": ((4, 71),),
    "initiative/race-disparities-in-mental-health-project": ((2, 13), (2, 38)),  # around the list of partners
    "initiative/rethink": ((2, 38),),
    "initiative/rethink-fair-funding-for-mental-health": ((1, 13),),
    "initiative/rethink-progress-on-the-five-year-forward-view": ((1, 7),),
    "initiative/rethink-right-treatment-right-time": ((1, 14),),
}
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[^a-z\s])")
APPENDICES = (URIRef(BASE + "source/appendix-3"), URIRef(BASE + "source/appendix-8"))
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")  # an open namespace: pytest probes module names


def node(path: str) -> URIRef:
    return URIRef(BASE + path)


def sentences(paragraph: str) -> list[str]:
    return SENTENCE_END.split(paragraph.strip())


def paragraphs(g, subject: URIRef) -> list[str]:
    values = list(g.objects(subject, DCTERMS.description))
    assert len(values) == 1, subject
    assert values[0].language == "en" and values[0].datatype is None, subject
    return str(values[0]).split("\n\n")


def test_every_printed_sentence_is_in_the_graph(built):
    for path, expected in PRINTED.items():
        found = tuple((len(sentences(p)), len(p.split())) for p in paragraphs(built, node(path)))
        assert found == expected, path


def test_no_entity_of_appendices_3_and_8_has_prose_the_count_does_not_know(built):
    described = {s for s in built.subjects(DCTERMS.description, None)
                 if s in APPENDICES or set(built.objects(s, PROV.wasDerivedFrom)) & set(APPENDICES)}
    assert described == {node(p) for p in PRINTED}


def test_service_sentences_are_whole(built):
    """Each sentence of a service's description starts as a sentence starts and ends with a full stop."""
    for service in built.subjects(RDF.type, AMHE.Service):
        for paragraph in paragraphs(built, service):
            for sentence in sentences(paragraph):
                assert re.match(r"^[A-Z'‘]", sentence) and sentence.endswith("."), (service, sentence)


def test_a_description_keeps_the_printed_paragraph_whole(built):
    rainbow = paragraphs(built, node("service/rainbow-alliance"))
    assert rainbow[-1] == (
        "Membership to the Rainbow Alliance is open to all trust staff, the LGBTQ+ communities of Yorkshire, anyone "
        "who has accessed trust services and their carers. Formal Rainbow Alliance meetings are also held regularly. "
        "The dates, times and venues of these meetings are advertised on the trust's website at "
        "www.leedsandyorkpft.nhs.uk.")
    appendix = paragraphs(built, node("source/appendix-3"))
    assert appendix[0].endswith("their alignment with the co-produced AMHE Key Principles.")  # footnote mark dropped
    assert appendix[1] == ("Not all services included in this appendix have been visited by the NCCMH. We invite any "
                           "comments or queries and will review the decision to include these examples should any "
                           "concerns be raised.")


def test_an_entry_keeps_its_paragraphs_around_its_list(built):
    assert paragraphs(built, node("initiative/race-disparities-in-mental-health-project")) == [
        "An 8-month project funded by the Health and Wellbeing Alliance. Project partners include:",
        "Literature reviews and seminars highlighted themes related to race disparities in the experiences of BAME "
        "groups, as well as good practice examples. They are in the process of developing online resources to inform "
        "and influence policy and practice."]
    assert paragraphs(built, node("initiative/housing-first")) == [
        "big pilots for people with complex needs. There is evidence suggesting that this model improves mental "
        "health. It is person-centred and does not require people to meet various requirements before they get "
        "support."]


def test_link_lines_are_kept_as_printed(built):
    links = {s: o for s, o in built.subject_objects(AMHE.linkText)}
    services = set(built.subjects(RDF.type, AMHE.Service))
    assert set(links) == services - {node("service/leeds-assertive-outreach-team")}  # the one printed without
    assert links[node("service/rainbow-alliance")] == Literal("For more information, please see here and here.",
                                                              lang="en")
    assert links[node("service/black-thrive")] == Literal("For more information, please see here", lang="en")


def triples(g, subject: URIRef) -> set:
    return {(p, o) for p, o in g.predicate_objects(subject)}


def test_the_prototype_row_whole(built):
    prototype = node("initiative/bring-dementia-out-prototype")
    note = next(built.objects(prototype, SKOS.editorialNote))
    assert triples(built, prototype) == {
        (RDF.type, AMHE.Initiative),
        (DCTERMS.type, Literal("prototype")),
        (RDFS.label, Literal("Bring Dementia Out prototype", lang="en")),
        (DCTERMS.isPartOf, node("initiative/bring-dementia-out")),
        (AMHE.organisation, node("organisation/alzheimers-society")),
        (SCHEMA.location, node("place/greater-manchester")),
        (SCHEMA.location, node("place/brighton-and-hove")),
        (SCHEMA.startDate, Literal("2019-01", datatype=XSD.gYearMonth)),
        (SCHEMA.endDate, Literal("2019-02", datatype=XSD.gYearMonth)),
        (AMHE.position, Literal("1", datatype=XSD.integer)),
        (PROV.wasDerivedFrom, node("source/appendix-8")),
        (SKOS.editorialNote, note),
    }
    assert "will include an evaluation" in note


def test_the_project_row_whole(built):
    project = node("work/nafsiyat-haringey-stigma-project")
    note = next(built.objects(project, SKOS.editorialNote))
    assert triples(built, project) == {
        (RDF.type, AMHE.ServiceWork),
        (DCTERMS.type, Literal("project")),
        (RDFS.label, Literal("project to tackle stigma in Haringey", lang="en")),
        (AMHE.quotedText, Literal("in 2013, Nafsiyat ran a 1-year project in the London Borough of Haringey to "
                                  "tackle stigma within the local Turkish, Kurdish and Turkish-Cypriot communities",
                                  lang="en")),
        (AMHE.workOf, node("service/nafsiyat-intercultural-therapy-centre")),
        (SCHEMA.location, node("place/haringey")),
        (SCHEMA.startDate, Literal("2013", datatype=XSD.gYear)),
        (SCHEMA.duration, Literal("P1Y", datatype=XSD.duration)),
        (AMHE.curatedPopulation, node("population/1a-minority-ethnicity")),
        (AMHE.populationEvidence, Literal("the local Turkish, Kurdish and Turkish-Cypriot communities")),
        (PROV.wasDerivedFrom, node("source/appendix-3")),
        (SKOS.editorialNote, note),
    }
    assert (node("place/haringey"), SCHEMA.containedInPlace, node("place/london")) in built


def test_the_topics_figure_row_whole(built):
    figure = node("claim/ethnicity-facts-and-figures-topics")
    note = next(built.objects(figure, SKOS.editorialNote))
    assert triples(built, figure) == {
        (RDF.type, AMHE.Claim),
        (RDFS.label, Literal("The Race Disparity Audit, published with the Ethnicity Facts and Figures website, covers "
                             "130 topics across health, housing, criminal justice, employment, education and culture.",
                             lang="en")),
        (AMHE.quotedText, Literal("It covers 130 topics across health, housing, criminal justice, employment, "
                                  "education and culture", lang="en")),
        (AMHE.about, node("initiative/ethnicity-facts-and-figures-website")),
        (AMHE.valueLow, Literal("130.0", datatype=XSD.decimal)),
        (AMHE.valueHigh, Literal("130.0", datatype=XSD.decimal)),
        (AMHE.unit, Literal("topics")),
        (AMHE.measure, Literal("number of topics covered")),
        (PROV.wasDerivedFrom, node("source/appendix-8")),
        (SKOS.editorialNote, note),
    }
    assert "may mean the audit or the website" in note


def ask(g, query: str) -> set[tuple]:
    prefixes = ("PREFIX amhe: <https://w3id.org/amhe/ontology#> PREFIX schema: <https://schema.org/> "
                "PREFIX dcterms: <http://purl.org/dc/terms/> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> ")
    return {tuple(row) for row in g.query(prefixes + query)}


def test_which_prototype_was_tested_where_and_when(built):
    rows = ask(built, """SELECT ?work ?place ?start ?end WHERE {
        ?item dcterms:type "prototype" ; dcterms:isPartOf/rdfs:label ?work ; schema:location/schema:name ?place ;
              schema:startDate ?start ; schema:endDate ?end }""")
    assert {(str(w), str(p), str(s), str(e)) for w, p, s, e in rows} == {
        ("Bring Dementia Out", "Greater Manchester", "2019-01", "2019-02"),
        ("Bring Dementia Out", "Brighton and Hove", "2019-01", "2019-02"),
    }


def test_how_many_topics_the_website_covers(built):
    rows = ask(built, """SELECT ?value ?unit ?published WHERE {
        ?website rdfs:label "Ethnicity Facts and Figures website"@en ; dcterms:issued ?published .
        ?figure amhe:about ?website ; amhe:valueHigh ?value ; amhe:unit ?unit }""")
    assert rows == {(Literal("130.0", datatype=XSD.decimal), Literal("topics"),
                     Literal("2017-10", datatype=XSD.gYearMonth))}


def test_which_models_the_services_use(built):
    rows = ask(built, """SELECT ?service ?model WHERE {
        ?work dcterms:type "model" ; rdfs:label ?model ; amhe:workOf/rdfs:label ?service }""")
    assert {(str(s), str(m)) for s, m in rows} == {
        ("Dial House @ Touchstone", "non-medical and non-diagnostic model"),
        ("Leeds Assertive Outreach Team", "assertive outreach model"),
        ("Stockport Healthy Young Minds, Learning Disability Team", "School Consultation model"),
    }


def test_the_foundation_projects_and_their_targets(built):
    rows = ask(built, """SELECT ?project WHERE {
        ?work dcterms:type "project" ; rdfs:label ?project ;
              amhe:workOf/rdfs:label "Foundation for People with Learning Disabilities"@en }""")
    assert {str(p) for (p,) in rows} == {"Feeling Down", "Pass It On"}


def test_who_funded_the_race_disparities_project_and_for_how_long(built):
    rows = ask(built, """SELECT ?funder ?duration (COUNT(?partner) AS ?partners) WHERE {
        ?project rdfs:label "Race Disparities in Mental Health project"@en ; schema:funder/rdfs:label ?funder ;
                 schema:duration ?duration .
        ?partner dcterms:isPartOf ?project ; dcterms:type "partner" } GROUP BY ?funder ?duration""")
    assert rows == {(Literal("VCSE Health and Wellbeing Alliance"), Literal("P8M", datatype=XSD.duration),
                     Literal("8", datatype=XSD.integer))}


def test_cqc_objectives_run_2019_to_2021(built):
    rows = ask(built, """SELECT ?start ?end (COUNT(?objective) AS ?n) WHERE {
        ?objective dcterms:type "objective" ; schema:startDate ?start ; schema:endDate ?end } GROUP BY ?start ?end""")
    assert rows == {(Literal("2019", datatype=XSD.gYear), Literal("2021", datatype=XSD.gYear),
                     Literal("5", datatype=XSD.integer))}


def test_our_summaries_are_kept_apart_from_the_printed_words(built):
    ministry = node("initiative/ministry-for-housing-communities-and-local-government")
    assert list(built.objects(ministry, DCTERMS.description)) == []  # the source prints only a list for it
    assert [str(s) for s in built.objects(ministry, AMHE.summary)] == [
        "Three housing and homelessness initiatives are listed: Easel, a homelessness prevention trailblazer and "
        "Housing first."]


def test_describe_shows_a_service_description(built):
    rows = describe(RdflibEngine(built), "Nafsiyat Intercultural Therapy Centre").rows
    descriptions = [value for _, direction, prop, value in rows
                    if direction.value == "is" and prop.value == str(DCTERMS.description)]
    assert len(descriptions) == 1
    assert descriptions[0].value.startswith("Established in 1983, Nafsiyat primarily aims to improve access")
    assert descriptions[0].lang == "en"
    works = {value.value for _, direction, prop, value in rows
             if direction.value == "is the object of" and prop.value == str(AMHE.workOf)}
    assert f"{BASE}work/nafsiyat-haringey-stigma-project" in works


def edit(path: Path, startswith: str, old: str, new: str) -> int:
    lines = path.read_text(encoding="utf-8").split("\n")
    index = next(i for i, line in enumerate(lines) if line.startswith(startswith))
    assert old in lines[index]
    lines[index] = lines[index].replace(old, new, 1)
    path.write_text("\n".join(lines), encoding="utf-8")
    return index + 1


@pytest.mark.parametrize("file,startswith,old,new,message", [
    ("appendix3_service_texts.csv", "steps2change,3,", ",3,", ",9,", "paragraph 4 follows paragraph 9"),
    ("appendix8_initiatives.csv", "bring-dementia-out-prototype,", ",2019-01,", ",January 2019,",
     "column 9 'start_date': expected a date like 2019, 2019-01 or 2019-01-31, got 'January 2019'"),
    ("appendix8_initiatives.csv", "bring-dementia-out-prototype,", ",2019-02,", ",2018-12,",
     "column 10 'end_date': the end 2018-12 is before the start 2019-01"),
    ("appendix3_service_works.csv", "nafsiyat-haringey-stigma-project,", ",P1Y,", ",1 year,",
     "column 8 'duration': expected an ISO 8601 duration like P8M or P1Y, got '1 year'"),
    ("appendix3_service_texts.csv", ",1,", ",description,", ",link,",
     "column 3 'kind': a link line belongs to a service"),
])
def test_bad_prose_rows_stop_the_build(data, tmp_path, file, startswith, old, new, message):
    line = edit(data / file, startswith, old, new)
    out = tmp_path / "out.ttl"
    result = CliRunner().invoke(main, ["--data", str(data), "build", "--force", "-o", str(out)])
    assert result.exit_code == 2, result.output
    assert f"{file}:" in result.stderr and message in result.stderr, result.stderr
    if "paragraph 4" not in message:
        assert f"{file}:{line}" in result.stderr
    assert not out.exists()
