"""The press preflight (``brochure preflight --press``): what a print shop's PDF/X check rejects.

Run on top of the office rules, on files meant for a press (PDF/X-4, or PDF/X-1a when the
file says so). Each rule names the page and the object (``page content``, ``form /L``,
``image /Im3``, ``annotation 2``, ``catalog /OutputIntents``) and, for content streams, the
operator. Content streams are walked once, with the operations the office preflight already
read (``extract.read_pages``), and every image is decoded at most once per file.
"""

from __future__ import annotations

import io
import math
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from typing import Any

from PIL import Image, ImageChops, ImageCms, ImageMath
from pypdf import PdfReader
from pypdf.generic import NameObject

from .extract import IDENTITY, Matrix, Page, apply, mul
from .tokens import Operation, operations

PRESS_RULES = (
    "colour",
    "output-intent",
    "pdfx-metadata",
    "boxes",
    "annotation",
    "ink",
    "transparency",
)
INK_LIMIT = 3.0  # total area coverage, 300%: FOGRA39's (and most sheetfed shops') limit
NOISE = 0.001  # share of a picture's pixels allowed over the limit: JPEG ringing, not the art
REGISTRY = "http://www.color.org"
REGISTERED = ("FOGRA39", "CGATS TR 006", "CGATS TR 005")
VERSIONS = ("PDF/X-4", "PDF/X-1a:2003")
EPS = 0.01  # points: boxes are written to two decimals
PATHS = frozenset(b"S s f F f* B B* b b*".split())
TEXT = frozenset((b"Tj", b"TJ", b"'", b'"'))
PAINT = PATHS | TEXT | {b"Do", b"sh", b"INLINE IMAGE"}
FILLS = TEXT | {b"f", b"F", b"f*", b"B", b"B*", b"b", b"b*"}
STROKES = frozenset((b"S", b"s", b"B", b"B*", b"b", b"b*"))

Hit = tuple[int, float, float, str, str]  # page, x, y, rule, what
Box = tuple[float, float, float, float]  # x0, y0, x1, y1


def _get(obj: Any) -> Any:
    """The object itself, for pypdf's indirect references and plain values alike."""
    return obj.get_object() if hasattr(obj, "get_object") else obj


def _num(v: Any) -> str:
    return f"{float(v):g}"


def family(cs: Any, resources: Any, depth: int = 0) -> str:
    """A colour space's kind, named as a preflight report names it: ``DeviceRGB``,
    ``ICCBased CMYK``, ``Indexed on DeviceRGB``, ``Separation /Gold on DeviceCMYK``..."""
    cs = _get(cs)
    if depth > 8 or cs is None:
        return "unknown"
    if isinstance(cs, str):
        device = {"/RGB": "DeviceRGB", "/G": "DeviceGray", "/CMYK": "DeviceCMYK"}.get(cs, cs)
        if device in ("/DeviceRGB", "/DeviceGray", "/DeviceCMYK", "/Pattern"):
            return device[1:]
        if device in ("DeviceRGB", "DeviceGray", "DeviceCMYK"):
            return device
        named = (_get((resources or {}).get("/ColorSpace")) or {}).get(cs)
        return family(named, resources, depth + 1) if named is not None else f"unknown {cs}"
    if not isinstance(cs, list) or not cs:
        return "unknown"
    head = str(_get(cs[0]))
    if len(cs) == 1:
        return family(head, resources, depth + 1)
    if head == "/ICCBased":
        n = int(_get(cs[1]).get("/N", 0))
        return "ICCBased " + {1: "Gray", 3: "RGB", 4: "CMYK"}.get(n, f"N={n}")
    if head in ("/CalRGB", "/CalGray", "/Lab"):
        return head[1:]
    if head in ("/Indexed", "/I"):
        return "Indexed on " + family(cs[1], resources, depth + 1)
    if head == "/Separation" and len(cs) > 2:
        return f"Separation {_get(cs[1])} on " + family(cs[2], resources, depth + 1)
    if head == "/DeviceN" and len(cs) > 2:
        return "DeviceN on " + family(cs[2], resources, depth + 1)
    if head == "/Pattern":
        return "Pattern on " + family(cs[1], resources, depth + 1)
    return f"unknown {head}"


