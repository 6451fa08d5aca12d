"""Place pictures (raster or SVG) on a canvas or in the story, at print resolution."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportlab.graphics.shapes import Group, String, mmult, transformPoint
from reportlab.platypus import Flowable

from ...adapters.reportlab import draw_image, draw_vector, registered_ttf_names
from ...errors import BrochureError, SourceRef
from ...theme.fonts import FontFamily
from ...theme.images import (
    TARGET_PPI,
    Prepared,
    aspect,
    is_vector,
    load_drawing,
    prepare_raster,
    record,
)
from ...theme.theme import Theme
from .tags import Marked


def _svg_fonts_to(drawing: Any, family: FontFamily) -> None:
    """Any SVG text svglib could not map still prints in an embedded brand font."""
    stack = [drawing]
    while stack:
        node = stack.pop()
        if isinstance(node, String) and node.fontName not in registered_ttf_names():
            node.fontName = family.bold if "Bold" in node.fontName else family.regular
        elif isinstance(node, Group) or hasattr(node, "contents"):
            stack.extend(getattr(node, "contents", []))


# The logo as a mark, kept on disk once made (outlining reads the fonts' glyphs with
# fontTools, 20 ms and its imports a build): bump the number on a change to how it is made.
LOGO_MARK = "logo as outlines 1"


def _as_mark(drawing: Any, family: FontFamily) -> Any:
    from .outline import outline_text  # fontTools: only when the mark is not kept

    _svg_fonts_to(drawing, family)
    return outline_text(drawing)


def opacity(drawing: Any) -> float:
    """The lowest opacity any shape of a drawing is painted with (1: all opaque)."""
    least, stack = 1.0, [drawing]
    while stack:
        node = stack.pop()
        for name in ("fillOpacity", "strokeOpacity"):
            value = getattr(node, name, None)
            if value is not None:
                least = min(least, float(value))
        for name in ("fillColor", "strokeColor"):
            alpha = getattr(getattr(node, name, None), "alpha", None)
            if alpha is not None:
                least = min(least, float(alpha))
        stack.extend(getattr(node, "contents", []))
    return least


def _opaque_only(drawing: Any, path: Path, src: SourceRef | None) -> None:
    """PDF/X-1a allows no transparency, and shapes drawn see-through over others cannot be
    made opaque without knowing what they cover: the author decides."""
    least = opacity(drawing)
    if least < 1:
        raise BrochureError(
            f"'{path.name}' paints shapes see-through (opacity {least:g}), which PDF/X-1a "
            "does not allow; give them opaque colours in the SVG, or build PDF/X-4 "
            "(make press PDFX=x-4)",
            src,
        )


@dataclass(frozen=True)
class Label:
    """One piece of SVG text: where it prints (drawing units, page-up) and how large."""

    node: Any
    x: float
    y: float
    size: float


def labels(drawing: Any) -> list[Label]:
    """Every text string of a drawing, with its position after the groups' transforms."""
    out: list[Label] = []
    stack: list[tuple[Any, tuple[float, ...]]] = [(drawing, (1, 0, 0, 1, 0, 0))]
    while stack:
        node, matrix = stack.pop()
        if isinstance(node, String):
            x, y = transformPoint(matrix, (node.x, node.y))
            out.append(Label(node, x, y, node.fontSize * abs(matrix[3])))
            continue
        if isinstance(node, Group) and getattr(node, "transform", None):
            matrix = mmult(matrix, node.transform)
        stack.extend((child, matrix) for child in getattr(node, "contents", []))
    return sorted(out, key=lambda lab: (-round(lab.y), lab.x))


def figure_key(drawing: Any, scale: float, least: float) -> list[tuple[str, list[Label]]]:
    """Labels that would print below ``least`` points at ``scale``, as numbered entries.

    Lines of one label (same left edge, one under the other) make one entry, and the same
    words anywhere in the figure share a number, so a large-print reader gets the figure's
    words as text at full size and a number on the drawing where each one belongs.
    """
    small = [lab for lab in labels(drawing) if lab.size * scale < least - 0.01]
    groups: list[list[Label]] = []
    for lab in sorted(small, key=lambda lab: (round(lab.x), -lab.y)):
        last = groups[-1][-1] if groups else None
        if last and abs(last.x - lab.x) < 1 and 0 < last.y - lab.y <= last.size * 1.6:
            groups[-1].append(lab)
        else:
            groups.append([lab])
    entries: dict[str, list[Label]] = {}
    for group in sorted(groups, key=lambda g: (-round(g[0].y), g[0].x)):
        words = " ".join(str(lab.node.text).strip() for lab in group)
        entries.setdefault(words, []).extend(group[:1])
        for lab in group[1:]:
            lab.node.text = ""  # the entry's other lines are in the key
    return list(entries.items())


def _words_copied(node: Any) -> Any:
    """``node`` with its groups and strings copied and every other shape shared: numbering
    changes only the strings, and copying the whole drawing (``deepcopy``) cost ten times as
    much, for each variant that numbers the labels."""
    if isinstance(node, String):
        return copy.copy(node)
    if isinstance(node, Group):
        group = copy.copy(node)
        group.contents = [_words_copied(child) for child in node.contents]
        return group
    return node


