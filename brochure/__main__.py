"""The ``brochure`` command and ``python -m brochure``."""

import contextlib
import gc
import os
import sys


def run() -> None:
    """Run the command line as a process of its own.

    A build is a short process that keeps most of what it makes (modules, fonts, the
    document tree, flowables) until it ends; the cyclic collector's default rhythm rescans
    all of it every 700 allocations, about 5% of a build. So collections are rarer, and
    what the imports made is frozen out of their scans; memory is what the build holds
    either way. (In-process callers, the tests and the studio, keep Python's defaults.)

    When the command is done, every file it writes is closed and renamed into place; the
    process then ends without tearing down its objects one by one (``os._exit``, after
    flushing the terminal's streams), which cost a build 15 ms for nothing. Nothing the
    commands start needs Python's exit handlers: workers are joined before ``main``
    returns.
    """
    gc.set_threshold(50_000, 20, 20)
    from .cli import main

    gc.freeze()
    status = main()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe (brochure ... | head)
            stream.flush()
    os._exit(status)


if __name__ == "__main__":
    run()
