"""ReportLab internals we rely on, and the global settings a build changes and restores."""

from __future__ import annotations

import copy
import hashlib
import marshal
import os
import re
import sys
import threading
import types
import weakref
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from .regex import compile_on_first_use

# Builds must not depend on the home directory or the machine. At its first import ReportLab
# runs ``~/.reportlab_mods`` (Python) and executes ``~/.reportlab_settings``, unless modules
# named ``reportlab_mods`` / ``reportlab_settings`` import first; it then takes any ``RL_*``
# environment variable as a setting, and lists every folder under /usr/share/fonts (os.walk
# in rl_settings). So, before anything imports reportlab (``brochure``'s ``__init__`` imports
# this module first): empty stand-ins for those two modules, no ``RL_*`` variables, and
# os.walk finds nothing while rl_config loads. Its font search paths (home and system font
# folders) are cut back to its own folder below: no font is ever found by name elsewhere.
if "reportlab" not in sys.modules:
    # Two patterns ReportLab compiles as it loads and a build rarely uses, compiled when
    # first used (adapters/regex.py): splitting a long URL across lines (IGNORECASE over
    # all of Unicode: 27 ms of every cold build) and splitting CJK words.
    uri = (
        "(^(?:[a-z0-9\\.\\-\\+]*)://)(?:\\S+(?::\\S*)?@)?(?:(?:25[0-5]|2[0-4]\\d|[0-1]?\\d?\\d)"
        "(?:\\.(?:25[0-5]|2[0-4]\\d|[0-1]?\\d?\\d)){3}|\\[[0-9a-f:\\.]+\\]|([a-z\xa1-\uffff0-9]"
        "(?:[a-z\xa1-\uffff0-9-]{0,61}[a-z\xa1-\uffff0-9])?(?:\\.(?!-)[a-z\xa1-\uffff0-9-]{1,63}"
        "(?<!-))*\\.(?!-)(?:[a-z\xa1-\uffff-]{2,63}|xn--[a-z0-9]{1,59})(?<!-)\\.?|localhost))"
        "(?::\\d{2,5})?(?:[/?#][^\\s]*)?\\Z"
    )
    compile_on_first_use([(uri, re.I.value), ("([\u2e80-\uffff])", re.UNICODE.value)])
    for _name in ("reportlab_mods", "reportlab_settings"):
        sys.modules.setdefault(_name, types.ModuleType(_name))
    for _key in [k for k in os.environ if k.startswith("RL_")]:
        del os.environ[_key]
    _walk = os.walk
    setattr(os, "walk", lambda *_a, **_k: iter(()))  # noqa: B010 - mypy: a different signature
    try:
        from reportlab import rl_config
    finally:
        os.walk = _walk

from reportlab import rl_config  # after the isolation above, on purpose
from reportlab.pdfbase import pdfdoc, pdfmetrics, ttfonts
from reportlab.pdfbase.pdfdoc import PDFDictionary, PDFInfo, PDFString
from reportlab.platypus import Flowable, KeepTogether, Table

_OWN = Path(rl_config.__file__).resolve().parent
for _setting in ("T1SearchPath", "TTFSearchPath", "CMapSearchPath"):
    setattr(
        rl_config,
        _setting,
        [d for d in getattr(rl_config, _setting) if Path(d).resolve().is_relative_to(_OWN)],
    )

WRITTEN_FOR = "5.1.0"

# What a build sets: same inputs, same bytes (fixed dates and ids); binary streams (ASCII85
# makes images 25% bigger and costs a third of a build); the canvas and graphics default
# font (the page preamble and SVG groups name it, so it must be an embedded brand font).
_SETTINGS = ("invariant", "useA85", "defaultGraphicsFontName", "canvas_basefontname")


@contextmanager
def build_settings(base_font: str, epoch: int) -> Iterator[None]:
    """Set ReportLab's process-wide options for one layout, and put them back afterwards.

    ``epoch`` is the date the PDF says it was made (the content's review date, never the
    clock); ReportLab reads it from ``SOURCE_DATE_EPOCH``.
    """
    saved = {name: getattr(rl_config, name) for name in _SETTINGS}
    saved_epoch = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    rl_config.invariant = 1
    rl_config.useA85 = 0
    rl_config.defaultGraphicsFontName = rl_config.canvas_basefontname = base_font
    try:
        yield
    finally:
        for name, value in saved.items():
            setattr(rl_config, name, value)
        if saved_epoch is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = saved_epoch


