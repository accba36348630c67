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
@pytest.mark.slow
def test_export_round_trips(tmp_path, built, fmt):
    out = tmp_path / f"graph{FORMATS[fmt]}"
    result = CliRunner().invoke(main, ["export", "--format", fmt, "-o", str(out)])
    assert result.exit_code == 0, result.output
    back = parse(out, fmt)
    assert len(back) == len(built)
    assert isomorphic(back, built)


@pytest.mark.parametrize("fmt", sorted(FORMATS))
@pytest.mark.slow
def test_export_is_deterministic_across_processes(tmp_path, fmt):
    outputs = []
    for seed in ("11", "12"):
        out = tmp_path / f"{seed}{FORMATS[fmt]}"
        subprocess.run([sys.executable, "-m", "amhe.cli", "export", "--format", fmt, "-o", str(out)], check=True,
                       env={**__import__("os").environ, "PYTHONHASHSEED": seed}, capture_output=True)
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]


@pytest.mark.slow
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


# ---------------------------------------------- issue 13 defect 2: -o replaces only regular files


def special_targets(tmp_path):
    import os

    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    target = tmp_path / "elsewhere.ttl"
    target.write_text("someone else's file\n", encoding="utf-8")
    link = tmp_path / "link.ttl"
    link.symlink_to(target)
    return [(pipe, "a named pipe"), (link, "a symbolic link")]


@pytest.mark.parametrize("command", [["export", "--format", "nt"], ["build", "--format", "nt"]])
def test_output_refuses_anything_but_a_regular_file(tmp_path, command):
    import stat
    from pathlib import Path

    for path, kind in special_targets(tmp_path) + [(Path("/dev/null"), "a character device")]:
        before = path.lstat()
        result = CliRunner().invoke(main, [*command, "-o", str(path)])
        assert result.exit_code == 2, (path, result.output)
        assert result.stderr == f"error: {path}: is {kind}; only a regular file or a new path is replaced " \
                                "(-o - writes to standard output)\n"
        after = path.lstat()
        assert stat.S_IFMT(after.st_mode) == stat.S_IFMT(before.st_mode) and after.st_ino == before.st_ino
    assert (tmp_path / "elsewhere.ttl").read_text(encoding="utf-8") == "someone else's file\n"


@pytest.mark.slow
def test_output_dash_writes_to_stdout(built):
    result = CliRunner().invoke(main, ["export", "--format", "nt", "-o", "-"])
    assert result.exit_code == 0, result.output
    assert len(result.stdout.splitlines()) == len(built)
    assert result.stderr.startswith("wrote standard output (")
    built_out = CliRunner().invoke(main, ["build", "--format", "nt", "-o", "-"])
    assert built_out.exit_code == 0 and built_out.stdout == result.stdout
