"""Prepare images for their placed size: check, downsample, strip metadata, keep transparency.

Rasters go through Pillow once per (file, placed size) and reach ReportLab as in-memory
``ImageReader`` objects, so the PDF names them by their pixels, not by the checkout path.
SVG files become ReportLab drawings through svglib and stay vector; the drawings are kept
on disk (.cache/images) like prepared pictures, so a later process need not import svglib.
"""

from __future__ import annotations

import hashlib
import io
import math
import re
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import PIL
import reportlab
from PIL import Image

from ..adapters.pillow import only_formats
from ..adapters.svglib import font_map, freeze, installed_version, thaw
from ..errors import BrochureError, SourceRef
from ..session import Session, disk_cached, kept
from .fonts import FontFamily

if TYPE_CHECKING:
    from .press import PressColors

MAX_PIXELS = 50_000_000  # refuse before decoding: a bigger file is a mistake or an attack
MAX_SVG_ELEMENTS = 20_000  # the shipped diagram has 172; layout time grows with each one
TARGET_PPI = 300  # the default of a brand's ``picture_ppi``
WARN_PPI = 300
# Pictures are made a little over their target, so that the PDF's rounding of the placed
# size can never read 299.6 ppi for a 300 ppi picture; and a picture already within 5% of
# its target is kept as it is (resampling would soften it for a few kilobytes).
PRINT_MARGIN = 1.01
KEEP_WITHIN = 1.05
# An opaque picture larger than this (a figure 2 inches wide at 300 ppi) is a photograph or
# an illustration, stored as JPEG; smaller ones (icons, opaque logos) stay lossless PNG.
PHOTO_PIXELS = 360_000
OFFICE_JPEG_QUALITY = 80
Image.MAX_IMAGE_PIXELS = MAX_PIXELS
# The raster formats the tool supports, by their first bytes: checked before Pillow sees a
# file, and the only plugins Pillow keeps (nothing else in the process can reach Ghostscript).
RASTER_MAGIC = {"PNG": b"\x89PNG\r\n\x1a\n", "JPEG": b"\xff\xd8\xff"}
only_formats(*RASTER_MAGIC)


@dataclass(frozen=True)
class RasterInfo:
    """What a raster file's header says, read without decoding the pixels."""

    path: Path
    size: tuple[int, int]  # pixels as stored in the file
    mode: str
    format: str


@dataclass
class Prepared:
    """An image ready to place: a ReportLab image source and its resolution where placed."""

    source: Any
    pixels: tuple[int, int]  # pixels embedded in the PDF (after any downsampling)
    ppi: float  # effective resolution of the embedded pixels at the placed size
    source_ppi: float  # effective resolution of the original file at the placed size
    byte_size: int
    key: bytes  # a hash of the prepared bytes: the PDF names the image object by it


@dataclass(frozen=True)
class Placement:
    """One picture as placed in one output, for the build report and the ppi checks."""

    name: str
    width_pt: float
    height_pt: float
    pixels: tuple[int, int]
    ppi: float
    source_ppi: float
    src: SourceRef | None


_placements: ContextVar[list[Placement] | None] = ContextVar("placements", default=None)


@contextmanager
def recording() -> Iterator[list[Placement]]:
    """Collect every raster placed while the block runs (one render)."""
    placed: list[Placement] = []
    token = _placements.set(placed)
    try:
        yield placed
    finally:
        _placements.reset(token)


def record(path: Path, w: float, h: float, prepared: Prepared, src: SourceRef | None) -> None:
    placed = _placements.get()
    if placed is not None:
        placed.append(
            Placement(path.name, w, h, prepared.pixels, prepared.ppi, prepared.source_ppi, src)
        )


def inspect_raster(path: Path, src: SourceRef | None, session: Session) -> RasterInfo:
    """Read only the header: size, mode and format, refusing corrupt or oversized files."""
    return session.file_memo("raster", path, lambda: _read_header(path, src))