def bad_space(label: str, x1a: bool) -> bool:
    """RGB and Lab never print as the designer saw them; PDF/X-1a also refuses every
    calibrated (ICC, Cal) space: device CMYK, grey and spot colours only. An Indexed,
    Separation or DeviceN space is judged by the space it ends in (its base, its alternate)."""
    base = label.rsplit(" on ", 1)[-1]
    if base in ("DeviceRGB", "CalRGB", "Lab", "ICCBased RGB"):
        return True
    return x1a and base.startswith(("ICCBased", "Cal"))


def _cmyk(label: str) -> bool:
    return label in ("DeviceCMYK", "ICCBased CMYK")


@dataclass
class _Tally:
    """Findings of one kind in one object, counted: a page that sets RGB 64 times is one
    line (at the first place it paints), not 64."""

    x: float
    y: float
    what: str
    count: int = 1


@dataclass
class _State:
    """The part of the graphics state a form inherits from the stream that paints it."""

    ctm: Matrix = IDENTITY
    fill: str = "DeviceGray"
    stroke: str = "DeviceGray"
    ink: tuple[str | None, str | None] = (None, None)  # fill, stroke: what is over the limit


@dataclass
class _Checker:
    streams: dict[int, list[Operation]]
    limit: float
    x1a: bool
    tallies: dict[tuple[int, str, str], _Tally] = field(default_factory=dict)
    pictures: dict[int, tuple[float, float] | None] = field(default_factory=dict)
    patterns: set[tuple[int, int]] = field(default_factory=set)  # (page, pattern) walked
    bleed: Box = (-math.inf, -math.inf, math.inf, math.inf)  # the page's, while it is walked

    def add(self, page: int, rule: str, key: str, x: float, y: float, what: str) -> _Tally:
        tally = self.tallies.get((page, rule, key))
        if tally is None:
            tally = self.tallies[(page, rule, key)] = _Tally(x, y, what)
        else:
            tally.count += 1
        return tally

    def hits(self) -> list[Hit]:
        out = []
        for (page, rule, _key), t in self.tallies.items():
            more = f" (first of {t.count})" if t.count > 1 else ""
            out.append((page, t.x, t.y, rule, t.what + more))
        return out

    def ops(self, stream: Any) -> list[Operation]:
        """A form's operations, read once per file (the office walk reads the same forms)."""
        key = id(stream)
        if key not in self.streams:
            self.streams[key] = operations(stream.get_data())
        return self.streams[key]

    # -- content streams ------------------------------------------------------------------

    def walk(
        self,
        ops: list[Operation],
        resources: Any,
        obj: str,
        page: int,
        state: _State,
        depth: int = 0,
    ) -> None:
        """Every colour an operator sets, every picture, shading, pattern and form painted,
        and (for PDF/X-1a) every graphics state that makes something transparent."""
        res = _get(resources) or {}
        ctm, fill, stroke, ink = state.ctm, state.fill, state.stroke, state.ink
        stack: list[tuple[Matrix, str, str, tuple[str | None, str | None]]] = []
        waiting: list[_Tally] = []  # found before anything was painted: located at the paint
        path: Box | None = None  # the current path's extent on the page
        tm = lm = IDENTITY
        tl = 0.0

        def tally(rule: str, key: str, what: str) -> None:
            x, y = apply(ctm, 0, 0)
            t = self.add(page, rule, f"{obj}|{key}", x, y, what)
            if t.count == 1:
                waiting.append(t)

        for operands, op in ops:
            if op in PAINT:  # where whatever was found since the last paint shows
                if op in TEXT:
                    x, y = apply(mul(tm, ctm), 0, 0)
                    painted = (x, y, x, y)
                elif path is not None and op in PATHS:
                    painted = path
                else:  # a picture or form: its unit square; a shading: wherever it is clipped
                    painted = _extent([apply(ctm, u, v) for u in (0, 1) for v in (0, 1)])
                for over in (ink[0] if op in FILLS else None, ink[1] if op in STROKES else None):
                    if over is not None and _overlaps(painted, self.bleed):
                        tally("ink", over, over)  # crop marks in the slug are cut off
            if op == b"q":
                stack.append((ctm, fill, stroke, ink))
            elif op == b"Q" and stack:
                ctm, fill, stroke, ink = stack.pop()
            elif op == b"cm" and len(operands) == 6:
                ctm = mul(tuple(float(v) for v in operands), ctm)  # type: ignore[arg-type]
            elif op in (b"m", b"l", b"c", b"v", b"y", b"re"):
                vals = [float(v) for v in operands]
                if op == b"re" and len(vals) == 4:
                    vals[2:] = [vals[0] + vals[2], vals[1] + vals[3]]
                pts = [apply(ctm, vals[i], vals[i + 1]) for i in range(0, len(vals) - 1, 2)]
                if pts:
                    path = _extent(pts if path is None else [*pts, path[:2], path[2:]])
            elif op in PATHS or op == b"n":
                path = None
            elif op == b"BT":
                tm = lm = IDENTITY
            elif op == b"Tm" and len(operands) == 6:
                tm = lm = tuple(float(v) for v in operands)  # type: ignore[assignment]
            elif op in (b"Td", b"TD") and len(operands) == 2:
                if op == b"TD":
                    tl = -float(operands[1])
                tm = lm = mul((1, 0, 0, 1, float(operands[0]), float(operands[1])), lm)
            elif op == b"TL" and operands:
                tl = float(operands[0])
            elif op in (b"T*", b"'", b'"'):
                tm = lm = mul((1, 0, 0, 1, 0, -tl), lm)
            elif op in (b"rg", b"RG", b"k", b"K", b"g", b"G"):
                side = "fill" if op.islower() else "stroke"
                label = {b"r": "DeviceRGB", b"k": "DeviceCMYK", b"g": "DeviceGray"}[op[:1].lower()]
                fill, stroke = (label, stroke) if side == "fill" else (fill, label)
                over = self.colour(tally, obj, op, label, side, operands)
                ink = (over, ink[1]) if side == "fill" else (ink[0], over)
            elif op in (b"cs", b"CS") and operands:
                label = family(operands[0], res)
                if op == b"cs":
                    fill, ink = label, (None, ink[1])
                else:
                    stroke, ink = label, (ink[0], None)
                if bad_space(label, self.x1a):
                    side = "fill" if op == b"cs" else "stroke"
                    tally(
                        "colour",
                        f"{op!r}{label}",
                        f"{obj}: {op.decode()} sets the {side} colour space {operands[0]} "
                        f"({label})",
                    )
            elif op in (b"sc", b"scn", b"SC", b"SCN"):
                label = fill if op.islower() else stroke
                side = "fill" if op.islower() else "stroke"
                if operands and isinstance(operands[-1], str) and label.startswith("Pattern"):
                    self.pattern(operands[-1], res, obj, page, tally, depth)
                    operands = operands[:-1]
                    label = label.removeprefix("Pattern on ").removeprefix("Pattern")
                over = self.colour(tally, obj, op, label, side, operands) if label else None
                ink = (over, ink[1]) if side == "fill" else (ink[0], over)
            elif op == b"sh" and operands:
                shading = (_get(res.get("/Shading")) or {}).get(operands[0])
                if shading is not None:
                    self.shading(_get(shading), res, _inside(obj, f"shading {operands[0]}"), tally)
            elif op == b"Do" and operands:
                xobj = (_get(res.get("/XObject")) or {}).get(operands[0])
                if xobj is not None:
                    sub = _State(ctm, fill, stroke, ink)
                    self.xobject(_get(xobj), str(operands[0]), obj, page, sub, tally, depth)
            elif op == b"INLINE IMAGE":
                settings = operands.get("settings", {}) if isinstance(operands, dict) else {}
                cs = settings.get("/CS", settings.get("/ColorSpace"))
                if cs is not None and not settings.get("/IM", settings.get("/ImageMask")):
                    label = family(cs, res)
                    if bad_space(label, self.x1a):
                        tally("colour", f"inline{label}", f"{obj}: inline image in {label}")
            elif op == b"gs" and operands and self.x1a:
                gs = (_get(res.get("/ExtGState")) or {}).get(operands[0])
                if gs is not None:
                    for why in transparent_state(_get(gs)):
                        tally(
                            "transparency",
                            f"gs{operands[0]}{why}",
                            f"{obj}: gs {operands[0]} {why}",
                        )
            if op in PAINT:
                for t in waiting:
                    t.x, t.y = painted[:2]
                waiting.clear()

    def colour(
        self, tally: Any, obj: str, op: bytes, label: str, side: str, operands: list[Any]
    ) -> str | None:
        """Report an RGB or Lab colour; return the ink finding a CMYK colour over the limit
        makes wherever it is painted inside the bleed box (None when it is within it)."""
        values = [v for v in operands if isinstance(v, (int, float))]
        shown = " ".join(_num(v) for v in values)
        name = op.decode()
        if bad_space(label, self.x1a):
            tally(
                "colour",
                f"{name}{label}",
                f"{obj}: {name} sets {_a(label)} {side} colour ({shown})",
            )
        elif _cmyk(label) and len(values) == 4 and sum(values) > self.limit + 1e-6:
            return (
                f"{obj}: {name} sets {sum(values):.0%} total ink ({shown}), over the "
                f"{self.limit:.0%} limit"
            )
        return None

    def pattern(self, name: str, res: Any, obj: str, page: int, tally: Any, depth: int) -> None:
        """A pattern fill: a shading pattern's colour space, or a tiling pattern's own
        content stream (walked once per page; its matrix maps it onto the page)."""
        pattern = _get((_get(res.get("/Pattern")) or {}).get(name))
        if pattern is None or depth > 12 or (page, id(pattern)) in self.patterns:
            return
        self.patterns.add((page, id(pattern)))
        where = _inside(obj, f"pattern {name}")
        if int(pattern.get("/PatternType", 1)) == 2:
            shading = _get(pattern.get("/Shading"))
            if shading is not None:
                self.shading(shading, res, where, tally)
        elif hasattr(pattern, "get_data"):
            matrix = tuple(float(v) for v in pattern.get("/Matrix", IDENTITY))
            state = _State(matrix)  # type: ignore[arg-type]
            self.walk(self.ops(pattern), pattern.get("/Resources"), where, page, state, depth + 1)

    def shading(self, shading: Any, res: Any, where: str, tally: Any) -> None:
        label = family(shading.get("/ColorSpace"), res)
        if bad_space(label, self.x1a):
            tally("colour", f"{where}{label}", f"{where}: colour space {label}")

    def xobject(
        self,
        xobj: Any,
        name: str,
        obj: str,
        page: int,
        state: _State,
        tally: Any,
        depth: int,
    ) -> None:
        if xobj.get("/Subtype") == "/Image":
            self.image(xobj, _inside(obj, f"image {name}"), tally)
        elif xobj.get("/Subtype") == "/Form" and depth < 12:
            where = _inside(obj, f"form {name}")
            matrix = tuple(float(v) for v in xobj.get("/Matrix", IDENTITY))
            state.ctm = mul(matrix, state.ctm)  # type: ignore[arg-type]
            x, y = apply(state.ctm, 0, 0)
            for rule, key, what in self.group(xobj, where):
                self.add(page, rule, f"{where}|{key}", x, y, what)
            self.walk(self.ops(xobj), xobj.get("/Resources"), where, page, state, depth + 1)

    def group(self, holder: Any, where: str) -> Iterator[tuple[str, str, str]]:
        """A page's or form's transparency group: its blending space, and (X-1a) itself."""
        group = _get(holder.get("/Group"))
        if group is None:
            return
        if group.get("/CS") is not None:
            label = family(group.get("/CS"), holder.get("/Resources"))
            if bad_space(label, self.x1a):
                yield "colour", "group", f"{where}: transparency group colour space {label}"
        if self.x1a and group.get("/S") == "/Transparency":
            yield (
                "transparency",
                "group",
                f"{where}: a transparency group (/Group /S /Transparency)",
            )

    def image(self, xobj: Any, where: str, tally: Any) -> None:
        """A picture's colour space, (X-1a) its soft mask, and its ink: decoded once per file,
        found when more than 0.1% of its pixels are over the limit. Fewer are tolerated: a
        JPEG's ringing round a sharp dark edge lifts a few pixels over a limit that the
        picture itself keeps; the message says so."""
        if xobj.get("/ImageMask"):
            return  # a stencil: painted in the fill colour, already checked
        label = family(xobj.get("/ColorSpace"), None)
        if bad_space(label, self.x1a):
            tally("colour", f"{where}{label}", f"{where}: colour space {label}")
        if self.x1a and xobj.get("/SMask") is not None:
            tally("transparency", f"{where}smask", f"{where}: a soft mask (/SMask)")
        if self.x1a and int(xobj.get("/SMaskInData", 0) or 0):
            tally("transparency", f"{where}smask", f"{where}: a soft mask in its data")
        if not _cmyk(label):
            return
        key = id(xobj)
        if key not in self.pictures:
            self.pictures[key] = coverage(xobj, self.limit)
        found = self.pictures[key]
        if found is not None and found[1] >= NOISE:
            tally(
                "ink",
                where,
                f"{where}: up to {found[0]:.0%} total ink, {found[1]:.1%} of its pixels over the "
                f"{self.limit:.0%} limit (under {NOISE:.1%} is tolerated as JPEG noise)",
            )


