"""Custom flowables: what they draw is in their name (tick boxes, step badges, QR codes)."""

from __future__ import annotations

from typing import Any

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.attrmap import AttrMap, AttrMapValue
from reportlab.lib.colors import Color
from reportlab.lib.validators import isAnything
from reportlab.platypus import Flowable, Paragraph

from ...adapters.reportlab import SplitTable, row_heights, table_rows
from .tags import Marked


class TaggedParagraph(Marked, Paragraph):
    """A paragraph whose text is its structure element's content (see tags.Marked)."""


class TaggedDrawing(Marked, Drawing):
    """A drawing that is content (a QR code, a Figure), not decoration."""

    # Drawings accept only declared attributes: declare the structure element.
    _attrMap = AttrMap(BASE=Drawing, struct=AttrMapValue(isAnything))


class TickBox(Marked, Flowable):
    """An empty square for the reader to tick with a pen."""

    def __init__(self, size: float, color: Color, line: float = 1.1) -> None:
        super().__init__()
        self.size, self.color, self.line = size, color, line

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.size, self.size

    def draw(self) -> None:
        c = self.canv
        c.setStrokeColor(self.color)
        c.setLineWidth(self.line)
        c.roundRect(0, 0, self.size, self.size, self.size * 0.12, stroke=1, fill=0)


class NumberBadge(Marked, Flowable):
    """A filled circle with a step number in it."""

    def __init__(self, number: int | str, size: float, fill: Color, text: Color, font: str) -> None:
        super().__init__()
        self.number, self.size, self.fill, self.text, self.font = number, size, fill, text, font

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.size, self.size

    def draw(self) -> None:
        c, r = self.canv, self.size / 2
        c.setFillColor(self.fill)
        c.circle(r, r, r, stroke=0, fill=1)
        c.setFillColor(self.text)
        fs = self.size * 0.55
        c.setFont(self.font, fs)
        c.drawCentredString(r, r - fs * 0.36, str(self.number))


class SectionHeading(TaggedParagraph):
    """A section title that also becomes an entry in the PDF outline (bookmarks)."""

    def __init__(self, text: str, style: Any, outline_title: str, level: int = 0) -> None:
        super().__init__(text, style)
        self.outline_title, self.outline_level = outline_title, level


def qr_drawing(url: str, size: float, color: Color) -> TaggedDrawing:
    """ReportLab's own QR widget, scaled to ``size`` points square."""
    widget = QrCodeWidget(url, barLevel="M")
    widget.barFillColor = widget.barStrokeColor = color
    x1, y1, x2, y2 = widget.getBounds()
    drawing = TaggedDrawing(size, size, transform=[size / (x2 - x1), 0, 0, size / (y2 - y1), 0, 0])
    drawing.add(widget)
    return drawing


class RowTable(SplitTable):
    """A table that never leaves a single row alone at the foot or the head of a page."""

    min_rows = 2

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        parts = super().split(avail_width, avail_height)
        if len(parts) != 2:
            return parts
        first, second = parts
        body_first = table_rows(first) - self.repeatRows
        body_second = table_rows(second) - self.repeatRows
        if body_first < self.min_rows:
            return []  # move the whole table on rather than strand a row
        if body_second < self.min_rows and body_first > self.min_rows:
            shorter = sum(row_heights(first)[: -(self.min_rows - body_second)])
            return super().split(avail_width, shorter)
        return parts
