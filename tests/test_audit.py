"""The source audit: findings are data in the graph, and `amhe audit` lists them with provenance."""

from __future__ import annotations

import json

from click.testing import CliRunner

from amhe.cli import main
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


def test_curated_source_issues_are_findings(built):
    ladder = iri("audit", "issue-table-7-ladder-reference")
    assert built.value(ladder, AMHE.findingStatus) == AMHE.SourceInconsistency
    assert iri("reference", "128") in set(built.objects(ladder, AMHE.concerns))
    assert "Refer to The Ladder of Co-production" in str(built.value(ladder, AMHE.evidence))
    swapped = iri("audit", "issue-table-7-headings-and-bullets")
    assert built.value(swapped, AMHE.findingStatus) == AMHE.Ambiguity


def test_audit_command_lists_every_kind_of_finding():
    result = CliRunner().invoke(main, ["audit", "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)["results"]["bindings"]
    outcomes = {r["outcome"]["value"].rsplit("#", 1)[1] for r in rows}
    assert {"Matches", "ExplainedByMissingRows", "SourceInconsistency", "ExtractionLoss", "Ambiguity", "Typo",
            "UncitedReference", "UndefinedAbbreviation"} <= outcomes
    assert all(r["table"]["value"] for r in rows)  # every finding says where in the source it is
    inconsistencies = CliRunner().invoke(main, ["audit", "--status", "source-inconsistency"]).stdout
    assert "Table 3" in inconsistencies and "Ethiopia" in inconsistencies
