"""Press colour: the brand's colours and pictures in CMYK, through one ICC output profile.

A print shop prints four inks under a registered printing condition (FOGRA39 in Europe,
GRACoL 2006 or SWOP in the US) and rejects RGB. Press files therefore draw every colour as
CMYK: the brand guide's own values where the brand gives them, otherwise the palette colour
converted once through the condition's profile (Pillow's ImageCms, relative colorimetric:
a colour the press can print comes out as itself). Greys, and the near-black of body text,
print on black ink alone, as a designer sets them: four-colour text blurs when the plates are
a hair out of register. Pictures are converted with the same profile (perceptual, with
black-point compensation so shadows keep their detail), from their embedded profile or sRGB.

``PressColors.convert`` is the canvas's colour hook (ReportLab's ``enforceColorSpace``), so
every colour any drawing sets passes through it: the layout's, SVG art's, the QR code's.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from PIL import Image, ImageCms
from reportlab.lib.colors import CMYKColor, CMYKColorSep, toColor

from ..content.checks import INK_LIMIT
from ..errors import BrochureError, SourceRef
from ..session import Session
from .brand import Press
from .colors import WASH

Standard = Literal["PDF/X-4", "PDF/X-1a"]
STANDARDS: dict[str, Standard] = {"x-4": "PDF/X-4", "x-1a": "PDF/X-1a"}


@dataclass(frozen=True)
class Condition:
    """A printing condition registered at color.org, and the profile that describes it."""

    identifier: str  # the OutputConditionIdentifier a RIP looks up
    name: str  # what a person reads (OutputCondition)
    profile: str  # file under assets/profiles/
    ink_limit: float  # total area coverage the profile was built to, in percent


CONDITIONS = {
    c.identifier: c
    for c in (
        Condition(
            "FOGRA39",
            "Offset printing, coated paper, ISO 12647-2:2004/Amd 1 (FOGRA39L)",
            "FOGRA39L_coated.icc",
            INK_LIMIT,
        ),
        Condition(
            "CGATS TR 006",
            "GRACoL 2006 coated, US sheetfed offset (CGATS TR 006)",
            "GRACoL2006_coated.icc",
            INK_LIMIT,
        ),
        Condition(
            "CGATS TR 005",
            "SWOP coated #5, US web offset (CGATS TR 005)",
            "SWOP_TR005_coated.icc",
            INK_LIMIT,
        ),
    )
}
BY_PAPER = {"a4": "FOGRA39", "letter": "CGATS TR 006"}  # what a shop on that paper prints to
# A colour prints on black ink alone when it is a grey that black alone matches (within this
# colour difference), or a near-black (chroma and lightness below these): text colours.
GREY_MATCH = 2.0  # CIE76 delta E
NEAR_BLACK = (5.0, 25.0)  # chroma C*ab, lightness L*

Cmyk = tuple[float, float, float, float]


@dataclass
class PressColors:
    """The press colours of one brand under one printing condition, for one PDF/X flavour."""

    condition: Condition
    standard: Standard
    profile: bytes  # the condition's ICC profile, embedded as the output intent
    palette: dict[str, CMYKColor]  # by palette role, washes included
    key: str  # what prepared pictures depend on: profile, flavour, ground
    background: str  # the hex colour transparent pictures are flattened onto for X-1a
    session: Session = field(repr=False)  # where the profile's transforms are kept
    # Every colour converted so far, by hex: the palette's own (brand CMYK and spots) first.
    by_hex: dict[str, CMYKColor] = field(default_factory=dict, repr=False)

    @property
    def transparency(self) -> bool:
        """PDF/X-4 keeps live transparency; PDF/X-1a allows none."""
        return self.standard == "PDF/X-4"

    def convert(self, color: Any) -> CMYKColor:
        """Any colour a drawing sets, as CMYK: the canvas calls this for every fill and stroke."""
        if isinstance(color, CMYKColor):
            return color
        rgb = toColor(color)
        hexc = "#{:02X}{:02X}{:02X}".format(
            *(round(v * 255) for v in (rgb.red, rgb.green, rgb.blue))
        )
        out = self.by_hex.get(hexc)
        if out is None:
            inks = convert_hexes(self.profile, [hexc], self.session)[0]
            out = self.by_hex[hexc] = _cmyk_color(inks)
        alpha = getattr(rgb, "alpha", 1)
        return out if alpha in (None, 1) else out.clone(alpha=alpha)

    def translucent(self, role: str, alpha: float, over: str) -> tuple[CMYKColor, float | None]:
        """``role`` at ``alpha`` over the flat ``over`` colour: as it is for PDF/X-4; for
        PDF/X-1a, which allows no transparency, the opaque colour it looks like (per ink,
        as transparency composites in a CMYK blending space)."""
        fg = self.palette[role]
        if self.transparency:
            return fg, alpha
        return _tint(fg, alpha, self.palette[over]), None

    def picture(self, im: Image.Image, icc: bytes | None) -> tuple[Image.Image, Image.Image | None]:
        """A picture as CMYK (greys stay grey: black ink), and its transparency if it keeps
        one. A CMYK picture is kept as given; for PDF/X-1a a transparent one is flattened
        onto the brand's background, where logos sit."""
        if im.mode in ("CMYK", "L"):
            return im, None
        alpha = None
        if im.mode in ("RGBA", "LA"):
            if self.transparency:
                alpha = im.getchannel("A")
            else:
                ground = Image.new("RGBA", im.size, self.background)
                im = Image.alpha_composite(ground, im.convert("RGBA"))
        cmyk = ImageCms.applyTransform(im.convert("RGB"), _picture_transform(self, icc))
        assert cmyk is not None
        return cmyk, alpha


