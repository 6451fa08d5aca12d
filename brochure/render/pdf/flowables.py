"""Custom flowables: what they draw is in their name (tick boxes, step badges, QR codes)."""

from __future__ import annotations

from itertools import groupby
from typing import Any

import reportlab
from reportlab.graphics.shapes import Drawing, Group, Path
from reportlab.lib.attrmap import AttrMap, AttrMapValue
from reportlab.lib.colors import Color
from reportlab.lib.validators import isAnything
from reportlab.platypus import Flowable, Paragraph

from ...adapters.reportlab import SplitTable, row_heights, table_rows
from ...session import Session, kept
from .tags import Marked


class TaggedParagraph(Marked, Paragraph):
    """A paragraph whose text is its structure element's content (see tags.Marked).

    ReportLab breaks a paragraph's lines afresh at every ``wrap``, and layout asks two or
    three times at the same width (the frame, a keep-together, a floating figure): 580
    line breakings of 230 paragraphs, a tenth of a build. The last breaking is kept for its
    width, with everything ``wrap`` sets (the height does not depend on the room left).
    """

    _WRAP_STATE = ("width", "height", "_wrapWidths", "blPara", "_width_max")
    _wrapped: tuple[float, dict[str, Any]] | None = None

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        if self._wrapped is not None and self._wrapped[0] == availWidth:
            self.__dict__.update(self._wrapped[1])
            return self.width, self.height
        size: tuple[float, float] = super().wrap(availWidth, availHeight)
        state = {k: self.__dict__[k] for k in self._WRAP_STATE if k in self.__dict__}
        self._wrapped = (availWidth, state)
        return size


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


QUIET = 4  # modules of light margin around a QR code, as its standard asks
QR_FORMAT = 1  # how qr_modules keeps a code; a new number when that changes


def qr_drawing(url: str, size: float, color: Color, session: Session) -> TaggedDrawing:
    """The QR code for ``url`` (error correction M), ``size`` points square with its quiet
    zone: one filled path of the dark runs of each row (ReportLab's widget made a rectangle
    of each, 280 shapes for one code)."""
    rows = qr_modules(url, session)
    side = len(rows) + 2 * QUIET
    path = Path(fillColor=color, strokeColor=None, strokeWidth=0)
    for r, row in enumerate(rows):
        c = 0
        for module, run in groupby(row):
            n = len(list(run))
            if module == "1":  # in module units (small whole numbers in the page's stream)
                x, y = c + QUIET, side - (r + QUIET + 1)
                path.moveTo(x, y)
                path.lineTo(x + n, y)
                path.lineTo(x + n, y + 1)
                path.lineTo(x, y + 1)
                path.closePath()
            c += n
    drawing = TaggedDrawing(size, size)
    drawing.add(Group(path, transform=(size / side, 0, 0, size / side, 0, 0)))
    return drawing


def qr_modules(url: str, session: Session) -> list[str]:
    """The code's rows of modules ("1" dark), from ReportLab's encoder, kept on disk: its
    import (with every barcode ReportLab registers) and the encoding cost 10 ms a build."""

    def encode() -> tuple[list[str], bytes]:
        from reportlab.graphics.barcode import qrencoder

        code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
        code.addData(url)
        code.make()
        rows = ["".join("1" if m else "0" for m in row) for row in code.modules]
        return rows, "\n".join(rows).encode("ascii")

    def restore(data: bytes) -> list[str]:
        rows = data.decode("ascii").split("\n")
        if not rows or any(len(r) != len(rows) or r.strip("01") for r in rows):
            raise ValueError("not a QR code's modules")
        return rows

    target = ("qr", QR_FORMAT, reportlab.Version, url)
    return session.memo("qr", (url,), lambda: kept(session, None, target, encode, restore))


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
