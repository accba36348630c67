"""The source audit: findings are data in the graph, and `amhe audit` lists them with provenance."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS

from amhe.cli import main
from amhe.graph.abbreviations import abbreviation_uses
from amhe.loaders.vocab import AMHE, iri


def statuses(g, status):
    return set(g.subjects(AMHE.findingStatus, status))


def test_uncited_references_are_exactly_the_lost_rows(built):
    uncited = {int(str(built.value(f, AMHE.concerns)).rsplit("/", 1)[1])
               for f in statuses(built, AMHE.UncitedReference)}
    assert uncited == set(range(59, 67)) | set(range(105, 114))


def test_undefined_abbreviations_are_found(built):
    tokens = {str(built.value(f, AMHE.evidence)) for f in statuses(built, AMHE.UndefinedAbbreviation)}
    assert {"NHS", "GP", "A&E"} <= tokens
    assert not tokens & {"CCG", "CQC", "IAPT", "NICE", "DET", "PPS"}  # defined in the list or in Table 2
    assert "CHIP" not in tokens  # Table 5 row 44: "Children's Health Insurance Program – CHIP"
    # Parts of proper names: Mom-Net, MOM-Care, the MOM's Empowerment Program; THRIVE LDN; the
    # organisations AVA (in 'AVA and Agenda') and Ipsos MORI; the website GOV.UK.
    assert not tokens & {"MOM", "LDN", "AVA", "MORI", "GOV"}


def _with_label(g, text: str):
    """A copy of ``g`` with one more entity whose source words are ``text``."""
    copy = Graph()
    copy += g
    node = iri("quotation", "test-abbreviation")
    copy.add((node, RDFS.label, Literal(text, lang="en")))
    copy.add((node, PROV.wasDerivedFrom, iri("source", "appendix-1")))
    return copy


def test_a_real_undefined_abbreviation_is_still_reported(built):
    tokens = set(abbreviation_uses(_with_label(built, "Referred by the QRS team")))
    assert "QRS" in tokens and not tokens & {"MOM", "LDN", "AVA", "MORI", "GOV", "CHIP"}
    assert "QRS" not in abbreviation_uses(_with_label(built, "Quality Review Service – QRS"))  # expanded
    assert "QRS" not in abbreviation_uses(_with_label(built, "The Quick Response Squad (QRS)"))
    assert "QRS" not in abbreviation_uses(_with_label(built, "QRS-Net"))  # part of a compound name
    assert "QRS" in abbreviation_uses(_with_label(built, "Rapid Response Service – QRS"))  # not its initials


def test_lost_references_are_read_from_their_titles(built):
    """Every lost reference has one reading; each title support quotes words its title prints."""
    readings = list(built.subjects(RDF.type, AMHE.LostReferenceReading))
    numbers = sorted(int(built.value(built.value(r, DCTERMS.references), AMHE.referenceNumber)) for r in readings)
    assert numbers == list(range(59, 67)) + list(range(105, 114))
    for reading in readings:
        title = str(built.value(built.value(reading, DCTERMS.references), DCTERMS.title))
        assert built.value(reading, AMHE.readingBasis) == AMHE.CuratedReading
        for support in [*built.objects(reading, AMHE.titleSupports), *built.objects(reading, AMHE.titleSuggests)]:
            assert str(built.value(support, AMHE.titleWords)) in title, (reading, title)


def _reading(g, number: int) -> dict:
    node = iri("lost-reference", str(number))
    def words(predicate):
        return {str(g.value(g.value(s, AMHE.supportedConcept), SKOS.notation)): g.value(s, AMHE.titleWords)
                for s in g.objects(node, predicate)}
    return {"reference": g.value(node, DCTERMS.references),
            "block": g.value(g.value(node, AMHE.implementationBlock), SKOS.notation),
            "block_evidence": g.value(node, AMHE.blockEvidence),
            "supports": words(AMHE.titleSupports), "suggests": words(AMHE.titleSuggests),
            "basis": g.value(node, AMHE.readingBasis), "section": g.value(node, PROV.wasDerivedFrom),
            "note": g.value(node, SKOS.editorialNote)}


def test_lost_reference_rows_are_kept_whole(built):
    """Two whole records of data/table5_lost_references.csv, every column, against reference 60's and
    109's titles: 'How an urban Aboriginal and Torres Strait Islander primary health care service improved
    access to mental health care'; 'Culture-sensitive and resource-oriented peer (CROP)-groups as a
    community-based intervention for trauma survivors: a randomized controlled pilot study with refugees and
    asylum seekers from Chechnya'."""
    rsct = ("between row 37 (ref 58, RSCT OCA PPS DET) and row 38 (ref 67, RSCT): the rows in between lead with "
            "RSCT")
    assert _reading(built, 60) == {
        "reference": iri("reference", "60"), "block": Literal("RSCT"), "block_evidence": Literal(rsct, lang="en"),
        "supports": {"1c": Literal("Aboriginal and Torres Strait Islander"), "9b": Literal("urban")},
        "suggests": {"IAPT": Literal("improved access to mental health care")},
        "basis": AMHE.CuratedReading, "section": iri("source", "table-5"),
        "note": Literal("IAPT is Table 2's 'Improving access to psychological therapies'; the title says mental "
                        "health care, not psychological therapies, so it is only suggested.", lang="en")}
    oca = ("between row 71 (refs 102-104, OCA PPS) and row 72 (ref 114, OT PPS): the rows in between lead with "
           "oCA, or the last of them with oT")
    assert _reading(built, 109) == {
        "reference": iri("reference", "109"), "block": Literal("oCA"), "block_evidence": Literal(oca, lang="en"),
        "supports": {"10c": Literal("refugees and asylum seekers"), "oCA": Literal("Culture-sensitive")},
        "suggests": {"1b": Literal("asylum seekers from Chechnya"), "PPS": Literal("peer (CROP)-groups"),
                     "EC": Literal("community-based intervention")},
        "basis": AMHE.CuratedReading, "section": iri("source", "table-5"),
        "note": Literal("Peer groups for trauma survivors may be psychological support, and 'community-based' "
                        "need not mean engaging the community.", lang="en")}


