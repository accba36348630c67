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
    ["gapmap", "--format", "json"],
    ["search", "refugees"],
])
@pytest.mark.slow
def test_answering_path_imports_neither_rdflib_nor_pyshacl(args):
    subprocess.run([sys.executable, "-m", "amhe.cli", "build"], check=True, capture_output=True)  # warm cache
    done = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    heavy = done.stderr.strip().splitlines()[-1]
    assert heavy == "HEAVY:", f"{' '.join(args)} imported {heavy}"


def test_fingerprint_memo_skips_hashing_but_sees_every_change(tmp_path, monkeypatch):
    """The key is memoised with each input's size and mtime: unchanged inputs are not re-read, and an edit
    (even one that keeps the size) gives a new key."""
    import os
    import shutil

    from amhe.graph import cache

    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path / "cache"))
    data = tmp_path / "data"
    shutil.copytree(cache.DATA_DIR, data)
    first = cache.fingerprint(data)
    read = []
    monkeypatch.setattr(type(data), "read_bytes", lambda self: read.append(self) or b"")
    assert cache.fingerprint(data) == first
    assert read == []  # answered from the memo
    monkeypatch.undo()
    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path / "cache"))

    table = data / "abbreviations.csv"
    text = table.read_text(encoding="utf-8")
    before = table.stat()
    table.write_text(text.replace("NICE", "NICF", 1), encoding="utf-8")  # same size
    os.utime(table, ns=(before.st_atime_ns, before.st_mtime_ns + 1))
    assert table.stat().st_size == before.st_size
    changed = cache.fingerprint(data)
    assert changed != first
    table.write_text(text, encoding="utf-8")
    assert cache.fingerprint(data) == first
