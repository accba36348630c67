"""UTF-8 text from bytes, read the same way for source tables and for queries: a byte order mark is
dropped, and a byte that is not UTF-8 is named by its line and its byte within that line."""

from __future__ import annotations

BOM = b"\xef\xbb\xbf"


class NotUTF8(ValueError):
    """Bytes that are not UTF-8: ``line`` (from 1), ``column`` (the byte of that line, from 1), ``reason``."""

    def __init__(self, line: int, column: int, reason: str) -> None:
        self.line, self.column, self.reason = line, column, reason
        super().__init__(f"invalid UTF-8 at line {line}, byte {column} of the line ({reason})")


def decode(raw: bytes) -> str:
    """``raw`` as text, without a leading byte order mark; NotUTF8 names where it is not UTF-8."""
    if raw.startswith(BOM):
        raw = raw[len(BOM):]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise NotUTF8(line, column, exc.reason) from None
