"""The PDF renderer: a document tree and a page plan in, laid-out PDF bytes out."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    ActionFlowable,
    CondPageBreak,
    Flowable,
    Frame,
    FrameBreak,
    KeepInFrame,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Spacer,
)

from ...adapters.reportlab import kept_together
from ...document import nodes as n
from ...errors import BrochureError
from ...markup import escape
from ...theme.styles import build_styles
from ...theme.theme import Theme
from .. import VARIANT_KEY, Output
from .blocks import LayoutContext, flowables
from .covers import (
    CoverPlan,
    back_foot,
    back_frame,
    back_story,
    cover_frame,
    cover_tags,
    draw_back,
    draw_cover,
    head_paragraphs,
    head_story,
)
from .engine import layout
from .flowables import SectionHeading
from .pages import (
    BrochureDoc,
    PadPages,
    PageSetup,
    RuledLines,
    Slot,
    draw_running,
    draw_watermark,
    footer_lines,
)
from .panels import on_panel, shifted
from .plan import Fold, PagePlan, Panel, body_frames, fold_panels, page_setup, template
from .tags import Structure


def render_pdf(
    document: n.Document,
    plan: PagePlan,
    theme: Theme,
    press: bool = False,
    variant: str = "",
    impose: bool = False,
) -> Output:
    """Lay ``document`` out on the pages ``plan`` describes (as ``variant``, named in the PDF);
    ``impose``: written two-up on sheets in saddle-stitch order.

    Raises:
        BrochureError: a fixed-size plan overflows, or a block cannot be placed at all.
    """
    if plan.fold is not None:
        return _render_folded(document, plan, plan.fold, theme, press, variant)
    scale = plan.scale.for_language(document.lang)
    small = scale.furniture
    setup = page_setup(plan, theme, press)
    width = setup.width - setup.margins[1] - setup.margins[3]
    setup = page_setup(
        plan, theme, press, small, footer_lines(document.furniture, theme, small, width)
    )
    styles = build_styles(theme, scale, setup.width / 612)
    frames = body_frames(plan, setup, first=not plan.cover)
    text_frame = frames[-1]
    tags = Structure(document.lang)
    ctx = LayoutContext(
        theme, styles, scale, text_frame.width, text_frame.height, plan.glossary_table, tags
    )
    furniture = document.furniture

    def running(canvas: Any, doc: Any) -> None:
        draw_running(canvas, doc, theme, setup, furniture, small)

    head = head_paragraphs(document.head, ctx, plan.head_styles)
    story: list[Flowable] = []
    if plan.cover is not None and document.cover is not None:
        cover, cplan = document.cover, plan.cover
        if scale.min_text:  # large print never shrinks the title: the band grows instead
            cplan = grown_band(head, setup, cplan)
        band = cover_frame(setup, cplan)
        front = cover_tags(tags, 1 + len(cover.reach), cover.art_alt if cover.art else "")
        templates = [
            template(
                "cover",
                [band],
                lambda c, d: draw_cover(c, cover, furniture, ctx, setup, cplan, front),
            ),
            template("body", body_frames(plan, setup), running),
        ]
        story += [head_story(head, band), NextPageTemplate("body"), PageBreak()]
    else:
        templates = [template("body", frames, running)]
        story += [head_story(head, frames[0], "BOTTOM"), FrameBreak()]
    story += flowables(document.body, ctx)
    if plan.pad_to > 1:
        pads = document.furniture.pads
        pad_tags = tags.child("Div")  # made during layout, read after the body

        def pad_page(i: int) -> list[Flowable]:
            """The i-th padding page: each of the locale's pads once, then its last again."""
            pad = pads[min(i, len(pads) - 1)]
            with tags.inside(pad_tags):
                out = [ctx.tagged(escape(pad.title), styles["h1"], ctx.heading(1))]
                out += [ctx.tagged(escape(pad.hint), styles["body"])] if pad.hint else []
                heads = tags.child("P") if pad.heads else None
            color, font = theme.color("secondary"), theme.body.bold
            size = max(scale.body * 0.9, scale.min_text)
            lines = RuledLines(scale.body * 2.2, color, pad.heads, font, size, pad.boxes, heads)
            return [*out, lines]

        if pads:
            story.append(PadPages(plan.pad_to, 1 if plan.back_cover else 0, pad_page))
    if plan.back_cover and document.back is not None and plan.cover is not None:
        back = _back(document, document.back, ctx, setup, plan)
        templates.append(template("back", [back.frame], lambda c, d: back.draw(c)))
        story += [NextPageTemplate("back"), PageBreak(), *back.flow]
    return _laid_out(document, plan, theme, setup, templates, story, variant, tags, impose)


