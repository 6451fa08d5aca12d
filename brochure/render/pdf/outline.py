"""SVG text drawn as glyph outlines: a logo is artwork, not words set in type.

A clinic's logo often carries a small line of text ("Spine & Pain Centre" at 6 pt). As text
it would be a glyph below every variant's minimum size, searchable and read aloud as a
fragment; as outlines it prints identically and is what it is, a mark. The outlines come
from the same font files the text would have used (fontTools reads them).
"""

from __future__ import annotations

from functools import cache
from typing import Any

from fontTools.pens.basePen import BasePen
from fontTools.ttLib import TTFont
from reportlab.graphics.shapes import Group, Path, String
from reportlab.pdfbase import pdfmetrics


class _ToPath(BasePen):
    """Collect one glyph's outline into a ReportLab path, scaled and moved into place."""

    def __init__(self, glyphs: Any, path: Path, scale: float, dx: float, dy: float) -> None:
        super().__init__(glyphs)
        self.path, self.scale, self.dx, self.dy = path, scale, dx, dy
        self.last = (0.0, 0.0)

    def _xy(self, pt: tuple[float, float]) -> tuple[float, float]:
        return self.dx + pt[0] * self.scale, self.dy + pt[1] * self.scale

    def _moveTo(self, pt: tuple[float, float]) -> None:
        self.path.moveTo(*self._xy(pt))
        self.last = pt

    def _lineTo(self, pt: tuple[float, float]) -> None:
        self.path.lineTo(*self._xy(pt))
        self.last = pt

    def _curveToOne(self, p1: Any, p2: Any, p3: Any) -> None:
        self.path.curveTo(*self._xy(p1), *self._xy(p2), *self._xy(p3))
        self.last = p3

    def _qCurveToOne(self, p1: Any, p2: Any) -> None:
        # A quadratic Bezier is the cubic with control points 2/3 of the way to its one.
        p0 = self.last
        c1 = (p0[0] + 2 / 3 * (p1[0] - p0[0]), p0[1] + 2 / 3 * (p1[1] - p0[1]))
        c2 = (p2[0] + 2 / 3 * (p1[0] - p2[0]), p2[1] + 2 / 3 * (p1[1] - p2[1]))
        self._curveToOne(c1, c2, p2)

    def _closePath(self) -> None:
        self.path.closePath()


@cache
def _font(filename: str) -> TTFont:
    return TTFont(filename, lazy=True)


def string_path(node: String) -> Path:
    """The outlines of one SVG string, where it printed, in its fill colour."""
    font = _font(pdfmetrics.getFont(node.fontName).face.filename)
    glyphs, cmap = font.getGlyphSet(), font.getBestCmap()
    scale = node.fontSize / font["head"].unitsPerEm
    names = [cmap.get(ord(ch), ".notdef") for ch in str(node.text)]
    width = sum(glyphs[name].width for name in names) * scale
    x = node.x - {"middle": width / 2, "end": width}.get(node.textAnchor, 0.0)
    path = Path(fillColor=node.fillColor, strokeColor=None, strokeWidth=0)
    for name in names:
        glyphs[name].draw(_ToPath(glyphs, path, scale, x, node.y))
        x += glyphs[name].width * scale
    return path


def outline_text(drawing: Any) -> Any:
    """``drawing`` (a copy the caller owns) with every string replaced by its outlines."""
    stack = [drawing]
    while stack:
        node = stack.pop()
        contents = getattr(node, "contents", None)
        if contents is None:
            continue
        for i, child in enumerate(contents):
            if isinstance(child, String):
                contents[i] = string_path(child)
            elif isinstance(child, Group) or hasattr(child, "contents"):
                stack.append(child)
    return drawing
