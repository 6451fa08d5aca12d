"""``make bench``: cold and warm build times against a plain ReportLab floor, in one run.

Prints one table: P1 (brochure vs the floor script), P2 (every variant vs one), P3 (warm
rebuild after an edit), P4 (all brands on 1 and 2 processes; 10x content), P5 (size
breakdown) and memory. Times are medians of several runs on this machine, side by side,
so the ratios mean more than the seconds. Never asserted in tests.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
RUNS = int(os.environ.get("BENCH_RUNS", "5"))


def cold(cmd: list[str], runs: int = RUNS, cwd: Path = ROOT) -> tuple[float, float, float, int]:
    """(median, min, max) seconds of a fresh process, and its peak RSS in KB."""
    times, peak = [], 0
    for _ in range(runs):
        start = time.perf_counter()
        proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
        times.append(time.perf_counter() - start)
        if proc.returncode != 0:
            raise SystemExit(f"failed: {' '.join(cmd)}\n{proc.stderr}")
        peak = max(peak, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    return statistics.median(times), min(times), max(times), peak


def project_copy(tmp: Path, name: str = "p") -> Path:
    dst = tmp / name
    dst.mkdir()
    shutil.copy(ROOT / "content.yaml", dst / "content.yaml")
    (dst / "assets").symlink_to(ROOT / "assets")
    return dst


def row(name: str, value: str, note: str = "") -> None:
    print(f"| {name:44} | {value:>26} | {note}")


def warm_figures(tmp: Path) -> dict[str, float]:
    """P3 and memory, measured inside one process (as `make watch` runs)."""
    code = r"""
import json, resource, sys, time
from pathlib import Path
from datetime import date
from brochure import build
from brochure.pipeline import Paths
from brochure.variants import Options
root = Path(sys.argv[1]); out = root / "output"
paths = Paths.for_project(root)
O = Options(date(2026, 12, 1))
build(paths, ["brochure", "summary"], out, O)
content = root / "content.yaml"
text = content.read_text(encoding="utf-8")
def timed(new_text, names):
    content.write_text(new_text, encoding="utf-8")
    t = time.perf_counter()
    done = build(paths, names, out, O, force=False)
    return time.perf_counter() - t, sorted(b.variant for b in done if not b.skipped)
samples, rebuilt = [], None
both = ["brochure", "summary"]
for i in range(5):
    edit = text.replace("A hard fall or a car crash", f"A hard fall {i} or a car crash")
    s, rebuilt = timed(edit, both)
    samples.append(s)
