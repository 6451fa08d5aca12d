"""``make bench-library``: the library at scale, measured side by side in one run.

Generates LEAFLETS leaflets (default 50) x BRANDS brands (default 10) x 2 languages in a
scratch project, then times, each as a fresh process:
  L1  the whole matrix cold, on 1 process and on 2 (documents per second each)
  L2  the same command again with nothing changed (every output up to date)
  L3  after a one-paragraph edit in one leaflet: what is rebuilt, and how long it takes
Smaller runs for a quick look: ``LEAFLETS=10 BRANDS=4 make bench-library``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
LEAFLETS = int(os.environ.get("LEAFLETS", "50"))
BRANDS = int(os.environ.get("BRANDS", "10"))
TOOL = [sys.executable, "-m", "brochure"]

LEAFLET = """\
document:
  id: GEN-{n:03d}
  title: Generated leaflet number {n}
  version: "1"
  last_reviewed: 2026-06-01
brochure:
  sections:
    - id: about
      title: About this topic
      blocks:
        - type: paragraph
          text: This is leaflet {n}. It has a short paragraph so that it reads well.
        - type: bullets
          items:
            - Drink water.
            - Rest well.
            - "Ask {{clinic.name}} if you are unsure."
  disclaimer:
    text: Ask your nurse if you are unsure.
"""


def generate(root: Path) -> None:
    """Assets, BRANDS brands (the sample brand recoloured), LEAFLETS leaflets, each with a
    Spanish edition whose source hashes match (so no unit is stale)."""
    from brochure.content.project import load_content
    from brochure.content.translation import unit_hash, units
    from brochure.errors import Report

    shutil.copytree(ROOT / "assets", root / "assets")
    base = yaml.safe_load((ROOT / "assets/brands/default.yaml").read_text(encoding="utf-8"))
    for b in range(BRANDS):
        brand = dict(base, name=f"Clinic {b:02d}", footer=f"Clinic {b:02d} · Patient education")
        brand.pop("translations", None)
        path = root / "assets/brands" / f"gen{b:02d}.yaml"
        path.write_text(yaml.safe_dump(brand, allow_unicode=True), encoding="utf-8")
    for n in range(LEAFLETS):
        folder = root / "leaflets" / f"gen-{n:03d}"
        folder.mkdir(parents=True)
        english = LEAFLET.format(n=n)
        (folder / "content.yaml").write_text(english, encoding="utf-8")
        content = load_content(folder / "content.yaml", Report())
        assert content is not None
        hashes = {key: unit_hash(unit.value) for key, unit in units(content).items()}
        spanish = yaml.safe_load(english)
        spanish["document"]["language"] = "es-US"
        spanish["document"]["source_hash"] = hashes["document"]
        spanish["brochure"]["sections"][0]["source_hash"] = hashes["section:about"]
        spanish["brochure"]["disclaimer"]["source_hash"] = hashes["disclaimer"]
        (folder / "content.es.yaml").write_text(
            yaml.safe_dump(spanish, allow_unicode=True), encoding="utf-8"
        )
    for name in ("content.yaml", "content.es.yaml"):
        (root / name).unlink(missing_ok=True)


def timed(args: list[str], root: Path) -> tuple[float, list[str]]:
    start = time.perf_counter()
    run = subprocess.run(TOOL + args, cwd=root, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if run.returncode != 0:
        raise SystemExit(f"failed: {' '.join(args)}\n{run.stderr[-2000:]}")
    return seconds, run.stdout.splitlines()


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        generate(root)
        matrix = ["build", "--library", "--all-brands", "--executor", "process"]
        brands = BRANDS + 4  # the generated brands and the sample ones
        print(f"library: {LEAFLETS} leaflets x {brands} brands x 2 languages")
        rates = {}
        for jobs in (1, 2):
            shutil.rmtree(root / "output", ignore_errors=True)
            shutil.rmtree(root / ".cache", ignore_errors=True)
            seconds, lines = timed([*matrix, "--jobs", str(jobs)], root)
            docs = sum(1 for ln in lines if ln.startswith("output/") and "pages" in ln)
            rates[jobs] = docs / seconds
            print(
                f"L1 cold, {jobs} process(es): {docs} documents in {seconds:.1f} s, "
                f"{rates[jobs]:.1f} documents/s"
            )
        print(f"   2 processes / 1 process: {rates[2] / rates[1]:.2f}x")
        seconds, lines = timed([*matrix, "--jobs", "2"], root)
        fresh = sum(1 for ln in lines if "up to date" in ln)
        print(f"L2 nothing changed: {fresh} outputs up to date in {seconds:.1f} s")
        edited = f"gen-{LEAFLETS // 2:03d}"
        leaflet = root / "leaflets" / edited / "content.yaml"
        leaflet.write_text(
            leaflet.read_text(encoding="utf-8").replace("reads well", "reads very well"),
            encoding="utf-8",
        )
        seconds, lines = timed([*matrix, "--jobs", "2"], root)
        rebuilt = sorted({ln.split()[0] for ln in lines if "pages" in ln})
        others = [p for p in rebuilt if not p.startswith(f"output/{edited}/")]
        print(
            f"L3 one paragraph edited: {len(rebuilt)} outputs rebuilt in {seconds:.1f} s, "
            f"{len(others)} outside that leaflet"
        )


if __name__ == "__main__":
    main()
