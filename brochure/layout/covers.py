"""The patient brochure's front and back covers, shared by every patient variant."""

from __future__ import annotations

from typing import Any

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    Frame,
    KeepInFrame,
    KeepTogether,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from ..content.control import next_review
from ..content.inline import to_markup
from ..locale import Labels
from ..pipeline import Project
from .art import draw_picture
from .blocks import LayoutContext, callout_box
from .flowables import qr_drawing
from .pages import Furniture, PageSetup, draw_watermark

BAND_TOP = 0.50  # share of the page height where the title band ends (illustration above)
BAND_BOTTOM = 0.19


def cover_frame(project: Project, setup: PageSetup) -> Frame:
    """The frame inside the colour band that holds title, subtitle and tagline."""
    _, right, _, left = setup.margins
    w, h = setup.width, setup.height
    pad = 12
    return Frame(
        left,
        h * BAND_BOTTOM + pad,
        w - left - right,
        h * (BAND_TOP - BAND_BOTTOM) - 2 * pad,
        id="cover",
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )


def cover_story(project: Project, styles: dict[str, Any], frame: Frame) -> list[Flowable]:
    """Title, subtitle and promise, shrunk to fit the band rather than ever spilling out."""
    doc = project.content.document
    parts: list[Flowable] = [Paragraph(to_markup(doc.title), styles["cover_title"])]
    if doc.subtitle:
        parts.append(Paragraph(to_markup(doc.subtitle), styles["cover_subtitle"]))
    if doc.tagline:
        parts.append(Paragraph(to_markup(doc.tagline), styles["cover_tagline"]))
    return [KeepInFrame(frame.width, frame.height, parts, mode="shrink", vAlign="MIDDLE")]


def draw_cover(
    canvas: Canvas,
    project: Project,
    setup: PageSetup,
    labels: Labels,
    furniture: Furniture,
    small: float = 9.0,
) -> None:
    """Illustration, colour band and the clinic strip; artwork reaches the bleed in press mode."""
    theme, doc = project.theme, project.content.document
    w, h, e = setup.width, setup.height, setup.art_inset
    canvas.saveState()
    art_bottom = h * BAND_TOP
    cover = doc.cover_image
    path = project.images.get(str(cover.image)) if cover else theme.cover_image
    canvas.setFillColor(theme.color("tint"))
    canvas.rect(e, art_bottom, w - 2 * e, h - e - art_bottom, stroke=0, fill=1)
    if path is not None:
        canvas.saveState()
        clip = canvas.beginPath()
        clip.rect(e, art_bottom, w - 2 * e, h - e - art_bottom)
        canvas.clipPath(clip, stroke=0, fill=0)
        draw_picture(canvas, path, e, art_bottom, w - 2 * e, h - e - art_bottom, theme, cover=True)
        canvas.restoreState()
    canvas.setFillColor(theme.color("primary"))
    canvas.rect(e, h * BAND_BOTTOM, w - 2 * e, h * (BAND_TOP - BAND_BOTTOM), stroke=0, fill=1)
    canvas.setFillColor(theme.color("accent"))
    canvas.rect(e, art_bottom - 5, w - 2 * e, 5, stroke=0, fill=1)
    _, right, _, left = setup.margins
    strip_top = h * BAND_BOTTOM - 14
    if theme.logo:
        logo_h = min(48.0, strip_top - max(e, 0) - 30)
        draw_picture(
            canvas,
            theme.logo,
            left,
            strip_top - logo_h,
            (w - left - right) * 0.45,
            logo_h,
            theme,
        )
    contact = project.brand.contact
    canvas.setFillColor(theme.color("text"))
    y = strip_top - 12
    canvas.setFont(theme.body.bold, small + 1.5)
    canvas.drawRightString(w - right, y, one_line(project.brand.name))
    canvas.setFont(theme.body.regular, small + 0.5)
    for line in (contact.phone, host(contact.website)):
        if line:
            y -= (small + 0.5) * 1.45
            canvas.drawRightString(w - right, y, one_line(line))
    canvas.setFont(theme.body.regular, small - 0.5)
    canvas.setFillColor(theme.color("secondary"))
    canvas.drawString(left, max(e, 0) + 24, furniture.footer_left)
    canvas.restoreState()
    draw_watermark(canvas, setup, theme, furniture)


def one_line(value: object) -> str:
    """Brand text drawn on one line: YAML line breaks and tabs become single spaces."""
    return " ".join(str(value or "").split())


def host(url: object) -> str:
    text = str(url or "")
    for prefix in ("https://", "http://"):
        if text.startswith(prefix):
            text = text[len(prefix) :]
    return text.rstrip("/")