def test_curated_source_issues_are_findings(built):
    ladder = iri("audit", "issue-table-7-ladder-reference")
    assert built.value(ladder, AMHE.findingStatus) == AMHE.SourceInconsistency
    assert iri("reference", "128") in set(built.objects(ladder, AMHE.concerns))
    assert "Refer to The Ladder of Co-production" in str(built.value(ladder, AMHE.evidence))
    swapped = iri("audit", "issue-table-7-headings-and-bullets")
    assert built.value(swapped, AMHE.findingStatus) == AMHE.Ambiguity


@pytest.mark.slow
def test_audit_command_lists_every_kind_of_finding():
    result = CliRunner().invoke(main, ["audit", "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)["results"]["bindings"]
    outcomes = {r["outcome"]["value"].rsplit("#", 1)[1] for r in rows}
    assert {"Matches", "ExplainedByLostReferences", "PartlyExplained", "Unexplained", "LostReferencesWouldExceed",
            "ReadingExceedsPrinted", "SourceInconsistency", "ExtractionLoss", "Ambiguity", "Typo", "UncitedReference",
            "UndefinedAbbreviation"} <= outcomes
    assert all(r["table"]["value"] for r in rows)  # every finding says where in the source it is
    inconsistencies = CliRunner().invoke(main, ["audit", "--status", "source-inconsistency"]).stdout
    assert "Table 3" in inconsistencies and "Ethiopia" in inconsistencies
    assert "coding to revisit" not in inconsistencies  # our reading exceeding a total is not the source's fault
    exceeding = CliRunner().invoke(main, ["audit", "--status", "reading-exceeds", "--format", "csv"]).stdout
    assert "row 10 Emotional intelligence training programme for deaf students" in exceeding
    assert "inconsistency of the source: the cells" not in exceeding
