"""The PDF renderer: a document tree and a page plan in, laid-out PDF bytes out."""

from __future__ import annotations

import io
from typing import Any
from xml.sax.saxutils import escape

from reportlab.platypus import Flowable, FrameBreak, NextPageTemplate, PageBreak, Paragraph, Spacer

from ...document import nodes as n
from ...errors import BrochureError
from ...theme.styles import build_styles
from ...theme.theme import Theme
from .. import VARIANT_KEY, Output
from .blocks import LayoutContext, flowables
from .covers import back_story, cover_frame, draw_back, draw_cover, head_paragraphs, head_story
from .engine import layout
from .flowables import SectionHeading
from .pages import BrochureDoc, PadPages, RuledLines, draw_running
from .plan import PagePlan, body_frames, page_setup, template


def render_pdf(
    document: n.Document, plan: PagePlan, theme: Theme, press: bool = False, variant: str = ""
) -> Output:
    """Lay ``document`` out on the pages ``plan`` describes (as ``variant``, named in the PDF).

    Raises:
        BrochureError: a fixed-size plan overflows, or a block cannot be placed at all.
    """
    setup = page_setup(plan, theme, press)
    w, h = setup.width, setup.height
    scale = plan.scale.for_language(document.lang)
    styles = build_styles(theme, scale, w / 612)
    frames = body_frames(plan, setup, first=not plan.cover)
    text_frame = frames[-1]
    ctx = LayoutContext(
        theme, styles, scale, text_frame.width, text_frame.height, plan.glossary_table
    )
    furniture, small = document.furniture, scale.small

    def running(canvas: Any, doc: Any) -> None:
        draw_running(canvas, doc, theme, setup, furniture, small)

    head = head_paragraphs(document.head, styles, plan.head_styles)
    story: list[Flowable] = []
    if plan.cover is not None and document.cover is not None:
        cover, cplan = document.cover, plan.cover
        band = cover_frame(setup, cplan)
        templates = [
            template(
                "cover", [band], lambda c, d: draw_cover(c, cover, furniture, ctx, setup, cplan)
            ),
            template("body", body_frames(plan, setup), running),
        ]
        story += [head_story(head, band), NextPageTemplate("body"), PageBreak()]
    else:
        templates = [template("body", frames, running)]
        story += [head_story(head, frames[0], "BOTTOM"), FrameBreak()]
    story += flowables(document.body, ctx)
    if plan.pad_to > 1:

        def notes() -> list[Flowable]:
            title = Paragraph(escape(document.furniture.notes), styles["h1"])
            return [title, RuledLines(scale.body * 2.2, theme.color("secondary"))]

        story.append(PadPages(plan.pad_to, 1 if plan.back_cover else 0, notes))
    if plan.back_cover and document.back is not None and plan.cover is not None:
        back, cplan = document.back, plan.cover
        templates.append(
            template(
                "back",
                body_frames(plan, setup),
                lambda c, d: draw_back(c, back, furniture, ctx, setup, cplan),
            )
        )
        story += [NextPageTemplate("back"), PageBreak(), Spacer(1, h * plan.back_offset)]
        story += back_story(back, ctx)

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

    out = layout(make_doc, story, theme.body.regular, document.meta.epoch)
    if plan.max_pages is not None and out.pages > plan.max_pages:
        raise _overflow(out, plan, document)
    return out


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
