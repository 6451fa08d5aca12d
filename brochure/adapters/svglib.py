"""svglib's font lookup, answered from the brand's fonts only."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

WRITTEN_FOR = "2.3.2"


def font_map(face: Callable[[str, str, str], tuple[str, bool]]) -> Any:
    """A font map for ``svg2rlg(font_map=...)`` whose every answer comes from ``face``.

    svglib's own map answers the 14 standard PDF fonts first (never embedded), then guesses
    a file name and asks ``fc-match``: the build would read and embed whatever font the
    machine has. ``face(family, weight, style)`` returns a registered font name and whether
    the family was understood (svglib then stops; otherwise it tries the next family in the
    list and falls back to the first answer), or raises. Only the public ``find_font`` is
    overridden.
    """
    from svglib.fonts import FontMap

    class BrandFonts(FontMap):
        def find_font(
            self, font_name: str, weight: str = "normal", style: str = "normal"
        ) -> tuple[str, bool]:
            return face(font_name, weight, style)

    return BrandFonts()
