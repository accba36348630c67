"""loaders/tables.py on small tables written here: every accessor's accepted values and every error
with its whole message, file, line and column (mutation-tested, see docs/mutation-testing.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

from amhe.loaders.errors import SourceError
from amhe.loaders.tables import Row, read_table
from amhe.loaders.utf8 import NotUTF8, decode

COLUMNS = ("id", "name", "n")


def table(tmp_path: Path, text: str | bytes, columns=COLUMNS, key: str | None = "id") -> list[Row]:
    path = tmp_path / "t.csv"
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return read_table(path, columns, key)


def error(tmp_path: Path, text: str | bytes, columns=COLUMNS, key: str | None = "id") -> str:
    with pytest.raises(SourceError) as caught:
        table(tmp_path, text, columns, key)
    return str(caught.value).replace(str(tmp_path / "t.csv"), "t.csv")


def test_rows_keep_their_file_line_cells_and_columns(tmp_path):
    rows = table(tmp_path, "n,id,name\n1, a ,Alpha\n\n , ,\n2,b,\"Be, ta\"\n")
    assert [(r.line, r.cells, r.columns) for r in rows] == [
        (2, {"n": "1", "id": " a ", "name": "Alpha"}, ("n", "id", "name")),
        (5, {"n": "2", "id": "b", "name": "Be, ta"}, ("n", "id", "name")),
    ]
    assert rows[0].file == str(tmp_path / "t.csv")
    assert rows[0].text("id") == "a"


def test_every_letter_is_a_character_a_cell_may_hold(tmp_path):
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ abcdefghijklmnopqrstuvwxyz 0123456789 éü–’"
    assert table(tmp_path, f"id,name,n\na,{letters},1\n")[0].cells["name"] == letters


def test_a_byte_order_mark_is_dropped(tmp_path):
    assert table(tmp_path, b"\xef\xbb\xbfid,name,n\na,b,1\n")[0].cells == {"id": "a", "name": "b", "n": "1"}


@pytest.mark.parametrize("text, message", [
    ("id,name\n", "t.csv:1: missing required column(s): n"),
    ("name\n", "t.csv:1: missing required column(s): id, n"),
    ("id,name,n,x,y\n", "t.csv:1: unknown column(s): x, y"),
    ("id,name,n,n\n", "t.csv:1: a column name appears twice in the header"),
    ("", "t.csv: empty source table: no header row"),
    ("id,name,n\na,b\n", "t.csv:2: expected 3 cells, found 2"),
    ("id,name,n\na,b,1,2\n", "t.csv:2: expected 3 cells, found 4"),
    ("id,name,n\na,\"b\nc\",1\n", "t.csv:2: a cell spans several lines; cells must be single-line"),
    ("id,name,n\na,b\x07,1\n", "t.csv:2: column 2 'name': control character U+0007 at character 2"),
    ("id,name,n\na,\uffff,1\n", "t.csv:2: column 2 'name': non-character U+FFFF at character 1"),
    ("id,name,n\na,\ufffe,1\n", "t.csv:2: column 2 'name': non-character U+FFFE at character 1"),
    ("id,name,n\nA_b,x,1\n", "t.csv:2: column 1 'id': 'A_b' is not a valid identifier (lowercase letters, digits "
     "and single hyphens: it becomes the entity's IRI)"),
    ("id,name,n\na,x,1\nb,y,2\na,z,3\n", "t.csv:4: column 1 'id': duplicate identifier 'a' (first on line 2)"),
    ("id,name,n\n,x,1\n", "t.csv:2: column 1 'id': required value is empty"),
    ('id,name,n\na,"x,1\nb,y,2\n', "t.csv:2: malformed CSV: the quote at character 3 is never closed (the reader "
     "ran on to line 3: unexpected end of data)"),
    ('id,name,n\na,"x"y,1\n', "t.csv:2: malformed CSV: ',' expected after '\"'"),
    ('id,name,n\n"a,x,1\nb,y,2\n', "t.csv:2: malformed CSV: the quote at character 1 is never closed (the reader "
     "ran on to line 3: unexpected end of data)"),
    ('id,name,n\n"a","x,1\nb,y,2\n', "t.csv:2: malformed CSV: the quote at character 5 is never closed (the "
     "reader ran on to line 3: unexpected end of data)"),
])
def test_bad_tables_stop_with_file_line_and_column(tmp_path, text, message):
    assert error(tmp_path, text) == message


def test_invalid_utf8_names_line_and_byte(tmp_path):
    assert error(tmp_path, b"id,name,n\nab,c\xff,1\n") == (
        "t.csv:2: invalid UTF-8 at byte 5 of the line (invalid start byte)")
    assert error(tmp_path, b"\xff") == "t.csv:1: invalid UTF-8 at byte 1 of the line (invalid start byte)"
    assert error(tmp_path, b"id,name,n\na,b,1\nc,\xff,1") == (
        "t.csv:3: invalid UTF-8 at byte 3 of the line (invalid start byte)")
    assert error(tmp_path, b"\n\xff") == "t.csv:2: invalid UTF-8 at byte 1 of the line (invalid start byte)"


def test_an_unreadable_table_says_why(tmp_path):
    with pytest.raises(SourceError) as caught:
        read_table(tmp_path / "missing.csv", COLUMNS)
    assert str(caught.value) == f"{tmp_path / 'missing.csv'}: cannot read source table: No such file or directory"


def test_without_a_key_ids_may_repeat_or_be_empty(tmp_path):
    rows = table(tmp_path, "id,name,n\na,x,1\na,y,2\n,z,3\n", key=None)
    assert [r.line for r in rows] == [2, 3, 4]
    assert table(tmp_path, "name,n\nx,1\n", ("name", "n"), key="name")[0].cells == {"name": "x", "n": "1"}


def test_a_quote_opened_mid_cell_or_escaped_is_not_an_open_quote(tmp_path):
    rows = table(tmp_path, 'id,name,n\na,"say ""hi"", ok",1\nb,x"y,2\n')
    assert [r.cells["name"] for r in rows] == ['say "hi", ok', 'x"y']
    assert error(tmp_path, 'id,name,n\na,"x"",1\nb,y,2\n') == (
        "t.csv:2: malformed CSV: the quote at character 3 is never closed (the reader ran on to line 3: "
        "unexpected end of data)")


def row(**cells: str) -> Row:
    return Row("t.csv", 7, cells, tuple(cells))


def message(call) -> str:
    with pytest.raises(SourceError) as caught:
        call()
    return str(caught.value)


def test_text_strips_and_requires():
    r = row(a=" x ", b="  ")
    assert (r.text("a"), r.text("b", required=False), r.text("zz", required=False)) == ("x", "", "")
    assert message(lambda: r.text("b")) == "t.csv:7: column 2 'b': required value is empty"
    assert message(lambda: r.text("zz")) == "t.csv:7: column 'zz': required value is empty"


def test_integer_bounds_and_forms():
    r = row(a="5", b="", c="-1", d="1.0", e="05")
    assert (r.integer("a"), r.integer("a", 5, 5), r.integer("b", required=False), r.integer("e")) == (5, 5, None, 5)
    assert message(lambda: r.integer("a", minimum=6)) == "t.csv:7: column 1 'a': 5 is outside 6..None"
    assert message(lambda: r.integer("a", maximum=4)) == "t.csv:7: column 1 'a': 5 is outside None..4"
    assert message(lambda: r.integer("c")) == "t.csv:7: column 3 'c': expected a whole number, got '-1'"
    assert message(lambda: r.integer("d")) == "t.csv:7: column 4 'd': expected a whole number, got '1.0'"
    assert message(lambda: r.integer("b")) == "t.csv:7: column 2 'b': required value is empty"


def test_boolean_is_true_or_false_in_any_case():
    r = row(a="TRUE", b="false", c="yes")
    assert (r.boolean("a"), r.boolean("b")) == (True, False)
    assert message(lambda: r.boolean("c")) == "t.csv:7: column 3 'c': expected true or false, got 'yes'"


def test_choice_is_one_of_the_listed():
    r = row(a="x", b="")
    assert (r.choice("a", ["x", "y"]), r.choice("b", ["x"], required=False)) == ("x", "")
    assert message(lambda: r.choice("b", ["x"])) == "t.csv:7: column 2 'b': required value is empty"
    assert message(lambda: r.choice("a", ["p", "q"])) == "t.csv:7: column 1 'a': 'x' is not one of p, q"


def test_items_are_a_semicolon_list():
    r = row(a=" x ; y;z ", b="", c="x;;y", d="x;")
    assert (r.items("a"), r.items("b")) == (["x", "y", "z"], [])
    assert message(lambda: r.items("b", required=True)) == "t.csv:7: column 2 'b': required value is empty"
    assert message(lambda: r.items("c")) == "t.csv:7: column 3 'c': empty item in list 'x;;y'"
    assert message(lambda: r.items("d")) == "t.csv:7: column 4 'd': empty item in list 'x;'"


def test_numbers_read_ranges_and_lists_as_printed():
    r = row(a="15-17; 20 - 21;6", b="", c="9-9", d="5-3", e="4;2-4", f="4a", g="1-2-3")
    assert (r.numbers("a"), r.numbers("b"), r.numbers("c")) == ([15, 16, 17, 20, 21, 6], [], [9])
    assert message(lambda: r.numbers("d")) == "t.csv:7: column 4 'd': range '5-3' runs backwards"
    assert message(lambda: r.numbers("e")) == "t.csv:7: column 5 'e': a reference number is listed twice"
    assert message(lambda: r.numbers("f")) == (
        "t.csv:7: column 6 'f': expected reference numbers like '15-21' or '88;90', got '4a'")
    assert message(lambda: r.numbers("g")).endswith("got '1-2-3'")
    assert message(lambda: r.numbers("b", required=True)) == "t.csv:7: column 2 'b': required value is empty"


# loaders/utf8.py, which read_table decodes with: called directly, for what a table cannot show.
def test_a_leading_byte_order_mark_is_dropped_and_only_that():
    assert decode(b"\xef\xbb\xbfa\xc3\xa9") == "a\u00e9"
    assert decode(b"a\xef\xbb\xbfb") == "a\ufeffb"
    assert decode(b"\xef\xbb\xbf\xef\xbb\xbf") == "\ufeff"
    assert decode(b"") == ""


@pytest.mark.parametrize(("raw", "where"), [
    (b"\xff", (1, 1, "invalid start byte")),
    (b"ab\ncd\n\xc3(", (3, 1, "invalid continuation byte")),
    (b"line one\nx\xe2\x82", (2, 2, "unexpected end of data")),
    (b"\xef\xbb\xbfab\xff", (1, 3, "invalid start byte")),
    (b"\xef\xbb\xbfa\nbc\nd\xffe\n", (3, 2, "invalid start byte")),
])
def test_bytes_that_are_not_utf8_are_named_by_line_and_byte(raw, where):
    with pytest.raises(NotUTF8) as caught:
        decode(raw)
    error = caught.value
    assert (error.line, error.column, error.reason) == where
    assert str(error) == f"invalid UTF-8 at line {where[0]}, byte {where[1]} of the line ({where[2]})"
    assert isinstance(error, ValueError) and error.__cause__ is None and error.__suppress_context__


def test_the_unclosed_quote_is_found_on_its_own_line_when_cells_hold_spaces(tmp_path):
    assert error(tmp_path, 'id,name,n\nab,x y,1\nc,"y z,2\nd,z,3\n') == (
        "t.csv:3: malformed CSV: the quote at character 3 is never closed (the reader ran on to line 4: unexpected "
        "end of data)")
