"""`amhe profile` answers for every population concept, as text, JSON and Markdown."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from rdflib.namespace import RDF, SKOS

from amhe.cli import main
from amhe.loaders.vocab import AMHE


def population_codes(g) -> list[str]:
    concepts = set(g.subjects(RDF.type, AMHE.PopulationSubtype))
    concepts |= set(g.subjects(RDF.type, AMHE.PopulationCharacteristic))
    return sorted(str(g.value(c, SKOS.notation)) for c in concepts)


def test_every_population_has_a_profile(built):
    codes = population_codes(built)
    assert len(codes) == 34
    for code in codes:
        result = CliRunner().invoke(main, ["profile", code, "--format", "json"])
        assert result.exit_code == 0, (code, result.output)
        doc = json.loads(result.stdout)
        assert set(doc["sections"]) >= {"Legal protection", "Interventions and their studies", "Services",
                                         "NICE guidance", "Barriers and solutions", "Lived-experience examples"}


def test_profile_text_for_learning_disability():
    result = CliRunner().invoke(main, ["profile", "Learning or intellectual disability"])
    assert result.exit_code == 0
    text = result.stdout
    for fact in ("Disability", "Attribution retraining programme", "Health check interventions",
                 "Stockport", "NG54", "EVIDENCE GAPS"):
        assert fact in text, fact


def test_profile_markdown_and_gaps_for_lgbtq():
    result = CliRunner().invoke(main, ["profile", "LGBTQ+", "--format", "markdown"])
    assert result.exit_code == 0
    assert result.stdout.startswith("# Profile: LGBTQ+")
    assert "Rainbow Alliance" in result.stdout
    assert "## Evidence gaps" in result.stdout


@pytest.mark.parametrize("value", ["nobody", "8z"])
def test_unknown_population_is_exit_2(value):
    result = CliRunner().invoke(main, ["profile", value])
    assert result.exit_code == 2 and "unknown population" in result.stderr
