"""The answering commands stay light: with a fresh cache they import neither pyshacl nor rdflib
(rdflib's SPARQL machinery alone costs more than the whole answer). Times are measured in
benchmarks/, never asserted here."""

from __future__ import annotations

import subprocess
import sys

import pytest

HEAVY = ("rdflib", "pyshacl", "SPARQLWrapper", "pyparsing", "owlrl")

PROBE = f"""
import sys
from amhe.cli import main
try:
    main(sys.argv[1:])
except SystemExit as exc:
    code = exc.code
heavy = sorted({{m.split('.')[0] for m in sys.modules}} & set({HEAVY!r}))
print("HEAVY:" + ",".join(heavy), file=sys.stderr)
"""


@pytest.mark.parametrize("args", [
    ["ask", "interventions-for-population", "--population", "Low SES"],
    ["ask", "audit-findings", "--format", "json"],
    ["questions"],
    ["describe", "Rainbow Alliance"],
    ["describe", "CQC", "--format", "csv"],
])
def test_answering_path_imports_neither_rdflib_nor_pyshacl(args):
    subprocess.run([sys.executable, "-m", "amhe.cli", "build"], check=True, capture_output=True)  # warm cache
    done = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    heavy = done.stderr.strip().splitlines()[-1]
    assert heavy == "HEAVY:", f"{' '.join(args)} imported {heavy}"