def _inside(obj: str, name: str) -> str:
    """An object's name, after the form or pattern it is drawn in (``form /L > image /I``)."""
    return name if obj == "page content" else f"{obj} > {name}"


def _a(label: str) -> str:
    return ("an " if label[0] in "AEIOU" else "a ") + label


def transparent_state(gs: Any) -> Iterator[str]:
    """What in an ExtGState makes a PDF/X-1a RIP refuse it."""
    smask = gs.get("/SMask")
    if smask is not None and _get(smask) != "/None":
        yield "sets a soft mask (/SMask)"
    for key in ("/ca", "/CA"):
        if key in gs and float(gs[key]) < 1:
            yield f"sets {key} {float(gs[key]):g} (opacity below 1)"
    bm = _get(gs.get("/BM"))
    modes = [str(_get(m)) for m in bm] if isinstance(bm, list) else [str(bm)] if bm else []
    if modes and modes[0] not in ("/Normal", "/Compatible"):
        yield f"sets blend mode {modes[0]}"


def inks(xobj: Any) -> Image.Image | None:
    """A CMYK picture's ink values (0 = no ink, 255 = solid), as a press prints them.

    Pillow reads every CMYK JPEG as Adobe writes them, inverted (its value is 255 minus
    the sample in the file); a PDF reader takes the sample as it is, unless ``/Decode
    [1 0 1 0 1 0 1 0]`` inverts it, which is what a PDF holding an Adobe JPEG (ReportLab's
    included) says. So a DCT picture's inks are Pillow's values with that ``/Decode`` and
    their inverse without it; a Flate picture's are its samples, inverted by the same key.
    """
    width, height = int(xobj.get("/Width", 0)), int(xobj.get("/Height", 0))
    filters = _get(xobj.get("/Filter"))
    last = str(_get(filters[-1]) if isinstance(filters, list) and filters else filters)
    decode = [float(v) for v in _get(xobj.get("/Decode")) or []]
    inverted = decode[:2] == [1.0, 0.0]
    if last in ("/JPXDecode", "/JBIG2Decode", "/CCITTFaxDecode"):
        return None
    if last in ("/DCTDecode", "/DCT"):
        jpeg = Image.open(io.BytesIO(xobj.get_data()))  # pypdf undoes filters before DCT
        if jpeg.mode != "CMYK":
            return None
        jpeg.load()
        return jpeg if inverted else ImageChops.invert(jpeg)
    if int(xobj.get("/BitsPerComponent", 8)) != 8 or width * height == 0:
        return None
    data = xobj.get_data()
    if len(data) < width * height * 4:
        return None
    picture = Image.frombytes("CMYK", (width, height), data[: width * height * 4])
    return ImageChops.invert(picture) if inverted else picture


