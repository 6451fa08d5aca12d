"""The patient brochure: cover, key facts, sections, disclaimer and back cover."""

from __future__ import annotations

import io
from dataclasses import dataclass, replace
from functools import partial
from typing import Any

from reportlab.platypus import Flowable, NextPageTemplate, PageBreak, Paragraph, Spacer

from ..content.control import info_keys, is_draft, next_review
from ..content.inline import to_markup, to_plain
from ..layout.blocks import LayoutContext, build_section, callout_box
from ..layout.covers import (
    about_box,
    back_cover_story,
    cover_frame,
    cover_story,
    draw_back,
    draw_cover,
    one_line,
)
from ..layout.flowables import SectionHeading
from ..layout.pages import (
    BrochureDoc,
    Furniture,
    PadPages,
    PageSetup,
    RuledLines,
    body_frame,
    draw_running,
    make_template,
)
from ..locale import Labels
from ..pipeline import Project
from ..render import Rendered, render
from ..theme.styles import TypeScale, build_styles
from . import Options, Variant

SCALE = TypeScale()


def furniture_for(project: Project, labels: Labels) -> Furniture:
    doc = project.content.document
    control = " \u00b7 ".join(
        [
            str(doc.id),
            labels.format("version", version=doc.version),
            labels.format("last_reviewed", date=labels.date(doc.last_reviewed)),
        ]
    )
    draft = labels.draft if is_draft(project.content) else None
    return Furniture(
        one_line(project.brand.name),
        to_plain(doc.title),
        control,
        lambda n, total: labels.format("page", n=n, total=total),
        draft,
    )


def patient_story(
    project: Project, ctx: LayoutContext, labels: Labels, about_in_body: bool = False
) -> list[Flowable]:
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
    title = disclaimer.title or labels.disclaimer
    story.append(SectionHeading(to_markup(title), styles["h1"], to_plain(title)))
    story.append(Paragraph(to_markup(disclaimer.text), styles["body"]))
    if about_in_body:  # pages too small for it on the back cover: it closes the text instead
        story.append(about_box(project, labels, ctx))
        return story
    nxt = next_review(content)
    story.append(
        Paragraph(
            labels.format(
                "review_line", date=labels.date(doc.last_reviewed), next=labels.date(nxt)
            ),
            styles["body"],
        )
    )
    return story


@dataclass(frozen=True)
class PatientLook:
    """How a patient variant differs from the brochure: page size, margins, type, padding."""

    scale: TypeScale = SCALE
    half_size: bool = False  # booklet: half the brand's sheet, re-flowed
    margin_factor: float = 1.0
    glossary_table: bool = True
    pad_to: int = 1  # saddle stitch pads to a multiple of 4 with Notes pages
    about_on_back: bool = True  # the "About this leaflet" box; small or large type: in the text


def page_setup(project: Project, look: PatientLook, options: Options) -> PageSetup:
    theme = project.theme
    w, h = theme.half_paper if look.half_size else theme.paper
    margins = tuple(m * look.margin_factor for m in theme.margins)
    return PageSetup(w, h, margins, theme.bleed if options.press else 0.0)  # type: ignore[arg-type]


def build_patient(
    project: Project, options: Options, look: PatientLook = PatientLook()
) -> Rendered:
    """Lay out the patient brochure with a look (the brochure, booklet pages, large print)."""
    theme = project.theme
    setup = page_setup(project, look, options)
    w, h = setup.width, setup.height
    lang = str(project.content.document.language)
    labels = Labels(lang)
    scale = replace(look.scale, language=lang.split("-")[0])
    styles = build_styles(theme, scale, w / 612)
    furniture = furniture_for(project, labels)
    frame = body_frame(setup)
    ctx = LayoutContext(
        theme,
        styles,
        scale,
        frame.width,
        project.cite,
        project.content.references,
        project.images,
        look.glossary_table,
    )
    cframe = cover_frame(project, setup)
    small = look.scale.small
    templates = [
        make_template(
            "cover",
            [cframe],
            lambda c, d: draw_cover(c, project, setup, labels, furniture, small + 0.5),
        ),
        make_template(
            "body", [frame], lambda c, d: draw_running(c, d, theme, setup, furniture, small)
        ),
        make_template(
            "back",
            [body_frame(setup, "back")],
            lambda c, d: draw_back(c, project, setup, furniture),
        ),
    ]
    story: list[Flowable] = [
        *cover_story(project, styles, cframe),
        NextPageTemplate("body"),
        PageBreak(),
    ]
    story += patient_story(project, ctx, labels, not look.about_on_back)
    if look.pad_to > 1:

        def notes() -> list[Flowable]:
            return [
                Paragraph(labels.notes, styles["h1"]),
                RuledLines(look.scale.body * 2.2, theme.color("secondary")),
            ]

        story.append(PadPages(look.pad_to, 1, notes))
    back = back_cover_story(project, ctx, labels, look.about_on_back)
    story += [NextPageTemplate("back"), PageBreak(), Spacer(1, h * 0.16), *back]
    return render(partial(_doc, project, setup, templates), story, theme.body.regular)


def _doc(project: Project, setup: PageSetup, templates: list[Any], buf: io.BytesIO) -> BrochureDoc:
    doc = project.content.document
    top, right, bottom, left = setup.margins
    return BrochureDoc(
        buf,
        pagesize=(setup.width, setup.height),
        pageTemplates=templates,
        title=to_plain(doc.title),
        author=str(project.brand.name),
        subject=to_plain(doc.subtitle or doc.title),
        keywords=", ".join(map(str, doc.keywords)),
        creator="brochure builder",
        lang=str(doc.language),
        displayDocTitle=1,
        info=info_keys(project.content),
        leftMargin=left,
        rightMargin=right,
        topMargin=top,
        bottomMargin=bottom,
    )


VARIANT = Variant(
    name="brochure",
    filename="patient-brochure.pdf",
    description="branded multi-page patient brochure",
    audience="patient",
    build=build_patient,
    reads=("document", "brochure"),
)
