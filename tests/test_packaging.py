"""The bundled ontology, shapes, data and questions travel inside the installed distribution."""

from __future__ import annotations

from importlib import metadata
from pathlib import Path

import pytest

import amhe.cli

DIST = "amhe-graph"
ROOT = Path(__file__).resolve().parent.parent
PACKAGE = Path(amhe.cli.__file__).resolve().parent


@pytest.mark.skipif(PACKAGE == ROOT, reason="an editable install serves the package from the checkout")
def test_package_data_is_installed_outside_the_checkout():
    assert "site-packages" in PACKAGE.parts
    for expected in ("cli.py", "__main__.py", "ontology/amhe.ttl", "ontology/shapes.ttl", "ontology/context.jsonld",
                     "data/table5_interventions.csv", "data/references.csv", "data/edition.csv",
                     "queries/interventions-for-population.rq", "queries/audit-findings.rq",
                     "loaders/tables.py", "graph/build.py", "graph/rules/1-evidence-cells.ru"):
        assert (PACKAGE / expected).is_file(), expected
    shipped = {p.name for p in (PACKAGE / "data").glob("*.csv")}
    assert shipped == {p.name for p in (ROOT / "data").glob("*.csv")}
    assert {p.name for p in (PACKAGE / "queries").glob("*.rq")} == {p.name for p in (ROOT / "queries").glob("*.rq")}
    assert not (PACKAGE / "tests").exists()


def test_console_script_is_declared():
    scripts = {ep.name: ep.value for ep in metadata.entry_points(group="console_scripts") if ep.name == "amhe"}
    assert scripts == {"amhe": "amhe.__main__:run"}  # catches a Ctrl-C while amhe.cli is still importing
