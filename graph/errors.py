"""Errors of the graph pipeline, importable without rdflib so the CLI can map them to exit codes."""

from __future__ import annotations

from typing import Any


class ValidationSetupError(Exception):
    """The data or the shapes could not be read, so no verdict is possible."""


class NotConforming(Exception):
    """The built graph does not conform to the shapes; ``report`` says where."""

    def __init__(self, report: Any) -> None:
        self.report = report
        super().__init__(f"the built graph does not conform to the shapes ({len(report.violations)} violations)")


class BadInput(ValueError):
    """The user's input is wrong (a value, a query, an output path): exit 2, one line naming what."""


class EngineError(Exception):
    """A query engine, an endpoint or a store we upload to failed (exit 3; the message is one line, fit
    for stderr). Defined here, not in queries/, so that publishing, a graph-side export to a server,
    can raise it without importing backwards; queries.engine re-exports it."""
