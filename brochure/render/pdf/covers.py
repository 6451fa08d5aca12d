"""Front and back covers, drawn from the document's cover nodes inside a panel.

Positions are shares of the panel the cover sits in (the plan's ``CoverPlan``), so the same
cover fits a full page, a booklet page or, later, one panel of a folded sheet.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Frame, KeepInFrame, Paragraph, Spacer, Table, TableStyle

from ...content.inline import to_markup
from ...document import nodes as n
from .art import draw_picture
from .blocks import LayoutContext, layout_callout
from .flowables import qr_drawing
from .pages import PageSetup, draw_watermark


@dataclass(frozen=True)
class CoverPlan:
    """Shares of the panel height, from its foot: where the title band starts and ends."""

    band_top: float = 0.50  # artwork above, title band below
    band_bottom: float = 0.19  # clinic strip below the band
    back_band: float = 0.16  # the back cover's colour band, from the top


def cover_frame(setup: PageSetup, plan: CoverPlan) -> Frame:
    """The frame inside the colour band that holds title, subtitle and tagline."""
    _, right, _, left = setup.margins
    w, h = setup.width, setup.height
    pad = 12
    return Frame(
        left,
        h * plan.band_bottom + pad,
        w - left - right,
        h * (plan.band_top - plan.band_bottom) - 2 * pad,
        id="cover",
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )


def head_story(parts: list[Flowable], frame: Frame, v_align: str = "MIDDLE") -> Flowable:
    """The title block, shrunk to fit its frame rather than ever spilling out."""
    room = frame.height - frame.topPadding - frame.bottomPadding
    return KeepInFrame(frame.width, room, parts, mode="shrink", vAlign=v_align)


def draw_cover(
    canvas: Canvas,
    cover: n.Cover,
    furniture: n.Furniture,
    ctx: LayoutContext,
    setup: PageSetup,
    plan: CoverPlan,
) -> None:
    """Illustration, colour band and the clinic strip; artwork reaches the bleed in press mode."""
    theme, small = ctx.theme, ctx.scale.small + 0.5
    w, h, e = setup.width, setup.height, setup.art_inset
    canvas.saveState()
    art_bottom = h * plan.band_top
    canvas.setFillColor(theme.color("tint"))
    canvas.rect(e, art_bottom, w - 2 * e, h - e - art_bottom, stroke=0, fill=1)
    if cover.art is not None:
        canvas.saveState()
        clip = canvas.beginPath()
        clip.rect(e, art_bottom, w - 2 * e, h - e - art_bottom)
        canvas.clipPath(clip, stroke=0, fill=0)
        box = (e, art_bottom, w - 2 * e, h - e - art_bottom)
        draw_picture(canvas, cover.art, *box, theme, cover=True)
        canvas.restoreState()
    canvas.setFillColor(theme.color("primary"))
    band = h * (plan.band_top - plan.band_bottom)
    canvas.rect(e, h * plan.band_bottom, w - 2 * e, band, stroke=0, fill=1)
    canvas.setFillColor(theme.color("accent"))
    canvas.rect(e, art_bottom - 5, w - 2 * e, 5, stroke=0, fill=1)
    _, right, _, left = setup.margins
    strip_top = h * plan.band_bottom - 14
    if cover.logo:
        logo_h = min(48.0, strip_top - max(e, 0) - 30)
        logo_w = (w - left - right) * 0.45
        draw_picture(canvas, cover.logo, left, strip_top - logo_h, logo_w, logo_h, theme)
    canvas.setFillColor(theme.ink("body"))
    y = strip_top - 12
    canvas.setFont(theme.body.bold, small + 1.5)
    canvas.drawRightString(w - right, y, cover.clinic)
    canvas.setFont(theme.body.regular, small + 0.5)
    for line in cover.reach:
        y -= (small + 0.5) * 1.45
        canvas.drawRightString(w - right, y, line)
    canvas.setFont(theme.body.regular, small - 0.5)
    canvas.setFillColor(theme.ink("subheading"))
    canvas.drawString(left, max(e, 0) + 24, furniture.footer_left)
    canvas.restoreState()
    draw_watermark(canvas, setup, theme, furniture)


def back_story(back: n.BackCover, ctx: LayoutContext) -> list[Flowable]:
    """Contact block, QR code to the clinic's website, and what this leaflet is."""
    styles, width, size = ctx.styles, ctx.width, ctx.scale.body
    card = back.contact
    lines: list[Flowable] = [
        Paragraph(to_markup(card.title), styles["back_title"]),
        Paragraph(f"<b>{to_markup(card.name)}</b>", styles["contact"]),
    ]
    lines += [Paragraph(to_markup(line), styles["contact"]) for line in card.address]
    lines.append(Spacer(1, size * 0.6))
    for ch in card.channels:
        link = f'<a href="{escape(ch.target, {chr(34): "&quot;"})}">{escape(ch.shown)}</a>'
        lines.append(Paragraph(f"<b>{escape(ch.label)}:</b> {link}", styles["contact"]))
    story: list[Flowable]
    if back.qr is not None:
        qr_size = max(96.0, size * 8)
        qr = [
            qr_drawing(back.qr.url, qr_size, ctx.theme.ink("qr_code")),
            Paragraph(to_markup(back.qr.caption), styles["small"]),
            Paragraph(to_markup(back.qr.shown), styles["small"]),
        ]
        table = Table([[lines, qr]], colWidths=[width - qr_size - 24, qr_size + 24])
        table.setStyle(
            TableStyle(
                [
                    ("FONT", (0, 0), (-1, -1), ctx.theme.body.regular),  # never the default font
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ]
            )
        )
        story = [table]
    else:
        story = list(lines)
    if back.about is not None:
        story += [Spacer(1, size * 2), *layout_callout(back.about, ctx)]
    return story