def page_state(canvas: Any) -> dict[str, Any]:
    """A finished page's whole canvas state. Canvas has no public way to hold a page open
    until the page count is known ("Page N of M" in one pass), so the state is copied."""
    return dict(canvas.__dict__)


def restore_page_state(canvas: Any, state: dict[str, Any]) -> None:
    canvas.__dict__.update(state)


def pdf_document(canvas: Any) -> Any:
    """The canvas's PDFDocument (private ``_doc``): where the Info dictionary lives."""
    return canvas._doc


def page_object(canvas: Any, index: int) -> Any:
    """Finished page ``index`` (0-based) as the document holds it: the canvas registers each
    page as ``Page<n>`` in ``_doc.idToObject`` and has no public way to reach it again, and
    a tagged PDF adds keys to every page once the structure tree is known."""
    return canvas._doc.idToObject[f"Page{index + 1}"]


def annotation(canvas: Any, page: Any, index: int) -> tuple[Any, PDFDictionary]:
    """The ``index``-th annotation of ``page``: its reference and its dictionary (which may
    still gain keys: it is written when the document is saved)."""
    ref = page.Annots[index]
    return ref, canvas._doc.idToObject[ref.name]


class _PageForm(pdfdoc.PDFFormXObject):
    """A Form XObject holding a whole page. ReportLab's own forms list only fonts and
    XObjects among their resources, so a page's transparency states, shadings and colour
    spaces would be lost; this one lists them as ``PDFPage`` does."""

    def format(self, document: Any) -> Any:
        resources = pdfdoc.PDFResourceDictionary()
        resources.basicFonts()
        resources.allProcs()
        if self.XObjects:
            resources.XObject = self.XObjects
        if self.ExtGState:
            resources.ExtGState = self.ExtGState
        resources.setShading(self._shadingUsed)
        resources.setColorSpace(self._colorsUsed)
        self.Resources = resources
        return super().format(document)


def page_as_form(canvas: Any, name: str) -> list[Any]:
    """Close the canvas's current page as the Form XObject ``name`` instead of a page, and
    start the next; return the page's link annotations (references), which a form cannot
    hold: the sheet it is drawn on takes them (``move_link``, ``set_links``). This is
    ``Canvas.showPage`` and ``endForm`` in one (ReportLab 5.1: its accumulators, private)."""
    width, height = canvas._pagesize
    form = _PageForm(0, 0, width, height)
    form.compression = canvas._pageCompression
    form.setStreamList([canvas._preamble, *canvas._code, " "])
    canvas._setColorSpace(form)
    canvas._setExtGState(form)
    canvas._setXObjects(form)
    canvas._setShadingUsed(form)
    canvas._doc.addForm(name, form)
    links = list(canvas._annotationrefs)
    canvas._startPage()
    return links


def move_link(canvas: Any, link: Any, dx: float) -> Any:
    """Move a link annotation's ``/Rect`` ``dx`` along the page; return its reference."""
    annot = canvas._doc.idToObject[link.name]
    x1, y1, x2, y2 = annot["Rect"].sequence
    annot["Rect"] = pdfdoc.PDFArray([x1 + dx, y1, x2 + dx, y2])
    return link


def set_links(canvas: Any, links: list[Any]) -> None:
    """The link annotations of the page being drawn (private ``_annotationrefs``)."""
    canvas._annotationrefs = list(links)


def add_page_keys(page: Any, keys: dict[str, Any]) -> None:
    """Add entries to a page's dictionary. ``PDFPage`` writes only the keys its class lists
    in ``__NoDefault__`` (no /StructParents, no /Tabs), so this page's list grows."""
    for key, value in keys.items():
        setattr(page, key, value)
    page.__NoDefault__ = [*page.__NoDefault__, *(k for k in keys if k not in page.__NoDefault__)]


class ControlledInfo(PDFInfo):
    """PDF Info with custom keys, so a clinic can audit a copy it finds in a drawer.

    PDFInfo writes a fixed set of keys; there is no public hook for more, so its formatted
    dictionary is extended here.
    """

    def __init__(self, extra: dict[str, str], base: PDFInfo) -> None:
        super().__init__()
        self.__dict__.update(base.__dict__)
        self.extra = extra

    def format(self, document: Any) -> bytes:
        base = super().format(document)
        extra = PDFDictionary({k: PDFString(v) for k, v in self.extra.items()}).format(document)
        # Both are "<< ... >>": splice the custom keys into the standard dictionary.
        return bytes(base.rstrip()[:-2] + extra.strip()[2:])


