"""Create every ReportLab paragraph style from a theme and a variant's type scale.

Only this module creates styles; layout code asks for them by name. A variant changes the
look by passing a different ``TypeScale`` (the brochure, the dense summary, large print).
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.enums import TA_JUSTIFY, TA_LEFT
from reportlab.lib.styles import ParagraphStyle

from .theme import Theme

# Pyphen dictionaries by content language; hyphenation keeps narrow table cells from
# breaking words at arbitrary letters.
HYPHENATION = {"en": "en_US", "es": "es"}


@dataclass(frozen=True)
class TypeScale:
    """Sizes in points and spacing factors; one per variant."""

    body: float = 11.5
    leading: float = 1.42  # line spacing as a multiple of the size
    h1: float = 19.0
    h2: float = 13.0
    small: float = 8.5
    caption: float = 9.5
    space: float = 1.0  # multiplies the space between blocks
    justify: bool = False
    heading_bold_body: bool = False  # large print: headings in the body font, never serif
    language: str = "en"


def build_styles(theme: Theme, scale: TypeScale, page: float = 1.0) -> dict[str, ParagraphStyle]:
    """Return the named styles for one theme and scale; ``page`` scales the cover to the sheet."""
    body_font, heading = theme.body, theme.heading
    head_font = body_font.bold if scale.heading_bold_body else heading.bold
    text, primary, secondary = theme.color("text"), theme.color("primary"), theme.color("secondary")
    b, lead, sp = scale.body, scale.leading, scale.space
    # Ragged-right prose reads best unhyphenated; only narrow table cells hyphenate.
    hyph = {
        "hyphenationLang": HYPHENATION.get(scale.language, ""),
        "embeddedHyphenation": 1,
        "uriWasteReduce": 0.3,
    }
    base = ParagraphStyle(
        "body",
        fontName=body_font.regular,
        fontSize=b,
        leading=b * lead,
        textColor=text,
        alignment=TA_JUSTIFY if scale.justify else TA_LEFT,
        spaceAfter=b * 0.55 * sp,
        allowWidows=0,
        allowOrphans=0,
        splitLongWords=1,
        hyphenationLang="",
    )

    def style(name: str, parent: ParagraphStyle = base, **kw: object) -> ParagraphStyle:
        return ParagraphStyle(name, parent=parent, **kw)

    h1 = scale.h1
    styles = {
        "body": base,
        "lead": style("lead", fontSize=b * 1.12, leading=b * 1.12 * lead, textColor=primary),
        "h1": style(
            "h1",
            fontName=head_font,
            fontSize=h1,
            leading=h1 * 1.2,
            textColor=primary,
            spaceBefore=h1 * 0.9 * sp,
            spaceAfter=h1 * 0.45 * sp,
            keepWithNext=1,
            alignment=TA_LEFT,
        ),
        "h2": style(
            "h2",
            fontName=body_font.bold,
            fontSize=scale.h2,
            leading=scale.h2 * 1.25,
            textColor=secondary,
            spaceBefore=scale.h2 * 0.8 * sp,
            spaceAfter=scale.h2 * 0.3 * sp,
            keepWithNext=1,
            alignment=TA_LEFT,
        ),
        "item": style("item", spaceAfter=b * 0.3 * sp),
        "step_title": style(
            "step_title",
            fontName=body_font.bold,
            fontSize=b * 1.08,
            leading=b * 1.08 * 1.3,
            textColor=primary,
            spaceAfter=b * 0.2,
            keepWithNext=1,
            alignment=TA_LEFT,
        ),
        "callout_title": style(
            "callout_title",
            fontName=body_font.bold,
            fontSize=b * 1.05,
            leading=b * 1.05 * 1.3,
            spaceAfter=b * 0.25,
            keepWithNext=1,
            alignment=TA_LEFT,
        ),
        "callout": style("callout", spaceAfter=b * 0.3, alignment=TA_LEFT),
        "caption": style(
            "caption",
            fontName=body_font.italic,
            fontSize=scale.caption,
            leading=scale.caption * 1.35,
            spaceAfter=b * 0.6 * sp,
            alignment=TA_LEFT,
        ),
        "th": style(
            "th",
            fontName=body_font.bold,
            fontSize=b * 0.92,
            leading=b * 0.92 * 1.25,
            textColor=theme.color("background"),
            spaceAfter=0,
            alignment=TA_LEFT,
            **hyph,
        ),
        "td": style(
            "td", fontSize=b * 0.92, leading=b * 0.92 * 1.3, spaceAfter=0, alignment=TA_LEFT, **hyph
        ),
        "term": style(
            "term", fontName=body_font.bold, spaceAfter=0, alignment=TA_LEFT, textColor=primary
        ),
        "definition": style("definition", spaceAfter=0, alignment=TA_LEFT),
        "ref": style(
            "ref",
            fontSize=scale.small,
            leading=scale.small * 1.25,
            spaceAfter=scale.small * 0.25,
            alignment=TA_LEFT,
        ),
        "small": style(
            "small",
            fontSize=scale.small,
            leading=scale.small * 1.3,
            spaceAfter=0,
            alignment=TA_LEFT,
        ),
        "cover_title": style(
            "cover_title",
            fontName=heading.bold,
            fontSize=34 * page,
            leading=39 * page,
            textColor=theme.color("background"),
            alignment=TA_LEFT,
            spaceAfter=12,
        ),
        "cover_subtitle": style(
            "cover_subtitle",
            fontSize=max(b, 15 * page),
            leading=max(b, 15 * page) * 1.3,
            textColor=theme.color("background"),
            alignment=TA_LEFT,
            spaceAfter=10,
        ),
        "cover_tagline": style(
            "cover_tagline",
            fontName=body_font.italic,
            fontSize=max(b, 12 * page),
            leading=max(b, 12 * page) * 1.35,
            textColor=theme.color("background"),
            alignment=TA_LEFT,
            spaceAfter=0,
        ),
        "back_title": style(
            "back_title",
            fontName=head_font,
            fontSize=max(20.0, h1),
            leading=max(20.0, h1) * 1.2,
            textColor=primary,
            spaceAfter=10,
            alignment=TA_LEFT,
        ),
        "contact": style(
            "contact",
            fontSize=max(12.0, b),
            leading=max(12.0, b) * 1.45,
            spaceAfter=2,
            alignment=TA_LEFT,
        ),
    }
    return styles