def draw_back(
    canvas: Canvas,
    back: n.BackCover,
    furniture: n.Furniture,
    ctx: LayoutContext,
    setup: PageSetup,
    plan: CoverPlan,
) -> None:
    """A colour band with the clinic's name and tagline at the top, the logo at the foot."""
    theme = ctx.theme
    w, h, e = setup.width, setup.height, setup.art_inset
    canvas.saveState()
    band_h = h * plan.back_band
    canvas.setFillColor(theme.color("primary"))
    canvas.rect(e, h - e - band_h, w - 2 * e, band_h, stroke=0, fill=1)
    canvas.setFillColor(theme.color("accent"))
    canvas.rect(e, h - e - band_h - 5, w - 2 * e, 5, stroke=0, fill=1)
    _, right, bottom, left = setup.margins
    canvas.setFillColor(theme.ink("on_primary"))
    canvas.setFont(theme.heading.bold, 20)
    canvas.drawString(left, h - e - band_h * 0.45, back.clinic)
    if back.tagline:
        canvas.setFont(theme.body.italic, 12)
        canvas.drawString(left, h - e - band_h * 0.45 - 20, back.tagline)
    if back.logo:
        draw_picture(canvas, back.logo, left, bottom - 10, (w - left - right) * 0.4, 50, theme)
    canvas.setFillColor(theme.ink("subheading"))
    canvas.setFont(theme.body.regular, 8)
    canvas.drawRightString(w - right, bottom + 4, furniture.footer_left)
    if back.footer:
        canvas.drawRightString(w - right, bottom + 16, back.footer)
    canvas.restoreState()
    draw_watermark(canvas, setup, theme, furniture)


def head_paragraphs(
    head: tuple[n.Paragraph, ...], styles: dict[str, Any], names: dict[str, str]
) -> list[Flowable]:
    """The document's title block in the plan's styles for each role."""
    return [Paragraph(to_markup(p.text), styles[names.get(p.role, "body")]) for p in head]