def coverage(xobj: Any, limit: float) -> tuple[float, float] | None:
    """(the largest total ink, the share of pixels over ``limit``) of a CMYK picture, or
    None when it cannot be over (or cannot be read)."""
    try:
        picture = inks(xobj)
    except (OSError, ValueError):
        return None
    if picture is None:
        return None
    bound = limit * 255
    if sum(high for _low, high in picture.getextrema()) <= bound:  # type: ignore[misc]
        return None  # no pixel can add up to more: the common case, without a pixel loop
    c, m, y, k = picture.split()
    total = ImageMath.lambda_eval(lambda a: a["c"] + a["m"] + a["y"] + a["k"], c=c, m=m, y=y, k=k)
    over = ImageMath.lambda_eval(lambda a: a["t"] > bound, t=total)
    share = over.convert("L").histogram()[1] / (picture.width * picture.height)
    return total.getextrema()[1] / 255, share


# -- the document: output intent, PDF/X keys, XMP, boxes, annotations ------------------------


@lru_cache(maxsize=16)
def _profile(data: bytes) -> str | None:
    """Why an output profile is not a CMYK output profile (None when it is); the same
    profile in many files is opened once."""
    try:
        profile = ImageCms.ImageCmsProfile(io.BytesIO(data)).profile
    except (OSError, ImageCms.PyCMSError):
        return "does not open as an ICC profile"
    kind, space = profile.device_class, profile.xcolor_space.strip()
    if kind != "prtr" or space != "CMYK":
        return f"is a {space} profile of class {kind!r}, not a CMYK output ('prtr') profile"
    return None


