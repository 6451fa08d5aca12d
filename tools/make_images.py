#!/usr/bin/env python3
"""Regenerate the brochure artwork: raster illustrations, diagrams and clinic logos.

Run from the repository root:

    .venv/bin/python tools/make_images.py

Everything is drawn from code with Pillow and the standard library only, so the output is
deterministic (fixed random seed, no timestamps in the files). Raster images are drawn at twice
the final size and downsampled with LANCZOS for anti-aliasing. SVG files are written as plain,
hand-structured text using only basic elements that svglib understands.

Files written (paths relative to the repository root):

    assets/images/cover.png            3000 x 1875  spine cover illustration
    assets/images/injection.png        1500 x 1000  needle approaching a disc, with fluoroscope
    assets/images/questions.png        1500 x 1000  patient and clinician talking over a checklist
    assets/images/disc-diagram.svg     720 x 360    healthy vs worn disc, labelled
    assets/images/disc-diagram-es.svg  720 x 360    the same diagram with Spanish labels
    assets/logos/northgate.svg         360 x 100    Northgate Spine & Pain Centre
    assets/logos/riverside.png         1200 x 340   Riverside Community Health (transparent)
    assets/logos/lakeshore.svg         360 x 100    Lakeshore Orthopaedic Institute
"""

from __future__ import annotations

import itertools
import math
import random
from pathlib import Path
from xml.sax.saxutils import escape as xml_escape

from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont

ROOT = Path(__file__).resolve().parent.parent
ASSETS = ROOT / "assets"
FONTS = ASSETS / "fonts" / "NotoSans"

SS = 2  # supersampling factor: draw at 2x, downsample with LANCZOS

# ---------------------------------------------------------------------------------------------
# Palette (shared by the illustrations)
# ---------------------------------------------------------------------------------------------

TEAL_DEEP = "#1B5E7A"
TEAL = "#2E8B83"
BONE = "#FBFCFC"
BONE_DEEP = "#C3D9E0"
DISC = "#E4813E"
DISC_LIGHT = "#F3A766"
DISC_PALE = "#F9D5AE"


def rgb(hex_colour: str, alpha: int = 255) -> tuple[int, int, int, int]:
    h = hex_colour.lstrip("#")
    return (int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16), alpha)


def mix(c1: str, c2: str, t: float) -> str:
    a, b = rgb(c1), rgb(c2)
    return "#" + "".join(f"{round(a[i] + (b[i] - a[i]) * t):02X}" for i in range(3))


# ---------------------------------------------------------------------------------------------
# Geometry helpers (all in final-image pixel units; the canvas scales by SS)
# ---------------------------------------------------------------------------------------------

Pt = tuple[float, float]


def cubic(p0: Pt, p1: Pt, p2: Pt, p3: Pt, n: int = 24) -> list[Pt]:
    pts = []
    for i in range(n + 1):
        t = i / n
        u = 1 - t
        pts.append(
            (
                u**3 * p0[0] + 3 * u * u * t * p1[0] + 3 * u * t * t * p2[0] + t**3 * p3[0],
                u**3 * p0[1] + 3 * u * u * t * p1[1] + 3 * u * t * t * p2[1] + t**3 * p3[1],
            )
        )
    return pts


def bez_path(start: Pt, segments: list[tuple[Pt, Pt, Pt]], n: int = 24) -> list[Pt]:
    """A poly-bezier: start point then (control1, control2, end) triples."""
    pts = [start]
    cur = start
    for c1, c2, end in segments:
        pts.extend(cubic(cur, c1, c2, end, n)[1:])
        cur = end
    return pts


def catmull_rom(points: list[Pt], n: int = 40) -> list[Pt]:
    """Smooth curve through points (centripetal-free uniform Catmull-Rom)."""
    pts = [points[0], *points, points[-1]]
    out: list[Pt] = []
    for i in range(1, len(pts) - 2):
        p0, p1, p2, p3 = pts[i - 1], pts[i], pts[i + 1], pts[i + 2]
        for k in range(n):
            t = k / n
            t2, t3 = t * t, t * t * t
            out.append(
                tuple(
                    0.5
                    * (
                        2 * p1[j]
                        + (-p0[j] + p2[j]) * t
                        + (2 * p0[j] - 5 * p1[j] + 4 * p2[j] - p3[j]) * t2
                        + (-p0[j] + 3 * p1[j] - 3 * p2[j] + p3[j]) * t3
                    )
                    for j in range(2)
                )
            )
    out.append(points[-1])
    return out


class Polyline:
    """Arc-length parametrised polyline: position and tangent angle at distance s."""

    def __init__(self, pts: list[Pt]):
        self.pts = pts
        self.cum = [0.0]
        for a, b in itertools.pairwise(pts):
            self.cum.append(self.cum[-1] + math.dist(a, b))
        self.length = self.cum[-1]

    def at(self, s: float) -> tuple[Pt, float]:
        s = max(0.0, min(self.length, s))
        lo, hi = 0, len(self.cum) - 1
        while hi - lo > 1:
            mid = (lo + hi) // 2
            if self.cum[mid] <= s:
                lo = mid
            else:
                hi = mid
        a, b = self.pts[lo], self.pts[hi]
        seg = self.cum[hi] - self.cum[lo] or 1.0
        t = (s - self.cum[lo]) / seg
        pos = (a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t)
        ang = math.atan2(b[1] - a[1], b[0] - a[0])
        return pos, ang


def rounded_box(w: float, h: float, r: float, per_edge: int = 10, per_corner: int = 10) -> list[Pt]:
    """Points of an axis-aligned rounded rectangle centred on the origin (densely sampled)."""
    r = min(r, w / 2, h / 2)
    x0, x1, y0, y1 = -w / 2, w / 2, -h / 2, h / 2
    pts: list[Pt] = []
    corners = [
        ((x1 - r, y0 + r), -90),  # top right
        ((x1 - r, y1 - r), 0),  # bottom right
        ((x0 + r, y1 - r), 90),  # bottom left
        ((x0 + r, y0 + r), 180),  # top left
    ]
    for idx, ((cx, cy), a0) in enumerate(corners):
        for k in range(per_corner + 1):
            a = math.radians(a0 + 90 * k / per_corner)
            pts.append((cx + r * math.cos(a), cy + r * math.sin(a)))
        # straight edge to next corner, sampled so that later deformations stay smooth
        (nx, ny), na = corners[(idx + 1) % 4]
        a_end = math.radians(a0 + 90)
        ex, ey = cx + r * math.cos(a_end), cy + r * math.sin(a_end)
        a_next = math.radians(na)
        sx, sy = nx + r * math.cos(a_next), ny + r * math.sin(a_next)
        for k in range(1, per_edge):
            t = k / per_edge
            pts.append((ex + (sx - ex) * t, ey + (sy - ey) * t))
    return pts


def pinch(pts: list[Pt], w: float, h: float, waist: float = 0.0, cup: float = 0.0) -> list[Pt]:
    """Pull the side walls in (waist) and the top/bottom faces in (cup) smoothly."""
    out = []
    for x, y in pts:
        fy = max(0.0, 1 - (2 * y / h) ** 2)
        fx = max(0.0, 1 - (2 * x / w) ** 2)
        out.append((x - math.copysign(waist * fy, x), y - math.copysign(cup * fx, y)))
    return out


def transform(
    pts: list[Pt], dx: float = 0, dy: float = 0, ang: float = 0, sx: float = 1, sy: float = 1
) -> list[Pt]:
    c, s = math.cos(ang), math.sin(ang)
    return [(dx + (x * sx) * c - (y * sy) * s, dy + (x * sx) * s + (y * sy) * c) for x, y in pts]


def ellipse_pts(
    cx: float, cy: float, rx: float, ry: float, n: int = 90, ang: float = 0
) -> list[Pt]:
    pts = [
        (rx * math.cos(2 * math.pi * k / n), ry * math.sin(2 * math.pi * k / n)) for k in range(n)
    ]
    return transform(pts, cx, cy, ang)


# ---------------------------------------------------------------------------------------------
# Canvas: RGBA image at SS x the final size, drawing in final-size coordinates
# ---------------------------------------------------------------------------------------------


