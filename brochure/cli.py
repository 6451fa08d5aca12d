"""The command line: ``brochure build|check|variants``; exit 2 for bad input or an output
folder that cannot take the files, 1 for a bug."""

from __future__ import annotations

import argparse
import sys
import time
import traceback
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from .errors import BrochureError, InputErrors, Problem, internal_error

if TYPE_CHECKING:
    pass

EXIT_OK, EXIT_INTERNAL, EXIT_INPUT, EXIT_PREFLIGHT = 0, 1, 2, 3


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="brochure",
        description="Build branded patient brochures and clinician summaries from content.yaml.",
    )
    p.add_argument("--debug", action="store_true", help="show a traceback for internal errors")
    sub = p.add_subparsers(dest="command", required=True)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--root",
        type=Path,
        default=Path("."),
        help="project folder holding content.yaml and assets/ (default: .)",
    )
    common.add_argument(
        "--content", default="content.yaml", help="content file, relative to the root"
    )
    common.add_argument(
        "--leaflet",
        default=None,
        help="a leaflet of the library: leaflets/NAME/content.yaml (default: content.yaml)",
    )
    common.add_argument(
        "--library",
        action="store_true",
        help="every leaflet of the library, with every translation (content.yaml and leaflets/*)",
    )
    common.add_argument(
        "--brand", default="default", help="brand name: assets/brands/NAME.yaml (default: default)"
    )
    common.add_argument(
        "--locale",
        default=None,
        help="build content.LOCALE.yaml (e.g. es) into output/[BRAND/]LOCALE/",
    )
    common.add_argument(
        "--strict",
        action="store_true",
        help="treat warnings (stale translation, review date, unapproved edits) as errors",
    )
    common.add_argument(
        "--today",
        type=date.fromisoformat,
        default=None,
        help="date for review-date checks (YYYY-MM-DD)",
    )
    b = sub.add_parser("build", parents=[common], help="check the inputs, then build PDFs")
    b.add_argument("--variant", action="append", help="variant to build (repeatable; default: all)")
    b.add_argument(
        "--out", type=Path, default=None, help="output folder (default: output/, or output/BRAND/)"
    )
    b.add_argument(
        "--press",
        action="store_true",
        help="print-shop output: PDF/X in CMYK with bleed, crop marks and page boxes",
    )
    b.add_argument(
        "--pdfx",
        choices=("x-4", "x-1a"),
        default=None,
        help="with --press: PDF/X-4 (live transparency) or PDF/X-1a (none, for conservative "
        "shops); default: the brand's press.standard, else x-4",
    )
    b.add_argument(
        "--force", action="store_true", help="rebuild outputs whose inputs did not change"
    )
    b.add_argument("--all-brands", action="store_true", help="build every brand, in parallel")
    b.add_argument(
        "--preflight",
        action="store_true",
        help="then preflight the output folders (warnings), in this process: what make runs",
    )
    b.add_argument(
        "--jobs",
        type=int,
        default=0,
        help="worker processes (default: one per processor this process may use)",
    )
    b.add_argument(
        "--executor",
        default="process",
        help="where --all-brands/--library run: process (default), thread, none, dask (a local "
        "Dask cluster) or dask://HOST:PORT (a running Dask scheduler)",
    )
    sub.add_parser("check", parents=[common], help="run every check without building")
    sub.add_parser("variants", help="list the variants and their output files")
    sub.add_parser(
        "watch", parents=[common], help="rebuild affected variants whenever a file is saved"
    )
    sv = sub.add_parser(
        "serve",
        parents=[common],
        help="a local web page: live preview of every variant, brand editor, content panel",
    )
    sv.add_argument("--variant", action="append", help="variant to preview (default: all)")
    sv.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default 127.0.0.1; any other is reachable from elsewhere)",
    )
    sv.add_argument("--port", type=int, default=8765, help="port (default 8765; 0: any free)")
    pf = sub.add_parser(
        "preflight",
        help="check finished PDFs for what a reader or print shop would reject",
        description="One line per finding: FILE:page N: (x, y) pt: RULE: what. Exit 0 with "
        "findings as warnings; with --strict, exit 3 when there is any finding.",
    )
    pf.add_argument(
        "pdfs",
        nargs="*",
        type=Path,
        help="PDF files or output folders (default: the outputs of the current build)",
    )
    pf.add_argument("--root", type=Path, default=Path("."), help="project folder (default: .)")
    pf.add_argument("--brand", default="default", help="brand whose outputs to check")
    pf.add_argument("--locale", default=None, help="language edition whose outputs to check")
    pf.add_argument("--strict", action="store_true", help="any finding is an error (exit 3)")
    pf.add_argument(
        "--press",
        action="store_true",
        help="also the print shop's PDF/X checks; a folder gives its *-press.pdf files",
    )
    pf.add_argument(
        "--jobs",
        type=int,
        default=0,
        help="worker processes (default: one per processor this process may use)",
    )
    d = sub.add_parser(
        "diff", parents=[common], help="what changed in the printed text since the previous build"
    )
    d.add_argument(
        "--out", type=Path, default=None, help="output folder to compare (default: output/[BRAND/])"
    )
    return p