def output_intent(reader: PdfReader) -> Iterator[Hit]:
    """Exactly one GTS_PDFX output intent, naming its condition and carrying a CMYK output
    profile: the colours a shop proofs against."""

    def hit(what: str) -> Hit:
        return (1, 0.0, 0.0, "output-intent", f"catalog /OutputIntents: {what}")

    root = _get(reader.trailer["/Root"])
    intents = [_get(i) for i in _get(root.get("/OutputIntents")) or []]
    pdfx = [i for i in intents if i.get("/S") == "/GTS_PDFX"]
    if len(pdfx) != 1:
        yield hit(f"{len(pdfx)} /GTS_PDFX output intents, where PDF/X needs exactly one")
    if not pdfx:
        return
    intent = pdfx[0]
    ident = str(intent.get("/OutputConditionIdentifier", ""))
    registry = str(intent.get("/RegistryName", ""))
    if not ident:
        yield hit("no /OutputConditionIdentifier")
    if not registry:
        yield hit("no /RegistryName")
    elif ident in REGISTERED and registry.rstrip("/") != REGISTRY:
        yield hit(f"/RegistryName {registry!r} for {ident}, which {REGISTRY} registers")
    profile = _get(intent.get("/DestOutputProfile"))
    if profile is None or not hasattr(profile, "get_data"):
        yield hit("no /DestOutputProfile stream")
        return
    if int(profile.get("/N", 0)) != 4:
        yield hit(f"/DestOutputProfile has /N {profile.get('/N')}, not 4 (CMYK)")
    why = _profile(bytes(profile.get_data()))
    if why:
        yield hit(f"/DestOutputProfile {why}")


