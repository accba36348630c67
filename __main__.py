"""``amhe`` and ``python -m amhe``: the command line, with a Ctrl-C at any moment exiting 130 in one line.

The console script starts here rather than in cli.py so that an interrupt while the command line
itself is still being imported (click, the package) is caught too, not shown as a traceback.
"""

from __future__ import annotations

import sys


def run() -> None:
    try:
        from amhe.cli import main

        main()
    except KeyboardInterrupt:
        try:
            sys.stderr.write("error: interrupted\n")
            sys.stderr.flush()
        finally:
            sys.exit(130)


if __name__ == "__main__":
    run()
