"""The error a source table raises; kept apart so the CLI can catch it without loading the loaders."""

from __future__ import annotations

from pathlib import Path


class SourceError(Exception):
    """A source table cannot be loaded; the message names the file, line and column."""

    def __init__(self, file: Path | str, line: int | None, message: str, column: str | None = None,
                 column_number: int | None = None) -> None:
        self.file = str(file)
        self.line = line
        self.column = column
        self.column_number = column_number
        self.message = message
        where = self.file if line is None else f"{self.file}:{line}"
        if column is not None:
            number = f" {column_number}" if column_number is not None else ""
            where += f": column{number} '{column}'"
        super().__init__(f"{where}: {message}")
