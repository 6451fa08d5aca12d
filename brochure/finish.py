"""Finishing steps a variant declares (imposition, bleed and marks), and verification.

Each step takes a renderer's ``Output`` and returns a new one; the orchestrator runs the
steps a variant lists, then verifies every PDF before anything is written.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from pypdf import PdfReader

from .adapters.pypdf import add_object, set_lang
from .errors import BrochureError
from .render import Output
from .tagging import write_structure


def verify(data: bytes, pages: int, name: str) -> None:
    """Re-open the PDF and check the page count before it may replace anything."""
    try:
        got = len(PdfReader(io.BytesIO(data)).pages)
    except Exception as exc:  # pragma: no cover - ReportLab output always parses
        raise BrochureError(f"internal: {name} did not re-open as a PDF ({exc})") from None
    if got != pages:  # pragma: no cover
        raise BrochureError(f"internal: {name} has {got} pages, expected {pages}")


def saddle_order(pages: int) -> list[tuple[int, int]]:
    """Reader page numbers (1-based) for the left and right half of each printed side.

    For 12 pages: (12, 1), (2, 11), (10, 3), (4, 9), ... Printed duplex, flipped on the short
    edge, folded and stapled, the sheets read 1 to N.
    """
    assert pages % 4 == 0
    sides = []
    for sheet in range(pages // 4):
        sides.append((pages - 2 * sheet, 1 + 2 * sheet))
        sides.append((2 + 2 * sheet, pages - 1 - 2 * sheet))
    return sides


def impose_saddle_stitch(rendered: Output, bleed: float) -> Output:
    """Place reader-order pages two-up on landscape sheets in saddle-stitch order."""
    from pypdf import PdfWriter, Transformation

    src = PdfReader(io.BytesIO(rendered.data))
    first = src.pages[0]
    w, h = float(first.mediabox.width), float(first.mediabox.height)
    writer = PdfWriter()
    for left, right in saddle_order(len(src.pages)):
        side = writer.add_blank_page(2 * w, h)
        side.merge_transformed_page(src.pages[left - 1], Transformation())
        side.merge_transformed_page(src.pages[right - 1], Transformation().translate(w, 0))
    _copy_document_info(src, writer)
    buf = io.BytesIO()
    writer.write(buf)
    # Two pages on a sheet cannot keep a structure tree: the booklet is untagged.
    return replace(rendered, data=buf.getvalue(), pages=len(writer.pages), structure=None)


def _copy_document_info(src: PdfReader, writer: Any) -> None:
    """Keep title, author, language and the viewer's title display on a rewritten PDF."""
    if src.metadata:
        writer.add_metadata({k: v for k, v in src.metadata.items()})
    root = src.trailer["/Root"].get_object()
    if "/Lang" in root:  # type: ignore[operator]
        set_lang(writer, str(root["/Lang"]))  # type: ignore[index]
    writer.create_viewer_preferences().display_doctitle = True


MARK_GAP = 3.0  # crop marks start this far outside the bleed
MARK_LENGTH = 18.0  # ReportLab's own default mark length
MARK_WIDTH = 0.5


def add_bleed_and_marks(rendered: Output, bleed: float) -> Output:
    """Grow each page by bleed and a slug for crop marks, and set the page boxes.

    Pages were laid out at trim size with full-bleed artwork already drawn ``bleed`` past
    the edge; here the content is moved in by the slug, MediaBox grows to hold the marks,
    TrimBox is the finished page and BleedBox is trim plus bleed.
    """
    from pypdf import PdfWriter, Transformation
    from pypdf.generic import ArrayObject, FloatObject, NameObject, RectangleObject

    src = PdfReader(io.BytesIO(rendered.data))
    writer = PdfWriter(clone_from=src)
    slug = bleed + MARK_GAP + MARK_LENGTH + 6
    marks: dict[tuple[float, float], Any] = {}
    for page in writer.pages:
        w, h = float(page.mediabox.width), float(page.mediabox.height)
        page.add_transformation(Transformation().translate(slug, slug))
        for annot in page.get("/Annots", []) or []:
            a = annot.get_object()
            x1, y1, x2, y2 = (float(v) for v in a["/Rect"])
            a[NameObject("/Rect")] = ArrayObject(
                [
                    FloatObject(x1 + slug),
                    FloatObject(y1 + slug),
                    FloatObject(x2 + slug),
                    FloatObject(y2 + slug),
                ]
            )
        full = RectangleObject([0, 0, w + 2 * slug, h + 2 * slug])
        page.mediabox = full
        page.cropbox = full
        page.trimbox = RectangleObject([slug, slug, slug + w, slug + h])
        page.bleedbox = RectangleObject(
            [slug - bleed, slug - bleed, slug + w + bleed, slug + h + bleed]
        )
        page.artbox = page.trimbox
        if (w, h) not in marks:
            marks[(w, h)] = PdfReader(io.BytesIO(_crop_marks(w, h, slug, bleed))).pages[0]
        page.merge_page(marks[(w, h)])
    buf = io.BytesIO()
    writer.write(buf)
    return replace(rendered, data=buf.getvalue(), pages=len(writer.pages))


def _crop_marks(w: float, h: float, slug: float, bleed: float) -> bytes:
    """A page with only the crop marks, written as PDF operators: no font (a ReportLab
    canvas would add its unembedded standard font), and all of it an artifact (tagged PDF)."""
    from pypdf import PageObject, PdfWriter
    from pypdf.generic import NameObject, StreamObject

    start = bleed + MARK_GAP
    ops = ["/Artifact BMC", "q", f"{MARK_WIDTH} w", "1 1 1 1 K"]  # registration: every plate
    for x in (slug, slug + w):
        for y, direction in ((slug, -1), (slug + h, 1)):
            ops.append(f"{x:.3f} {y + direction * start:.3f} m")
            ops.append(f"{x:.3f} {y + direction * (start + MARK_LENGTH):.3f} l S")
    for y in (slug, slug + h):
        for x, direction in ((slug, -1), (slug + w, 1)):
            ops.append(f"{x + direction * start:.3f} {y:.3f} m")
            ops.append(f"{x + direction * (start + MARK_LENGTH):.3f} {y:.3f} l S")
    ops += ["Q", "EMC"]
    writer = PdfWriter()
    page = PageObject.create_blank_page(writer, w + 2 * slug, h + 2 * slug)
    content = StreamObject()
    content.set_data("\n".join(ops).encode())
    page[NameObject("/Contents")] = add_object(writer, content)
    writer.add_page(page)
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


# The finishing steps a variant may declare, by name.
STEPS: dict[str, Callable[[Output, float], Output]] = {
    "impose-saddle": impose_saddle_stitch,
    "bleed": add_bleed_and_marks,
}


def finish(output: Output, steps: tuple[str, ...], bleed: float, name: str) -> Output:
    """Run a variant's declared finishing steps, then verify a PDF before it may be written."""
    for step in steps:
        output = STEPS[step](output, bleed)
    output = write_structure(output)
    if output.media_type == "application/pdf":
        verify(output.data, output.pages, name)
    return output