def sniff(path: Path, src: SourceRef | None) -> str:
    """The file's format from its first bytes (PNG or JPEG), whatever its name says."""
    try:
        with path.open("rb") as fh:
            head = fh.read(8)
    except OSError as exc:
        raise BrochureError(f"cannot read '{path.name}' ({exc.strerror})", src) from None
    for fmt, magic in RASTER_MAGIC.items():
        if head.startswith(magic):
            return fmt
    raise BrochureError(
        f"'{path.name}' is not a readable image (its content is not PNG or JPEG, whatever "
        "its name says; save it as PNG, JPEG or SVG)",
        src,
    )


def _read_header(path: Path, src: SourceRef | None) -> RasterInfo:
    fmt = sniff(path, src)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path, formats=[fmt]) as im:
                # The sniffed format: a phone's JPEG may open as "MPO" (its first frame).
                info = RasterInfo(path, im.size, im.mode, fmt)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise BrochureError(
            f"'{path.name}' is too large to be safe (over {MAX_PIXELS // 1_000_000} megapixels)",
            src,
        ) from None
    except Exception as exc:  # Pillow raises UnidentifiedImageError, OSError, SyntaxError...
        raise BrochureError(f"'{path.name}' is not a readable image ({exc})", src) from None
    if info.size[0] * info.size[1] > MAX_PIXELS:
        raise BrochureError(
            f"'{path.name}' has {info.size[0]} x {info.size[1]} pixels "
            f"(the limit is {MAX_PIXELS // 1_000_000} megapixels)",
            src,
        )
    return info


def is_vector(path: Path) -> bool:
    return path.suffix.lower() == ".svg"


def aspect(path: Path, src: SourceRef | None, session: Session) -> float:
    """Height divided by width, from the raster header or the SVG's size attributes."""
    w, h = inspect_image(path, src, session)
    return h / w


def inspect_image(path: Path, src: SourceRef | None, session: Session) -> tuple[float, float]:
    """Check an image cheaply and return its width and height.

    Rasters are checked by their header and SVG files by their XML; neither is decoded or
    rendered here. That happens once, when the picture is placed.
    """
    if not is_vector(path):
        return inspect_raster(path, src, session).size

    def check() -> tuple[tuple[float, float], bytes]:
        size = _check_svg(path, path.read_bytes(), src)
        return size, repr(size).encode()

    def checked(data: bytes) -> tuple[float, float]:
        w, h = data.decode().strip("()").split(",")
        return float(w), float(h)

    # Parsing every SVG to check it cost 12 ms a build: a file's verdict is kept by its bytes.
    target = f"svg-check {MAX_SVG_ELEMENTS} 1"
    return session.file_memo("svg-size", path, lambda: kept(session, path, target, check, checked))


# A change to a parsed drawing: its name (with a version number, part of the cache key)
# and the function, which may change the drawing it is given.
Derived = tuple[str, Callable[[Any], Any]]


def load_drawing(
    path: Path,
    src: SourceRef | None,
    session: Session,
    body: FontFamily | None = None,
    heading: FontFamily | None = None,
    derive: Derived | None = None,
) -> Any:
    """Parse an SVG file into a ReportLab drawing that stays vector.

    SVG text is set in the brand's fonts (serif families in the heading font, the rest in
    the body font), mapped before parsing so that svglib measures anchored text with the
    fonts that will print it, on every machine, without asking fontconfig. ``derive``
    names a change made to the parsed drawing (the logo's words as outlines), and then the
    changed drawing is the one kept.
    """
    fonts = tuple(
        getattr(family, face) if family else ""
        for family in (body, heading)
        for face in ("regular", "bold", "italic", "bold_italic")
    )
    name = derive[0] if derive else ""
    return session.file_memo(
        "drawing",
        path,
        lambda: _drawing(path, src, session, body, heading, (name, *fonts), derive),
        name,
        *fonts,
    )


