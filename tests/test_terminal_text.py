"""Text from the data reaches a terminal inert: a label or value holding an escape sequence, a bell, a carriage
return or a right-to-left override is shown as its code point in table output, never acted on by the
terminal; csv and json keep the data exactly."""

from __future__ import annotations

import csv
import io
import json

from click.testing import CliRunner

from amhe.cli import main
from amhe.queries.gapmap import shaded
from amhe.queries.profile import render_profile
from amhe.queries.render import printable, to_table
from amhe.queries.terms import Answer, integer, literal, uri

HOSTILE = "red \x1b[31malarm\x07 \u202eevil\rover"
SHOWN = "red U+001B[31malarmU+0007 U+202Eevil over"


def test_printable_pins_every_control_form():
    assert printable("title\x1b]0;owned\x07 done") == "titleU+001B]0;ownedU+0007 done"
    assert printable("100%\r  0%") == "100%   0%"
    assert printable("a\x00b\x7fc\x9bd") == "aU+0000bU+007FcU+009Bd"  # NUL, DEL and the C1 escape (CSI)
    assert printable("Rainbow \u202eecnaillA \u2066x\u2069\u200f") == "Rainbow U+202EecnaillA U+2066xU+2069U+200F"
    assert printable("Low SES (8a), 2019 – ‘fine’ é") == "Low SES (8a), 2019 – ‘fine’ é"


def test_table_cells_and_labels_are_printable_piped_and_wrapped():
    iri = "https://w3id.org/amhe/organisation/x"
    answer = Answer(["who", "note"], [(uri(iri), literal(HOSTILE))])
    labels = {iri: "\x1b[2JTrust\x07"}
    assert to_table(answer, labels) == (
        "who                    note\n"
        "--------------------   -----------------------------------------\n"
        "U+001B[2JTrustU+0007   red U+001B[31malarmU+0007 U+202Eevil over\n"
        "(1 row)\n")
    assert to_table(answer, labels, width=40) == (  # the code points count in the widths: 18 and 19 here
        "who                  note\n"
        "------------------   -------------------\n"
        "U+001B[2JTrustU+00   red U+001B[31malarm\n"
        "07                   U+0007 U+202Eevil\n"
        "                     over\n"
        "(1 row)\n")


def test_profile_heading_and_gap_map_names_are_printable():
    population = uri("https://w3id.org/amhe/population/x")
    profile = {"population": population, "label": HOSTILE, "sections": [], "labels": {}}
    assert render_profile(profile, "text").splitlines()[0] == f"PROFILE: {SHOWN}  <{population.value}>"
    characteristic = "https://w3id.org/amhe/population/y"
    grid = Answer(["code", "characteristic", "A", "gaps"],
                  [(literal("1"), uri(characteristic), integer(2), integer(0))])
    row = shaded(grid, {characteristic: "Older \x1b[8mpeople"}).splitlines()[1]
    assert row.startswith("1     Older U+001B[8mpeople ") and "\x1b[8m" not in row


def test_sparql_table_shows_code_points_while_csv_and_json_keep_the_value():
    query = r'SELECT ?v WHERE { VALUES ?v { "red \u001B[31malarm\u0007 \u202Eevil\rover" } }'
    runner = CliRunner()
    table = runner.invoke(main, ["sparql", query])
    assert table.exit_code == 0, table.output
    assert table.stdout == f"v\n{'-' * len(SHOWN)}\n{SHOWN}\n(1 row)\n"
    as_csv = runner.invoke(main, ["sparql", query, "--format", "csv"])
    assert list(csv.reader(io.StringIO(as_csv.stdout, newline=""))) == [["v"], [HOSTILE]]
    as_json = runner.invoke(main, ["sparql", query, "--format", "json"])
    assert json.loads(as_json.stdout)["results"]["bindings"] == [{"v": {"type": "literal", "value": HOSTILE}}]


def test_labels_said_on_stderr_are_printable(monkeypatch):
    """The 'understood as' line before a canned answer and the list of entities sharing a name."""
    from amhe.queries import Parameter, params
    from amhe.queries.describe import Candidate

    iri = "https://w3id.org/amhe/population/x"
    monkeypatch.setattr(params, "entries", lambda engine, kind: {iri: params.Entry(iri, HOSTILE, "8z", ())})
    population = Parameter("population", "population", "", "", "")
    assert params.understood_line(None, population, uri(iri), "8z", False) == f"population: {SHOWN} (8z)"
    candidate = Candidate(iri, "Population", HOSTILE, "Section \x1b[8m2")
    assert candidate.line() == f"Population: {SHOWN} (Section U+001B[8m2) <{iri}>"


def test_every_error_line_is_printable(tmp_path):
    """Error lines can quote a file name or a label from the data (a suggestion, a choice): all go out inert."""
    missing = tmp_path / "q\x1b[31m\u202e.rq"
    result = CliRunner().invoke(main, ["sparql", "-f", str(missing)])
    assert result.exit_code == 2
    assert result.stderr == f"error: {tmp_path}/qU+001B[31mU+202E.rq: No such file or directory\n"


def test_terminal_width_reads_columns_then_the_terminal_and_is_none_when_piped(monkeypatch):
    """A table wraps to the terminal it is printed on (COLUMNS first, as shutil reads it); piped, never."""
    import fcntl
    import os
    import pty
    import struct
    import sys
    import termios

    from amhe.queries.render import terminal_width

    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 97, 0, 0))
    with os.fdopen(follower, "w") as tty:
        monkeypatch.setattr(sys, "stdout", tty)
        monkeypatch.setattr(sys, "__stdout__", tty)
        monkeypatch.delenv("COLUMNS", raising=False)
        assert terminal_width() == 97
        monkeypatch.setenv("COLUMNS", "61")
        assert terminal_width() == 61
        monkeypatch.setenv("COLUMNS", "wide")
        assert terminal_width() == 97
    os.close(leader)
    monkeypatch.setattr(sys, "stdout", io.StringIO())
    assert terminal_width() is None
