"""``brochure watch``: rebuild what an edit affects, as soon as a file is saved.

One warm process: ReportLab is imported and fonts parsed once, and the build's own
fingerprints decide which variants an edit touches (an edit to the clinician summary does
not rebuild the patient variants). One line per rebuild, with its time and any warning.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from .errors import BrochureError


def _snapshot(root: Path) -> dict[Path, int]:
    files = [*root.glob("content*.yaml"), *(root / "assets").rglob("*")]
    return {p: p.stat().st_mtime_ns for p in files if p.is_file()}


def watch(
    rebuild: Callable[[], list[str]],
    root: Path,
    out: TextIO,
    interval: float = 0.3,
    rounds: int | None = None,
) -> None:
    """Poll the inputs and call ``rebuild`` after each change; ``rounds`` bounds it for tests."""
    seen = _snapshot(root)
    print(f"watching {root.resolve()} (Ctrl-C to stop)", file=out, flush=True)
    n = 0
    while rounds is None or n < rounds:
        n += 1
        time.sleep(interval)
        now = _snapshot(root)
        if now == seen:
            continue
        seen = now
        start = time.perf_counter()
        try:
            lines = rebuild()
        except BrochureError as exc:
            print(f"{time.strftime('%H:%M:%S')} not rebuilt:", file=out)
            print(str(exc), file=sys.stderr, flush=True)
            continue
        took = (time.perf_counter() - start) * 1000
        rebuilt = [line for line in lines if "up to date" not in line]
        summary = ", ".join(line.split()[0] for line in rebuilt) or "nothing changed"
        print(
            f"{time.strftime('%H:%M:%S')} rebuilt {summary} in {took:.0f} ms", file=out, flush=True
        )
