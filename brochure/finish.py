"""Finishing edits a variant declares (bleed and marks, PDF/X), and verification.

An edit changes the finished file in place (page boxes, marks, PDF/X keys), and all of a
variant's edits are made in one pypdf pass over the file. The orchestrator runs what a
variant lists, then verifies every PDF before anything is written. pypdf is imported only
here, for press files: office output never loads it. (The saddle-stitch imposition a
variant declares, ``impose-saddle``, is made by the PDF renderer as it writes the file:
``render.pdf.pages.DeferredCanvas``.)
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from .errors import BrochureError
from .render import Output
from .theme.theme import Theme

if TYPE_CHECKING:
    from pypdf import PdfWriter

# A change to the finished file made on pypdf's writer; it returns the XMP descriptions it
# adds to the file's packet ("" for none).
Edit = Callable[["PdfWriter"], str]


def verify(data: bytes, pages: int, name: str) -> None:
    """Check a finished PDF's skeleton before it may replace anything: its cross-reference
    table points at every object it lists, and its page tree holds ``pages`` pages.

    Read from the bytes, so an office build never loads a PDF library only to re-open what
    ReportLab has just written (pypdf's import alone was a tenth of a build).
    """
    problem = _skeleton_problem(data, pages)
    if problem is not None:
        raise BrochureError(f"internal: {name} {problem}")


def _skeleton_problem(data: bytes, pages: int) -> str | None:
    end = re.search(rb"startxref\s+(\d+)\s+%%EOF\s*$", data[-1024:])
    if not data.startswith(b"%PDF-") or end is None:
        return "is not a whole PDF file"
    xref = int(end[1])
    if data[xref : xref + 4] != b"xref":
        return "has no cross-reference table where it says"
    trailer = data.find(b"trailer", xref)
    offsets: dict[int, int] = {}
    for section in re.finditer(
        rb"(\d+) (\d+)\s*\n((?:\d{10} \d{5} [nf]\s*\n?)*)", data[xref:trailer]
    ):
        first = int(section[1])
        for k, entry in enumerate(re.finditer(rb"(\d{10}) (\d{5}) ([nf])", section[3])):
            offset, number = int(entry[1]), first + k
            if entry[3] == b"f":
                continue
            if not data.startswith(b"%d %d obj" % (number, int(entry[2])), offset):
                return f"has a cross-reference to object {number} that is not there"
            offsets[number] = offset

    def text(ref: re.Match[bytes] | None) -> bytes:
        """A dictionary object's text, from its header to ``endobj``."""
        at = offsets.get(int(ref[1]), -1) if ref else -1
        return data[at : data.find(b"endobj", at)] if at >= 0 else b""

    pages_ref = re.search(
        rb"/Pages (\d+) 0 R", text(re.search(rb"/Root (\d+) 0 R", data[trailer:]))
    )
    count = re.search(rb"/Count (\d+)", text(pages_ref))
    if not count:
        return "has no page tree"
    if int(count[1]) != pages:
        return f"has {int(count[1])} pages, expected {pages}"
    return None


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


MARK_GAP = 3.0  # crop marks start this far outside the bleed
MARK_LENGTH = 18.0  # ReportLab's own default mark length
MARK_WIDTH = 0.5


def bleed_and_marks(bleed: float, folds: tuple[tuple[float, ...], ...]) -> Edit:
    """Grow each page by bleed and a slug for crop marks, and set the page boxes.

    Pages were laid out at trim size with full-bleed artwork already drawn ``bleed`` past
    the edge; here the content is moved in by the slug, MediaBox grows to hold the marks,
    TrimBox is the finished page and BleedBox is trim plus bleed. The page's content keeps
    its bytes (its marked content and structure with them) between a ``q`` and ``cm`` that
    move it and the ``Q`` and marks that follow: pypdf's transform and merge re-parsed every
    page's content to do the same. Figures' Layout boxes in the structure tree move too.
    """

    def edit(writer: PdfWriter) -> str:
        from pypdf.generic import RectangleObject

        slug = bleed + MARK_GAP + MARK_LENGTH + 6
        marks: dict[tuple[float, float, tuple[float, ...]], bytes] = {}
        for i, page in enumerate(writer.pages):
            w, h = float(page.mediabox.width), float(page.mediabox.height)
            key = (w, h, folds[i] if i < len(folds) else ())
            if key not in marks:
                marks[key] = _crop_marks(w, h, slug, bleed) + _fold_marks(h, slug, bleed, key[2])
            own = page.get_contents()
            moved = own.get_data() if own is not None else b""
            page.replace_contents(
                _stream(
                    f"q 1 0 0 1 {slug:g} {slug:g} cm\n".encode() + moved + b"\nQ\n" + marks[key]
                )
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
        _move_layout_boxes(writer, slug, slug)
        return ""

    return edit


def _move_layout_boxes(writer: PdfWriter, dx: float, dy: float) -> None:
    """Move every structure element's Layout /BBox with the page content it describes."""
    from pypdf.generic import ArrayObject, DictionaryObject, FloatObject, NameObject

    from .adapters.pypdf import catalog

    root = catalog(writer).get("/StructTreeRoot")
    stack = [root.get_object()] if root is not None else []
    while stack:
        node = stack.pop()
        attrs = node.get("/A")
        for attr in attrs if isinstance(attrs, ArrayObject) else [attrs] if attrs else []:
            attr = attr.get_object()
            if "/BBox" in attr:
                x1, y1, x2, y2 = (float(v) for v in attr["/BBox"])
                attr[NameObject("/BBox")] = ArrayObject(
                    FloatObject(round(v, 2)) for v in (x1 + dx, y1 + dy, x2 + dx, y2 + dy)
                )
        kids = node.get("/K")
        for kid in kids if isinstance(kids, ArrayObject) else [kids]:
            obj = kid.get_object() if kid is not None else None
            if isinstance(obj, DictionaryObject) and obj.get("/Type") == "/StructElem":
                stack.append(obj)


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


def _pdfx(output: Output, theme: Theme) -> Edit:
    from .pdfx import pdfx_edit

    if theme.press is None:  # pragma: no cover - press variants always get a press theme
        raise BrochureError("internal: a PDF/X step without press colours")
    return pdfx_edit(theme.press)


# The finishing edits a variant may declare, by name: they change the file in place, all of
# them in one pass (``edited``).
EDITS: dict[str, Callable[[Output, Theme], Edit]] = {
    "bleed": lambda output, theme: bleed_and_marks(theme.bleed, output.folds),
    "pdfx": _pdfx,
}


def edited(output: Output, edits: list[Edit]) -> Output:
    """The file with ``edits`` made in order on one pypdf writer, and the descriptions they
    return added to its XMP packet."""
    from pypdf import PdfReader, PdfWriter

    from .adapters.pypdf import catalog
    from .render.pdf.structure import xmp

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(output.data)))
    extra = "".join(edit(writer) for edit in edits)
    if extra:  # every laid-out PDF carries the packet render/pdf/structure.py wrote
        cat = catalog(writer)
        title = (writer.metadata.title if writer.metadata else None) or ""
        packet = xmp(title, str(cat.get("/Lang", "")), "/StructTreeRoot" in cat, extra)
        cat["/Metadata"].get_object().set_data(packet)
    buf = io.BytesIO()
    writer.write(buf)
    return replace(output, data=buf.getvalue())


def finish(output: Output, steps: tuple[str, ...], theme: Theme, name: str) -> Output:
    """Make a variant's declared finishing edits, then verify a PDF before it may be
    written (its imposition, if it declares one, was made as the file was written)."""
    edits = [EDITS[step](output, theme) for step in steps if step in EDITS]
    if edits:
        output = edited(output, edits)
    if output.media_type == "application/pdf":
        verify(output.data, output.pages, name)
    return output
