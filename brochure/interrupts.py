"""Ctrl-C while the tool is still loading: one line and status 130, not a traceback.

Every command spends its first 0.15 s or so importing the package and its libraries, before
the command line can catch an interrupt and say what it stopped; a Ctrl-C then printed a
traceback through the imports. ``brochure`` imports this module before anything else of its
own: until ``done()`` (the end of its imports), SIGINT ends the process with the line an
interrupted build prints (nothing has been written yet). Nothing changes where SIGINT is
ignored (a worker, ``nohup``) or off the main thread, where Python takes no signals.
"""

from __future__ import annotations

import os
import signal
from typing import Any


def _stop(signum: int, frame: Any) -> None:
    os.write(2, b"interrupted: nothing was changed in the output folder\n")
    os._exit(130)


_previous: Any = signal.getsignal(signal.SIGINT)
_installed = False
if _previous != signal.SIG_IGN:
    try:
        signal.signal(signal.SIGINT, _stop)
        _installed = True
    except ValueError:  # not the main thread
        pass


def done() -> None:
    """The package is loaded: Ctrl-C is handled as before (KeyboardInterrupt, which the
    command line answers)."""
    global _installed
    if _installed:
        signal.signal(signal.SIGINT, _previous)
        _installed = False
