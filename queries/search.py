"""`amhe search`: one ranked list of entities of every kind, from the full-text index beside the store.

The index (``graph/search_index.py``) is an SQLite FTS5 table; reading it needs only ``sqlite3``.
The user's words never become FTS5 syntax: each whitespace-separated chunk is quoted as an FTS5
string (its double quotes doubled), so quotes, ``*``, ``NEAR``, ``AND``/``OR``, column filters and
parentheses are searched for as text, never obeyed. An entity whose name is exactly the text comes
first; the rest follow by BM25 (label, then other names, then text). When no entity has every word,
entities with any of them are returned, and the caller says so.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import NamedTuple

from ..graph.errors import BadInput
from ..graph.search_index import KIND_NAMES, SCHEMA_VERSION, TOKENIZER, name_key
from ..loaders.names import FUNCTION_WORDS
from ..loaders.names import name_key as word_key
from .engine import EngineError
from .render import for_people
from .terms import Answer, integer, literal, uri

__all__ = ["KIND_NAMES", "Hit", "SearchIndexError", "Result", "marks_for", "match_expression", "rendered", "search",
           "suggest"]

# How a snippet marks the words that matched: brackets in text, CSV and JSON; in Markdown two control
# characters, which the rendering turns into bold around the escaped words (data text never holds them:
# escape_markdown shows a control character as its code point, so none can pass for a mark).
BRACKETS = ("[", "]")
MARKDOWN_MARKS = ("\x02", "\x03")


def marks_for(fmt: str) -> tuple[str, str]:
    return MARKDOWN_MARKS if fmt == "markdown" else BRACKETS


class SearchIndexError(EngineError):
    """The index cannot be read (missing, not an SQLite database, or of another version)."""


class Hit(NamedTuple):
    iri: str
    kind: str
    label: str
    section: str
    snippet: str
    score: float | None  # BM25, higher is better; None for a hit whose name is exactly the text
    exact: bool


class Result(NamedTuple):
    hits: list[Hit]
    every_word: bool  # False when no entity had every word and these have any of them


def chunks(text: str) -> list[str]:
    """The searchable pieces of ``text``: whitespace-separated chunks that hold a letter or digit."""
    return [chunk for chunk in text.split() if any(ch.isalnum() for ch in chunk)]


def content_chunks(text: str) -> list[str]:
    """The chunks of ``text`` less the function words, or every chunk when nothing else is left ('the other'): the
    ranked search leaves them out (the exact-name match keeps them), so that 'stop and search' does not fall
    back to every entity that says 'and'."""
    every = chunks(text)
    return [c for c in every if word_key(c) not in FUNCTION_WORDS] or every


def match_expression(text: str, any_word: bool = False) -> str:
    """An FTS5 MATCH expression for ``text``: every chunk a quoted FTS5 string, joined by AND or OR.

    A chunk such as ``co-production`` stays one string, which the tokenizer reads as a phrase."""
    quoted = ['"' + chunk.replace('"', '""') + '"' for chunk in content_chunks(text)]
    return (" OR " if any_word else " ").join(quoted)


def connect(path: Path) -> sqlite3.Connection:
    """Open the index read-only; :class:`SearchIndexError` when it is missing or unreadable."""
    path = Path(path)
    if not path.is_file():
        raise SearchIndexError(f"{path}: the search index is missing")
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        row = connection.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
    except sqlite3.Error as exc:
        raise SearchIndexError(f"{path}: the search index cannot be read ({exc})") from None
    if row is None or row[0] != SCHEMA_VERSION:
        connection.close()
        raise SearchIndexError(f"{path}: the search index is of another version")
    return connection


def _exact(connection: sqlite3.Connection, key: str, kinds: Sequence[str], limit: int,
           marks: tuple[str, str]) -> list[Hit]:
    """Entries with a name that is exactly ``key``: shown name before other names, then the one with least
    text (the organisation "Black Thrive" before the service of that name), then index order."""
    where = "key = ?" + (f" AND kind IN ({', '.join('?' * len(kinds))})" if kinds else "")
    found = connection.execute(f"SELECT id, name FROM name WHERE {where} ORDER BY is_label DESC, size, id LIMIT ?",
                               [key, *kinds, limit]).fetchall()
    hits = []
    for rowid, name in found:
        iri, kind, label, section = connection.execute(
            "SELECT iri, kind, label, section FROM entry WHERE rowid = ?", (rowid,)).fetchone()
        hits.append(Hit(iri, kind, label, section, f"{marks[0]}{name}{marks[1]}", None, True))
    return hits


def _ranked(connection: sqlite3.Connection, expression: str, kinds: Sequence[str], limit: int,
            marks: tuple[str, str]) -> list[Hit]:
    """The best ``limit`` entries for an FTS5 expression: those it matches by their names first, ranked by
    BM25 over the names alone (table ``title``), then those it matches by their text, by BM25 over
    everything (FTS5 sorts each itself: ORDER BY rank)."""
    kind_filter = f" AND kind IN ({', '.join('?' * len(kinds))})" if kinds else ""
    by_name = (f"SELECT e.iri, e.kind, e.label, e.section, snippet(title, -1, ?, ?, '…', 12), title.rank "
               f"FROM title JOIN entry AS e ON e.rowid = title.rowid WHERE title MATCH ?{kind_filter} "
               "ORDER BY title.rank LIMIT ?")
    hits = [Hit(iri, kind, label, section, snippet, -score, False)
            for iri, kind, label, section, snippet, score in
            connection.execute(by_name, [*marks, expression, *kinds, limit]).fetchall()]
    if len(hits) < limit:
        seen = {hit.iri for hit in hits}
        by_text = (f"SELECT iri, kind, label, section, snippet(entry, -1, ?, ?, '…', 12), rank FROM entry "
                   f"WHERE entry MATCH ?{kind_filter} ORDER BY rank LIMIT ?")
        rows = connection.execute(by_text, [*marks, expression, *kinds, limit + len(hits)]).fetchall()
        hits += [Hit(iri, kind, label, section, snippet, -score, False)
                 for iri, kind, label, section, snippet, score in rows if iri not in seen][:limit - len(hits)]
    return hits


def search(path: Path, text: str, kinds: Iterable[str] = (), limit: int = 20,
           marks: tuple[str, str] = ("[", "]")) -> Result:
    """The best ``limit`` entities for ``text``, of ``kinds`` (every kind when empty).

    ``marks`` open and close each matched word in the snippets. ValueError when ``text`` holds no word."""
    if not chunks(text):
        raise BadInput(f"nothing to search for in {text!r}: give at least one word or number")
    kinds = sorted(set(kinds))
    unknown = sorted(set(kinds) - set(KIND_NAMES))
    if unknown:
        raise BadInput(f"unknown kind {unknown[0]!r}; the kinds are {', '.join(KIND_NAMES)}")
    connection = connect(path)
    try:
        try:
            exact = _exact(connection, name_key(text), kinds, limit, marks)
            for any_word in (False, True):
                ranked = _ranked(connection, match_expression(text, any_word), kinds, limit + len(exact), marks)
                seen = {hit.iri for hit in exact}
                hits = (exact + [hit for hit in ranked if hit.iri not in seen])[:limit]
                if hits or any_word or len(content_chunks(text)) == 1:
                    return Result(hits, not any_word)
        except sqlite3.Error as exc:  # a damaged index; user text cannot cause this (it is quoted)
            raise SearchIndexError(f"{path}: the search index cannot be read ({exc})") from None
    finally:
        connection.close()
    return Result([], True)  # pragma: no cover (the loop always returns)


def answer(result: Result, fmt: str) -> Answer:
    """The hits as an answer: labels for people (table, markdown), ranks and IRIs for machines (csv, json)."""
    if for_people(fmt):
        return Answer(["kind", "label", "section", "why it matched"],
                      [(literal(h.kind), literal(h.label), literal(h.section), literal(h.snippet))
                       for h in result.hits])
    return Answer(["rank", "entity", "kind", "label", "section", "snippet"],
                  [(integer(i), uri(h.iri), literal(h.kind), literal(h.label), literal(h.section), literal(h.snippet))
                   for i, h in enumerate(result.hits, start=1)])


def rendered(result: Result, fmt: str) -> str:
    """The hits as ``fmt`` prints them. In Markdown every cell is escaped as all data text is, and then the
    words that matched (marked with :data:`MARKDOWN_MARKS`) are set in bold: the escaping must not
    swallow the highlight, and the highlight must not let the data's own asterisks through."""
    from .render import escape_markdown, render

    if fmt != "markdown":
        return render(answer(result, fmt), fmt)
    opening, closing = MARKDOWN_MARKS

    def snippet(text: str) -> str:
        out, bold = [], False
        for piece in re.split(f"({re.escape(opening)}|{re.escape(closing)})", text):
            if piece in (opening, closing):
                if (piece == opening) != bold:
                    out.append("**")
                    bold = not bold
            else:
                out.append(escape_markdown(piece))
        return "".join(out) + ("**" if bold else "")

    lines = ["| kind | label | section | why it matched |", "|---|---|---|---|"]
    lines += [f"| {escape_markdown(h.kind)} | {escape_markdown(h.label)} | {escape_markdown(h.section)} | "
              f"{snippet(h.snippet)} |" for h in result.hits]
    return "\n".join(lines) + "\n"


