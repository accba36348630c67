"""Running an ad-hoc query under an overall deadline that really stops it, and a memory cap.

Neither rdflib nor pyoxigraph can interrupt a query, so the query is checked, parsed and answered in a
forked child process that opens the cached graph itself; when the deadline passes the child is killed,
and the command fails with one line (exit 3). The deadline covers the safety check too (a huge query
can take longer to parse than to answer). The child's data segment is capped (RLIMIT_DATA), so a
query that would need gigabytes (an ORDER BY over a cross product) is stopped with a clear message
rather than taking the machine's memory. The cap counts what the query takes beyond the
command's own memory. The answer travels back through a pipe.

The child must never outlive the command: on Linux it is killed when its parent dies (a ``kill -9``, a
closed terminal), and everywhere its CPU time is capped a little past the deadline, a backstop for a parent
that is stopped or killed where that is not available. Ctrl-C is held off while the child is forked, so it
always lands where the child is killed at once.
"""

from __future__ import annotations

import signal
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .engine import EngineError
from .terms import Answer

DEFAULT_MEMORY_MB = 2048
CPU_MARGIN_S = 2  # CPU seconds past the deadline before the child's own limit stops it
PR_SET_PDEATHSIG = 1  # linux/prctl.h


def _data_size() -> int:
    """The bytes this process's data segment already holds (what RLIMIT_DATA counts), 0 where unknown."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmData:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0


def _cap_memory(megabytes: int) -> None:
    """Let the query take ``megabytes`` beyond what the forked process already holds (the command's own
    few tens of MB; far more in a test process)."""
    import resource

    limit = _data_size() + megabytes * 2**20
    soft, hard = resource.getrlimit(resource.RLIMIT_DATA)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_DATA, (limit, hard))


def _die_with_parent(parent: int) -> None:
    """Linux: SIGKILL this child when its parent dies; if the parent died before the request, end now."""
    import os
    import sys

    if sys.platform.startswith("linux"):
        import ctypes

        try:
            prctl = ctypes.CDLL(None, use_errno=True).prctl
        except (OSError, AttributeError):
            prctl = None
        if prctl is not None:
            prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # orphaned already (re-parented before the request took effect)
        os._exit(1)


def _cap_cpu(timeout: float) -> None:
    """A CPU-time limit a little past the deadline, so the child stops by itself even if its parent never
    kills it (SIGXCPU at the soft limit, SIGKILL at the hard one)."""
    import math
    import resource

    soft = math.ceil(timeout) + CPU_MARGIN_S
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    if hard != resource.RLIM_INFINITY and hard < soft + CPU_MARGIN_S:
        soft = hard = min(soft, hard)
    else:
        hard = soft + CPU_MARGIN_S
    resource.setrlimit(resource.RLIMIT_CPU, (soft, hard))


def _quiet_stderr() -> None:
    """The engine's own last words (Rust's 'memory allocation failed', a backtrace) are not for the user:
    the parent reports what happened in one line."""
    import os

    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)
    os.close(devnull)


def _check(text: str, allow_remote: bool) -> str:
    from ..graph.errors import BadInput
    from .safety import check

    form = check(text, allow_remote=allow_remote)
    if form not in ("SelectQuery", "AskQuery"):
        raise BadInput(f"only SELECT and ASK queries are supported here, not {form.removesuffix('Query')}")
    return form


def _answer(engine_name: str, store: Path, text: str, allow_remote: bool) -> Answer:
    _check(text, allow_remote)
    from .engine import EMBEDDED_ENGINES

    return EMBEDDED_ENGINES[engine_name](store).select(text)


def _child(task: Callable[..., Any], args: tuple, memory_mb: int, timeout: float, parent: int,
           conn: Any) -> None:
    from ..graph.errors import BadInput

    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle (it kills this child)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})  # blocked by the parent around the fork
        _die_with_parent(parent)
        _cap_cpu(timeout)
        _quiet_stderr()
        _cap_memory(memory_mb)
        conn.send(("ok", task(*args)))
    except BadInput as exc:  # QueryRefused and QuerySyntaxError too
        conn.send(("bad", str(exc)))
    except MemoryError:
        conn.send(("memory", None))
    except BaseException as exc:  # reported by the parent
        conn.send(("error", str(exc) if isinstance(exc, EngineError) else f"{exc.__class__.__name__}: {exc}"))
    finally:
        conn.close()


def in_child(task: Callable[..., Any], args: tuple, timeout: float, memory_mb: int = DEFAULT_MEMORY_MB) -> Any:
    """``task(*args)`` in a forked child, killed at ``timeout`` seconds, its memory capped at ``memory_mb``."""
    import multiprocessing  # here, not above: the CLI reads DEFAULT_MEMORY_MB from this module for --help
    import os

    from ..graph.errors import BadInput

    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(task, args, memory_mb, timeout, os.getpid(), send), daemon=True)
    # A Ctrl-C inside start() would leave a forked child that nothing kills: held off, it arrives in the try.
    held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        child.start()
    except BaseException:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)
        raise
    send.close()
    try:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)
        if not receive.poll(timeout):
            raise EngineError(f"the query did not finish within {timeout:g} s and was stopped")
        status, value = receive.recv()
    except EOFError:
        child.join(5)
        if child.exitcode == -signal.SIGXCPU:  # its own CPU limit, just past the deadline
            raise EngineError(f"the query did not finish within {timeout:g} s and was stopped") from None
        if child.exitcode in (-signal.SIGABRT, -signal.SIGKILL, -signal.SIGSEGV):
            status, value = "memory", None
        else:
            raise EngineError(f"the query engine stopped without an answer (exit status {child.exitcode})") \
                from None
    finally:
        if child.is_alive():
            child.kill()
        child.join(5)
        receive.close()
    if status == "memory":
        raise EngineError(f"the query needed more memory than its cap of {memory_mb} MB and was stopped "
                          "(--memory sets the cap)")
    if status == "bad":
        raise BadInput(value)
    if status == "error":
        raise EngineError(f"the query failed: {value}")
    return value


def check_with_deadline(text: str, timeout: float, allow_remote: bool = False,
                        memory_mb: int = DEFAULT_MEMORY_MB) -> float:
    """Check an ad-hoc query (read-only, nothing fetched, SELECT or ASK) within ``timeout``; return the
    seconds left of it."""
    started = time.monotonic()
    in_child(_check, (text, allow_remote), timeout, memory_mb)
    return max(0.0, timeout - (time.monotonic() - started))


def run_with_deadline(engine_name: str, store: Path, text: str, timeout: float, allow_remote: bool = False,
                      memory_mb: int = DEFAULT_MEMORY_MB) -> Answer:
    """Check and answer an ad-hoc query on the cached graph, all within ``timeout`` and ``memory_mb``."""
    return in_child(_answer, (engine_name, store, text, allow_remote), timeout, memory_mb)
