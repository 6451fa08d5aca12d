"""The PDF renderer: a document tree and a page plan in, laid-out PDF bytes out."""

from __future__ import annotations

import io
from dataclasses import replace
from typing import Any

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    FrameBreak,
    KeepInFrame,
    NextPageTemplate,
    PageBreak,
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
from .pages import BrochureDoc, PadPages, RuledLines, draw_running, footer_lines
from .plan import PagePlan, body_frames, page_setup, template
from .tags import Structure


def render_pdf(
    document: n.Document, plan: PagePlan, theme: Theme, press: bool = False, variant: str = ""
) -> Output:
    """Lay ``document`` out on the pages ``plan`` describes (as ``variant``, named in the PDF).

    Raises:
        BrochureError: a fixed-size plan overflows, or a block cannot be placed at all.
    """
    scale = plan.scale.for_language(document.lang)
    small = scale.furniture
    setup = page_setup(plan, theme, press)
    width = setup.width - setup.margins[1] - setup.margins[3]
    setup = page_setup(
        plan, theme, press, small, footer_lines(document.furniture, theme, small, width)
    )
    w, h = setup.width, setup.height
    styles = build_styles(theme, scale, w / 612)
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
        band = cover_frame(setup, cplan)
        if scale.min_text:  # large print never shrinks the title: the band grows instead
            short = stacked_height(head, band.width) - band.height + 2
            if short > 0:
                cplan = replace(cplan, band_top=cplan.band_top + short / h)
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
        back, cplan = document.back, plan.cover
        back_frame_ = back_frame(back_foot(back, furniture, ctx, setup), setup, cplan)
        band_tags = cover_tags(tags, 1 + bool(back.tagline))  # the band's name and tagline
        back_flow = back_story(back, ctx)
        templates.append(
            template(
                "back",
                [back_frame_],
                lambda c, d: draw_back(c, back, furniture, ctx, setup, cplan, band_tags),
            )
        )
        # The text starts the plan's share down the page (below the top margin), higher if
        # it would not fit there, and never higher than the frame under the colour band.
        room = back_frame_.height - stacked_height(back_flow, back_frame_.width) - 1
        if room < 0:  # never a second back cover: smaller type, or (large print) a clear error
            if scale.min_text:
                raise BrochureError(
                    f"the back cover of the {plan.label} cannot hold the clinic's details at "
                    f"{scale.min_text:g} pt (short by {-room:.0f} pt); shorten the brand's "
                    "address or footer",
                    document.src,
                )
            flat = [inner for f in back_flow for inner in kept_together(f)]
            back_flow = [KeepInFrame(back_frame_.width, back_frame_.height - 1, flat)]
            room = 0.0
        wanted = setup.margins[0] + h * plan.back_offset - (h - back_frame_.y1 - back_frame_.height)
        offset = max(0.0, min(wanted, room))
        story += [NextPageTemplate("back"), PageBreak(), Spacer(1, offset), *back_flow]

    def make_doc(buf: io.BytesIO) -> BrochureDoc:
        meta = document.meta
        top, right, bottom, left = setup.margins
        return BrochureDoc(
            buf,
            pagesize=(w, h),
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
    out = layout(make_doc, story, theme.body.regular, document.meta.epoch, colors)
    out.structure = tags.root
    if plan.max_pages is not None and out.pages > plan.max_pages:
        raise _overflow(out, plan, document)
    return out


def stacked_height(flowables: list[Flowable], width: float) -> float:
    """The height a list of flowables takes in one frame of ``width``."""
    scratch = Canvas(io.BytesIO())  # some flowables measure text on a canvas
    total = 0.0
    for f in flowables:
        total += f.wrapOn(scratch, width, 10_000)[1] + f.getSpaceBefore() + f.getSpaceAfter()
    return total


def _overflow(out: Output, plan: PagePlan, document: n.Document) -> BrochureError:
    """Say by how much a fixed-size variant overflows, and from which section."""
    limit = plan.max_pages or 1
    current: Any = None
    height = 0.0
    first: Any = None
    for page, flowable in out.placed:
        if isinstance(flowable, SectionHeading):
            current = flowable
        if page > limit:
            first = first or current
            height += getattr(flowable, "height", 0) + getattr(flowable, "spaceAfter", 0)
    where = f", from section '{first.outline_title}' on" if first is not None else ""
    lines = height / (plan.scale.body * plan.scale.leading)
    pages = "its one page" if limit == 1 else f"its {limit} pages"
    return BrochureError(
        f"the {plan.label} overflows {pages} by about {height:.0f} pt (~{lines:.0f} lines)"
        f"{where}; shorten it (text is never set below {plan.scale.small:g} pt)",
        getattr(first, "src", None) or document.src,
    )