def back_cover_story(
    project: Project, ctx: LayoutContext, labels: Labels, about: bool = True
) -> list[Flowable]:
    """Contact block, QR code to the clinic's website, and what this leaflet is."""
    styles, width, size = ctx.styles, ctx.width, ctx.scale.body
    brand, theme = project.brand, project.theme
    contact = brand.contact
    lines = [
        Paragraph(labels.contact_title, styles["back_title"]),
        Paragraph(f"<b>{to_markup(brand.name)}</b>", styles["contact"]),
    ]
    for line in contact.address or []:
        lines.append(Paragraph(to_markup(line), styles["contact"]))
    lines.append(Spacer(1, size * 0.6))
    for key, value, scheme in (
        ("phone", contact.phone, "tel:"),
        ("email", contact.email, "mailto:"),
        ("website", contact.website, ""),
    ):
        if value:
            target = (
                scheme + "".join(ch for ch in str(value) if ch.isdigit() or ch == "+")
                if scheme == "tel:"
                else (scheme + str(value))
            )
            shown = host(value) if key == "website" else str(value)
            lines.append(
                Paragraph(
                    f"<b>{getattr(labels, key)}:</b> "
                    f'<a href="{_attr(target)}">{to_markup(shown)}</a>',
                    styles["contact"],
                )
            )
    qr_url = str(brand.qr_url or contact.website or "")
    qr_size = max(96.0, size * 8)
    if qr_url:
        qr = [
            qr_drawing(qr_url, qr_size, theme.color("text")),
            Paragraph(labels.qr_caption, styles["small"]),
            Paragraph(to_markup(host(qr_url)), styles["small"]),
        ]
        table = Table([[lines, qr]], colWidths=[width - qr_size - 24, qr_size + 24])
        table.setStyle(
            TableStyle(
                [
                    ("FONT", (0, 0), (-1, -1), theme.body.regular),  # never the unembedded default
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ]
            )
        )
        story: list[Flowable] = [table]
    else:
        story = list(lines)
    if about:
        story += [Spacer(1, size * 2), about_box(project, labels, ctx)]
    return story


def about_box(project: Project, labels: Labels, ctx: LayoutContext) -> Flowable:
    """Document control, reviewer, where the sources are, and a feedback route (PIF TICK)."""
    doc = project.content.document
    lines = [
        labels.format(
            "about_control",
            id=doc.id,
            version=doc.version,
            date=labels.date(doc.last_reviewed),
            next=labels.date(next_review(project.content)),
        )
    ]
    if doc.reviewed_by:
        lines.append(
            labels.format(
                "reviewed_by",
                name=doc.reviewed_by.name,
                role=doc.reviewed_by.role,
                date=labels.date(doc.last_reviewed),
            )
        )
    lines += [labels.about_sources, labels.about_feedback]
    text = " ".join(escape_marks(line) for line in lines)
    return KeepTogether([callout_box(labels.about_title, text, [], "info", ctx)])


def escape_marks(text: object) -> str:
    """Fixed and metadata text must not be read as inline marks (an asterisk in a name)."""
    return str(text).replace("\\", "\\\\").replace("*", "\\*").replace("[", "\\[")


def _attr(value: str) -> str:
    from xml.sax.saxutils import escape

    return escape(value, {'"': "&quot;"})


def draw_back(canvas: Canvas, project: Project, setup: PageSetup, furniture: Furniture) -> None:
    """A colour band with the tagline at the top and the logo at the foot of the back cover."""
    theme = project.theme
    w, h, e = setup.width, setup.height, setup.art_inset
    canvas.saveState()
    band_h = h * 0.16
    canvas.setFillColor(theme.color("primary"))
    canvas.rect(e, h - e - band_h, w - 2 * e, band_h + min(e, 0) * 0, stroke=0, fill=1)
    canvas.setFillColor(theme.color("accent"))
    canvas.rect(e, h - e - band_h - 5, w - 2 * e, 5, stroke=0, fill=1)
    _, right, bottom, left = setup.margins
    canvas.setFillColor(theme.color("background"))
    canvas.setFont(theme.heading.bold, 20)
    canvas.drawString(left, h - e - band_h * 0.45, one_line(project.brand.name))
    if project.brand.tagline:
        canvas.setFont(theme.body.italic, 12)
        canvas.drawString(left, h - e - band_h * 0.45 - 20, one_line(project.brand.tagline))
    if theme.logo:
        draw_picture(canvas, theme.logo, left, bottom - 10, (w - left - right) * 0.4, 50, theme)
    canvas.setFillColor(theme.color("secondary"))
    canvas.setFont(theme.body.regular, 8)
    canvas.drawRightString(w - right, bottom + 4, furniture.footer_left)
    if project.brand.footer:
        canvas.drawRightString(w - right, bottom + 16, one_line(project.brand.footer))
    canvas.restoreState()
    draw_watermark(canvas, setup, theme, furniture)
