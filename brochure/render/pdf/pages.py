"""Page furniture and the document template: covers, running header and footer, page numbers.

"Page N of M" is drawn in the same single layout pass: the canvas keeps each finished page
and writes the numbers once the total is known, instead of laying the document out twice.
The same canvas imposes a saddle-stitched booklet as it writes it: each reader page becomes
a form, drawn twice over on sheets in folding order.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageBreak, PageTemplate, Paragraph

from ...adapters.reportlab import (
    add_info_keys,
    frame_room,
    move_link,
    page_as_form,
    page_state,
    restore_page_state,
    set_links,
)
from ...document.nodes import Furniture
from ...theme.theme import Theme
from .. import FORMS_KEY, Placed
from .columns import column_widths
from .flowables import SectionHeading, TaggedParagraph
from .structure import write_tree, write_untagged
from .tags import Elem, MarkingCanvas, marked, watermark

Deferred = Callable[[Canvas, int], None]


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


class DeferredCanvas(MarkingCanvas, Canvas):
    """A canvas that finishes pages only at save time, when the page count is known, marks
    all content (tags.MarkingCanvas) and then writes the structure tree (``structure``, a
    tagged PDF, titled ``title``) into the file. ``links=False`` (press output) makes no
    link annotations: PDF/X allows none on the printed area, and paper is never clicked.

    ``impose=True`` (the office booklet) writes the pages two-up on landscape sheets in
    saddle-stitch order instead: each page a Form XObject (which also clips it, so art drawn
    past one page's edge cannot reach its neighbour on the sheet), its links moved with it.
    Two pages on a sheet cannot keep a structure tree: that file is untagged, and has no
    outline (its entries would point at pages that are now halves of sheets)."""

    def __init__(
        self,
        *args: Any,
        structure: Elem | None = None,
        title: str = "",
        links: bool = True,
        impose: bool = False,
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("pdfVersion", (1, 7))  # PDF/UA-1's base
        super().__init__(*args, **kwargs)
        self.structure, self.title, self.links, self.impose = structure, title, links, impose
        self._pages: list[dict[str, Any]] = []
        self._deferred: list[Deferred] = []
        self.start_marking()

    def page_index(self) -> int:
        return len(self._pages)

    def defer(self, draw: Deferred) -> None:
        """Run ``draw(canvas, total_pages)`` on this page once the total is known."""
        self._deferred.append(draw)

    def showPage(self) -> None:
        self._pages.append(page_state(self))
        self._startPage()
        self._deferred = []
        self.start_marking()

    def save(self) -> None:
        total = len(self._pages)
        links = []
        for number, state in enumerate(self._pages, 1):
            restore_page_state(self, state)
            for draw in self._deferred:
                draw(self, total)
            self.stop_marking()
            if self.impose:
                links.append(page_as_form(self, f"ReaderPage{number}"))
            else:
                Canvas.showPage(self)
        if self.impose:
            self._sheets(links)
            lang = (self.structure.lang if self.structure is not None else None) or ""
            write_untagged(self, self.title, lang, total // 2)
        elif self.structure is not None:
            write_tree(self, self.structure, total, self.title)
        Canvas.save(self)

    def _sheets(self, links: list[list[Any]]) -> None:
        """Draw the reader pages (forms) two to a side, in folding order, with their links."""
        width, height = self._pagesize
        for left, right in saddle_order(len(links)):
            self.setPageSize((2 * width, height))
            self.doForm(f"ReaderPage{left}")
            self.saveState()
            self.translate(width, 0)
            self.doForm(f"ReaderPage{right}")
            self.restoreState()
            set_links(self, links[left - 1] + [move_link(self, k, width) for k in links[right - 1]])
            Canvas.showPage(self)

    def linkURL(self, *args: Any, **kwargs: Any) -> None:
        if self.links:
            super().linkURL(*args, **kwargs)

    def linkRect(self, *args: Any, **kwargs: Any) -> None:
        if self.links:
            super().linkRect(*args, **kwargs)


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

    def __init__(self, multiple: int, after: int, filler: Callable[[int], list[Flowable]]) -> None:
        super().__init__()
        self.multiple, self.after, self.filler = multiple, after, filler

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        pass


class Slot(Flowable):
    """Marks where a fixed panel's content starts, and the frames it may fill: what lands
    in any other frame has overflowed its panel (``render.pdf._overflow`` reads it)."""

    def __init__(self, name: str, frames: tuple[str, ...]) -> None:
        super().__init__()
        self.name, self.frames = name, frames

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        pass


class RuledLines(Flowable):
    """Writing lines that fill the rest of the frame: plain (notes), each with a tick box
    (a questions checklist), or under column heads with column rules (a form)."""

    def __init__(
        self,
        gap: float,
        color: Any,
        heads: tuple[str, ...] = (),
        font: str = "",
        size: float = 0.0,
        boxes: bool = False,
        struct: Elem | None = None,
    ) -> None:
        super().__init__()
        self.gap, self.color, self.heads, self.boxes = gap, color, heads, boxes
        self.font, self.size = font, size
        self.struct = struct  # the form's column heads are words a reader needs

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width, self.height = avail_width, avail_height - 1
        return self.width, self.height

    def draw(self) -> None:
        c, gap = self.canv, self.gap
        c.setStrokeColor(self.color)
        c.setLineWidth(0.5)
        y = self.height - gap
        if self.heads:
            size = self.size
            c.setFont(self.font, size)
            c.setFillColor(self.color)
            x = 0.0
            widths = column_widths(
                [self.heads],
                self.width,
                size * 2,
                "",
                lambda t, row: stringWidth(t, self.font, size),
            )
            with marked(c, self.struct):
                for head, w in zip(self.heads, widths, strict=True):
                    c.drawString(x + size * 0.5, y + gap * 0.3, head)
                    x += w
            x = 0.0
            for w in widths[:-1]:
                x += w
                c.line(x, 0, x, y + gap)
            c.setLineWidth(1.0)
            c.line(0, y, self.width, y)
            c.setLineWidth(0.5)
            y -= gap
        box = gap * 0.45
        while y > 0:
            if self.boxes:
                c.rect(0, y + gap * 0.2, box, box, stroke=1, fill=0)
                c.line(box + gap * 0.4, y, self.width, y)
            else:
                c.line(0, y, self.width, y)
            y -= gap


class BrochureDoc(BaseDocTemplate):
    """A doc template that turns section headings into PDF bookmarks as they are placed."""

    def __init__(self, *args: Any, info: dict[str, str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.placed: list[Placed] = []
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
            for i in reversed(range(pad)):
                flowables[0:0] = [PageBreak(), *marker.filler(i)]
            add_info_keys(self.canv, {FORMS_KEY: str(pad)})  # the text ends before them
            return
        self.float_figure(flowables)
        if flowables and getattr(flowables[0], "src", None) is not None:
            self.current_src = flowables[0].src
        super().handle_flowable(flowables)

    def float_figure(self, flowables: list[Flowable]) -> None:
        """A figure that does not fit the rest of the page lets the paragraphs after it go
        first, as figures float in print: the page fills, and the figure heads the next one
        (with its caption). Only plain paragraphs move, never a heading or another block."""
        if len(flowables) < 2 or not getattr(flowables[0], "floats", False):
            return
        figure, follower = flowables[0], flowables[1]
        plain = type(follower) in (Paragraph, TaggedParagraph)  # not a heading, not a block
        if not plain or getattr(follower.style, "keepWithNext", False):
            return
        room = frame_room(self.frame)
        _w, need = figure.wrapOn(self.canv, self.frame.width, self.frame.height)
        if need > room and room > follower.style.leading * 2:
            flowables[0], flowables[1] = follower, figure

    def afterFlowable(self, flowable: Flowable) -> None:
        frame = getattr(self.frame, "id", "")
        self.placed.append(Placed(self.page, frame, self.current_src, flowable))
        if isinstance(flowable, SectionHeading) and not self.canv.impose:
            self._marks += 1
            key = f"s{self._marks}"
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(
                flowable.outline_title, key, flowable.outline_level, closed=False
            )
            self.canv.showOutline()  # open with the outline shown (/PageMode /UseOutlines)


def shorten(text: str, font: str, size: float, room: float) -> str:
    """``text`` cut at a word boundary, with an ellipsis, so that it fits ``room`` points."""
    words = text.split()
    while words and stringWidth(" ".join(words), font, size) > room:
        words.pop()
        while words and not words[-1][-1].isalnum():
            words.pop()  # never end on a dash or a separator
        if words and stringWidth(" ".join(words) + "\u2026", font, size) <= room:
            return " ".join(words) + "\u2026"
    return " ".join(words)


def wrap_parts(text: str, font: str, size: float, width: float) -> list[str]:
    """A line of " · "-separated parts (document control) broken between parts to fit."""
    lines: list[str] = []
    for part in text.split(" \u00b7 ") if text else []:
        joined = f"{lines[-1]} \u00b7 {part}" if lines else part
        if lines and stringWidth(joined, font, size) <= width:
            lines[-1] = joined
        else:
            lines.append(part)
    return lines


def header_parts(furniture: Furniture, theme: Theme, size: float, width: float) -> tuple[str, str]:
    """The header's left (clinic) and right (running title) parts, never overlapping.

    When the running title does not fit whole beside the clinic (two ems apart), the title
    alone runs across the line, shortened at a word if it must be: the clinic is on both
    covers, and a title cut to two words would help no one. Long titles and large type
    can therefore never collide.
    """
    left, right = furniture.header_left, furniture.header_right
    room = width - stringWidth(left, theme.body.bold, size) - 2 * size
    if not right or stringWidth(right, theme.body.regular, size) <= room:
        return left, right
    return "", shorten(right, theme.body.regular, size, width)


def footer_layout(
    furniture: Furniture, theme: Theme, size: float, width: float
) -> tuple[list[str], bool]:
    """Document control in as many lines as the width needs (broken between its parts),
    and whether the page number needs a line of its own below them."""
    lines = wrap_parts(furniture.footer_left, theme.body.regular, size, width)
    widest = furniture.page_label.format(n=888, total=888) if furniture.page_label else ""
    need = stringWidth(lines[-1], theme.body.regular, size) if lines else 0.0
    need += stringWidth(widest, theme.body.bold, size) + 2 * size
    return lines, bool(widest) and need > width


def footer_lines(furniture: Furniture, theme: Theme, size: float, width: float) -> int:
    """How many lines the footer takes (the margin grows to hold them)."""
    lines, own = footer_layout(furniture, theme, size, width)
    return max(1, len(lines) + own)


def draw_running(
    canvas: Canvas,
    doc: BaseDocTemplate,
    theme: Theme,
    setup: PageSetup,
    furniture: Furniture,
    size: float = 8.5,
) -> None:
    """Header (clinic, document title) and footer (document control, page N of M).

    Every part is measured, so nothing overprints at any type size or title length: see
    ``header_parts`` and ``footer_layout``.
    """
    top, right, bottom, left = setup.margins
    w, h = setup.width, setup.height
    width = w - left - right
    canvas.saveState()
    canvas.setFillColor(theme.ink("subheading"))
    y = h - top + size * 2.2
    head_left, head_right = header_parts(furniture, theme, size, width)
    canvas.setFont(theme.body.bold, size)
    canvas.drawString(left, y, head_left)
    canvas.setFont(theme.body.regular, size)
    if head_left:
        canvas.drawRightString(w - right, y, head_right)
    else:
        canvas.drawString(left, y, head_right)
    canvas.setStrokeColor(theme.color("secondary"))
    canvas.setLineWidth(0.6)
    canvas.line(left, y - size * 0.7, w - right, y - size * 0.7)
    # The rule sits just below the text frame, the footer's lines below it (the margin grew
    # to hold them: see page_setup), the page number on the lowest.
    control, own = footer_layout(furniture, theme, size, width)
    step = size * 1.3
    rule = bottom - size * 1.6
    fy = rule - size * 1.4 - step * (len(control) + own - 1)
    canvas.line(left, rule, w - right, rule)
    canvas.setFillColor(theme.ink("body"))
    for i, line in enumerate(control):
        canvas.drawString(left, fy + step * (len(control) - 1 - i + own), line)
    label, font = furniture.page_label, theme.body.bold
    x_right = w - right

    def page_number(c: Canvas, total: int, n: int = doc.page) -> None:
        if total == 1:  # "Page 1 of 1" tells a reader nothing
            return
        c.saveState()
        c.setFont(font, size)
        c.setFillColor(theme.ink("body"))
        c.drawRightString(x_right, fy, label.format(n=n, total=total))
        c.restoreState()

    if label:
        canvas.defer(page_number)
    canvas.restoreState()
    draw_watermark(canvas, setup, theme, furniture)


WATERMARK_ANGLE = 52.0


def draw_watermark(
    canvas: Canvas,
    setup: PageSetup,
    theme: Theme,
    furniture: Furniture,
    above: float = 0.0,
) -> None:
    """A large diagonal DRAFT across the page, as real (extractable) text.

    Its size is the same in every language unless the word is too long to stay an inch
    inside the paper edge at that size (BORRADOR), when it shrinks to fit. On covers it
    stays ``above`` the clinic's logo and small print.
    """
    if not furniture.draft:
        return
    canvas.saveState()
    canvas.setFillColor(*theme.translucent("warning", 0.16, "background"))
    box_h = setup.height - above
    canvas.translate(setup.width / 2, above + box_h / 2)
    canvas.rotate(WATERMARK_ANGLE)
    cos, sin = math.cos(math.radians(WATERMARK_ANGLE)), math.sin(math.radians(WATERMARK_ANGLE))
    unit = stringWidth(furniture.draft, theme.body.bold, 1.0)  # width at 1 pt
    height = 0.75  # cap height at 1 pt, about
    size = min(
        min(setup.width, setup.height) / 4.2,
        (setup.width - 144) / (unit * cos + height * sin),
        (box_h - 144) / (unit * sin + height * cos),
    )
    canvas.setFont(theme.body.bold, size)
    with watermark(canvas):
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
