"""Running an ad-hoc query under an overall deadline that really stops it.

Neither rdflib nor pyoxigraph can interrupt a query, so the query runs in a forked child
process that opens the cached graph itself; when the deadline passes, the child is killed
and the command fails with one line (exit 3). The answer travels back through a pipe.
"""

from __future__ import annotations

import multiprocessing
from pathlib import Path
from typing import Any

from .engine import EngineError
from .terms import Answer


def _child(engine_name: str, store: Path, text: str, conn: Any) -> None:
    try:
        if engine_name == "rdflib":
            from rdflib import Graph

            from .engine import RdflibEngine

            nt = store.parent / store.name.replace("store-", "graph-", 1)
            engine: Any = RdflibEngine(Graph().parse(f"{nt}.nt", format="nt"))
        else:
            from .engine import OxigraphEngine

            engine = OxigraphEngine(store)
        answer = engine.select(text)
        conn.send(("ok", answer.vars, (answer.rows, answer.boolean)))
    except BaseException as exc:  # reported by the parent
        conn.send(("error", f"{exc.__class__.__name__}: {exc}", None))
    finally:
        conn.close()


def run_with_deadline(engine_name: str, store: Path, text: str, timeout: float) -> Answer:
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(engine_name, store, text, send), daemon=True)
    child.start()
    send.close()
    try:
        if not receive.poll(timeout):
            raise EngineError(f"the query did not finish within {timeout:g} s and was stopped")
        status, first, rows = receive.recv()
    except EOFError:
        raise EngineError("the query engine stopped without an answer") from None
    finally:
        if child.is_alive():
            child.kill()
        child.join(5)
    if status == "error":
        raise EngineError(f"the query failed: {first}")
    rows, boolean = rows
    return Answer(first, rows, boolean)
