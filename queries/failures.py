"""Exit codes, and the one line each failure is reported with: which of the pipeline's errors is bad
input (2), an engine or endpoint that failed (3), a graph that does not conform (1), and which is a bug."""

from __future__ import annotations

DOES_NOT_CONFORM = 1
BAD_INPUT = 2
ENGINE_FAILED = 3
INTERNAL_ERROR = 4
INTERRUPTED = 130


def os_error(exc: OSError) -> str:
    """One line for a failed file operation, naming the file when there is one (never an empty name)."""
    reason = exc.strerror or str(exc) or exc.__class__.__name__
    return f"{exc.filename}: {reason}" if exc.filename else reason


def classify(exc: Exception) -> tuple[int, str] | None:
    """(exit code, one line) for an error the pipeline raises on purpose; None for anything else, a bug."""
    from ..graph.errors import BadInput, EngineError, NotConforming, ValidationSetupError
    from ..loaders.errors import SourceError
    from . import CatalogueError
    from .params import UnknownValue
    from .safety import QueryRefused, QuerySyntaxError

    if isinstance(exc, SourceError):
        return BAD_INPUT, str(exc)
    if isinstance(exc, NotConforming):
        return DOES_NOT_CONFORM, str(exc)
    if isinstance(exc, EngineError):
        return ENGINE_FAILED, str(exc)
    if isinstance(exc, (ValidationSetupError, CatalogueError, UnknownValue, QueryRefused, QuerySyntaxError, BadInput)):
        return BAD_INPUT, str(exc)
    if isinstance(exc, OSError):
        return BAD_INPUT, os_error(exc)
    return None


def internal_error(exc: Exception) -> str:
    """The one line for a bug: the exception's class and the first line of its message."""
    first = (str(exc).strip().splitlines() or [""])[0]
    return (f"internal error: {exc.__class__.__name__}{': ' + first if first else ''} "
            "(a bug; run with --debug for the traceback)")