def _laid_out(
    document: n.Document,
    plan: PagePlan,
    theme: Theme,
    setup: PageSetup,
    templates: list[PageTemplate],
    story: list[Flowable],
    variant: str,
    tags: Structure,
    impose: bool = False,
) -> Output:
    """Lay the story out on the templates; a fixed-size plan that overflows is an error."""
    meta = document.meta
    top, right, bottom, left = setup.margins

    def make_doc(buf: io.BytesIO) -> BrochureDoc:
        return BrochureDoc(
            buf,
            pagesize=(setup.width, setup.height),
            pageTemplates=templates,
            title=meta.title,
            author=meta.author,
            subject=meta.subject,
            keywords=", ".join(meta.keywords),
            creator="brochure builder",
            lang=document.lang,
            displayDocTitle=1,
            info={**dict(meta.info), **({VARIANT_KEY: variant} if variant else {})},
            leftMargin=left,
            rightMargin=right,
            topMargin=top,
            bottomMargin=bottom,
        )

    colors = theme.press.convert if theme.press is not None else None
    root, title = tags.root, meta.title
    out = layout(make_doc, story, theme.body.regular, meta.epoch, colors, root, title, impose)
    if plan.max_pages is not None:
        error = _overflow(out, plan, document)
        if error is not None:
            raise error
    return out


def stacked_height(flowables: list[Flowable], width: float) -> float:
    """The height a list of flowables takes in one frame of ``width``."""
    scratch = Canvas(io.BytesIO())  # some flowables measure text on a canvas
    total = 0.0
    for f in flowables:
        total += f.wrapOn(scratch, width, 10_000)[1] + f.getSpaceBefore() + f.getSpaceAfter()
    return total


def grown_band(head: list[Flowable], setup: PageSetup, plan: CoverPlan) -> CoverPlan:
    """The cover plan with its title band grown until the title block fits at full size."""
    band = cover_frame(setup, plan)
    short = stacked_height(head, band.width) - band.height + 2
    return replace(plan, band_top=plan.band_top + short / setup.height) if short > 0 else plan


@dataclass
class BackPanel:
    """The back cover's text frame, its story, and what it draws on the canvas."""

    frame: Frame
    flow: list[Flowable]
    draw: Callable[[Any], None]


def _back(
    document: n.Document,
    back: n.BackCover,
    ctx: LayoutContext,
    setup: PageSetup,
    plan: PagePlan,
) -> BackPanel:
    """The back cover on a page (or panel) of ``setup``; its elements are made now, in
    reading order after everything made before."""
    assert plan.cover is not None
    cplan, scale, h, furniture = plan.cover, ctx.scale, setup.height, document.furniture
    frame = back_frame(back_foot(back, furniture, ctx, setup), setup, cplan)
    band_tags = cover_tags(ctx.tags, 1 + bool(back.tagline))  # the band's name and tagline
    back_ctx = replace(ctx, width=frame.width)
    flow = back_story(back, back_ctx)
    flat = [inner for f in flow for inner in kept_together(f)]
    if plan.fold is not None:  # measured as it is (a KeepTogether always asks to be split)
        flow = flat
    # The text starts the plan's share down the page (below the top margin), higher if
    # it would not fit there, and never higher than the frame under the colour band.
    room = frame.height - stacked_height(flow, frame.width) - 1
    if room < 0:  # never a second back cover: smaller type, or (large print) a clear error
        if scale.min_text or plan.fold is not None:
            raise BrochureError(
                f"the back cover of the {plan.label} cannot hold the clinic's details at "
                f"{max(scale.min_text, scale.body):g} pt (short by {-room:.0f} pt); shorten "
                "the brand's address or footer",
                document.src,
            )
        flow = [KeepInFrame(frame.width, frame.height - 1, flat)]
        room = 0.0
    wanted = setup.margins[0] + h * plan.back_offset - (h - frame.y1 - frame.height)
    offset = max(0.0, min(wanted, room))

    def draw(canvas: Any) -> None:
        draw_back(canvas, back, furniture, back_ctx, setup, cplan, band_tags)

    return BackPanel(frame, [Spacer(1, offset), *flow], draw)


# How large the cover's type is on a folded sheet's panel, as a share of a Letter page's.
PANEL_COVER_TYPE = 0.72


