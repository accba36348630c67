"""The ``amhe`` command: build, validate, export and question the AMHE knowledge graph.

Exit codes scripts can rely on: 0 success; 1 the graph does not conform to the shapes;
2 bad input (a malformed source table, an unknown parameter value, a missing or unreadable
file, broken shapes). Errors go to stderr; progress goes to stderr only on a terminal.
"""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

FORMATS = ("table", "csv", "json", "markdown")
EXPORT_FORMATS = ("turtle", "json-ld", "nt")


def _progress(message: str) -> None:
    if sys.stderr.isatty():
        click.echo(f"… {message}", err=True)


def _fail(message: str, code: int) -> None:
    click.echo(f"error: {message}", err=True)
    sys.exit(code)


def _print_report(report: Any, stream_err: bool = False) -> None:
    from .queries.render import label

    grouped = report.by_shape()
    head = (f"does not conform: {len(report.violations)} violation(s) in {len(grouped)} shape(s)"
            if not report.conforms else "conforms")
    click.echo(head, err=stream_err)
    for shape, violations in grouped.items():
        click.echo(f"\n{label(None, _iri(shape))} ({len(violations)})", err=stream_err)
        for v in violations:
            path = label(None, _iri(v.path)) if v.path else "(node)"
            component = v.component.rsplit("#", 1)[-1].removesuffix("ConstraintComponent")
            click.echo(f"  {v.focus}\n    {path}  {component}: {v.message}", err=stream_err)


def _iri(text: str) -> Any:
    from rdflib import URIRef

    return URIRef(text)


