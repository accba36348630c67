"""The build cache, written side: the validated graph as sorted N-Triples and as an Oxigraph store.

Each build writes its store into a folder of its own (``.store-KEY.PID.<random>``), so builds running at
once never share one; ``store-KEY`` is a symbolic link that is switched to a finished store in one
rename, under a lock. A build killed at any moment therefore leaves either the old store or the new
one, whole; a failed build removes its folder, and folders of dead builds are removed by the next.
A cached store that does not open is rebuilt rather than trusted.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from rdflib import Graph

from . import search_index
from .atomic import atomic_write
from .build import new_graph
from .cache import cache_dir, fingerprint, is_fresh, opens, search_file, store_dir, triples_file
from .export import serialize


def load(data_dir: Path | None = None) -> Graph | None:
    """The cached graph for the current inputs, or None when it must be rebuilt (stale, or a store that
    does not open)."""
    key = fingerprint(data_dir)
    if not is_fresh(key) or not opens(store_dir(key)):
        return None
    g = new_graph()
    g.parse(triples_file(key), format="nt")
    return g


@contextlib.contextmanager
def _locked(directory: Path) -> Iterator[None]:
    import fcntl

    with open(directory / "build.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _owner(name: str) -> int | None:
    """The process id in ``.store-KEY.PID.<random>`` or ``.link-KEY.PID``."""
    parts = name.split(".")
    return int(parts[2]) if len(parts) >= 3 and parts[2].isdigit() else None


def _remove(path: Path) -> None:
    if path.is_symlink() or not path.is_dir():
        path.unlink(missing_ok=True)
    else:
        shutil.rmtree(path, ignore_errors=True)


def _tidy(directory: Path, key: str, current: Path) -> None:
    """Remove every cache entry but the current one: other keys' stores and triples, finished stores no
    longer linked, and the folders of builds that died. Called under the lock."""
    for entry in directory.iterdir():
        name = entry.name
        if name in (current.name, triples_file(key).name, f"store-{key}", search_file(key).name):
            continue
        if name.startswith("store-"):
            if entry.is_symlink():
                target = entry.parent / os.readlink(entry)
                entry.unlink(missing_ok=True)
                if target.name.startswith(".store-"):
                    _remove(target)
            else:
                _remove(entry)
        elif name.startswith("graph-") and name.endswith(".nt") or name.startswith("search-"):
            entry.unlink(missing_ok=True)
        elif name.startswith((".store-", ".link-")):
            owner = _owner(name)
            finished = (entry / "complete").is_file()
            if finished or owner is None or owner == os.getpid() or not _alive(owner):
                _remove(entry)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def save(g: Graph, data_dir: Path | None = None) -> Path:
    """Cache a validated graph under the fingerprint of its inputs."""
    import pyoxigraph

    key = fingerprint(data_dir)
    directory = cache_dir()
    directory.mkdir(parents=True, exist_ok=True)
    data = serialize(g, "nt")
    target = store_dir(key)
    staging = Path(tempfile.mkdtemp(prefix=f".store-{key}.{os.getpid()}.", dir=directory))
    try:
        os.chmod(staging, 0o777 & ~_umask())  # mkdtemp's folder is private; a cache folder is as usual
        store = pyoxigraph.Store(str(staging))
        store.bulk_load(data, format=pyoxigraph.RdfFormat.N_TRIPLES)
        store.optimize()
        search_index.write(data, search_file(key))
        del store
        atomic_write(triples_file(key), data)
        with _locked(directory):
            (staging / "complete").write_text(f"{len(g)}\n", encoding="utf-8")
            link = directory / f".link-{key}.{os.getpid()}"
            link.unlink(missing_ok=True)
            os.symlink(staging.name, link)
            if target.is_dir() and not target.is_symlink():  # a cache written before stores were linked
                os.rename(target, directory / f".store-{key}.{os.getpid()}.old")
            os.replace(link, target)  # the one step that switches stores
            _tidy(directory, key, staging)
    except BaseException:
        if not (target.is_symlink() and os.readlink(target) == staging.name):
            shutil.rmtree(staging, ignore_errors=True)
        raise
    return target
