"""Read what a reader or a print shop would check in a PDF: text, fonts, images, outline."""

from __future__ import annotations

import hashlib
import os
import signal
from datetime import date
from pathlib import Path
from typing import Any

from pypdf import PdfReader
from pypdf.generic import DictionaryObject, IndirectObject

# The suite's clock: every check that depends on the date takes it from here, never the machine.
TODAY = date(2026, 12, 1)


def reader(path: Path) -> PdfReader:
    return PdfReader(str(path))


def text(path: Path) -> str:
    """All page text, pages joined by newlines, whitespace runs folded."""
    pages = [p.extract_text() or "" for p in reader(path).pages]
    return "\n".join(pages)


def folded(s: str) -> str:
    return " ".join(s.split())


def _resolve(obj: Any) -> Any:
    return obj.get_object() if isinstance(obj, IndirectObject) else obj


def fonts(path: Path) -> dict[str, bool]:
    """Base font name -> whether its program is embedded, over pages and form XObjects."""
    found: dict[str, bool] = {}
    seen: set[int] = set()

    def visit(resources: Any) -> None:
        resources = _resolve(resources)
        if not isinstance(resources, DictionaryObject) or id(resources) in seen:
            return
        seen.add(id(resources))
        for font in (_resolve(resources.get("/Font")) or {}).values():
            font = _resolve(font)
            name = str(font.get("/BaseFont", "?")).lstrip("/")
            desc_font = font
            if "/DescendantFonts" in font:
                desc_font = _resolve(_resolve(font["/DescendantFonts"])[0])
            desc = _resolve(desc_font.get("/FontDescriptor"))
            embedded = bool(desc) and any(
                k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3")
            )
            found[name] = found.get(name, False) or embedded
        for xobj in (_resolve(resources.get("/XObject")) or {}).values():
            xobj = _resolve(xobj)
            if xobj.get("/Subtype") == "/Form" and "/Resources" in xobj:
                visit(xobj["/Resources"])

    for page in reader(path).pages:
        if "/Resources" in page:
            visit(page["/Resources"])
    return found


def font_families(path: Path) -> set[str]:
    """Font names without the subset prefix (ABCDEF+NotoSans-Regular -> NotoSans-Regular)."""
    return {name.split("+", 1)[-1] for name in fonts(path)}


def images(path: Path) -> list[tuple[str, int, int]]:
    """Distinct raster images: (sha1 of data, width, height)."""
    out = {}
    for page in reader(path).pages:
        for img in page.images:
            data = img.data
            key = hashlib.sha1(data).hexdigest()
            w, h = img.image.size if img.image is not None else (0, 0)
            out[key] = (key, w, h)
    return list(out.values())


def outline_titles(path: Path) -> list[str]:
    titles = []

    def walk(items: list[Any]) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                titles.append(str(item.title))

    walk(reader(path).outline)
    return titles


def own_group() -> None:
    """For ``preexec_fn``: the child leads its own process group and takes Ctrl-C as a
    terminal would deliver it. A shell's background job (and what it starts) ignores SIGINT,
    and Python then never raises KeyboardInterrupt: a Ctrl-C test run that way saw nothing."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    os.setsid()
