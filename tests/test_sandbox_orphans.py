"""A query's forked child never outlives the command that forked it, nor its deadline by much.

Through real processes: `amhe sparql` with a query that runs for minutes in little memory, its child found
through /proc, then the parent killed (kill -9) or stopped (as a suspended job is).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")]

SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"  # minutes, in little memory


def _stat(pid: int) -> tuple[str, int] | None:
    """(state, parent pid) of a process, None once it is gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = text[text.rindex(")") + 2:].split()
    return fields[0], int(fields[1])


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and (stat := _stat(int(entry.name))) is not None and stat[1] == pid:
            found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    stat = _stat(pid)
    return stat is not None and stat[0] not in ("Z", "X")


def _wait_for(condition, seconds: float) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.1)
    return condition()


@pytest.fixture
def running_query():
    """A started `amhe sparql` whose query child is running; yields (parent, child pid); kills both after."""
    subprocess.run([sys.executable, "-m", "amhe", "build"], check=True, capture_output=True, timeout=300)
    started = []

    def start(timeout: str) -> tuple[subprocess.Popen, int]:
        parent = subprocess.Popen([sys.executable, "-m", "amhe", "sparql", SLOW, "--timeout", timeout,
                                   "--memory", "400"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        started.append(parent)
        assert _wait_for(lambda: _children(parent.pid), 60), "the query child never started"
        (child,) = _children(parent.pid)
        started.append(child)
        return parent, child

    yield start
    for process in started:
        try:
            os.kill(process if isinstance(process, int) else process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    for process in started:
        if isinstance(process, subprocess.Popen):
            process.wait(10)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the parent-death signal is Linux's")
def test_the_query_child_dies_with_its_killed_parent(running_query):
    parent, child = running_query("600")
    time.sleep(1)  # into the query proper
    assert _alive(child)
    parent.kill()
    parent.wait(10)
    assert _wait_for(lambda: not _alive(child), 5), "the query child outlived its killed parent"


def test_the_query_child_stops_itself_past_its_deadline_when_the_parent_cannot(running_query):
    parent, child = running_query("1")
    os.kill(parent.pid, signal.SIGSTOP)  # a suspended job: its deadline never comes
    try:
        # The child's CPU limit is the deadline plus a couple of seconds; allow for a busy machine.
        assert _wait_for(lambda: not _alive(child), 120), "the query child ran on past its deadline"
    finally:
        os.kill(parent.pid, signal.SIGCONT)


def test_a_ctrl_c_while_the_child_is_forked_still_kills_the_child(monkeypatch):
    """The race behind a Ctrl-C that took over 30 s to end the command: interrupted inside start(), the
    parent never reached the code that kills the child, which ran the query on to its end."""
    import multiprocessing.context
    import threading

    from amhe.queries.sandbox import in_child

    forked = []
    start = multiprocessing.context.ForkProcess.start

    def interrupted_start(self):
        start(self)
        forked.append(self.pid)
        signal.pthread_kill(threading.main_thread().ident, signal.SIGINT)  # Ctrl-C, just after the fork

    monkeypatch.setattr(multiprocessing.context.ForkProcess, "start", interrupted_start)
    began = time.monotonic()
    with pytest.raises(KeyboardInterrupt):
        in_child(time.sleep, (120,), timeout=60)
    assert time.monotonic() - began < 10
    assert forked and not _alive(forked[0]), "the child runs on after Ctrl-C"
