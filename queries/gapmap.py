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


def _ansi(fill: str, text: str) -> str:
    r, g, b = (int(fill[i:i + 2], 16) for i in (1, 3, 5))
    fr, fg, fb = (int(text[i:i + 2], 16) for i in (1, 3, 5))
    return f"\x1b[48;2;{r};{g};{b}m\x1b[38;2;{fr};{fg};{fb}m"


def shaded(grid: Answer, labels: dict[str, str]) -> str:
    """The grid for a colour terminal: each cell shaded by its count on the page's colour-blind-safe
    scale, gaps shown as a dot on the gap colour, so the empty cells stand out at a glance."""
    from .gapmap_html import shade
    from .render import printable

    reset = "\x1b[0m"
    columns = grid.vars[2:-1]
    names = [printable(labels.get(row[1].value, row[1].value)) for row in grid.rows]
    name_width = min(max(len(n) for n in names + ["characteristic"]), 30)
    widths = [max(len(c), 3) for c in columns]
    lines = ["code  " + "characteristic".ljust(name_width) + " " +
             " ".join(c.rjust(w) for c, w in zip(columns, widths, strict=True)) + "  gaps"]
    for row, name in zip(grid.rows, names, strict=True):
        cells = []
        for term, w in zip(row[2:-1], widths, strict=True):
            n = int(term.value)
            fill, text = shade(n)
            cells.append(_ansi(fill, text) + (str(n) if n else "·").rjust(w) + reset)
        lines.append(f"{row[0].value:<4}  {name[:name_width].ljust(name_width)} " + " ".join(cells)
                     + f"  {row[-1].value:>4}")
    return "\n".join(lines) + "\n"
