"""Tagged PDF, layout side: the structure tree in reading order, and marked content.

The tree is built while the story is made, so its order is the document tree's order,
whatever the pages do with it (covers, floated figures, columns). Each flowable that shows
content carries its structure element; when it draws, the canvas wraps its operators in
``/Role <</MCID n>> BDC ... EMC`` and records (page, MCID) on the element. Everything drawn
outside such a flowable (furniture, backgrounds, rules, bullets) is inside ``/Artifact``:
the canvas keeps an artifact sequence open whenever no element is, so no painting
operator can be left unmarked. ``structure.py`` writes the tree into the PDF.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from ...adapters.reportlab import annotation_count, current_matrix

Box = tuple[float, float, float, float]
WATERMARK = "/Artifact <</Type /Pagination /Subtype /Watermark>> BDC"


@dataclass(eq=False)
class Elem:
    """One structure element: a standard role, its content in order, and its attributes.

    ``kids`` holds child elements and marks: ``(page, mcid)`` for content, ``("annot", page,
    index)`` for a link annotation (drawn inside this element, tagged as its /Link child).
    """

    role: str
    kids: list[Any] = field(default_factory=list)
    alt: str | None = None  # Figure: the alt text
    actual: str | None = None  # what a label stands for (a tick box: "☐")
    lang: str | None = None
    attrs: dict[str, str] = field(default_factory=dict)  # /A attributes: Scope, ListNumbering
    bbox: Box | None = None  # Figure: where it is on the page
    once: bool = False  # a repeated table header is marked only where it first prints
    seen: dict[Any, Elem] = field(default_factory=dict, repr=False)  # memo: node -> child

    @property
    def drawn(self) -> bool:
        return any(not isinstance(k, Elem) or k.drawn for k in self.kids)

    def __deepcopy__(self, memo: dict[int, Any]) -> Elem:
        """An element is a place in the tree, not a value: a copied flowable draws the same
        content. ReportLab deep-copies flowables to try a split (``_findSplit``: a list item
        split inside a table cell); a copied element would be outside the tree, so the
        writer would drop the original as never drawn and leave the copy's MCIDs orphaned."""
        return self


class Structure:
    """Builds the tree in reading order; ``open`` nests, ``leaf`` makes a content element.

    Elements are memoised per (parent, key): a block laid out twice (a list re-made so that
    a heading keeps with its first item) reuses its elements, and only what is drawn shows.
    """

    def __init__(self, lang: str) -> None:
        self.root = Elem("Document", lang=lang)
        self.stack = [self.root]
        self.heading_offset = 0  # 1 when the title block is an H1 above the sections

    def child(self, role: str, key: Any = None, **attrs: Any) -> Elem:
        parent = self.stack[-1]
        if key is not None and (key, role) in parent.seen:
            return parent.seen[(key, role)]
        elem = Elem(role, **attrs)
        parent.kids.append(elem)
        if key is not None:
            parent.seen[(key, role)] = elem
        return elem

    @contextmanager
    def open(self, role: str, key: Any = None, **attrs: Any) -> Iterator[Elem]:
        elem = self.child(role, key, **attrs)
        with self.inside(elem):
            yield elem

    @contextmanager
    def inside(self, elem: Elem) -> Iterator[None]:
        self.stack.append(elem)
        try:
            yield
        finally:
            self.stack.pop()

    @property
    def current(self) -> Elem:
        return self.stack[-1]


def tag(flowable: Any, elem: Elem | None) -> Any:
    """Give ``flowable`` (a ``Marked`` one) its element; returns it for chaining."""
    flowable.struct = elem
    return flowable


class Marked:
    """Mixin for a flowable whose drawing is one element's content (a paragraph split over
    two pages keeps its element: both parts mark content for it)."""

    struct: Elem | None = None

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:
        begin = getattr(canvas, "begin_marked", None)
        if self.struct is None or begin is None:
            super().drawOn(canvas, x, y, _sW)  # type: ignore[misc]
            return
        box = (x, y, x + getattr(self, "width", 0), y + getattr(self, "height", 0))
        begun = begin(self.struct, box)
        super().drawOn(canvas, x, y, _sW)  # type: ignore[misc]
        if begun:
            canvas.end_marked()

    def split(self, avail_width: float, avail_height: float) -> list[Any]:
        parts: list[Any] = super().split(avail_width, avail_height)  # type: ignore[misc]
        for part in parts:
            part.struct = self.struct
        return parts


class MarkingCanvas:
    """Canvas mixin: an artifact sequence is open except while an element draws.

    Call ``start_marking`` once the page code starts and ``stop_marking`` before a page is
    closed; ``begin_marked``/``end_marked`` switch to and from an element's content.
    """

    marking_depth = 0
    mcid = 0

    def start_marking(self) -> None:
        self.addLiteral("/Artifact BMC")  # type: ignore[attr-defined]
        self.marking_depth, self.mcid = 0, 0

    def stop_marking(self) -> None:
        self.addLiteral("EMC")  # type: ignore[attr-defined]

    def page_index(self) -> int:
        raise NotImplementedError

    def begin_marked(self, elem: Elem, box: Box) -> bool:
        """Start ``elem``'s content here; False (nothing to end) inside another element's
        content, or for a repeated table header."""
        if self.marking_depth or (elem.once and elem.drawn):
            return False
        page = self.page_index()
        self.addLiteral(f"EMC /{elem.role} <</MCID {self.mcid}>> BDC")  # type: ignore[attr-defined]
        elem.kids.append((page, self.mcid))
        self.mcid += 1
        self.marking_depth = 1
        self.marked_elem, self.annots_before = elem, annotation_count(self)
        if elem.role == "Figure":
            a, b, c, d, e, f = current_matrix(self)
            x1, y1, x2, y2 = box
            corners = [(a * x + c * y + e, b * x + d * y + f) for x in (x1, x2) for y in (y1, y2)]
            xs, ys = [p[0] for p in corners], [p[1] for p in corners]
            elem.bbox = (min(xs), min(ys), max(xs), max(ys))
        return True

    def end_marked(self) -> None:
        page, elem = self.page_index(), self.marked_elem
        for index in range(self.annots_before, annotation_count(self)):
            elem.kids.append(("annot", page, index))
        self.addLiteral("EMC /Artifact BMC")  # type: ignore[attr-defined]
        self.marking_depth = 0

    @contextmanager
    def artifact(self, begin: str) -> Iterator[None]:
        """A specific kind of artifact (the watermark), instead of the plain one."""
        self.addLiteral(f"EMC {begin}")  # type: ignore[attr-defined]
        yield
        self.addLiteral("EMC /Artifact BMC")  # type: ignore[attr-defined]

    @contextmanager
    def marked(self, elem: Elem | None, box: Box = (0, 0, 0, 0)) -> Iterator[None]:
        """Canvas drawing (covers) as ``elem``'s content; ``None``: stays an artifact."""
        begun = elem is not None and self.begin_marked(elem, box)
        yield
        if begun:
            self.end_marked()


@contextmanager
def marked(canvas: Any, elem: Elem | None, box: Box = (0, 0, 0, 0)) -> Iterator[None]:
    """``canvas.marked`` on a marking canvas; nothing on any other (a scratch canvas)."""
    if isinstance(canvas, MarkingCanvas):
        with canvas.marked(elem, box):
            yield
    else:
        yield


@contextmanager
def watermark(canvas: Any) -> Iterator[None]:
    if isinstance(canvas, MarkingCanvas):
        with canvas.artifact(WATERMARK):
            yield
    else:
        yield
