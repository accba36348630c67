"""`amhe gapmap --html`: the evidence gap map as one self-contained page.

Rows are the characteristics of Table 3 (each expandable to its subtypes), columns the
intervention types of Table 2; each cell shows how many Table 5 interventions and distinct
studies it holds, shaded on a colour-blind-safe sequential scale (ColorBrewer YlGnBu), with
empty cells marked as gaps. The page carries its CSS, script and SVG inline and makes no
request when viewed. It is rendered from a Jinja2 template with autoescaping, and its data
travel as JSON escaped for a script element, so no label or citation can become markup.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import Any

from .gapmap_data import Concept, GapMapData, load

# Sequential, colour-blind-safe bins (ColorBrewer YlGnBu): (at least this many interventions, fill, text).
# Text colours keep a contrast ratio of at least 4.5 with their fill.
SCALE = ((1, "#ffffcc", "#000000"), (2, "#c7e9b4", "#000000"), (3, "#7fcdbb", "#000000"),
         (5, "#41b6c4", "#000000"), (9, "#225ea8", "#ffffff"), (17, "#0c2c84", "#ffffff"))
GAP = ("#ffffff", "#6b2a00")
# A protected group's cell with at most this many interventions is a duty-relevant gap.
FEW = 1


def bin_of(count: int) -> int:
    """0 for a gap, else the 1-based bin of the scale that ``count`` interventions fall in."""
    return sum(1 for least, _, _ in SCALE if count >= least)


def shade(count: int) -> tuple[str, str]:
    """Fill and text colour for a cell with ``count`` interventions."""
    b = bin_of(count)
    return GAP if b == 0 else SCALE[b - 1][1:]


@dataclass
class CellView:
    id: str
    interventions: int
    studies: int
    bin: int  # 0 = a gap, else the index of the scale's bin, from 1
    gap: bool
    duty_gap: bool


def _row_cells(data: GapMapData, population: Concept, protected: bool, few: int) -> list[CellView]:
    cells = []
    for itype in data.types:
        cell = data.cell(population, itype)
        n = len(cell.interventions)
        cells.append(CellView(f"{population.code}-{itype.code}", n, len(cell.references), bin_of(n),
                              n == 0, protected and n <= few))
    return cells


def _payload(data: GapMapData) -> dict:
    """What the script needs to list a cell's interventions and their studies (shown as text only)."""
    cells: dict[str, list[str]] = {}
    populations = data.characteristics + [s for c in data.characteristics for s in data.subtypes.get(c.iri, [])]
    for population in populations:
        for itype in data.types:
            cells[f"{population.code}-{itype.code}"] = [i.iri for i in data.cell(population, itype).interventions]
    return {
        "cells": cells,
        "interventions": {i.iri: {"label": i.label, "row": i.row,
                                  "references": sorted(i.references, key=lambda r: data.references[r].number
                                                       if r in data.references else 0)}
                          for i in data.interventions.values()},
        "references": {r.iri: {"number": r.number, "citation": r.citation} for r in data.references.values()},
        "populations": {p.code: {"label": p.label, "protected": p.protected} for p in populations},
        "types": {t.code: t.label for t in data.types},
    }


def render_html(data: GapMapData, few: int = FEW, generated_from: str = "") -> str:
    """The whole page as one string."""
    from jinja2 import Environment, select_autoescape

    env = Environment(autoescape=select_autoescape(default=True, default_for_string=True),
                      trim_blocks=True, lstrip_blocks=True)
    template = env.from_string(files("amhe.queries").joinpath("templates/gapmap.html.j2").read_text("utf-8"))
    rows = []
    for characteristic in data.characteristics:
        protected = bool(characteristic.protected)
        subtypes = [(s, _row_cells(data, s, bool(s.protected), few)) for s in data.subtypes.get(characteristic.iri, [])]
        rows.append((characteristic, _row_cells(data, characteristic, protected, few), subtypes))
    all_cells = [c for _, cells, subs in rows for c in cells + [x for _, sc in subs for x in sc]]
    return template.render(
        rows=rows, types=data.types, duties=data.duties, scale=SCALE, gap=GAP, few=few,
        payload=_payload(data), generated_from=generated_from,
        gaps=sum(1 for _, cells, _ in rows for c in cells if c.gap), cells=len(rows) * len(data.types),
        duty_gaps=sum(1 for c in all_cells if c.duty_gap))


def write_page(data: GapMapData, path: Path, few: int = FEW, generated_from: str = "") -> int:
    """Write the page to ``path`` atomically (nothing half-written); its size in bytes."""
    from ..graph.atomic import atomic_write

    page = render_html(data, few=few, generated_from=generated_from).encode("utf-8")
    atomic_write(path, page)
    return len(page)


def write_map(engine: Any, path: Path, few: int = FEW, generated_from: str = "") -> int:
    """The gap map's data read from ``engine`` and written as the page at ``path``; its size in bytes."""
    return write_page(load(engine), path, few=few, generated_from=generated_from)
