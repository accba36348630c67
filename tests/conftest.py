"""Shared fixtures: one built graph per test session, and an isolated build cache."""

from __future__ import annotations

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
