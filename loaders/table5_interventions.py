"""Loader for Table 5 (Appendix 2): the interventions of the mapping review and its printed totals.

``table5_interventions.csv`` holds one record per row the extracted text holds, with its
types, population subtypes and cited studies, plus the raw cells and a note wherever the
curated coding departs from them. ``table5_totals.csv`` holds the two printed total rows.

The extracted rows come in blocks (one per printed page, ``table5_blocks.csv``) whose cells
do not line up with the 23 columns the same way. ``table5_positions.csv`` says, block by
block, which column each marked cell position is read as; every row is coded by that map,
except where its note gives row-specific evidence ("position N read as X"). Marks whose
column stays uncertain keep their alternatives in ``table5_alternatives.csv``; they become
``amhe:CodingAlternative`` nodes. The rule is checked here, so a coding that breaks it stops
the build.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, XSD

from .common import add_note, add_reported_count
from .context import LoadContext
from .tables import Row
from .vocab import AMHE, iri

FILE = "table5_interventions.csv"
COLUMNS = ("row", "id", "label", "intervention_types", "populations", "references", "raw_implementation",
           "raw_populations", "block", "positions", "coding_basis", "appendix", "table", "note")
BLOCKS = "table5_blocks.csv"
BLOCK_COLUMNS = ("block", "first_row", "last_row", "cells", "header", "note")
POSITIONS = "table5_positions.csv"
POSITION_COLUMNS = ("block", "position", "header_label", "column", "basis", "evidence")
POSITION_BASES = ("header", "titles", "neighbours")
ALTERNATIVES = "table5_alternatives.csv"
ALTERNATIVE_COLUMNS = ("row", "position", "coded", "alternatives", "evidence")
TOTALS = "table5_totals.csv"
TOTAL_COLUMNS = ("population", "printed_row", "printed_total", "count_unit", "appendix", "table", "note")
CODING_BASIS = {"as-extracted": AMHE.AsExtracted, "realigned": AMHE.Realigned}


@dataclass(frozen=True)
class Block:
    first_row: int
    last_row: int
    cells: int
    header: list[str]


@dataclass(frozen=True)
class Coded:
    node: URIRef
    slug: str
    label: str
    block: str
    marks: dict[int, str]  # tab position of each mark -> population code


def column_order(ctx: LoadContext) -> list[str]:
    """The 23 subtype codes in the order of the table's columns (1a, 1b, ... 11a)."""
    def key(code: str) -> tuple[int, str]:
        match = re.match(r"(\d+)(\D*)", code)
        return (int(match.group(1)), match.group(2)) if match else (0, code)
    return sorted(ctx.index.get("population-subtype", {}), key=key)


def read_blocks(ctx: LoadContext) -> dict[str, Block]:
    blocks: dict[str, Block] = {}
    for row in ctx.table(BLOCKS, BLOCK_COLUMNS, key="block"):
        first, last = row.integer("first_row", minimum=1), row.integer("last_row", minimum=1)
        if last < first:
            raise row.error("last_row", "the block ends before it starts")
        header = row.text("header", required=False)
        blocks[row.text("block")] = Block(first, last, row.integer("cells", minimum=1),
                                          [h.strip() for h in header.split(";")] if header else [])
    return blocks


def read_positions(ctx: LoadContext, blocks: dict[str, Block]) -> dict[tuple[str, int], str]:
    """(block, tab position) -> the column that position is read as."""
    columns: dict[tuple[str, int], str] = {}
    subtypes = ctx.index.get("population-subtype", {})
    for row in ctx.table(POSITIONS, POSITION_COLUMNS, key=None):
        name = row.text("block")
        if name not in blocks:
            raise row.error("block", f"unknown block {name!r} (known: {', '.join(sorted(blocks))})")
        block = blocks[name]
        position = row.integer("position", minimum=0, maximum=block.cells - 1)
        if (name, position) in columns:
            raise row.error("position", f"block {name} position {position} is mapped twice")
        printed = block.header[position] if position < len(block.header) else ""
        if row.text("header_label", required=False) != printed:
            raise row.error("header_label", f"block {name}'s header prints {printed!r} at position {position}")
        column = row.text("column")
        if column.lower() not in subtypes:
            raise row.error("column", f"unknown population subtype code {column!r}")
        row.choice("basis", POSITION_BASES)
        row.text("evidence")
        columns[(name, position)] = column
    return columns


def check_rule(row: Row, block: str, marks: dict[int, str], columns: dict[tuple[str, int], str]) -> None:
    """Every mark reads as its block's column for its position, unless the note says why not."""
    note = row.text("note", required=False)
    for position, code in marks.items():
        if (block, position) not in columns:
            raise row.error("positions", f"block {block} has no column for position {position} in {POSITIONS}")
        expected = columns[(block, position)]
        if code != expected and f"position {position} read as {code}" not in note:
            raise row.error("populations", f"position {position} of block {block} reads {expected}, not {code}, "
                            f"unless the note gives the evidence ('position {position} read as {code}: ...')")


def read_marks(row: Row, expected: int, populations: list[str], blocks: dict[str, Block],
               columns: dict[tuple[str, int], str], order: list[str]) -> tuple[str, dict[int, str]]:
    """The row's block and its marks (tab position -> code), checked against the block's position map."""
    block = row.text("block")
    if block not in blocks or not blocks[block].first_row <= expected <= blocks[block].last_row:
        raise row.error("block", f"row {expected} lies in no block {block!r} of {BLOCKS}")
    positions = [int(p) for p in row.items("positions", required=True) if p.isdigit()]
    if (len(positions) != len(row.items("positions")) or positions != sorted(set(positions))
            or positions[-1] >= blocks[block].cells):
        raise row.error("positions", f"expected increasing tab positions below {blocks[block].cells}")
    if len(positions) != len(populations):
        raise row.error("populations", f"{len(populations)} codes for {len(positions)} marked cells: "
                        "every mark is coded once, in the order of its position")
    raw = [order[p] if p < len(order) else f"?{p}" for p in positions]
    if row.items("raw_populations") != raw:
        raise row.error("raw_populations", f"positions {positions} read under the full column order "
                        f"are {';'.join(raw)}")
    marks = dict(zip(positions, populations, strict=True))
    check_rule(row, block, marks, columns)
    return block, marks


