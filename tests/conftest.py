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
