"""The bundled ontology, shapes, data and questions travel inside the installed distribution."""

from __future__ import annotations

import json
from importlib import metadata

import pytest

DIST = "amhe-graph"


def installed_files() -> list[str]:
    files = metadata.files(DIST) or []
    return [str(f) for f in files]


def is_editable() -> bool:
    try:
        direct = metadata.distribution(DIST).read_text("direct_url.json")
    except FileNotFoundError:
        return False
    return bool(direct and json.loads(direct).get("dir_info", {}).get("editable"))


@pytest.mark.skipif(is_editable(), reason="an editable install serves files from the checkout")
def test_package_data_is_installed():
    files = installed_files()
    for expected in ("amhe/cli.py", "amhe/ontology/amhe.ttl", "amhe/ontology/shapes.ttl",
                     "amhe/ontology/context.jsonld", "amhe/data/table5_interventions.csv",
                     "amhe/data/references.csv", "amhe/queries/interventions-for-population.rq",
                     "amhe/loaders/tables.py", "amhe/graph/build.py"):
        assert expected in files, expected
    assert not any(f.startswith("amhe/tests/") for f in files)


def test_console_script_is_declared():
    scripts = {ep.name: ep.value for ep in metadata.entry_points(group="console_scripts") if ep.dist.name == DIST}
    assert scripts == {"amhe": "amhe.cli:main"}
