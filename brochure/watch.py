"""``brochure watch``: rebuild what an edit affects, as soon as a file is saved.

One warm process that keeps its build session (parsed fonts, checked and prepared pictures,
SVG drawings) from one edit to the next: a session's caches are keyed by each file's identity,
size and modification time, so an edited picture is a new one, and entries for versions no
longer on disk are dropped before each rebuild. Each output is laid out in this process (no
pool: nothing to orphan when watch is stopped) and published the moment it is ready, the
most-read first, so the patient brochure does not wait for the booklet. The build's own
fingerprints decide what an edit touches: an edit to the clinician summary rebuilds the
summary alone. If another save arrives while the rest are being made, the round stops there
and starts again with the brochure.
"""

from __future__ import annotations

import gc
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from .errors import BrochureError
from .session import Session, cache_dir

if TYPE_CHECKING:
    from . import Built
    from .pipeline import Paths

POLL = 0.05  # seconds between looks at the inputs: well under what a person notices
# Most-read first: what patients are handed, then the web page, then the rest.
ORDER = ("brochure", "html", "large-print", "booklet", "summary")


def snapshot(root: Path) -> dict[Path, int]:
    """Every file a build of any leaflet may read, with its modification time. Hidden files
    are left out: a save's temporary file (``.NAME.XXXX.tmp``) seen before its rename would
    start a second build, which then reports nothing rebuilt."""
    files = [*root.glob("content*.yaml"), *(root / "assets").rglob("*")]
    if (root / "leaflets").is_dir():
        files += (root / "leaflets").rglob("*")
    stamps = {}
    for path in files:
        if path.name.startswith("."):
            continue
        try:
            if path.is_file():
                stamps[path] = path.stat().st_mtime_ns
        except OSError:
            continue  # removed while we looked: the next round sees it gone
    return stamps


def by_readers(names: list[str]) -> list[str]:
    """``names`` most-read first; variants ``ORDER`` does not know keep their order, last."""
    return sorted(names, key=lambda n: ORDER.index(n) if n in ORDER else len(ORDER))


@dataclass
class Rebuilder:
    """The warm half of watch: one build session kept across edits."""

    paths: Paths
    out_dir: Path
    today: date
    said: Callable[[str], None]  # one line per output written, as soon as it is
    session: Session = field(init=False)

    def __post_init__(self) -> None:
        self.session = Session(cache_dir(self.paths.root))

    def __call__(self, changed: Callable[[], bool] = lambda: False) -> list[Built]:
        """Rebuild every output an edit affects, most-read first, each published when ready;
        stop early when ``changed()`` says the inputs were saved again."""
        from . import build
        from .buildreport import PREVIOUS, SNAPSHOT
        from .files import publish
        from .pipeline import load_project
        from .report import describe
        from .variants import Options, applicable

        try:
            words_before = (self.out_dir / SNAPSHOT).read_bytes()
        except OSError:
            words_before = None
        self.session.forget_stale()
        self.session.read.clear()
        project = load_project(self.paths, self.today, self.session)
        for w in project.warnings:
            print(w.format(), file=sys.stderr)
        done: list[Built] = []
        for name in by_readers(applicable(project)):
            if done and changed():
                break
            options = Options(self.today)
            made = build(
                self.paths,
                [name],
                self.out_dir,
                options,
                project,
                force=False,
                workers=1,
                touch=False,
            )
            for b in made:
                done.append(b)
                if not b.skipped:
                    self.said(describe(self.paths.display(b.path), b))
        if words_before is not None and any(not b.skipped for b in done):
            # One round is one edit: ``diff`` compares with the words before it, not with
            # what this round published a moment earlier (each output went out on its own).
            publish(self.out_dir, {PREVIOUS: words_before})
        # Laid-out documents hold decoded pictures in reference cycles: freed now, after the
        # outputs are out, so that a long-running watch stays the size of one build.
        gc.collect()
        return done


def watch(
    rebuild: Callable[[Callable[[], bool]], list[Built]],
    root: Path,
    out: TextIO,
    interval: float = POLL,
    rounds: int | None = None,
) -> None:
    """Poll the inputs and call ``rebuild`` after each change; ``rounds`` bounds it for tests."""
    seen = snapshot(root)
    print(f"watching {root.resolve()} (Ctrl-C to stop)", file=out, flush=True)
    n = 0
    while rounds is None or n < rounds:
        n += 1
        time.sleep(interval)
        now = snapshot(root)
        if now == seen:
            continue
        seen = now
        start = time.perf_counter()

        def changed(since: dict[Path, int] = now) -> bool:
            return snapshot(root) != since

        try:
            built = rebuild(changed)
        except BrochureError as exc:
            print(f"{time.strftime('%H:%M:%S')} not rebuilt:", file=out)
            print(str(exc), file=sys.stderr, flush=True)
            continue
        took = (time.perf_counter() - start) * 1000
        names = ", ".join(b.path.name for b in built if not b.skipped) or "nothing changed"
        print(f"{time.strftime('%H:%M:%S')} rebuilt {names} in {took:.0f} ms", file=out, flush=True)
