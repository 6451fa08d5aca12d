"""svglib's font lookup, answered from the brand's fonts only; its drawings kept on disk.

Nothing here imports svglib at module level: a drawing read back from the cache must not
need it (svglib, lxml, tinycss2 and cssselect2 cost each cold build 20 ms).
"""

from __future__ import annotations

import importlib.util
import io
import pickle
from collections.abc import Callable
from pathlib import Path
from types import BuiltinFunctionType, FunctionType
from typing import Any

from reportlab.graphics.shapes import Drawing
from reportlab.graphics.shapes import Path as PathShape

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


def installed_version() -> str:
    """svglib's version and its converter's file size and time, read without importing it
    (importing svglib, or importlib.metadata to ask, costs a cold build 25 ms or more)."""
    spec = importlib.util.find_spec("svglib")
    if spec is None or spec.origin is None:  # pragma: no cover - a dependency of the package
        return "svglib missing"
    package = Path(spec.origin).parent
    dist = sorted(p.name for p in package.parent.glob("svglib-*.dist-info"))
    try:
        st = (package / "svglib.py").stat()
        stamp = f"{st.st_size}-{st.st_mtime_ns}"
    except OSError:  # pragma: no cover - an installation without the source file
        stamp = "?"
    return f"{'/'.join(dist) or 'svglib ?'} {stamp}"


class NoStrokePath(PathShape):
    """svglib 2.3.2's ``NoStrokePath`` (a filled shape made of an unclosed path), without
    svglib: never stroked, whatever its attributes say."""

    def getProperties(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        props: dict[str, Any] = super().getProperties(*args, **kwargs)
        if "strokeWidth" in props:
            props["strokeWidth"] = 0
        if "strokeColor" in props:
            props["strokeColor"] = None
        return props


class ClippingPath(PathShape):
    """svglib 2.3.2's ``ClippingPath`` (a clip-path's outline), without svglib: neither
    filled nor stroked (its ``isClipPath`` attribute is kept with the rest of its state)."""

    def getProperties(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        props: dict[str, Any] = PathShape.getProperties(self, *args, **kwargs)
        if "fillColor" in props:
            props["fillColor"] = None
        if "strokeColor" in props:
            props["strokeColor"] = None
        return props


# svglib's shapes whose behaviour is copied above: pickled as these, so that reading the
# drawing back needs no svglib. Its gradients (drawn by svglib's own code) are not copied.
MIRRORS: dict[str, type[Any]] = {"NoStrokePath": NoStrokePath, "ClippingPath": ClippingPath}
# Where every class and function in a kept drawing comes from; anything else (svglib's
# gradients; the Pillow images of data: URIs, which ReportLab prints from their open file)
# and the drawing is not kept.
KEPT_MODULES = frozenset(
    {
        "reportlab.graphics.shapes",
        "reportlab.lib.attrmap",
        "reportlab.lib.colors",
        "reportlab.lib.validators",
        __name__,
    }
)


class NotKept(Exception):
    """The drawing holds something that cannot be kept on disk (see ``KEPT_MODULES``)."""


def _new(cls: type[Any]) -> Any:
    """An empty ``cls`` for pickle to fill with the state of the svglib shape it mirrors."""
    return object.__new__(cls)


class _Pickler(pickle.Pickler):
    def reducer_override(self, obj: Any) -> Any:
        """svglib's shapes as their copies here; any other object, class or function must
        come from ``KEPT_MODULES``. Checked before pickle asks the object for its state:
        a Pillow image would decode itself and close the file ReportLab prints it from."""
        cls = type(obj)
        if cls.__module__ == "svglib.svglib" and cls.__name__ in MIRRORS:
            return _new, (MIRRORS[cls.__name__],), obj.__dict__
        named = obj if isinstance(obj, (type, FunctionType, BuiltinFunctionType)) else cls
        if named.__module__ not in KEPT_MODULES:
            raise NotKept(f"{named.__module__}.{named.__qualname__}")
        return NotImplemented


class _Unpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        if module not in KEPT_MODULES:
            raise pickle.UnpicklingError(f"{module}.{name} is not part of a kept drawing")
        return super().find_class(module, name)


def freeze(drawing: Any) -> tuple[bytes, Any] | None:
    """The drawing as bytes, and the drawing read back from them (what a later build will
    print, so print that one now too); None if it cannot be kept."""
    buf = io.BytesIO()
    try:
        _Pickler(buf, protocol=pickle.HIGHEST_PROTOCOL).dump(drawing)
    except NotKept:
        return None
    data = buf.getvalue()
    return data, thaw(data)


def thaw(data: bytes) -> Any:
    """The drawing ``freeze`` made. Raises whatever unpickling raises (a truncated file, a
    class that changed): the caller parses the SVG again.

    Unpickling runs code named by the bytes; they come from the project's own ``.cache``
    folder, written by this tool, which is the same trust as running the project's
    Makefile. Only ReportLab's shape classes and this module's are accepted all the same,
    so that a stale or foreign file fails here rather than importing anything.
    """
    drawing = _Unpickler(io.BytesIO(data)).load()
    if not isinstance(drawing, Drawing):
        raise pickle.UnpicklingError(f"not a drawing but {type(drawing).__name__}")
    return drawing
