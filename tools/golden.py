"""Write or check semantic golden snapshots (tests/golden.py) for every PDF under a folder.

Usage: python tools/golden.py [--check [--tol POINTS] [--limit N]] OUTDIR GOLDENDIR
OUTDIR holds builds of the frozen sample leaflet (tests/fixtures/stem-cell, see `make golden`),
never of the project's content.yaml: the snapshots must not change when a clinic edits it.
Writes GOLDENDIR/<path of each PDF under OUTDIR, .pdf -> .txt>. With --check, writes nothing:
compares each PDF with its snapshot, prints the differences, and exits 1 when any differ (a
snapshot without its PDF, or a PDF without a snapshot, is a difference too).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

import golden  # tests/golden.py, through the path set just above


def pdfs(outdir: Path) -> list[Path]:
    """Every PDF under ``outdir``, as paths relative to it, in a stable order (not the copies
    in the hidden generation folders that the visible names link to)."""
    found = (p.relative_to(outdir) for p in outdir.rglob("*.pdf") if p.is_file())
    return sorted(p for p in found if not any(part.startswith(".") for part in p.parts))


def write(outdir: Path, goldendir: Path) -> int:
    found = pdfs(outdir)
    for rel in found:
        target = goldendir / rel.with_suffix(".txt")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(golden.snapshot(outdir / rel), encoding="utf-8")
        print(f"wrote {target}")
    if not found:
        print(f"no PDFs under {outdir}", file=sys.stderr)
        return 1
    written = {rel.with_suffix(".txt") for rel in found}
    for stale in sorted(
        p for p in goldendir.rglob("*.txt") if p.relative_to(goldendir) not in written
    ):
        print(f"note: {stale} has no PDF under {outdir} (left as it is)")
    return 0


def check(outdir: Path, goldendir: Path, tol: float, limit: int) -> int:
    found = pdfs(outdir)
    expected = {p.relative_to(goldendir) for p in goldendir.rglob("*.txt") if p.is_file()}
    differ = 0
    for rel in found:
        snap = goldendir / rel.with_suffix(".txt")
        expected.discard(rel.with_suffix(".txt"))
        if not snap.is_file():
            print(f"{rel}: no snapshot {snap}")
            differ += 1
            continue
        problems = golden.compare(
            snap.read_text(encoding="utf-8"), golden.snapshot(outdir / rel), tol=tol
        )
        if problems:
            differ += 1
            print(f"{rel}: {len(problems)} difference(s)")
            shown = problems[:limit] if limit > 0 else problems
            for problem in shown:
                print(f"  {problem}")
            if len(shown) < len(problems):
                print(f"  ... and {len(problems) - len(shown)} more (--limit 0 shows all)")
        else:
            print(f"{rel}: ok")
    for rel in sorted(expected):
        print(f"{rel}: snapshot without a PDF under {outdir}")
        differ += 1
    if differ:
        print(f"{differ} file(s) differ")
    return 1 if differ else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("outdir", type=Path, help="folder of built PDFs (searched recursively)")
    parser.add_argument("goldendir", type=Path, help="folder of .txt snapshots")
    parser.add_argument("--check", action="store_true", help="compare instead of writing")
    parser.add_argument(
        "--tol", type=float, default=3.0, help="points positions may move (default: 3)"
    )
    parser.add_argument(
        "--limit", type=int, default=60, help="differences shown per file (default: 60; 0: all)"
    )
    args = parser.parse_args(argv)
    if not args.outdir.is_dir():
        parser.error(f"{args.outdir} is not a folder")
    if args.check:
        return check(args.outdir, args.goldendir, args.tol, args.limit)
    return write(args.outdir, args.goldendir)


if __name__ == "__main__":
    sys.exit(main())
