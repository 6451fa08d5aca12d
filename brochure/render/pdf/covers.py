"""Front and back covers, drawn from the document's cover nodes inside a panel.

Positions are shares of the panel the cover sits in (the plan's ``CoverPlan``), so the same
cover fits a full page, a booklet page or, later, one panel of a folded sheet.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Frame, KeepInFrame, Spacer, Table, TableStyle

from ...content.inline import to_markup, to_plain
from ...document import nodes as n
from ...markup import escape
from ...theme.images import aspect
from .art import draw_logo, draw_picture
from .blocks import LayoutContext, layout_callout
from .flowables import qr_drawing
from .pages import PageSetup, draw_watermark, wrap_parts
from .tags import Elem, Structure, marked, tag


@dataclass(frozen=True)
class CoverTags:
    """The structure elements of what a cover draws on the canvas, made in reading order
    (after the title block) before layout starts; the logo and small print are artifacts."""

    art: Elem | None
    lines: list[Elem]  # the clinic's name, then each line of the strip


def cover_tags(tags: Structure, lines: int, alt: str = "") -> CoverTags:
    """Elements for a cover's picture (if it has alt text) and its ``lines`` of text."""
    art = tags.child("Figure", alt=alt) if alt else None
    return CoverTags(art, [tags.child("P") for _ in range(lines)])


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


def draw_pattern(
    canvas: Canvas, box: tuple[float, float, float, float], logo: Any, theme: Any
) -> None:
    """A designed field in the brand's colours for a leaflet without cover art: rings of
    the primary, secondary and accent colours over the tint, and the logo large on a white
    disc. Decoration only (an artifact in tagged PDF); deterministic, so builds repeat."""
    x, y, w, h = box
    canvas.saveState()
    clip = canvas.beginPath()
    clip.rect(x, y, w, h)
    canvas.clipPath(clip, stroke=0, fill=0)
    roles = ("primary", "secondary", "accent")
    for i in range(9):  # rings along a gentle arc, sizes from a fixed sequence
        cx = x + w * (0.08 + 0.105 * i)
        cy = y + h * (0.25 + 0.5 * ((i * 37) % 11) / 11)
        r = h * (0.18 + 0.07 * ((i * 5) % 4))
        canvas.setStrokeColor(*theme.translucent(roles[i % 3], 0.22, "tint"))
        canvas.setLineWidth(h * 0.035)
        canvas.circle(cx, cy, r, stroke=1, fill=0)
    if logo:
        disc = min(w, h) * 0.36
        canvas.setFillColor(*theme.translucent("background", 0.92, "tint"))
        canvas.roundRect(
            x + (w - disc * 2.4) / 2,
            y + (h - disc) / 2,
            disc * 2.4,
            disc,
            disc * 0.2,
            stroke=0,
            fill=1,
        )
        draw_logo(
            canvas,
            logo,
            x + (w - disc * 2.2) / 2,
            y + (h - disc * 0.8) / 2,
            disc * 2.2,
            disc * 0.8,
            theme,
        )
    canvas.restoreState()


def draw_cover(
    canvas: Canvas,
    cover: n.Cover,
    furniture: n.Furniture,
    ctx: LayoutContext,
    setup: PageSetup,
    plan: CoverPlan,
    elems: CoverTags,
) -> None:
    """Illustration, colour band and the clinic strip; artwork reaches the bleed in press mode."""
    theme, small = ctx.theme, ctx.scale.furniture + 0.5
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
        with marked(canvas, elems.art, (e, art_bottom, w - e, h - e)):
            draw_picture(canvas, cover.art, *box, theme, cover=True)
        canvas.restoreState()
    else:  # no art: the brand's own design, never an empty box
        draw_pattern(canvas, (e, art_bottom, w - 2 * e, h - e - art_bottom), cover.logo, theme)
    canvas.setFillColor(theme.color("primary"))
    band = h * (plan.band_top - plan.band_bottom)
    canvas.rect(e, h * plan.band_bottom, w - 2 * e, band, stroke=0, fill=1)
    canvas.setFillColor(theme.color("accent"))
    canvas.rect(e, art_bottom - 5, w - 2 * e, 5, stroke=0, fill=1)
    _, right, _, left = setup.margins
    strip_top = h * plan.band_bottom - 14
    if cover.logo:  # as wide as the clinic's lines on the right leave room for
        logo_h = min(48.0, strip_top - max(e, 0) - 30)
        words = [(cover.clinic, theme.body.bold, small + 1.5)]
        words += [(line, theme.body.regular, small + 0.5) for line in cover.reach]
        text_w = max(stringWidth(*word) for word in words)
        logo_w = min((w - left - right) * 0.45, w - left - right - text_w - 2 * small)
        draw_logo(canvas, cover.logo, left, strip_top - logo_h, logo_w, logo_h, theme)
    canvas.setFillColor(theme.ink("body"))
    y = strip_top - 12
    canvas.setFont(theme.body.bold, small + 1.5)
    with marked(canvas, elems.lines[0]):
        canvas.drawRightString(w - right, y, cover.clinic)
    canvas.setFont(theme.body.regular, small + 0.5)
    for line, elem in zip(cover.reach, elems.lines[1:], strict=True):
        y -= (small + 0.5) * 1.45
        with marked(canvas, elem):
            canvas.drawRightString(w - right, y, line)
    size = small - 0.5
    canvas.setFont(theme.body.regular, size)
    canvas.setFillColor(theme.ink("subheading"))
    lines = wrap_parts(furniture.footer_left, theme.body.regular, size, w - left - right)
    for i, line in enumerate(reversed(lines)):
        canvas.drawString(left, max(e, 0) + 24 + i * size * 1.3, line)
    canvas.restoreState()
    draw_watermark(canvas, setup, theme, furniture, above=h * plan.band_bottom)