def add_info_keys(canvas: Any, extra: dict[str, str]) -> None:
    """Add keys to the Info dictionary; callable again later in the layout (it is written
    when the document is saved), keeping the keys added before."""
    if extra:
        doc = pdf_document(canvas)
        if isinstance(doc.info, ControlledInfo):
            doc.info.extra.update(extra)
        else:
            doc.info = ControlledInfo(dict(extra), doc.info)


def table_rows(table: Table) -> int:
    """Rows in a (possibly split) table; ``_cellvalues`` is the only record of them."""
    return len(table._cellvalues)


def row_heights(table: Table) -> list[float]:
    """Row heights after ``wrap``; ReportLab keeps them in ``_rowHeights``."""
    return list(table._rowHeights)


def kept_together(flowable: Flowable) -> list[Flowable]:
    """The flowables a KeepTogether holds (``_content``), or the flowable itself; nesting
    one KeepTogether in another reports an "infinite" height, so callers flatten instead."""
    return list(flowable._content) if isinstance(flowable, KeepTogether) else [flowable]


def registered_ttf_names() -> set[str]:
    """Names of registered TrueType fonts; pdfmetrics has no public list of font objects."""
    return {
        name
        for name, font in pdfmetrics._fonts.items()
        if hasattr(font, "face") and hasattr(font.face, "charToGlyph")
    }


def frame_room(frame: Any) -> float:
    """Height left in a frame: ``_y`` (the current position) less ``_y1p`` (the foot, inside
    padding); Frame has no public call for it, and a floating figure must know it."""
    return float(frame._y - frame._y1p)


def annotation_count(canvas: Any) -> int:
    """Annotations on the page being drawn (``_annotationrefs``): a tagged PDF ties each
    link to the structure element it is drawn in, and the canvas has no public list."""
    return len(canvas._annotationrefs)


def current_matrix(canvas: Any) -> tuple[float, ...]:
    """The canvas's transformation (``_currentMatrix``): a figure's bounding box on the page
    must be in page coordinates, and flowables draw inside translated tables."""
    return tuple(canvas._currentMatrix)


def subset_tag(font_name: str, subset: Sequence[int]) -> bytes:
    """Six capital letters from a hash of the font's name and the characters in the subset.

    ReportLab tags every font's first subset ``AAAAAA+``, its second ``AAAAAB+``...; when a
    print shop merges two of our files (or one file uses two fonts) the tags collide and a
    RIP may take one font's subset for the other's. A hash keeps the tag the same for the
    same subset (builds stay byte-for-byte reproducible) and different for different ones.
    """
    digest = hashlib.sha256(font_name.encode() + b"\0" + ",".join(map(str, subset)).encode())
    return bytes(65 + b % 26 for b in digest.digest()[:6])


def tag_subsets(font: ttfonts.TTFont) -> ttfonts.TTFont:
    """Make a registered font name its subsets with ``subset_tag``.

    ``pdfmetrics.registerFont`` keeps the first font object registered for a face and hands
    it out for every later name, so a plain ``TTFont`` registered earlier in the process (by
    a test, a script) would be the one a build uses; its class is switched to the subclass,
    which only changes how subsets are named.
    """
    if not isinstance(font, TaggedTTFont):
        font.__class__ = TaggedTTFont
    return font


# The file's bytes, a function of unitsPerEm, and the file's path: a kept face serves every
# project with a copy of the same file (BROCHURE_CACHE), so it takes the path of the file it
# is restored for (the logo's outlines open it), not of the one it was first parsed from.
_LEFT_OUT = ("_ttf_data", "_pdfScale", "filename")


def face_state(font: ttfonts.TTFont) -> bytes:
    """What ReportLab's parser read from a TrueType file (``TTFontFace``'s attributes:
    metrics, the character map, glyph offsets), as bytes to keep between processes.
    Parsing a face costs 5-10 ms a build; loading this, about 1. ``marshal``, not pickle:
    it reads these dictionaries of numbers back in half the time (names, a ``bytes``
    subclass it does not know, travel as their text)."""
    state = {
        k: (_NAME, v.ustr) if isinstance(v, ttfonts.TTFNameBytes) else v
        for k, v in vars(font.face).items()
        if k not in _LEFT_OUT
    }
    return marshal.dumps(state)


