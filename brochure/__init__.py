"""Clinic brochure builder: structured content plus a brand in, print-ready PDFs out.

The whole flow, in order::

    YAML -> load (with line numbers) -> validate into the model -> theme from the brand
         -> a variant builds a story from shared blocks -> ReportLab lays it out
         -> pypdf verifies -> atomic write into output/
"""

from __future__ import annotations

import calendar
import multiprocessing
import os
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from .buildreport import output_entry, save_snapshot, snapshot, write_report
from .content.control import content_hash
from .errors import BrochureError
from .finish import add_bleed_and_marks, verify, write_all
from .incremental import fingerprint, load_state, save_state
from .pipeline import Paths, Project, load_project
from .readability import patient_units, quick_grade
from .render import Rendered
from .theme.images import WARN_PPI
from .variants import Options, registry

PRESS_MIN_PPI = 150


@dataclass
class Built:
    """One written output and what it cost."""

    variant: str
    path: Path
    pages: int
    size: int
    seconds: float
    skipped: bool = False  # up to date: its inputs have not changed since it was written
    warnings: list[str] = field(default_factory=list)


_SHARED: tuple[Project, Options] | None = None  # what forked workers lay out
# Biggest first, so that two workers finish at about the same time.
_COST_ORDER = ("booklet", "brochure", "large-print", "summary", "html")


def render_variant(name: str) -> tuple[str, Rendered, float]:
    """Lay out, check and finish one variant of the shared project (in any process)."""
    assert _SHARED is not None
    project, options = _SHARED
    start = time.perf_counter()
    variant = registry()[name]
    rendered = variant.build(project, options)
    low = [i for i in rendered.images if i.source_ppi < PRESS_MIN_PPI]
    if options.press and low:
        i = low[0]
        raise BrochureError(
            f"{i.name} is only {i.source_ppi:.0f} ppi where it is placed in {variant.filename} "
            f"(press output needs at least {PRESS_MIN_PPI}; use a larger image)",
            i.src,
        )
    if options.press:
        rendered = add_bleed_and_marks(rendered, project.theme.bleed)
    if variant.filename.endswith(".pdf"):
        verify(rendered.data, rendered.pages, variant.filename)
    rendered.placed = []  # flowables stay in the process that made them
    return name, rendered, time.perf_counter() - start


def render_variants(
    project: Project, options: Options, names: list[str], parallel: bool
) -> dict[str, tuple[Rendered, float]]:
    """Every variant in ``names``; with two or more, in forked processes that share the
    parsed fonts, checked content and prepared theme of this one (issue 7, P2)."""
    global _SHARED
    _SHARED = (project, options)
    cores = os.cpu_count() or 1
    if not parallel or len(names) < 2 or cores < 2:
        return {n: (r, s) for n, r, s in map(render_variant, names)}
    order = sorted(names, key=lambda n: _COST_ORDER.index(n) if n in _COST_ORDER else 0)
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=min(len(names), cores), mp_context=context) as pool:
        return {n: (r, s) for n, r, s in pool.map(render_variant, order)}


def build(
    paths: Paths,
    variants: list[str],
    out_dir: Path,
    options: Options | None = None,
    project: Project | None = None,
    force: bool = True,
    parallel: bool = True,
) -> list[Built]:
    """Check the inputs, lay out every requested variant, then write them all.

    Nothing is written until every variant has been laid out and verified, so a failure
    leaves ``out_dir`` as it was.

    Raises:
        BrochureError: the input has problems the author must fix.
    """
    options = options or Options()
    project = project or load_project(paths, options.today)
    # Dates in the PDF come from the content's review date, never the clock (reproducible).
    reviewed = project.content.document.last_reviewed
    os.environ["SOURCE_DATE_EPOCH"] = str(calendar.timegm(reviewed.timetuple()))
    known = registry()
    state = load_state(out_dir)
    todo: list[tuple[str, str, str]] = []
    skipped = []
    for name in variants:
        variant = known[name]
        if options.press and not variant.filename.endswith(".pdf"):
            continue  # press output is for printed variants only
        filename = (
            variant.filename.replace(".pdf", "-press.pdf") if options.press else variant.filename
        )
        stamp = fingerprint(project, variant.reads, options)
        target = out_dir / filename
        if not force and state.get(filename) == stamp and target.exists():
            target.touch()  # make sees it as fresh
            skipped.append(Built(variant.name, target, 0, target.stat().st_size, 0.0, True))
            continue
        todo.append((name, filename, stamp))
    rendered_by_name = render_variants(project, options, [n for n, _f, _s in todo], parallel)
    results = [
        (known[name], filename, *rendered_by_name[name], stamp) for name, filename, stamp in todo
    ]
    built = []
    entries = []
    # One reading grade for all patient outputs: they print the same words.
    patient_grade = quick_grade([u for _n, us in patient_units(project.content) for u in us])
    write_all({out_dir / filename: rendered.data for _v, filename, rendered, _s, _st in results})
    for variant, filename, rendered, seconds, stamp in results:
        path = out_dir / filename
        state[filename] = stamp
        notes = [
            f"{i.name}: {i.source_ppi:.0f} ppi where placed (300 is print quality)"
            for i in rendered.images
            if i.source_ppi < WARN_PPI
        ]
        built.append(
            Built(variant.name, path, rendered.pages, len(rendered.data), seconds, warnings=notes)
        )
        grade = patient_grade if variant.audience == "patient" else None
        entries.append(
            output_entry(
                path,
                variant.name,
                rendered.data,
                rendered.pages,
                rendered.images,
                grade,
                [w.format() for w in project.warnings] + notes,
            )
        )
    if results:
        save_state(out_dir, state)
        doc = project.content.document
        write_report(
            out_dir,
            entries,
            {
                "document": str(doc.id),
                "version": str(doc.version),
                "brand": project.brand.slug,
                "language": str(doc.language),
                "content_hash": content_hash(project.content),
            },
        )
        save_snapshot(out_dir, snapshot(project.content, {b.path.name: b.pages for b in built}))
    return built + skipped
