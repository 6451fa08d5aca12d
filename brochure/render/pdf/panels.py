"""Draw on one panel of a folded sheet: the covers' canvas drawing, moved and clipped to it.

The cover and back-cover drawing (covers.py) works in a page of its own; here that page is a
panel, clipped where it may print: to the fold exactly (press artwork, drawn to the bleed,
never crosses a fold), and at the paper's edges to the bleed or the office printer's edge.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Frame

from .plan import Panel

Box = tuple[float, float, float, float]


def printable(panel: Panel, sheet_width: float) -> Box:
    """Where ``panel``'s artwork may print, in sheet coordinates (x1, y1, x2, y2)."""
    setup = panel.setup
    edge = setup.art_inset  # at the paper's edges only
    x1, x2 = panel.x, panel.x + setup.width
    x1 += edge if x1 < 0.5 else 0.0
    x2 -= edge if x2 > sheet_width - 0.5 else 0.0
    return x1, edge, x2, setup.height - edge


@contextmanager
def on_panel(canvas: Canvas, panel: Panel, sheet_width: float) -> Iterator[None]:
    """Draw in ``panel``'s own coordinates, clipped to where it may print."""
    x1, y1, x2, y2 = printable(panel, sheet_width)
    canvas.saveState()
    clip = canvas.beginPath()
    clip.rect(x1, y1, x2 - x1, y2 - y1)
    canvas.clipPath(clip, stroke=0, fill=0)
    canvas.translate(panel.x, 0)
    try:
        yield
    finally:
        canvas.restoreState()


def shifted(frame: Frame, dx: float, frame_id: str) -> Frame:
    """``frame`` (laid out in a panel's coordinates) where the panel is on the sheet."""
    return Frame(
        frame.x1 + dx,
        frame.y1,
        frame.width,
        frame.height,
        id=frame_id,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )
