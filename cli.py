"""The ``amhe`` command: build, validate, export and question the AMHE knowledge graph.

Exit codes scripts can rely on: 0 success; 1 the graph does not conform to the shapes; 2 bad input (a
malformed source table, an unknown parameter value, a refused or malformed query, a missing or unreadable
file, broken shapes); 3 the query engine or a remote endpoint failed (unreachable, HTTP error, a wrong
answer, too slow, over its memory cap); 4 an unexpected internal error (a bug: one line, the traceback with
--debug); 130 interrupted (Ctrl-C). Errors go to stderr as one line; progress only on a terminal. What the
commands share (one-line errors, options, `amhe ask ID`) is in queries/commandline.py. The answering commands
import neither rdflib nor pyshacl unless the cached graph must be rebuilt: they open the cached store.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from .graph import EXPORT_FORMATS
from .queries.commandline import (
    AUDIT_STATUSES,
    LIMIT,
    VALUE_KINDS,
    AskGroup,
    OneLineErrors,
    answer_question,
    emit,
    endpoint_option,
    format_option,
    handle_errors,
    timeout_option,
)
from .queries.connect import engine_for, index_path, store_path
from .queries.engine import EMBEDDED_ENGINES
from .queries.progress import Working, progress
from .queries.render import FORMATS, for_people
from .queries.sandbox import DEFAULT_MEMORY_MB


@click.group(cls=OneLineErrors, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--data", type=click.Path(file_okay=False, path_type=Path), envvar="AMHE_DATA_DIR",
              help="Folder of source tables to build from (default: the bundled tables).")
@click.option("--debug", is_flag=True, help="On an internal error (exit 4), print the traceback.")
@click.version_option(package_name="amhe-graph")
@click.pass_context
def main(ctx: click.Context, data: Path | None, debug: bool = False) -> None:
    """The AMHE knowledge graph: Advancing Mental Health Equality (NCCMH, 2019) as linked data.

    Exit codes: 0 success, 1 does not conform, 2 bad input, 3 engine or endpoint failed,
    4 internal error (a bug), 130 interrupted."""
    ctx.obj = {"data": data, "debug": debug}


@main.command()
@click.option("--force", is_flag=True, help="Rebuild even when the cached graph is up to date.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
              help="Also write the built graph to this file (a regular file or a new path; - for stdout).")
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS), default="turtle", show_default=True,
              help="Format of --output.")
@click.pass_context
@handle_errors
def build(ctx: click.Context, force: bool, output: Path | None, fmt: str) -> None:
    """Load every source table, validate with SHACL and cache the graph."""
    from .graph.atomic import check_target
    from .graph.cache import fingerprint, store_dir
    from .graph.export import export
    from .graph.pipeline import built_graph

    to_stdout = str(output) == "-"
    if output is not None and not to_stdout:
        check_target(output)
    g, rebuilt = built_graph(ctx.obj["data"], force=force, progress=progress)
    click.echo(f"{'built' if rebuilt else 'up to date'}: {len(g)} triples, conforms to the shapes "
               f"({store_dir(fingerprint(ctx.obj['data'])).name})", err=to_stdout)
    if output is not None:
        export(g, fmt, output)
        if not to_stdout:
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
    from .graph import validate as shacl
    from .graph.build import build as build_graph
    from .queries.report import report_lines

    shapes_graph = shacl.load_shapes(shapes)  # a broken shapes file is reported before any build
    data = shacl.parse_rdf(file, "data") if file is not None else build_graph(ctx.obj["data"], progress)
    with Working("validating against the SHACL shapes"):
        report = shacl.validate(data, shapes_graph, check_shapes=shapes is not None,
                                shapes_source=f"the shapes in {shapes}")
    if fmt == "turtle":
        click.echo(report.results.serialize(format="turtle"))
    else:
        click.echo("\n".join(report_lines(report)))
    sys.exit(0 if report.conforms else 1)


@main.command()
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS), required=True, help="Serialisation.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True, path_type=Path), required=True,
              help="File to write (replaced atomically; only a regular file or a new path), or - for stdout.")
@click.pass_context
@handle_errors
def export(ctx: click.Context, fmt: str, output: Path) -> None:
    """Write the graph as sorted, deterministic Turtle, JSON-LD or N-Triples."""
    from .graph.atomic import check_target
    from .graph.export import export as write
    from .graph.pipeline import built_graph

    to_stdout = str(output) == "-"
    if not to_stdout:
        check_target(output)
    g, _ = built_graph(ctx.obj["data"], progress=progress)
    with Working(f"writing {fmt}"):
        size = write(g, fmt, output)
    click.echo(f"wrote {'standard output' if to_stdout else output} ({size} bytes, {len(g)} triples)",
               err=to_stdout)


@main.command()
@click.option("--tag", help="Only questions with this tag.")
@click.option("--format", "fmt", type=click.Choice(("table", "json")), default="table", show_default=True)
@handle_errors
def questions(tag: str | None, fmt: str) -> None:
    """List the canned questions."""
    from .queries import catalogue
    from .queries.answering import listing

    found = [q for q in catalogue().values() if tag is None or tag in q.tags]
    if fmt == "json" or found:
        click.echo(listing(found, fmt))


@main.group(cls=AskGroup)
def ask() -> None:
    """Answer a canned question (see `amhe questions`)."""


@main.command("values")
@click.argument("kind", type=click.Choice(VALUE_KINDS))
@format_option
@endpoint_option
@timeout_option
@click.pass_context
@handle_errors
def values_command(ctx: click.Context, kind: str, fmt: str, endpoint: str | None, timeout: float) -> None:
    """The values a KIND of parameter accepts: code, label, the other names the source prints for it and
    our everyday search names; any of them (or the IRI) may be given."""
    from .queries.params import values_answer
    from .queries.render import render, terminal_width

    engine = engine_for(ctx.obj["data"], endpoint, timeout)
    # IRIs stay IRIs in every format (in a table a label would only repeat the label column).
    click.echo(render(values_answer(engine, kind), fmt, {}, terminal_width()), nl=False, color=True)


@main.command()
@click.option("--status", default="all", show_default=True, type=click.Choice(AUDIT_STATUSES),
              help="Only findings with this status.")
@format_option
@click.pass_context
@handle_errors
def audit(ctx: click.Context, status: str, fmt: str) -> None:
    """The source audit: printed vs computed figures, inconsistencies, lost rows, uncited references,
    undefined abbreviations, each with its provenance."""
    from .queries import question

    answer_question(ctx, question("audit-findings"), {"status": status}, fmt, None)


@main.command()
@click.argument("query", required=False)
@click.option("-f", "--file", "file", type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
              help="Read the query from FILE (UTF-8; - for standard input).")
@format_option
@click.option("--limit", **LIMIT)
@endpoint_option
@timeout_option
@click.option("--memory", "memory_mb", type=click.IntRange(min=64, max=1024 * 1024), default=DEFAULT_MEMORY_MB,
              show_default=True, metavar="MB",
              help="Memory the query may take (beyond the command's own); a query needing more is stopped (exit 3).")
@click.option("--allow-remote", is_flag=True,
              help="Allow SERVICE and FROM/FROM NAMED (they make the engine fetch from elsewhere).")
@click.option("--engine", "engine_name", type=click.Choice(tuple(EMBEDDED_ENGINES)), default="oxigraph",
              show_default=True, help="Embedded engine (ignored with --endpoint).")
@click.pass_context
@handle_errors
def sparql(ctx: click.Context, query: str | None, file: Path | None, fmt: str, limit: int | None,
           endpoint: str | None, timeout: float, memory_mb: int, allow_remote: bool, engine_name: str) -> None:
    """Run a read-only SPARQL SELECT or ASK query: QUERY, -f FILE, or - for standard input.

    Updates and LOAD are refused; so are SERVICE and FROM unless --allow-remote, and queries longer
    than 65,536 characters or nested more than 20 brackets deep. The --timeout deadline covers
    checking, parsing and answering.
    """
    from .queries.query_input import read_query
    from .queries.sandbox import check_with_deadline, run_with_deadline

    text = read_query(query, file)
    if text is None:
        raise click.UsageError("give a QUERY, -f FILE, or - to read standard input")
    if endpoint:
        left = check_with_deadline(text, timeout, allow_remote, memory_mb)
        if left <= 0:
            from .graph.errors import EngineError

            raise EngineError(f"the query did not finish within {timeout:g} s and was stopped")
        engine = engine_for(ctx.obj["data"], endpoint, left)
        answer = engine.select(text)
    else:
        store = store_path(ctx.obj["data"])
        answer = run_with_deadline(engine_name, store, text, timeout, allow_remote, memory_mb)
        from .queries.engine import OxigraphEngine

        engine = OxigraphEngine(store)
    emit(engine, answer, fmt, limit)


@main.command()
@click.argument("term")
@click.option("--format", "fmt", type=click.Choice((*FORMATS, "json-ld")), default="table", show_default=True,
              help="table/markdown show labels; csv/json (SPARQL results) show IRIs; json-ld is the entity "
                   "framed with the published context, the entities it links to nested.")
@endpoint_option
@timeout_option
@click.pass_context
@handle_errors
def describe(ctx: click.Context, term: str, fmt: str, endpoint: str | None, timeout: float) -> None:
    """Everything the graph says about one entity, found by label, code, abbreviation or IRI."""
    from .queries.describe import choose
    from .queries.describe import describe as describe_entity

    engine = engine_for(ctx.obj["data"], endpoint, timeout)
    iri, shared = choose(engine, term)
    if shared:  # a name several entities share: say which one this is, and how to reach the others
        click.echo(f"{term!r} names {len(shared)} entities; describing <{iri}>, the others by IRI:", err=True)
        for candidate in shared:
            click.echo(f"  {'*' if candidate.iri == iri else ' '} {candidate.line()}", err=True)
    if fmt == "json-ld":
        import json

        from .queries.describe import framed

        click.echo(json.dumps(framed(engine, iri), indent=1, ensure_ascii=False))
        return
    emit(engine, describe_entity(engine, iri), fmt)


def _search_kinds() -> tuple[str, ...]:
    from .graph.search_index import KIND_NAMES

    return KIND_NAMES


@main.command()
@click.argument("text")
@click.option("--kind", "kinds", multiple=True, type=click.Choice(_search_kinds()),
              help="Only entities of this kind (repeat for several).")
@click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True, help="At most this many hits.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
              help="table/markdown: kind, label, section, snippet; csv/json (SPARQL results): rank and IRI too.")
@click.pass_context
@handle_errors
def search(ctx: click.Context, text: str, kinds: tuple[str, ...], limit: int, fmt: str) -> None:
    """Find entities of every kind by words: one list, best first, each with its kind, label, the
    section it comes from and a snippet showing why it matched.

    Word forms ("incomes" finds "income"), case and accents do not matter; an entity whose name is
    exactly TEXT comes first. When no entity has every word, entities with any of them are listed
    (said on stderr). No hit is not an error: exit 0, a note on stderr, and an empty table.
    """
    from .graph.cache import fingerprint, triples_file
    from .queries.search import marks_for, rendered, search_store

    path = index_path(ctx.obj["data"])  # builds the graph, its store and its index first if an input changed
    marks = marks_for(fmt)
    result = search_store(triples_file(fingerprint(ctx.obj["data"])), path, text, kinds, limit, marks, progress)
    if not result.hits:
        click.echo(f"no entity matches {text!r}", err=True)
    elif not result.every_word:
        click.echo(f"no entity has every word of {text!r}; these have some of them", err=True)
    click.echo(rendered(result, fmt), nl=False, color=True)


@main.command()
@format_option
@click.option("--html", "html", type=click.Path(dir_okay=False, path_type=Path), metavar="FILE",
              help="Write the map as one self-contained, interactive HTML page instead (no request when viewed).")
@click.option("--few", type=click.IntRange(min=0, max=1000), default=1, show_default=True,
              help="With --html: a protected group's cell with at most this many interventions is a duty-relevant gap.")
@endpoint_option
@timeout_option
@click.pass_context
@handle_errors
def gapmap(ctx: click.Context, fmt: str, html: Path | None, few: int, endpoint: str | None, timeout: float) -> None:
    """The evidence gap map: population characteristics (Table 3) by intervention types (Table 2), each
    cell the number of Table 5 interventions; 0 is a gap. On a colour terminal the table is shaded;
    --html FILE writes the picture: subtypes, studies, printed totals and the audit, duty-relevant gaps."""
    from .queries.gapmap import gap_map, shaded, summary

    engine = engine_for(ctx.obj["data"], endpoint, timeout)
    if html is not None:
        from .queries.gapmap_html import write_map

        if html.exists() and not html.is_file():
            raise click.BadParameter(f"{html} exists and is not a regular file", param_hint="--html")
        size = write_map(engine, html, few=few, generated_from=endpoint or "the bundled graph")
        click.echo(f"wrote {html} ({size // 1024} KB)", err=True)
        return
    grid = gap_map(engine)
    if fmt == "table" and sys.stdout.isatty() and not os.environ.get("NO_COLOR"):
        click.echo(shaded(grid, engine.labels(row[1].value for row in grid.rows)), nl=False)
    else:
        emit(engine, grid, fmt)
    if for_people(fmt):
        click.echo(summary(grid))


@main.command()
@click.argument("population")
@click.option("--format", "fmt", type=click.Choice(("text", "json", "markdown")), default="text",
              show_default=True)
@endpoint_option
@timeout_option
@click.pass_context
@handle_errors
def profile(ctx: click.Context, population: str, fmt: str, endpoint: str | None, timeout: float) -> None:
    """What the graph knows for a POPULATION: legal protection, interventions and their studies,
    services, NICE guidance, barriers and solutions, lived-experience examples, evidence gaps."""
    from .queries import Parameter
    from .queries.params import understood_line
    from .queries.profile import build_profile, render_profile
    from .queries.render import terminal_width

    engine = engine_for(ctx.obj["data"], endpoint, timeout)
    built = build_profile(engine, population)
    asked = Parameter("population", "population", population, population, "the profile's population")
    click.echo(understood_line(engine, asked, built["population"], population, expands=True), err=True)
    click.echo(render_profile(built, fmt, terminal_width()), nl=False, color=True)


@main.command()
@click.option("--endpoint", required=True, metavar="URL",
              help="SPARQL 1.1 Graph Store HTTP Protocol endpoint (e.g. http://127.0.0.1:7878/store).")
@click.option("--graph", "graph_iri", metavar="IRI", help="Named graph to replace (default: the default graph).")
@timeout_option
@click.pass_context
@handle_errors
def publish(ctx: click.Context, endpoint: str, graph_iri: str | None, timeout: float) -> None:
    """Upload the built graph to a triple store through the Graph Store HTTP Protocol (replaces the graph)."""
    from .graph.cache import fingerprint, triples_file
    from .graph.publish import put_graph

    store_path(ctx.obj["data"])
    path = triples_file(fingerprint(ctx.obj["data"]))
    data = path.read_bytes()
    status = put_graph(endpoint, data, graph_iri, timeout,
                       progress=lambda sent: progress(f"uploading {len(data)} bytes", sent, len(data)))
    click.echo(f"published to {endpoint} ({'graph ' + graph_iri if graph_iri else 'default graph'}): HTTP {status}")


@main.command()
@click.option("--out", "out", type=click.Path(file_okay=False, path_type=Path), required=True, metavar="DIR",
              help="Folder to write the site into (created; replaced whole only if `amhe site` wrote it).")
@click.option("--force", is_flag=True, help="Replace DIR even if it holds files `amhe site` did not write.")
@click.option("--base-path", default="/", show_default=True, metavar="PATH",
              help="URL path the site is served under (for the .htaccess rewrite rules).")
@click.pass_context
@handle_errors
def site(ctx: click.Context, out: Path, force: bool, base_path: str) -> None:
    """Write the static linked-data edition: a page and Turtle/JSON-LD twins per entity, the gap map, the
    questions with their answers, population profiles, the ontology, downloads, VoID, sitemap, .htaccess."""
    from .graph.pipeline import built_graph
    from .queries.site import SiteError, build_site

    g, _ = built_graph(ctx.obj["data"], progress=progress)
    engine = engine_for(ctx.obj["data"])
    try:
        report = build_site(g, engine, out, force=force, base_path=base_path, progress=progress)
    except SiteError as exc:
        raise click.BadParameter(str(exc), param_hint="--out") from None
    click.echo(f"wrote {report.out}: {report.pages} pages, {report.files} files, {report.bytes // 1024} KB in "
               f"{report.seconds:.1f} s (largest page {report.largest[1]}, {report.largest[0] // 1024} KB)", err=True)


if __name__ == "__main__":  # pragma: no cover
    main()
