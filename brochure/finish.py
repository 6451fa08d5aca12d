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
from .pdfx import drop_links, pdfx_edit
from .render import Output
from .tagging import Edit, write_structure
from .theme.theme import Theme


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
    """Place reader-order pages two-up on landscape sheets in saddle-stitch order.

    Each page becomes a Form XObject whose content is the page's own bytes, drawn with one
    ``cm`` and ``Do``: pypdf's page merge re-parsed every page's content only to prepend a
    ``cm``, most of the booklet's finishing time. A form also clips to its page, so art
    drawn past one page's edge cannot reach the page beside it on the sheet.
    """
    from pypdf import PdfWriter
    from pypdf.generic import ArrayObject, DictionaryObject, NameObject

    src = PdfReader(io.BytesIO(rendered.data))
    first = src.pages[0]
    w, h = float(first.mediabox.width), float(first.mediabox.height)
    writer = PdfWriter()
    forms = [_page_as_form(writer, page) for page in src.pages]
    for left, right in saddle_order(len(src.pages)):
        side = writer.add_blank_page(2 * w, h)
        side[NameObject("/Resources")] = DictionaryObject(
            {
                NameObject("/XObject"): DictionaryObject(
                    {NameObject("/L"): forms[left - 1], NameObject("/R"): forms[right - 1]}
                )
            }
        )
        side.replace_contents(_stream(f"q /L Do Q q 1 0 0 1 {w:g} 0 cm /R Do Q".encode()))
        links = [_links(writer, src.pages[n - 1], dx) for n, dx in ((left, 0.0), (right, w))]
        if links[0] or links[1]:
            side[NameObject("/Annots")] = ArrayObject(links[0] + links[1])
    _copy_document_info(src, writer)
    buf = io.BytesIO()
    writer.write(buf)
    # Two pages on a sheet cannot keep a structure tree: the booklet is untagged.
    return replace(rendered, data=buf.getvalue(), pages=len(writer.pages), structure=None)


def _page_as_form(writer: Any, page: Any) -> Any:
    """``page`` of a reader as a Form XObject of ``writer``, its content copied unparsed."""
    from pypdf.generic import ArrayObject, FloatObject, NameObject

    contents = page.get_contents()
    form = _stream(contents.get_data() if contents is not None else b"")
    box = page.mediabox
    form[NameObject("/Type")] = NameObject("/XObject")
    form[NameObject("/Subtype")] = NameObject("/Form")
    form[NameObject("/BBox")] = ArrayObject(
        FloatObject(float(v)) for v in (box.left, box.bottom, box.right, box.top)
    )
    form[NameObject("/Resources")] = page["/Resources"].clone(writer)
    return add_object(writer, form)


def _links(writer: Any, page: Any, dx: float) -> list[Any]:
    """A page's links, moved ``dx`` along the sheet with its words (untagged, as the sheet)."""
    links = []
    for annot in page.get("/Annots", []) or []:
        copy = annot.get_object().clone(writer, ignore_fields=("/P", "/StructParent"))
        _move_rect(copy, dx, 0.0)
        links.append(add_object(writer, copy))
    return links


def _move_rect(annot: Any, dx: float, dy: float) -> None:
    """Move an annotation's ``/Rect`` with the content it sits on."""
    from pypdf.generic import ArrayObject, FloatObject, NameObject

    x1, y1, x2, y2 = (float(v) for v in annot["/Rect"])
    annot[NameObject("/Rect")] = ArrayObject(
        FloatObject(v) for v in (x1 + dx, y1 + dy, x2 + dx, y2 + dy)
    )


