"""The ``brochure`` command and ``python -m brochure``."""

import gc
import sys


def run() -> None:
    """Run the command line as a process of its own.

    A build is a short process that keeps most of what it makes (modules, fonts, the
    document tree, flowables) until it ends; the cyclic collector's default rhythm rescans
    all of it every 700 allocations, about 5% of a build. So collections are rarer, and
    what the imports made is frozen out of their scans; memory is what the build holds
    either way. (In-process callers, the tests and the studio, keep Python's defaults.)
    """
    gc.set_threshold(50_000, 20, 20)
    from .cli import main

    gc.freeze()
    sys.exit(main())


if __name__ == "__main__":
    run()
