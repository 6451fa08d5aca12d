"""Rebuild on every save and keep the last good pages: the state the web page shows.

One thread polls the inputs (every content and brand file, everything in ``assets/`` and
beside a library leaflet) and, after a change, runs the same incremental ``build`` as
``make`` and ``watch``: outputs whose fingerprint did not change are left alone, so the page
can say which variants an edit rebuilt. The first variant is built on its own first, so its
pages change as soon as possible; the rest follow in one build. A build that fails leaves the
output folder as it was (the build publishes all or nothing), so the last good pages stay on
screen beside the error, worded exactly as the command line prints it.
"""

from __future__ import annotations

import gc
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from .. import build
from ..errors import BrochureError, internal_error
from ..incremental import load_state
from ..library import Leaflet, find
from ..pipeline import Paths, load_project
from ..session import Session, cache_dir
from ..variants import Options, applicable, registry
from ..watch import snapshot

MAX_PAGE_IMAGES = 400  # rendered pages kept in memory (a few MB each at most)
SCALE = 1.25  # 90 ppi: sharp enough beside each other on a laptop screen


@dataclass(frozen=True)
class Target:
    """What is previewed: one leaflet ("" is content.yaml) in one brand and language."""

    leaflet: str = ""
    brand: str = "default"
    locale: str | None = None


@dataclass
class Status:
    """What the page shows; ``generation`` goes up by one with every change of it."""

    generation: int = 0
    building: bool = True
    error: str | None = None
    warnings: list[str] = field(default_factory=list)
    rebuilt: list[str] = field(default_factory=list)
    took_ms: float = 0.0
    finished: str = ""

    def as_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


