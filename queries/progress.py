"""Progress on stderr, only on a terminal: a bar for counted steps, a sweeping bar for a step that
cannot count its own progress, nothing when stderr is a file or a pipe."""

from __future__ import annotations

import sys

import click


def progress(message: str, step: int | None = None, total: int | None = None) -> None:
    """Progress on stderr, only on a terminal: a bar for counted steps, a line otherwise."""
    if not sys.stderr.isatty():
        return
    if step is not None and total:
        filled = round(30 * step / total)
        end = "\n" if step == total else ""
        click.echo(f"\r[{'#' * filled}{'.' * (30 - filled)}] {step}/{total} {message[:50]:<50}", err=True, nl=False)
        if end:
            click.echo("", err=True)
        return
    click.echo(f"… {message}", err=True)


class Working:
    """A progress bar for a step that cannot count its own progress (one pyshacl or rdflib call): on a
    terminal a bar sweeps with the elapsed seconds until the step ends; elsewhere nothing."""

    def __init__(self, message: str) -> None:
        self.message = message
        self.shown = sys.stderr.isatty()

    def __enter__(self) -> Working:
        if self.shown:
            import threading
            import time

            self.started = time.monotonic()
            self.done = threading.Event()

            def sweep() -> None:
                tick = 0
                while not self.done.wait(0.1):
                    at = tick % 26
                    bar = "." * at + "####" + "." * (26 - at)
                    elapsed = time.monotonic() - self.started
                    click.echo(f"\r[{bar}] {self.message[:50]} {elapsed:5.1f} s", err=True, nl=False)
                    tick += 1

            self.thread = threading.Thread(target=sweep, daemon=True)
            self.thread.start()
        return self

    def __exit__(self, failed: type[BaseException] | None, *exc: object) -> None:
        if self.shown:
            import time

            self.done.set()
            self.thread.join()
            if failed is not None:  # clear the bar; the error says what happened
                click.echo("\r" + " " * 90 + "\r", err=True, nl=False)
                return
            elapsed = time.monotonic() - self.started
            click.echo(f"\r[{'#' * 30}] {self.message[:50]} {elapsed:5.1f} s", err=True)
