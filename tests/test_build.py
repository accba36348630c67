"""What the built graph holds, against what the source prints, and that builds are reproducible."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, VOID

from amhe.graph import store
from amhe.graph.build import build
from amhe.graph.pipeline import built_graph
from amhe.loaders.vocab import AMHE, ELI, iri

LEG = "http://www.legislation.gov.uk/id/"


def instances(g: Graph, cls: URIRef) -> set:
    return set(g.subjects(RDF.type, cls))


def test_acts_with_legislation_gov_uk_iris(built):
    acts = {str(a) for a in instances(built, AMHE.Act)}
    # The five Table 1 names, and the NHS Act 2006 and MHA 2007 it refers to without naming them.
    assert acts == {LEG + "ukpga/2010/15", LEG + "ukpga/2012/7", LEG + "ukpga/1983/20", LEG + "ukpga/2005/9",
                    LEG + "ukpga/1998/42", LEG + "ukpga/2006/41", LEG + "ukpga/2007/12"}


def test_every_provision_of_table_1(built):
    numbers = {str(built.value(p, ELI.number)) for p in instances(built, AMHE.Provision)}
    # Equality Act 13, 20, 149; HSCA sections 4, 23, 26, 62, 175 with the paragraphs printed under 62 and 175;
    # NHS Act 2006 1C, 13G, 13N, 14T, 14Z1; MHA 1983 118(2B)(b) and 64J(1) and MHA 2007 s.8 (printed
    # '8. 2B (b)' and '64J. 1)'); MCA 4(1); HRA Articles 2-14.
    assert numbers == {
        "13", "20", "149", "4", "1C", "23", "13G", "13N", "26", "14T", "14Z1", "62", "62(4)(b)", "62(4)(c)",
        "62(5)(b)", "62(5)(c)", "175", "175(3)(a)", "175(3)(b)", "175(4)(b)", "118(2B)(b)", "8", "64J(1)", "4(1)",
        "Article 2", "Article 3", "Article 5", "Article 7", "Article 8", "Article 9", "Article 14",
    }
    assert len(instances(built, AMHE.Provision)) == 31
    psed = URIRef(LEG + "ukpga/2010/15/section/149")
    assert built.value(psed, ELI.is_part_of) == URIRef(LEG + "ukpga/2010/15")
    article_14 = next(p for p in instances(built, AMHE.Provision) if str(built.value(p, ELI.number)) == "Article 14")
    assert "without discrimination on any ground such as sex, race, colour" in str(
        built.value(article_14, AMHE.quotedText))


def test_duties_and_their_holders(built):
    holder_of = {str(built.value(d, RDFS.label)): str(built.value(built.value(d, AMHE.dutyHolder), SKOS.prefLabel))
                 for d in instances(built, AMHE.StatutoryDuty)}
    assert holder_of["Public Sector Equality Duty"] == "Public bodies"
    assert holder_of["Duties as to reducing inequalities (commissioning groups)"] == "Clinical commissioning groups"
    assert holder_of["Duty as to reducing inequalities (Secretary of State)"] == "Secretary of State"
    duty = iri("duty", "ccg-duties-reducing-inequalities")
    assert built.value(duty, AMHE.imposedBy) == URIRef(LEG + "ukpga/2006/41/section/14T")
    assert built.value(duty, AMHE.holderBasis) == AMHE.PrintedInSource
    psed = iri("duty", "public-sector-equality-duty")
    assert built.value(psed, AMHE.holderBasis) == AMHE.CuratedReading


def test_taxonomies(built):
    types = instances(built, AMHE.InterventionType)
    assert len(types) == 13
    assert {str(built.value(t, SKOS.notation)) for t in types} == {
        "DET", "PPS", "RSCT", "EC", "PFIP", "IATS", "IAPT", "ELLS", "O", "oHBC", "oCA", "oT", "PRF"}
    characteristics = instances(built, AMHE.PopulationCharacteristic)
    subtypes = instances(built, AMHE.PopulationSubtype)
    assert (len(characteristics), len(subtypes)) == (11, 23)
    for s in subtypes:
        assert len(set(built.objects(s, SKOS.broader))) == 1
        assert built.value(s, SKOS.broader) in characteristics
    race = iri("population", "1-race")
    assert {str(built.value(s, SKOS.notation)) for s in built.objects(race, SKOS.narrower)} == {"1a", "1b", "1c"}


def test_references(built):
    refs = instances(built, AMHE.Reference)
    assert len(refs) == 129
    for r in refs:
        assert built.value(r, DCTERMS.title) and built.value(r, DCTERMS.issued)
    r11 = iri("reference", "11")
    assert str(built.value(r11, DCTERMS.issued)) == "2014"
    assert str(built.value(built.value(r11, DCTERMS.isPartOf), DCTERMS.title)) == "World Psychiatry"
    assert {str(a) for a in built.objects(r11, URIRef("http://purl.org/dc/elements/1.1/creator"))} == {
        "Chesney E", "Goodwin GM", "Fazel S"}


def test_every_table_5_row_of_the_text(built):
    interventions = instances(built, AMHE.Intervention)
    assert len(interventions) == 80
    iy = iri("intervention", "incredible-years-parenting-programs")
    assert {int(built.value(r, AMHE.referenceNumber)) for r in built.objects(iy, AMHE.evidencedBy)} == set(
        range(15, 22))
    assert {str(built.value(p, SKOS.notation)) for p in built.objects(iy, AMHE.targetsPopulation)} == {"6a", "8a"}
    cited = {int(built.value(r, AMHE.referenceNumber))
             for i in interventions for r in built.objects(i, AMHE.evidencedBy)}
    assert cited == set(range(14, 124)) - set(range(59, 67)) - set(range(105, 114))


def test_provenance_on_every_curated_entity(built):
    for cls in (AMHE.Act, AMHE.Provision, AMHE.StatutoryDuty, AMHE.Intervention, AMHE.InterventionType,
                AMHE.PopulationCharacteristic, AMHE.PopulationSubtype, AMHE.Reference):
        for node in instances(built, cls):
            section = built.value(node, PROV.wasDerivedFrom)
            assert section is not None and (section, RDF.type, AMHE.SourceSection) in built, node
    table5 = built.value(iri("intervention", "mom-care"), PROV.wasDerivedFrom)
    assert table5 == iri("source", "table-5")
    assert built.value(table5, DCTERMS.isPartOf) == iri("source", "appendix-2")


def test_dataset_describes_itself(built):
    dataset = iri("dataset", "amhe")
    assert int(built.value(dataset, VOID.triples)) == len(built)
    assert built.value(dataset, DCTERMS.source) == iri("source", "amhe-appendices")
    partitions = {built.value(p, VOID["class"]): int(built.value(p, VOID.entities))
                  for p in built.objects(dataset, VOID.classPartition)}
    assert partitions[AMHE.Intervention] == 80
    assert partitions[AMHE.Reference] == 129
    assert built.value(dataset, DCTERMS.rights) is not None


def _export_in_subprocess(tmp_path, seed: str, name: str) -> bytes:
    out = tmp_path / name
    env = dict(os.environ, PYTHONHASHSEED=seed)
    code = ("import sys; from amhe.graph.build import build; from amhe.graph.export import export; "
            "export(build(), 'nt', sys.argv[1])")
    subprocess.run([sys.executable, "-c", code, str(out)], check=True, env=env)
    return out.read_bytes()


@pytest.mark.slow
def test_two_builds_give_identical_iris_and_bytes(tmp_path):
    first = _export_in_subprocess(tmp_path, "1", "a.nt")
    second = _export_in_subprocess(tmp_path, "2", "b.nt")
    assert first == second
    a, b = Graph().parse(data=first, format="nt"), Graph().parse(data=second, format="nt")
    assert isomorphic(a, b)
    assert set(a.all_nodes()) == set(b.all_nodes())


@pytest.mark.slow
def test_cache_is_reused_and_invalidated(tmp_path, monkeypatch):
    import shutil

    from amhe.loaders import DATA_DIR

    monkeypatch.setenv("AMHE_CACHE_DIR", str(tmp_path / "cache"))
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    g1, rebuilt1 = built_graph(data)
    g2, rebuilt2 = built_graph(data)
    assert (rebuilt1, rebuilt2) == (True, False)
    assert isomorphic(g1, g2)
    path = data / "table2_intervention_types.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("Engaging the community", "Engaging communities"),
                    encoding="utf-8")
    g3, rebuilt3 = built_graph(data)
    assert rebuilt3
    label = g3.value(iri("intervention-type", "engaging-the-community"), SKOS.prefLabel)
    assert str(label) == "Engaging communities"  # the label changed, the IRI did not
    assert len(list(store.cache_dir().glob("graph-*.nt"))) == 1


@pytest.mark.slow
def test_built_graph_equals_a_fresh_build(built):
    assert isomorphic(built, build())


@pytest.mark.parametrize("name", ["interventions", "references"])
def test_iris_are_readable_slugs(built, name):
    prefix = f"https://w3id.org/amhe/{name[:-1]}/"
    nodes = [str(s) for s in built.subjects() if str(s).startswith(prefix)]
    assert nodes
    assert all(n[len(prefix):].replace("-", "").isalnum() and n == n.lower() for n in nodes)