_NAME = "\0TTFNameBytes"


def font_from_state(name: str, path: Path, state: bytes) -> TaggedTTFont:
    """``TaggedTTFont(name, path)`` with its face restored from ``face_state``'s bytes (made
    from this same file) instead of parsed. ``TTFont.__init__`` builds its face by calling
    the module's ``TTFontFace``, so that name is swapped for the call (one thread), and the
    attributes ``face_state`` leaves out are made as ``TTFontFace`` makes them."""
    face = ttfonts.TTFontFace.__new__(ttfonts.TTFontFace)
    face.__dict__.update(
        {
            k: ttfonts.TTFNameBytes(v[1].encode("utf8"))
            if isinstance(v, tuple) and len(v) == 2 and v[0] == _NAME
            else v
            for k, v in marshal.loads(state).items()
        }
    )
    face._ttf_data, face.filename = path.read_bytes(), str(path)
    per_em = 1000 / face.unitsPerEm
    face._pdfScale = (lambda x: x) if per_em == 1 else (lambda x: x * per_em)
    original = ttfonts.TTFontFace
    ttfonts.TTFontFace = lambda *_a, **_k: face
    try:
        return TaggedTTFont(name, str(path))
    finally:
        ttfonts.TTFontFace = original


class TaggedTTFont(ttfonts.TTFont):
    """A TrueType font whose subsets get content-derived tags (``subset_tag``).

    ``TTFont.addObjects`` names each subset with the module function ``ttfonts.SUBSETN(n)``,
    which only knows the subset's number; there is no hook for the name, so the function is
    swapped for the duration of the call (one call per font per document, in one thread).
    """

    def addObjects(self, doc: Any) -> None:
        state = self.state.get(doc)
        subsets = list(state.subsets) if state is not None else []
        name = (
            self.face.name.decode("latin-1")
            if isinstance(self.face.name, bytes)
            else str(self.face.name)
        )
        original = ttfonts.SUBSETN
        ttfonts.SUBSETN = lambda n, *_: subset_tag(name, subsets[n])
        try:
            super().addObjects(doc)
        finally:
            ttfonts.SUBSETN = original


class SplitTable(Table):
    """A table whose rows split across pages at the width their text is set in.

    ReportLab 5.1's ``Table._splitCell`` splits a cell's flowables at the column width, not
    the column less its padding, while the drawing re-wraps them at the narrower width: the
    top half then needs more lines than the row was given, and its last lines print below the
    box (a callout split in large print). The private hook is the only place to say so.
    """

    def _splitCell(
        self, value: Any, style: Any, old_height: float, new_height: float, width: float
    ) -> Any:
        inner = width - style.leftPadding - style.rightPadding
        return super()._splitCell(value, style, old_height, new_height, inner)


def cmyk_with_alpha(cmyk: Any, alpha: Any) -> Any:
    """A ReportLab image source of CMYK pixels with a soft mask (``alpha``, mode L).

    ``ImageReader`` takes a picture's transparency only from an RGBA or LA image (Pillow
    has no CMYK-with-alpha mode) and keeps it in the private ``_dataA``, which the PDF
    writer turns into the image's /SMask; the reader below sets it for CMYK pixels.
    """
    from reportlab.lib.utils import ImageReader

    class _Reader(ImageReader):
        def getRGBData(self) -> Any:
            data = super().getRGBData()
            self._dataA = ImageReader(alpha)
            return data

    return _Reader(cmyk)


KEPT_IMAGES = 32  # image objects a process keeps, latest used last
KEPT_DRAWINGS = 16  # drawings' operators a process keeps, latest used last
_images: dict[tuple[str, bool], Any] = {}
_drawn: dict[tuple[Any, ...], tuple[weakref.ref[Any], list[str]]] = {}
_kept_lock = threading.Lock()  # the library's thread executor draws in several threads


def _image_object(name: str, image: Any) -> Any:
    """A new ``PDFImageXObject`` for one document, its stream (and soft mask) made from
    ``image`` once per process: a leaflet draws the same logo, cover and figures in each
    of its documents, and making the object decodes the picture, splits off its alpha and
    deflates the pixels again (a fifth of a library build whose brands have raster logos).
    An object is registered and written by each document as its own, so each gets a copy;
    ``format`` only reads them. Streams depend on ``useA85``, which is part of the key."""
    made_for = (name, bool(rl_config.useA85))
    with _kept_lock:
        made = _images.get(made_for)
        if made is None:
            made = pdfdoc.PDFImageXObject(name, image, mask="auto")
            made.name = name
        _latest(_images, made_for, made, KEPT_IMAGES)
    obj = copy.copy(made)
    if getattr(made, "_smask", None) is not None:
        obj._smask = copy.copy(made._smask)
    return obj


