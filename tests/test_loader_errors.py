"""Every distinct error a loader raises, triggered from a broken copy of the tables.

Each case copies data/, breaks one cell (or one file) the way a curator might, runs the real ``amhe build`` and
expects exit 2, one line on stderr naming ``file:line`` (and the column where the error has one), the loader's
message, and no output file. Errors already triggered in tests/test_bad_input.py (missing column, unknown
population code and intervention type, reference outside the list, duplicate identifier, invalid UTF-8, control
character, broken quote, wrong number of cells, year out of range, lost references' unknown subtype and missing
title words) are not repeated here.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from click.testing import CliRunner

from amhe.cli import main

T5 = "table5_interventions.csv"


def edit(data: Path, file: str, where: tuple[str, str] | None, changes: dict[str, str]) -> int:
    """Change cells of the first row whose ``where`` column holds the value (the first row if None); the line."""
    path = data / file
    rows = list(csv.reader(path.open(encoding="utf-8", newline="")))
    header = rows[0]
    index = 1 if where is None else next(i for i, r in enumerate(rows) if i and r[header.index(where[0])] == where[1])
    for column, value in changes.items():
        rows[index][header.index(column)] = value
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)
    return index + 1


def edit_lines(data: Path, file: str, change) -> None:
    path = data / file
    path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")


def build_fails(data: Path, tmp_path: Path, *fragments: str) -> str:
    out = tmp_path / "out.ttl"
    result = CliRunner().invoke(main, ["--data", str(data), "build", "--force", "-o", str(out)])
    assert result.exit_code == 2, result.output
    message = result.stderr
    assert message.startswith("error: ") and message.count("\n") == 1, message
    for fragment in fragments:
        assert fragment in message, message
    assert not out.exists()
    assert "Traceback" not in result.output
    return message


# (file, row chosen by (column, value) or the first, changes, fragments after "file:line")
CELL_CASES = {
    # loaders/tables.py: the cell readers
    "required value is empty": (T5, None, {"label": ""}, [": column 3 'label': required value is empty"]),
    "not a whole number": ("table4_countries.csv", None, {"study_count": "many"},
                           [": column 5 'study_count': expected a whole number, got 'many'"]),
    "not a boolean": ("references.csv", None, {"et_al": "maybe"}, ["'et_al': expected true or false, got 'maybe'"]),
    "not one of the choices": ("table1_acts.csv", None, {"basis": "guessed"}, ["'basis': 'guessed' is not one of"]),
    "empty list item": (T5, None, {"populations": "6a;;8a"}, ["'populations': empty item in list '6a;;8a'"]),
    "reference range backwards": (T5, ("row", "2"), {"references": "21-15"}, ["range '21-15' runs backwards"]),
    "reference not a number": (T5, ("row", "2"), {"references": "15-x"},
                               ["expected reference numbers like '15-21' or '88;90', got '15-x'"]),
    "reference listed twice": (T5, ("row", "2"), {"references": "15-21;15"}, ["a reference number is listed twice"]),
    # loaders/common.py: population links, figures
    "basis without codes": ("appendix3_services.csv", ("id", "rainbow-alliance"), {"population_codes": ""},
                            ["'population_basis': a basis without population codes"]),
    "bases and codes differ in number": ("appendix3_services.csv", ("id", "nafsiyat-intercultural-therapy-centre"),
                                         {"population_basis": "printed;curated;printed"},
                                         ["give one basis for all codes or one per code"]),
    "unknown basis": ("appendix3_services.csv", ("id", "rainbow-alliance"), {"population_basis": "guessed"},
                      ["'guessed' is not one of printed, curated"]),
    "figure not a number": ("appendix3_service_outcomes.csv", None, {"value_low": "seven"},
                            ["'value_low': expected a number, got 'seven'"]),
    "high value below low": ("appendix3_service_outcomes.csv", None, {"value_low": "12.50", "value_high": "7.50"},
                             ["'value_high': the high value is below the low value"]),
    "figure without unit": ("appendix3_service_outcomes.csv", None, {"unit": ""},
                            ["'unit': a figure needs its unit"]),
    # loaders/context.py
    "key defined twice": ("table3_populations.csv", ("id", "1b-immigrants"), {"notation": "1a"},
                          ["'notation': population-notation '1a' is defined twice"]),
    # one loader each
    "not a NICE code": ("appendix10_nice_guidance.csv", None, {"code": "XX1"},
                        ["'code': 'XX1' is not a NICE guidance code"]),
    "unknown NICE heading": ("appendix10_nice_guidance.csv", None, {"heading": "Made up"},
                             ["'heading': heading 'Made up' is not in"]),
    "publisher without ids": ("helpful_resources.csv", None, {"publisher_ids": ""},
                              ["give the publisher's organisation ids exactly when a publisher is printed"]),
    "protection undecided": ("population_protection.csv", None, {"not_protected": "true"},
                             ["either name protected characteristics or mark the population not protected"]),
    "reference out of order": ("references.csv", ("number", "2"), {"number": "200"},
                               ["'number': expected reference 2 here"]),
    "et al without author": ("references.csv", ("number", "14"), {"authors": "", "et_al": "true"},
                             ["'et_al': 'et al.' without any author"]),
    "Act not on legislation.gov.uk": ("table1_acts.csv", None, {"iri": "https://example.org/act"},
                                      ["'iri': expected a legislation.gov.uk identifier starting"]),
    "provision outside its Act": ("table1_provisions.csv", ("id", "ea-2010-s13"),
                                  {"iri": "http://www.legislation.gov.uk/id/ukpga/2006/41/section/13"},
                                  ["the provision's IRI is not under the IRI of its Act"]),
    "characteristic with a broader concept": ("table3_populations.csv", ("id", "2-religion"), {"broader": "1-race"},
                                              ["'broader': a characteristic has no broader concept"]),
    "subtype under a subtype": ("table3_populations.csv", ("id", "1b-immigrants"),
                                {"broader": "1a-minority-ethnicity"},
                                ["a subtype's broader concept must be a characteristic"]),
    "not an ISO code": ("countries.csv", None, {"iso_code": "U1"}, ["'U1' is not an ISO 3166-1 alpha-2 code"]),
    "citation without references": ("text_citations.csv", None, {"references": ""},
                                    ["'references': a citation cites at least one reference"]),
    # loaders/table5_interventions.py: blocks, positions, rows, alternatives, totals
    "block ends before it starts": ("table5_blocks.csv", None, {"first_row": "13", "last_row": "1"},
                                    ["'last_row': the block ends before it starts"]),
    "unknown block": ("table5_positions.csv", None, {"block": "Z"}, ["'block': unknown block 'Z'"]),
    "position mapped twice": ("table5_positions.csv", ("position", "5"), {"position": "0"},
                              ["'position': block A position 0 is mapped twice"]),
    "header label not printed": ("table5_positions.csv", None, {"header_label": "9z"},
                                 ["block A's header prints '1a' at position 0"]),
    "unknown column code": ("table5_positions.csv", None, {"column": "99z"},
                            ["unknown population subtype code '99z'"]),
    "mark read against the rule": (T5, ("row", "1"), {"populations": "6a;8b"},
                                   ["position 14 of block A reads 8a, not 8b"]),
    "row outside its block": (T5, ("row", "1"), {"block": "B"}, ["'block': row 1 lies in no block 'B'"]),
    "positions not increasing": (T5, ("row", "1"), {"positions": "14;9"},
                                 ["expected increasing tab positions below 23"]),
    "codes and marks differ in number": (T5, ("row", "1"), {"populations": "6a", "raw_populations": "6a"},
                                         ["1 codes for 2 marked cells"]),
    "raw populations misread": (T5, ("row", "1"), {"raw_populations": "6a;8b"},
                                ["positions [9, 14] read under the full column order are 6a;8a"]),
    "rows out of order": (T5, ("row", "1"), {"row": "5"}, ["'row': expected row 1"]),
    "population code twice": (T5, ("row", "1"), {"populations": "6a;6a"}, ["a population code is listed twice"]),
    "characteristic instead of subtype": (T5, ("row", "1"), {"populations": "6;8a"},
                                          ["'6' is a characteristic; code the row with its subtypes"]),
    "coding basis contradicts codes": (T5, ("row", "1"), {"coding_basis": "realigned"},
                                       ["must be 'as-extracted' exactly when populations equal raw_populations"]),
    "total printed for the wrong level": ("table5_totals.csv", None, {"printed_row": "Total by characteristic type"},
                                          ["'population': 'Total by characteristic type' is printed for"]),
    "alternative for a missing row": ("table5_alternatives.csv", None, {"row": "999"}, ["no Table 5 row 999"]),
    "alternative at an unmarked position": ("table5_alternatives.csv", None, {"position": "1"},
                                            ["row 7 has no mark at position 1"]),
    "alternative for another code": ("table5_alternatives.csv", None, {"coded": "1a"},
                                     ["row 7 codes position 22 as 11a, not 1a"]),
    "alternative equal to the code": ("table5_alternatives.csv", None, {"alternatives": "11a"},
                                      ["alternatives must differ from the coded column and from each other"]),
    # loaders/labels.py
    "label for a concept of no kind": ("alternative_labels.csv", None, {"concept": "thing:1a-minority-ethnicity"},
                                       ["'concept': 'thing:1a-minority-ethnicity' must be kind:id with kind one of"]),
    # loaders/table5_lost_references.py
    "lost reference subtype without words": ("table5_lost_references.csv", None, {"subtypes": "8a Economic"},
                                             ["expected 'code: words of the title', got '8a Economic'"]),
    "lost reference subtype twice": ("table5_lost_references.csv", None, {"subtypes": "8a: one;8a: two"},
                                     ["8a is listed twice"]),
}


@pytest.mark.parametrize("case", sorted(CELL_CASES))
def test_broken_cell_is_one_line_naming_file_line_and_column(data, tmp_path, case):
    file, where, changes, fragments = CELL_CASES[case]
    line = edit(data, file, where, changes)
    build_fails(data, tmp_path, f"{file}:{line}", *fragments)


def test_edition_describes_one_dataset(data, tmp_path):
    edit_lines(data, "edition.csv", lambda text: text + text.split("\n", 1)[1].replace("amhe,", "amhe-2,", 1))
    build_fails(data, tmp_path, "edition.csv:3", "'dataset_id': edition.csv describes exactly one dataset")


def test_unreadable_table(data, tmp_path):
    (data / T5).unlink()
    (data / T5).mkdir()
    build_fails(data, tmp_path, f"{T5}: cannot read source table")


def test_empty_table(data, tmp_path):
    (data / T5).write_text("", encoding="utf-8")
    build_fails(data, tmp_path, f"{T5}: empty source table: no header row")


def test_unknown_column(data, tmp_path):
    edit_lines(data, T5, lambda text: "\n".join(line + ",x" if line else line for line in text.split("\n")).replace(
        ",note,x", ",note,extra", 1))
    build_fails(data, tmp_path, f"{T5}:1", "unknown column(s): extra")


def test_column_named_twice(data, tmp_path):
    edit_lines(data, T5, lambda text: "\n".join(line + ",x" if line else line for line in text.split("\n")).replace(
        ",note,x", ",note,label", 1))
    build_fails(data, tmp_path, f"{T5}:1", "a column name appears twice in the header")


def test_cell_spanning_lines(data, tmp_path):
    line = edit(data, T5, ("row", "3"), {"label": "Incredible Years\nTeacher Programs"})
    build_fails(data, tmp_path, f"{T5}:{line}", "a cell spans several lines; cells must be single-line")


def test_mark_at_a_position_the_map_lacks(data, tmp_path):
    edit_lines(data, "table5_positions.csv",
               lambda text: "\n".join(line for line in text.split("\n") if not line.startswith("A,0,")))
    build_fails(data, tmp_path, f"{T5}:", "column 10 'positions': block A has no column for position 0 in")


def test_identifier_that_is_no_slug(data, tmp_path):
    line = edit(data, "appendix3_services.csv", ("id", "rainbow-alliance"), {"id": "Rainbow Alliance"})
    build_fails(data, tmp_path, f"appendix3_services.csv:{line}: column 1 'id': 'Rainbow Alliance' is not a ")


def test_cell_beyond_the_csv_field_limit(data, tmp_path):
    line = edit(data, T5, ("row", "3"), {"note": "x" * 200_000})
    build_fails(data, tmp_path, f"{T5}:{line}: malformed CSV: field larger than field limit")