def _render_folded(
    document: n.Document, plan: PagePlan, fold: Fold, theme: Theme, press: bool, variant: str
) -> Output:
    """Lay ``document`` out on the panels of a folded sheet, one page per printed side.

    Elements are made in reading order (cover, flap, inside left to right, back), which is
    the structure tree's order; each side's frames are filled in that order too. Every
    fixed panel's content starts with a ``Slot``: spilling out of it is an overflow.
    """
    assert plan.cover is not None and document.cover is not None and document.back is not None
    scale = plan.scale.for_language(document.lang)
    sides = fold_panels(fold, theme, press)
    width, height = theme.paper[1], theme.paper[0]
    panels = [p for side in sides for p in side]
    role = {p.role: p for p in panels}  # cover, flap and back: one panel each
    texts = [p for p in panels if p.role == "text"]
    frames = {id(p): p.frame(f"text{i + 1}") for i, p in enumerate(texts)}
    frames |= {id(p): p.frame(p.role) for p in panels if p.role != "text"}
    narrowest = min((frames[id(p)] for p in texts), key=lambda f: f.width)
    tags = Structure(document.lang)
    styles = build_styles(theme, scale, PANEL_COVER_TYPE)
    ctx = LayoutContext(theme, styles, scale, narrowest.width, narrowest.height, False, tags)
    cover_p, flap_p, back_p = role["cover"], role["flap"], role["back"]
    head = head_paragraphs(document.head, ctx, plan.head_styles)
    cplan = grown_band(head, cover_p.setup, plan.cover)  # the title is never shrunk
    cover, furniture = document.cover, document.furniture
    front = cover_tags(tags, 1 + len(cover.reach), cover.art_alt if cover.art else "")
    frames[id(cover_p)] = shifted(cover_frame(cover_p.setup, cplan), cover_p.x, "cover")
    content = {
        "cover": [head_story(head, frames[id(cover_p)])],
        "flap": flowables(document.flap, replace(ctx, width=frames[id(flap_p)].width)),
        "text": flowables(document.body, ctx),
    }
    back = _back(document, document.back, ctx, back_p.setup, plan)
    frames[id(back_p)] = shifted(back.frame, back_p.x, "back")
    content["back"] = back.flow

    def draw_side(canvas: Any, side: list[Panel]) -> None:
        """The covers' drawing on their panels; a draft's watermark on every other panel."""
        for p in side:
            with on_panel(canvas, p, width):
                if p.role == "cover":
                    draw_cover(canvas, cover, furniture, ctx, p.setup, cplan, front)
                elif p.role == "back":
                    back.draw(canvas)
                else:
                    draw_watermark(canvas, p.setup, theme, furniture)

    templates, story = [], []
    for i, side in enumerate(sides):
        roles = sorted({p.role for p in side}, key=READING.index)
        ordered = sorted(side, key=lambda p: READING.index(p.role))
        templates.append(
            template(
                f"side{i + 1}",
                [frames[id(p)] for p in ordered],
                lambda c, d, side=side: draw_side(c, side),
            )
        )
        if i:
            story += [NextPageTemplate(f"side{i + 1}"), PageBreak()]
        for j, r in enumerate(roles):
            ids = tuple(frames[id(p)].id for p in side if p.role == r)
            story += [FrameBreak()] if j else []
            story += [Slot(PANEL_NAMES[r], ids), *content[r]]
    setup = PageSetup(width, height, (0.0, 0.0, 0.0, 0.0), theme.bleed if press else 0.0)
    out = _laid_out(document, plan, theme, setup, templates, story, variant, tags)
    out.folds = tuple(tuple(p.x for p in side[1:]) for side in sides)
    return out


READING = ("cover", "flap", "text", "back")  # a folded leaflet's reading order, by panel role
PANEL_NAMES = {
    "cover": "front cover",
    "flap": "flap panel",
    "text": "inside panels",
    "back": "back panel",
}


def _overflow(out: Output, plan: PagePlan, document: n.Document) -> BrochureError | None:
    """Say by how much a fixed-size layout overflows, and from which section and block: the
    text past the plan's last page or, on a folded sheet, past its own panel (the first
    panel that overflows: what it pushes on is not counted twice)."""
    limit = plan.max_pages or 1
    slot: Slot | None = None
    section: Any = None
    block: Any = None
    first: tuple[Any, Any, Slot | None] | None = None
    height = 0.0
    for page, frame, src, flowable in out.placed:
        if isinstance(flowable, Slot):
            if first is not None:
                break
            slot = flowable
            continue
        if isinstance(flowable, ActionFlowable | CondPageBreak):
            continue  # prints nothing (a frame break lands in the frame it breaks to)
        if isinstance(flowable, SectionHeading):
            section = flowable
        block = src or block
        if page > limit or (slot is not None and frame not in slot.frames):
            first = first or (section, block, slot)
            # a table keeps its wrapped height as ``_height``
            drawn = getattr(flowable, "height", 0) or getattr(flowable, "_height", 0)
            height += drawn + getattr(flowable, "spaceAfter", 0)
    if first is None:
        return None
    section, block, slot = first
    where = f", from section '{section.outline_title}' on" if section is not None else ""
    lines = height / (plan.scale.body * plan.scale.leading)
    pages = "its one page" if limit == 1 else f"its {limit} pages"
    if slot is not None:
        pages = f"its {slot.name}"
    src = block or getattr(section, "src", None) or document.src
    return BrochureError(
        f"the {plan.label} overflows {pages} by about {height:.0f} pt (~{lines:.0f} lines)"
        f"{where}; shorten it (text is never set below {plan.scale.small:g} pt)",
        src,
    )
