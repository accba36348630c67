"""Table 1 as the law stands: each provision in the Act it belongs to, the source's grouping kept apart.

Table 1 lists sections of the National Health Service Act 2006 under the Health and Social Care
Act 2012 (whose sections insert them) and quotes section 118(2B)(b) of the Mental Health Act 1983
as '8. 2B (b)' (section 8 of the 2007 Act inserted it). These tests pin whole records, every
triple of the subject, as whole RDF terms; only the editorial note is checked for its evidence.
"""

from __future__ import annotations

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from amhe.loaders.vocab import AMHE, ELI, iri
from amhe.queries import catalogue
from amhe.queries.engine import RdflibEngine
from amhe.queries.run import run

LEG = "http://www.legislation.gov.uk/id/"
TABLE_1 = iri("source", "table-1")


def en(text: str) -> Literal:
    return Literal(text, lang="en")


def record(g, subject: URIRef) -> tuple[set, str]:
    """Every (predicate, object) of ``subject`` but its editorial note, and the note."""
    pairs = set(g.predicate_objects(subject))
    notes = {o for p, o in pairs if p == SKOS.editorialNote}
    assert len(notes) <= 1
    return pairs - {(SKOS.editorialNote, n) for n in notes}, str(next(iter(notes), ""))


def test_nhs_act_2006_section_13g_is_part_of_its_own_act(built):
    section = URIRef(LEG + "ukpga/2006/41/section/13G")
    pairs, note = record(built, section)
    assert pairs == {
        (RDF.type, AMHE.Provision),
        (RDFS.label, en("National Health Service Act 2006, section 13G: Duty as to reducing inequalities")),
        (ELI.title, en("Duty as to reducing inequalities")),
        (ELI.number, Literal("13G")),
        (AMHE.labelAsPrinted, Literal("13G")),
        (DCTERMS.type, Literal("section")),
        (ELI.is_part_of, URIRef(LEG + "ukpga/2006/41")),
        (AMHE.groupedUnder, URIRef(LEG + "ukpga/2012/7/section/23")),
        (AMHE.insertedBy, URIRef(LEG + "ukpga/2012/7/section/23")),
        (ELI.amended_by, URIRef(LEG + "ukpga/2012/7/section/23")),
        (AMHE.concernsBody, iri("duty-holder", "nhs-england")),
        (DCTERMS.references, iri("reference", "8")),
        (PROV.wasDerivedFrom, TABLE_1),
    }
    assert "Listed in Table 1 under section 23 of the Health and Social Care Act (2012)" in note
    # The inserting section is the 2012 Act's, and says what it amends.
    inserter = URIRef(LEG + "ukpga/2012/7/section/23")
    assert built.value(inserter, ELI.is_part_of) == URIRef(LEG + "ukpga/2012/7")
    assert set(built.objects(inserter, ELI.amends)) == {section, URIRef(LEG + "ukpga/2006/41/section/13N")}
    assert (URIRef(LEG + "ukpga/2012/7"), ELI.has_part, section) not in built


def test_mha_1983_section_118_2b_b_inserted_by_mha_2007_section_8(built):
    paragraph = URIRef(LEG + "ukpga/1983/20/section/118/2B/b")
    pairs, note = record(built, paragraph)
    assert pairs == {
        (RDF.type, AMHE.Provision),
        (RDFS.label, en("Mental Health Act 1983, section 118(2B)(b)")),
        (ELI.number, Literal("118(2B)(b)")),
        (AMHE.labelAsPrinted, Literal("8. 2B (b)")),
        (DCTERMS.type, Literal("paragraph")),
        (ELI.is_part_of, URIRef(LEG + "ukpga/1983/20")),
        (AMHE.groupedUnder, URIRef(LEG + "ukpga/1983/20")),
        (AMHE.insertedBy, URIRef(LEG + "ukpga/2007/12/section/8")),
        (ELI.amended_by, URIRef(LEG + "ukpga/2007/12/section/8")),
        (AMHE.quotedText, en("‘respect for diversity generally including, in particular, diversity of religion, "
                             "culture and sexual orientation (within the meaning of section 35 of the Equality Act "
                             "2006).’")),
        (DCTERMS.references, iri("reference", "9")),
        (PROV.wasDerivedFrom, TABLE_1),
    }
    assert "S. 118(2A)-(2D) inserted (3.11.2008) by Mental Health Act 2007 (c. 12), ss. 8, 56" in note
    pairs, note = record(built, URIRef(LEG + "ukpga/2007/12/section/8"))
    assert pairs == {
        (RDF.type, AMHE.Provision),
        (RDFS.label, en("Mental Health Act 2007, section 8")),
        (ELI.number, Literal("8")),
        (AMHE.labelAsPrinted, Literal("8. 2B (b)")),
        (DCTERMS.type, Literal("section")),
        (ELI.is_part_of, URIRef(LEG + "ukpga/2007/12")),
        (ELI.amends, paragraph),
        (AMHE.groupedUnder, URIRef(LEG + "ukpga/1983/20")),
        (DCTERMS.references, iri("reference", "9")),
        (PROV.wasDerivedFrom, TABLE_1),
    }
    assert (URIRef(LEG + "ukpga/2007/12"), ELI.has_part, URIRef(LEG + "ukpga/2007/12/section/8")) in built


