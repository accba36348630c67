"""The benchmark keeps working: CI runs it in quick mode and asserts no time, only that it reports."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BENCHMARK = Path(__file__).resolve().parent.parent / "benchmarks" / "run.py"


def test_quick_benchmark_prints_its_table():
    done = subprocess.run([sys.executable, str(BENCHMARK), "--quick", "--repeat", "1"], capture_output=True,
                          text=True, timeout=900)
    assert done.returncode == 0, done.stderr[-2000:]
    out = done.stdout
    assert "cold `amhe ask interventions-for-population`" in out
    assert "floor: python -c 'import click, pyoxigraph'" in out
    assert "| interventions-for-population |" in out
