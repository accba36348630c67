"""All-or-nothing file writes: a failed write leaves the previous file byte-identical."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from .errors import BadInput

_KINDS = ((stat.S_ISLNK, "a symbolic link"), (stat.S_ISFIFO, "a named pipe"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"), (stat.S_ISDIR, "a folder"))


def check_target(path: Path) -> None:
    """Refuse to replace anything but a regular file or a new path: a rename would silently turn a named
    pipe, a device or a symbolic link (and whatever it points to) into a plain file."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return
    if stat.S_ISREG(mode):
        return
    kind = next((name for test, name in _KINDS if test(mode)), "not a regular file")
    raise BadInput(f"{path}: is {kind}; only a regular file or a new path is replaced (-o - writes to "
                   "standard output)")


def _default_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder and a rename.

    The file keeps the permissions of the one it replaces (or gets the usual default).
    """
    path = Path(path)
    check_target(path)
    mode = (path.stat().st_mode & 0o7777) if path.exists() else _default_mode()
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
