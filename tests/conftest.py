"""Shared fixtures: one built graph per test session, and an isolated build cache."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

# Modules whose module- or session-scoped fixtures start a server or a browser or build the site: under
# pytest-xdist (--dist loadgroup, set in pyproject.toml) each group runs on one worker, so they start once.
ONE_WORKER = {"test_servers.py": "servers", "test_remote.py": "oxigraph-server", "test_browser.py": "browser",
              "test_site.py": "site", "test_apache.py": "site", "test_site_browser.py": "site",
              "test_reasoning.py": "reasoners"}


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the groups
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        group = ONE_WORKER.get(item.path.name)
        if group:
            item.add_marker(pytest.mark.xdist_group(group))


@pytest.fixture(scope="session", autouse=True)
def bundled_cache(tmp_path_factory) -> Iterator[Path]:
    """The session's private cache folder, set for the whole session: module fixtures, which start before
    any test's own fixtures, must not reach the user's cache either.

    Under pytest-xdist (``-n``) each worker has its own, and the bundled graph is built once for the whole
    run rather than once per worker: the first worker builds it into a folder the workers share, under a
    file lock, and every worker starts from a copy of it (a copy, because tests break, evict and rebuild
    their cache)."""
    private = tmp_path_factory.getbasetemp() / "cache"
    if os.environ.get("PYTEST_XDIST_WORKER"):
        _copy_of_one_build(tmp_path_factory.getbasetemp().parent, private)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("AMHE_CACHE_DIR", str(private))
        yield private


def _copy_of_one_build(shared_root: Path, private: Path) -> None:
    import fcntl
    import shutil

    from amhe.graph.pipeline import built_graph

    shared = shared_root / "bundled-cache"
    with open(shared_root / "bundled-cache.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (shared_root / "bundled-cache.done").exists():
            with pytest.MonkeyPatch.context() as mp:
                mp.setenv("AMHE_CACHE_DIR", str(shared))
                built_graph()
            (shared_root / "bundled-cache.done").touch()
    shutil.copytree(shared, private, symlinks=True, ignore=shutil.ignore_patterns("build.lock"))


@pytest.fixture(autouse=True)
def isolated_cache(bundled_cache, monkeypatch):
    """Every test starts with the session's private cache folder, never the user's."""
    monkeypatch.setenv("AMHE_CACHE_DIR", str(bundled_cache))


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
