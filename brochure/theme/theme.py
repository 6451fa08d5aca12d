"""Assemble a theme from a brand: resolved files, registered fonts, page geometry and colours."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from reportlab.lib.colors import Color, HexColor
from reportlab.lib.pagesizes import A4, LETTER

from ..content.assets import resolve_asset
from ..errors import BrochureError, Report
from ..session import Session
from .brand import Brand, FontFiles, contact_problem
from .colors import INKS, checks, washes
from .fonts import FontFamily, register_family
from .images import inspect_image

if TYPE_CHECKING:
    from .press import PressColors, Standard

PAPER = {"letter": LETTER, "a4": A4}
HALF = {"letter": (5.5 * 72, 8.5 * 72), "a4": (A4[0] / 2**0.5, A4[1] / 2**0.5)}  # booklet pages
BLEED = {"letter": 9.0, "a4": 3 * 72 / 25.4}  # 0.125 in (US) or 3 mm (A4 printers)


@dataclass
class Theme:
    """Everything layout needs from a brand, resolved and checked."""

    brand: Brand
    assets: Path
    paper: tuple[float, float]
    margins: tuple[float, float, float, float]  # top, right, bottom, left in points
    hex: dict[str, str]
    body: FontFamily
    heading: FontFamily
    logo: Path | None
    cover_image: Path | None
    session: Session  # the build's caches: fonts, pictures, drawings
    press: PressColors | None = None  # press output: every colour in CMYK (``for_press``)

    @property
    def paper_name(self) -> str:
        return self.brand.paper or "letter"

    @property
    def half_paper(self) -> tuple[float, float]:
        return HALF[self.paper_name]

    @property
    def bleed(self) -> float:
        return BLEED[self.paper_name]

    def color(self, name: str) -> Color:
        """A palette colour for fills and rules; text and marks use ``ink``."""
        if self.press is not None:
            return self.press.palette[name]
        return HexColor(self.hex[name])

    def ink(self, role: str) -> Color:
        """The colour of a role in ``colors.INKS``: the pairs the brand check has tested."""
        return self.color(INKS[role].fg)

    def ground(self, role: str) -> Color:
        """The colour a role is drawn on."""
        return self.color(INKS[role].bg)

    def translucent(self, name: str, alpha: float, over: str) -> tuple[Color, float | None]:
        """A palette colour at ``alpha`` over the palette colour ``over``; in a press file
        that allows no transparency (PDF/X-1a), the opaque colour it looks like."""
        if self.press is not None:
            return self.press.translucent(name, alpha, over)
        return self.color(name), alpha

    def for_press(self, standard: Standard | None) -> Theme:
        """This theme for press output: CMYK colours under the brand's printing condition.

        Raises:
            BrochureError: the condition's profile is missing.
        """
        from .press import press_colors

        press = press_colors(
            self.brand.press,
            self.hex,
            self.paper_name,
            self.assets,
            self.session,
            standard,
            self.brand.src,
        )
        return replace(self, press=press)


def load_theme(brand: Brand, assets: Path, report: Report, session: Session) -> Theme | None:
    """Resolve and check everything a brand refers to; problems go into ``report``."""
    body = _family(brand.fonts.body or FontFiles(), assets, report, session)
    heading = _family(brand.fonts.heading or FontFiles(), assets, report, session, True)
    logo = _image(brand.logo, assets, report, "logo", session)
    cover = _image(brand.cover_image, assets, report, "cover image", session)
    palette = brand.colors
    hexes = washes(
        {
            k: str(getattr(palette, k))
            for k in ("primary", "secondary", "accent", "text", "background", "tint", "warning")
        }
    )
    _check_contrast(brand, hexes, report)
    contact_problem(brand, report)
    if body is None or heading is None or report.errors:
        return None
    m = brand.margins
    margins = tuple(float(v or 0) for v in (m.top, m.right, m.bottom, m.left))  # points
    return Theme(
        brand,
        assets,
        PAPER[brand.paper or "letter"],
        margins,  # type: ignore[arg-type]
        hexes,
        body,
        heading,
        logo,
        cover,
        session,
    )


def _family(
    files: FontFiles, assets: Path, report: Report, session: Session, bold_only: bool = False
) -> FontFamily | None:
    """Register a family; headings are only ever set bold, so only that face is parsed."""
    if bold_only and files.bold is not None:
        files = FontFiles(regular=files.bold, bold=files.bold, src=files.src)
    paths = {}
    for style in ("regular", "bold", "italic", "bold_italic"):
        rel = getattr(files, style)
        paths[style] = resolve_asset(assets, rel, report, "font file") if rel else None
        if rel and paths[style] is None:
            return None
    if paths["regular"] is None:
        return None
    try:
        return register_family(
            paths["regular"],
            paths["bold"],
            paths["italic"],
            paths["bold_italic"],
            files.regular.src if files.regular else None,
            session,
        )
    except BrochureError as exc:
        report.problems.extend(exc.problems)
        return None


def _image(rel: object, assets: Path, report: Report, what: str, session: Session) -> Path | None:
    if rel is None:
        return None
    path = resolve_asset(assets, rel, report, what)  # type: ignore[arg-type]
    if path is None:
        return None
    try:
        inspect_image(path, rel.src, session)  # type: ignore[attr-defined]
    except BrochureError as exc:
        report.problems.extend(exc.problems)
        return None
    return path


def _check_contrast(brand: Brand, colors: dict[str, str], report: Report) -> None:
    """Every pair the layout draws (``INKS``), once, at the strictest size it is drawn."""
    for check in checks(colors):
        if check.passed:
            continue
        ink = check.ink
        where = getattr(getattr(brand.colors, check.blame, None), "src", None) or brand.src
        hint = f"; try {check.suggestion}" if check.suggestion else ""
        report.error(
            where.at(f"colors.{check.blame}"),
            f"{colors[ink.fg]} on {colors[ink.bg]} has contrast {check.ratio:.2f}:1, "
            f"below the WCAG AA {ink.needed:g}:1 needed for {ink.describe()}{hint}",
        )
