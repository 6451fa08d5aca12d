"""What a page prints, as the preflight measures it: glyph boxes, marks and pictures.

A small interpreter over each content stream's operations (read by ``tokens``): it
keeps the graphics state (``cm``, ``q``/``Q``), the text state (``Tf``, ``Tm``, ``Td``,
``Tc``, ``Tw``, ``Tz``, ``TL``, ``Tr``) and the current path, and follows form XObjects.
A glyph's advance comes from the font's ``/Widths``; its box spans the x-height band and
most of the ascender and descender (the ink a reader sees), so lines set close together
but not touching are not an overprint.
"""

from __future__ import annotations

import math
import struct
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from pypdf import PageObject, PdfReader
from pypdf.generic import DictionaryObject

from ..adapters.pypdf import font_decoder
from .tokens import Operation, operations

Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
ASCENT, DESCENT = 0.72, -0.18  # of the size: cap height and most descenders


def mul(m: Matrix, n: Matrix) -> Matrix:
    """``m`` then ``n`` (PDF row-vector convention)."""
    a, b, c, d, e, f = m
    p, q, r, s, t, u = n
    return (
        a * p + b * r,
        a * q + b * s,
        c * p + d * r,
        c * q + d * s,
        e * p + f * r + t,
        e * q + f * s + u,
    )


def apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    return (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])


Box = tuple[float, float, float, float]  # x0, y0, x1, y1
NO_CLIP: Box = (-math.inf, -math.inf, math.inf, math.inf)


def intersect(a: Box, b: Box) -> Box:
    return (max(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), min(a[3], b[3]))


def bbox(points: list[tuple[float, float]]) -> Box:
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return (min(xs), min(ys), max(xs), max(ys))


@dataclass(slots=True)
class Glyph:
    char: str
    box: Box
    size: float  # effective size on the page (points)
    rotated: bool
    font: str  # /BaseFont


@dataclass
class Line:
    """Glyphs drawn on one baseline by one text object: a line of a paragraph, a header part."""

    block: int  # the BT..ET text object it came from (a paragraph, a table cell)
    baseline: float
    rotated: bool
    glyphs: list[Glyph] = field(default_factory=list)

    @cached_property
    def text(self) -> str:
        out: list[str] = []
        prev: Glyph | None = None
        for g in self.glyphs:
            gap = g.box[0] - prev.box[2] if prev else 0.0
            if prev and gap > 0.2 * g.size and not out[-1].isspace() and not g.char.isspace():
                out.append(" ")  # a word space made by positioning, not by a space glyph
            out.append(g.char)
            prev = g
        return "".join(out)

    @cached_property
    def box(self) -> Box:
        ink = [g.box for g in self.glyphs if not g.char.isspace()] or [g.box for g in self.glyphs]
        return (
            min(b[0] for b in ink),
            min(b[1] for b in ink),
            max(b[2] for b in ink),
            max(b[3] for b in ink),
        )


@dataclass
class Mark:
    """A painted path (rule, band, background) or a picture."""

    box: Box
    kind: str  # "fill", "stroke" or "image"
    pixels: tuple[int, int] = (0, 0)
    width: float = 0.0  # stroke width
    placed: Box = (0.0, 0.0, 0.0, 0.0)  # a picture's whole placed size, before clipping
    clip: Box | None = None  # the clipping frame it was drawn in, if any (cover artwork)


@dataclass
class Page:
    number: int  # 1-based, in the file
    size: Box  # the MediaBox
    trim: Box  # the TrimBox (the MediaBox when there is none)
    bleed: Box
    lines: list[Line]
    marks: list[Mark]
    unembedded: dict[str, Box]  # fonts drawn with but not in the file: where first used
    ops: list[Operation] = field(default_factory=list)  # the content stream, for --press


@dataclass
class _Font:
    name: str
    widths: dict[int, float]
    default: float
    chars: dict[int, str]
    embedded: bool
    step: int = 1  # bytes per code: 2 for a composite (Type0) font