def press_colors(
    press: Press,
    hexes: dict[str, str],
    paper: str,
    assets: Path,
    session: Session,
    standard: Standard | None,
    where: SourceRef | None,
) -> PressColors:
    """The brand's press colours (``standard``: the command line's choice, else the brand's).

    Raises:
        BrochureError: the profile is missing (the brand's CMYK values were checked on load).
    """
    condition = CONDITIONS[press.condition or BY_PAPER[paper]]
    path = assets / "profiles" / condition.profile
    try:
        profile = session.file_memo("icc", path, path.read_bytes)
    except OSError:
        raise BrochureError(
            f"press output for {condition.identifier} needs the profile "
            f"assets/profiles/{condition.profile} (it ships with the tool; restore it)",
            where,
        ) from None
    chosen: Standard = standard or press.standard or "PDF/X-4"
    given = {role: getattr(press.colors, role) for role in _ROLES}
    base = {role: hexes[role] for role in _ROLES}
    convert = [h for role, h in base.items() if given[role] is None]
    converted = dict(zip(convert, convert_hexes(profile, convert, session), strict=True))
    palette: dict[str, CMYKColor] = {}
    for role, hexc in base.items():
        value = given[role]
        inks = tuple(v / 100 for v in value) if value is not None else converted[hexc]
        palette[role] = _cmyk_color(inks, getattr(press.spots, role, None))
    for role in ("accent", "warning"):  # callout backgrounds: a tint of the ink itself
        wash = hexes[f"{role}_wash"]
        if given[role] is not None or getattr(press.spots, role, None):
            palette[f"{role}_wash"] = _tint(palette[role], 1 - WASH, palette["background"])
        else:
            palette[f"{role}_wash"] = _cmyk_color(convert_hexes(profile, [wash], session)[0])
    by_hex: dict[str, CMYKColor] = {}
    for role, color in palette.items():
        by_hex.setdefault(hexes[role], color)
    return PressColors(
        condition,
        chosen,
        profile,
        palette,
        # The profile by its bytes: a prepared picture made under another profile of the same
        # name (or size) must not be served from the disk cache.
        key=f"{condition.identifier}|{chosen}|{hexes['background']}|{session.digest(path)[:16]}",
        background=hexes["background"],
        session=session,
        by_hex=by_hex,
    )


_ROLES = ("primary", "secondary", "accent", "text", "background", "tint", "warning")


