"""The catalogue of canned questions: one SPARQL file each, described by a header.

A question file starts with grlc-style ``#+`` decorator lines::

    #+ id: interventions-for-population
    #+ title: Interventions for a population
    #+ description: What the question answers, in one or two sentences.
    #+ param: population | type=population | default=Low SES | example=Low SES | Help text.
    #+ tags: interventions, populations
    #+ page: 100 intervention

Each parameter names a variable of the query (``?population``) that is bound as an RDF
term through ``initBindings``; no user value is ever pasted into query text.

A question whose answer lists entities that grow with the data is paged: ``#+ page: N VAR``
says it answers N of its ``?VAR`` entities at a time, chosen by a driving subquery that ends
with the line ``LIMIT N OFFSET 0`` and orders them by integer keys (Oxigraph sorts those
without decoding strings). The runner rewrites that one line for another page, or drops it for
every row.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import NamedTuple

QUERY_DIR = Path(__file__).resolve().parent
PARAM_TYPES = ("population", "intervention-type", "place", "organisation", "string", "integer")
_DECORATOR = re.compile(r"^#\+\s*([a-z]+)\s*:\s*(.*?)\s*$")
_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
PAGE_LINE = re.compile(r"^[ \t]*LIMIT (\d+) OFFSET 0[ \t]*$", re.MULTILINE)


class CatalogueError(Exception):
    """A question file's header is malformed."""


class Parameter(NamedTuple):
    name: str
    type: str
    default: str
    example: str
    help: str


class Question(NamedTuple):
    id: str
    title: str
    description: str
    path: Path
    text: str
    parameters: tuple[Parameter, ...] = ()
    tags: tuple[str, ...] = ()
    page: Page | None = None


class Page(NamedTuple):
    """How a paged question pages: ``size`` entities of ``?variable`` at a time."""

    size: int
    variable: str


def _parameter(path: Path, value: str) -> Parameter:
    parts = [p.strip() for p in value.split("|")]
    name, options, help_text = parts[0], {}, ""
    for part in parts[1:]:
        key, eq, val = part.partition("=")
        if eq and key.strip() in ("type", "default", "example"):
            options[key.strip()] = val.strip()
        else:
            help_text = part
    if not re.match(r"^[a-z][a-z0-9_]*$", name):
        raise CatalogueError(f"{path.name}: parameter name {name!r} must be a lowercase SPARQL variable name")
    ptype = options.get("type", "string")
    if ptype not in PARAM_TYPES:
        raise CatalogueError(f"{path.name}: parameter {name} has unknown type {ptype!r}")
    if "default" not in options or "example" not in options or not help_text:
        raise CatalogueError(f"{path.name}: parameter {name} needs a default, an example and help text")
    return Parameter(name, ptype, options["default"], options["example"], help_text)


def parse_question(path: Path) -> Question:
    text = path.read_text(encoding="utf-8")
    meta: dict[str, str] = {}
    params: list[Parameter] = []
    for line in text.splitlines():
        match = _DECORATOR.match(line)
        if not match:
            continue
        key, value = match.groups()
        if key == "param":
            params.append(_parameter(path, value))
        else:
            meta[key] = value
    for key in ("id", "title", "description", "tags"):
        if not meta.get(key):
            raise CatalogueError(f"{path.name}: header lacks '#+ {key}:'")
    if meta["id"] != path.stem or not _ID.match(meta["id"]):
        raise CatalogueError(f"{path.name}: id {meta['id']!r} must be a slug equal to the file name")
    for p in params:
        if not re.search(rf"\?{p.name}\b", text):
            raise CatalogueError(f"{path.name}: parameter {p.name} is not a variable of the query")
    tags = tuple(t.strip() for t in meta["tags"].split(",") if t.strip())
    return Question(meta["id"], meta["title"], meta["description"], path, text, tuple(params), tags,
                    _page(path, meta.get("page"), text))


def _page(path: Path, value: str | None, text: str) -> Page | None:
    lines = PAGE_LINE.findall(text)
    if value is None:
        if lines:
            raise CatalogueError(f"{path.name}: has a 'LIMIT n OFFSET 0' line but no '#+ page:' header")
        return None
    match = re.fullmatch(r"([1-9][0-9]*)\s+([a-z][A-Za-z0-9_]*)", value)
    if not match:
        raise CatalogueError(f"{path.name}: '#+ page:' must be a page size and a variable, e.g. '100 intervention'")
    size, variable = int(match.group(1)), match.group(2)
    if lines != [str(size)]:
        raise CatalogueError(f"{path.name}: a paged question needs exactly one line 'LIMIT {size} OFFSET 0' "
                             "closing its driving subquery")
    body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    projection = re.split(r"\bWHERE\b", body, maxsplit=1, flags=re.IGNORECASE)[0]
    if not re.search(rf"\?{variable}\b", projection):
        raise CatalogueError(f"{path.name}: page variable {variable} is not projected by the query")
    return Page(size, variable)


def catalogue() -> dict[str, Question]:
    """Every question in ``queries/``, by id."""
    return {q.id: q for q in (parse_question(p) for p in sorted(QUERY_DIR.glob("*.rq")))}


def question_ids() -> list[str]:
    return sorted(p.stem for p in QUERY_DIR.glob("*.rq"))


def question(question_id: str) -> Question | None:
    """One question, parsing only its own file (the answering path needs no more)."""
    if not _ID.match(question_id):
        return None
    path = QUERY_DIR / f"{question_id}.rq"
    return parse_question(path) if path.is_file() else None
