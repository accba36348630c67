"""Hostile and mistaken input on the command line: one line on stderr and an exit code scripts can trust.

2 is bad input, 3 the engine failed (too slow, over its memory cap), 4 a bug (never 2), 130 Ctrl-C. Every
case is bounded: small memory caps, short deadlines.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest
from click.testing import CliRunner

from amhe.cli import main

CROSS = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f"


def run(*args: str, stdin: str | bytes | None = None):
    return CliRunner().invoke(main, list(args), input=stdin)


def one_line(result, code: int, *fragments: str) -> None:
    assert result.exit_code == code, result.output
    assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1, result.stderr
    for fragment in fragments:
        assert fragment in result.stderr, result.stderr
    assert "Traceback" not in result.output


# ------------------------------------------------------------------ defect 3: a memory cap on queries


def amhe(*args: str) -> subprocess.CompletedProcess:
    """The real command in its own process (the cap counts the whole query process, and this test process
    is far bigger than the command's)."""
    subprocess.run([sys.executable, "-m", "amhe", "build"], check=True, capture_output=True, timeout=300)
    return subprocess.run([sys.executable, "-m", "amhe", *args], capture_output=True, text=True, timeout=120)


@pytest.mark.slow
def test_a_query_over_its_memory_cap_is_stopped_with_a_clear_message():
    started = time.monotonic()
    done = amhe("sparql", CROSS, "--memory", "200", "--timeout", "60")
    assert done.returncode == 3, done.stderr
    assert done.stderr == ("error: the query needed more memory than its cap of 200 MB and was stopped "
                           "(--memory sets the cap)\n")
    assert time.monotonic() - started < 60


def test_the_memory_cap_is_stated_in_help():
    result = run("sparql", "--help")
    assert "--memory MB" in result.stdout and "2048" in result.stdout


@pytest.mark.slow
def test_a_query_within_its_cap_answers():
    done = amhe("sparql", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "--memory", "200", "--format", "csv")
    assert done.returncode == 0, done.stderr
    assert int(done.stdout.splitlines()[1]) > 10000


# ------------------------------------------------- defect 4: the deadline covers parsing; size limits


# 3,400 branches stay under the size limit, and checking them takes far longer than the 0.1 s deadline on
# any machine (seconds here), so the deadline, not the speed of the machine, decides these two tests.
HUGE_UNION = "SELECT * WHERE { " + " UNION ".join(["{ ?s ?p ?o }"] * 3400) + " }"


@pytest.mark.slow
def test_the_deadline_covers_parsing_a_huge_union(tmp_path):
    query = tmp_path / "union.rq"
    query.write_text(HUGE_UNION, encoding="utf-8")
    assert run("build").exit_code == 0  # the cache first: its one-line notice is not this test's
    started = time.monotonic()
    result = run("sparql", "-f", str(query), "--timeout", "0.1")
    elapsed = time.monotonic() - started
    one_line(result, 3, "did not finish within 0.1 s")
    assert elapsed < 6, elapsed  # the parse alone takes seconds


def test_the_deadline_covers_checking_for_an_endpoint_too(tmp_path):
    query = tmp_path / "union.rq"
    query.write_text(HUGE_UNION, encoding="utf-8")
    started = time.monotonic()
    result = run("sparql", "-f", str(query), "--timeout", "0.1", "--endpoint", "http://127.0.0.1:9/query")
    one_line(result, 3, "did not finish within 0.1 s")
    assert time.monotonic() - started < 6


def test_an_oversized_query_is_refused_before_parsing(tmp_path):
    query = tmp_path / "union.rq"
    query.write_text("SELECT * WHERE { " + " UNION ".join(["{ ?s ?p ?o }"] * 20000) + " }", encoding="utf-8")
    started = time.monotonic()
    result = run("sparql", "-f", str(query))
    one_line(result, 2, "at most 65,536")
    assert time.monotonic() - started < 5


# --------------------------------------------------------------- defect 8: deep nesting is bad input


@pytest.mark.parametrize("query", [
    "SELECT * WHERE " + "{ " * 50 + "?s ?p ?o" + " }" * 50,
    "SELECT * WHERE { ?s ?p ?o FILTER(" + "(" * 40 + "1" + ")" * 40 + ") }",
])
def test_deep_nesting_is_one_line_exit_2(query):
    one_line(run("sparql", query), 2, "nests brackets more than 20 deep", "line 1, column")


def test_brackets_in_strings_iris_and_comments_do_not_count():
    query = ('SELECT ?x WHERE { BIND("' + "(" * 40 + '" AS ?x) # ' + "{" * 40 + "\n"
             "FILTER(?x != <http://example.org/((((((((((((((((((((((((>) }")
    result = run("sparql", query, "--format", "csv")
    assert result.exit_code == 0, result.output


def test_nesting_within_the_limit_still_answers():
    pattern = "?s a <https://w3id.org/amhe/ontology#Act>"
    flat = run("sparql", f"SELECT * WHERE {{ {pattern} }} ORDER BY ?s", "--format", "csv")
    nested = run("sparql", "SELECT * WHERE " + "{ " * 18 + pattern + " }" * 18 + " ORDER BY ?s", "--format", "csv")
    assert nested.exit_code == 0, nested.output
    assert nested.stdout == flat.stdout and len(flat.stdout.splitlines()) > 5


# ------------------------------------------------------------------- defect 10: bad values, exit 2


@pytest.mark.parametrize("value", ["inf", "1e308", "nan", "-1", "soon"])
def test_bad_timeouts_are_one_line_exit_2(value):
    one_line(run("sparql", "ASK {}", "--timeout", value), 2, "--timeout")
    one_line(run("ask", "abbreviations", "--timeout", value), 2, "--timeout")


def test_a_huge_page_size_is_bad_input():
    one_line(run("ask", "interventions-for-type", "--page-size", "1" + "0" * 20), 2, "--page-size")
    one_line(run("ask", "interventions-for-type", "--page", "1" + "0" * 20), 2, "--page")


def test_invalid_utf8_in_a_query_argument_is_bad_input():
    done = subprocess.run([sys.executable, "-m", "amhe", "sparql", b'SELECT * WHERE { ?s ?p "\xff" }'],
                          capture_output=True, timeout=120)
    assert done.returncode == 2, done.stderr
    assert done.stderr == b"error: the QUERY argument: invalid UTF-8 at line 1, byte 25 of the line " \
                          b"(invalid start byte)\n"


def test_invalid_utf8_in_a_query_file_names_the_file(tmp_path):
    query = tmp_path / "q.rq"
    query.write_bytes(b"SELECT * WHERE {\n ?s ?p \"\xff\" }")
    one_line(run("sparql", "-f", str(query)), 2, f"{query}: invalid UTF-8 at line 2, byte 9")


def test_usage_errors_are_one_line():
    one_line(run("sparql", "ASK {}", "--format", "yaml"), 2, "--format", "sparql --help'")
    one_line(run("ask", "no-such-question"), 2, "No such command")


# ------------------------------------------------- defect 13: empty queries and byte order marks


def test_an_empty_query_is_not_called_an_update():
    one_line(run("sparql", "-", stdin="  \n"), 2, "the query is empty")


def test_a_byte_order_mark_starts_a_query_file(tmp_path):
    query = tmp_path / "q.rq"
    query.write_bytes(b"\xef\xbb\xbfASK { ?s a <https://w3id.org/amhe/ontology#Act> }")
    result = run("sparql", "-f", str(query), "--format", "csv")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[1] == "true"


# --------------------------------------------------------------- defect 15: a bug is not bad input


def test_an_unexpected_error_is_exit_4_not_bad_input(monkeypatch):
    from amhe.queries import render

    def broken(*args, **kwargs):
        raise ValueError("boom\nsecond line")

    monkeypatch.setattr(render, "render", broken)
    result = run("ask", "abbreviations")
    one_line(result, 4, "internal error: ValueError: boom", "--debug")
    debug = run("--debug", "ask", "abbreviations")
    assert debug.exit_code == 4
    assert "Traceback" in debug.stderr and debug.stderr.rstrip().endswith("--debug for the traceback)")


def test_input_errors_are_still_bad_input():
    from amhe.graph.errors import BadInput
    from amhe.queries.describe import AmbiguousName
    from amhe.queries.safety import QueryRefused, QuerySyntaxError

    assert all(issubclass(cls, BadInput) for cls in (AmbiguousName, QueryRefused, QuerySyntaxError))
    one_line(run("describe", "Rainbow Aliance"), 2, "Rainbow Alliance")
    one_line(run("search", "  "), 2, "nothing to search for")


def test_exit_codes_are_documented():
    from pathlib import Path

    import amhe.cli

    # The README of the checkout the tests run from (an installed package does not ship it).
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    for text in (amhe.cli.__doc__, readme, run("--help").stdout):
        assert "4 " in text and "internal error" in text and "130" in text and "interrupted" in text


# --------------------------------------------------------------------- defect 11: Ctrl-C is 130


@pytest.mark.slow
def test_ctrl_c_during_a_query_exits_130_in_one_line():
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"  # minutes, in little memory
    # Built first, whichever test ran before: a first build says so on stderr and takes the 4 s below.
    subprocess.run([sys.executable, "-m", "amhe", "build"], check=True, capture_output=True, timeout=300)
    process = subprocess.Popen([sys.executable, "-m", "amhe", "sparql", slow, "--timeout", "60", "--memory", "400"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    time.sleep(4)
    os.killpg(process.pid, signal.SIGINT)  # as a terminal does: the whole foreground group
    try:
        _, err = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 130, err
    assert err == b"error: interrupted\n"


EARLY = textwrap.dedent("""
    import importlib.abc, sys
    from importlib.metadata import entry_points

    class Interrupt(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path=None, target=None):
            if name in ("click", "amhe.cli"):
                raise KeyboardInterrupt  # Ctrl-C while the command line is still being imported
            return None

    for module in [m for m in sys.modules if m == "click" or m.startswith(("click.", "amhe"))]:
        del sys.modules[module]
    sys.meta_path.insert(0, Interrupt())
    (script,) = [e for e in entry_points(group="console_scripts") if e.name == "amhe"]
    sys.exit(script.load()())
""")


def test_a_very_early_ctrl_c_is_no_traceback():
    done = subprocess.run([sys.executable, "-c", EARLY], capture_output=True, text=True, timeout=60)
    assert done.returncode == 130, done.stderr
    assert done.stderr == "error: interrupted\n"