def convert_hexes(profile: bytes, hexes: list[str], session: Session) -> list[Cmyk]:
    """Hex colours as CMYK inks (0 to 1) through ``profile``; greys on black ink alone."""
    if not hexes:
        return []
    rgb = [tuple(int(h[i : i + 2], 16) for i in (1, 3, 5)) for h in hexes]
    strip = Image.new("RGB", (len(rgb), 1))
    strip.putdata(rgb)
    tables = _tables(profile, session)
    cmyk = ImageCms.applyTransform(strip, tables.colorimetric)
    lab = ImageCms.applyTransform(strip, tables.srgb_lab)
    assert cmyk is not None and lab is not None
    out: list[Cmyk] = []
    for i in range(len(rgb)):
        L, a, b = lab.getpixel((i, 0))  # type: ignore[misc]
        colour = (L / 2.55, a - 128.0, b - 128.0)
        k = min(range(256), key=lambda k: abs(tables.k_lab[k][0] - colour[0]))
        near_black = math.hypot(colour[1], colour[2]) < NEAR_BLACK[0] and colour[0] < NEAR_BLACK[1]
        if near_black or math.dist(tables.k_lab[k], colour) <= GREY_MATCH:
            out.append((0.0, 0.0, 0.0, k / 255))
        else:
            c = cmyk.getpixel((i, 0))
            out.append(tuple(v / 255 for v in c))  # type: ignore[union-attr, arg-type]
    return out


@dataclass
class _Tables:
    colorimetric: Any  # sRGB -> profile, relative colorimetric
    perceptual: Any  # sRGB -> profile, perceptual with black-point compensation: pictures
    srgb_lab: Any  # sRGB -> CIELAB (is it a grey?)
    k_lab: list[tuple[float, float, float]]  # CIELAB of black ink alone at each of 256 steps


def _tables(profile: bytes, session: Session) -> _Tables:
    """The transforms for one profile, made once per build (a few milliseconds each)."""

    def make() -> _Tables:
        out = ImageCms.ImageCmsProfile(io.BytesIO(profile))
        srgb = ImageCms.createProfile("sRGB")
        lab = ImageCms.createProfile("LAB")
        bpc = ImageCms.Flags.BLACKPOINTCOMPENSATION
        rel = ImageCms.Intent.RELATIVE_COLORIMETRIC
        ramp = Image.new("CMYK", (256, 1))
        ramp.putdata([(0, 0, 0, k) for k in range(256)])
        to_lab = ImageCms.buildTransform(out, lab, "CMYK", "LAB", rel)
        blacks = ImageCms.applyTransform(ramp, to_lab)
        assert blacks is not None
        k_lab = [blacks.getpixel((k, 0)) for k in range(256)]
        return _Tables(
            ImageCms.buildTransform(srgb, out, "RGB", "CMYK", rel),
            ImageCms.buildTransform(
                srgb, out, "RGB", "CMYK", ImageCms.Intent.PERCEPTUAL, flags=bpc
            ),
            ImageCms.buildTransform(srgb, lab, "RGB", "LAB", rel),
            [(p[0] / 2.55, p[1] - 128.0, p[2] - 128.0) for p in k_lab],  # type: ignore[index]
        )

    return session.memo("icc-tables", (hash(profile), len(profile)), make)


def _picture_transform(colors: PressColors, icc: bytes | None) -> Any:
    """sRGB (or the picture's own embedded profile) to the press profile, perceptual."""
    if icc is None:
        return _tables(colors.profile, colors.session).perceptual

    def make() -> Any:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        target = ImageCms.ImageCmsProfile(io.BytesIO(colors.profile))
        return ImageCms.buildTransform(
            source,
            target,
            "RGB",
            "CMYK",
            ImageCms.Intent.PERCEPTUAL,
            flags=ImageCms.Flags.BLACKPOINTCOMPENSATION,
        )

    return colors.session.memo("icc-picture", (hash(icc), hash(colors.profile)), make)


def _inks(color: CMYKColor) -> Cmyk:
    d = color.density
    return (d * color.cyan, d * color.magenta, d * color.yellow, d * color.black)


def _cmyk_color(inks: Cmyk, spot: str | None = None) -> CMYKColor:
    """Inks as ReportLab's colour (rounded to 0.1%, so the file reads like a brand guide)."""
    c, m, y, k = (round(v, 3) for v in inks)
    if spot:
        return CMYKColorSep(c, m, y, k, spotName=str(spot))
    return CMYKColor(c, m, y, k)


def _tint(color: CMYKColor, share: float, background: CMYKColor) -> CMYKColor:
    """``share`` of an ink over the background: a spot ink's tint stays that spot."""
    if isinstance(color, CMYKColorSep) and not any(_inks(background)):
        return color.clone(density=share)
    mixed = tuple(
        share * a + (1 - share) * b for a, b in zip(_inks(color), _inks(background), strict=True)
    )
    return _cmyk_color(mixed)  # type: ignore[arg-type]