def _font(res: Any) -> _Font:
    res = res.get_object()
    name = str(res.get("/BaseFont", "/?"))[1:]
    if res.get("/Subtype") == "/Type0":
        return _composite(res, name)
    first = int(res.get("/FirstChar", 0))
    widths = {first + i: float(w) / 1000 for i, w in enumerate(res.get("/Widths", []) or [])}
    desc = res.get("/FontDescriptor")
    default = float(desc.get_object().get("/MissingWidth", 0)) / 1000 if desc else 0.0
    if not widths:
        widths = _standard_widths(name)
        default = default or 0.5
    return _Font(name, widths, default, font_decoder(res), _embedded(res))


def _composite(res: Any, name: str) -> _Font:
    """A Type0 font: two-byte codes; widths by CID from ``/W`` (codes are CIDs only with an
    Identity encoding; otherwise every glyph gets the default width ``/DW``)."""
    child = (res.get("/DescendantFonts") or [DictionaryObject()])[0].get_object()
    widths: dict[int, float] = {}
    if str(res.get("/Encoding", "")).startswith("/Identity"):
        w = list(child.get("/W", []) or [])
        i = 0
        while i + 1 < len(w):
            start = int(w[i])
            if isinstance(w[i + 1], list):
                widths.update({start + k: float(v) / 1000 for k, v in enumerate(w[i + 1])})
                i += 2
            else:
                widths.update({c: float(w[i + 2]) / 1000 for c in range(start, int(w[i + 1]) + 1)})
                i += 3
    default = float(child.get("/DW", 1000)) / 1000
    return _Font(name, widths, default, font_decoder(res, 2), _embedded(res), step=2)


def _embedded(font: Any) -> bool:
    """Whether a font's program is in the file (for a composite font, its descendant's)."""
    desc = font.get("/FontDescriptor")
    for child in font.get("/DescendantFonts", []) or []:
        desc = desc or child.get_object().get("/FontDescriptor")
    return bool(desc) and any(
        k in desc.get_object() for k in ("/FontFile", "/FontFile2", "/FontFile3")
    )


def _standard_widths(name: str) -> dict[int, float]:
    """A standard-14 font has no /Widths in the file; ReportLab knows its metrics."""
    from reportlab.pdfbase import pdfmetrics

    try:
        face = pdfmetrics.getFont(name)
    except Exception:  # not a font ReportLab knows: fall back to the default width
        return {}
    return {i: face.stringWidth(bytes([i]).decode("latin-1"), 1.0) for i in range(32, 256)}


def _string_bytes(op: Any) -> bytes:
    """The string's bytes as written in the file (pypdf decodes text strings on parsing)."""
    if isinstance(op, bytes):
        return op
    original = getattr(op, "original_bytes", None)
    return bytes(original) if original is not None else str(op).encode("latin-1", "replace")


def _codes(raw: bytes, step: int) -> Sequence[int]:
    """A string's character codes: its bytes, or big-endian pairs for a two-byte font."""
    if step == 1:
        return raw
    count = len(raw) // 2
    return struct.unpack(f">{count}H", raw[: 2 * count])


def _advance(
    codes: Sequence[int], font: _Font, size: float, th: float, tc: float, tw: float
) -> float:
    """How far a string moves the text position without printing (render mode 3)."""
    x = 0.0
    for code in codes:
        space = tw if code == 32 and font.step == 1 else 0.0
        x += (font.widths.get(code, font.default) * size + tc + space) * th
    return x


# Operators the preflight does not follow (nothing it measures): colour, marked content (tags), line
# style, closing a subpath, the end of a text object, shadings.
_UNMEASURED = frozenset(
    b"rg RG k K g G cs CS sc SC scn SCN gs BDC BMC EMC MP DP ET h d J j M i ri sh".split()
)