def url_lines(url: str, font: str, size: float, width: float) -> list[str]:
    """A web address in lines broken only after a "/", so that nobody types half a word."""
    lines: list[str] = []
    for part in url.replace("/", "/\n").split("\n"):
        if lines and stringWidth(lines[-1] + part, font, size) <= width:
            lines[-1] += part
        elif part:
            lines.append(part)
    return lines


def back_story(back: n.BackCover, ctx: LayoutContext) -> list[Flowable]:
    """Contact block, QR code to the clinic's website, and what this leaflet is.

    The code sits beside the address when the address fits its column unwrapped, and below
    it otherwise (large type), so no contact line is ever broken.
    """
    styles, width, size, theme = ctx.styles, ctx.width, ctx.scale.body, ctx.theme
    card, contact = back.contact, styles["contact"]
    # full width: never wraps (on a narrow panel it is set smaller to stay on one line)
    style = styles["back_title"]
    wide = stringWidth(to_plain(card.title), style.fontName, style.fontSize)
    fitted = max(style.fontSize * min(1.0, width / wide), ctx.scale.h2)
    if fitted < style.fontSize:
        style = ParagraphStyle("back_title_fitted", style, fontSize=fitted, leading=fitted * 1.2)
    title = ctx.tagged(to_markup(card.title), style, ctx.heading(1))
    lines: list[Flowable] = [ctx.tagged(f"<b>{to_markup(card.name)}</b>", contact)]
    lines += [ctx.tagged(to_markup(line), contact) for line in card.address]
    lines.append(Spacer(1, size * 0.6))
    plain = [(card.name, theme.body.bold), *((line, theme.body.regular) for line in card.address)]
    for ch in card.channels:
        link = f'<a href="{escape(ch.target, {chr(34): "&quot;"})}">{escape(ch.shown)}</a>'
        lines.append(ctx.tagged(f"<b>{escape(ch.label)}:</b> {link}", contact))
        plain.append((f"{ch.label}: {ch.shown}", theme.body.bold))
    about = [Spacer(1, size * 2), *layout_callout(back.about, ctx)] if back.about else []
    if back.qr is None:
        return [title, *lines, *about]
    qr_size = 96.0  # 1.33 in: scans from arm's length; larger type does not need a larger code
    small = styles["small"]
    parts = url_lines(back.qr.shown, small.fontName, small.fontSize, qr_size + 18)
    column = max(qr_size, *(stringWidth(p, small.fontName, small.fontSize) for p in parts))
    code = qr_drawing(back.qr.url, qr_size, theme.ink("qr_code"), theme.session)
    tag(code, ctx.tags.child("Figure", alt=f"QR code: {back.qr.shown}"))
    words = [
        ctx.tagged(to_markup(back.qr.caption), small),
        ctx.tagged("<br/>".join(escape(p) for p in parts), small),
    ]
    widest = max(stringWidth(to_plain(t), font, contact.fontSize) for t, font in plain)
    if widest > width - column - 24:  # large type: the code and its words go below
        row = _bare([[code, words]], [qr_size + size, width - qr_size - size], theme)
        return [title, *lines, Spacer(1, size * 0.5), row, *about]
    side = _bare([[lines, [code, *words]]], [width - column - 24, column + 24], theme)
    return [title, side, *about]