def _drawing(
    path: Path,
    src: SourceRef | None,
    session: Session,
    body: FontFamily | None,
    heading: FontFamily | None,
    fonts: tuple[str, ...],
    derive: Derived | None,
) -> Any:
    """The drawing kept on disk from an earlier build, or parsed (and derived) now and kept.

    Parsing costs every cold process svglib's imports (with lxml, tinycss2 and cssselect2:
    20 ms) and tens of milliseconds a file. The key holds the file's size and time stamp and
    everything else the drawing is made of: the brand's font names (each carries a digest of
    its file), svglib's and ReportLab's versions and ``DRAWINGS``. A drawing that cannot be
    kept (see ``svglib.freeze``) is parsed in every build; one that no longer reads back is
    parsed again and replaced. Either way the file is checked first, as it always is.
    """
    inspect_image(path, src, session)
    target = (DRAWINGS, installed_version(), reportlab.Version, *fonts)

    def make() -> tuple[Any, bytes | None]:
        drawing = _parse_svg(path, src, body, heading)
        if derive is not None:
            drawing = derive[1](drawing)
        frozen = freeze(drawing)
        # The drawing read back from its bytes is what a build with the cache prints.
        return (drawing, None) if frozen is None else (frozen[1], frozen[0])

    return kept(session, path, target, make, thaw)


# What drawings kept on disk depend on besides the SVG file, the fonts and the libraries'
# versions: bump on a change to how an SVG becomes a drawing (``_parse_svg``, ``_svg_face``)
# or is kept (``freeze`` and the copies of svglib's classes in the svglib adapter).
DRAWINGS = "drawings 1"


def _parse_svg(
    path: Path,
    src: SourceRef | None,
    body: FontFamily | None,
    heading: FontFamily | None,
) -> Any:
    from svglib.svglib import svg2rlg  # imported only when an SVG is not in the cache

    data = path.read_bytes()
    fonts = font_map(
        lambda name, weight, style: _svg_face(name, weight, style, path, src, body, heading)
    )
    try:
        drawing = svg2rlg(io.BytesIO(data), font_map=fonts)
    except BrochureError:
        raise
    except PIL.UnidentifiedImageError:  # a data: URI whose bytes are not PNG or JPEG
        raise BrochureError(
            f"'{path.name}' is not a readable SVG file (it embeds a picture that is not "
            "PNG or JPEG)",
            src,
        ) from None
    except Exception as exc:
        raise BrochureError(f"'{path.name}' is not a readable SVG file ({exc})", src) from None
    if drawing is None or not drawing.width or not drawing.height:
        raise BrochureError(f"'{path.name}' is not a readable SVG file (no size)", src)
    return drawing


def _check_svg(path: Path, data: bytes, src: SourceRef | None) -> tuple[float, float]:
    """Refuse SVG that is not well formed, or that pulls in files from anywhere else.

    svglib parses leniently (a truncated file prints half a figure) and follows relative
    links to images, which could reach outside assets/; both are refused here.
    """
    import xml.etree.ElementTree as ET

    root = None
    try:
        for count, element in enumerate(_elements(data), 1):
            root = element if root is None else root
            _check_element(path, element, count, src)
    except ET.ParseError as exc:
        raise BrochureError(
            f"'{path.name}' is not a readable SVG file (not well-formed: {exc})", src
        ) from None
    size = _svg_size(root.attrib) if root is not None else None
    if size is None:
        raise BrochureError(
            f"'{path.name}' is not a readable SVG file (no width, height or viewBox)", src
        )
    return size


def _elements(data: bytes) -> Iterator[Any]:
    """Every element as the parser meets it, so that a file over the element limit stops
    being parsed there (a 64 MB file of tiny elements would take seconds and gigabytes)."""
    import xml.etree.ElementTree as ET

    parser: Any = ET.XMLPullParser(events=("start",))  # typeshed: events of any kind
    for start in range(0, len(data), 1 << 16):
        parser.feed(data[start : start + (1 << 16)])
        for _event, element in parser.read_events():
            yield element
    parser.close()
    for _event, element in parser.read_events():
        yield element


