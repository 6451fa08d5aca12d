"""Create every ReportLab paragraph style from a theme and a variant's type scale.

Only this module creates styles; layout code asks for them by name. A variant changes the
look by passing a different ``TypeScale`` (the brochure, the dense summary, large print).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.styles import ParagraphStyle

from ..adapters import pyphen as hyphenation
from ..session import Session, kept
from .theme import Theme

# Pyphen dictionaries by content language; hyphenation keeps narrow table cells from
# breaking words at arbitrary letters.
HYPHENATION = {"en": "en_US", "es": "es"}
PATTERNS = 1  # how a parsed dictionary is kept (adapters/pyphen.py); a new number when changed


def load_hyphenation(language: str, session: Session) -> None:
    """Parse the language's hyphenation patterns once, not in every process: kept on disk
    like fonts, and put where pyphen looks (30-40 ms of every cold build, and of every
    worker a build forks, before)."""
    path = hyphenation.dictionary_file(HYPHENATION.get(language, ""))
    if path is None:
        return
    if hyphenation.installed(path):  # an earlier edition in this process put them there:
        session.read.add(path)  # restoring them again cost a library 7% of its time
        return
    target = ("hyphenation", PATTERNS, hyphenation.WRITTEN_FOR)
    kept_dictionary = session.memo(
        "hyphenation",
        (path,),
        lambda: kept(session, path, target, lambda: hyphenation.parsed(path), hyphenation.restored),
    )
    hyphenation.install(path, kept_dictionary)


@dataclass(frozen=True)
class TypeScale:
    """Sizes in points and spacing factors; one per variant."""

    body: float = 11.5
    leading: float = 1.42  # line spacing as a multiple of the size
    h1: float = 19.0
    h2: float = 13.0
    h3: float = 0.0  # step and callout titles; 0 = a little larger than body
    small: float = 8.5  # page furniture and references
    caption: float = 9.5
    min_text: float = 0.0  # large print: no reading text below this size
    space: float = 1.0  # multiplies the space between blocks
    justify: bool = False
    italics: bool = True  # large print avoids italics
    heading_serif: bool = True  # large print sets headings in the bold body font
    language: str = "en"

    @property
    def floor(self) -> float:
        """The smallest type the variant prints anywhere (figure labels and table cells too):
        large print's ``min_text``, otherwise the smallest size of its scale."""
        return self.min_text or min(self.small, self.caption)

    @property
    def furniture(self) -> float:
        """Running heads, footers and cover small print: never below the reading minimum."""
        return max(self.small, self.min_text)

    def for_language(self, lang: str) -> TypeScale:
        """The same scale, hyphenating for ``lang`` (a tag such as ``es-US``)."""
        return replace(self, language=lang.split("-")[0])


# The ``colors.INKS`` role of each style's text colour (the body's unless named here); a test
# holds every style at least as large as its role's checked size.
STYLE_INKS = {
    **dict.fromkeys(("lead", "h1", "step_title", "term", "back_title", "summary_title"), "heading"),
    "h2": "subheading",
    **dict.fromkeys(("th", "cover_title", "cover_subtitle", "cover_tagline"), "on_primary"),
    "summary_status": "warning",
}


