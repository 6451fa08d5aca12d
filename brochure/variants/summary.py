"""The one-page clinician summary: dense, two columns, and never more than one page."""

from __future__ import annotations

import io

from reportlab.platypus import Flowable, Frame, FrameBreak, KeepInFrame, Paragraph

from ..content.control import info_keys
from ..content.inline import to_markup, to_plain
from ..errors import BrochureError
from ..layout.blocks import LayoutContext, build_section
from ..layout.covers import host
from ..layout.flowables import SectionHeading
from ..layout.pages import BrochureDoc, Furniture, PageSetup, draw_running, make_template
from ..locale import Labels
from ..pipeline import Project
from ..render import Rendered, render
from ..theme.styles import TypeScale, build_styles
from . import Options, Variant
from .brochure import furniture_for

SCALE = TypeScale(body=8.0, leading=1.22, h1=9.6, h2=8.4, small=7.5, caption=7.5, space=0.55)
MIN_SIZE = 7.5  # below this a dense page stops being readable
GUTTER = 16.0
SIDE = 40.0  # side margin in points
HEAD = 64.0  # height of the title block above the columns


def build_summary(project: Project, options: Options) -> Rendered:
    """Lay the summary out in two columns; fail, saying by how much, if it needs a second page."""
    summary = project.content.summary
    if summary is None:
        raise BrochureError(
            "content.yaml has no 'summary' section, so the clinician summary cannot be built",
            project.content.src.at("summary"),
        )
    theme = project.theme
    w, h = theme.paper
    labels = Labels("en-US")
    styles = build_styles(theme, SCALE)
    top, right, bottom, left = theme.margins
    # A dense reference page: narrower margins, still clear of the office-printer edge.
    top, bottom, left, right = top * 0.75, bottom * 0.8, min(left, SIDE), min(right, SIDE)
    setup = PageSetup(w, h, (top, right, bottom, left), theme.bleed if options.press else 0.0)
    inner = w - left - right
    col = (inner - GUTTER) / 2
    col_h = h - top - bottom - HEAD
    frames = [
        Frame(
            left,
            h - top - HEAD,
            inner,
            HEAD,
            id="head",
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=6,
        ),
        Frame(
            left,
            bottom,
            col,
            col_h,
            id="col1",
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        ),
        Frame(
            left + col + GUTTER,
            bottom,
            col,
            col_h,
            id="col2",
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        ),
    ]
    base = furniture_for(project, labels)
    contact = project.brand.contact
    reach = " \u00b7 ".join(str(x) for x in (contact.phone, host(contact.website)) if x)
    furniture = Furniture(
        f"{project.brand.name} \u00b7 {labels.clinician_only}",
        reach or base.header_right,
        base.footer_left,
        base.page_label,
        base.draft_label,
    )
    ctx = LayoutContext(
        theme, styles, SCALE, col, project.cite, project.content.references, project.images
    )
    head: list[Flowable] = [
        Paragraph(
            to_markup(summary.title),
            styles["back_title"].clone("sum_title", fontSize=15, leading=18, spaceAfter=4),
        )
    ]
    if summary.status:
        head.append(
            Paragraph(
                to_markup(summary.status),
                styles["body"].clone(
                    "sum_status", fontSize=8.6, leading=11, textColor=theme.color("warning")
                ),
            )
        )
    story: list[Flowable] = [KeepInFrame(inner, HEAD - 6, head, mode="shrink"), FrameBreak()]
    for section in summary.sections:
        story.extend(build_section(section, ctx))
    doc = project.content.document
    margins = setup.margins

    def make_doc(buf: io.BytesIO) -> BrochureDoc:
        return BrochureDoc(
            buf,
            pagesize=(w, h),
            pageTemplates=[
                make_template(
                    "summary", frames, lambda c, d: draw_running(c, d, theme, setup, furniture, 7.5)
                )
            ],
            title=to_plain(summary.title),
            author=str(project.brand.name),
            subject=f"{to_plain(doc.title)}: {labels.clinician_only}",
            keywords=", ".join(map(str, doc.keywords)),
            creator="brochure builder",
            lang="en-US",
            displayDocTitle=1,
            info=info_keys(project.content),
            leftMargin=margins[3],
            rightMargin=margins[1],
            topMargin=margins[0],
            bottomMargin=margins[2],
        )

    rendered = render(make_doc, story, theme.body.regular)
    if rendered.pages > 1:
        raise _overflow(rendered, summary.src)
    return rendered


def _overflow(rendered: Rendered, src: object) -> BrochureError:
    spilled = [(f, s) for f, s in _with_sections(rendered.placed) if f[0] > 1]
    height = sum(
        getattr(fl, "height", 0) + getattr(fl, "spaceAfter", 0) for (_p, fl), _s in spilled
    )
    first = spilled[0][1] if spilled else None
    where = f", from section '{first.outline_title}' on" if first is not None else ""
    lines = height / (SCALE.body * SCALE.leading)
    return BrochureError(
        "the clinician summary overflows its one page "
        f"by about {height:.0f} pt (~{lines:.0f} lines){where}; "
        f"shorten the summary (text is never set below {MIN_SIZE} pt)",
        getattr(first, "src", None) or src,  # type: ignore[arg-type]
    )


def _with_sections(
    placed: list[tuple[int, Flowable]],
) -> list[tuple[tuple[int, Flowable], SectionHeading | None]]:
    current = None
    out = []
    for page, flowable in placed:
        if isinstance(flowable, SectionHeading):
            current = flowable
        out.append(((page, flowable), current))
    return out


VARIANT = Variant(
    name="summary",
    filename="clinician-summary.pdf",
    description="one-page clinician summary",
    audience="clinician",
    build=build_summary,
    reads=("document", "summary", "references"),
)