def _check_element(path: Path, element: Any, count: int, src: SourceRef | None) -> None:
    """Refuse the element past the limit, and any link to another file."""
    if count > MAX_SVG_ELEMENTS:
        raise BrochureError(
            f"'{path.name}' has more than {MAX_SVG_ELEMENTS:,} elements (the limit for an "
            "SVG file; simplify the drawing or save it as PNG)",
            src,
        )
    for name, value in element.attrib.items():
        if name.endswith("href") and not value.startswith(("#", "data:")):
            raise BrochureError(
                f"'{path.name}' links to another file ('{value}'): SVG files must be "
                "self-contained and nothing outside assets/ is read "
                "(embed images as data: URIs)",
                src,
            )


def _svg_size(attrib: dict[str, str]) -> tuple[float, float] | None:
    box = attrib.get("viewBox", "").replace(",", " ").split()
    try:
        if len(box) == 4 and float(box[2]) > 0 and float(box[3]) > 0:
            return float(box[2]), float(box[3])
        w, h = (float(re.sub(r"[a-z%]+$", "", attrib[k].strip())) for k in ("width", "height"))
    except (KeyError, ValueError):
        return None
    return (w, h) if w > 0 and h > 0 else None


_GENERIC = {"monospace", "cursive", "fantasy", "system-ui", "ui-monospace", "math", "emoji"}


def _svg_face(
    name: str,
    weight: str,
    style: str,
    path: Path,
    src: SourceRef | None,
    body: FontFamily | None,
    heading: FontFamily | None,
) -> tuple[str, bool]:
    """The brand font that prints SVG text in family ``name``: serif families in the
    heading font, every other family in the body font; and whether the name says which
    (``Georgia, serif`` is decided by ``serif``). A family written as a file path would
    name a font anywhere on disk, so it is refused."""
    lower = name.strip().lower()
    if any(c in lower for c in "/\\~") or lower.endswith((".ttf", ".otf", ".ttc", ".pfb")):
        raise BrochureError(
            f"'{path.name}' sets text in font-family '{name}', a file path: SVG text is "
            "printed in the brand's fonts (write a family name such as sans-serif)",
            src,
        )
    if body is None:  # pragma: no cover - every caller passes the brand's fonts
        raise BrochureError(f"'{path.name}' has text but no brand font is loaded", src)
    serif = "serif" in lower and "sans" not in lower
    family = heading if heading and serif else body
    bold = weight.strip().lower() in ("bold", "bolder") or (
        weight.strip().isdigit() and int(weight) >= 600
    )
    italic = style.strip().lower() in ("italic", "oblique")
    faces = {
        (False, False): family.regular,
        (True, False): family.bold,
        (False, True): family.italic,
        (True, True): family.bold_italic,
    }
    return faces[bold, italic], "serif" in lower or "sans" in lower or lower in _GENERIC


def prepare_raster(
    path: Path,
    width_pt: float,
    height_pt: float,
    src: SourceRef | None,
    session: Session,
    press: PressColors | None = None,
    ppi: int = TARGET_PPI,
    crop: tuple[float, float] = (1.0, 1.0),
) -> Prepared:
    """Decode, keep the centre ``crop`` share of each side (what a frame shows), downsample
    to ``ppi`` (print resolution) at the placed size, and re-encode without metadata; for
    ``press`` output, in CMYK through the printing condition's profile."""
    size = (round(width_pt), round(height_pt))
    return session.file_memo(
        "prepared",
        path,
        lambda: _prepare(path, width_pt, height_pt, src, session, press, (ppi, crop)),
        *size,
        press.key if press is not None else "",
        ppi,
        crop,
    )


