"""What every `amhe` command shares on the command line: one-line errors and their exit codes, the
--format/--limit/--endpoint/--timeout options, a deadline type, printing an answer, and `amhe ask ID`
(one subcommand per canned question). cli.py keeps the commands themselves."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from typing import Any

import click

from ..graph.errors import NotConforming
from .connect import engine_for
from .failures import INTERNAL_ERROR, INTERRUPTED, classify, internal_error
from .render import FORMATS, for_people, printable

# The parameter kinds `amhe values` lists, in the order --help shows them (queries.params.KIND_PATTERNS has each).
VALUE_KINDS = ("population", "intervention-type", "organisation", "place", "act")
AUDIT_STATUSES = ("all", "matches", "explained", "partly-explained", "unexplained", "lost-references-exceed",
                  "reading-exceeds", "source-inconsistency", "extraction-loss", "ambiguity", "typo",
                  "uncited-reference", "undefined-abbreviation", "alternative-coding")


def fail(message: str, code: int) -> None:
    """One line on stderr; labels from the data inside it (suggestions, choices) are made inert first."""
    click.echo(f"error: {printable(message)}", err=True)
    sys.exit(code)


def debugging() -> bool:
    ctx = click.get_current_context(silent=True)
    return bool(ctx is not None and (ctx.find_root().obj or {}).get("debug"))


class OneLineErrors(click.Group):
    """Usage errors as one line on stderr (exit 2) rather than click's usage block; Ctrl-C is exit 130."""

    def main(self, args: Any = None, prog_name: str | None = None, complete_var: str | None = None,
             standalone_mode: bool = True, **extra: Any) -> Any:
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, False, **extra)
        try:
            code = super().main(args, prog_name, complete_var, False, **extra)
        except click.exceptions.NoArgsIsHelpError as exc:
            exc.show()
            sys.exit(exc.exit_code)
        except click.UsageError as exc:
            where = f" (see '{exc.ctx.command_path} --help')" if exc.ctx is not None else ""
            fail(exc.format_message() + where, exc.exit_code)
        except click.ClickException as exc:
            fail(exc.format_message(), exc.exit_code)
        except click.Abort as exc:
            if isinstance(exc.__cause__, KeyboardInterrupt):
                fail("interrupted", INTERRUPTED)
            fail("aborted", 1)
        except KeyboardInterrupt:
            fail("interrupted", INTERRUPTED)
        sys.exit(code if isinstance(code, int) else 0)


