"""The brand model: a clinic's name, colours, fonts, logo, contact block and paper size.

A brand file only says what differs from ``brand-defaults.yaml``; ``overlay`` fills the rest,
so a minimal brand is a name and a logo.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from ..content.checks import AssetPath, Cmyk, Color, Length, Link, Ppi, Prose
from ..content.project import convert_file
from ..content.schema import Node, Text
from ..errors import BrochureError, Report, SourceRef

DEFAULTS = Path(__file__).with_name("brand-defaults.yaml")


@dataclass(kw_only=True)
class Palette(Node):
    """The brand's colours by role; unset roles come from the default brand."""

    primary: Color | None = None
    secondary: Color | None = None
    accent: Color | None = None
    text: Color | None = None
    background: Color | None = None
    tint: Color | None = None
    warning: Color | None = None


@dataclass(kw_only=True)
class Inks(Node):
    """Exact CMYK from the brand guide (percentages), used in press files instead of the
    profile's conversion of the palette colour of the same name."""

    primary: Cmyk | None = None
    secondary: Cmyk | None = None
    accent: Cmyk | None = None
    text: Cmyk | None = None
    background: Cmyk | None = None
    tint: Cmyk | None = None
    warning: Cmyk | None = None


@dataclass(kw_only=True)
class Spots(Node):
    """Palette colours printed as a named spot ink (a Pantone, say): the press file draws
    them as that separation, with the CMYK of ``Press.colors`` (or the profile's) as its
    stand-in for presses without the ink."""

    primary: Prose | None = None
    secondary: Prose | None = None
    accent: Prose | None = None
    text: Prose | None = None
    tint: Prose | None = None
    warning: Prose | None = None


@dataclass(kw_only=True)
class Press(Node):
    """How press files are made: the printing condition the shop prints to (its registered
    name; the default follows the paper: FOGRA39 for A4, GRACoL 2006 for Letter), the PDF/X
    flavour it asks for, and the brand guide's own CMYK and spot inks."""

    condition: Literal["FOGRA39", "CGATS TR 006", "CGATS TR 005"] | None = None
    standard: Literal["PDF/X-4", "PDF/X-1a"] | None = None
    colors: Inks = field(default_factory=Inks)
    spots: Spots = field(default_factory=Spots)


@dataclass(kw_only=True)
class FontFiles(Node):
    """One family's TrueType files; missing styles fall back to regular (or bold)."""

    regular: AssetPath | None = None
    bold: AssetPath | None = None
    italic: AssetPath | None = None
    bold_italic: AssetPath | None = None


@dataclass(kw_only=True)
class Fonts(Node):
    """The body and heading families."""

    body: FontFiles | None = None
    heading: FontFiles | None = None


@dataclass(kw_only=True)
class Margins(Node):
    """Page margins, each optional."""

    top: Length | None = None
    bottom: Length | None = None
    left: Length | None = None
    right: Length | None = None


@dataclass(kw_only=True)
class Contact(Node):
    """How patients reach the clinic."""

    address: list[Text] | None = None
    phone: Text | None = None
    email: Text | None = None
    website: Link | None = None


@dataclass(kw_only=True)
class Words(Node):
    """The brand's printed words in one language (its own fields are the English ones)."""

    name: Prose | None = None
    tagline: Text | None = None
    footer: Text | None = None


@dataclass(kw_only=True)
class Translations(Node):
    """One field per language in ``brochure/locales`` other than English, so that an unknown
    or misspelt language is a located error like any unknown field."""

    es: Words | None = None


WORDS = ("name", "tagline", "footer")  # what ``Words`` can give per language
MUST_TRANSLATE = ("tagline", "footer")  # a clinic's name may stay as it is in every language


@dataclass(kw_only=True)
class Brand(Node):
    """A clinic's identity, as marketing writes it in ``assets/brands/NAME.yaml``."""

    name: Prose
    tagline: Text | None = None
    logo: AssetPath | None = None
    paper: Literal["letter", "a4"] | None = None
    margins: Margins = field(default_factory=Margins)
    colors: Palette = field(default_factory=Palette)
    fonts: Fonts = field(default_factory=Fonts)
    contact: Contact = field(default_factory=Contact)
    qr_url: Link | None = None
    footer: Text | None = None
    cover_image: AssetPath | None = None
    # Pictures are downsampled to this resolution where placed (a shop that asks for more
    # sets it higher; the PDF grows with its square).
    picture_ppi: Ppi | None = None
    press: Press = field(default_factory=Press)
    translations: Translations = field(default_factory=Translations)
    slug: str = field(default="default", metadata={"internal": True})