def build_styles(theme: Theme, scale: TypeScale, page: float = 1.0) -> dict[str, ParagraphStyle]:
    """Return the named styles for one theme and scale; ``page`` scales the cover to the sheet.
    The scale's language's hyphenation patterns are made ready for them."""
    load_hyphenation(scale.language, theme.session)
    body, heading = theme.body, theme.heading
    head_font = heading.bold if scale.heading_serif else body.bold
    italic = body.italic if scale.italics else body.regular
    text, primary, secondary = theme.ink("body"), theme.ink("heading"), theme.ink("subheading")
    white = theme.ink("on_primary")
    b, lead, sp = scale.body, scale.leading, scale.space

    def size(value: float) -> float:
        return max(value, scale.min_text)

    def style(
        name: str, fs: float, parent: ParagraphStyle | None = None, **kw: object
    ) -> ParagraphStyle:
        kw.setdefault("leading", fs * lead)
        return ParagraphStyle(name, parent=parent or base, fontSize=fs, **kw)

    base = ParagraphStyle(
        "body",
        fontName=body.regular,
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
    # Ragged-right prose reads best unhyphenated; only narrow table cells hyphenate.
    hyph = {
        "hyphenationLang": HYPHENATION.get(scale.language, ""),
        "embeddedHyphenation": 1,
        # Columns are sized to their words and cells hyphenated to fit (render/pdf/columns.py):
        # cutting a word without a hyphen is left only for a token that is not a word.
        "splitLongWords": 1,
        "uriWasteReduce": 0.3,
        "alignment": TA_LEFT,
    }
    h3 = scale.h3 or b * 1.08
    cell = max(b * 0.92, scale.floor)
    return {
        "body": base,
        # The lead paragraph is followed by a little more air than body text.
        "lead": style("lead", b * 1.12, textColor=primary, spaceAfter=b * (0.55 * sp + 0.9)),
        "h1": style(
            "h1",
            scale.h1,
            fontName=head_font,
            leading=scale.h1 * 1.2,
            textColor=primary,
            spaceBefore=scale.h1 * 0.9 * sp,
            spaceAfter=scale.h1 * 0.45 * sp,
            keepWithNext=1,
            alignment=TA_LEFT,
        ),
        "h2": style(
            "h2",
            scale.h2,
            fontName=body.bold,
            leading=scale.h2 * 1.25,
            textColor=secondary,
            spaceBefore=scale.h2 * 0.8 * sp,
            spaceAfter=scale.h2 * 0.3 * sp,
            keepWithNext=1,
            alignment=TA_LEFT,
        ),
        "item": style("item", b, spaceAfter=b * 0.3 * sp),
        "step_title": style(
            "step_title",
            h3,
            fontName=body.bold,
            leading=h3 * 1.3,
            textColor=primary,
            spaceAfter=b * 0.2,
            keepWithNext=1,
            alignment=TA_LEFT,
        ),
        "callout_title": style(
            "callout_title",
            h3,
            fontName=body.bold,
            leading=h3 * 1.3,
            spaceAfter=b * 0.25,
            keepWithNext=1,
            alignment=TA_LEFT,
        ),
        "callout": style("callout", b, spaceAfter=b * 0.3, alignment=TA_LEFT),
        "caption": style(
            "caption",
            size(scale.caption),
            fontName=italic,
            leading=size(scale.caption) * 1.35,
            spaceAfter=b * 0.6 * sp,
            alignment=TA_CENTER,  # under a centred figure
        ),
        "th": style(
            "th",
            cell,
            fontName=body.bold,
            leading=cell * 1.25,
            textColor=white,
            spaceAfter=0,
            **hyph,
        ),
        "td": style("td", cell, leading=cell * 1.3, spaceAfter=0, **hyph),
        "term": style(
            "term", b, fontName=body.bold, spaceAfter=0, alignment=TA_LEFT, textColor=primary
        ),
        "definition": style("definition", b, spaceAfter=0, alignment=TA_LEFT),
        "ref": style(
            "ref",
            size(scale.small),
            leading=size(scale.small) * 1.25,
            spaceAfter=scale.small * 0.25,
            alignment=TA_LEFT,
        ),
        "small": style(
            "small",
            size(scale.small),
            leading=size(scale.small) * 1.3,
            spaceAfter=0,
            alignment=TA_LEFT,
        ),
        "cover_title": style(
            "cover_title",
            max(34 * page, scale.h1),
            fontName=heading.bold,
            leading=max(34 * page, scale.h1) * 1.15,
            textColor=white,
            alignment=TA_LEFT,
            spaceAfter=12 * page,
        ),
        "cover_subtitle": style(
            "cover_subtitle",
            max(b, 15 * page),
            leading=max(b, 15 * page) * 1.3,
            textColor=white,
            alignment=TA_LEFT,
            spaceAfter=10 * page,
        ),
        "cover_tagline": style(
            "cover_tagline",
            max(b, 12 * page),
            fontName=italic,
            leading=max(b, 12 * page) * 1.35,
            textColor=white,
            alignment=TA_LEFT,
            spaceAfter=0,
        ),
        "back_title": style(
            "back_title",
            max(20.0, scale.h2),
            fontName=head_font,
            leading=max(20.0, scale.h2) * 1.2,
            textColor=primary,
            spaceAfter=10,
            alignment=TA_LEFT,
        ),
        "summary_title": style(
            "summary_title",
            15,
            fontName=head_font,
            leading=18,
            textColor=primary,
            spaceAfter=4,
            alignment=TA_LEFT,
        ),
        "summary_status": style("summary_status", 8.6, leading=11, textColor=theme.ink("warning")),
        "contact": style(
            "contact", max(12.0, b), leading=max(12.0, b) * 1.45, spaceAfter=2, alignment=TA_LEFT
        ),
    }
