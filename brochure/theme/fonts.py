"""Register a brand's TrueType fonts and answer which characters they can draw."""

from __future__ import annotations

import hashlib
import logging
import struct
import sys
from dataclasses import dataclass
from pathlib import Path

import reportlab
from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from ..adapters.reportlab import TaggedTTFont, face_state, font_from_state, tag_subsets
from ..errors import BrochureError, SourceRef
from ..session import Session, disk_cached, kept

FACE_FORMAT = 3  # what face_state keeps; a new number when that changes


def _content_key(path: Path) -> str:
    """Size plus a hash of the first 64 KiB: tells font files apart without reading them whole."""
    with path.open("rb") as fh:
        head = fh.read(1 << 16)
    return f"{path.stat().st_size}-{hashlib.sha1(head).hexdigest()[:10]}"


def load_font(path: Path, src: SourceRef | None, session: Session) -> TTFont:
    """Parse and register one TrueType file, refusing files that are not valid TrueType.

    ReportLab's font registry is process-wide, so a font is registered under a name made
    from its content: the same bytes are parsed once per process and reused by any later
    session, and a changed file can never be mistaken for the old one.
    """
    return session.file_memo("font", path, lambda: _register(path, src, session))


def _register(path: Path, src: SourceRef | None, session: Session) -> TTFont:
    try:
        digest = _content_key(path)
    except OSError as exc:
        raise BrochureError(f"cannot read font '{path.name}' ({exc.strerror})", src) from None
    name = f"{path.stem}-{digest}"
    if name in pdfmetrics.getRegisteredFontNames():
        return tag_subsets(pdfmetrics.getFont(name))
    if embedding_restricted(path):
        raise BrochureError(
            f"'{path.name}' may not be embedded: its licence forbids it (OS/2 fsType "
            "'restricted'); choose a font whose licence allows embedding in a PDF",
            src,
        )
    font = _parsed(name, path, src, session)
    pdfmetrics.registerFont(font)
    return tag_subsets(pdfmetrics.getFont(name))  # the face's first registered object


def _parsed(name: str, path: Path, src: SourceRef | None, session: Session) -> TTFont:
    """The font ``path`` parsed, or restored from what an earlier process parsed (kept on
    disk beside the prepared pictures)."""

    def parse() -> tuple[TTFont, bytes]:
        try:
            font = TaggedTTFont(name, str(path))
        except Exception as exc:  # ReportLab raises TTFError, struct.error, KeyError...
            raise BrochureError(
                f"'{path.name}' is not a valid TrueType font ({exc})", src
            ) from None
        return font, face_state(font)

    target = ("ttf-face", FACE_FORMAT, reportlab.Version, sys.version_info[:2])  # marshal
    return kept(session, path, target, parse, lambda state: font_from_state(name, path, state))


def embedding_restricted(path: Path) -> bool:
    """True if the font's OS/2 ``fsType`` says "restricted licence embedding" (bit 1 with no
    less restrictive bit 2 or 3 set). ReportLab refuses such a font only when it has more
    than 255 glyphs, and then as if the file were broken; smaller ones it embeds silently."""
    with path.open("rb") as fh:
        head = fh.read(12)
        if len(head) < 12:
            return False  # not TrueType at all: the parser says so
        (tables,) = struct.unpack(">H", head[4:6])
        directory = fh.read(16 * min(tables, 256))
        for i in range(0, len(directory) - 15, 16):
            tag, _checksum, offset, _length = struct.unpack(">4sIII", directory[i : i + 16])
            if tag == b"OS/2":
                fh.seek(offset + 8)
                raw = fh.read(2)
                return len(raw) == 2 and struct.unpack(">H", raw)[0] & 0x000E == 0x0002
    return False


@dataclass(frozen=True)
class FontFamily:
    """Registered font names for the four styles of one family (missing styles fall back)."""

    regular: str
    bold: str
    italic: str
    bold_italic: str
    fonts: tuple[TTFont, ...]
    paths: tuple[Path, ...] = ()
    files: tuple[tuple[str, Path], ...] = ()  # (style, file) for each style the brand gives

    def missing(self, char: str) -> str | None:
        """Name of the first font of the family that cannot draw ``char``, if any."""
        code = ord(char)
        for font in self.fonts:
            if code not in font.face.charToGlyph:
                return str(font.face.name.decode("latin-1", "replace"))
        return None