def number_labels(
    drawing: Any, key: list[tuple[str, list[Label]]], scale: float, size: float, font: str
) -> None:
    """Replace each keyed label in ``drawing`` (a copy) by its number, ``size`` points high."""
    for number, (_words, firsts) in enumerate(key, 1):
        for lab in firsts:
            lab.node.text = str(number)
            lab.node.fontName = font
            lab.node.fontSize = size / scale / max(lab.size / lab.node.fontSize, 1e-9)


def draw_picture(
    canvas: Any,
    path: Path,
    x: float,
    y: float,
    width: float,
    height: float,
    theme: Theme,
    src: SourceRef | None = None,
    cover: bool = False,
    drawing: Any = None,
) -> Prepared | None:
    """Draw ``path`` centred in the box, keeping its aspect ratio.

    By default the picture fits inside the box; with ``cover`` it fills the box and the
    caller clips what overflows (full-bleed artwork).
    """
    session = theme.session
    ratio = aspect(path, src, session)
    fits_width = width * ratio <= height
    if fits_width != cover:
        w, h = width, width * ratio
    else:
        w, h = height / ratio, height
    crop = (1.0, 1.0)
    if cover and not is_vector(path):
        # Only what the frame shows is embedded: the overflow would be clipped anyway.
        crop = (min(1.0, width / w), min(1.0, height / h))
        w, h = w * crop[0], h * crop[1]
    x += (width - w) / 2
    y += (height - h) / 2
    if is_vector(path):
        if drawing is None:
            drawing = load_drawing(path, src, session, theme.body, theme.heading)
        _svg_fonts_to(drawing, theme.body)
        if theme.press is not None and not theme.press.transparency:
            _opaque_only(drawing, path, src)
        canvas.saveState()
        canvas.translate(x, y)
        canvas.scale(w / drawing.width, h / drawing.height)
        draw_vector(canvas, drawing)
        canvas.restoreState()
        return None
    ppi = theme.brand.picture_ppi or TARGET_PPI
    prepared = prepare_raster(path, w, h, src, session, theme.press, ppi, crop)
    record(path, w, h, prepared, src)
    draw_image(canvas, prepared.source, prepared.key, (x, y, w, h))
    return prepared


def draw_logo(
    canvas: Any, path: Path, x: float, y: float, width: float, height: float, theme: Theme
) -> None:
    """The clinic's logo, its words drawn as outlines (see ``outline``): a mark, not text."""
    drawing = None
    if is_vector(path):
        mark = (LOGO_MARK, lambda parsed: _as_mark(parsed, theme.body))
        drawing = load_drawing(path, None, theme.session, theme.body, theme.heading, mark)
    src = getattr(theme.brand.logo, "src", None) or theme.brand.src.at("logo")
    draw_picture(canvas, path, x, y, width, height, theme, src, drawing=drawing)


class Picture(Marked, Flowable):
    """A raster or SVG picture scaled to a width, never taller than the frame allows.

    A portrait picture that would be taller than the frame is scaled down to the frame's
    height (keeping its proportions), so it can always be placed.
    """

    def __init__(
        self, path: Path, width: float, theme: Theme, src: SourceRef | None = None
    ) -> None:
        super().__init__()
        self.path, self.theme, self.src = path, theme, src
        self.want_width = width
        self.ratio = aspect(path, src, theme.session)
        self.hAlign = "CENTER"
        self.max_height = float("inf")  # set by the figure: the frame height less its caption
        self.drawing: Any = None  # an SVG with numbered labels (see ``keyed``)
        self.key: list[tuple[str, list[Label]]] = []
        self.key_size, self.key_font = 0.0, ""

    def keyed(self, least: float, font: str) -> list[str]:
        """Number the SVG labels that would print below ``least`` points; return the key's
        entries (their words), to be set as text at full size under the picture."""
        if not is_vector(self.path):
            return []
        theme = self.theme
        drawing = load_drawing(self.path, self.src, theme.session, theme.body, theme.heading)
        scale = self.want_width / drawing.width
        if all(lab.size * scale >= least - 0.01 for lab in labels(drawing)):
            return []  # every label prints large enough: nothing to number, nothing to copy
        drawing = _words_copied(drawing)  # the parsed drawing is shared by every variant
        self.key = figure_key(drawing, scale, least)
        if self.key:
            self.drawing, self.key_size, self.key_font = drawing, least, font
        return [words for words, _labels in self.key]

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        w = min(self.want_width, avail_width)
        if w * self.ratio > self.max_height:
            w = self.max_height / self.ratio
        self.draw_width, self.draw_height = w, w * self.ratio
        self.width, self.height = self.draw_width, self.draw_height  # its tagged bounding box
        return self.draw_width, self.draw_height

    def draw(self) -> None:
        if self.drawing is not None:
            scale = self.draw_width / self.drawing.width
            number_labels(self.drawing, self.key, scale, self.key_size, self.key_font)
        draw_picture(
            self.canv,
            self.path,
            0,
            0,
            self.draw_width,
            self.draw_height,
            self.theme,
            self.src,
            drawing=self.drawing,
        )
