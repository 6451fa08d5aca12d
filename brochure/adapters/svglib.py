"""svglib internals we rely on: its font map."""

from __future__ import annotations

WRITTEN_FOR = "2.3.2"


def map_family(name: str, faces: dict[tuple[str, str], str]) -> None:
    """Map an SVG font-family (by weight and style) to already registered ReportLab fonts.

    svglib has no public call to map a family to a registered font (``register_font`` wants
    a file and registers it again), so its map is written directly.
    """
    from svglib.fonts import FontMap, get_global_font_map

    fmap = get_global_font_map()
    for (weight, style), font in faces.items():
        fmap._map[FontMap.build_internal_name(name, weight, style)] = {
            "svg_family": name,
            "svg_weight": weight,
            "svg_style": style,
            "rlgFont": font,
            "exact": True,
        }
    fmap._family_index.setdefault(name.lower(), name)