class Preview:
    """The build loop and the rendered pages of the current target's outputs."""

    def __init__(
        self,
        root: Path,
        target: Target,
        today: date,
        variants: list[str] | None = None,
        interval: float = 0.1,
    ) -> None:
        self.root = root.resolve()
        self.today = today
        self.variants = variants
        self.interval = interval
        self.status = Status()
        self.changed = threading.Condition()
        self._target = target
        self._check(target)
        self._wanted = threading.Event()  # a rebuild was asked for (a save, a new target)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="studio-build", daemon=True)
        self._render_lock = threading.Lock()  # pdfium is not thread-safe
        self._pages_lock = threading.Lock()  # the rendered pages: requests come on many threads
        self._drawing: dict[tuple[str, str, int], threading.Event] = {}  # pages being drawn
        # Kept from one build to the next, as watch keeps it: parsed fonts, checked pictures.
        self.session = Session(cache_dir(self.root))
        # Held by a build, and by anything else that loads a project (the content panel):
        # ReportLab's font registry and settings are process-wide.
        self.build_lock = threading.Lock()
        self._pages: OrderedDict[tuple[str, str, int], bytes] = OrderedDict()
        self._texts: dict[tuple[str, str], list[str]] = {}  # grows by one per version read
        self._counts: dict[tuple[str, str], int] = {}

    # The target and its files -----------------------------------------------------------

    @property
    def target(self) -> Target:
        return self._target

    def _check(self, target: Target) -> Paths:
        """The target's files; a name that is not a leaflet, brand or language is an error."""
        content = find(self.root, target.leaflet).content if target.leaflet else "content.yaml"
        return Paths.for_project(self.root, target.brand, content, target.locale)

    def select(self, target: Target) -> None:
        """Preview another leaflet, brand or language (raises BrochureError for a bad name)."""
        self._check(target)
        self._target = target
        self.rebuild()

    @property
    def out_dir(self) -> Path:
        return self._out_dir(self._target)

    def _out_dir(self, t: Target) -> Path:
        content = find(self.root, t.leaflet).content if t.leaflet else "content.yaml"
        return Leaflet(t.leaflet, content).out_dir(self.root, t.brand, t.locale)

    def outputs(self) -> list[dict[str, Any]]:
        """The outputs of the current target now in the output folder (the last good ones),
        each with the fingerprint the build stored for it, which names its version."""
        out_dir, state = self.out_dir, load_state(self.out_dir)
        names = self.variants or list(registry())
        found = []
        for name in names:
            variant = registry()[name]
            path = out_dir / variant.filename
            if not path.is_file():
                continue
            stamp = state.get(variant.filename, str(path.stat().st_mtime_ns))
            pdf = variant.plan is not None
            pages = self._page_count(path, stamp) if pdf else 0
            shown = (out_dir / variant.filename).relative_to(self.root).as_posix()
            found.append(
                {
                    "variant": name,
                    "file": variant.filename,
                    "path": shown,
                    "stamp": stamp,
                    "pages": pages,
                }
            )
        return found

    # The build loop ----------------------------------------------------------------------

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._wanted.set()
        with self.changed:
            self.changed.notify_all()
        self._thread.join(timeout=30)

    @property
    def stopped(self) -> bool:
        return self._stop.is_set()

    def rebuild(self) -> None:
        """Ask the loop to build now (after a save through the page, or a new target)."""
        self._wanted.set()

    def _loop(self) -> None:
        seen: dict[Path, int] = {}
        self._wanted.set()
        while not self._stop.is_set():
            self._wanted.wait(self.interval)
            if self._stop.is_set():
                return
            now = snapshot(self.root)
            if now == seen and not self._wanted.is_set():
                continue
            self._wanted.clear()
            seen = now
            self._build_once()

    def _publish(self, **changes: Any) -> None:
        with self.changed:
            for key, value in changes.items():
                setattr(self.status, key, value)
            self.status.generation += 1
            self.changed.notify_all()

    def _build_once(self) -> None:
        with self.build_lock:
            self._build_locked()

    def _build_locked(self) -> None:
        start = time.perf_counter()
        self._publish(building=True)
        target = self._target
        out_dir = self._out_dir(target)
        rebuilt: list[str] = []
        try:
            paths = self._check(target)
            self.session.forget_stale()  # what was made from files since saved again
            self.session.read.clear()
            project = load_project(paths, self.today, self.session)
            makes = applicable(project)
            names = [n for n in (self.variants or makes) if n in makes]
            warnings = [w.format() for w in project.warnings]
            # The first variant alone first: its pages change as soon as it is laid out.
            groups = [g for g in (names[:1], names[1:]) if g]
            for i, group in enumerate(groups):
                built = build(paths, group, out_dir, Options(self.today), project, force=False)
                rebuilt += [b.variant for b in built if not (b.skipped or b.removed)]
                warnings += [f"warning: {note}" for b in built for note in b.warnings]
                self._publish(
                    building=i < len(groups) - 1,
                    error=None,
                    warnings=warnings,
                    rebuilt=list(rebuilt),
                    took_ms=(time.perf_counter() - start) * 1000,
                    finished=time.strftime("%H:%M:%S"),
                )
                if i < len(groups) - 1:  # the page shows its first page at the top: drawn
                    for b in built:  # now, before the rest are laid out
                        if not (b.skipped or b.removed) and b.path.suffix == ".pdf":
                            self.page_png(b.path.name, 1)
        except Exception as exc:  # a bug must not stop the loop: say it as the CLI would
            said = str(exc) if isinstance(exc, BrochureError) else internal_error(exc)
            self._publish(
                building=False,
                error=said,
                rebuilt=rebuilt,
                took_ms=(time.perf_counter() - start) * 1000,
                finished=time.strftime("%H:%M:%S"),
            )
        finally:
            gc.collect()  # laid-out documents hold pictures in cycles: free them per build

    def wait(self, after: int, timeout: float) -> dict[str, Any]:
        """The status once its generation is past ``after`` (or when ``timeout`` runs out)."""
        with self.changed:
            self.changed.wait_for(
                lambda: self.status.generation > after or self.stopped, timeout=timeout
            )
            status = self.status.as_json()
        t = self._target
        status["target"] = {"leaflet": t.leaflet, "brand": t.brand, "locale": t.locale}
        status["outputs"] = self.outputs()
        return status

    # Pages as pictures -------------------------------------------------------------------

    def _page_count(self, path: Path, stamp: str) -> int:
        import pypdfium2 as pdfium

        key = (str(path), stamp)
        if key not in self._counts:
            with self._render_lock:
                if key not in self._counts:  # counted while this request waited
                    pdf = pdfium.PdfDocument(path.read_bytes())
                    self._counts[key] = len(pdf)
                    pdf.close()
        return self._counts[key]

    def _page_texts(self, path: Path, stamp: str) -> list[str]:
        """Each page's text, to find the page where a section starts."""
        import pypdfium2 as pdfium

        key = (str(path), stamp)
        if key not in self._texts:
            with self._render_lock:
                pdf = pdfium.PdfDocument(path.read_bytes())
                try:
                    texts = []
                    for page in pdf:
                        textpage = page.get_textpage()
                        texts.append(" ".join(textpage.get_text_bounded().split()))
                        textpage.close()
                        page.close()
                finally:
                    pdf.close()
            self._texts[key] = texts
        return self._texts[key]

    def page_of(self, filename: str, words: str) -> int:
        """The first page (1-based) of an output that shows ``words``; 1 if none does."""
        wanted = " ".join(words.split()).lower()
        for output in self.outputs():
            if output["file"] == filename:
                texts = self._page_texts(self.out_dir / filename, output["stamp"])
                for number, text in enumerate(texts, 1):
                    if wanted in text.lower():
                        return number
        return 1

    def page_png(self, filename: str, number: int) -> bytes | None:
        """Page ``number`` (1-based) of a current PDF output as PNG; None if there is none.
        Only pdfium's drawing holds the render lock: the PNG is made beside other requests
        (it took most of each page's time); a page already made is served at once, and one
        being made (the first page, drawn as soon as it is built) is waited for, not drawn
        twice."""
        import io

        import pypdfium2 as pdfium

        current = {o["file"]: o for o in self.outputs() if o["pages"]}
        output = current.get(filename)
        if output is None or not 1 <= number <= output["pages"]:
            return None
        key = (filename, output["stamp"], number)
        with self._pages_lock:
            if key in self._pages:
                self._pages.move_to_end(key)
                return self._pages[key]
            other = self._drawing.get(key)
            if other is None:  # nobody is drawing it: this request does, later ones wait
                drawing = self._drawing[key] = threading.Event()
        if other is not None:
            other.wait()
            with self._pages_lock:
                return self._pages.get(key)
        try:
            with self._render_lock:
                pdf = pdfium.PdfDocument((self.out_dir / filename).read_bytes())
                try:
                    page = pdf[number - 1]
                    image = page.render(scale=SCALE).to_pil()
                    page.close()
                finally:
                    pdf.close()
            buffer = io.BytesIO()
            image.save(buffer, "PNG", optimize=False, compress_level=1)
            png = buffer.getvalue()
            with self._pages_lock:
                self._pages[key] = png
                while len(self._pages) > MAX_PAGE_IMAGES:
                    self._pages.popitem(last=False)
            return png
        finally:
            with self._pages_lock:
                del self._drawing[key]
            drawing.set()