def main(argv: list[str] | None = None, stdout: TextIO | None = None) -> int:
    """Run the command line; returns the exit status instead of exiting (for in-process tests)."""
    out = stdout or sys.stdout
    args = _parser().parse_args(argv)
    try:
        status = _run(args, out)
        if args.command == "build":  # what the build kept: within the cache's size
            from .session import cache_dir, trim

            trim(cache_dir(args.root))
        return status
    except BrochureError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_INPUT
    except KeyboardInterrupt:
        if getattr(args, "built", False):  # stopped in build --preflight, after publishing
            said = "the build had finished and its outputs are whole; the preflight was stopped"
        elif getattr(args, "library", False) or getattr(args, "all_brands", False):
            # Editions are published one by one, each as one generation.
            said = "each edition's output folder is as it was or wholly new, none half-written"
        else:
            said = "nothing was changed in the output folder"
        print(f"interrupted: {said}", file=sys.stderr)
        return 130
    except Exception as exc:
        if args.debug:
            traceback.print_exc()
        print(internal_error(exc), file=sys.stderr)
        return EXIT_INTERNAL


def _run(args: argparse.Namespace, out: TextIO) -> int:
    from .variants import registry

    if getattr(args, "leaflet", None) is not None:  # a library leaflet: its content file
        from .library import find

        args.content = find(args.root, args.leaflet).content

    if args.command == "watch":
        return _watch(args, out)
    if args.command == "serve":
        return _serve(args, out)
    if args.command == "diff":
        from .content.assets import check_names
        from .diff import run_diff

        check_names(args.brand, args.content, args.locale)  # names, not paths

        for line in run_diff(
            args.out or output_dir(args.root, args.brand, args.locale, args.leaflet)
        ):
            print(line, file=out)
        return EXIT_OK
    if args.command == "preflight":
        targets = args.pdfs or [output_dir(args.root, args.brand, args.locale, args.leaflet)]
        found = _preflight(args, targets, out)
        return EXIT_PREFLIGHT if found and args.strict else EXIT_OK
    if args.command == "variants":
        for v in registry().values():
            print(f"{v.name:12} {v.filename:34} {v.description}", file=out)
        return EXIT_OK
    from .pipeline import Paths, load_project

    if args.library or (args.command == "build" and args.all_brands):
        return _library(args, out)
    paths = Paths.for_project(args.root, args.brand, args.content, args.locale)
    start = time.perf_counter()
    project = load_project(paths, today(args))
    for w in project.warnings:
        print(w.format(), file=sys.stderr)
    if args.strict:
        strict = [replace(w, severity="error") for w in project.warnings]
        doc = project.content.document
        if doc.status == "draft":  # release means print: a draft is never released
            strict.append(
                Problem(
                    doc.src.at("document.status"),
                    "the document is a draft; approve it before a release build",
                )
            )
        if strict:
            raise InputErrors(strict)
    if args.command == "check":
        from .report import check_summary

        text, warnings = check_summary(project, time.perf_counter() - start)
        for w in warnings:
            print(w.format(), file=sys.stderr)
        print(text, file=out)
        if args.strict and warnings:
            raise InputErrors([replace(w, severity="error") for w in warnings])
        return EXIT_OK
    from . import build
    from .report import describe
    from .variants import Options, applicable

    names = args.variant or applicable(project)
    unknown = [n for n in names if n not in registry()]
    if unknown:
        raise BrochureError(
            f"unknown variant '{unknown[0]}' (expected one of: {', '.join(registry())})"
        )
    out_dir = args.out or output_dir(args.root, args.brand, args.locale, args.leaflet)
    options = Options(today(args), press=args.press, pdfx=args.pdfx)
    for b in build(paths, names, out_dir, options, project, force=args.force, workers=args.jobs):
        print(describe(paths.display(b.path), b), file=out)
        for note in b.warnings:
            print(f"warning: {note}", file=sys.stderr)
    if args.preflight:
        args.built = True  # what Ctrl-C says from here on
        _preflight(args, [out_dir], out)
    return EXIT_OK


def _preflight(args: argparse.Namespace, targets: list[Path], out: TextIO) -> int:
    """Preflight ``targets`` on ``--jobs`` processes; the number of findings. The project's
    own outputs have their checks kept (a file from elsewhere is checked, never kept).
    ``build --preflight`` runs it in the build's process: ``make`` preflights after every
    build, and a second command started Python and imported the tool again (0.15-0.25 s)."""
    from .preflight import run_preflight
    from .processes import workers_for
    from .session import cache_dir

    root = args.root.resolve()
    ours = all(t.resolve().is_relative_to(root) for t in targets)
    cache = cache_dir(root) if ours else None
    strict = getattr(args, "strict", False) and args.command == "preflight"
    workers = workers_for(args.jobs)
    return run_preflight(targets, out, sys.stderr, strict, args.press, cache, workers)


