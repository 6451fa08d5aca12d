"""Build every brand in parallel processes, one brand per process, printing a line per file."""

from __future__ import annotations

import argparse
import os
import sys
from concurrent.futures import ProcessPoolExecutor
from datetime import date
from pathlib import Path
from typing import TextIO

from .errors import BrochureError


def _build_brand(
    root: Path, content: str, brand: str, press: bool, force: bool, today: date
) -> list[str]:
    from . import build
    from .cli import describe, output_dir
    from .pipeline import Paths
    from .variants import Options, registry

    try:
        paths = Paths.for_project(root, brand, content)  # a file name may not be a brand name
        built = build(
            paths,
            list(registry()),
            output_dir(root, brand),
            Options(today, press=press),
            force=force,
            parallel=False,  # this process is already one of the workers
        )
    except BrochureError as exc:
        return [f"error: {line}" for line in str(exc).splitlines()]
    return [describe(paths.display(b.path), b) for b in built]


def brands(root: Path) -> list[str]:
    return sorted(p.stem for p in (root / "assets" / "brands").glob("*.yaml"))


def build_all_brands(args: argparse.Namespace, out: TextIO) -> int:
    """Every brand x every variant; exit 2 if any brand has input problems."""
    from . import build  # noqa: F401 - imported before the fork, so workers start warm
    from .variants import registry

    registry()
    import svglib.svglib  # noqa: F401 - every brand draws an SVG; import it once, not per worker

    from .cli import today

    day = today(args)
    names = brands(args.root)
    jobs = args.jobs or os.cpu_count() or 1
    failed = False
    with ProcessPoolExecutor(max_workers=min(jobs, len(names))) as pool:
        futures = [
            pool.submit(_build_brand, args.root, args.content, n, args.press, args.force, day)
            for n in names
        ]
        for future in futures:
            for line in future.result():
                failed |= line.startswith("error:")
                print(line, file=sys.stderr if line.startswith("error:") else out)
    return 2 if failed else 0