def _stream(data: bytes) -> Any:
    """A Flate-compressed stream object holding ``data``."""
    from pypdf.generic import DecodedStreamObject

    stream = DecodedStreamObject()
    stream.set_data(data)
    return stream.flate_encode()


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
    TrimBox is the finished page and BleedBox is trim plus bleed. The page's content keeps
    its bytes (its marked content and structure with them) between a ``q`` and ``cm`` that
    move it and the ``Q`` and marks that follow: pypdf's transform and merge re-parsed every
    page's content to do the same.
    """
    from pypdf import PdfWriter
    from pypdf.generic import RectangleObject

    src = PdfReader(io.BytesIO(rendered.data))
    writer = PdfWriter(clone_from=src)
    slug = bleed + MARK_GAP + MARK_LENGTH + 6
    marks: dict[tuple[float, float, tuple[float, ...]], bytes] = {}
    for i, page in enumerate(writer.pages):
        w, h = float(page.mediabox.width), float(page.mediabox.height)
        folds = rendered.folds[i] if i < len(rendered.folds) else ()
        key = (w, h, folds)
        if key not in marks:
            marks[key] = _crop_marks(w, h, slug, bleed) + _fold_marks(h, slug, bleed, folds)
        own = page.get_contents()
        moved = own.get_data() if own is not None else b""
        page.replace_contents(
            _stream(f"q 1 0 0 1 {slug:g} {slug:g} cm\n".encode() + moved + b"\nQ\n" + marks[key])
        )
        for annot in page.get("/Annots", []) or []:
            _move_rect(annot.get_object(), slug, slug)
        full = RectangleObject([0, 0, w + 2 * slug, h + 2 * slug])
        page.mediabox = full
        page.cropbox = full
        page.trimbox = RectangleObject([slug, slug, slug + w, slug + h])
        page.bleedbox = RectangleObject(
            [slug - bleed, slug - bleed, slug + w + bleed, slug + h + bleed]
        )
    buf = io.BytesIO()
    writer.write(buf)
    return replace(rendered, data=buf.getvalue(), pages=len(writer.pages))


def _crop_marks(w: float, h: float, slug: float, bleed: float) -> bytes:
    """The crop marks as PDF operators: no font (a ReportLab canvas would add its
    unembedded standard font), and all of it an artifact (tagged PDF)."""
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
    return "\n".join(ops).encode()


def _fold_marks(h: float, slug: float, bleed: float, folds: tuple[float, ...]) -> bytes:
    """Dashed fold marks above and below each fold, outside the bleed like the crop marks
    (a folded leaflet: the renderer says where its folds are)."""
    if not folds:
        return b""
    start = bleed + MARK_GAP
    ops = ["\n/Artifact BMC", "q", f"{MARK_WIDTH} w", "[3 2] 0 d", "1 1 1 1 K"]
    for fold in folds:
        x = slug + fold
        for y, direction in ((slug, -1), (slug + h, 1)):
            ops.append(f"{x:.3f} {y + direction * start:.3f} m")
            ops.append(f"{x:.3f} {y + direction * (start + MARK_LENGTH):.3f} l S")
    ops += ["Q", "EMC"]
    return "\n".join(ops).encode()


def _pdfx(theme: Theme) -> Edit:
    if theme.press is None:  # pragma: no cover - press variants always get a press theme
        raise BrochureError("internal: a PDF/X step without press colours")
    return pdfx_edit(theme.press)


# The finishing steps a variant may declare, by name. ``EDITS`` change the finished file's
# catalog and metadata; they are made in the structure's own pass over the file.
STEPS: dict[str, Callable[[Output, Theme], Output]] = {
    "impose-saddle": lambda output, theme: impose_saddle_stitch(output, theme.bleed),
    "bleed": lambda output, theme: add_bleed_and_marks(output, theme.bleed),
    "unlink": lambda output, _theme: drop_links(output),
}
EDITS: dict[str, Callable[[Theme], Edit]] = {"pdfx": _pdfx}


def finish(output: Output, steps: tuple[str, ...], theme: Theme, name: str) -> Output:
    """Run a variant's declared finishing steps, then verify a PDF before it may be written."""
    for step in steps:
        if step in STEPS:
            output = STEPS[step](output, theme)
    edit = next((EDITS[step](theme) for step in steps if step in EDITS), None)
    output = write_structure(output, edit)
    if output.media_type == "application/pdf":
        verify(output.data, output.pages, name)
    return output
