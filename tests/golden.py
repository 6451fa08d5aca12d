"""Semantic golden snapshots: what a PDF shows, as stable text, so a layout change is a text diff.

``snapshot(pdf)`` describes every page: its size, each text line (one baseline, one font run)
with where it starts, its font and size, each rotated text run (a diagonal watermark) marked as
such, and each raster image with the box it is placed in. ``compare(expected, actual)`` reads two
snapshots and lists the differences, allowing positions and sizes to move by a few points.

Format (PDF points, origin bottom left; x y is where a line's baseline starts)::

    pages 13
    page 7 612x792
      t      65  750 NotoSans-Bold 8.5 | Northgate Spine & Pain Centre
      t      99  701 NotoSans-Bold 11.5 | •
      t     114  701 NotoSans-Bold 11.5 | Rest and limited activity.
      t     260  701 NotoSans-Regular 11.5 | Rest and avoid hard work or sports. Your doctor will
      img   173  402 265x177 px=1500x1000
      t      65  348 NotoSerif-Bold 19.0 | Possible risks
      r     200  181 NotoSans-Bold 145.7 rot=52 | DRAFT

A text line is a run of glyphs on one baseline in one font and size: a bold word in a sentence
is a line of its own, and text far apart on one baseline (table columns) is two lines. Lines and
images are in reading order (top to bottom, by baseline or by an image's top edge, then left to
right); rotated text follows them on each page. Fonts are PostScript names without the subset
prefix; sizes are effective sizes (the Tf size times any scaling), to 0.1 pt. Positions and
image boxes are rounded to whole points; an image's box is where it is placed, before clipping.
"""

from __future__ import annotations

import ctypes
import math
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from brochure.preflight.extract import IDENTITY as _IDENTITY
from brochure.preflight.extract import Matrix
from brochure.preflight.extract import mul as _then  # the transform: m, then n

HEADER = "# golden snapshot v1: PDF points, origin bottom left"

_SUBSET = re.compile(r"^[A-Z]{6}\+")
_GAP = 0.5  # a larger gap (in ems) between glyphs on one baseline starts a new line
_BASELINE = 0.05  # glyphs whose baselines differ by less (in ems) share a baseline
_ROW = 1.0  # lines whose baselines differ by less (points) are one row for reading order
_ROTATED = 0.5  # degrees: text turned further than this is listed as rotated
_SIZE_TOL = 0.1  # font sizes (rounded to 0.1 pt) may differ this much


# --- reading a PDF ------------------------------------------------------------------------------


@dataclass
class _Style:
    font: str
    size: float  # effective size in points
    matrix: tuple[float, float, float, float]  # the glyphs' a b c d (rotation, scale)
    angle: float  # degrees, counter-clockwise

    @property
    def rotated(self) -> bool:
        return abs(self.angle) > _ROTATED

    def same(self, other: _Style) -> bool:
        return self is other or (
            self.font == other.font
            and abs(self.size - other.size) < 1e-3
            and all(abs(p - q) < 1e-4 for p, q in zip(self.matrix, other.matrix, strict=True))
        )


@dataclass
class _Char:
    text: str
    x: float  # origin (start of the glyph on its baseline)
    y: float
    right: float  # right edge of the glyph's loose box (unrotated text only)
    style: _Style
    space_before: bool  # the text page put a space here that no glyph draws


@dataclass
class _Run:
    chars: list[_Char] = field(default_factory=list)


def _font_name(textpage: pdfium_c.FPDF_TEXTPAGE, i: int) -> str:
    flags = ctypes.c_int()
    n = pdfium_c.FPDFText_GetFontInfo(textpage, i, None, 0, flags)
    if n <= 0:
        return "?"
    buf = ctypes.create_string_buffer(n)
    pdfium_c.FPDFText_GetFontInfo(textpage, i, buf, n, flags)
    name = buf.value.decode("utf-8", errors="replace")
    return _SUBSET.sub("", name) or "?"


