"""What a build leaves beside the PDFs for auditors, print shops and reviewers.

``build-report.json``: for each output, its pages, size, fonts, images with their effective
ppi, reading grade, warnings and SHA-256. ``.snapshot.json``: the printed words, section by
section, so ``brochure diff`` can say what changed since the previous build.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

from .document.nodes import Document
from .render.text import snapshot_sections

REPORT = "build-report.json"
SNAPSHOT = ".snapshot.json"
PREVIOUS = ".snapshot-previous.json"


# A font dictionary's /BaseFont, subset tag left out. Every object of the PDFs this tool
# writes is uncompressed (no object streams), so the names can be read without parsing the
# file again (that took 14 ms of every PDF output).
_BASE_FONT = re.compile(rb"/BaseFont\s*/(?:[A-Z]{6}\+)?([^\s/<>\[\]()]+)")


def pdf_fonts(data: bytes) -> list[str]:
    """Font names (subset prefix removed) in a PDF this tool wrote."""
    return sorted({m.decode("latin-1") for m in _BASE_FONT.findall(data)})


def output_entry(
    path: Path,
    variant: str,
    data: bytes,
    pages: int,
    images: list[Any],
    reading: tuple[str, float] | None,
    warnings: list[str],
) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "file": path.name,
        "variant": variant,
        "pages": pages,
        "bytes": len(data),
        "sha256": hashlib.sha256(data).hexdigest(),
        "fonts": pdf_fonts(data) if path.suffix == ".pdf" else [],
        "images": [
            {
                "name": i.name,
                "placed_in": [round(i.width_pt / 72, 2), round(i.height_pt / 72, 2)],
                "pixels": list(i.pixels),
                "effective_ppi": round(i.ppi),
                "source_ppi": round(i.source_ppi),
            }
            for i in images
        ],
        "warnings": warnings,
    }
    if reading is not None:  # ("reading_grade", 7.9) or the Spanish ease
        entry[reading[0]] = round(reading[1], 1)
    return entry


def previous_outputs(out_dir: Path) -> dict[str, dict[str, Any]]:
    """The folder's report entries by file name: what the tool wrote there before."""
    try:
        return outputs_of((out_dir / REPORT).read_bytes())
    except OSError:
        return {}


def outputs_of(report: bytes | None) -> dict[str, dict[str, Any]]:
    """A report's entries by file name (none for no report, or one that does not read)."""
    try:
        data = json.loads(report or b"{}")
        return {str(e["file"]): e for e in data.get("outputs", [])}
    except (ValueError, AttributeError, KeyError, TypeError):
        return {}


def ppi_note(name: str, source_ppi: float) -> str:
    """The warning an output carries for a picture below print resolution where placed."""
    return f"{name}: {source_ppi:.0f} ppi where placed (300 is print quality)"


_PPI_NOTE = re.compile(r".*: \d+ ppi where placed \(300 is print quality\)")


def rewarned(entry: dict[str, Any], warnings: list[str]) -> dict[str, Any]:
    """An up-to-date output's report entry with this build's warnings: the content's (a
    review now due, a translation no longer stale) replace the old, its own pictures' stay."""
    notes = [w for w in entry.get("warnings", []) if _PPI_NOTE.fullmatch(str(w))]
    return {**entry, "warnings": [*warnings, *notes]}


def report_file(
    previous: dict[str, dict[str, Any]],
    entries: list[dict[str, Any]],
    project_info: dict[str, Any],
    removed: set[str],
) -> bytes:
    """These outputs merged into the ``previous`` report's entries (outputs skipped as up to
    date stay; ``removed`` ones go)."""
    old = {**previous, **{e["file"]: e for e in entries}}
    report = {**project_info, "outputs": [old[k] for k in sorted(old) if k not in removed]}
    return (json.dumps(report, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def snapshot(documents: dict[str, Document], pages: dict[str, int]) -> dict[str, Any]:
    """The printed words of every part (``brochure``, ``summary``) as sentences, by section,
    plus page counts per output."""
    sections: dict[str, Any] = {}
    for part, document in documents.items():
        sections.update(snapshot_sections(document, part))
    return {"sections": sections, "pages": pages}


def snapshot_files(out_dir: Path, snap: dict[str, Any], removed: set[str]) -> dict[str, bytes]:
    """The new snapshot, and the previous build's kept so that ``diff`` can compare the two."""
    current = out_dir / SNAPSHOT
    files = {}
    if current.exists():
        old = json.loads(current.read_text(encoding="utf-8"))
        merged_pages = {**old.get("pages", {}), **snap["pages"]}
        merged_pages = {k: v for k, v in merged_pages.items() if k not in removed}
        snap = {**snap, "pages": merged_pages}
        files[PREVIOUS] = current.read_bytes()  # the build before this one
    files[SNAPSHOT] = json.dumps(snap, indent=1, ensure_ascii=False).encode("utf-8")
    return files