NS = {
    "http://www.npes.org/pdfx/ns/id/": "pdfxid",
    "http://ns.adobe.com/xap/1.0/mm/": "xmpMM",
    "http://ns.adobe.com/pdf/1.3/": "pdf",
    "http://ns.adobe.com/xap/1.0/": "xmp",
}


def xmp_values(data: bytes) -> dict[str, str]:
    """Simple XMP properties as ``prefix:Name`` (from attributes or elements)."""
    out: dict[str, str] = {}
    for el in ET.fromstring(data).iter():
        items = [(el.tag, (el.text or "").strip()), *el.attrib.items()]
        for tag, value in items:
            ns, _, name = tag[1:].partition("}") if tag.startswith("{") else ("", "", tag)
            if ns in NS and value:
                out.setdefault(f"{NS[ns]}:{name}", value)
    return out


PDF_DATE = re.compile(
    r"D:(\d{4})(\d\d)?(\d\d)?(\d\d)?(\d\d)?(\d\d)?(?:([Zz+-])(\d\d)?'?(\d\d)?'?)?"
)


def info_date(text: str) -> datetime | None:
    m = PDF_DATE.match(text)
    if m is None:
        return None
    y, mo, d, h, mi, s = (
        int(v) if v else dflt for v, dflt in zip(m.groups()[:6], (0, 1, 1, 0, 0, 0), strict=True)
    )
    tz = None
    if m[7]:
        sign = -1 if m[7] == "-" else 1
        tz = timezone(sign * timedelta(hours=int(m[8] or 0), minutes=int(m[9] or 0)))
    return datetime(y, mo, d, h, mi, s, tzinfo=tz)


def xmp_date(text: str) -> datetime | None:
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None


def _same_time(a: datetime | None, b: datetime | None) -> bool:
    if a is None or b is None:
        return False
    if (a.tzinfo is None) != (b.tzinfo is None):
        a, b = a.replace(tzinfo=None), b.replace(tzinfo=None)
    return a == b


def claimed(reader: PdfReader) -> str:
    """The PDF/X version a file claims in its Info (empty when it claims none)."""
    info = _get(reader.trailer.get("/Info")) or {}
    return str(info.get("/GTS_PDFXVersion", ""))


def _version(reader: PdfReader) -> float:
    """The PDF version: the header's, or the catalog's /Version when that is later."""
    header = re.search(r"(\d+\.\d+)", reader.pdf_header)
    version = float(header[1]) if header else 0.0
    root = _get(reader.trailer["/Root"])
    later = re.search(r"(\d+\.\d+)", str(root.get("/Version", "")))
    return max(version, float(later[1])) if later else version