def _style(textpage: pdfium_c.FPDF_TEXTPAGE, i: int) -> _Style:
    m = pdfium_c.FS_MATRIX()
    if not pdfium_c.FPDFText_GetMatrix(textpage, i, m):
        m.a, m.b, m.c, m.d = 1.0, 0.0, 0.0, 1.0
    scale = math.sqrt(abs(m.a * m.d - m.b * m.c)) or 1.0
    size = pdfium_c.FPDFText_GetFontSize(textpage, i) * scale
    angle = math.degrees(math.atan2(m.b, m.a))
    return _Style(_font_name(textpage, i), size, (m.a, m.b, m.c, m.d), angle)


def _chars(textpage: pdfium_c.FPDF_TEXTPAGE) -> list[_Char]:
    """Every drawn glyph, in content order; generated spaces become a flag on the next glyph."""
    styles: dict[int, _Style] = {}  # one text object has one font, size and matrix
    x, y = ctypes.c_double(), ctypes.c_double()
    box = pdfium_c.FS_RECTF()
    out: list[_Char] = []
    space = False
    for i in range(pdfium_c.FPDFText_CountChars(textpage)):
        code = pdfium_c.FPDFText_GetUnicode(textpage, i)
        if pdfium_c.FPDFText_IsGenerated(textpage, i):
            space = space or code == 0x20
            continue
        obj = ctypes.cast(pdfium_c.FPDFText_GetTextObject(textpage, i), ctypes.c_void_p).value
        style = styles.get(obj) if obj else None
        if style is None:
            style = _style(textpage, i)
            if obj:
                styles[obj] = style
        pdfium_c.FPDFText_GetCharOrigin(textpage, i, x, y)
        right = x.value
        if pdfium_c.FPDFText_GetLooseCharBox(textpage, i, box):
            right = max(box.right, x.value)
        if code == 0x02:
            code = 0x2D  # pdfium reports a hyphen that ends a line as 0x02
        text = chr(code) if 0 <= code < 0x110000 else "\ufffd"
        out.append(_Char(text, x.value, y.value, right, style, space))
        space = False
    return out


def _continues(last: _Char, ch: _Char) -> bool:
    """Whether ``ch`` carries on the line that ``last`` ends (same font run, same baseline)."""
    style = last.style
    if not style.same(ch.style):
        return False
    em = max(style.size, 1.0)
    if not style.rotated:
        return (
            abs(ch.y - last.y) <= _BASELINE * em
            and ch.x >= last.x - 0.01
            and ch.x - last.right <= _GAP * em
        )
    a, b, *_ = style.matrix
    norm = math.hypot(a, b)
    ux, uy = a / norm, b / norm
    dx, dy = ch.x - last.x, ch.y - last.y
    along, across = dx * ux + dy * uy, dy * ux - dx * uy
    return abs(across) <= _BASELINE * em and 0 <= along <= 1.5 * em


def _runs(chars: list[_Char]) -> list[_Run]:
    runs: list[_Run] = []
    for ch in chars:
        if runs and _continues(runs[-1].chars[-1], ch):
            run = runs[-1]
            if ch.space_before and not run.chars[-1].text.isspace() and not ch.text.isspace():
                run.chars.append(_Char(" ", ch.x, ch.y, ch.x, ch.style, False))
            run.chars.append(ch)
        else:
            runs.append(_Run([ch]))
    return runs


def _printable(text: str) -> str:
    """Text for one snapshot line: control and invisible characters as \\uXXXX."""
    out = []
    for ch in text:
        if ch == " " or not unicodedata.category(ch).startswith(("C", "Z")):
            out.append(ch)
        else:
            out.append(f"\\u{ord(ch):04x}")
    return "".join(out)


@dataclass
class _Item:
    top: float  # for reading order
    x: float
    line: str


def _text_items(textpage: pdfium_c.FPDF_TEXTPAGE) -> tuple[list[_Item], list[_Item]]:
    lines: list[_Item] = []
    rotated: list[_Item] = []
    for run in _runs(_chars(textpage)):
        chars = run.chars
        while chars and chars[0].text.isspace():
            chars = chars[1:]
        while chars and chars[-1].text.isspace():
            chars = chars[:-1]
        if not chars:
            continue
        first, style = chars[0], chars[0].style
        text = _printable("".join(c.text for c in chars))
        x, y = round(first.x), round(first.y)
        head = f"{x:5d} {y:4d} {style.font} {style.size:.1f}"
        if style.rotated:
            line = f"  r   {head} rot={round(style.angle)} | {text}"
            rotated.append(_Item(first.y, first.x, line))
        else:
            lines.append(_Item(first.y, first.x, f"  t   {head} | {text}"))
    return lines, rotated