def _library(args: argparse.Namespace, out: TextIO) -> int:
    """Many units at once (leaflets x brands x languages): ``check`` lists every problem of
    every unit, ``build`` runs them on the chosen executor. Exit 2 if any unit's input is bad."""
    from . import library

    root: Path = args.root
    if args.library:
        chosen = library.leaflets(root)
    else:
        chosen = [library.Leaflet(args.leaflet or "", args.content)]
    brand_names = library.brands(root) if getattr(args, "all_brands", False) else [args.brand]
    units = library.matrix(root, chosen, brand_names)
    if not args.library and args.locale is not None:  # --all-brands of one edition
        units = [library.Unit(u.leaflet, u.brand, args.locale) for u in units if u.locale is None]
    elif not args.library:
        units = [u for u in units if u.locale is None]
    if args.command == "check":
        return _check_all(units, args, out)
    with library.executor(args.executor, args.jobs) as pool:
        results = library.run(root, units, today(args), pool, args.press, args.force, args.pdfx)
    failed = False
    for result in results:
        failed |= result.failed
        for line in result.lines:
            print(line, file=sys.stderr if result.failed else out)
    if args.library and not args.press:
        from .catalogue import write_catalogue

        for path in write_catalogue(root, results, today(args)):
            print(f"{path.relative_to(root)}", file=out)
    if failed:
        return EXIT_INPUT
    if args.preflight:
        args.built = True  # what Ctrl-C says from here on
        folders = [u.leaflet.out_dir(root, u.brand, u.locale) for u in units]
        _preflight(args, list(dict.fromkeys(folders)), out)
    return EXIT_OK


def _check_all(units: list[Any], args: argparse.Namespace, out: TextIO) -> int:
    """Load and check every unit; print every problem of every one, then a count."""
    from .pipeline import Paths, load_project

    errors = warnings = 0
    for unit in units:
        try:
            paths = Paths.for_project(args.root, unit.brand, unit.leaflet.content, unit.locale)
            project = load_project(paths, today(args))
        except BrochureError as exc:
            for line in str(exc).splitlines():
                print(f"{unit.label}: {line}", file=sys.stderr)
            errors += len(exc.problems) or 1
            continue
        for w in project.warnings:
            print(f"{unit.label}: {w.format()}", file=sys.stderr)
        warnings += len(project.warnings)
    print(
        f"checked {len(units)} leaflet editions: {errors} error(s), {warnings} warning(s)", file=out
    )
    return EXIT_INPUT if errors or (args.strict and warnings) else EXIT_OK


def today(args: argparse.Namespace) -> date:
    """The date review checks count from: ``--today``, or the clock. Only the command line
    reads the clock; the library always takes the date as an argument."""
    given: date | None = args.today
    return given or clock()


clock = date.today  # the one place the tool reads the clock (tests fix it)


def output_dir(
    root: Path, brand: str, locale: str | None = None, leaflet: str | None = None
) -> Path:
    """The default brand writes to output/, every other brand to output/BRAND/; a language
    other than the original adds a folder (output/es/); a library leaflet's outputs are in
    output/LEAFLET/ (see ``library.Leaflet.out_dir``)."""
    from .library import Leaflet

    return Leaflet(leaflet or "", "").out_dir(root, brand, locale)


def _watch(args: argparse.Namespace, out: TextIO) -> int:
    import signal

    from .pipeline import Paths
    from .watch import Rebuilder, watch

    paths = Paths.for_project(args.root, args.brand, args.content, args.locale)
    out_dir = output_dir(args.root, args.brand, args.locale, args.leaflet)
    rebuild = Rebuilder(paths, out_dir, today(args), lambda line: print(line, file=out, flush=True))

    def stop(_signum: int, _frame: Any) -> None:
        raise KeyboardInterrupt  # SIGTERM stops watch as Ctrl-C does: outputs stay whole

    signal.signal(signal.SIGTERM, stop)
    try:
        rebuild()
        watch(rebuild, args.root, out)
    except KeyboardInterrupt:
        print("stopped watching", file=out)
    return EXIT_OK


def _serve(args: argparse.Namespace, out: TextIO) -> int:
    from .studio.preview import Target
    from .studio.server import serve

    target = Target(args.leaflet or "", args.brand, args.locale)
    try:
        serve(
            args.root,
            target,
            today(args),
            args.host,
            args.port,
            args.variant,
            lambda line: print(line, file=out, flush=True),
        )
    except KeyboardInterrupt:
        print("stopped serving", file=out)
    return EXIT_OK