def handle_errors(func: Callable[..., Any]) -> Callable[..., Any]:
    """Map the pipeline's exceptions onto exit codes, with one clear line on stderr."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except KeyboardInterrupt:
            fail("interrupted", INTERRUPTED)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except Exception as exc:
            from .closed_stdout import end_if_stdout_closed

            end_if_stdout_closed(exc)  # a reader that stopped early (| head) ends the command quietly
            known = classify(exc)
            if known is None:  # a bug: say so in one line; --debug shows where
                if debugging():
                    import traceback

                    traceback.print_exc()
                fail(internal_error(exc), INTERNAL_ERROR)
            if isinstance(exc, NotConforming):  # the violations first
                from .report import report_lines

                click.echo("\n".join(report_lines(exc.report)), err=True)
            code, message = known
            fail(message, code)

    return wrapper


def emit(engine: Any, answer: Any, fmt: str, limit: int | None = None) -> None:
    from .render import iris_of, render, terminal_width

    answer = answer.limit(limit)
    labels = engine.labels(iris_of(answer)) if for_people(fmt) else {}
    # color=True: click would drop escape sequences from piped output, altering csv data; tables are inert already.
    click.echo(render(answer, fmt, labels, terminal_width()), nl=False, color=True)


MAX_SECONDS = 86400.0
MAX_PAGE, MAX_PAGE_SIZE = 10**9, 10**6


class Seconds(click.ParamType):
    """A deadline: a finite number of seconds from 0.1 to a day (inf, nan and 1e308 are refused)."""

    name = "seconds"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> float:
        import math

        try:
            seconds = float(value)
        except (TypeError, ValueError):
            self.fail(f"{value!r} is not a number of seconds", param, ctx)
        if not math.isfinite(seconds) or not 0.1 <= seconds <= MAX_SECONDS:
            self.fail(f"{value!r} is not a number of seconds from 0.1 to {MAX_SECONDS:g}", param, ctx)
        return seconds


SECONDS = Seconds()
# The options answering commands share (as decorators here, as click.Option in each `amhe ask ID`).
FORMAT: dict[str, Any] = {"type": click.Choice(FORMATS), "default": "table", "show_default": True,
                          "help": "table/markdown show labels; csv/json (SPARQL results) show IRIs."}
LIMIT: dict[str, Any] = {"type": click.IntRange(min=0), "help": "At most this many rows."}
ENDPOINT: dict[str, Any] = {"metavar": "URL",
                            "help": "Ask this SPARQL 1.1 query endpoint instead of the embedded graph."}
TIMEOUT: dict[str, Any] = {"type": SECONDS, "default": 30.0, "show_default": True, "metavar": "SECONDS",
                           "help": "Overall deadline for the answer."}
format_option = click.option("--format", "fmt", **FORMAT)
endpoint_option = click.option("--endpoint", **ENDPOINT)
timeout_option = click.option("--timeout", **TIMEOUT)


def answer_question(ctx: click.Context, asked: Any, values: dict[str, str | None], fmt: str, limit: int | None,
            endpoint: str | None = None, timeout: float | None = None, page: int | None = 1,
            page_size: int | None = None) -> None:
    from .answering import next_page, understood
    from .run import bindings, paged_text

    engine = engine_for(ctx.obj["data"], endpoint, timeout)
    terms = bindings(engine, asked, values)
    for line in understood(engine, asked, terms, values):
        click.echo(line, err=True)
    answer = engine.select(paged_text(asked, page, page_size), terms)
    emit(engine, answer, fmt, limit)
    note = next_page(asked, answer, page, page_size)
    if note:  # a full page: there may be more
        click.echo(note, err=True)


class AskGroup(click.Group):
    """``amhe ask ID``: one subcommand per question, its parameters as options."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        from . import question_ids

        return question_ids()

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        from . import question as find_question

        question = find_question(name)
        if question is None:
            return None
        params: list[click.Parameter] = [
            click.Option([f"--{p.name.replace('_', '-')}", p.name], default=None, metavar=p.type.upper(),
                         help=f"{p.help} [default: {p.default}; example: {p.example}"
                              + (f"; every value: amhe values {p.type}]" if p.type in VALUE_KINDS else "]"))
            for p in question.parameters
        ]
        params += [
            click.Option(["--format", "fmt"], **FORMAT),
            click.Option(["--limit"], **LIMIT),
        ]
        if question.page is not None:
            params += [
                click.Option(["--page"], type=click.IntRange(min=1, max=MAX_PAGE), default=1, show_default=True,
                             help="Which page to answer."),
                click.Option(["--page-size"], type=click.IntRange(min=1, max=MAX_PAGE_SIZE), default=question.page.size,
                             show_default=True, help=f"How many {question.page.variable}s a page holds."),
                click.Option(["--all", "every_row"], is_flag=True, help="Every row, not one page."),
            ]
        params += [click.Option(["--endpoint"], **ENDPOINT), click.Option(["--timeout"], **TIMEOUT)]

        @click.pass_context
        @handle_errors
        def callback(ctx: click.Context, fmt: str, limit: int | None, endpoint: str | None, timeout: float,
                     page: int = 1, page_size: int | None = None, every_row: bool = False,
                     **values: str | None) -> None:
            answer_question(ctx, question, values, fmt, limit, endpoint, timeout,
                            None if every_row else page, page_size)

        return click.Command(name, params=params, callback=callback, help=question.description,
                             short_help=question.title)
