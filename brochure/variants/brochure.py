"""The patient brochure: cover, key facts, sections, disclaimer and back cover."""

from __future__ import annotations

import io
from typing import Any

from reportlab.platypus import Flowable, NextPageTemplate, PageBreak, Paragraph, Spacer

from ..content.inline import to_markup, to_plain
from ..layout.blocks import LayoutContext, build_section, callout_box
from ..layout.covers import back_cover_story, cover_frame, cover_story, draw_back, draw_cover
from ..layout.flowables import SectionHeading
from ..layout.pages import BrochureDoc, Furniture, PageSetup, body_frame, draw_running, make_template
from ..locale import Labels
from ..pipeline import Project
from ..render import Rendered, render
from ..theme.styles import TypeScale, build_styles
from . import Options, Variant

SCALE = TypeScale()


def furniture_for(project: Project, labels: Labels) -> Furniture:
    doc = project.content.document
    control = " \u00b7 ".join([str(doc.id), labels.format("version", version=doc.version),
                               labels.format("last_reviewed", date=labels.date(doc.last_reviewed))])
    draft = labels.draft if doc.status == "draft" else None
    return Furniture(project.brand.name, to_plain(doc.title), control,
                     lambda n, total: labels.format("page", n=n, total=total), draft)


def patient_story(project: Project, ctx: LayoutContext, labels: Labels) -> list[Flowable]:
    """Everything between the covers, in reading order; shared by all patient variants."""
    content, styles = project.content, ctx.styles
    story: list[Flowable] = []
    doc = content.document
    if doc.main_message:
        story.append(Paragraph(to_markup(doc.main_message), styles["lead"]))
        story.append(Spacer(1, ctx.scale.body * 0.6))
    facts = content.brochure.key_facts
    if facts:
        story.append(callout_box(facts.title or labels.key_facts, None, facts.items, "info", ctx))
    for section in content.brochure.sections:
        story.extend(build_section(section, ctx))
    disclaimer = content.brochure.disclaimer
    title = disclaimer.title or labels.format("references")
    story.append(SectionHeading(to_markup(title), styles["h1"], to_plain(title)))
    story.append(Paragraph(to_markup(disclaimer.text), styles["body"]))
    nxt = doc.next_review or _add_months(doc.last_reviewed, 24)
    story.append(Paragraph(labels.format("review_line", date=labels.date(doc.last_reviewed),
                                         next=labels.date(nxt)), styles["body"]))
    return story


def _add_months(d: Any, months: int) -> Any:
    year, month = divmod(d.month - 1 + months, 12)
    import calendar

    day = min(d.day, calendar.monthrange(d.year + year, month + 1)[1])
    return d.replace(year=d.year + year, month=month + 1, day=day)


def build_patient(project: Project, options: Options, scale: TypeScale = SCALE,
                  paper: tuple[float, float] | None = None, glossary_table: bool = True) -> Rendered:
    """Lay out the patient brochure at a paper size and type scale (the brochure, booklet pages, large print)."""
    theme = project.theme
    w, h = paper or theme.paper
    setup = PageSetup(w, h)
    labels = Labels(str(project.content.document.language))
    styles = build_styles(theme, scale)
    furniture = furniture_for(project, labels)
    frame = body_frame(theme, setup)
    ctx = LayoutContext(theme, styles, scale, frame.width, project.cite, project.content.references,
                        project.images, glossary_table)
    cframe = cover_frame(project, setup)
    templates = [
        make_template("cover", [cframe], lambda c, d: draw_cover(c, project, setup, labels, furniture)),
        make_template("body", [frame], lambda c, d: draw_running(c, d, theme, setup, furniture)),
        make_template("back", [body_frame(theme, setup, "back")],
                      lambda c, d: draw_back(c, project, setup, furniture)),
    ]
    story: list[Flowable] = [*cover_story(project, styles, cframe), NextPageTemplate("body"), PageBreak()]
    story += patient_story(project, ctx, labels)
    back = back_cover_story(project, styles, labels, frame.width, scale.body)
    story += [NextPageTemplate("back"), PageBreak(), Spacer(1, h * 0.16), *back]
    doc = project.content.document

    def make_doc(buf: io.BytesIO) -> BrochureDoc:
        return BrochureDoc(
            buf, pagesize=(w, h), pageTemplates=templates, title=to_plain(doc.title),
            author=str(project.brand.name), subject=to_plain(doc.subtitle or doc.title),
            keywords=", ".join(map(str, doc.keywords)), creator="brochure builder",
            lang=str(doc.language), displayDocTitle=1,
            leftMargin=theme.margins[3], rightMargin=theme.margins[1],
            topMargin=theme.margins[0], bottomMargin=theme.margins[2],
        )

    return render(make_doc, story, theme.body.regular)


VARIANT = Variant(
    name="brochure",
    filename="patient-brochure.pdf",
    description="branded multi-page patient brochure",
    audience="patient",
    build=build_patient,
    reads=("document", "brochure"),
)