def target_pixels(width_pt: float, height_pt: float, ppi: int) -> tuple[int, int]:
    """The pixels a picture placed at this size needs for ``ppi``, with the rounding margin."""
    scale = ppi * PRINT_MARGIN / 72
    return max(1, math.ceil(width_pt * scale)), max(1, math.ceil(height_pt * scale))


def _prepare(
    path: Path,
    width_pt: float,
    height_pt: float,
    src: SourceRef | None,
    session: Session,
    press: PressColors | None,
    fit: tuple[int, tuple[float, float]],
) -> Prepared:
    from reportlab.lib.utils import ImageReader

    info = inspect_raster(path, src, session)
    target_ppi, crop = fit
    ppi = info.size[0] * crop[0] / (width_pt / 72)
    target = target_pixels(width_pt, height_pt, target_ppi)
    if press is not None and press.transparency and info.mode in ("RGBA", "LA", "P", "PA"):
        # CMYK with its own transparency (a logo): no file format holds both, so it is made
        # here, once per build, and handed to ReportLab as raw inks with a soft mask.
        from ..adapters.reportlab import cmyk_with_alpha

        fitted, icc = _fit(path, target, crop, src)
        if fitted.mode in ("RGBA", "LA"):
            cmyk, alpha = press.picture(fitted, icc)
            source = cmyk_with_alpha(cmyk, alpha) if alpha is not None else ImageReader(cmyk)
            size, inks = cmyk.size, cmyk.tobytes()
            mask = alpha.tobytes() if alpha is not None else b""
            named = hashlib.sha256(inks + mask).digest()
            return Prepared(source, size, size[0] / (width_pt / 72), ppi, len(inks), named)
    made_as = (target, crop, PICTURES, press.key if press is not None else "")
    data = disk_cached(
        session, path, made_as, lambda: _encode(path, info, (target, crop), src, press)
    )
    # Header only: the embedded pixel size.
    with Image.open(io.BytesIO(data), formats=list(RASTER_MAGIC)) as im:
        size = im.size
    name = hashlib.sha256(data).digest()
    return Prepared(
        ImageReader(io.BytesIO(data)), size, size[0] / (width_pt / 72), ppi, len(data), name
    )


def _decode(path: Path, src: SourceRef | None) -> Image.Image:
    """The picture's pixels, normalised (see ``_normalise``)."""
    return _decode_with_profile(path, src)[0]


def _decode_with_profile(path: Path, src: SourceRef | None) -> tuple[Image.Image, bytes | None]:
    """The picture's pixels, normalised, and the colour profile embedded in the file (what
    its RGB numbers mean, for the conversion to press CMYK)."""
    try:
        with Image.open(path, formats=list(RASTER_MAGIC)) as im:
            im.load()
            icc = im.info.get("icc_profile") or None
            return _normalise(im), icc
    except Exception as exc:
        raise BrochureError(f"'{path.name}' is not a readable image ({exc})", src) from None


def _fit(
    path: Path, target: tuple[int, int], crop: tuple[float, float], src: SourceRef | None
) -> tuple[Image.Image, bytes | None]:
    """The decoded picture's centre ``crop`` share, downsampled to ``target`` when it has
    more pixels than that."""
    out, icc = _decode_with_profile(path, src)
    if crop != (1.0, 1.0):
        w, h = out.size
        keep = (max(1, round(w * crop[0])), max(1, round(h * crop[1])))
        left, top = (w - keep[0]) // 2, (h - keep[1]) // 2
        out = out.crop((left, top, left + keep[0], top + keep[1]))
    if out.size[0] > target[0] * KEEP_WITHIN:
        out = out.resize(target, Image.Resampling.LANCZOS)
    return out, icc


