"""Lay out a story with ReportLab into PDF bytes, deterministically, in one pass."""

from __future__ import annotations

import io
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from reportlab import rl_config
from reportlab.platypus.doctemplate import LayoutError

from .errors import BrochureError
from .layout.pages import BrochureDoc, DeferredCanvas
from .theme.images import Placement, recording

rl_config.invariant = 1  # same inputs, same bytes: fixed dates and document ids
rl_config.useA85 = 0  # binary streams: ASCII85 makes images 25% bigger and costs a third of a build


@dataclass
class Rendered:
    """A laid-out PDF and what the layout learned (pages, where flowables landed)."""

    data: bytes
    pages: int
    placed: list[tuple[int, Any]]
    reader_pages: int = 0  # booklet: pages in reading order before imposition
    images: list[Placement] = field(default_factory=list)


def render(
    make_doc: Callable[[io.BytesIO], BrochureDoc], story: list[Any], base_font: str
) -> Rendered:
    """Build ``story`` with the doc template ``make_doc`` returns, into bytes."""
    os.environ.setdefault("SOURCE_DATE_EPOCH", "0")
    buf = io.BytesIO()
    doc = make_doc(buf)
    # The page preamble names the canvas's initial font; make it an embedded brand font, not
    # the unembedded standard-14 font that print-shop preflight flags.
    canvasmaker = partial(DeferredCanvas, initialFontName=base_font)
    # Graphics (SVG, QR) fall back to the default graphics font when a group sets a state.
    rl_config.defaultGraphicsFontName = rl_config.canvas_basefontname = base_font
    with recording() as images:
        try:
            doc.build(story, canvasmaker=canvasmaker)
        except LayoutError:
            raise BrochureError(
                "this block cannot fit on one page even when split (a very long word, or a "
                "table row or list item taller than a page); shorten it or split it up",
                doc.current_src,
            ) from None
    return Rendered(buf.getvalue(), doc.page, doc.placed, images=images)