class _Interpreter:
    def __init__(self, reader: PdfReader) -> None:
        self.reader = reader
        self.fonts: dict[int, _Font] = {}
        self.streams: dict[int, list[Operation]] = {}
        self.lines: list[Line] = []
        self.marks: list[Mark] = []
        self.unembedded: dict[str, Box] = {}
        self.block = 0

    def font(self, res: Any) -> _Font:
        key = id(res.get_object())
        if key not in self.fonts:
            self.fonts[key] = _font(res)
        return self.fonts[key]

    def run(self, ops: list[Operation], resources: Any, ctm: Matrix, clip: Box = NO_CLIP) -> None:
        resources = resources.get_object() if resources is not None else DictionaryObject()
        fonts = resources.get("/Font") or {}
        xobjects = resources.get("/XObject") or {}
        stack: list[tuple[Matrix, _Font | None, float, float, float, float, float, int, Box]] = []
        clipping = False
        font: _Font | None = None
        size = tc = tw = 0.0
        th, tl, mode = 1.0, 0.0, 0
        tm = lm = IDENTITY
        path: list[tuple[float, float]] = []
        lw = 1.0
        line: Line | None = None
        for operands, op in ops:
            if op in _UNMEASURED:
                continue
            if op in (b"m", b"l"):  # the commonest operators first: paths, then the state
                path.append(apply(ctm, float(operands[0]), float(operands[1])))
            elif op in (b"c", b"v", b"y"):
                vals = [float(v) for v in operands]
                path += [apply(ctm, vals[i], vals[i + 1]) for i in range(0, len(vals), 2)]
            elif op == b"q":
                stack.append((ctm, font, size, tc, tw, th, lw, mode, clip))
            elif op == b"Q" and stack:
                ctm, font, size, tc, tw, th, lw, mode, clip = stack.pop()
            elif op == b"cm":
                ctm = mul(tuple(float(v) for v in operands), ctm)  # type: ignore[arg-type]
            elif op == b"w":
                lw = float(operands[0])
            elif op == b"BT":
                tm = lm = IDENTITY
                self.block += 1
                line = None
            elif op == b"Tf":
                font = self.font(fonts[operands[0]]) if operands[0] in fonts else None
                size = float(operands[1])
            elif op == b"Tc":
                tc = float(operands[0])
            elif op == b"Tw":
                tw = float(operands[0])
            elif op == b"Tz":
                th = float(operands[0]) / 100
            elif op == b"TL":
                tl = float(operands[0])
            elif op == b"Tr":
                mode = int(operands[0])
            elif op == b"Tm":
                tm = lm = tuple(float(v) for v in operands)  # type: ignore[assignment]
            elif op in (b"Td", b"TD"):
                tx, ty = float(operands[0]), float(operands[1])
                if op == b"TD":
                    tl = -ty
                tm = lm = mul((1, 0, 0, 1, tx, ty), lm)
            elif op == b"T*":
                tm = lm = mul((1, 0, 0, 1, 0, -tl), lm)
            elif op in (b"Tj", b"TJ", b"'", b'"'):
                if op == b"'":
                    tm = lm = mul((1, 0, 0, 1, 0, -tl), lm)
                elif op == b'"':
                    tw, tc = float(operands[0]), float(operands[1])
                    tm = lm = mul((1, 0, 0, 1, 0, -tl), lm)
                    operands = operands[2:]
                items = operands[0] if op == b"TJ" else operands[:1]
                if font is None:
                    continue
                for item in items:
                    if isinstance(item, (int, float)) or type(item).__name__ in (
                        "FloatObject",
                        "NumberObject",
                    ):
                        tm = mul((1, 0, 0, 1, -float(item) / 1000 * size * th, 0), tm)
                        continue
                    m = mul(tm, ctm)  # text space to the page; glyphs only move along x
                    codes = _codes(_string_bytes(item), font.step)
                    if mode == 3:  # invisible (a searchable layer): advances, not printed
                        x = _advance(codes, font, size, th, tc, tw)
                    else:
                        x, line = self.show(line, codes, font, size, th, tc, tw, m)
                    tm = mul((1, 0, 0, 1, x, 0), tm)
            elif op == b"re":
                x, y, w, h = (float(v) for v in operands)
                path += [apply(ctm, x, y), apply(ctm, x + w, y + h)]
                path += [apply(ctm, x + w, y), apply(ctm, x, y + h)]
            elif op in (b"W", b"W*"):
                clipping = True
            elif op in (b"S", b"s", b"f", b"F", b"f*", b"B", b"B*", b"b", b"b*", b"n"):
                if path and op != b"n":
                    kind = "stroke" if op in (b"S", b"s") else "fill"
                    scale = math.sqrt(abs(ctm[0] * ctm[3] - ctm[1] * ctm[2]))
                    x0, y0, x1, y1 = bbox(path)
                    pad = lw * scale / 2 if kind == "stroke" else 0.0  # a rule has no area
                    box = (x0 - pad, y0 - pad, x1 + pad, y1 + pad)
                    self.mark(Mark(box, kind, width=lw * scale), clip)
                if path and clipping:  # the path also clips what follows (until Q)
                    clip = intersect(clip, bbox(path))
                path, clipping = [], False
            elif op == b"Do" and operands[0] in xobjects:
                self.xobject(xobjects[operands[0]], ctm, clip)
            elif op == b"INLINE IMAGE":
                settings: Any = operands.get("settings", {}) if isinstance(operands, dict) else {}
                pixels = (int(settings.get("/W", 0)), int(settings.get("/H", 0)))
                self.image(ctm, pixels, clip)

    def show(
        self,
        line: Line | None,
        codes: Sequence[int],
        font: _Font,
        size: float,
        th: float,
        tc: float,
        tw: float,
        m: Matrix,
    ) -> tuple[float, Line | None]:
        """Each glyph of ``codes`` set along the baseline of text-space matrix ``m``, on
        ``line`` or a new one; how far they advance. The hottest loop of the preflight (every
        glyph of every page): what is the same for every glyph of the string is worked out
        once, and an upright string (the common case) is measured without matrices."""
        if not codes:
            return 0.0, line
        a, b, c, d, e, f = m
        lo, hi = DESCENT * size, ASCENT * size
        upright = b == 0 and c == 0
        if upright:
            bottom, top = f + d * lo, f + d * hi
            rotated, baseline = False, round(f, 1)
        else:
            run = math.hypot(a, b) or 1.0
            rotated = abs(b) > 1e-3 * run or abs(c) > 1e-3 * run
            baseline = round((a * f - b * e) / run, 1)  # the baseline's distance from the origin
        if line is None or line.block != self.block or abs(line.baseline - baseline) > 0.05:
            line = Line(self.block, baseline, rotated)
            self.lines.append(line)
        glyphs, chars, widths, default = line.glyphs, font.chars, font.widths, font.default
        name, em, one_byte = font.name, size * math.hypot(c, d), font.step == 1
        x = 0.0
        for code in codes:
            w0 = widths.get(code, default)
            width = w0 * size * th
            if upright:
                x0, x1 = e + a * x, e + a * (x + width)
                left, right = (x1 if x1 < x0 else x0), (x1 if x1 > x0 else x0)  # as min, max
                box = (left, bottom, right, top)
            else:
                box = bbox([apply(m, gx, gy) for gx in (x, x + width) for gy in (lo, hi)])
            try:
                char = chars[code]  # a two-byte font's table decodes on first use
            except KeyError:
                char = "\ufffd"
            glyphs.append(Glyph(char, box, em, rotated, name))
            space = tw if code == 32 and one_byte else 0.0  # Tw: one-byte 32 only
            x += (w0 * size + tc + space) * th
        if not font.embedded:
            self.unembedded.setdefault(name, glyphs[-len(codes)].box)
        return x, line

    def mark(self, mark: Mark, clip: Box) -> None:
        """Keep what the clipping path lets through (a picture cropped to a frame)."""
        box = intersect(mark.box, clip)
        if box[0] < box[2] and box[1] < box[3]:
            mark.box = box
            mark.clip = None if clip == NO_CLIP else clip
            self.marks.append(mark)

    def xobject(self, ref: Any, ctm: Matrix, clip: Box) -> None:
        obj = ref.get_object()
        if obj.get("/Subtype") == "/Image":
            self.image(ctm, (int(obj.get("/Width", 0)), int(obj.get("/Height", 0))), clip)
        elif obj.get("/Subtype") == "/Form":
            key = id(obj)
            if key not in self.streams:
                self.streams[key] = operations(obj.get_data())
            matrix = tuple(float(v) for v in obj.get("/Matrix", IDENTITY))
            self.run(self.streams[key], obj.get("/Resources"), mul(matrix, ctm), clip)  # type: ignore[arg-type]

    def image(self, ctm: Matrix, pixels: tuple[int, int], clip: Box) -> None:
        corners = [apply(ctm, x, y) for x in (0.0, 1.0) for y in (0.0, 1.0)]
        placed = bbox(corners)
        self.mark(Mark(placed, "image", pixels, placed=placed), clip)