def test_hra_article_14_is_the_twelfth_chapter_of_schedule_1_part_i(built):
    article = URIRef(LEG + "ukpga/1998/42/schedule/1/part/I/chapter/12")
    pairs, note = record(built, article)
    assert pairs == {
        (RDF.type, AMHE.Provision),
        (RDFS.label, en("Human Rights Act 1998, Article 14: Prohibition of discrimination")),
        (ELI.title, en("Prohibition of discrimination")),
        (ELI.number, Literal("Article 14")),
        (AMHE.labelAsPrinted, Literal("Article 14")),
        (DCTERMS.type, Literal("article")),
        (ELI.is_part_of, URIRef(LEG + "ukpga/1998/42")),
        (AMHE.groupedUnder, URIRef(LEG + "ukpga/1998/42")),
        (AMHE.quotedText, en("'The enjoyment of the rights and freedoms set forth in this Convention shall be secured "
                             "without discrimination on any ground such as sex, race, colour, language, religion, "
                             "political or other opinion, national or social origin, association with a national "
                             "minority, property, birth or other status.'")),
        (DCTERMS.references, iri("reference", "7")),
        (PROV.wasDerivedFrom, TABLE_1),
    }
    assert "Article 14 is the twelfth article of the Part, so chapter 12. Our reading" in note
    # Articles 2-12 are chapters 1-11 in order; Article 13 is not set out, so nothing is chapter 13.
    chapters = {str(built.value(p, ELI.number)): str(p).rsplit("/", 1)[1]
                for p in built.subjects(ELI.is_part_of, URIRef(LEG + "ukpga/1998/42"))}
    assert chapters == {"Article 2": "1", "Article 3": "2", "Article 5": "4", "Article 7": "6", "Article 8": "7",
                        "Article 9": "8", "Article 14": "12"}


def test_acts_the_source_only_implies_are_marked_as_our_reading(built):
    pairs, note = record(built, URIRef(LEG + "ukpga/2006/41"))
    parts = {URIRef(LEG + f"ukpga/2006/41/section/{n}") for n in ("1C", "13G", "13N", "14T", "14Z1")}
    assert pairs == {
        (RDF.type, AMHE.Act),
        (RDFS.label, en("National Health Service Act 2006")),
        (ELI.title, en("National Health Service Act 2006")),
        (DCTERMS.issued, Literal("2006", datatype=XSD.gYear)),
        (AMHE.mentionBasis, AMHE.CuratedReading),
        (AMHE.mentionEvidence, en(
            "Table 1 lists '1C', '13G', '13N', '14T' and '14Z1' under the Health and Social Care Act (2012); those are "
            "sections of the National Health Service Act 2006 (c. 41) that sections 4, 23 and 26 of the 2012 Act "
            "insert (legislation.gov.uk prints section 1C of the 2006 Act under the heading 'Duty as to reducing "
            "inequalities', the heading Table 1 gives).")),
        (PROV.wasDerivedFrom, TABLE_1),
    } | {(ELI.has_part, p) for p in parts}
    assert "Not named in the source" in note
    mha_2007 = URIRef(LEG + "ukpga/2007/12")
    assert built.value(mha_2007, AMHE.mentionBasis) == AMHE.CuratedReading
    assert built.value(mha_2007, AMHE.labelAsPrinted) is None
    assert built.value(mha_2007, DCTERMS.references) == iri("reference", "9")
    printed = URIRef(LEG + "ukpga/2012/7")
    assert built.value(printed, AMHE.mentionBasis) == AMHE.PrintedInSource
    assert built.value(printed, AMHE.mentionEvidence) == en("Table 1: 'Health and Social Care Act (2012)'.")
    assert built.value(printed, AMHE.labelAsPrinted) == Literal("Health and Social Care Act (2012)")