def _bare(cells: list[list[Any]], widths: list[float], theme: Any) -> Table:
    """A layout table: no padding at the sides, cells aligned at the top."""
    table = Table(cells, colWidths=widths)
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), theme.body.regular),  # never the default font
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return table


LOGO_HEIGHT = 50.0  # the back cover's logo box


@dataclass(frozen=True)
class BackFoot:
    """Where the back cover's logo and small print go: beside each other when they fit,
    the small print above the logo when they do not, so neither can overprint the other."""

    lines: list[str]
    baselines: list[float]
    logo_y: float
    logo_width: float
    top: float  # the highest point the foot reaches: the text frame ends above it


def back_foot(
    back: n.BackCover, furniture: n.Furniture, ctx: LayoutContext, setup: PageSetup
) -> BackFoot:
    theme = ctx.theme
    _, right, bottom, left = setup.margins
    width = setup.width - left - right
    size = ctx.scale.furniture
    font = theme.body.regular
    lines = [line for line in [back.footer or ""] if line]
    lines += wrap_parts(furniture.footer_left, font, size, width)
    logo_width = 0.0
    if back.logo:
        ratio = aspect(back.logo, None, theme.session)
        logo_width = min(width * 0.4, LOGO_HEIGHT / ratio)
    logo_y = bottom - 10
    widest = max((stringWidth(line, font, size) for line in lines), default=0.0)
    beside = widest <= width - logo_width - 2 * size
    first = bottom + 4 if beside or not back.logo else logo_y + LOGO_HEIGHT + size * 0.6
    step = size * 1.5
    baselines = [first + step * (len(lines) - 1 - i) for i in range(len(lines))]
    top = max(logo_y + LOGO_HEIGHT if back.logo else bottom, baselines[0] + size if lines else 0)
    return BackFoot(lines, baselines, logo_y, logo_width, top)


def back_frame(foot: BackFoot, setup: PageSetup, plan: CoverPlan) -> Frame:
    """The back cover's text frame: between the colour band and the foot."""
    _, right, _, left = setup.margins
    y = foot.top + 12
    band_foot = setup.height - setup.art_inset - setup.height * plan.back_band - 5
    return Frame(
        left,
        y,
        setup.width - left - right,
        band_foot - 16 - y,
        id="back",
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )


def draw_back(
    canvas: Canvas,
    back: n.BackCover,
    furniture: n.Furniture,
    ctx: LayoutContext,
    setup: PageSetup,
    plan: CoverPlan,
    elems: CoverTags,
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
    _, right, _, left = setup.margins
    canvas.setFillColor(theme.ink("on_primary"))
    # 20 pt, or as large as fits the page's width (a folded leaflet's panel)
    name_width = stringWidth(back.clinic, theme.heading.bold, 20)
    canvas.setFont(theme.heading.bold, min(20.0, 20 * (w - left - right) / max(name_width, 1)))
    with marked(canvas, elems.lines[0]):
        canvas.drawString(left, h - e - band_h * 0.45, back.clinic)
    if back.tagline:
        italic = theme.body.italic if ctx.scale.italics else theme.body.regular
        tag_size = max(12.0, ctx.scale.min_text)
        canvas.setFont(italic, tag_size)
        with marked(canvas, elems.lines[1]):
            y = h - e - band_h * 0.45 - max(20.0, tag_size * 1.4)
            canvas.drawString(left, y, back.tagline)
    canvas.setFillColor(theme.ink("subheading"))
    size = ctx.scale.furniture
    canvas.setFont(theme.body.regular, size)
    foot = back_foot(back, furniture, ctx, setup)
    for line, y in zip(foot.lines, foot.baselines, strict=True):
        canvas.drawRightString(w - right, y, line)
    if back.logo:
        draw_logo(canvas, back.logo, left, foot.logo_y, foot.logo_width, LOGO_HEIGHT, theme)
    canvas.restoreState()
    draw_watermark(canvas, setup, theme, furniture, above=foot.top)


def head_paragraphs(
    head: tuple[n.Paragraph, ...], ctx: LayoutContext, names: dict[str, str]
) -> list[Flowable]:
    """The document's title block in the plan's styles for each role; the title is the H1
    and section headings go one level below it."""
    if any(p.role == "title" for p in head):
        ctx.tags.heading_offset = 1
    return [
        ctx.tagged(to_markup(p.text), ctx.styles[names.get(p.role, "body")], _head_role(p.role), p)
        for p in head
    ]


def _head_role(role: str) -> str:
    return "H1" if role == "title" else "P"
