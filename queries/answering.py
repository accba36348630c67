"""What a person is told around a canned question's rows, on stderr: what each value was understood
as (before the rows) and, after a full page, how to see the next."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from . import Question
from .engine import Engine
from .terms import Answer, Term


def understood(engine: Engine, asked: Question, terms: Mapping[str, Term],
               values: Mapping[str, str | None]) -> Iterator[str]:
    """One line per population, intervention type, place, organisation or Act parameter saying what its
    value was taken to mean (yielded one by one, so each is shown before the next is looked up)."""
    from .params import KIND_PATTERNS, understood_line

    expands = "skos:broader*" in asked.text
    for p in asked.parameters:
        if p.type in KIND_PATTERNS:
            given = values.get(p.name)
            yield understood_line(engine, p, terms[p.name], p.default if given is None else given, expands)


def next_page(asked: Question, answer: Answer, page: int | None, page_size: int | None) -> str | None:
    """After a full page of a paged question, how to ask for the next page or every row; else None."""
    if asked.page is None or page is None:
        return None
    size = page_size or asked.page.size
    shown = len({row[answer.vars.index(asked.page.variable)] for row in answer.rows})
    if shown != size:
        return None
    return f"page {page} ({size} {asked.page.variable}s a page): --page {page + 1} for the next, --all for every row"


def listing(found: list[Question], fmt: str) -> str:
    """The catalogue of ``found`` questions: JSON, or two lines a question (id and options; title and tags)."""
    if fmt == "json":
        import json

        return json.dumps([{
            "id": q.id, "title": q.title, "description": q.description, "tags": list(q.tags),
            "parameters": [p._asdict() for p in q.parameters],
            "page": q.page._asdict() if q.page else None,
        } for q in found], indent=1)
    lines: list[str] = []
    for q in found:
        params = " ".join(f"--{p.name.replace('_', '-')} {p.type.upper()}" for p in q.parameters)
        lines += [f"{q.id}  {params}".rstrip(), f"    {q.title}  [{', '.join(q.tags)}]"]
    return "\n".join(lines)