def test_every_provision_label_cites_its_own_act_and_iri_lies_under_it(built):
    for provision in built.subjects(RDF.type, AMHE.Provision):
        act = provision
        while (act, RDF.type, AMHE.Act) not in built:
            act = built.value(act, ELI.is_part_of)
        assert str(provision).startswith(str(act) + "/"), provision
        assert str(built.value(provision, RDFS.label)).startswith(str(built.value(act, ELI.title)) + ", "), provision


def test_legislation_overview_row_for_section_13g(built):
    engine = RdflibEngine(built)
    rows = run(engine, catalogue()["legislation-overview"], {"act": "National Health Service"}).dicts()
    row = next(r for r in rows if r["provision"].value == LEG + "ukpga/2006/41/section/13G")
    shown = {k: (v.kind, v.value, v.datatype, v.lang) if v is not None else None for k, v in row.items()}
    assert shown == {
        "actTitle": ("literal", "National Health Service Act 2006", None, "en"),
        "actReference": None,
        "provision": ("uri", LEG + "ukpga/2006/41/section/13G", None, None),
        "number": ("literal", "13G", None, None),
        "numberAsPrinted": ("literal", "13G", None, None),
        "listedUnder": ("uri", LEG + "ukpga/2012/7/section/23", None, None),
        "insertedBy": ("uri", LEG + "ukpga/2012/7/section/23", None, None),
        "heading": ("literal", "Duty as to reducing inequalities", None, "en"),
        "body": ("uri", str(iri("duty-holder", "nhs-england")), None, None),
        "quotedText": None,
        "source": ("literal", "Appendix 1, Table 1", None, None),
    }
    assert len(rows) == 5  # 1C, 13G, 13N, 14T, 14Z1


def test_duty_holder_evidence_quotes_the_sentence_before_table_1(built):
    evidence = built.value(iri("duty", "equality-act-2010-duty-not-to-discriminate"), AMHE.holderEvidence)
    assert evidence == en(
        "Text before Table 1: 'Health and social care service providers are bound by various legislative acts to "
        "proactively work towards eradicating unequal access, treatment and experiences of care.' Text after "
        "Table 1: 'each caregiver must comply with the Equality Act (2010)'.")
    assert built.value(iri("duty", "equality-act-2010-duty-to-make-adjustments"), AMHE.holderEvidence) == evidence


def test_a_provision_filed_under_the_wrong_act_stops_the_build(tmp_path):
    """The old mistake as a curator might make it again: 13G given the Act Table 1 lists it under."""
    import shutil

    from click.testing import CliRunner

    from amhe.cli import main
    from amhe.loaders import DATA_DIR

    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    path = data / "table1_provisions.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    number = next(i for i, line in enumerate(lines) if line.startswith("nhsa-2006-s13g,")) + 1
    wrong = lines[number - 1].replace(",national-health-service-act-2006,", ",health-and-social-care-act-2012,")
    lines[number - 1] = wrong
    path.write_text("\n".join(lines), encoding="utf-8")
    out = tmp_path / "out.ttl"
    result = CliRunner().invoke(main, ["--data", str(data), "build", "--force", "-o", str(out)])
    assert result.exit_code == 2, result.output
    assert result.stderr == (f"error: {path}:{number}: column 3 'iri': the provision's IRI is not under the IRI of "
                             f"its Act {LEG}ukpga/2012/7\n")
    assert "Traceback" not in result.output and not out.exists()
