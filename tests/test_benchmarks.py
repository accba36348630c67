"""The benchmark keeps working: CI runs it in quick mode and asserts no time, only that it reports."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # servers, browsers, builds or benchmarks: seconds each

BENCHMARK = Path(__file__).resolve().parent.parent / "benchmarks" / "run.py"


def test_quick_benchmark_prints_its_table():
    done = subprocess.run([sys.executable, str(BENCHMARK), "--quick", "--repeat", "1", "--scale", "25000"],
                          capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr[-2000:]
    out = done.stdout
    assert "cold `amhe ask interventions-for-population`" in out
    assert "floor: python -c 'import click, pyoxigraph'" in out
    assert "| interventions-for-population |" in out
    assert "cold `amhe gapmap`" in out
    assert "whole site (`amhe site`, in process)" in out and "gap map page" in out
    # Search: the cold command against the floor, the index's share of the build, the alternatives measured.
    assert "cold `amhe search refugees`" in out and "| search index (" in out and "added to the build" in out
    assert "| refugees |" in out and "SPARQL CONTAINS scan" in out and "pickled inverted index" in out
    # The scale path: synthetic copies loaded into Oxigraph, derived data derived again, questions timed.
    assert "### Scale:" in out and "deriving" in out and "questions stopped at 60 s | none |" in out
    assert "(conforms)" in out  # every partition of the synthetic graph passes the shapes