def _matrix(obj: pdfium_c.FPDF_PAGEOBJECT) -> Matrix:
    m = pdfium_c.FS_MATRIX()
    if not pdfium_c.FPDFPageObj_GetMatrix(obj, m):
        return _IDENTITY
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _image_items(page: pdfium_c.FPDF_PAGE) -> list[_Item]:
    """Raster images with their placed boxes in page space (through any form XObjects)."""
    items: list[_Item] = []
    w, h = ctypes.c_uint(), ctypes.c_uint()

    def visit(obj: pdfium_c.FPDF_PAGEOBJECT, outer: Matrix, depth: int) -> None:
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_IMAGE:
            m = _then(_matrix(obj), outer)
            xs = [m[4], m[4] + m[0], m[4] + m[2], m[4] + m[0] + m[2]]
            ys = [m[5], m[5] + m[1], m[5] + m[3], m[5] + m[1] + m[3]]
            x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
            if not pdfium_c.FPDFImageObj_GetImagePixelSize(obj, w, h):
                w.value = h.value = 0
            line = (
                f"  img {round(x0):5d} {round(y0):4d} {round(x1 - x0)}x{round(y1 - y0)}"
                f" px={w.value}x{h.value}"
            )
            items.append(_Item(y1, x0, line))
        elif kind == pdfium_c.FPDF_PAGEOBJ_FORM and depth < 16:
            inner = _then(_matrix(obj), outer)
            for k in range(pdfium_c.FPDFFormObj_CountObjects(obj)):
                visit(pdfium_c.FPDFFormObj_GetObject(obj, k), inner, depth + 1)

    for k in range(pdfium_c.FPDFPage_CountObjects(page)):
        visit(pdfium_c.FPDFPage_GetObject(page, k), _IDENTITY, 0)
    return items


def _reading_order(items: list[_Item]) -> list[_Item]:
    """Top to bottom in rows (tops within _ROW points), each row left to right."""
    ordered: list[_Item] = []
    row: list[_Item] = []
    for item in sorted(items, key=lambda i: (-i.top, i.x)):
        if row and row[0].top - item.top > _ROW:
            ordered += sorted(row, key=lambda i: i.x)
            row = []
        row.append(item)
    return ordered + sorted(row, key=lambda i: i.x)


def snapshot(pdf_path: str | Path) -> str:
    """A stable, readable description of what every page of the PDF shows (see the module doc)."""
    doc = pdfium.PdfDocument(str(pdf_path))
    try:
        out = [HEADER, f"pages {len(doc)}"]
        for n, page in enumerate(doc, start=1):
            width, height = page.get_size()
            rotation = page.get_rotation()
            extra = f" rotate={rotation}" if rotation else ""
            out.append(f"page {n} {round(width)}x{round(height)}{extra}")
            textpage = page.get_textpage()
            try:
                lines, rotated = _text_items(textpage.raw)
            finally:
                textpage.close()
            # images are ordered by their top edge, text lines by their baseline
            items = _reading_order(lines + _image_items(page.raw)) + _reading_order(rotated)
            out += [item.line for item in items]
            page.close()
        return "\n".join(out) + "\n"
    finally:
        doc.close()


@dataclass(frozen=True)
class Line:
    """One printed line: its words, left and right edges, baseline, font and size."""

    text: str
    left: float
    right: float
    y: float
    font: str
    size: float
    rotated: bool


def lines(pdf_path: str | Path) -> list[list[Line]]:
    """Every page's text lines (runs of one font on one baseline), with their extent."""
    doc = pdfium.PdfDocument(str(pdf_path))
    try:
        pages = []
        for page in doc:
            textpage = page.get_textpage()
            try:
                runs = _runs(_chars(textpage.raw))
            finally:
                textpage.close()
            found = []
            for run in runs:
                chars = [c for c in run.chars if not c.text.isspace()]
                if chars:
                    style = chars[0].style
                    words = "".join(c.text for c in run.chars).strip()
                    right = max(c.right for c in chars)
                    found.append(
                        Line(
                            words,
                            chars[0].x,
                            right,
                            chars[0].y,
                            style.font,
                            style.size,
                            style.rotated,
                        )
                    )
            pages.append(found)
            page.close()
        return pages
    finally:
        doc.close()


