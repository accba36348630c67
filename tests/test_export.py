"""Exports round-trip to an isomorphic graph, are deterministic, and need nothing remote."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner
from rdflib.compare import isomorphic

from amhe.cli import main
from amhe.graph.export import FORMATS, parse, serialize


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_export_round_trips(tmp_path, built, fmt):
    out = tmp_path / f"graph{FORMATS[fmt]}"
    result = CliRunner().invoke(main, ["export", "--format", fmt, "-o", str(out)])
    assert result.exit_code == 0, result.output
    back = parse(out, fmt)
    assert len(back) == len(built)
    assert isomorphic(back, built)


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_export_is_deterministic_across_processes(tmp_path, fmt):
    outputs = []
    for seed in ("11", "12"):
        out = tmp_path / f"{seed}{FORMATS[fmt]}"
        subprocess.run([sys.executable, "-m", "amhe.cli", "export", "--format", fmt, "-o", str(out)], check=True,
                       env={**__import__("os").environ, "PYTHONHASHSEED": seed}, capture_output=True)
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]


def test_jsonld_uses_the_shipped_context_inline(tmp_path, built, monkeypatch):
    doc = json.loads(serialize(built, "json-ld"))
    assert isinstance(doc["@context"], dict) and "@import" not in doc["@context"]
    assert doc["@context"]["skos"] == "http://www.w3.org/2004/02/skos/core#"
    ids = [node["id"] for node in doc["@graph"]]
    assert ids == sorted(ids, key=lambda i: json.dumps(i))
    # Reading it back needs no network: any connection attempt fails the test.
    import socket

    def refuse(*args, **kwargs):
        raise AssertionError("JSON-LD round trip tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    path = tmp_path / "g.jsonld"
    path.write_bytes(serialize(built, "json-ld"))
    assert isomorphic(parse(path, "json-ld"), built)


def test_nt_lines_are_sorted(built):
    lines = serialize(built, "nt").decode("utf-8").splitlines()
    assert lines == sorted(lines)
    assert len(lines) == len(built)


def test_unknown_format_is_refused(tmp_path):
    result = CliRunner().invoke(main, ["export", "--format", "rdfxml", "-o", str(tmp_path / "x")])
    assert result.exit_code == 2
    assert not (tmp_path / "x").exists()
