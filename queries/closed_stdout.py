"""Standard output closed by its reader (``amhe ... | head -1``): end quietly, as Unix tools do.

Python ignores SIGPIPE, so a write to a pipe nobody reads raises BrokenPipeError, which would be reported
as a failed file operation ("error: Broken pipe", exit 2). Following Python's note on SIGPIPE (the
``signal`` module's documentation), standard output is pointed at /dev/null, so that the interpreter's
last flush cannot fail again, and the command exits 141, what a shell reports for a tool ended by SIGPIPE.
A broken pipe that is not standard output (a remote endpoint's connection) is still an error.
"""

from __future__ import annotations

import os
import select
import sys

CLOSED_PIPE = 128 + 13  # 128 + SIGPIPE


def stdout_closed() -> bool:
    """Whether standard output is a pipe whose reader has gone (poll reports an error on its write end)."""
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):  # no real standard output (a test runner's capture)
        return False
    poller = select.poll()
    poller.register(fd, select.POLLOUT)
    return any(events & select.POLLERR for _, events in poller.poll(0))


def end_if_stdout_closed(exc: BaseException) -> None:
    """Exit 141 without a word when ``exc`` is the broken pipe of a closed standard output; else return."""
    if not isinstance(exc, BrokenPipeError) or not stdout_closed():
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)
    sys.exit(CLOSED_PIPE)
