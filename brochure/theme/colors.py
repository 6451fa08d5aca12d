"""WCAG contrast: refuse brand colours that patients with low vision could not read."""

from __future__ import annotations

from dataclasses import dataclass

AA_TEXT = 4.5
AA_LARGE = 3.0
WASH = 0.92  # how far towards the background a callout's tone colour is washed


@dataclass(frozen=True)
class Ink:
    """One brand colour drawn on another, at the smallest size any variant draws it."""

    fg: str  # a palette name (or a wash, below)
    bg: str
    size: float  # points; 0 for a mark that is seen, not read (a bullet, a tick box)
    bold: bool
    use: str

    @property
    def needed(self) -> float:
        """WCAG 2.x AA: 3:1 for large text (18 pt, or 14 pt bold) and marks, else 4.5:1."""
        large = self.size == 0 or self.size >= 18 or (self.bold and self.size >= 14)
        return AA_LARGE if large else AA_TEXT

    def describe(self) -> str:
        if self.size == 0:
            return self.use
        return f"{self.use} ({self.size:g} pt{' bold' if self.bold else ''})"


# Every colour pair the layout draws, by role. Styles and renderers take their colours from
# here (``Theme.ink``), and the brand check tests each pair, so a new drawing that uses a role
# cannot escape it. Sizes are the smallest across variants: the summary sets body text at 8 pt
# and table cells at 7.36 pt, cover footers are 7 pt, a step number is 1.155 times body size.
# Decorative fills and rules (cover stripes, callout bars, table rules, the faint DRAFT
# watermark) carry no information and are not listed.
INKS: dict[str, Ink] = {
    "body": Ink("text", "background", 7.0, False, "body text, references and page footers"),
    "on_primary": Ink("background", "primary", 7.3, True, "table heads and the cover bands"),
    "body_on_tint": Ink("text", "tint", 7.3, False, "text in callouts and table rows"),
    "body_on_accent_wash": Ink("text", "accent_wash", 8.0, False, "text in 'important' callouts"),
    "body_on_warning_wash": Ink("text", "warning_wash", 8.0, False, "text in warning callouts"),
    "heading": Ink(
        "primary", "background", 8.0, False, "headings, the lead paragraph, terms and links"
    ),
    "heading_on_tint": Ink("primary", "tint", 7.3, False, "callout titles and links in tables"),
    "heading_on_accent_wash": Ink(
        "primary", "accent_wash", 8.6, True, "titles of 'important' callouts"
    ),
    "subheading": Ink(
        "secondary", "background", 7.0, False, "sub-headings, running heads and cover footers"
    ),
    "subheading_on_tint": Ink("secondary", "tint", 14.0, True, "HTML callout titles"),
    "warning": Ink("warning", "background", 8.6, False, "the summary's status line"),
    "warning_on_wash": Ink(
        "warning", "warning_wash", 8.6, True, "warning callout titles and the urgent call"
    ),
    "on_warning": Ink("background", "warning", 12.0, True, "the HTML draft banner"),
    "step_number": Ink("background", "accent", 9.2, True, "white step numbers on the accent"),
    "bullet": Ink("accent", "background", 0, True, "bullets"),
    "bullet_on_tint": Ink("accent", "tint", 0, True, "bullets in callouts"),
    "bullet_on_accent_wash": Ink(
        "accent", "accent_wash", 0, True, "bullets in 'important' callouts"
    ),
    "tick_box": Ink("primary", "background", 0, False, "checklist tick boxes"),
    "qr_code": Ink("text", "background", 0, False, "the QR code"),
}


def mix(hex_color: str, other: str, t: float) -> str:
    """The colour ``t`` of the way from ``hex_color`` to ``other``, as hex."""
    a, b = (tuple(int(c[i : i + 2], 16) for i in (1, 3, 5)) for c in (hex_color, other))
    return "#{:02X}{:02X}{:02X}".format(
        *(round(x + (y - x) * t) for x, y in zip(a, b, strict=True))
    )


def washes(palette: dict[str, str]) -> dict[str, str]:
    """The palette with the callout backgrounds the layout mixes from it."""
    bg = palette["background"]
    return {**palette, **{f"{k}_wash": mix(palette[k], bg, WASH) for k in ("accent", "warning")}}


def _channel(c: float) -> float:
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def luminance(hex_color: str) -> float:
    r, g, b = (int(hex_color[i : i + 2], 16) / 255 for i in (1, 3, 5))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast(a: str, b: str) -> float:
    """WCAG 2.1 contrast ratio of two hex colours (1 to 21)."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def nearest_passing(color: str, against: str, ratio: float) -> str | None:
    """The closest darker or lighter shade of ``color`` that reaches ``ratio``
    against ``against``.
    """
    r, g, b = (int(color[i : i + 2], 16) for i in (1, 3, 5))
    darker = luminance(against) > 0.18
    for step in range(1, 101):
        t = step / 100
        if darker:
            cand = tuple(round(c * (1 - t)) for c in (r, g, b))
        else:
            cand = tuple(round(c + (255 - c) * t) for c in (r, g, b))
        hex_cand = "#{:02X}{:02X}{:02X}".format(*cand)
        if contrast(hex_cand, against) >= ratio:
            return hex_cand
    return None


@dataclass(frozen=True)
class Check:
    """One pair the layout draws, tested at the strictest size it is drawn at."""

    ink: Ink
    ratio: float
    blame: str  # the palette colour to change (the one that is not the page background)
    suggestion: str | None  # the nearest shade of ``blame`` that passes, if it fails

    @property
    def passed(self) -> bool:
        return self.ratio + 1e-9 >= self.ink.needed


def checks(colors: dict[str, str]) -> list[Check]:
    """Every pair in ``INKS`` once, at its strictest: the brand check and the studio's live
    contrast panel both read these, so they can never disagree."""
    strictest: dict[tuple[str, str], Ink] = {}
    for ink in INKS.values():
        known = strictest.get((ink.fg, ink.bg))
        if known is None or (ink.needed, -ink.size) > (known.needed, -known.size):
            strictest[ink.fg, ink.bg] = ink
    found = []
    for (fg, bg), ink in strictest.items():
        got = contrast(colors[fg], colors[bg])
        blame = bg if fg == "background" else fg
        target = colors[fg] if fg == "background" else colors[bg]
        fails = got + 1e-9 < ink.needed
        found.append(
            Check(
                ink,
                got,
                blame,
                nearest_passing(colors[blame], target, ink.needed) if fails else None,
            )
        )
    return found