# --- comparing snapshots --------------------------------------------------------------------------


@dataclass(eq=False)  # entries are compared by identity: two may look alike
class Entry:
    """One line of a snapshot: a text line (t), rotated text (r) or image (img)."""

    kind: str
    x: float
    y: float
    w: float = 0.0
    h: float = 0.0
    font: str = ""
    size: float = 0.0
    angle: int = 0
    text: str = ""  # the text, or the image's pixel size
    line: str = ""

    @property
    def key(self) -> tuple[str, str, str, int]:
        return (self.kind, self.text, self.font, self.angle)

    def distance(self, other: Entry) -> float:
        return max(
            abs(self.x - other.x),
            abs(self.y - other.y),
            abs(self.w - other.w),
            abs(self.h - other.h),
        )


@dataclass
class Page:
    width: float
    height: float
    rotate: int
    entries: list[Entry]


_PAGE = re.compile(r"^page (\d+) (-?\d+)x(-?\d+)(?: rotate=(\d+))?$")
_TEXT = re.compile(r"^  (t|r) +(-?\d+) +(-?\d+) (\S+) (\d+(?:\.\d+)?)(?: rot=(-?\d+))? \| (.*)$")
_IMAGE = re.compile(r"^  img +(-?\d+) +(-?\d+) (\d+)x(\d+) px=(\d+x\d+)$")


def parse(snap: str) -> list[Page]:
    """The pages of a snapshot; ValueError for a line that is not part of the format."""
    pages: list[Page] = []
    for number, line in enumerate(snap.splitlines(), start=1):
        if not line.strip() or line.startswith("#") or line.startswith("pages "):
            continue
        if m := _PAGE.match(line):
            pages.append(Page(float(m[2]), float(m[3]), int(m[4] or 0), []))
            continue
        if not pages:
            raise ValueError(f"line {number}: {line!r} before the first page")
        if m := _TEXT.match(line):
            entry = Entry(
                m[1], float(m[2]), float(m[3]), font=m[4], size=float(m[5]), text=m[7], line=line
            )
            entry.angle = int(m[6] or 0)
        elif m := _IMAGE.match(line):
            x, y, w, h = (float(v) for v in m.groups()[:4])
            entry = Entry("img", x, y, w, h, text=m[5], line=line)
        else:
            raise ValueError(f"line {number}: not a snapshot line: {line!r}")
        pages[-1].entries.append(entry)
    return pages


_NAMES = {"t": "text lines", "r": "rotated texts", "img": "images"}


def _moved(e: Entry, a: Entry) -> str:
    """``moved dx=+0 dy=-10``, ``resized dw=-20``, or ``moved and resized ...``."""
    moves = [f"{n}={v:+g}" for n, v in (("dx", a.x - e.x), ("dy", a.y - e.y)) if v]
    sizes = [f"{n}={v:+g}" for n, v in (("dw", a.w - e.w), ("dh", a.h - e.h)) if v]
    what = " and ".join(w for w, parts in (("moved", moves), ("resized", sizes)) if parts)
    return " ".join([what or "moved", *moves, *sizes])


def _pair(
    expected: list[Entry], actual: list[Entry], fits: Callable[[Entry, Entry], bool], limit: float
) -> list[tuple[Entry, Entry]]:
    """Greedy nearest pairs among entries that ``fits`` together, no further apart than limit."""
    candidates = sorted(
        (e.distance(a), i, j)
        for i, e in enumerate(expected)
        for j, a in enumerate(actual)
        if fits(e, a) and e.distance(a) <= limit
    )
    used_e: set[int] = set()
    used_a: set[int] = set()
    pairs = []
    for _, i, j in candidates:
        if i not in used_e and j not in used_a:
            used_e.add(i)
            used_a.add(j)
            pairs.append((expected[i], actual[j]))
    return pairs


