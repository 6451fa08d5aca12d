"""Finish and write PDFs: verify with pypdf, then replace the old file atomically."""

from __future__ import annotations

import io
import os
import tempfile
from pathlib import Path
from typing import Any

from pypdf import PdfReader

from .errors import BrochureError
from .render import Rendered


def verify(data: bytes, pages: int, name: str) -> None:
    """Re-open the PDF and check the page count before it may replace anything."""
    try:
        got = len(PdfReader(io.BytesIO(data)).pages)
    except Exception as exc:  # pragma: no cover - ReportLab output always parses
        raise BrochureError(f"internal: {name} did not re-open as a PDF ({exc})") from None
    if got != pages:  # pragma: no cover
        raise BrochureError(f"internal: {name} has {got} pages, expected {pages}")


def write_atomic(path: Path, data: bytes) -> None:
    """Write to a temporary file beside ``path`` and rename it into place only when complete.

    A failed or interrupted build leaves the previous file byte-identical and no temporary
    file behind.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


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


def impose_saddle_stitch(rendered: Rendered) -> Rendered:
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
    return Rendered(buf.getvalue(), len(writer.pages), rendered.placed, rendered.pages)


def _copy_document_info(src: PdfReader, writer: Any) -> None:
    """Keep title, author, language and the viewer's title display on a rewritten PDF."""
    from pypdf.generic import NameObject, TextStringObject

    if src.metadata:
        writer.add_metadata({k: v for k, v in src.metadata.items()})
    root = src.trailer["/Root"]
    if "/Lang" in root:
        writer._root_object[NameObject("/Lang")] = TextStringObject(str(root["/Lang"]))
    writer.create_viewer_preferences().display_doctitle = True
