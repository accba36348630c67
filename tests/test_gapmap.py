"""`amhe gapmap`: the evidence gap map agrees with the source and with the catalogue's questions."""

from __future__ import annotations

import csv
import io
import json

from click.testing import CliRunner

from amhe.cli import main
from amhe.queries import catalogue
from amhe.queries.engine import RdflibEngine
from amhe.queries.gapmap import gap_map, summary


def grid_of(*args: str) -> tuple[list[str], list[dict[str, str]]]:
    result = CliRunner().invoke(main, ["gapmap", "--format", "json", *args])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    names = doc["head"]["vars"]
    return names, [{n: b[n]["value"] for n in names} for b in doc["results"]["bindings"]]


def test_gap_map_is_characteristics_by_intervention_types():
    names, rows = grid_of()
    # Table 3: 11 characteristics; Table 2: 13 intervention types.
    assert [r["code"] for r in rows] == [str(i) for i in range(1, 12)]
    assert len(names) == 2 + 13 + 1
    assert {"DET", "PPS", "PRF", "oT"} <= set(names)


def test_gap_map_cells_match_source_facts():
    _, rows = grid_of()
    by_code = {r["code"]: r for r in rows}
    assert all(r["PRF"] == "0" for r in rows)  # Table 2 prints no study for PRF
    assert int(by_code["8"]["DET"]) >= 1  # Incredible Years Teacher Programs: DET, 8a Low SES
    assert int(by_code["1"]["PPS"]) >= 1  # Interpersonal therapy: PPS, 1a Minority ethnicity
    assert all(int(r["gaps"]) == sum(1 for n, v in r.items() if n not in ("code", "characteristic", "gaps")
                                     and v == "0") for r in rows)


def test_gap_map_agrees_with_the_matrix_and_gap_questions(built):
    engine = RdflibEngine(built)
    grid = gap_map(engine)
    questions = catalogue()
    gaps = engine.select(questions["evidence-gaps"].text)
    pair_gaps = [r for r in gaps.rows if r[0].value.startswith("no intervention of this type")]
    zero_cells = sum(1 for row in grid.rows for t in row[2:-1] if t.value == "0")
    assert zero_cells == len(pair_gaps) > 0
    assert summary(grid).startswith(f"{len(pair_gaps)} of {11 * 13} cells are empty")
    matrix = engine.select(questions["evidence-matrix"].text)
    assert sum(int(t.value) for row in grid.rows for t in row[2:-1]) == \
        sum(int(r[matrix.vars.index("interventions")].value) for r in matrix.rows)


def test_gap_map_formats():
    runner = CliRunner()
    table = runner.invoke(main, ["gapmap"])
    assert table.exit_code == 0
    assert "Socioeconomic status" in table.stdout and "cells are empty" in table.stdout
    text = runner.invoke(main, ["gapmap", "--format", "csv"]).stdout
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows[0]["characteristic"].startswith("https://w3id.org/amhe/population/")
    assert "| Race |" in runner.invoke(main, ["gapmap", "--format", "markdown"]).stdout
    bad = runner.invoke(main, ["gapmap", "--format", "xml"])
    assert bad.exit_code == 2