DEFAULTS = {"/MediaBox": (), "/TrimBox": ("/CropBox", "/MediaBox")}
DEFAULTS["/BleedBox"] = DEFAULTS["/TrimBox"]


def _box(page: PageObject, name: str) -> Box:
    """A page box, or the box it defaults to. Read from the page's dictionary: pypdf's
    accessors write the default into the page, and the press rules must see it missing."""
    for key in (name, *DEFAULTS[name]):
        value = page.get(key)
        value = value.get_object() if value is not None else None
        if isinstance(value, list) and len(value) == 4:
            x0, y0, x1, y1 = (float(v.get_object()) for v in value)
            return (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))
    return (0.0, 0.0, 612.0, 792.0)  # no media box: US Letter, as readers assume


def read_pages(
    reader: PdfReader, streams: dict[int, list[Operation]] | None = None
) -> Iterator[Page]:
    """Every page's lines and marks, in file order. ``streams`` keeps the forms' operations
    (by object) for a second walk over the same file."""
    interp = _Interpreter(reader)
    if streams is not None:
        interp.streams = streams
    for number, page in enumerate(reader.pages, 1):
        interp.lines, interp.marks, interp.unembedded = [], [], {}
        contents = page.get_contents()
        ops = operations(contents.get_data()) if contents is not None else []
        interp.run(ops, page.get("/Resources"), IDENTITY)
        yield Page(
            number,
            _box(page, "/MediaBox"),
            _box(page, "/TrimBox"),
            _box(page, "/BleedBox"),
            interp.lines,
            interp.marks,
            interp.unembedded,
            ops,
        )


def font_names(reader: PdfReader) -> Iterator[tuple[int, str]]:
    """(page, /BaseFont) for every font a page or its forms name."""
    seen: set[int] = set()

    def visit(number: int, res: Any) -> Iterator[tuple[int, str]]:
        res = res.get_object() if res is not None else None
        if not isinstance(res, DictionaryObject) or id(res) in seen:
            return
        seen.add(id(res))
        for ref in (res.get("/Font") or {}).values():
            yield number, str(ref.get_object().get("/BaseFont", "/?"))[1:]
        for ref in (res.get("/XObject") or {}).values():
            obj = ref.get_object()
            if obj.get("/Subtype") == "/Form":
                yield from visit(number, obj.get("/Resources"))

    for number, page in enumerate(reader.pages, 1):
        yield from visit(number, page.get("/Resources"))