def load(ctx: LoadContext) -> Graph:
    g = Graph()
    blocks = read_blocks(ctx)
    columns = read_positions(ctx, blocks)
    order = column_order(ctx)
    coded: dict[int, Coded] = {}
    for expected, row in enumerate(ctx.table(FILE, COLUMNS), start=1):
        if row.integer("row", minimum=1) != expected:
            raise row.error("row", f"expected row {expected}: rows are numbered 1, 2, 3 ... in the text's order")
        node = ctx.define("intervention", row)
        g.add((node, RDF.type, AMHE.Intervention))
        g.add((node, RDFS.label, Literal(row.text("label"), lang="en")))
        g.add((node, AMHE.tableRow, Literal(expected, datatype=XSD.integer)))
        types = row.items("intervention_types", required=True)
        for notation in types:
            g.add((node, AMHE.interventionType,
                   ctx.resolve("intervention-type-notation", notation.lower(), row, "intervention_types")))
        populations = row.items("populations", required=True)
        if len(set(populations)) != len(populations):
            raise row.error("populations", "a population code is listed twice")
        for code in populations:
            concept = ctx.resolve("population-notation", code.lower(), row, "populations")
            if code.lower() not in ctx.index.get("population-subtype", {}):
                raise row.error("populations", f"{code!r} is a characteristic; code the row with its subtypes")
            g.add((node, AMHE.targetsPopulation, concept))
        block, marks = read_marks(row, expected, populations, blocks, columns, order)
        numbers = row.numbers("references", required=True)
        for number in numbers:
            g.add((node, AMHE.evidencedBy, ctx.reference(number, row, "references")))
        g.add((node, AMHE.implementationAsPrinted, Literal(row.text("raw_implementation"))))
        g.add((node, AMHE.populationCellsAsExtracted, Literal(row.text("raw_populations", required=False))))
        basis = row.choice("coding_basis", tuple(CODING_BASIS))
        if (basis == "as-extracted") != (row.items("raw_populations") == populations):
            raise row.error("coding_basis", "must be 'as-extracted' exactly when populations equal raw_populations")
        g.add((node, AMHE.codingBasis, CODING_BASIS[basis]))
        g.add((node, PROV.wasDerivedFrom, ctx.section(row)))
        add_note(g, node, row)
        coded[expected] = Coded(node, row.text("id"), row.text("label"), block, marks)

    for row in ctx.table(ALTERNATIVES, ALTERNATIVE_COLUMNS, key=None):
        g += alternative(ctx, row, coded)

    for row in ctx.table(TOTALS, TOTAL_COLUMNS, key=None):
        concept = ctx.resolve("population-notation", row.text("population").lower(), row, "population")
        printed_row = row.choice("printed_row", ("Total by characteristic subtype", "Total by characteristic type"))
        is_subtype = printed_row.endswith("subtype")
        if is_subtype != (row.text("population").lower() in ctx.index.get("population-subtype", {})):
            level = "subtypes" if is_subtype else "characteristics"
            raise row.error("population", f"{printed_row!r} is printed for {level}")
        slug = str(concept).rsplit("/", 1)[1]
        count = add_reported_count(g, ctx, row, concept, f"table-5-{slug}", "printed_total",
                                   f"Table 5: {printed_row}")
        add_note(g, count, row)
    return g


def alternative(ctx: LoadContext, row: Row, coded: dict[int, Coded]) -> Graph:
    """An uncertain mark: the column it is coded to and the columns it may belong to instead."""
    g = Graph()
    number = row.integer("row", minimum=1)
    if number not in coded:
        raise row.error("row", f"no Table 5 row {number} in {FILE}")
    target = coded[number]
    position = row.integer("position", minimum=0)
    if position not in target.marks:
        raise row.error("position", f"row {number} has no mark at position {position}")
    code = row.text("coded")
    if target.marks[position] != code:
        raise row.error("coded", f"row {number} codes position {position} as {target.marks[position]}, not {code}")
    others = row.items("alternatives", required=True)
    if code in others or len(set(others)) != len(others):
        raise row.error("alternatives", "alternatives must differ from the coded column and from each other")
    node = iri("coding-alternative", f"{target.slug}-position-{position}")
    g.add((target.node, AMHE.hasCodingAlternative, node))
    g.add((node, RDF.type, AMHE.CodingAlternative))
    g.add((node, RDFS.label, Literal(f"Table 5 row {number} ({target.label}), block {target.block} position "
                                     f"{position}: {code}, alternatively {' or '.join(others)}", lang="en")))
    g.add((node, AMHE.cellPosition, Literal(position, datatype=XSD.integer)))
    g.add((node, AMHE.codedAs, ctx.resolve("population-subtype", code.lower(), row, "coded")))
    for other in others:
        g.add((node, AMHE.alternativeCoding, ctx.resolve("population-subtype", other.lower(), row, "alternatives")))
    g.add((node, AMHE.codingEvidence, Literal(row.text("evidence"), lang="en")))
    g.add((node, PROV.wasDerivedFrom, ctx.resolve("source", "table-5", row, "row")))
    return g