def handle_errors(func: Callable[..., Any]) -> Callable[..., Any]:
    """Map the pipeline's exceptions onto exit codes, with one clear line on stderr."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from .graph.pipeline import NotConforming
        from .graph.validate import ValidationSetupError
        from .loaders.tables import SourceError
        from .queries import CatalogueError
        from .queries.params import UnknownValue

        try:
            return func(*args, **kwargs)
        except SourceError as exc:
            _fail(str(exc), 2)
        except NotConforming as exc:
            _print_report(exc.report, stream_err=True)
            _fail(str(exc), 1)
        except (ValidationSetupError, CatalogueError, UnknownValue) as exc:
            _fail(str(exc), 2)
        except ValueError as exc:
            _fail(str(exc), 2)
        except OSError as exc:
            _fail(f"{exc.filename or ''}: {exc.strerror or exc}", 2)

    return wrapper


def _graph(ctx: click.Context) -> Any:
    from .graph.pipeline import built_graph

    g, rebuilt = built_graph(ctx.obj["data"], progress=_progress)
    if rebuilt:
        _progress("graph built, validated and cached")
    return g


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--data", type=click.Path(file_okay=False, path_type=Path), envvar="AMHE_DATA_DIR",
              help="Folder of source tables to build from (default: the bundled tables).")
@click.version_option(package_name="amhe-graph")
@click.pass_context
def main(ctx: click.Context, data: Path | None) -> None:
    """The AMHE knowledge graph: Advancing Mental Health Equality (NCCMH, 2019) as linked data."""
    ctx.obj = {"data": data}


@main.command()
@click.option("--force", is_flag=True, help="Rebuild even when the cached graph is up to date.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the built graph to this file.")
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS), default="turtle", show_default=True,
              help="Format of --output.")
@click.pass_context
@handle_errors
def build(ctx: click.Context, force: bool, output: Path | None, fmt: str) -> None:
    """Load every source table, validate with SHACL and cache the graph."""
    from .graph import store
    from .graph.export import export
    from .graph.pipeline import built_graph

    g, rebuilt = built_graph(ctx.obj["data"], force=force, progress=_progress)
    where = store.cached_file(store.fingerprint(ctx.obj["data"]))
    click.echo(f"{'built' if rebuilt else 'up to date'}: {len(g)} triples, conforms to the shapes ({where.name})")
    if output is not None:
        export(g, fmt, output)
        click.echo(f"wrote {output}")


@main.command()
@click.argument("file", required=False, type=click.Path(path_type=Path))
@click.option("--shapes", type=click.Path(path_type=Path), help="Shapes file (default: the bundled shapes).")
@click.option("--format", "fmt", type=click.Choice(("text", "turtle")), default="text", show_default=True,
              help="text: report grouped by shape; turtle: the raw SHACL validation report.")
@click.pass_context
@handle_errors
def validate(ctx: click.Context, file: Path | None, shapes: Path | None, fmt: str) -> None:
    """Validate FILE (default: a fresh build of the source tables) against the SHACL shapes.

    Exit 0 when it conforms, 1 when it does not, 2 when it could not be validated.
    """
    from .graph.build import build as build_graph
    from .graph.validate import load_shapes, parse_rdf
    from .graph.validate import validate as run_validation

    shapes_graph = load_shapes(shapes)
    data = parse_rdf(file, "data") if file is not None else build_graph(ctx.obj["data"], _progress)
    _progress("validating against the SHACL shapes")
    report = run_validation(data, shapes_graph, check_shapes=shapes is not None)
    if fmt == "turtle":
        click.echo(report.results.serialize(format="turtle"))
    else:
        _print_report(report)
    sys.exit(0 if report.conforms else 1)


@main.command()
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS), required=True, help="Serialisation.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="File to write (replaced atomically).")
@click.pass_context
@handle_errors
def export(ctx: click.Context, fmt: str, output: Path) -> None:
    """Write the graph as sorted, deterministic Turtle, JSON-LD or N-Triples."""
    from .graph.export import export as write

    g = _graph(ctx)
    _progress(f"writing {fmt}")
    size = write(g, fmt, output)
    click.echo(f"wrote {output} ({size} bytes, {len(g)} triples)")


@main.command()
@click.option("--tag", help="Only questions with this tag.")
@click.option("--format", "fmt", type=click.Choice(("table", "json")), default="table", show_default=True)
@handle_errors
def questions(tag: str | None, fmt: str) -> None:
    """List the canned questions."""
    from .queries import catalogue

    found = [q for q in catalogue().values() if tag is None or tag in q.tags]
    if fmt == "json":
        click.echo(json.dumps([{
            "id": q.id, "title": q.title, "description": q.description, "tags": list(q.tags),
            "parameters": [vars(p) for p in q.parameters],
        } for q in found], indent=1))
        return
    for q in found:
        params = " ".join(f"--{p.name.replace('_', '-')} {p.type.upper()}" for p in q.parameters)
        click.echo(f"{q.id}  {params}".rstrip())
        click.echo(f"    {q.title}  [{', '.join(q.tags)}]")


def _answer(ctx: click.Context, question_id: str, values: dict[str, str | None], fmt: str,
            limit: int | None) -> None:
    from .queries import catalogue
    from .queries.render import render
    from .queries.run import run

    question = catalogue()[question_id]
    g = _graph(ctx)
    click.echo(render(run(g, question, values), fmt, g, limit), nl=False)


class AskGroup(click.Group):
    """``amhe ask ID``: one subcommand per question, its parameters as options."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        from .queries import catalogue

        return sorted(catalogue())

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        from .queries import catalogue

        question = catalogue().get(name)
        if question is None:
            return None
        params: list[click.Parameter] = [
            click.Option([f"--{p.name.replace('_', '-')}", p.name], default=None, metavar=p.type.upper(),
                         help=f"{p.help} [default: {p.default}; example: {p.example}]")
            for p in question.parameters
        ]
        params += [
            click.Option(["--format", "fmt"], type=click.Choice(FORMATS), default="table", show_default=True,
                         help="table/markdown show labels; csv/json (SPARQL results) show IRIs."),
            click.Option(["--limit"], type=click.IntRange(min=0), help="At most this many rows."),
        ]

        @click.pass_context
        @handle_errors
        def callback(ctx: click.Context, fmt: str, limit: int | None, **values: str | None) -> None:
            _answer(ctx, name, values, fmt, limit)

        return click.Command(name, params=params, callback=callback, help=question.description,
                             short_help=question.title)


@main.group(cls=AskGroup)
def ask() -> None:
    """Answer a canned question (see `amhe questions`)."""


@main.command()
@click.option("--status", default="all", show_default=True,
              type=click.Choice(("all", "matches", "missing-rows", "source-inconsistency", "extraction-loss",
                                 "ambiguity", "typo", "uncited-reference", "undefined-abbreviation", "unexplained")),
              help="Only findings with this status.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
@click.pass_context
@handle_errors
def audit(ctx: click.Context, status: str, fmt: str) -> None:
    """Reconcile the figures the source prints with what the graph computes."""
    _answer(ctx, "audit-findings", {"status": status}, fmt, None)


if __name__ == "__main__":  # pragma: no cover
    main()
