"""Page furniture and the document template: covers, running header and footer, page numbers.

"Page N of M" is drawn in the same single layout pass: the canvas keeps each finished page
and writes the numbers once the total is known, instead of laying the document out twice.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageBreak, PageTemplate

from ...adapters.reportlab import add_info_keys, page_state, restore_page_state
from ...document.nodes import Furniture
from ...theme.theme import Theme
from .flowables import SectionHeading

Deferred = Callable[[Canvas, int], None]


class DeferredCanvas(Canvas):
    """A canvas that finishes pages only at save time, when the page count is known."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []
        self._deferred: list[Deferred] = []

    def defer(self, draw: Deferred) -> None:
        """Run ``draw(canvas, total_pages)`` on this page once the total is known."""
        self._deferred.append(draw)

    def showPage(self) -> None:
        self._pages.append(page_state(self))
        self._startPage()
        self._deferred = []

    def save(self) -> None:
        total = len(self._pages)
        for state in self._pages:
            restore_page_state(self, state)
            for draw in self._deferred:
                draw(self, total)
            Canvas.showPage(self)
        Canvas.save(self)


@dataclass
class PageSetup:
    """Page size, text margins, and how far artwork may reach (bleed or office margin)."""

    width: float
    height: float
    margins: tuple[float, float, float, float]  # top, right, bottom, left
    bleed: float = 0.0  # press mode: artwork extends this far past the trim
    office_edge: float = 18.0  # office mode: nothing printed this close to the paper edge

    @property
    def art_inset(self) -> float:
        """Inset of 'full-bleed' artwork from the trim edge (negative in press mode)."""
        return -self.bleed if self.bleed else self.office_edge


class PadPages(Flowable):
    """Marks where filler pages go so the final page count is a multiple (saddle stitch: 4).

    The doc template sees it in the same layout pass, when the page count so far is known.
    """

    def __init__(self, multiple: int, after: int, filler: Callable[[], list[Flowable]]) -> None:
        super().__init__()
        self.multiple, self.after, self.filler = multiple, after, filler

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        pass


class RuledLines(Flowable):
    """Writing lines that fill the rest of the frame (the booklet's Notes pages)."""

    def __init__(self, gap: float, color: Any) -> None:
        super().__init__()
        self.gap, self.color = gap, color

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width, self.height = avail_width, avail_height - 1
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        c.setStrokeColor(self.color)
        c.setLineWidth(0.5)
        y = self.height - self.gap
        while y > 0:
            c.line(0, y, self.width, y)
            y -= self.gap


class BrochureDoc(BaseDocTemplate):
    """A doc template that turns section headings into PDF bookmarks as they are placed."""

    def __init__(self, *args: Any, info: dict[str, str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.placed: list[tuple[int, Flowable]] = []
        self._marks = 0
        self.current_src: Any = None  # the content block being laid out, for error messages
        self.extra_info = info or {}

    def beforeDocument(self) -> None:
        """Add document-control keys (id, version, review dates, approval) to the PDF Info."""
        add_info_keys(self.canv, self.extra_info)

    def handle_flowable(self, flowables: list[Flowable]) -> None:
        if flowables and isinstance(flowables[0], PadPages):
            marker = flowables.pop(0)
            # Pages so far, plus the padding, plus the pages after the marker (the back cover).
            pad = (-(self.page + marker.after)) % marker.multiple
            for _ in range(pad):
                flowables[0:0] = [PageBreak(), *marker.filler()]
            return
        if flowables and getattr(flowables[0], "src", None) is not None:
            self.current_src = flowables[0].src
        super().handle_flowable(flowables)

    def afterFlowable(self, flowable: Flowable) -> None:
        self.placed.append((self.page, flowable))
        if isinstance(flowable, SectionHeading):
            self._marks += 1
            key = f"s{self._marks}"
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(
                flowable.outline_title, key, flowable.outline_level, closed=False
            )


def draw_running(
    canvas: Canvas,
    doc: BaseDocTemplate,
    theme: Theme,
    setup: PageSetup,
    furniture: Furniture,
    size: float = 8.5,
) -> None:
    """Header (clinic, document title) and footer (document control, page N of M)."""
    top, right, bottom, left = setup.margins
    w, h = setup.width, setup.height
    canvas.saveState()
    canvas.setFillColor(theme.ink("subheading"))
    canvas.setFont(theme.body.bold, size)
    y = h - top + size * 2.2
    canvas.drawString(left, y, furniture.header_left)
    canvas.setFont(theme.body.regular, size)
    canvas.drawRightString(w - right, y, furniture.header_right)
    canvas.setStrokeColor(theme.color("secondary"))
    canvas.setLineWidth(0.6)
    canvas.line(left, y - size * 0.7, w - right, y - size * 0.7)
    fy = bottom - size * 3.0
    canvas.line(left, fy + size * 1.4, w - right, fy + size * 1.4)
    canvas.setFillColor(theme.ink("body"))
    canvas.drawString(left, fy, furniture.footer_left)
    label, font = furniture.page_label, theme.body.bold
    x_right = w - right

    def page_number(c: Canvas, total: int, n: int = doc.page) -> None:
        c.saveState()
        c.setFont(font, size)
        c.setFillColor(theme.ink("body"))
        c.drawRightString(x_right, fy, label.format(n=n, total=total))
        c.restoreState()

    if label:
        canvas.defer(page_number)
    canvas.restoreState()
    draw_watermark(canvas, setup, theme, furniture)


def draw_watermark(canvas: Canvas, setup: PageSetup, theme: Theme, furniture: Furniture) -> None:
    """A large diagonal DRAFT across the page, as real (extractable) text."""
    if not furniture.draft:
        return
    canvas.saveState()
    canvas.setFillColor(theme.color("warning"), alpha=0.16)
    canvas.translate(setup.width / 2, setup.height / 2)
    canvas.rotate(52)
    size = min(setup.width, setup.height) / 4.2
    canvas.setFont(theme.body.bold, size)
    canvas.drawCentredString(0, -size / 3, furniture.draft)
    canvas.restoreState()


def body_frame(setup: PageSetup, frame_id: str = "body") -> Frame:
    top, right, bottom, left = setup.margins
    return Frame(
        left,
        bottom,
        setup.width - left - right,
        setup.height - top - bottom,
        id=frame_id,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )


def make_template(
    template_id: str, frames: list[Frame], on_page: Callable[[Canvas, BaseDocTemplate], None]
) -> PageTemplate:
    return PageTemplate(id=template_id, frames=frames, onPage=on_page)
