"""Place pictures (raster or SVG) on a canvas or in the story, at print resolution."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import Group, String
from reportlab.platypus import Flowable

from ..errors import SourceRef
from ..theme.fonts import FontFamily
from ..theme.images import Prepared, aspect, is_vector, load_drawing, prepare_raster


def _svg_fonts_to(drawing: Any, family: FontFamily) -> None:
    """Draw SVG text in the brand's own fonts, so that every font in the PDF is embedded."""
    stack = [drawing]
    while stack:
        node = stack.pop()
        if isinstance(node, String):
            original = getattr(node, "_svg_font", None) or node.fontName
            node._svg_font = original
            node.fontName = family.bold if "Bold" in original else family.regular
        elif isinstance(node, Group) or hasattr(node, "contents"):
            stack.extend(getattr(node, "contents", []))


def draw_picture(
    canvas: Any,
    path: Path,
    x: float,
    y: float,
    width: float,
    height: float,
    family: FontFamily,
    src: SourceRef | None = None,
) -> Prepared | None:
    """Draw ``path`` into the box (x, y, width, height), keeping its aspect ratio."""
    ratio = aspect(path, src)
    w, h = (width, width * ratio) if width * ratio <= height else (height / ratio, height)
    x += (width - w) / 2
    y += (height - h) / 2
    if is_vector(path):
        drawing = load_drawing(path, src)
        _svg_fonts_to(drawing, family)
        canvas.saveState()
        canvas.translate(x, y)
        canvas.scale(w / drawing.width, h / drawing.height)
        renderPDF.draw(drawing, canvas, 0, 0)
        canvas.restoreState()
        return None
    prepared = prepare_raster(path, w, h, src)
    canvas.drawImage(prepared.source, x, y, w, h, mask="auto")
    return prepared


class Picture(Flowable):
    """A raster or SVG picture scaled to a width, never taller than the frame allows."""

    def __init__(
        self, path: Path, width: float, family: FontFamily, src: SourceRef | None = None
    ) -> None:
        super().__init__()
        self.path, self.family, self.src = path, family, src
        self.want_width = width
        self.ratio = aspect(path, src)
        self.hAlign = "CENTER"

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        w = min(self.want_width, avail_width)
        self.draw_width, self.draw_height = w, w * self.ratio
        return self.draw_width, self.draw_height

    def draw(self) -> None:
        draw_picture(
            self.canv, self.path, 0, 0, self.draw_width, self.draw_height, self.family, self.src
        )