def _encode(
    path: Path,
    info: RasterInfo,
    fit: tuple[tuple[int, int], tuple[float, float]],
    src: SourceRef | None,
    press: PressColors | None = None,
) -> bytes:
    out, icc = _fit(path, *fit, src)
    if press is not None:
        out = press.picture(out, icc)[0]  # opaque here: a transparent one was flattened
    buf = io.BytesIO()
    if out.mode == "CMYK" or (
        out.mode in ("RGB", "L")
        and (info.format == "JPEG" or out.size[0] * out.size[1] > PHOTO_PIXELS)
    ):
        # Large opaque pictures print as JPEG, with optimised Huffman tables (10% smaller,
        # the same pixels). A press file keeps full chroma at quality 90 for the shop; the
        # office PDF, for screens and desk printers, is quality 80 with colour at half
        # resolution (150 ppi, as cameras save): a third of the bytes, no visible change.
        if press is not None:
            out.save(buf, "JPEG", quality=90, subsampling=0, optimize=True)
        else:
            out.save(buf, "JPEG", quality=OFFICE_JPEG_QUALITY, subsampling=2, optimize=True)
    else:
        out.save(buf, "PNG", compress_level=6)  # small or transparent: lossless
    return buf.getvalue()


# Prepared pictures are kept on disk (.cache/images) between processes and runs:
# decoding and re-encoding a cover photo costs more than laying out a page. The key holds
# the file's size and time stamp, so an edited picture is prepared again.
# What prepared pictures depend on besides their source file: bump on a change of encoding.
PICTURES = f"pictures 2, Pillow {PIL.__version__}"


SCREEN_BOX = (1200, 1600)  # pixels: a full-width picture on a phone at 3x or a laptop at 2x
LOGO_BOX = (1200, 192)  # a masthead logo is 3 rem (48 px) tall: 4x that is plenty


@dataclass(frozen=True)
class ScreenImage:
    """A picture prepared for a web page: its bytes, media type and size in CSS pixels."""

    mime: str
    data: bytes
    size: tuple[float, float]


def screen_image(
    path: Path, src: SourceRef | None, session: Session, box: tuple[int, int] = SCREEN_BOX
) -> ScreenImage:
    """A picture sized for screens: SVG as it is, rasters scaled down to fit within ``box``.

    A 3000 px cover inlined as PNG made the HTML companion 1.5 MB; resampled and saved as
    JPEG (opaque) or PNG (transparent) it is a few tens of kilobytes and still sharp.
    """
    if is_vector(path):
        return ScreenImage("image/svg+xml", path.read_bytes(), inspect_image(path, src, session))
    info = inspect_raster(path, src, session)
    w, h = info.size
    scale = min(1.0, box[0] / w, box[1] / h)
    target = (max(1, round(w * scale)), max(1, round(h * scale)))
    data = session.file_memo(
        "screen",
        path,
        lambda: disk_cached(
            session, path, ("screen", target, PICTURES), lambda: _web(path, target, src)
        ),
        *target,
    )
    kind = "image/png" if data.startswith(b"\x89PNG") else "image/jpeg"
    return ScreenImage(kind, data, (float(target[0]), float(target[1])))


def _web(path: Path, target: tuple[int, int], src: SourceRef | None) -> bytes:
    out = _decode(path, src)
    if out.size != target:
        out = out.resize(target, Image.Resampling.LANCZOS)
    buf = io.BytesIO()
    if out.mode in ("RGBA", "LA"):
        out.save(buf, "PNG", optimize=True)  # transparency: lossless
    else:
        out.convert("RGB").save(buf, "JPEG", quality=82, optimize=True, progressive=True)
    return buf.getvalue()


def _normalise(im: Image.Image) -> Image.Image:
    """Return a copy in a mode ReportLab places faithfully, with no EXIF, ICC text or XMP."""
    if im.mode == "P":
        im = im.convert("RGBA" if "transparency" in im.info else "RGB")
    elif im.mode in ("LA", "PA", "RGBa"):
        im = im.convert("RGBA")
    elif im.mode in ("I", "I;16", "F", "1"):
        im = im.convert("L")
    elif im.mode not in ("RGB", "RGBA", "L", "CMYK"):
        im = im.convert("RGB")
    clean = Image.new(im.mode, im.size)
    clean.paste(im)
    return clean
