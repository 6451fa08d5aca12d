"""Clinic brochure builder: structured content plus a brand in, print-ready files out.

The whole flow is ``build`` below::

    YAML -> load and check (pipeline) -> compose one document tree per variant (document)
         -> render: PDF with the variant's page plan, or HTML (render)
         -> finish: the variant's declared steps, then verify (finish)
         -> publish the whole set into output/ as one generation (files)
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import interrupts as _interrupts  # first of all: Ctrl-C while the rest loads
from .adapters import dataclasses as _methods  # first: before any class below is made
from .adapters import pyyaml as _yaml_first  # noqa: F401 - before yaml loads
from .adapters import regex as _patterns  # (pyyaml imports it first): patterns kept
from .adapters import reportlab as _isolated  # noqa: F401 - first: before reportlab loads
from .buildreport import (
    REPORT,
    output_entry,
    outputs_of,
    ppi_note,
    previous_outputs,
    report_file,
    rewarned,
    snapshot,
    snapshot_files,
)
from .content.control import content_hash
from .document.compose import compose_patient, compose_summary
from .document.nodes import Document
from .errors import BrochureError
from .files import check_writable, publish
from .finish import EDITS, finish
from .incremental import DEPS, STATE, code_files, deps_file, fingerprint, load_state, state_file
from .pipeline import Paths, Project, catalogue_facts, load_project
from .processes import fork_map, workers_for
from .readability import quick_reading
from .render import Output
from .render.text import reading_units
from .theme.images import WARN_PPI
from .variants import Options, Variant, applicable, registry

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
    removed: bool = False  # written by an earlier build; this content no longer makes it
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Job:
    """One output to make: which variant, from which composed document, with which options."""

    variant: Variant
    document: Document
    options: Options

    @property
    def filename(self) -> str:
        return self.variant.output_name(self.options.press)


def produce(project: Project, job: Job) -> tuple[Output, float]:
    """Render, finish and verify one output (in any process)."""
    start = time.perf_counter()
    variant, press = job.variant, job.options.press
    if variant.plan is None:
        from .render.html import render_html

        output = render_html(job.document, project.theme)
    else:
        from .render.pdf import render_pdf

        impose = "impose-saddle" in variant.steps(press)  # made as the file is written
        output = render_pdf(job.document, variant.plan, project.theme, press, variant.name, impose)
    low = [i for i in output.images if i.source_ppi < PRESS_MIN_PPI]
    if press and low:
        i = low[0]
        raise BrochureError(
            f"{i.name} is only {i.source_ppi:.0f} ppi where it is placed in {variant.filename} "
            f"(press output needs at least {PRESS_MIN_PPI}; use a larger image)",
            i.src,
        )
    output = finish(output, variant.steps(press), project.theme, job.filename)
    output.placed = []  # flowables stay in the process that made them
    return output, time.perf_counter() - start


# Biggest first, so that two workers finish at about the same time.
COST_ORDER = ("booklet", "brochure", "large-print", "trifold", "summary", "html")


def import_ahead(variants: list[Variant], press: bool) -> None:
    """Import here what two or more of these variants load on first use (pypdf, 50 ms, for
    press files), before work is forked: each worker would import it again. What one
    variant alone needs (pypdf for the office booklet's imposition, the HTML renderer) is
    imported by the worker that makes it, alongside the others' work, not before it."""
    if sum(v.plan is None for v in variants) > 1:
        from .render import html  # noqa: F401
    if sum(any(s in EDITS for s in v.steps(press)) for v in variants) > 1:
        import pypdf  # noqa: F401


def produce_all(project: Project, jobs: list[Job], workers: int) -> list[tuple[Output, float]]:
    """Every job; with two or more and ``workers`` > 1, in forked processes that inherit the
    parsed fonts, checked content and composed documents of this one."""
    if workers < 2 or len(jobs) < 2:
        return [produce(project, job) for job in jobs]
    import_ahead([job.variant for job in jobs], jobs[0].options.press)
    order = sorted(
        range(len(jobs)),
        key=lambda i: (
            COST_ORDER.index(jobs[i].variant.name) if jobs[i].variant.name in COST_ORDER else 0
        ),
    )
    results = fork_map(lambda i: produce(project, jobs[i]), order, min(len(jobs), workers))
    done = dict(zip(order, results, strict=True))
    return [done[i] for i in range(len(jobs))]


@dataclass
class Record:
    """Everything publishing one build needs besides its outputs, as plain data: the library
    publishes a leaflet edition in the process that collected its outputs, not the one (or
    two) that planned and laid it out."""

    paths: Paths
    out_dir: Path
    press: bool
    outputs: list[tuple[str, str]]  # (variant, fingerprint) of each output to make, in order
    skipped: list[Built]  # up to date
    makes: list[str]  # every variant this content makes (its outputs are make's targets)
    removed: set[str]  # files an earlier build wrote that this content no longer makes
    warnings: list[str]
    reading: tuple[str, float]
    sections: dict[str, Any]  # the printed words, for the snapshot that ``diff`` compares
    info: dict[str, str]
    inputs: set[Path]  # every file read: make's prerequisites
    facts: dict[str, Any]  # what the library's catalogue says of it (``catalogue_facts``)


@dataclass
class Plan:
    """One build of one project: the composed documents to lay out, and its record."""

    project: Project
    jobs: list[Job]
    record: Record


def plan(
    paths: Paths,
    variants: list[str],
    out_dir: Path,
    options: Options,
    project: Project | None = None,
    force: bool = True,
    touch: bool = True,
) -> Plan:
    """Check the inputs and compose every requested variant; decide which outputs to make
    (an output whose fingerprint is unchanged since it was written is left alone)."""
    project = project or load_project(paths, options.today)
    if options.press and project.theme.press is None:  # every colour and picture in CMYK
        from dataclasses import replace

        from .theme.press import STANDARDS

        theme = project.theme.for_press(STANDARDS[options.pdfx] if options.pdfx else None)
        project = replace(project, theme=theme)
    known = registry()
    wanted = [known[name] for name in variants if not (options.press and known[name].plan is None)]
    check_writable(out_dir, [v.output_name(options.press) for v in wanted] + [REPORT, STATE, DEPS])
    state = load_state(out_dir)
    makes = applicable(project)
    removed = {f for f, e in previous_outputs(out_dir).items() if e.get("variant") not in makes}
    jobs, outputs, skipped = [], [], []
    for variant in wanted:
        job = Job(variant, variant.compose(project), options)  # composed once: Project.once
        stamp = fingerprint(project, job.variant, job.document, options)
        target = out_dir / job.filename
        if not force and state.get(job.filename) == stamp and target.exists():
            if touch:
                target.touch()  # make sees it as fresh
            skipped.append(Built(variant.name, target, 0, target.stat().st_size, 0.0, True))
            continue
        jobs.append(job)
        outputs.append((variant.name, stamp))
    reading, sections, digest = project.once(("words",), lambda: _words(project))
    doc = project.content.document
    info = {
        "document": str(doc.id),
        "version": str(doc.version),
        "brand": project.brand.slug,
        "language": str(doc.language),
        "content_hash": digest,
    }
    inputs = {paths.content, paths.brand, *([paths.source] if paths.source else [])}
    record = Record(
        paths,
        out_dir,
        options.press,
        outputs,
        skipped,
        makes,
        removed,
        [w.format() for w in project.warnings],
        reading,
        sections,
        info,
        inputs | project.session.read,
        catalogue_facts(project),
    )
    return Plan(project, jobs, record)


def _words(project: Project) -> tuple[tuple[str, float], dict[str, Any], str]:
    """The leaflet's words, whichever variants a build makes: the reading grade of every
    patient output, the snapshot that ``diff`` compares, and the content's hash. Made once
    per project: ``watch`` plans each output on its own, and made them for each."""
    words = {"brochure": compose_patient(project)}
    if project.content.summary is not None:
        words["summary"] = compose_summary(project)
    units = [u for _t, us in reading_units(words["brochure"]) for u in us]
    reading = quick_reading(units, words["brochure"].lang)
    return reading, snapshot(words, {})["sections"], content_hash(project.content)


def build(
    paths: Paths,
    variants: list[str],
    out_dir: Path,
    options: Options,
    project: Project | None = None,
    force: bool = True,
    workers: int = 0,
    touch: bool = True,
) -> list[Built]:
    """Check the inputs, compose and lay out every requested variant, then publish them all.

    Nothing is written until every variant has been laid out and verified, and then the
    whole set is switched in at once, so a failure leaves ``out_dir`` as it was. An output
    whose composed document, page plan, brand and asset bytes are unchanged since it was
    written is left alone (unless ``force``). Outputs an earlier build wrote that this
    content no longer makes (a removed ``summary:``) are deleted. ``workers`` processes lay
    out the variants (0: one per usable processor; 1: this process alone). An output left
    alone is touched, so that make sees it fresh, unless not ``touch`` (watch: a viewer
    would reload it).

    Raises:
        BrochureError: the input has problems the author must fix.
        OutputError: ``out_dir`` cannot be written (checked before any layout).
    """
    return complete(plan(paths, variants, out_dir, options, project, force, touch), workers)


def complete(planned: Plan, workers: int = 0) -> list[Built]:
    """Lay out a plan's outputs on ``workers`` processes (0: one per usable processor) and
    publish them with its record."""
    results = produce_all(planned.project, planned.jobs, workers_for(workers))
    planned.record.inputs |= planned.project.session.read  # and what laying out read here
    return publish_record(planned.record, results)


def _bytes(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def publish_record(rec: Record, results: list[tuple[Output, float]]) -> list[Built]:
    """Write the outputs (``results``, in the order of ``rec.outputs``) with the folder's
    report, state, make dependencies and snapshot, as one generation; if no output changed,
    nothing, or the report alone when what it warns of did."""
    out_dir, paths, known = rec.out_dir, rec.paths, registry()
    state = load_state(out_dir)
    current = _bytes(out_dir / REPORT)
    previous = outputs_of(current)
    built, entries = [], []
    files: dict[str, bytes] = {}
    for (name, stamp), (out, seconds) in zip(rec.outputs, results, strict=True):
        variant = known[name]
        path = out_dir / variant.output_name(rec.press)
        files[path.name] = out.data
        state[path.name] = stamp
        notes = [ppi_note(i.name, i.source_ppi) for i in out.images if i.source_ppi < WARN_PPI]
        built.append(Built(name, path, out.pages, len(out.data), seconds, warnings=notes))
        entries.append(
            output_entry(
                path,
                name,
                out.data,
                out.pages,
                out.images,
                rec.reading if variant.audience == "patient" else None,
                rec.warnings + notes,
            )
        )
    removed = rec.removed
    # Outputs left alone keep their entries, with this build's warnings: a warning can go
    # (or come: a review now due) while nothing printed changes.
    entries += [
        rewarned(previous[b.path.name], rec.warnings)
        for b in rec.skipped
        if b.path.name in previous
    ]
    report = report_file(previous, entries, rec.info, removed)
    if rec.outputs or removed:
        inputs = rec.inputs | set(code_files())
        files[STATE] = state_file({k: v for k, v in state.items() if k not in removed})
        files[REPORT] = report
        files[DEPS] = deps_file(
            paths.displayed(out_dir / known[name].filename for name in rec.makes),
            sorted(set(paths.displayed(inputs))),
        )
        pages = {b.path.name: b.pages for b in built}
        snap = {"sections": rec.sections, "pages": pages}
        files.update(snapshot_files(out_dir, snap, removed))
        publish(out_dir, files, removed)
    elif current is not None and report != current:
        publish(out_dir, {REPORT: report})  # nothing made; only what the report says
    gone = [
        Built(previous[f].get("variant", ""), out_dir / f, 0, 0, 0.0, removed=True)
        for f in sorted(removed)
    ]
    return built + rec.skipped + gone


_methods.done()  # every module above is imported: the classes they make are made
_patterns.done()  # and the patterns they compile as they load are compiled
_interrupts.done()  # and Ctrl-C raises KeyboardInterrupt again