class Canvas:
    def __init__(self, w: int, h: int, bg: tuple[int, int, int, int] | str = (0, 0, 0, 0)):
        self.w, self.h = w, h
        if isinstance(bg, str):
            bg = rgb(bg)
        self.img = Image.new("RGBA", (w * SS, h * SS), bg)

    # -- low level ------------------------------------------------------------------------
    @staticmethod
    def _s(pts: list[Pt]) -> list[Pt]:
        return [(x * SS, y * SS) for x, y in pts]

    def blank(self) -> Image.Image:
        return Image.new("RGBA", self.img.size, (0, 0, 0, 0))

    def mask(self) -> Image.Image:
        return Image.new("L", self.img.size, 0)

    def composite(self, layer: Image.Image, opacity: float = 1.0) -> None:
        if opacity < 1.0:
            a = layer.getchannel("A").point(lambda v: round(v * opacity))
            layer.putalpha(a)
        self.img.alpha_composite(layer)

    # -- shapes -----------------------------------------------------------------------------
    def poly(
        self,
        pts: list[Pt],
        fill: str | None = None,
        outline: str | None = None,
        width: float = 0,
        opacity: float = 1.0,
    ) -> None:
        direct = opacity >= 1.0
        layer = self.img if direct else self.blank()
        d = ImageDraw.Draw(layer)
        sp = self._s(pts)
        if fill:
            d.polygon(sp, fill=rgb(fill))
        if outline and width:
            w = max(1, round(width * SS))
            d.line([*sp, sp[0], sp[1]], fill=rgb(outline), width=w, joint="curve")
        if not direct:
            self.composite(layer, opacity)

    def line(
        self, pts: list[Pt], colour: str, width: float, opacity: float = 1.0, caps: bool = True
    ) -> None:
        direct = opacity >= 1.0
        layer = self.img if direct else self.blank()
        d = ImageDraw.Draw(layer)
        sp = self._s(pts)
        w = max(1, round(width * SS))
        d.line(sp, fill=rgb(colour), width=w, joint="curve")
        if caps:
            r = w / 2
            for x, y in (sp[0], sp[-1]):
                d.ellipse([x - r, y - r, x + r, y + r], fill=rgb(colour))
        if not direct:
            self.composite(layer, opacity)

    def circle(
        self,
        cx: float,
        cy: float,
        r: float,
        fill: str | None = None,
        outline: str | None = None,
        width: float = 0,
        opacity: float = 1.0,
    ) -> None:
        direct = opacity >= 1.0
        layer = self.img if direct else self.blank()
        d = ImageDraw.Draw(layer)
        box = [(cx - r) * SS, (cy - r) * SS, (cx + r) * SS, (cy + r) * SS]
        d.ellipse(
            box,
            fill=rgb(fill) if fill else None,
            outline=rgb(outline) if outline else None,
            width=max(1, round(width * SS)) if outline else 0,
        )
        if not direct:
            self.composite(layer, opacity)

    def shadow(
        self, pts: list[Pt], colour: str, blur: float, opacity: float, dx: float = 0, dy: float = 0
    ) -> None:
        m = self.mask()
        ImageDraw.Draw(m).polygon(self._s([(x + dx, y + dy) for x, y in pts]), fill=255)
        m = m.filter(ImageFilter.GaussianBlur(blur * SS))
        layer = Image.new("RGBA", self.img.size, rgb(colour))
        layer.putalpha(m.point(lambda v: round(v * opacity)))
        self.img.alpha_composite(layer)

    def gradient_poly(
        self, pts: list[Pt], c1: str, c2: str, p1: Pt, p2: Pt, opacity: float = 1.0
    ) -> None:
        """Fill a polygon with a linear gradient from c1 at p1 to c2 at p2."""
        m = self.mask()
        ImageDraw.Draw(m).polygon(self._s(pts), fill=255)
        self.gradient_mask(m, c1, c2, p1, p2, opacity)

    def gradient_mask(
        self, m: Image.Image, c1: str, c2: str, p1: Pt, p2: Pt, opacity: float = 1.0
    ) -> None:
        bbox = m.getbbox()
        if not bbox:
            return
        x0, y0, x1, y1 = bbox
        # a 256-step ramp stretched along the gradient axis, rotated into place
        a, b = rgb(c1), rgb(c2)
        vx, vy = (p2[0] - p1[0]) * SS, (p2[1] - p1[1]) * SS
        L2 = vx * vx + vy * vy or 1.0
        # build the parameter image at low resolution then upscale (smooth enough)
        sw, sh = max(1, (x1 - x0) // 4 + 1), max(1, (y1 - y0) // 4 + 1)
        t_img = Image.new("L", (sw, sh))
        px = t_img.load()
        for j in range(sh):
            yy = y0 + j * 4 - p1[1] * SS
            for i in range(sw):
                xx = x0 + i * 4 - p1[0] * SS
                t = (xx * vx + yy * vy) / L2
                px[i, j] = max(0, min(255, round(t * 255)))
        t_img = t_img.resize((x1 - x0, y1 - y0), Image.BILINEAR)
        lut = [[round(a[c] + (b[c] - a[c]) * v / 255) for v in range(256)] for c in range(3)]
        chans = [t_img.point(lut[c]) for c in range(3)]
        grad = Image.merge("RGB", chans).convert("RGBA")
        layer = self.blank()
        layer.paste(grad, (x0, y0))
        layer.putalpha(m.point(lambda v: round(v * opacity)))
        self.img.alpha_composite(layer)

    def finish(self, size: tuple[int, int] | None = None) -> Image.Image:
        return self.img.resize(size or (self.w, self.h), Image.LANCZOS)


def save_png(img: Image.Image, path: Path, colours: int | None = None) -> None:
    """Save optimised; opaque images lose their alpha channel, or get a palette if asked."""
    path.parent.mkdir(parents=True, exist_ok=True)
    opaque = img.mode != "RGBA" or img.getextrema()[3][0] == 255
    if opaque:
        img = img.convert("RGB")
    if colours:
        method = Image.Quantize.MEDIANCUT if opaque else Image.Quantize.FASTOCTREE
        img = img.quantize(colours, method=method, dither=Image.Dither.FLOYDSTEINBERG)
    img.save(path, optimize=True)


def closed_smooth(points: list[Pt], n: int = 12) -> list[Pt]:
    """Closed Catmull-Rom curve through points."""
    m = len(points)
    out: list[Pt] = []
    for i in range(m):
        p0, p1, p2, p3 = (points[(i + k) % m] for k in (-1, 0, 1, 2))
        for k in range(n):
            t = k / n
            t2, t3 = t * t, t * t * t
            out.append(
                tuple(
                    0.5
                    * (
                        2 * p1[j]
                        + (-p0[j] + p2[j]) * t
                        + (2 * p0[j] - 5 * p1[j] + 4 * p2[j] - p3[j]) * t2
                        + (-p0[j] + 3 * p1[j] - 3 * p2[j] + p3[j]) * t3
                    )
                    for j in range(2)
                )
            )
    return out


# ---------------------------------------------------------------------------------------------
# Vertebra parts, in a local frame: origin at the centre of the vertebral body, +y runs down
# the spine, +x points to the back (posterior). Sizes: bw = body depth, bh = body height.
# ---------------------------------------------------------------------------------------------


def body_outline(bw: float, bh: float) -> list[Pt]:
    box = rounded_box(bw, bh, 0.24 * bh, per_edge=14, per_corner=8)
    return pinch(box, bw, bh, waist=0.05 * bw, cup=0.035 * bh)


ARCH_PARTS = {
    # outlines of the posterior arch (pedicle, articular processes, spinous process) in
    # relative units: x in body depths, y in body heights; smoothed when drawn
    "lumbar": [
        [
            (0.42, -0.42),
            (0.58, -0.44),
            (0.62, -0.60),
            (0.70, -0.74),
            (0.80, -0.74),
            (0.88, -0.56),
            (0.96, -0.38),
            (1.20, -0.36),
            (1.38, -0.32),
            (1.46, -0.16),
            (1.46, 0.16),
            (1.38, 0.32),
            (1.18, 0.34),
            (1.06, 0.38),
            (1.04, 0.56),
            (0.98, 0.72),
            (0.88, 0.72),
            (0.84, 0.52),
            (0.80, 0.30),
            (0.70, 0.10),
            (0.60, 0.00),
            (0.42, -0.02),
        ],
    ],
    "thoracic": [
        [
            (0.42, -0.44),
            (0.60, -0.44),
            (0.64, -0.62),
            (0.72, -0.68),
            (0.78, -0.52),
            (0.86, -0.34),
            (1.00, -0.12),
            (1.14, 0.30),
            (1.28, 0.80),
            (1.26, 0.98),
            (1.16, 0.98),
            (1.04, 0.70),
            (0.90, 0.42),
            (0.86, 0.56),
            (0.78, 0.60),
            (0.72, 0.40),
            (0.66, 0.02),
            (0.42, -0.04),
        ],
    ],
    "cervical": [
        [
            (0.42, -0.40),
            (0.58, -0.42),
            (0.62, -0.60),
            (0.74, -0.66),
            (0.84, -0.50),
            (0.96, -0.30),
            (1.12, -0.20),
            (1.20, 0.02),
            (1.14, 0.22),
            (1.00, 0.24),
            (0.88, 0.40),
            (0.84, 0.58),
            (0.72, 0.60),
            (0.66, 0.36),
            (0.62, 0.02),
            (0.42, 0.00),
        ],
    ],
}


def arch_parts(bw: float, bh: float, region: str) -> list[list[Pt]]:
    return [closed_smooth([(x * bw, y * bh) for x, y in part], 8) for part in ARCH_PARTS[region]]


class BoneStyle:
    def __init__(
        self,
        outline: str = "#4F869B",
        lw: float = 2.0,
        arch_fill: str = "#E8F1F4",
        body_fill: str = BONE,
        body_shade: str = BONE_DEEP,
        texture: bool = False,
        texture_colour: str = "#D5E6EC",
    ):
        self.outline, self.lw = outline, lw
        self.arch_fill, self.body_fill, self.body_shade = arch_fill, body_fill, body_shade
        self.texture, self.texture_colour = texture, texture_colour


def local(pts: list[Pt], cx: float, cy: float, ang: float) -> list[Pt]:
    return transform(pts, cx, cy, ang)


def draw_arch(
    cv: Canvas, cx: float, cy: float, ang: float, bw: float, bh: float, region: str, st: BoneStyle
) -> None:
    """Union of the arch parts: stroke every part at double width, then fill them all."""
    parts = [local(p, cx, cy, ang) for p in arch_parts(bw, bh, region)]
    for p in parts:
        cv.poly(p, fill=st.outline, outline=st.outline, width=2 * st.lw)
    for p in parts:
        cv.poly(p, fill=st.arch_fill)


def draw_body(
    cv: Canvas, cx: float, cy: float, ang: float, bw: float, bh: float, st: BoneStyle, seed: int = 0
) -> None:
    b = body_outline(bw, bh)
    cv.poly(local(b, cx, cy, ang), fill=st.body_shade)
    hi = [(x * 0.9 - 0.035 * bw, y * 0.8 - 0.06 * bh) for x, y in b]
    cv.poly(local(hi, cx, cy, ang), fill=st.body_fill)
    if st.texture:
        # a light trabecular (spongy bone) texture
        rnd = random.Random(seed)
        layer = cv.blank()
        d = ImageDraw.Draw(layer)
        for _ in range(int(bw * bh / 1400)):
            x = rnd.uniform(-0.36, 0.32) * bw
            y = rnd.uniform(-0.28, 0.24) * bh
            r = rnd.uniform(0.012, 0.028) * bw
            e = local(
                ellipse_pts(x, y, r, r * rnd.uniform(0.55, 0.9), 16, rnd.uniform(0, math.pi)),
                cx,
                cy,
                ang,
            )
            d.polygon(Canvas._s(e), fill=rgb(st.texture_colour))
        cv.composite(layer, 0.8)
    cv.poly(local(b, cx, cy, ang), outline=st.outline, width=st.lw)


def draw_vertebra(
    cv: Canvas,
    cx: float,
    cy: float,
    ang: float,
    bw: float,
    bh: float,
    region: str,
    st: BoneStyle,
    seed: int = 0,
) -> None:
    draw_arch(cv, cx, cy, ang, bw, bh, region, st)
    draw_body(cv, cx, cy, ang, bw, bh, st, seed)


def disc_outline(w: float, h: float) -> list[Pt]:
    box = rounded_box(w, h, h * 0.48, per_edge=14, per_corner=8)
    return pinch(box, w, h, waist=-0.035 * w)


def draw_disc(
    cv: Canvas,
    cx: float,
    cy: float,
    ang: float,
    w: float,
    h: float,
    fill: str = DISC,
    light: str = DISC_LIGHT,
    outline: str | None = None,
    lw: float = 0,
) -> None:
    cv.poly(local(disc_outline(w, h), cx, cy, ang), fill=fill, outline=outline, width=lw)
    core = ellipse_pts(-0.06 * w, 0, w * 0.26, h * 0.26, 60)
    cv.poly(local(core, cx, cy, ang), fill=light)


def draw_disc_section(
    cv: Canvas,
    cx: float,
    cy: float,
    ang: float,
    w: float,
    h: float,
    outline: str = "#B85B22",
    lw: float = 2.5,
) -> None:
    """A disc cut open: layered annulus rings around a soft, pale nucleus."""
    outer = disc_outline(w, h)
    cv.poly(local(outer, cx, cy, ang), fill=DISC)
    for k, t in enumerate((0.86, 0.72, 0.58)):
        ring = [(x * t - 0.03 * w * (1 - t), y * (0.55 + 0.45 * t)) for x, y in outer]
        cv.poly(
            local(ring, cx, cy, ang), outline=mix(DISC, DISC_LIGHT, 0.55 + 0.15 * k), width=lw * 0.9
        )
    nucleus = ellipse_pts(-0.05 * w, 0, w * 0.2, h * 0.27, 90)
    glow = ellipse_pts(-0.05 * w, 0, w * 0.235, h * 0.34, 90)
    cv.poly(local(glow, cx, cy, ang), fill=DISC_LIGHT)
    cv.poly(local(nucleus, cx, cy, ang), fill=DISC_PALE)
    shine = ellipse_pts(-0.1 * w, -0.07 * h, w * 0.08, h * 0.07, 40)
    cv.poly(local(shine, cx, cy, ang), fill="#FDEBD6")
    cv.poly(local(outer, cx, cy, ang), outline=outline, width=lw)


# ---------------------------------------------------------------------------------------------
# The spine column
# ---------------------------------------------------------------------------------------------


def spine_plan() -> list[tuple[str, float, float, float]]:
    """(region, body depth, body height, disc height below) from C2 down to L5, unscaled."""
    plan = []
    for i in range(7):
        t = i / 6
        plan.append(("cervical", 44 + 8 * t, 25 + 6 * t, 8 + 1 * t))
    for i in range(12):
        t = i / 11
        plan.append(("thoracic", 56 + 20 * t, 35 + 15 * t, 8.5 + 3 * t))
    for i in range(5):
        t = i / 4
        plan.append(("lumbar", 82 + 8 * t, 56 + 4 * t, 17 + 2 * t))
    return plan


def place_spine(curve: Polyline, start: float, end: float):
    """Lay the vertebrae out along the curve; returns vertebra and disc placements."""
    plan = spine_plan()
    total = sum(bh + dh for _, _, bh, dh in plan)
    k = (end - start) / total
    s = start
    verts, discs = [], []
    for region, bw, bh, dh in plan:
        bw, bh, dh = bw * k, bh * k, dh * k
        (x, y), a = curve.at(s + bh / 2)
        verts.append((region, x, y, a - math.pi / 2, bw, bh))
        s += bh
        (dx, dy), da = curve.at(s + dh / 2)
        discs.append((dx, dy, da - math.pi / 2, bw, dh))
        s += dh
    return verts, discs, k


def sacrum_outline(curve: Polyline, s0: float, length: float, w0: float) -> list[Pt]:
    left, right = [], []
    n = 24
    for i in range(n + 1):
        t = i / n
        (x, y), a = curve.at(s0 + t * length)
        nx, ny = -math.sin(a), math.cos(a)  # left-hand normal of the travel direction
        half = w0 * (0.5 - 0.36 * t**1.2)
        back = w0 * (0.62 - 0.4 * t)
        left.append((x + nx * half, y + ny * half))  # anterior side
        right.append((x - nx * back, y - ny * back))  # posterior side
    return [*left, *reversed(right)]


# ---------------------------------------------------------------------------------------------
# 1. Cover illustration
# ---------------------------------------------------------------------------------------------


def dot_grid(
    cv: Canvas,
    x0: float,
    y0: float,
    cols: int,
    rows: int,
    gap: float,
    r: float,
    colour: str,
    opacity: float = 1.0,
) -> None:
    layer = cv.blank()
    d = ImageDraw.Draw(layer)
    for j in range(rows):
        for i in range(cols):
            cx, cy = (x0 + i * gap) * SS, (y0 + j * gap) * SS
            d.ellipse([cx - r * SS, cy - r * SS, cx + r * SS, cy + r * SS], fill=rgb(colour))
    cv.composite(layer, opacity)


def soft_blob(
    cv: Canvas,
    cx: float,
    cy: float,
    r: float,
    colour: str,
    seed: int,
    wobble: float = 0.08,
    opacity: float = 1.0,
) -> None:
    rnd = random.Random(seed)
    n = 9
    pts = []
    for k in range(n):
        a = 2 * math.pi * k / n + rnd.uniform(-0.12, 0.12)
        rr = r * (1 + rnd.uniform(-wobble, wobble))
        pts.append((cx + rr * math.cos(a), cy + rr * math.sin(a)))
    cv.poly(closed_smooth(pts, 16), fill=colour, opacity=opacity)


def person_outline() -> list[Pt]:
    """Side view of a person facing left, head to hips (cropped at the bottom of the image)."""
    return bez_path(
        (1560, 104),
        [
            ((1500, 104), (1455, 150), (1450, 205)),  # forehead
            ((1447, 230), (1440, 246), (1432, 262)),  # brow to the bridge of the nose
            ((1424, 278), (1408, 292), (1411, 301)),  # nose
            ((1414, 310), (1430, 312), (1438, 318)),  # under the nose
            ((1433, 330), (1437, 338), (1434, 347)),  # lips
            ((1431, 362), (1438, 381), (1458, 387)),  # chin
            ((1478, 393), (1494, 402), (1502, 432)),  # jaw to throat
            ((1508, 470), (1494, 505), (1470, 540)),  # front of the neck
            ((1404, 588), (1352, 700), (1358, 822)),  # chest
            ((1362, 912), (1384, 978), (1380, 1042)),  # abdomen
            ((1376, 1118), (1402, 1182), (1394, 1262)),  # hip front
            ((1386, 1352), (1398, 1452), (1405, 1560)),  # thigh (cropped)
            ((1540, 1560), (1700, 1560), (1832, 1560)),
            ((1838, 1500), (1850, 1444), (1846, 1400)),  # buttock
            ((1852, 1300), (1776, 1250), (1764, 1150)),
            ((1756, 1055), (1788, 1005), (1808, 915)),  # small of the back
            ((1836, 780), (1812, 610), (1752, 548)),  # upper back
            ((1690, 492), (1650, 450), (1640, 400)),  # shoulder to the nape
            ((1636, 370), (1650, 345), (1668, 318)),
            ((1702, 272), (1692, 160), (1622, 118)),  # back of the head
            ((1600, 108), (1582, 104), (1560, 104)),
        ],
        20,
    )


def back_line() -> list[Pt]:
    """The contour of the back, from the nape to the buttock, drawn as a fine accent line."""
    return bez_path(
        (1646, 420),
        [
            ((1656, 462), (1700, 500), (1752, 548)),
            ((1812, 610), (1836, 780), (1808, 915)),
            ((1788, 1005), (1756, 1055), (1764, 1150)),
            ((1776, 1250), (1852, 1300), (1846, 1400)),
        ],
        30,
    )


def external_tangents(c1: tuple[float, float, float], c2: tuple[float, float, float]):
    """The two outer tangent segments between circles (x, y, r)."""
    (x1, y1, r1), (x2, y2, r2) = c1, c2
    dx, dy = x2 - x1, y2 - y1
    d = math.hypot(dx, dy)
    base = math.atan2(dy, dx)
    off = math.acos((r1 - r2) / d)
    out = []
    for sgn in (1, -1):
        a = base + sgn * off
        out.append(
            (
                (x1 + r1 * math.cos(a), y1 + r1 * math.sin(a)),
                (x2 + r2 * math.cos(a), y2 + r2 * math.sin(a)),
            )
        )
    return out


def clip_to_circle(cv: Canvas, cx: float, cy: float, r: float) -> None:
    m = cv.mask()
    ImageDraw.Draw(m).ellipse(
        [(cx - r) * SS, (cy - r) * SS, (cx + r) * SS, (cy + r) * SS], fill=255
    )
    cv.img.putalpha(ImageChops.multiply(cv.img.getchannel("A"), m))


def draw_segment(
    cv: Canvas,
    cx: float,
    cy: float,
    ang: float,
    bw: float,
    bh: float,
    dh: float,
    st: BoneStyle,
    count: int = 4,
    section: bool = True,
) -> list[Pt]:
    """A close-up of the lumbar spine centred on one disc; returns the vertebra centres."""
    pitch = bh + dh
    ux, uy = -math.sin(ang), math.cos(ang)  # unit vector down the spine
    offs = [(k - (count - 1) / 2) * pitch for k in range(count)]
    centres = [(cx + ux * o, cy + uy * o) for o in offs]
    for x, y in centres:
        draw_arch(cv, x, y, ang, bw, bh, "lumbar", st)
    mid = count // 2
    for k in range(count - 1):
        x = (centres[k][0] + centres[k + 1][0]) / 2
        y = (centres[k][1] + centres[k + 1][1]) / 2
        if section and k == mid - 1:
            draw_disc_section(cv, x, y, ang, bw * 1.0, dh + 0.16 * bh, lw=st.lw)
        else:
            # neighbouring discs are shown a shade lighter, so the cut-open one stands out
            draw_disc(
                cv,
                x,
                y,
                ang,
                bw * 1.0,
                dh + 0.16 * bh,
                fill="#EFA76E" if section else DISC,
                light="#F6C596" if section else DISC_LIGHT,
                outline="#C97636",
                lw=st.lw,
            )
    for k, (x, y) in enumerate(centres):
        draw_body(cv, x, y, ang, bw, bh, st, seed=k + 1)
    return centres


def draw_sacrum(
    cv: Canvas, curve: Polyline, s0: float, length: float, w0: float, st: BoneStyle
) -> None:
    sac = sacrum_outline(curve, s0, length, w0)
    cv.poly(sac, fill=st.arch_fill, outline=st.outline, width=st.lw)
    # fused segments: short ridges and a row of small openings (sacral foramina)
    for t in (0.2, 0.42, 0.62, 0.8):
        (x, y), a = curve.at(s0 + t * length)
        nx, ny = -math.sin(a), math.cos(a)
        half = w0 * (0.5 - 0.36 * t**1.2)
        p = (x + nx * (half - 2), y + ny * (half - 2))
        q = (x + nx * half * 0.35, y + ny * half * 0.35)
        cv.line([p, q], mix(st.arch_fill, st.outline, 0.45), st.lw * 0.9)
        f = (x - nx * w0 * 0.08, y - ny * w0 * 0.08)
        cv.poly(
            ellipse_pts(f[0], f[1], w0 * 0.05 * (1 - 0.4 * t), w0 * 0.035, 24, a),
            fill=mix(st.arch_fill, st.outline, 0.35),
        )
    # coccyx: three small segments curling forward
    s = s0 + length + 4
    for i, (w, h) in enumerate(
        ((w0 * 0.26, w0 * 0.2), (w0 * 0.2, w0 * 0.16), (w0 * 0.15, w0 * 0.13))
    ):
        (x, y), a = curve.at(s + h / 2)
        cv.poly(
            local(rounded_box(w, h, h * 0.45), x - 2 * i, y, a - math.pi / 2 + 0.2 * i),
            fill=st.arch_fill,
            outline=st.outline,
            width=st.lw,
        )
        s += h + 3


def draw_cover() -> Image.Image:
    W, H = 2400, 1500
    cv = Canvas(W, H, "#F0F6F8")
    cv.gradient_poly([(0, 0), (W, 0), (W, H), (0, H)], "#F4F9FA", "#E2EEF2", (0, 0), (0, H))

    # soft background shapes
    soft_blob(cv, 1640, 800, 640, "#DDECF0", seed=3, wobble=0.05)
    soft_blob(cv, 430, 1300, 380, "#E0EFEB", seed=7, wobble=0.07)
    soft_blob(cv, 2270, 170, 250, "#E3EFF3", seed=11, wobble=0.06)
    cv.circle(1640, 800, 705, outline="#D2E4EA", width=3)
    dot_grid(cv, 110, 110, 7, 5, 34, 4.0, "#C2DAE1")
    dot_grid(cv, 2050, 1200, 7, 6, 34, 4.0, "#C2DAE1")

    # the person, kept quiet
    cv.poly(person_outline(), fill="#CCE1E8")
    cv.line(back_line(), "#A7C9D4", 5)

    # the spine
    ctrl = [
        (1604, 296),
        (1584, 400),
        (1606, 520),
        (1668, 690),
        (1684, 840),
        (1660, 960),
        (1636, 1060),
        (1660, 1160),
        (1700, 1230),
        (1742, 1318),
        (1760, 1390),
        (1756, 1470),
    ]
    curve = Polyline(catmull_rom(ctrl, 40))
    s_end = next(s for s in range(int(curve.length)) if curve.at(s)[0][1] >= 1196)
    verts, discs, _ = place_spine(curve, 0, s_end)
    st = BoneStyle()

    # zoom ring round the L4-L5 disc, tied to a large inset (lines pass under the spine)
    zx, zy, za, _, _ = discs[22]
    small = (zx + 8, zy, 80)
    big = (760, 740, 450)
    for p, q in external_tangents(small, big):
        cv.line([p, q], "#8DB9C7", 3)

    draw_sacrum(cv, curve, s_end, 190, verts[-1][4] * 1.02, st)
    for region, x, y, a, bw, bh in verts:
        draw_arch(cv, x, y, a, bw, bh, region, st)
    for x, y, a, w, h in discs:
        draw_disc(cv, x, y, a, w * 0.98, h + 8)
    for i, (_, x, y, a, bw, bh) in enumerate(verts):
        draw_body(cv, x, y, a, bw, bh, st, seed=i)

    cv.circle(*small[:2], small[2], outline="#FFFFFF", width=9)
    cv.circle(*small[:2], small[2], outline=TEAL, width=3.5)

    bx, by, br = big
    cv.shadow(ellipse_pts(bx, by, br, br, 180), "#6F98A8", 30, 0.28, 0, 18)
    cv.circle(bx, by, br + 14, fill="#FFFFFF")
    inset = Canvas(W, H)
    inset.circle(bx, by, br, fill="#F6FAFB")
    ia = za * 0.5
    gx, gy = bx - 150 - 20 * math.cos(ia), by - 20 * math.sin(ia)
    inset.shadow(ellipse_pts(gx, gy, 250, 130, 90, ia), "#F6C79A", 40, 0.55)
    ist = BoneStyle(
        outline="#3F7A90",
        lw=3.5,
        texture=True,
        arch_fill="#DCEAEF",
        body_shade="#C8DDE4",
        texture_colour="#DCE9EE",
    )
    draw_segment(inset, bx - 150, by, ia, 300, 214, 86, ist)
    clip_to_circle(inset, bx, by, br)
    cv.img.alpha_composite(inset.img)
    cv.circle(bx, by, br + 2, outline=TEAL, width=4)
    return cv.finish((3000, 1875))  # 300 ppi even at full bleed on Letter


# ---------------------------------------------------------------------------------------------
# 2. Injection illustration
# ---------------------------------------------------------------------------------------------


def draw_monitor(cv: Canvas, x0: float, y0: float, w: float, h: float) -> None:
    """A ceiling-mounted fluoroscopy (X-ray) screen showing the spine and the needle."""
    cx = x0 + w / 2
    # mounting arm up to the ceiling
    cv.poly(local(rounded_box(22, y0 + 40, 8), cx, (y0 - 20) / 2, 0), fill="#9DB7C2")
    cv.poly(local(rounded_box(70, 26, 10), cx, y0 - 6, 0), fill="#86A3B0")
    frame = local(rounded_box(w, h, 26), x0 + w / 2, y0 + h / 2, 0)
    cv.shadow(frame, "#587F8F", 16, 0.3, 0, 10)
    cv.poly(frame, fill="#2C4A58")
    sx0, sy0, sw, sh = x0 + 18, y0 + 18, w - 36, h - 52
    screen = local(rounded_box(sw, sh, 12), sx0 + sw / 2, sy0 + sh / 2, 0)
    cv.poly(screen, fill="#10242D")
    # status lights on the bezel
    for i, col in enumerate(("#5FB3A8", "#E0A35C")):
        cv.circle(x0 + w - 40 - 24 * i, y0 + h - 17, 5, fill=col)

    # the X-ray picture: a soft, glowing grey spine segment with a bright needle
    xr = Canvas(cv.w, cv.h)
    st = BoneStyle(
        outline="#6E8C98", lw=1.2, arch_fill="#7F9AA5", body_fill="#C9D7DC", body_shade="#9FB5BE"
    )
    scx, scy = sx0 + sw * 0.42, sy0 + sh * 0.52
    draw_segment(xr, scx, scy, -0.08, 92, 62, 24, st, count=4, section=False)
    layer = xr.img
    # grey the discs (they are faint on X-ray) and soften everything
    r_, g_, b_, a_ = layer.split()
    grey = Image.merge("RGB", (r_, g_, b_)).convert("L")
    tinted = Image.merge(
        "RGBA",
        (grey.point(lambda v: round(v * 0.86)), grey.point(lambda v: round(v * 0.95)), grey, a_),
    )
    tinted = tinted.filter(ImageFilter.GaussianBlur(1.6 * SS))
    m = cv.mask()
    ImageDraw.Draw(m).rounded_rectangle(
        [sx0 * SS, sy0 * SS, (sx0 + sw) * SS, (sy0 + sh) * SS], radius=12 * SS, fill=255
    )
    tinted.putalpha(ImageChops.multiply(tinted.getchannel("A"), m).point(lambda v: round(v * 0.85)))
    cv.img.alpha_composite(tinted)
    # needle on the screen
    tip = (scx - 4, scy + 1)
    ang = math.radians(-38)
    tail = (tip[0] + 150 * math.cos(ang), tip[1] + 150 * math.sin(ang))
    cv.line([tip, tail], "#F4F8F9", 2.4)
    # vignette and glass highlight
    cv.poly(
        [(sx0 + sw * 0.55, sy0), (sx0 + sw, sy0), (sx0 + sw, sy0 + sh * 0.45)],
        fill="#FFFFFF",
        opacity=0.05,
    )


def draw_syringe(cv: Canvas, tip: Pt, ang: float, needle_len: float) -> None:
    ux, uy = math.cos(ang), math.sin(ang)  # from the tip back towards the syringe
    nx, ny = -uy, ux

    def at(d: float, side: float = 0.0) -> Pt:
        return (tip[0] + ux * d + nx * side, tip[1] + uy * d + ny * side)

    # needle: a fine steel shaft with a highlight, bevelled tip
    shaft = [at(10, -2.6), at(needle_len, -2.6), at(needle_len, 2.6), at(10, 2.6), at(0, 2.6)]
    cv.poly(shaft, fill="#8E9EA7")
    cv.line([at(14, -0.9), at(needle_len - 6, -0.9)], "#E9EFF2", 1.4)
    # hub
    hub = [
        at(needle_len - 4, -7),
        at(needle_len + 40, -15),
        at(needle_len + 40, 15),
        at(needle_len - 4, 7),
    ]
    cv.poly(hub, fill="#5FA7A0", outline="#3D807A", width=2)
    # barrel, with a few graduation marks and the liquid
    b0, b1 = needle_len + 40, needle_len + 420
    barrel = local(rounded_box(b1 - b0, 62, 10), *at((b0 + b1) / 2), ang)
    cv.poly(barrel, fill="#F7FBFC", outline="#8FB0BC", width=3, opacity=0.96)
    liquid = local(rounded_box(170, 48, 6), *at(b0 + 95), ang)
    cv.poly(liquid, fill="#F5C596", opacity=0.9)
    for i in range(7):
        d = b0 + 40 + i * 42
        cv.line([at(d, -31), at(d, -31 + (16 if i % 2 == 0 else 10))], "#8FB0BC", 2.2)
    plunger_head = local(rounded_box(14, 50, 4), *at(b0 + 187), ang)
    cv.poly(plunger_head, fill="#3D807A")
    rod = [at(b0 + 190, -6), at(b1 + 160, -6), at(b1 + 160, 6), at(b0 + 190, 6)]
    cv.poly(rod, fill="#C7D9DF")
    flange = local(rounded_box(16, 110, 6), *at(b1 + 4), ang)
    cv.poly(flange, fill="#B9CFD7", outline="#8FB0BC", width=2)


def draw_injection() -> Image.Image:
    W, H = 1500, 1000
    cv = Canvas(W, H, "#F0F6F8")
    cv.gradient_poly([(0, 0), (W, 0), (W, H), (0, H)], "#F5F9FB", "#E3EEF2", (0, 0), (0, H))
    soft_blob(cv, 720, 600, 430, "#DCEBF0", seed=21, wobble=0.05)
    soft_blob(cv, 1330, 880, 240, "#E0EFEB", seed=23, wobble=0.06)
    cv.circle(720, 600, 490, outline="#D3E5EA", width=2.5)
    dot_grid(cv, 1240, 700, 6, 6, 30, 3.6, "#C2DAE1")

    draw_monitor(cv, 70, 90, 380, 270)

    ang = -0.06
    cx, cy = 650, 610
    bw = 270
    ux, uy = math.cos(ang), math.sin(ang)
    glow = (cx - 0.05 * bw * ux, cy - 0.05 * bw * uy)
    cv.shadow(ellipse_pts(glow[0], glow[1], 190, 90, 90, ang), "#F6C79A", 34, 0.6)
    st = BoneStyle(
        outline="#3F7A90",
        lw=3.0,
        texture=True,
        arch_fill="#F1F7F9",
        body_shade="#C8DDE4",
        texture_colour="#DCE9EE",
    )
    draw_segment(cv, cx, cy, ang, bw, 190, 82, st, count=2)

    tip = (glow[0] + 10, glow[1] + 2)
    cv.circle(tip[0], tip[1], 20, fill="#FFF3E4", opacity=0.6)
    draw_syringe(cv, tip, math.radians(-38), 560)
    return cv.finish()


# ---------------------------------------------------------------------------------------------
# 2b. Questions illustration: a patient and a clinician talking at a small table
# ---------------------------------------------------------------------------------------------

Q_FLOOR = 872.0
COAT_EDGE = "#B9CFD7"


class Seated:
    """A figure seated in profile. Parts are given in a local frame whose x axis points the way
    the figure faces (origin at the hip, y in image units), so one set of numbers serves both."""

    def __init__(self, ox: float, facing: int):
        self.ox, self.f = ox, facing

    def p(self, x: float, y: float) -> Pt:
        return (self.ox + self.f * x, y)

    def ps(self, pts: list[Pt]) -> list[Pt]:
        return [self.p(x, y) for x, y in pts]


def draw_profile_head(
    cv: Canvas, fig: Seated, cx: float, cy: float, r: float, skin: str, hair: str, style: str
) -> None:
    """A round head in profile: a small nose, a hair cap over the crown and back, an ear."""
    nose = [(0.78, -0.10), (1.13, 0.20), (0.84, 0.30)]
    cv.poly(fig.ps(closed_smooth([(cx + r * x, cy + r * y) for x, y in nose], 8)), fill=skin)
    cv.poly(fig.ps(ellipse_pts(cx, cy, r, r, 90)), fill=skin)
    if style == "bun":
        a0, a1 = 1.15, math.pi + 1.05
        hairline = [(-0.50, 0.86), (-0.40, 0.40), (-0.22, 0.0), (0.05, -0.45), (0.40, -0.86)]
    else:
        a0, a1 = 0.9, math.pi + 0.42
        hairline = [(-0.93, 0.40), (-0.42, 0.30), (-0.22, -0.08), (0.10, -0.40), (0.62, -0.78)]
    # the cap sits a little proud of the skin, from the forehead over the crown to the nape
    arc = [
        (cx + 1.05 * r * math.cos(a), cy - 1.05 * r * math.sin(a))
        for a in (a0 + (a1 - a0) * k / 40 for k in range(41))
    ]
    inner = catmull_rom([(cx + r * x, cy + r * y) for x, y in hairline], 8)
    cv.poly(fig.ps(arc + inner), fill=hair)
    if style == "bun":
        bun = ellipse_pts(cx - r * 0.98, cy - r * 0.22, r * 0.36, r * 0.34, 40)
        cv.poly(fig.ps(bun), fill=hair)
    ear = ellipse_pts(cx - r * 0.12, cy + r * 0.14, r * 0.14, r * 0.2, 30)
    cv.poly(fig.ps(ear), fill=mix(skin, "#7A4A33", 0.22))


def draw_sleeve(
    cv: Canvas, fig: Seated, pts: list[Pt], fill: str, width: float, edge: str | None = None
) -> None:
    if edge:
        cv.line(fig.ps(pts), edge, width + 5)
    cv.line(fig.ps(pts), fill, width)


def draw_seated_body(
    cv: Canvas,
    fig: Seated,
    trousers: str,
    trousers_far: str,
    shoe: str,
    top: str,
    skin: str,
    coat: bool = False,
    shade: str | None = None,
) -> None:
    """Legs, neck and torso of a seated figure (arms and head are drawn by the caller)."""
    # far leg, a shade darker, then the near leg: thigh and seat as one shape, then the shin
    cv.line(fig.ps([(-8, 636), (170, 634), (160, 848)]), trousers_far, 48)
    cv.poly(fig.ps(local(rounded_box(74, 28, 13), 178, 858, 0)), fill=shoe)
    thigh = [(-36, 612), (-40, 652), (-18, 670), (120, 668), (196, 664), (210, 640), (196, 612)]
    cv.line(fig.ps([(184, 640), (178, 852)]), trousers, 50)
    cv.poly(fig.ps(closed_smooth([*thigh, (80, 608)], 10)), fill=trousers)
    cv.poly(fig.ps(local(rounded_box(78, 30, 14), 198, 862, 0)), fill=shoe)
    cv.line(fig.ps([(26, 446), (30, 394)]), skin, 40)
    if coat:
        # a white coat, long enough to fall over the top of the thigh
        torso = [(-34, 668), (-44, 580), (-32, 474), (-6, 432), (50, 424), (84, 466), (94, 556)]
        torso += [(102, 620), (114, 668)]
        cv.poly(fig.ps(closed_smooth(torso, 10)), fill=top, outline=COAT_EDGE, width=2.5)
        return
    torso = [(-30, 664), (-42, 580), (-30, 474), (-4, 432), (52, 424), (84, 466), (92, 560)]
    cv.poly(fig.ps(closed_smooth([*torso, (90, 658)], 10)), fill=top)
    if shade:
        back = [(-40, 600), (-36, 500), (-14, 446), (-2, 446), (-18, 500), (-24, 600)]
        cv.poly(fig.ps(closed_smooth([*back, (-18, 660), (-30, 660)], 8)), fill=shade)
        neckline = [(8, 436), (30, 448), (52, 434), (30, 440)]
        cv.poly(fig.ps(closed_smooth(neckline, 6)), fill=shade)


def draw_open_hand(cv: Canvas, fig: Seated, x: float, y: float, skin: str) -> None:
    """An open hand, palm up, fingers pointing forward: the gesture of explaining."""
    palm = [(-12, -8), (10, -10), (30, -14), (34, -8), (22, 2), (0, 8), (-12, 6)]
    cv.poly(fig.ps(closed_smooth([(x + px, y + py) for px, py in palm], 8)), fill=skin)
    cv.poly(fig.ps(ellipse_pts(x + 6, y - 14, 10, 5, 30, -0.9)), fill=skin)


def draw_clipboard(cv: Canvas, cx: float, cy: float, ang: float) -> None:
    """A clipboard with a checklist: four tick boxes, the first two ticked in orange."""
    w, h = 124, 164
    c, s = math.cos(ang), math.sin(ang)

    def at(x: float, y: float) -> Pt:
        return (cx + x * c - y * s, cy + x * s + y * c)

    board = local(rounded_box(w, h, 10), cx, cy, ang)
    cv.shadow(board, "#587F8F", 8, 0.22, 3, 6)
    cv.poly(board, fill="#2C6E85")
    cv.poly(local(rounded_box(w - 20, h - 30, 4), *at(0, 6), ang), fill="#FFFFFF")
    cv.poly(local(rounded_box(50, 18, 6), *at(0, -h / 2 + 8), ang), fill="#8FB0BC")
    cv.poly(local(rounded_box(26, 8, 4), *at(0, -h / 2 + 3), ang), fill="#5F7C87")
    for i in range(4):
        y = -38 + i * 34
        box = local(rounded_box(20, 20, 4), *at(-30, y), ang)
        cv.poly(box, fill="#FFFFFF", outline="#8FB0BC", width=2.5)
        cv.line([at(-10, y - 4), at(38, y - 4)], "#C3D9E0", 4)
        cv.line([at(-10, y + 5), at(22, y + 5)], "#DCE9EE", 4)
        if i < 2:
            cv.line([at(-37, y), at(-31, y + 7), at(-18, y - 10)], "#E07A2F", 4.5)


def draw_bubble(
    cv: Canvas, cx: float, cy: float, w: float, h: float, tail: Pt, fill: str, dots: str
) -> None:
    """A speech bubble with three dots; tail is the tip's offset from the centre."""
    box = local(rounded_box(w, h, h / 2), cx, cy, 0)
    base = cx + tail[0] * 0.25
    tip = [(base - 12, cy + h / 2 - 6), (cx + tail[0], cy + tail[1]), (base + 14, cy + h / 2 - 6)]
    if fill == "#FFFFFF":
        cv.shadow(box + tip, "#6F98A8", 12, 0.18, 0, 8)
    cv.poly(box, fill=fill)
    cv.poly(tip, fill=fill)
    for i in range(3):
        cv.circle(cx + (i - 1) * 24, cy, 7, fill=dots)


def draw_plant(cv: Canvas, x: float) -> None:
    by = Q_FLOOR - 110
    leaves = (
        (-1.9, 190, TEAL),
        (-1.35, 230, "#5FA7A0"),
        (-1.05, 170, TEAL),
        (-2.25, 150, "#5FA7A0"),
        (-1.6, 260, TEAL),
        (-0.8, 130, "#5FA7A0"),
    )
    for ang, length, colour in leaves:
        mx, my = x + length / 2 * math.cos(ang), by + length / 2 * math.sin(ang)
        cv.poly(ellipse_pts(mx, my, length / 2, length * 0.12, 50, ang), fill=colour)
    pot = [(x - 52, Q_FLOOR - 120), (x + 52, Q_FLOOR - 120), (x + 40, Q_FLOOR), (x - 40, Q_FLOOR)]
    cv.poly(pot, fill="#C9DCE3")
    cv.poly(local(rounded_box(116, 18, 6), x, Q_FLOOR - 120, 0), fill="#B4CCD5")


def draw_questions() -> Image.Image:
    W, H = 1500, 1000
    cv = Canvas(W, H, "#F0F6F8")
    cv.gradient_poly([(0, 0), (W, 0), (W, H), (0, H)], "#F5F9FB", "#E3EEF2", (0, 0), (0, H))
    soft_blob(cv, 750, 540, 450, "#DCEBF0", seed=31, wobble=0.05)
    soft_blob(cv, 150, 880, 260, "#E0EFEB", seed=33, wobble=0.06)
    soft_blob(cv, 1390, 140, 200, "#E3EFF3", seed=35, wobble=0.06)
    cv.circle(750, 540, 505, outline="#D3E5EA", width=2.5)
    dot_grid(cv, 90, 90, 6, 5, 30, 3.6, "#C2DAE1")
    dot_grid(cv, 1270, 330, 5, 5, 30, 3.6, "#C2DAE1")
    cv.poly(ellipse_pts(760, Q_FLOOR + 6, 600, 22, 120), fill="#D3E4EA")
    draw_plant(cv, 1340)

    # two chairs facing each other, and the table's pedestal
    for ox, facing in ((390, 1), (1110, -1)):
        fig = Seated(ox, facing)
        cv.line(fig.ps([(-52, 676), (-62, Q_FLOOR)]), "#5A8A9D", 11)
        cv.line(fig.ps([(108, 676), (118, Q_FLOOR)]), "#5A8A9D", 11)
        back = [(-52, 672), (-70, 560), (-92, 440), (-70, 432), (-50, 560), (-36, 672)]
        cv.poly(fig.ps(closed_smooth(back, 8)), fill="#6F9FB1")
        cv.poly(fig.ps(local(rounded_box(196, 22, 10), 30, 680, 0)), fill="#6F9FB1")
    cv.poly(ellipse_pts(750, Q_FLOOR - 2, 96, 12, 60), fill="#8FB0BC")
    cv.line([(750, 560), (750, Q_FLOOR - 8)], "#A9C2CC", 24)

    # the patient (left, facing right): orange top; the far arm holds the clipboard
    pat, skin_a = Seated(390, 1), "#EDBE9C"
    draw_sleeve(cv, pat, [(36, 460), (66, 548), (140, 512)], "#C7651F", 32)
    draw_seated_body(cv, pat, "#2F5F73", "#264E5F", "#22404C", "#E07A2F", skin_a, shade="#D06A24")
    draw_profile_head(cv, pat, 40, 356, 48, skin_a, "#3B3A48", "bun")

    # the clinician (right, facing left): white coat over teal scrubs, stethoscope
    doc, skin_b = Seated(1110, -1), "#B57A58"
    draw_seated_body(cv, doc, "#3A5563", "#30495A", "#1E3640", "#FFFFFF", skin_b, coat=True)
    cv.poly(doc.ps(closed_smooth([(28, 430), (60, 426), (74, 446), (52, 482)], 6)), fill=TEAL)
    cv.line(doc.ps([(66, 434), (54, 492), (66, 560), (78, 610)]), COAT_EDGE, 2.5)
    tube = catmull_rom([(18, 430), (40, 470), (62, 500), (70, 520)], 10)
    cv.line(doc.ps(tube), "#3F7A90", 5)
    cv.circle(*doc.p(70, 526), 9, fill="#3F7A90")
    cv.circle(*doc.p(70, 526), 4, fill="#A9C2CC")
    draw_profile_head(cv, doc, 40, 356, 48, skin_b, "#2A2A33", "short")

    # table top (over the knees, under the forearms) and a mug
    cv.poly(local(rounded_box(410, 22, 11), 750, 548, 0), fill="#FFFFFF")
    cv.poly(local(rounded_box(396, 8, 4), 750, 561, 0), fill="#C3D9E0")
    cv.poly(local(rounded_box(36, 44, 6), 870, 515, 0), fill="#5FA7A0")
    cv.circle(890, 512, 12, outline="#5FA7A0", width=6)

    # the checklist, the patient's far hand on its edge, the near hand with the pen
    draw_clipboard(cv, 572, 462, -0.10)
    cv.poly(pat.ps(ellipse_pts(140, 510, 18, 14, 40)), fill=skin_a)
    draw_sleeve(cv, pat, [(28, 462), (56, 552), (166, 502)], "#E07A2F", 34)
    cv.poly(pat.ps(ellipse_pts(172, 496, 18, 14, 40)), fill=skin_a)
    cv.line([pat.p(170, 500), pat.p(206, 458)], TEAL_DEEP, 6)

    # the clinician's near arm, hand open towards the patient
    draw_sleeve(cv, doc, [(12, 462), (26, 556), (128, 512)], "#FFFFFF", 34, COAT_EDGE)
    draw_open_hand(cv, doc, 140, 505, skin_b)

    # the conversation
    draw_bubble(cv, 880, 230, 150, 76, (70, 80), "#FFFFFF", TEAL)
    draw_bubble(cv, 640, 270, 120, 64, (-60, 70), "#C9E0E7", "#FFFFFF")
    return cv.finish()


# ---------------------------------------------------------------------------------------------
# SVG writing
# ---------------------------------------------------------------------------------------------


def fmt(v: object) -> str:
    if isinstance(v, float):
        s = f"{v:.2f}".rstrip("0").rstrip(".")
        return "0" if s == "-0" else s
    return str(v)


class Svg:
    """A tiny SVG writer: basic elements and presentation attributes only (no CSS)."""

    def __init__(self, w: int, h: int, title: str, desc: str = ""):
        self.w, self.h = w, h
        self.lines: list[str] = []
        self.depth = 1
        self.title, self.desc = title, desc

    def _attrs(self, attrs: dict[str, object]) -> str:
        out = []
        for k, v in attrs.items():
            if v is None:
                continue
            out.append(
                f'{k.rstrip("_").replace("_", "-")}="{xml_escape(fmt(v), {chr(34): "&quot;"})}"'
            )
        return " ".join(out)

    def comment(self, text: str) -> None:
        self.lines.append("  " * self.depth + f"<!-- {text} -->")

    def el(self, tag: str, **attrs: object) -> None:
        self.lines.append("  " * self.depth + f"<{tag} {self._attrs(attrs)}/>")

    def open(self, tag: str, **attrs: object) -> None:
        a = self._attrs(attrs)
        self.lines.append("  " * self.depth + (f"<{tag} {a}>" if a else f"<{tag}>"))
        self.depth += 1

    def close(self, tag: str) -> None:
        self.depth -= 1
        self.lines.append("  " * self.depth + f"</{tag}>")

    def text(self, x: float, y: float, s: str, **attrs: object) -> None:
        a = self._attrs({"x": x, "y": y, **attrs})
        self.lines.append("  " * self.depth + f"<text {a}>{xml_escape(s)}</text>")

    def render(self) -> str:
        head = (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{self.w}" height="{self.h}" '
            f'viewBox="0 0 {self.w} {self.h}">\n'
            f"  <title>{xml_escape(self.title)}</title>\n"
        )
        if self.desc:
            head += f"  <desc>{xml_escape(self.desc)}</desc>\n"
        return head + "\n".join(self.lines) + "\n</svg>\n"

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(self.render(), encoding="utf-8", newline="\n")


def path_d(*cmds: object) -> str:
    return " ".join(fmt(float(c)) if isinstance(c, (int, float)) else str(c) for c in cmds)


def polyline_d(pts: list[Pt]) -> str:
    return path_d("M", *pts[0], *[c for p in pts[1:] for c in ("L", *p)])


_font_cache: dict[tuple[str, float], ImageFont.FreeTypeFont] = {}


def text_width(s: str, size: float, bold: bool = False, family: str = "NotoSans") -> float:
    """Advance width of s in SVG user units, measured with the project's own font files."""
    name = f"{family}-Bold.ttf" if bold else f"{family}-Regular.ttf"
    key = (name, size)
    if key not in _font_cache:
        _font_cache[key] = ImageFont.truetype(str(ASSETS / "fonts" / family / name), size * 10)
    return _font_cache[key].getlength(s) / 10


# ---------------------------------------------------------------------------------------------
# 3. Disc diagram (vector)
# ---------------------------------------------------------------------------------------------

FONT = "Noto Sans"
D_INK = "#1F2328"
D_MUTED = "#4B5A61"
D_LINE = "#5F7C87"
D_BONE_EDGE = "#4F869B"

# Every word printed in the disc diagram, per locale; the drawing code is shared.
DISC_LABELS: dict[str, dict[str, str]] = {
    "en": {
        "title": "Healthy disc compared with a worn disc",
        "desc": "Two side-by-side cut-away drawings of a spinal disc between two vertebrae. "
        "Left: a healthy disc, tall, with a plump soft center. Right: a worn disc, "
        "thinner, with a drier, darker center, cracks in the outer ring and small bone "
        "spurs on the vertebrae.",
        "healthy": "Healthy disc",
        "worn": "Worn disc",
        "vertebra": "Vertebra",
        "nucleus": "Nucleus pulposus",
        "nucleus_note": "(soft center)",
        "annulus": "Annulus fibrosus",
        "annulus_note": "(tough outer ring)",
        "healthy_caption": "Tall disc with a plump, water-rich center",
        "worn_caption": "Thinner, drier disc with cracks and bone spurs",
    },
    "es": {
        "title": "Disco sano comparado con un disco desgastado",
        "desc": "Dos dibujos en corte, uno al lado del otro, de un disco de la columna entre "
        "dos vértebras. A la izquierda: un disco sano, alto, con un centro blando y lleno. "
        "A la derecha: un disco desgastado, más delgado, con un centro más seco y más "
        "oscuro, grietas en el anillo exterior y pequeñas puntas de hueso en las vértebras.",
        "healthy": "Disco sano",
        "worn": "Disco desgastado",
        "vertebra": "Vértebra",
        "nucleus": "Núcleo pulposo",
        "nucleus_note": "(centro blando)",
        "annulus": "Anillo fibroso",
        "annulus_note": "(anillo exterior resistente)",
        "healthy_caption": "Disco alto, con un centro lleno de agua",
        "worn_caption": "Disco más delgado y seco, con grietas y puntas de hueso",
    },
}


def body_path(x0: float, y0: float, x1: float, y1: float, r: float, waist: float) -> str:
    """Rounded box whose side walls curve gently inwards, like a vertebral body."""
    h = y1 - y0
    return path_d(
        "M",
        x0 + r,
        y0,
        "H",
        x1 - r,
        "Q",
        x1,
        y0,
        x1,
        y0 + r,
        "C",
        x1 - waist,
        y0 + 0.35 * h,
        x1 - waist,
        y1 - 0.35 * h,
        x1,
        y1 - r,
        "Q",
        x1,
        y1,
        x1 - r,
        y1,
        "H",
        x0 + r,
        "Q",
        x0,
        y1,
        x0,
        y1 - r,
        "C",
        x0 + waist,
        y1 - 0.35 * h,
        x0 + waist,
        y0 + 0.35 * h,
        x0,
        y0 + r,
        "Q",
        x0,
        y0,
        x0 + r,
        y0,
        "Z",
    )


def svg_vertebra(
    svg: Svg, cx: float, y0: float, y1: float, w: float, seed: int, spurs: str | None = None
) -> None:
    """Vertebral body cut lengthwise: hard outer shell, spongy inside; optional bone spurs
    on the corners next to the disc ("top" or "bottom")."""
    x0, x1 = cx - w / 2, cx + w / 2
    if spurs:
        ys, sy = (y1, -1) if spurs == "bottom" else (y0, 1)
        # beak-shaped outgrowths on the front (left) and back (right) corners
        for xc, sx, size in ((x0, -1, 1.0), (x1, 1, 0.7)):
            p = [
                (xc - sx * 2, ys + sy * 22 * size),  # on the side wall
                (xc + sx * 8 * size, ys + sy * 9 * size),
                (xc + sx * 13 * size, ys - sy * 3 * size),  # tip, reaching towards the disc
                (xc + sx * 2, ys + sy * 2),
                (xc - sx * 8, ys + sy * 1),
            ]
            svg.el(
                "path",
                d=path_d("M", *p[0], "Q", *p[1], *p[2], "Q", *p[3], *p[4], "Z"),
                fill="#FFFFFF",
                stroke=D_BONE_EDGE,
                stroke_width=1.8,
                stroke_linejoin="round",
            )
    svg.el(
        "path",
        d=body_path(x0, y0, x1, y1, 10, 4),
        fill="#FFFFFF",
        stroke=D_BONE_EDGE,
        stroke_width=1.8,
    )
    i = 5.5
    svg.el("path", d=body_path(x0 + i, y0 + i, x1 - i, y1 - i, 6, 4), fill="#E7F1F4")
    rnd = random.Random(seed)
    for _ in range(28):
        x = rnd.uniform(x0 + 14, x1 - 14)
        y = rnd.uniform(y0 + 12, y1 - 12)
        svg.el(
            "ellipse",
            cx=round(x, 1),
            cy=round(y, 1),
            rx=round(rnd.uniform(1.6, 3.4), 1),
            ry=round(rnd.uniform(1.2, 2.4), 1),
            fill="#CFE2E8",
        )


def svg_label(
    svg: Svg, pts: list[Pt], x: float, y: float, term: str, note: str | None = None
) -> tuple[float, float, float, float]:
    """Leader line from an anchor dot to a two-line label; returns the label box."""
    ax, ay = pts[0]
    svg.el(
        "path",
        d=polyline_d(pts),
        fill="none",
        stroke=D_LINE,
        stroke_width=1.1,
        stroke_linejoin="round",
    )
    svg.el("circle", cx=ax, cy=ay, r=2.8, fill=TEAL_DEEP, stroke="#FFFFFF", stroke_width=1)
    size, small = 12.5, 11.0
    if note:
        svg.text(x, y - 2, term, font_family=FONT, font_size=size, font_weight="bold", fill=D_INK)
        svg.text(x, y + 12.5, note, font_family=FONT, font_size=small, fill=D_MUTED)
        w = max(text_width(term, size, True), text_width(note, small))
        return x, y - 2 - size, x + w, y + 12.5 + 3
    svg.text(x, y + 4.5, term, font_family=FONT, font_size=size, font_weight="bold", fill=D_INK)
    return x, y + 4.5 - size, x + text_width(term, size, True), y + 4.5 + 3


def draw_disc_diagram(locale: str = "en") -> Svg:
    labels = DISC_LABELS[locale]
    svg = Svg(720, 360, labels["title"], labels["desc"])
    boxes = []
    for panel, ox in (("healthy", 0.0), ("worn", 364.0)):
        healthy = panel == "healthy"
        svg.comment("Healthy disc" if healthy else "Worn disc")
        svg.open("g")
        svg.el("rect", x=ox + 6, y=6, width=344, height=348, rx=12, fill="#F3F8F9")
        title = labels[panel]
        svg.text(
            ox + 24,
            38,
            title,
            font_family=FONT,
            font_size=18,
            font_weight="bold",
            fill=TEAL_DEEP if healthy else "#9A4416",
        )
        cx, bw = ox + 100, 140
        mid = 176
        dh = 48 if healthy else 22
        top0, top1 = mid - dh / 2 - 88, mid - dh / 2
        bot0, bot1 = mid + dh / 2, mid + dh / 2 + 88
        # disc first, so the bones overlap its edges a little
        x0, x1 = cx - bw / 2 - (4 if healthy else 7), cx + bw / 2 + (4 if healthy else 7)
        y0, y1 = top1 - 2, bot0 + 2
        k = 16 if healthy else 9
        disc = path_d(
            "M",
            x0 + k,
            y0,
            "H",
            x1 - k,
            "C",
            x1 + 5,
            y0,
            x1 + 5,
            y1,
            x1 - k,
            y1,
            "H",
            x0 + k,
            "C",
            x0 - 5,
            y1,
            x0 - 5,
            y0,
            x0 + k,
            y0,
            "Z",
        )
        if healthy:
            svg.el("path", d=disc, fill="#F4B27A", stroke="#C8692B", stroke_width=1.5)
            for i in range(3):
                off = 14 + 11 * i
                for side in (-1, 1):
                    xa = cx + side * (bw / 2 + 2 - off)
                    bulge = side * 7
                    svg.el(
                        "path",
                        d=path_d(
                            "M",
                            xa,
                            y0 + 4,
                            "C",
                            xa + bulge,
                            y0 + 16,
                            xa + bulge,
                            y1 - 16,
                            xa,
                            y1 - 4,
                        ),
                        fill="none",
                        stroke="#E08A47",
                        stroke_width=1.2,
                    )
            svg.el(
                "ellipse",
                cx=cx - 2,
                cy=mid,
                rx=34,
                ry=15,
                fill="#FCE6CB",
                stroke="#E9A467",
                stroke_width=1.2,
            )
            svg.el(
                "ellipse", cx=cx - 12, cy=mid - 5, rx=12, ry=4.2, fill="#FFFFFF", fill_opacity=0.75
            )
        else:
            svg.el("path", d=disc, fill="#D9A06D", stroke="#A65C29", stroke_width=1.5)
            for side in (-1, 1):
                xa = cx + side * (bw / 2 - 12)
                svg.el(
                    "path",
                    d=path_d(
                        "M",
                        xa,
                        y0 + 4,
                        "C",
                        xa + side * 4,
                        y0 + 9,
                        xa + side * 4,
                        y1 - 9,
                        xa,
                        y1 - 4,
                    ),
                    fill="none",
                    stroke="#C4804A",
                    stroke_width=1.1,
                )
            # drier, flattened, darker nucleus
            nd = path_d(
                "M",
                cx - 24,
                mid + 1,
                "C",
                cx - 20,
                mid - 6,
                cx - 4,
                mid - 5,
                cx + 4,
                mid - 3,
                "C",
                cx + 14,
                mid - 6,
                cx + 22,
                mid - 2,
                cx + 20,
                mid + 2,
                "C",
                cx + 12,
                mid + 6,
                cx - 16,
                mid + 6,
                cx - 24,
                mid + 1,
                "Z",
            )
            svg.el("path", d=nd, fill="#9A6B47", stroke="#7A4E2E", stroke_width=1)
            # cracks (tears) running in from the outer ring
            for crack in (
                [(x1 + 1, mid - 6), (x1 - 9, mid - 3), (x1 - 16, mid - 7), (x1 - 25, mid - 4)],
                [(x0 - 1, mid + 3), (x0 + 9, mid - 1), (x0 + 17, mid + 3), (x0 + 24, mid)],
            ):
                svg.el(
                    "path",
                    d=polyline_d(crack),
                    fill="none",
                    stroke="#5E2F12",
                    stroke_width=1.4,
                    stroke_linejoin="round",
                    stroke_linecap="round",
                )
        svg_vertebra(
            svg, cx, top0, top1, bw, seed=1 if healthy else 3, spurs=None if healthy else "bottom"
        )
        svg_vertebra(
            svg, cx, bot0, bot1, bw, seed=2 if healthy else 4, spurs=None if healthy else "top"
        )

        lx = ox + 204
        ex = cx + bw / 2 + 12
        boxes.append(
            svg_label(
                svg, [(cx + 34, top0 + 30), (lx - 6, top0 + 30)], lx, top0 + 30, labels["vertebra"]
            )
        )
        ny = mid - 2 if healthy else mid + 1
        boxes.append(
            svg_label(
                svg,
                [(cx + 14, ny), (lx - 6, ny)],
                lx,
                ny,
                labels["nucleus"],
                labels["nucleus_note"],
            )
        )
        ay = mid + (12 if healthy else 7)
        axx = cx + bw / 2 - (14 if healthy else 6)
        boxes.append(
            svg_label(
                svg,
                [(axx, ay), (ex, ay), (lx - 16, 246), (lx - 6, 246)],
                lx,
                246,
                labels["annulus"],
                labels["annulus_note"],
            )
        )
        caption = labels[f"{panel}_caption"]
        svg.text(
            ox + 24, 336, caption, font_family=FONT, font_size=12, fill=D_MUTED, font_style="italic"
        )
        boxes.append((ox + 24, 324, ox + 24 + text_width(caption, 12), 339))
        svg.close("g")
    for bx0, _, bx1, _ in boxes:
        panel_right = 350 if bx0 < 360 else 714
        assert bx1 <= panel_right - 4, (bx0, bx1)
    return svg


# ---------------------------------------------------------------------------------------------
# 4. Logos
# ---------------------------------------------------------------------------------------------


def draw_northgate() -> Svg:
    teal, orange = "#1B5E7A", "#E07A2F"
    svg = Svg(
        360,
        100,
        "Northgate Spine & Pain Centre",
        "Logo: a gateway arch holding four stacked vertebrae with orange discs, "
        "beside the words Northgate, Spine & Pain Centre.",
    )
    svg.comment("mark: an arched gateway with a short stack of vertebrae")
    x0, x1, top, bottom, r = 10.0, 88.0, 8.0, 92.0, 8.0
    mid = (x0 + x1) / 2
    rad = (x1 - x0) / 2
    svg.el(
        "path",
        d=path_d(
            "M",
            x0,
            top + rad,
            "A",
            rad,
            rad,
            0,
            0,
            1,
            x1,
            top + rad,
            "V",
            bottom - r,
            "Q",
            x1,
            bottom,
            x1 - r,
            bottom,
            "H",
            x0 + r,
            "Q",
            x0,
            bottom,
            x0,
            bottom - r,
            "Z",
        ),
        fill=teal,
    )
    # vertebrae (white) and discs (orange), with a slight natural curve
    pills = [
        (mid + 2.0, 27.0, 26.0, 10.0),
        (mid, 43.0, 32.0, 11.0),
        (mid - 1.5, 60.0, 38.0, 12.0),
        (mid + 0.5, 78.0, 44.0, 13.0),
    ]
    for i, (cx, cy, w, h) in enumerate(pills):
        svg.el("rect", x=cx - w / 2, y=cy - h / 2, width=w, height=h, rx=h * 0.38, fill="#FFFFFF")
        if i < len(pills) - 1:
            nx, ny, nw, nh = pills[i + 1]
            dw = min(w, nw) - 4
            dy = (cy + h / 2 + ny - nh / 2) / 2
            svg.el(
                "rect",
                x=(cx + nx) / 2 - dw / 2,
                y=dy - 2.2,
                width=dw,
                height=4.4,
                rx=2.2,
                fill=orange,
            )
    svg.comment("wordmark")
    svg.text(
        104, 55, "Northgate", font_family="Noto Serif", font_size=40, font_weight="bold", fill=teal
    )
    svg.el("rect", x=106, y=69.5, width=22, height=3.2, rx=1.6, fill=orange)
    svg.text(
        136, 77, "Spine & Pain Centre", font_family="Noto Sans", font_size=17.5, fill="#3F6675"
    )
    assert 136 + text_width("Spine & Pain Centre", 17.5) < 356
    assert 104 + text_width("Northgate", 40, True, "NotoSerif") < 356
    return svg


def draw_lakeshore() -> Svg:
    plum, gold = "#6A2C5B", "#D4A03A"
    svg = Svg(
        360,
        100,
        "Lakeshore Orthopaedic Institute",
        "Logo: a plum circle with a gold sun rising over water, beside the words "
        "Lakeshore, Orthopaedic Institute.",
    )
    svg.comment("mark: sun over water")
    cx, cy, r = 50.0, 50.0, 42.0
    svg.el("circle", cx=cx, cy=cy, r=r, fill=plum)
    hz = 58.0
    svg.el("path", d=path_d("M", cx - 19, hz, "A", 19, 19, 0, 0, 1, cx + 19, hz, "Z"), fill=gold)
    for i, a in enumerate((0, 20, 40, -20, -40)):
        t = math.radians(-90 + a)
        r0, r1 = 24, 30 if i == 0 else 28
        svg.el(
            "line",
            x1=cx + r0 * math.cos(t),
            y1=hz - 1 + r0 * math.sin(t),
            x2=cx + r1 * math.cos(t),
            y2=hz - 1 + r1 * math.sin(t),
            stroke=gold,
            stroke_width=3,
            stroke_linecap="round",
        )
    for i, (y, half) in enumerate(((hz + 6.5, 29.0), (hz + 14.5, 24.0), (hz + 22.5, 15.0))):
        x0, x1 = cx - half, cx + half
        n = 4 if i < 2 else 2
        step = (x1 - x0) / n
        parts = ["M", x0, y]
        for k in range(n):
            xa = x0 + step * k
            parts += [
                "Q",
                xa + step / 4,
                y - 2.6,
                xa + step / 2,
                y,
                "Q",
                xa + 3 * step / 4,
                y + 2.6,
                xa + step,
                y,
            ]
        svg.el(
            "path",
            d=path_d(*parts),
            fill="none",
            stroke="#FFFFFF" if i else gold,
            stroke_width=3,
            stroke_linecap="round",
            stroke_linejoin="round",
            stroke_opacity=1 if i else 0.9,
        )
    svg.comment("wordmark")
    svg.text(
        106, 55, "Lakeshore", font_family="Noto Serif", font_size=39, font_weight="bold", fill=plum
    )
    svg.text(
        107, 79, "Orthopaedic Institute", font_family="Noto Sans", font_size=17.5, fill="#5E4A5A"
    )
    assert 107 + text_width("Orthopaedic Institute", 17.5) < 356
    assert 106 + text_width("Lakeshore", 39, True, "NotoSerif") < 356
    return svg


def draw_riverside() -> Image.Image:
    W, H = 1200, 340
    cv = Canvas(W, H)
    green, mid_green, light = "#2F6B3F", "#4E9160", "#A9D3A0"
    cx, cy, r = 170.0, 170.0, 140.0
    mark = Canvas(W, H)
    mark.circle(cx, cy, r, fill="#E5F2E2")

    def band(y: float, thick: float, amp: float, phase: float) -> list[Pt]:
        """A flowing ribbon across the circle: a sine wave of the given thickness."""
        xs = [cx - r - 20 + k * (2 * r + 40) / 120 for k in range(121)]
        top = [(x, y + amp * math.sin((x - cx) / 50 + phase)) for x in xs]
        bottom = [
            (x, y + thick + amp * math.sin((x - cx) / 50 + phase - 0.3)) for x in reversed(xs)
        ]
        return top + bottom

    mark.poly(band(cy - 30, 34, 19, 0.9), fill=light)
    mark.poly(band(cy + 20, 38, 19, 0.5), fill=mid_green)
    mark.poly(band(cy + 74, 140, 19, 0.1), fill=green)
    clip_to_circle(mark, cx, cy, r - 1.5)
    cv.img.alpha_composite(mark.img)
    cv.circle(cx, cy, r, outline=green, width=5)

    d = ImageDraw.Draw(cv.img)
    bold = ImageFont.truetype(str(FONTS / "NotoSans-Bold.ttf"), 136 * SS)
    reg = ImageFont.truetype(str(FONTS / "NotoSans-Regular.ttf"), 60 * SS)
    tx = 352
    d.text((tx * SS, 168 * SS), "Riverside", font=bold, fill=rgb(green), anchor="ls")
    d.text(
        (tx * SS + 4 * SS, 250 * SS), "Community Health", font=reg, fill=rgb("#3E5A45"), anchor="ls"
    )
    assert tx + bold.getlength("Riverside") / SS < W - 10
    return cv.finish()


def main() -> None:
    save_png(draw_cover(), ASSETS / "images" / "cover.png")
    save_png(draw_injection(), ASSETS / "images" / "injection.png")
    save_png(draw_questions(), ASSETS / "images" / "questions.png")
    draw_disc_diagram().save(ASSETS / "images" / "disc-diagram.svg")
    draw_disc_diagram("es").save(ASSETS / "images" / "disc-diagram-es.svg")
    draw_northgate().save(ASSETS / "logos" / "northgate.svg")
    draw_lakeshore().save(ASSETS / "logos" / "lakeshore.svg")
    save_png(draw_riverside(), ASSETS / "logos" / "riverside.png")


if __name__ == "__main__":
    main()