def _compare_page(n: int, expected: Page, actual: Page, tol: float) -> list[tuple[Entry, str]]:
    """Differences on one page, each with the entry it is about (for ordering)."""
    found: list[tuple[Entry, str]] = []
    p = f"page {n}"
    left = list(expected.entries)
    right = list(actual.entries)

    def take(pairs: list[tuple[Entry, Entry]]) -> None:
        for e, a in pairs:
            left.remove(e)
            right.remove(a)

    def same_key(e: Entry, a: Entry) -> bool:
        return e.key == a.key

    def size(e: Entry, a: Entry) -> str:
        resized = abs(e.size - a.size) > _SIZE_TOL + 1e-9
        return f"font size {e.size:g} -> {a.size:g}" if resized else ""

    # 1. the same thing, where it was (within tol); a changed font size is still reported
    pairs = _pair(left, right, same_key, tol)
    take(pairs)
    found += [(e, f"{p}: {size(e, a)}: {e.line.strip()}") for e, a in pairs if size(e, a)]
    # 2. the same thing, somewhere else
    pairs = _pair(left, right, same_key, math.inf)
    take(pairs)
    for e, a in pairs:
        what = " ".join(filter(None, [_moved(e, a), size(e, a)]))
        found.append((e, f"{p}: {what}: {e.line.strip()}"))
    # 3. something else in the same place: changed text, font, angle or pixels
    pairs = _pair(left, right, lambda e, a: e.kind == a.kind, tol)
    take(pairs)
    for e, a in pairs:
        found.append((e, f"{p}: changed: {e.line.strip()}\n    now: {a.line.strip()}"))
    # 4. the rest
    found += [(e, f"{p}: missing: {e.line.strip()}") for e in left]
    found += [(a, f"{p}: extra: {a.line.strip()}") for a in right]
    return found


def _summary(page: Page) -> str:
    counts = [(sum(e.kind == kind for e in page.entries), name) for kind, name in _NAMES.items()]
    return ", ".join(f"{k} {name}" for k, name in counts if k) or "empty"


def compare(expected: str, actual: str, tol: float = 3.0) -> list[str]:
    """Readable differences between two snapshots; empty when they match.

    Positions and sizes (page sizes, where lines start, image boxes) may differ by up to ``tol``
    points; text, fonts, font sizes (to 0.1 pt), rotation, pixel sizes, the number of pages and
    the number of lines and images on each page must match.
    """
    exp, act = parse(expected), parse(actual)
    out: list[str] = []
    if len(exp) != len(act):
        out.append(f"page count: expected {len(exp)}, found {len(act)}")
    for n, (e, a) in enumerate(zip(exp, act, strict=False), start=1):
        if max(abs(e.width - a.width), abs(e.height - a.height)) > tol or e.rotate != a.rotate:
            out.append(
                f"page {n}: size {e.width:g}x{e.height:g} rotate={e.rotate}"
                f" -> {a.width:g}x{a.height:g} rotate={a.rotate}"
            )
        for kind, name in _NAMES.items():
            ne = sum(x.kind == kind for x in e.entries)
            na = sum(x.kind == kind for x in a.entries)
            if ne != na:
                out.append(f"page {n}: {ne} {name} expected, {na} found")
        found = _compare_page(n, e, a, tol)
        found.sort(key=lambda f: (-f[0].y, f[0].x))
        out += [message for _, message in found]
    for n, page in enumerate(exp[len(act) :], start=len(act) + 1):
        out.append(f"page {n}: missing page ({_summary(page)})")
    for n, page in enumerate(act[len(exp) :], start=len(exp) + 1):
        out.append(f"page {n}: extra page ({_summary(page)})")
    return out


def mismatches(pdfs: list[Path], folder: Path, shown: int = 20) -> list[str]:
    """Differences between each PDF and its snapshot ``folder/NAME.txt`` (empty: all match)."""
    out: list[str] = []
    for pdf in pdfs:
        expected = (folder / pdf.with_suffix(".txt").name).read_text(encoding="utf-8")
        found = compare(expected, snapshot(pdf))
        out += [pdf.name, *found[:shown]] if found else []
    return out
