"""Place pictures (raster or SVG) on a canvas or in the story, at print resolution."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import Group, String
from reportlab.platypus import Flowable

from ...adapters.reportlab import registered_ttf_names
from ...errors import SourceRef
from ...theme.fonts import FontFamily
from ...theme.images import Prepared, aspect, is_vector, load_drawing, prepare_raster, record
from ...theme.theme import Theme


def _svg_fonts_to(drawing: Any, family: FontFamily) -> None:
    """Any SVG text svglib could not map still prints in an embedded brand font."""
    stack = [drawing]
    while stack:
        node = stack.pop()
        if isinstance(node, String) and node.fontName not in registered_ttf_names():
            node.fontName = family.bold if "Bold" in node.fontName else family.regular
        elif isinstance(node, Group) or hasattr(node, "contents"):
            stack.extend(getattr(node, "contents", []))


def draw_picture(
    canvas: Any,
    path: Path,
    x: float,
    y: float,
    width: float,
    height: float,
    theme: Theme,
    src: SourceRef | None = None,
    cover: bool = False,
) -> Prepared | None:
    """Draw ``path`` centred in the box, keeping its aspect ratio.

    By default the picture fits inside the box; with ``cover`` it fills the box and the
    caller clips what overflows (full-bleed artwork).
    """
    session = theme.session
    ratio = aspect(path, src, session)
    fits_width = width * ratio <= height
    if fits_width != cover:
        w, h = width, width * ratio
    else:
        w, h = height / ratio, height
    x += (width - w) / 2
    y += (height - h) / 2
    if is_vector(path):
        drawing = load_drawing(path, src, session, theme.body, theme.heading)
        _svg_fonts_to(drawing, theme.body)
        canvas.saveState()
        canvas.translate(x, y)
        canvas.scale(w / drawing.width, h / drawing.height)
        renderPDF.draw(drawing, canvas, 0, 0)
        canvas.restoreState()
        return None
    prepared = prepare_raster(path, w, h, src, session)
    record(path, w, h, prepared, src)
    canvas.drawImage(prepared.source, x, y, w, h, mask="auto")
    return prepared


class Picture(Flowable):
    """A raster or SVG picture scaled to a width, never taller than the frame allows.

    A portrait picture that would be taller than the frame is scaled down to the frame's
    height (keeping its proportions), so it can always be placed.
    """

    def __init__(
        self, path: Path, width: float, theme: Theme, src: SourceRef | None = None
    ) -> None:
        super().__init__()
        self.path, self.theme, self.src = path, theme, src
        self.want_width = width
        self.ratio = aspect(path, src, theme.session)
        self.hAlign = "CENTER"
        self.max_height = float("inf")  # set by the figure: the frame height less its caption

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        w = min(self.want_width, avail_width)
        if w * self.ratio > self.max_height:
            w = self.max_height / self.ratio
        self.draw_width, self.draw_height = w, w * self.ratio
        return self.draw_width, self.draw_height

    def draw(self) -> None:
        draw_picture(
            self.canv, self.path, 0, 0, self.draw_width, self.draw_height, self.theme, self.src
        )