def overlay(base: Any, top: Any) -> Any:
    """Fill every field ``top`` leaves empty from ``base``, recursing into sub-records."""
    if top is None:
        return base
    if base is None or not dataclasses.is_dataclass(top) or isinstance(top, FontFiles):
        return top  # a family given by the brand falls back within itself, never to defaults
    changes = {}
    for f in dataclasses.fields(top):
        if f.name == "src":
            continue
        mine, theirs = getattr(top, f.name), getattr(base, f.name)
        changes[f.name] = (
            overlay(theirs, mine)
            if dataclasses.is_dataclass(mine)
            else (theirs if mine is None else mine)
        )
    return dataclasses.replace(top, **changes)  # type: ignore[type-var]


def load_brand(path: Path, report: Report, name: str | None = None) -> Brand | None:
    """Load a brand file over the package defaults."""
    defaults_report = Report()
    base = convert_file(DEFAULTS, Brand, defaults_report)
    if base is None:  # pragma: no cover - the shipped defaults are tested
        raise BrochureError(
            f"internal: bad brand defaults: {defaults_report.problems}", SourceRef(str(DEFAULTS))
        )
    loaded = convert_file(path, Brand, report, name)
    if loaded is None:
        return None
    brand = overlay(_defaults_for(base.value, loaded.value), loaded.value)
    fonts = brand.fonts
    for role, family in (("body", fonts.body), ("heading", fonts.heading)):
        if family is None or family.regular is None:
            where = family.src if family is not None else fonts.src
            report.error(where.at(f"fonts.{role}"), "a font family needs at least a 'regular' file")
    return dataclasses.replace(brand, slug=path.stem)


def _defaults_for(base: Brand, top: Brand) -> Brand:
    """The defaults without translations of words the brand sets itself: the default Spanish
    tagline must never stand in for a clinic's own English one."""
    own = {key: None for key in WORDS if getattr(top, key) is not None}
    langs = {
        f.name: dataclasses.replace(words, **own)
        for f in dataclasses.fields(Translations)
        if f.name != "src" and (words := getattr(base.translations, f.name)) is not None
    }
    return dataclasses.replace(base, translations=dataclasses.replace(base.translations, **langs))


def contact_problem(brand: Brand, report: Report) -> None:
    """A leaflet that gives patients no way to reach the clinic is not fit to print: its back
    cover would say "Questions? Contact us" over nothing, and a warning box "call us" to no one.
    """
    contact = brand.contact
    if contact.phone or contact.email or contact.website:
        return
    where = contact.src if contact.src.line else brand.src
    report.error(
        where.at("contact"),
        "the brand gives patients no way to reach the clinic "
        "(give at least one of contact.phone, contact.email or contact.website)",
    )


def localize(brand: Brand, lang: str, report: Report) -> Brand:
    """The brand with its printed words in ``lang`` (a tag such as ``es-US``).

    Resolved once per build, so that layout keeps receiving plain strings. A tagline or footer
    without a value in ``lang`` falls back to the English one, with a warning naming the field
    (an error under ``--strict``, so a release never mixes languages unnoticed).
    """
    code = lang.split("-")[0].lower()
    if code == "en":
        return brand
    words = getattr(brand.translations, code, None)
    changes = {}
    for key in WORDS:
        english, value = getattr(brand, key), getattr(words, key, None)
        if value is not None:
            changes[key] = value
        elif english is not None and key in MUST_TRANSLATE:
            where = english.src if isinstance(english, Text) and english.src else brand.src
            report.warn(
                where.at(key),
                f"no '{code}' value (give translations.{code}.{key}); "
                f"the '{code}' edition prints the English '{english}'",
            )
    return dataclasses.replace(brand, **changes)