# Operators that name something the document holds (a graphics state, a font, an image, a
# shading, a colour space such as a spot colour, marked content's properties): a drawing's
# operators that use one are made again in each document.
_NAMES_A_RESOURCE = re.compile(r"(?:^|\s)(?:gs|Tf|Do|BI|sh|cs|CS|scn|SCN|BDC)(?:\s|$)")


def draw_vector(canvas: Any, drawing: Any) -> None:
    """``renderPDF.draw(drawing, canvas, 0, 0)``, its operators made once per drawing.

    A logo is drawn on the cover and the back of every document of a leaflet, from the same
    drawing object; walking its shapes through ReportLab's renderer each time was a tenth of
    a library build. The operators go into the page (``canvas._code``, ReportLab's own page
    content) exactly as the renderer writes them, so the file is the same. They are kept
    only when they stand alone: none names a document's resource, and they were made in the
    same graphics state (the transparency and overprint settings ``ExtGState`` skips setting
    when unchanged) and under the same ``invariant`` setting (the order of state changes).
    The renderer's Python-side changes to the canvas are undone by the caller's
    ``restoreState``, as they are when it runs."""
    from reportlab.graphics import renderPDF

    made_in = (id(drawing), tuple(sorted(canvas._extgstate._d.items())), rl_config.invariant)
    with _kept_lock:
        kept = _drawn.get(made_in)
    if kept is not None and kept[0]() is drawing:
        canvas._code.extend(kept[1])
        return
    start = len(canvas._code)
    renderPDF.draw(drawing, canvas, 0, 0)
    operators = canvas._code[start:]
    if _NAMES_A_RESOURCE.search("\n".join(operators)):
        return
    with _kept_lock:  # a drawing is not held: what its session is done with goes
        for gone in [k for k, (ref, _ops) in _drawn.items() if ref() is None]:
            del _drawn[gone]
        _latest(_drawn, made_in, (weakref.ref(drawing), operators), KEPT_DRAWINGS)


def _latest(table: dict[Any, Any], key: Any, value: Any, most: int) -> None:
    """``table[key] = value`` as the latest used (last), dropping the oldest beyond ``most``."""
    table.pop(key, None)
    table[key] = value
    while len(table) > most:
        del table[next(iter(table))]


def draw_image(canvas: Any, image: Any, key: bytes, box: tuple[float, float, float, float]) -> None:
    """``canvas.drawImage(image, *box, mask="auto")``, with the image object named by
    ``key`` (a hash of the prepared file's bytes) instead of by its decoded pixels.

    ``drawImage`` names an ``ImageReader``'s XObject by the md5 of ``getRGBData()``: it
    decodes every JPEG to raw pixels only to hash them (and keeps them), then embeds the
    JPEG as it is. Its registration of the object is repeated here with that one change;
    ``_doc``, ``_setXObjects``, ``_formsinuse`` and ``_currentPageHasImages`` are its own
    private calls (ReportLab 5.1), so the object and its soft mask are written as before.
    The object's stream is made once per process (``_image_object``), not once per document.
    """
    canvas._currentPageHasImages = 1
    name = "ImgK" + hashlib.md5(key + b"auto").hexdigest()
    reg_name = canvas._doc.getXObjectName(name)
    if not canvas._doc.idToObject.get(reg_name):
        obj = _image_object(name, image)
        canvas._setXObjects(obj)
        canvas._doc.Reference(obj, reg_name)
        canvas._doc.addForm(name, obj)
        smask = getattr(obj, "_smask", None)
        if smask:
            mask_name = canvas._doc.getXObjectName(smask.name)
            if not canvas._doc.idToObject.get(mask_name):
                canvas._setXObjects(smask)
                obj.smask = canvas._doc.Reference(smask, mask_name)
            else:
                obj.smask = pdfdoc.PDFObjectReference(mask_name)
            del obj._smask
    x, y, width, height = box
    canvas.saveState()
    canvas.translate(x, y)
    canvas.scale(width, height)
    canvas._code.append(f"/{reg_name} Do")
    canvas.restoreState()
    canvas._formsinuse.append(name)
