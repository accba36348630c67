"""A reader that stops early (``amhe ... | head -1``) ends the command quietly, as it ends a Unix tool: no
"error: Broken pipe", nothing on stderr, exit 141 (128 + SIGPIPE). Run through real pipes: a test runner's
captured output cannot close."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

AMHE = [sys.executable, "-m", "amhe"]
CLOSED_PIPE = 141


@pytest.fixture(scope="module", autouse=True)
def warm_cache(bundled_cache):
    """Build first, so that no command below says on stderr that it is building."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("AMHE_CACHE_DIR", str(bundled_cache))
        subprocess.run([*AMHE, "build"], check=True, capture_output=True, timeout=300)


def closed_before_writing(*args: str) -> subprocess.CompletedProcess:
    """Run amhe with its standard output a pipe whose reader has already gone (``| head -0``)."""
    process = subprocess.Popen([*AMHE, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    process.stdout.close()
    stderr = process.communicate(timeout=120)[1]
    return subprocess.CompletedProcess(process.args, process.returncode, "", stderr)


@pytest.mark.parametrize("args", [
    ("sparql", "SELECT ?s WHERE { ?s a ?type }"),
    ("export", "--format", "nt", "-o", "-"),
    ("questions",),
], ids=["sparql", "export", "questions"])
def test_a_closed_stdout_ends_the_command_quietly(args):
    done = closed_before_writing(*args)
    assert (done.returncode, done.stderr) == (CLOSED_PIPE, "")


def test_ask_says_what_it_understood_and_nothing_about_the_pipe():
    done = closed_before_writing("ask", "interventions-for-population", "--population", "Low SES")
    assert done.returncode == CLOSED_PIPE
    assert done.stderr.count("\n") == 1 and done.stderr.startswith("population: Low SES (8a)"), done.stderr


@pytest.mark.parametrize("unbuffered", ["", "1"], ids=["buffered", "PYTHONUNBUFFERED"])
@pytest.mark.slow
def test_head_takes_the_first_line_of_an_export_larger_than_a_pipe_holds(monkeypatch, unbuffered):
    """Unbuffered, a write to a pipe may take part of the data: the rest must still be written (or fail)."""
    monkeypatch.setenv("PYTHONUNBUFFERED", unbuffered)
    amhe = subprocess.Popen([*AMHE, "export", "--format", "nt", "-o", "-"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    head = subprocess.run(["head", "-1"], stdin=amhe.stdout, capture_output=True, timeout=120)
    amhe.stdout.close()
    stderr = amhe.communicate(timeout=120)[1]
    whole = subprocess.run([*AMHE, "export", "--format", "nt", "-o", "-"], capture_output=True, check=True).stdout
    assert len(whole) > 1 << 20 and head.stdout == whole[:whole.index(b"\n") + 1]
    assert (amhe.returncode, stderr) == (CLOSED_PIPE, b"")


def test_only_a_pipe_whose_reader_has_gone_counts_as_closed(monkeypatch):
    """A broken pipe elsewhere (a remote endpoint's connection) while standard output is open is an error."""
    from amhe.queries import closed_stdout

    read, write = os.pipe()
    with os.fdopen(write, "w") as out:
        monkeypatch.setattr(sys, "stdout", out)
        assert not closed_stdout.stdout_closed()
        closed_stdout.end_if_stdout_closed(BrokenPipeError(32, "Broken pipe"))  # returns: the caller reports it
        os.close(read)
        assert closed_stdout.stdout_closed()
        with pytest.raises(SystemExit) as ended:
            closed_stdout.end_if_stdout_closed(BrokenPipeError(32, "Broken pipe"))
        assert ended.value.code == CLOSED_PIPE
        monkeypatch.undo()
