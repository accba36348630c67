"""Shared fixtures: one built graph per test session, and an isolated build cache."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def isolated_cache(tmp_path_factory, monkeypatch):
    """Every test gets the session's private cache folder, never the user's."""
    monkeypatch.setenv("AMHE_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "cache"))


@pytest.fixture(scope="session")
def built():
    from amhe.graph.build import build

    return build()


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory, built):
    """The static site of the bundled graph, written once per test session by `amhe site`, in a folder
    other users can read (Apache's workers do not run as root)."""
    import os
    import tempfile
    from pathlib import Path

    from click.testing import CliRunner

    from amhe.cli import main

    root = Path(tempfile.mkdtemp(prefix="amhe-site-"))
    os.chmod(root, 0o755)
    out = root / "www"
    result = CliRunner().invoke(main, ["site", "--out", str(out)])
    assert result.exit_code == 0, result.output
    yield out
    import shutil

    shutil.rmtree(root, ignore_errors=True)


HOSTILE = '<script>window.pwned=1</script> & "quoted" \u202eevil'


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory) -> Path:
    """A site built from a copy of the tables in which a service's name and summary are hostile text."""
    import csv
    import shutil

    from click.testing import CliRunner

    from amhe.cli import main
    from amhe.graph.cache import DATA_DIR

    data = tmp_path_factory.mktemp("hostile") / "data"
    shutil.copytree(DATA_DIR, data)
    path = data / "appendix3_services.csv"
    rows = list(csv.reader(path.open(encoding="utf-8")))
    header = rows[0]
    rows[1][header.index("name")] = HOSTILE
    rows[1][header.index("summary_as_printed")] = HOSTILE
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)
    out = data.parent / "www"
    result = CliRunner().invoke(main, ["--data", str(data), "site", "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture
def data(tmp_path) -> Path:
    """A private copy of the bundled tables, for tests that break one of them."""
    import shutil

    from amhe.loaders import DATA_DIR

    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target
