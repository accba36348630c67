"""`amhe gapmap`: the evidence gap map of the mapping review as one grid.

Rows are population characteristics (Table 3), columns intervention types (Table 2), each cell
the number of Table 5 interventions of that type aimed at any subtype of that characteristic;
a zero cell is a gap. The numbers come from the ``evidence-matrix`` question, so the grid and
the catalogue can never disagree.
"""

from __future__ import annotations

from . import catalogue
from .engine import Engine
from .terms import Answer, integer, literal

QUESTION = "evidence-matrix"


def gap_map(engine: Engine) -> Answer:
    """One row per characteristic (code, IRI), one integer column per type notation, then its gaps."""
    matrix = engine.select(catalogue()[QUESTION].text)
    at = {name: i for i, name in enumerate(matrix.vars)}
    notations: set[str] = set()
    rows: dict[str, dict] = {}
    for row in matrix.rows:
        notation = row[at["typeNotation"]].value
        notations.add(notation)
        code = row[at["characteristicCode"]].value
        entry = rows.setdefault(code, {"characteristic": row[at["characteristic"]], "cells": {}})
        entry["cells"][notation] = int(row[at["interventions"]].value)
    columns = sorted(notations)
    grid = []
    for code in sorted(rows, key=lambda c: (int(c) if c.isdigit() else 10**6, c)):
        cells = rows[code]["cells"]
        grid.append((literal(code), rows[code]["characteristic"], *(integer(cells.get(n, 0)) for n in columns),
                     integer(sum(1 for n in columns if not cells.get(n)))))
    return Answer(["code", "characteristic", *columns, "gaps"], grid)


def summary(grid: Answer) -> str:
    """One line: how many cells are empty, from each row's gaps."""
    empty = sum(int(row[-1].value) for row in grid.rows)
    cells = len(grid.rows) * (len(grid.vars) - 3)  # code, characteristic and gaps are not cells
    return f"{empty} of {cells} cells are empty (no Table 5 intervention): the evidence gaps"