def metadata(reader: PdfReader) -> Iterator[Hit]:
    """The PDF/X identification a RIP reads: Info keys, the XMP twin, the file ID, the
    PDF version the standard is based on."""

    def hit(what: str) -> Hit:
        return (1, 0.0, 0.0, "pdfx-metadata", what)

    info = _get(reader.trailer.get("/Info")) or {}
    version = str(info.get("/GTS_PDFXVersion", ""))
    if version not in VERSIONS:
        shown = repr(version) if version else "missing"
        yield hit(f"Info /GTS_PDFXVersion {shown}, not one of {', '.join(VERSIONS)}")
    x1a = version.startswith("PDF/X-1a")
    if x1a and not info.get("/GTS_PDFXConformance"):
        yield hit("Info /GTS_PDFXConformance missing (PDF/X-1a needs it)")
    trapped = info.get("/Trapped")
    if not isinstance(trapped, NameObject) or trapped not in ("/True", "/False"):
        kind = "name" if isinstance(trapped, NameObject) else "string"
        shown = "missing" if trapped is None else f"is the {kind} {str(trapped)!r}"
        yield hit(f"Info /Trapped {shown}: must be the name /True or /False")
    if not str(info.get("/Title", "")).strip():
        yield hit("Info /Title missing")
    if not reader.trailer.get("/ID"):
        yield hit("trailer /ID missing")
    pdf = _version(reader)
    if x1a and pdf > 1.4:
        yield hit(f"PDF {pdf:g}: PDF/X-1a:2003 is based on PDF 1.4")
    if not x1a and pdf < 1.6:
        yield hit(f"PDF {pdf:g}: PDF/X-4 needs PDF 1.6 or later")
    stream = _get(_get(reader.trailer["/Root"]).get("/Metadata"))
    if stream is None or not hasattr(stream, "get_data"):
        yield hit("catalog /Metadata (the XMP packet) missing")
        return
    try:
        xmp = xmp_values(bytes(stream.get_data()))
    except ET.ParseError as exc:
        yield hit(f"the XMP packet does not parse: {exc}")
        return
    if "pdfxid:GTS_PDFXVersion" not in xmp:
        yield hit("XMP pdfxid:GTS_PDFXVersion missing")
    elif xmp["pdfxid:GTS_PDFXVersion"] != version:
        yield hit(
            f"XMP pdfxid:GTS_PDFXVersion {xmp['pdfxid:GTS_PDFXVersion']!r} differs from "
            f"Info's {version!r}"
        )
    for key in ("xmpMM:DocumentID", "xmpMM:VersionID", "xmpMM:RenditionClass"):
        if key not in xmp:
            yield hit(f"XMP {key} missing")
    if "pdf:Trapped" not in xmp:
        yield hit("XMP pdf:Trapped missing")
    elif isinstance(trapped, NameObject) and xmp["pdf:Trapped"] != trapped[1:]:
        yield hit(f"XMP pdf:Trapped {xmp['pdf:Trapped']!r} differs from Info's {trapped}")
    for ours, theirs in (("xmp:CreateDate", "/CreationDate"), ("xmp:ModifyDate", "/ModDate")):
        if not _same_time(xmp_date(xmp.get(ours, "")), info_date(str(info.get(theirs, "")))):
            yield hit(
                f"XMP {ours} {xmp.get(ours, 'missing')!r} differs from Info {theirs} "
                f"{str(info.get(theirs, 'missing'))!r}"
            )


def _extent(points: list[tuple[float, float]]) -> Box:
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return (min(xs), min(ys), max(xs), max(ys))


def _overlaps(a: Box, b: Box) -> bool:
    """Whether two boxes share a point (a point on an edge counts)."""
    return a[0] <= b[2] and b[0] <= a[2] and a[1] <= b[3] and b[1] <= a[3]


def _rect(value: Any) -> Box:
    x0, y0, x1, y1 = (float(v) for v in _get(value))
    return (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))


def _within(inner: Box, outer: Box) -> bool:
    return (
        inner[0] >= outer[0] - EPS
        and inner[1] >= outer[1] - EPS
        and inner[2] <= outer[2] + EPS
        and inner[3] <= outer[3] + EPS
    )


def _shown(box: Box) -> str:
    return "[" + " ".join(f"{v:g}" for v in box) + "]"