def register_family(
    regular: Path,
    bold: Path | None,
    italic: Path | None,
    bold_italic: Path | None,
    src: SourceRef | None,
    session: Session,
) -> FontFamily:
    """Register a family so that ReportLab's <b> and <i> pick the right files."""
    reg = load_font(regular, src, session)
    b = load_font(bold, src, session) if bold else reg
    i = load_font(italic, src, session) if italic else reg
    bi = load_font(bold_italic, src, session) if bold_italic else (b if bold else i)
    family = reg.fontName
    for bold_flag, italic_flag, font in ((0, 0, reg), (1, 0, b), (0, 1, i), (1, 1, bi)):
        addMapping(family, bold_flag, italic_flag, font.fontName)
    unique = tuple(dict.fromkeys((reg, b, i, bi)))
    styles = ("regular", "bold", "italic", "bold_italic")
    given = zip(styles, (regular, bold, italic, bold_italic), strict=True)
    files = tuple((style, p) for style, p in given if p is not None)
    paths = tuple(p for _, p in files)
    return FontFamily(reg.fontName, b.fontName, i.fontName, bi.fontName, unique, paths, files)


# What the web pages of English and Spanish leaflets are written in, and a little more: a
# font is first cut down to these (once per font, kept), and each page's subset is cut from
# that (``web_font``). Text outside them is subset from the whole font.
WEB_REPERTOIRE = "\t\n\r" + "".join(
    chr(c)
    for first, last in (
        (0x20, 0x7E),  # ASCII
        (0xA0, 0x17F),  # Latin-1 Supplement, Latin Extended-A
        (0x2010, 0x2027),  # dashes, quotation marks, bullet, ellipsis
        (0x2030, 0x203A),  # per mille, primes, angle quotes
        (0x20AC, 0x20AC),  # euro
        (0x2122, 0x2122),  # trade mark
        (0x2190, 0x2193),  # arrows
        (0x2212, 0x2212),  # minus
        (0x2264, 0x2265),  # less and greater than or equal to
        (0x2713, 0x2713),  # check mark
    )
    for c in range(first, last + 1)
)
_IN_REPERTOIRE = frozenset(WEB_REPERTOIRE)
_REPERTOIRE_KEY = hashlib.sha1(WEB_REPERTOIRE.encode()).hexdigest()[:12]


def web_font(path: Path, chars: str, session: Session, wait: bool = True) -> bytes:
    """The font as WOFF2 holding only ``chars`` (and what their shaping needs).

    A whole family is about 2 MB of TrueType; the characters one page uses fit in about
    14 KB per face. fontTools writes no time stamp here, so the bytes are reproducible.
    Subsetting the whole font costs 0.2-0.35 s a face, most of it reading its layout tables
    (GSUB, GPOS), for every new set of characters: a page's subset is cut instead from the
    font already cut down to ``WEB_REPERTOIRE`` (kept on disk, made once per font), which
    gives the same bytes in a third of the time. Results are kept on disk too. With
    ``wait=False``, a cut another process is making now raises ``Busy`` (``disk_cached``).
    """
    import fontTools

    key = ("woff2", fontTools.version, hashlib.sha1(chars.encode()).hexdigest())

    def subset() -> bytes:
        if not set(chars) <= _IN_REPERTOIRE:
            return _subset(path, chars, "woff2")
        made_as = ("web-repertoire", fontTools.version, _REPERTOIRE_KEY)
        whole = lambda: _subset(path, WEB_REPERTOIRE, None)  # noqa: E731
        return _subset(disk_cached(session, path, made_as, whole, wait=wait), chars, "woff2")

    made = lambda: disk_cached(session, path, key, subset, wait=wait)  # noqa: E731
    return session.file_memo("woff2", path, made, key)


def _subset(font: Path | bytes, chars: str, flavor: str | None) -> bytes:
    """``font`` (a file, or a font's bytes) cut down to ``chars``, as ``flavor`` (None: TTF)."""
    import io

    from fontTools import subset
    from fontTools.ttLib import TTFont as FontFile

    options = subset.Options()
    options.hinting = False  # half the bytes; screens that render web fonts scale them smoothly
    # Tables the subsetter cannot use (FontForge's FFTM time stamps) are dropped, as they
    # should be; its log line about it would read like a build problem.
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    source = io.BytesIO(font) if isinstance(font, bytes) else font
    with FontFile(source, recalcTimestamp=False) as opened:  # else "modified" is now
        subsetter = subset.Subsetter(options)
        subsetter.populate(text=chars)
        subsetter.subset(opened)
        opened.flavor = flavor
        buf = io.BytesIO()
        opened.save(buf)
    return buf.getvalue()
