"""Page plans as data: what a variant's pages look like, read by one function.

A plan names the sheet, the margins, the columns, whether the first page is a cover or a
title strip, whether there is a back cover, the page limit and the padding. ``templates``
turns any plan into ReportLab page templates; a new page shape is a new plan, not a copy
of another variant's code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from reportlab.platypus import Frame, PageTemplate

from ...theme.styles import TypeScale
from ...theme.theme import Theme
from .covers import CoverPlan
from .pages import PageSetup

_BARE = {"leftPadding": 0, "rightPadding": 0, "topPadding": 0, "bottomPadding": 0}


PanelRole = Literal["cover", "flap", "back", "text"]
# The panel that folds in is narrower, so that it does not buckle in the fold (letter fold:
# 3.6875 / 3.6875 / 3.625 in on Letter, 100 / 100 / 97 mm on A4).
FOLD_IN = {"letter": 3.625 * 72, "a4": 97 * 72 / 25.4}


@dataclass(frozen=True)
class Fold:
    """A landscape sheet folded into panels, printed on both sides.

    ``sides`` lists each printed side's panel roles left to right; ``narrow`` the index of
    the fold-in panel on each side (it is behind itself: left outside, right inside).
    """

    sides: tuple[tuple[PanelRole, ...], ...]
    narrow: tuple[int, ...]
    edge: float = 27.0  # text margin from the paper edge (0.375 in; office printers need 0.25)
    gap: float = 18.0  # text margin from a fold (0.25 in; print shops ask for 1/8 at least)


@dataclass(frozen=True)
class Panel:
    """One panel of a printed side: its role, where it starts on the sheet, and its own
    page setup (panel-sized, margins from its edges and folds) for the covers' drawing."""

    role: PanelRole
    x: float
    setup: PageSetup

    def frame(self, frame_id: str) -> Frame:
        top, right, bottom, left = self.setup.margins
        w, h = self.setup.width - left - right, self.setup.height - top - bottom
        return Frame(self.x + left, bottom, w, h, id=frame_id, **_BARE)


@dataclass(frozen=True)
class PagePlan:
    """One variant's pages."""

    label: str  # what the pages are called in messages ("clinician summary")
    scale: TypeScale
    sheet: Literal["full", "half"] = "full"  # half: the brand's sheet folded (booklet pages)
    margin_scale: tuple[float, float, float, float] = (1.0, 1.0, 1.0, 1.0)  # top, right, ...
    side_max: float | None = None  # side margins never wider than this (points)
    columns: int = 1
    gutter: float = 0.0
    head_height: float = 0.0  # a title strip above the columns on page 1 (no cover)
    cover: CoverPlan | None = None  # page 1 is a cover with art, a title band and a strip
    back_cover: bool = False  # the last page is a designed back cover
    # The title block's style for each role; a role not named here is set as body text.
    head_styles: dict[str, str] = field(default_factory=lambda: {"title": "h1", "subtitle": "lead"})
    max_pages: int | None = None  # a fixed-size variant: more pages is an error
    pad_to: int = 1  # pages a multiple of this (2: back cover on a verso; saddle stitch: 4)
    glossary_table: bool = True
    back_offset: float = 0.16  # back cover: the text starts this share of the page down
    fold: Fold | None = None  # a folded sheet: landscape pages of panels, one page per side


def page_setup(
    plan: PagePlan, theme: Theme, press: bool, furniture: float = 0.0, footer_lines: int = 1
) -> PageSetup:
    """The sheet and margins; the margins grow until running furniture of ``furniture`` pt
    (with ``footer_lines`` footer lines) stays clear of the office printer's edge."""
    w, h = theme.half_paper if plan.sheet == "half" else theme.paper
    if plan.fold is not None:
        w, h = h, w
    top, right, bottom, left = (
        m * f for m, f in zip(theme.margins, plan.margin_scale, strict=True)
    )
    if plan.side_max is not None:
        left, right = min(left, plan.side_max), min(right, plan.side_max)
    setup = PageSetup(w, h, (top, right, bottom, left), theme.bleed if press else 0.0)
    if furniture:  # header baseline 2.2 sizes above the text, footer 3 sizes below it
        edge = setup.office_edge + 1
        top = max(top, edge + furniture * 3.2)
        bottom = max(bottom, edge + furniture * (3.3 + 1.3 * (footer_lines - 1)))
        setup.margins = (top, right, bottom, left)
    return setup


def fold_panels(fold: Fold, theme: Theme, press: bool) -> list[list[Panel]]:
    """Each printed side's panels, left to right, on the brand's paper turned landscape.

    In press output a panel's artwork reaches to the bleed on every side, clipped to the
    fold (render/pdf/panels.py); in office output it stops at the printer's edge all round.
    """
    h, w = theme.paper
    narrow = FOLD_IN.get(theme.paper_name, w / 3 - 4.5)
    bleed = theme.bleed if press else 0.0
    sides = []
    for roles, fold_in in zip(fold.sides, fold.narrow, strict=True):
        wide = (w - narrow) / (len(roles) - 1)
        widths = [narrow if i == fold_in else wide for i in range(len(roles))]
        panels, x = [], 0.0
        for i, (role, width) in enumerate(zip(roles, widths, strict=True)):
            # Text keeps the narrower gap from a fold; the covers' words sit inside their
            # colour bands, which stop at the printer's edge short of the fold (office).
            gap = fold.edge if role in ("cover", "back") else fold.gap
            left = fold.edge if i == 0 else gap
            right = fold.edge if i == len(roles) - 1 else gap
            margins = (fold.edge, right, fold.edge, left)
            panels.append(Panel(role, x, PageSetup(width, h, margins, bleed)))
            x += width
        sides.append(panels)
    return sides


def body_frames(plan: PagePlan, setup: PageSetup, first: bool = False) -> list[Frame]:
    """The text frames: columns inside the margins, below the title strip on page 1."""
    top, right, bottom, left = setup.margins
    inner = setup.width - left - right
    col = (inner - plan.gutter * (plan.columns - 1)) / plan.columns
    height = setup.height - top - bottom - (plan.head_height if first else 0.0)
    frames = []
    if first and plan.head_height:
        y = setup.height - top - plan.head_height
        frames.append(
            Frame(left, y, inner, plan.head_height, id="head", **{**_BARE, "bottomPadding": 6})
        )
    for i in range(plan.columns):
        x = left + i * (col + plan.gutter)
        frames.append(Frame(x, bottom, col, height, id=f"col{i + 1}", **_BARE))
    return frames


def template(template_id: str, frames: list[Frame], on_page: object) -> PageTemplate:
    return PageTemplate(id=template_id, frames=frames, onPage=on_page)