def boxes(number: int, page: Any) -> Iterator[Hit]:
    """A TrimBox and a BleedBox on every page, nested inside each other and the media:
    where the shop cuts and how far the ink must run."""
    have = {
        k: _rect(page[k])
        for k in ("/MediaBox", "/CropBox", "/BleedBox", "/TrimBox", "/ArtBox")
        if k in page
    }

    def hit(box: Box, what: str) -> Hit:
        return (number, box[0], box[1], "boxes", what)

    media = have.get("/MediaBox")
    if media is None:
        yield hit((0, 0, 0, 0), "no /MediaBox")
        return
    for key in ("/TrimBox", "/BleedBox"):
        if key not in have:
            yield hit(media, f"no {key}")
    if "/TrimBox" in have and "/ArtBox" in have:
        yield hit(have["/ArtBox"], "both /TrimBox and /ArtBox (PDF/X allows one)")
    pairs = (("/BleedBox", "/MediaBox"), ("/TrimBox", "/BleedBox"), ("/BleedBox", "/CropBox"))
    for inner, outer in pairs:
        if inner in have and outer in have and not _within(have[inner], have[outer]):
            yield hit(
                have[inner],
                f"{inner} {_shown(have[inner])} is not inside {outer} {_shown(have[outer])}",
            )
    if "/BleedBox" not in have and "/TrimBox" in have and not _within(have["/TrimBox"], media):
        yield hit(have["/TrimBox"], f"/TrimBox {_shown(have['/TrimBox'])} is not inside /MediaBox")


def annotated(number: int, page: Any, checker: _Checker) -> Iterator[Hit]:
    """Annotations print (or not) at the RIP's whim: none may reach into the bleed box but
    printer's marks and trap networks; their colours and appearances are checked too."""
    bleed = _rect(page.get("/BleedBox") or page.get("/CropBox") or page["/MediaBox"])
    for i, ref in enumerate(_get(page.get("/Annots")) or [], 1):
        annot = _get(ref)
        kind = str(annot.get("/Subtype", "/?"))
        where = f"annotation {i} ({kind})"
        rect = _rect(annot["/Rect"]) if "/Rect" in annot else (0.0, 0.0, 0.0, 0.0)
        overlaps = (
            rect[0] < bleed[2] and bleed[0] < rect[2] and rect[1] < bleed[3] and bleed[1] < rect[3]
        )
        if kind not in ("/PrinterMark", "/TrapNet") and overlaps:
            yield (
                number,
                rect[0],
                rect[1],
                "annotation",
                f"{where} {_shown(rect)} lies in the bleed box",
            )
        for key in ("/C", "/IC"):
            value = _get(annot.get(key))
            if isinstance(value, list) and len(value) == 3:
                shown = " ".join(_num(_get(v)) for v in value)
                yield (
                    number,
                    rect[0],
                    rect[1],
                    "colour",
                    f"{where}: {key} [{shown}] is an RGB colour",
                )
        appearances = _get(annot.get("/AP")) or {}
        for state in ("/N", "/R", "/D"):
            ap = _get(appearances.get(state))
            streams = [ap] if hasattr(ap, "get_data") else [_get(v) for v in (ap or {}).values()]
            for stream in streams:
                if not hasattr(stream, "get_data"):
                    continue
                matrix = tuple(float(v) for v in stream.get("/Matrix", IDENTITY))
                ctm = mul(matrix, (1, 0, 0, 1, rect[0], rect[1]))  # type: ignore[arg-type]
                name = f"{where} appearance {state}"
                for rule, key, what in checker.group(stream, name):
                    checker.add(number, rule, f"{name}|{key}", rect[0], rect[1], what)
                checker.walk(
                    checker.ops(stream), stream.get("/Resources"), name, number, _State(ctm)
                )


def check_press(
    reader: PdfReader,
    pages: list[Page],
    streams: dict[int, list[Operation]],
    limit: float = INK_LIMIT,
) -> list[Hit]:
    """Every press finding for one file: (page, x, y, rule, what)."""
    x1a = claimed(reader).startswith("PDF/X-1a")
    checker = _Checker(streams, limit, x1a)
    hits: list[Hit] = [*output_intent(reader), *metadata(reader)]
    for page, read in zip(reader.pages, pages, strict=True):
        number = read.number
        checker.bleed = read.bleed
        hits += boxes(number, page)
        for rule, key, what in checker.group(page, "page"):
            checker.add(number, rule, f"page|{key}", 0.0, 0.0, what)
        checker.walk(read.ops, page.get("/Resources"), "page content", number, _State())
        hits += annotated(number, page, checker)
    return hits + checker.hits()