def search_store(triples: Path, path: Path, text: str, kinds: Iterable[str], limit: int, marks: tuple[str, str],
                 progress: Callable[[str], None]) -> Result:
    """:func:`search` in the index ``path``; an index damaged or removed since the check is built again,
    once, from ``triples`` (the cached graph's N-Triples, which the build indexed)."""
    try:
        return search(path, text, kinds, limit, marks)
    except SearchIndexError as exc:
        from ..graph.search_index import write

        progress(f"{exc}; indexing the graph again")
        write(triples.read_bytes(), path)
        return search(path, text, kinds, limit, marks)


# -- suggestions for a parameter value that matched no name ------------------------------------------

def suggest(path: Path | None, kinds: Sequence[str], text: str, names: dict[str, str] | None = None,
            n: int = 4) -> list[str]:
    """Up to ``n`` labels of entities of ``kinds`` sharing words with ``text``, best first.

    From the search index at ``path`` when there is one (the embedded store's); otherwise (a remote
    endpoint) from an index built in memory over ``names`` ({IRI: label}), with the same tokenizer,
    so word forms, case and accents match alike either way. Never raises: no suggestion is better
    than an error in the middle of reporting one."""
    if not chunks(text):
        return []
    try:
        if path is not None and Path(path).is_file():
            return [hit.label for hit in search(path, text, kinds, n).hits]
        return _suggest_from(names or {}, text, n)
    except (SearchIndexError, ValueError, sqlite3.Error):
        return []


def _suggest_from(names: dict[str, str], text: str, n: int) -> list[str]:
    connection = sqlite3.connect(":memory:")
    try:
        connection.execute(f"CREATE VIRTUAL TABLE entry USING fts5(label, tokenize = '{TOKENIZER}')")
        labels = sorted(set(names.values()))
        connection.executemany("INSERT INTO entry(label) VALUES (?)", [(label,) for label in labels])
        for any_word in (False, True):
            rows = connection.execute("SELECT label FROM entry WHERE entry MATCH ? ORDER BY rank LIMIT ?",
                                      (match_expression(text, any_word), n)).fetchall()
            if rows:
                return [label for (label,) in rows]
        return []
    finally:
        connection.close()


def index_for_store(store: Path) -> Path:
    """The search index built with a cached store (``store-KEY`` -> ``search-KEY.sqlite`` beside it)."""
    store = Path(store)
    return store.parent / f"search-{store.name.removeprefix('store-')}.sqlite"