edit = edit.replace("Small, mostly uncontrolled", "Small, largely uncontrolled")  # on top
sum_s, sum_rebuilt = timed(edit, both)
rss = []
for i in range(50):
    build(paths, ["brochure"], out, O)
    if i in (4, 49):
        rss.append(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
print(json.dumps({"paragraph_edit": sorted(samples)[len(samples) // 2], "rebuilt": rebuilt,
                  "summary_edit": sum_s, "summary_rebuilt": sum_rebuilt,
                  "rss5": rss[0], "rss50": rss[1]}))
"""
    proc = subprocess.run(
        [PY, "-c", code, str(project_copy(tmp, "warm"))], capture_output=True, text=True, cwd=ROOT
    )
    if proc.returncode:
        raise SystemExit(proc.stderr)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def long_content(tmp: Path, factor: int) -> Path:
    """content.yaml with its brochure sections repeated ``factor`` times (unique ids)."""
    import yaml

    data = yaml.safe_load((ROOT / "content.yaml").read_text(encoding="utf-8"))
    sections = data["brochure"]["sections"]
    data["brochure"]["sections"] = [
        dict(s, id=f"{s['id']}-{k}") for k in range(factor) for s in sections
    ]
    dst = project_copy(tmp, f"x{factor}")
    (dst / "content.yaml").write_text(
        yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    return dst


def layout_seconds(project: Path, runs: int = 3) -> float:
    code = r"""
import sys, time
from pathlib import Path
from datetime import date
from brochure import build
from brochure.pipeline import Paths
from brochure.variants import Options
paths = Paths.for_project(Path(sys.argv[1]))
O = Options(date(2026, 12, 1))
build(paths, ["brochure"], Path(sys.argv[1]) / "out", O)
t = time.perf_counter()
for _ in range(int(sys.argv[2])):
    build(paths, ["brochure"], Path(sys.argv[1]) / "out", O)
print((time.perf_counter() - t) / int(sys.argv[2]))
"""
    proc = subprocess.run(
        [PY, "-c", code, str(project), str(runs)], capture_output=True, text=True, cwd=ROOT
    )
    if proc.returncode:
        raise SystemExit(proc.stderr)
    return float(proc.stdout.strip().splitlines()[-1])


def size_breakdown(pdf: Path) -> dict[str, int]:
    from pypdf import PdfReader

    reader = PdfReader(str(pdf))
    sizes = {"fonts": 0, "images": 0, "content streams": 0, "other": 0}
    seen: set[int] = set()
    for num, _gen in ((n, g) for g, nums in reader.xref.items() for n in nums):
        if num in seen:
            continue
        seen.add(num)
        try:
            obj = reader.get_object(num)
        except Exception:
            continue
        data = getattr(obj, "_data", None)
        if data is None:
            continue
        if obj.get("/Subtype") == "/Image":
            sizes["images"] += len(data)
        elif "/Length1" in obj:
            sizes["fonts"] += len(data)
        elif obj.get("/Subtype") == "/Form" or "/Filter" in obj:
            sizes["content streams"] += len(data)
        else:
            sizes["other"] += len(data)
    sizes["file"] = pdf.stat().st_size
    return sizes


def main() -> int:
    tool = [PY, "-m", "brochure"]
    with tempfile.TemporaryDirectory() as t:
        tmp = Path(t)
        project = project_copy(tmp)
        print(
            f"brochure builder benchmark: {RUNS} cold runs each, medians (min-max), "
            f"{os.cpu_count()} cores\n"
        )
        print(f"| {'measure':44} | {'value':>26} | note")
        print(f"|{'-' * 46}|{'-' * 28}|------")
        floor = cold(
            [
                PY,
                str(ROOT / "bench" / "floor.py"),
                str(project / "content.yaml"),
                str(tmp / "floor.pdf"),
            ]
        )

        def brochure_build(*args: str) -> list[str]:
            return [*tool, "build", "--root", str(project), "--force", *args]

        ours = cold(brochure_build("--variant", "brochure", "--out", str(tmp / "o1")))
        every = cold(brochure_build("--out", str(tmp / "o2")))
        cache = project / ".cache"
        one = " ".join(brochure_build("--variant", "brochure", "--out", str(tmp / "o3")))
        first = cold(["bash", "-c", f"rm -rf {cache} && exec {one}"])
        fmt = lambda m: f"{m[0]:.3f} s ({m[1]:.2f}-{m[2]:.2f})"  # noqa: E731
        row("floor: plain ReportLab script, cold", fmt(floor))
        row("brochure variant, cold", fmt(ours))
        row("P1 brochure / floor", f"{ours[0] / floor[0]:.2f}x", "target <= 1.15x")
        row("brochure, cold, empty picture cache", fmt(first), "first build after a checkout")
        row("P1 with an empty picture cache / floor", f"{first[0] / floor[0]:.2f}x")
        row("every variant (5 files), one process, cold", fmt(every))
        row("P2 every variant / one brochure", f"{every[0] / ours[0]:.2f}x", "target <= 2x")
        warm = warm_figures(tmp)
        row(
            "P3 warm rebuild after a paragraph edit",
            f"{warm['paragraph_edit'] * 1000:.0f} ms",
            f"rebuilt {', '.join(warm['rebuilt'])}; target <= 300 ms",
        )
        row(
            "P3 warm rebuild after a summary-only edit",
            f"{warm['summary_edit'] * 1000:.0f} ms",
            f"rebuilt {', '.join(warm['summary_rebuilt'])} only",
        )
        one = cold(
            [*tool, "build", "--root", str(ROOT), "--all-brands", "--jobs", "1", "--force"], runs=1
        )
        two = cold(
            [*tool, "build", "--root", str(ROOT), "--all-brands", "--jobs", "2", "--force"], runs=1
        )
        row("all brands x variants, 1 process", f"{one[0]:.2f} s")
        row("all brands x variants, 2 processes", f"{two[0]:.2f} s")
        row("P4 throughput with 2 processes", f"{one[0] / two[0]:.2f}x", "target >= 1.7x")
        x1, x10 = layout_seconds(long_content(tmp, 1)), layout_seconds(long_content(tmp, 10), 1)
        row("brochure, warm, 1x content", f"{x1:.3f} s")
        row("brochure, warm, 10x content", f"{x10:.3f} s")
        row("P4 cost of 10x content", f"{x10 / x1:.2f}x", "target <= 11x")
        sizes = size_breakdown(tmp / "o1" / "patient-brochure.pdf")
        row(
            "P5 brochure PDF size",
            f"{sizes['file'] / 1024:.0f} KB",
            ", ".join(f"{k} {v / 1024:.0f} KB" for k, v in sizes.items() if k != "file"),
        )
        floor_size = (tmp / "floor.pdf").stat().st_size
        row("floor PDF size (images embedded as given)", f"{floor_size / 1024:.0f} KB")
        row("peak RSS of a cold build process", f"{ours[3] / 1024:.0f} MB")
        row(
            "RSS after 5 / 50 builds in one process",
            f"{warm['rss5'] / 1024:.0f} / {warm['rss50'] / 1024:.0f} MB",
            "no growth expected",
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
