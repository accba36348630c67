"""Reading curated source tables: strict CSV with errors that name file, line and column.

Loaders never see raw text. They get :class:`Row` objects whose typed accessors reject
bad cells with a :class:`SourceError`, so a malformed table stops the build with a
message a curator can act on ("data/x.csv:12: column 4 'populations': ...").
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .errors import SourceError
from .utf8 import NotUTF8, decode
from .vocab import is_slug

LIST_SEPARATOR = ";"
_RANGE = re.compile(r"^(\d+)\s*-\s*(\d+)$")
_INT = re.compile(r"^[0-9]+$")


def _bad_character(text: str) -> tuple[int, str] | None:
    """Position and description of a character that must not reach the graph."""
    for i, ch in enumerate(text):
        category = unicodedata.category(ch)
        if category == "Cs":
            return i, f"lone surrogate U+{ord(ch):04X}"
        if category == "Cc":
            return i, f"control character U+{ord(ch):04X}"
        if ch in "\ufffe\uffff":
            return i, f"non-character U+{ord(ch):04X}"
    return None


@dataclass(frozen=True)
class Row:
    """One record of a source table, with its position for error messages."""

    file: str
    line: int
    cells: dict[str, str]
    columns: tuple[str, ...]

    def error(self, column: str | None, message: str) -> SourceError:
        number = self.columns.index(column) + 1 if column in self.columns else None
        return SourceError(self.file, self.line, message, column, number)

    def text(self, column: str, required: bool = True) -> str:
        value = self.cells.get(column, "").strip()
        if required and not value:
            raise self.error(column, "required value is empty")
        return value

    def integer(self, column: str, minimum: int | None = None, maximum: int | None = None,
                required: bool = True) -> int | None:
        value = self.text(column, required)
        if not value:
            return None
        if not _INT.match(value):
            raise self.error(column, f"expected a whole number, got {value!r}")
        number = int(value)
        if (minimum is not None and number < minimum) or (maximum is not None and number > maximum):
            raise self.error(column, f"{number} is outside {minimum}..{maximum}")
        return number

    def boolean(self, column: str) -> bool:
        value = self.text(column).lower()
        if value not in ("true", "false"):
            raise self.error(column, f"expected true or false, got {value!r}")
        return value == "true"

    def choice(self, column: str, choices: Sequence[str], required: bool = True) -> str:
        value = self.text(column, required)
        if value and value not in choices:
            raise self.error(column, f"{value!r} is not one of {', '.join(choices)}")
        return value

    def items(self, column: str, required: bool = False) -> list[str]:
        """A ';'-separated list cell, items stripped, empty items rejected."""
        value = self.text(column, required)
        if not value:
            return []
        items = [item.strip() for item in value.split(LIST_SEPARATOR)]
        if any(not item for item in items):
            raise self.error(column, f"empty item in list {value!r}")
        return items

    def numbers(self, column: str, required: bool = False) -> list[int]:
        """Reference numbers written as the source prints them: '15-21' or '88;90' or '6'."""
        numbers: list[int] = []
        for item in self.items(column, required):
            span = _RANGE.match(item)
            if span:
                first, last = int(span.group(1)), int(span.group(2))
                if first > last:
                    raise self.error(column, f"range {item!r} runs backwards")
                numbers.extend(range(first, last + 1))
            elif _INT.match(item):
                numbers.append(int(item))
            else:
                raise self.error(column, f"expected reference numbers like '15-21' or '88;90', got {item!r}")
        if len(set(numbers)) != len(numbers):
            raise self.error(column, "a reference number is listed twice")
        return numbers


def _decode(path: Path, raw: bytes) -> str:
    try:
        return decode(raw)
    except NotUTF8 as exc:
        raise SourceError(path, exc.line, f"invalid UTF-8 at byte {exc.column} of the line ({exc.reason})") from None


def _open_quote(line: str) -> int | None:
    """The character (from 1) of the quote that opens a cell and is still open at the end of ``line``."""
    opened, at, cell_start = None, 0, True
    while at < len(line):
        ch = line[at]
        if opened is None:
            if ch == '"' and cell_start:
                opened = at
            cell_start = ch == ","
        elif ch == '"':
            if line[at + 1:at + 2] == '"':
                at += 1
            else:
                opened, cell_start = None, False
        at += 1
    return None if opened is None else opened + 1


def read_table(path: Path, columns: Sequence[str], key: str | None = None) -> list[Row]:
    """Read a curated CSV table; its header must hold exactly ``columns`` (any order).

    With ``key``, that column must be present, non-empty and unique.
    """
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise SourceError(path, None, f"cannot read source table: {exc.strerror}") from None
    text = _decode(path, raw)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[Row] = []
    seen: dict[str, int] = {}
    header: tuple[str, ...] | None = None
    start = 1
    try:
        for record in reader:
            line, start = start, reader.line_num + 1
            if header is None:
                header = tuple(cell.strip() for cell in record)
                missing = [c for c in columns if c not in header]
                if missing:
                    raise SourceError(path, line, f"missing required column(s): {', '.join(missing)}")
                unknown = [c for c in header if c not in columns]
                if unknown:
                    raise SourceError(path, line, f"unknown column(s): {', '.join(unknown)}")
                if len(set(header)) != len(header):
                    raise SourceError(path, line, "a column name appears twice in the header")
                continue
            if not record or all(not cell.strip() for cell in record):
                continue
            if reader.line_num != line:
                raise SourceError(path, line, "a cell spans several lines; cells must be single-line")
            if len(record) != len(header):
                raise SourceError(path, line, f"expected {len(header)} cells, found {len(record)}")
            for number, (name, cell) in enumerate(zip(header, record, strict=True), start=1):
                bad = _bad_character(cell)
                if bad:
                    raise SourceError(path, line, f"{bad[1]} at character {bad[0] + 1}", name, number)
            row = Row(str(path), line, dict(zip(header, record, strict=True)), header)
            if "id" in header and row.cells["id"].strip() and not is_slug(row.cells["id"].strip()):
                raise row.error("id", f"{row.cells['id'].strip()!r} is not a valid identifier (lowercase letters, "
                                "digits and single hyphens: it becomes the entity's IRI)")
            if key is not None:
                value = row.text(key)
                if value in seen:
                    raise row.error(key, f"duplicate identifier {value!r} (first on line {seen[value]})")
                seen[value] = line
            rows.append(row)
    except csv.Error as exc:
        if reader.line_num > start:  # the record ran on past its line: a quote opened there never closed
            opened = _open_quote(text.split("\n")[start - 1])
            if opened is not None:
                raise SourceError(path, start, f"malformed CSV: the quote at character {opened} is never closed "
                                  f"(the reader ran on to line {reader.line_num}: {exc})") from None
            raise SourceError(path, start, f"malformed CSV: {exc} (in the record starting on this line)") from None
        raise SourceError(path, reader.line_num, f"malformed CSV: {exc}") from None
    if header is None:
        raise SourceError(path, None, "empty source table: no header row")
    return rows
