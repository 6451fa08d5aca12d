"""ReportLab internals we rely on, and the global settings a build changes and restores."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from reportlab import rl_config
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfdoc import PDFDictionary, PDFInfo, PDFString
from reportlab.platypus import Flowable, KeepTogether, Table

WRITTEN_FOR = "5.1.0"

# What a build sets: same inputs, same bytes (fixed dates and ids); binary streams (ASCII85
# makes images 25% bigger and costs a third of a build); the canvas and graphics default
# font (the page preamble and SVG groups name it, so it must be an embedded brand font).
_SETTINGS = ("invariant", "useA85", "defaultGraphicsFontName", "canvas_basefontname")


@contextmanager
def build_settings(base_font: str, epoch: int) -> Iterator[None]:
    """Set ReportLab's process-wide options for one layout, and put them back afterwards.

    ``epoch`` is the date the PDF says it was made (the content's review date, never the
    clock); ReportLab reads it from ``SOURCE_DATE_EPOCH``.
    """
    saved = {name: getattr(rl_config, name) for name in _SETTINGS}
    saved_epoch = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    rl_config.invariant = 1
    rl_config.useA85 = 0
    rl_config.defaultGraphicsFontName = rl_config.canvas_basefontname = base_font
    try:
        yield
    finally:
        for name, value in saved.items():
            setattr(rl_config, name, value)
        if saved_epoch is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = saved_epoch


def page_state(canvas: Any) -> dict[str, Any]:
    """A finished page's whole canvas state. Canvas has no public way to hold a page open
    until the page count is known ("Page N of M" in one pass), so the state is copied."""
    return dict(canvas.__dict__)


def restore_page_state(canvas: Any, state: dict[str, Any]) -> None:
    canvas.__dict__.update(state)


def pdf_document(canvas: Any) -> Any:
    """The canvas's PDFDocument (private ``_doc``): where the Info dictionary lives."""
    return canvas._doc


class ControlledInfo(PDFInfo):
    """PDF Info with custom keys, so a clinic can audit a copy it finds in a drawer.

    PDFInfo writes a fixed set of keys; there is no public hook for more, so its formatted
    dictionary is extended here.
    """

    def __init__(self, extra: dict[str, str], base: PDFInfo) -> None:
        super().__init__()
        self.__dict__.update(base.__dict__)
        self.extra = extra

    def format(self, document: Any) -> bytes:
        base = super().format(document)
        extra = PDFDictionary({k: PDFString(v) for k, v in self.extra.items()}).format(document)
        # Both are "<< ... >>": splice the custom keys into the standard dictionary.
        return bytes(base.rstrip()[:-2] + extra.strip()[2:])


def add_info_keys(canvas: Any, extra: dict[str, str]) -> None:
    if extra:
        doc = pdf_document(canvas)
        doc.info = ControlledInfo(extra, doc.info)


def table_rows(table: Table) -> int:
    """Rows in a (possibly split) table; ``_cellvalues`` is the only record of them."""
    return len(table._cellvalues)


def row_heights(table: Table) -> list[float]:
    """Row heights after ``wrap``; ReportLab keeps them in ``_rowHeights``."""
    return list(table._rowHeights)


def kept_together(flowable: Flowable) -> list[Flowable]:
    """The flowables a KeepTogether holds (``_content``), or the flowable itself; nesting
    one KeepTogether in another reports an "infinite" height, so callers flatten instead."""
    return list(flowable._content) if isinstance(flowable, KeepTogether) else [flowable]


def registered_ttf_names() -> set[str]:
    """Names of registered TrueType fonts; pdfmetrics has no public list of font objects."""
    return {
        name
        for name, font in pdfmetrics._fonts.items()
        if hasattr(font, "face") and hasattr(font.face, "charToGlyph")
    }


def frame_room(frame: Any) -> float:
    """Height left in a frame: ``_y`` (the current position) less ``_y1p`` (the foot, inside
    padding); Frame has no public call for it, and a floating figure must know it."""
    return float(frame._y - frame._y1p)


def annotation_count(canvas: Any) -> int:
    """Annotations on the page being drawn (``_annotationrefs``): a tagged PDF ties each
    link to the structure element it is drawn in, and the canvas has no public list."""
    return len(canvas._annotationrefs)


def current_matrix(canvas: Any) -> tuple[float, ...]:
    """The canvas's transformation (``_currentMatrix``): a figure's bounding box on the page
    must be in page coordinates, and flowables draw inside translated tables."""
    return tuple(canvas._currentMatrix)
