"""The command line as scripts meet it: help everywhere, formats, exit codes, stderr."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from amhe.cli import main
from amhe.queries import catalogue

COMMANDS = ["build", "validate", "export", "questions", "ask", "audit", "sparql", "describe", "profile", "gapmap",
            "publish", "search"]


def run(*args: str):
    return CliRunner().invoke(main, list(args))


@pytest.mark.parametrize("command", [[]] + [[c] for c in COMMANDS] + [["ask", q] for q in sorted(catalogue())])
def test_help_everywhere(command):
    result = run(*command, "--help")
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.stdout


def test_questions_lists_the_catalogue():
    result = run("questions")
    assert result.exit_code == 0
    for qid in catalogue():
        assert qid in result.stdout
    listed = json.loads(run("questions", "--format", "json").stdout)
    assert {q["id"] for q in listed} == set(catalogue())
    tagged = json.loads(run("questions", "--tag", "audit", "--format", "json").stdout)
    assert [q["id"] for q in tagged] == ["audit-findings"]


def test_ask_table_shows_labels():
    result = run("ask", "interventions-for-population", "--population", "Low SES")
    assert result.exit_code == 0, result.output
    assert "Incredible Years Parenting Programs" in result.stdout
    assert "https://w3id.org/amhe/intervention/" not in result.stdout
    assert "Appendix 2, Table 5" in result.stdout


def test_ask_csv_and_json_show_iris():
    rows = list(csv.DictReader(io.StringIO(run("ask", "interventions-for-population", "--format", "csv").stdout)))
    assert rows[0]["intervention"].startswith("https://w3id.org/amhe/intervention/")
    doc = json.loads(run("ask", "interventions-for-population", "--format", "json", "--limit", "2").stdout)
    assert doc["head"]["vars"][:2] == ["row", "intervention"]
    assert len(doc["results"]["bindings"]) == 2
    assert doc["results"]["bindings"][0]["intervention"]["type"] == "uri"


def test_ask_markdown():
    out = run("ask", "interventions-for-population", "--population", "10c", "--format", "markdown").stdout
    assert out.splitlines()[0].startswith("| row | intervention |")
    assert "Refugee Wellbeing Project" in out


def test_unknown_population_exits_2_with_suggestions():
    result = run("ask", "interventions-for-population", "--population", "Low SE")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "unknown population 'Low SE'; did you mean: Low SES" in result.stderr


def test_unknown_question_exits_2():
    result = run("ask", "no-such-question")
    assert result.exit_code == 2
    assert "No such command" in result.stderr


def test_audit_formats():
    table = run("audit", "--status", "source-inconsistency")
    assert table.exit_code == 0
    assert "Inconsistency of the source" in table.stdout
    doc = json.loads(run("audit", "--format", "json").stdout)
    statuses = {b["outcome"]["value"].rsplit("#", 1)[1] for b in doc["results"]["bindings"]}
    assert {"Matches", "ExplainedByLostReferences", "PartlyExplained", "SourceInconsistency",
            "ExtractionLoss"} <= statuses


def test_console_script_runs_the_main_job():
    """The installed `amhe` entry point answers the first question, errors on stderr."""
    exe = [sys.executable, "-m", "amhe.cli"]
    ok = subprocess.run(exe + ["ask", "interventions-for-population", "--population", "Low SES"],
                        capture_output=True, text=True, stdin=subprocess.DEVNULL)
    assert ok.returncode == 0 and "Incredible Years" in ok.stdout
    # No progress chatter when stderr is not a terminal: only what the answer understood (and, on a
    # first run, the one line saying the graph is being built).
    lines = ok.stderr.splitlines()
    assert lines[-1] == "population: Low SES (8a)" and "\r" not in ok.stderr
    assert all(line.startswith("building the graph from") for line in lines[:-1]) and len(lines) <= 2
    bad = subprocess.run(exe + ["ask", "interventions-for-population", "--population", "nobody"],
                         capture_output=True, text=True, stdin=subprocess.DEVNULL)
    assert bad.returncode == 2 and bad.stdout == "" and "error: unknown population" in bad.stderr


def test_steps_without_a_count_show_a_moving_bar_on_a_terminal_only(capsys, monkeypatch):
    import time

    from amhe.queries.progress import Working as _Working

    with _Working("validating against the SHACL shapes"):
        time.sleep(0.25)
    assert capsys.readouterr().err == ""  # not a terminal: quiet
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    with _Working("validating against the SHACL shapes"):
        time.sleep(0.35)
    err = capsys.readouterr().err
    frames = [f for f in err.split("\r") if f]
    assert len(frames) >= 3  # the bar moved while the step ran
    assert "####" in frames[0] and "validating against the SHACL shapes" in frames[0]
    assert frames[-1].startswith("[" + "#" * 30 + "]") and frames[-1].endswith(" s\n")
    with pytest.raises(RuntimeError), _Working("writing turtle"):
        time.sleep(0.15)
        raise RuntimeError("disk full")
    assert "#" * 30 not in capsys.readouterr().err  # a failed step does not end on a full bar


def test_paged_question_pages_from_the_command_line():
    def rows(*args: str) -> tuple[list[dict[str, str]], str]:
        result = CliRunner().invoke(main, ["ask", "interventions-for-type", "--format", "csv", *args])
        assert result.exit_code == 0, result.output
        understood, _, hint = result.stderr.partition("\n")
        assert understood == "type: Delivering education and training (DET)"
        return list(csv.DictReader(io.StringIO(result.stdout))), hint

    every, hint = rows("--all")
    assert len(every) == 23 and hint == ""  # Table 5 holds 23 DET interventions
    first, hint = rows("--page-size", "5")
    assert [r["row"] for r in first] == [r["row"] for r in every[:5]]
    assert "--page 2 for the next" in hint  # a full page: there may be more
    fifth, hint = rows("--page-size", "5", "--page", "5")
    assert [r["intervention"] for r in fifth] == [r["intervention"] for r in every[20:]] and hint == ""
    beyond, _ = rows("--page", "9")
    assert beyond == []
    bad = CliRunner().invoke(main, ["ask", "interventions-for-type", "--page", "0"])
    assert bad.exit_code == 2
    unpaged = CliRunner().invoke(main, ["ask", "abbreviations", "--page", "2"])
    assert unpaged.exit_code == 2  # only paged questions take --page
