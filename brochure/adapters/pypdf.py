"""pypdf internals we rely on: the document catalog of a writer."""

from __future__ import annotations

from typing import Any

from pypdf import PdfWriter
from pypdf.generic import NameObject, TextStringObject

WRITTEN_FOR = "7.1.1"


def catalog(writer: PdfWriter) -> Any:
    """The writer's catalog (``_root_object``): pypdf has no public setter for ``/Lang``."""
    return writer._root_object


def set_lang(writer: PdfWriter, lang: str) -> None:
    catalog(writer)[NameObject("/Lang")] = TextStringObject(lang)


def font_decoder(font: Any) -> tuple[dict[int, str], bool]:
    """How one simple font's codes map to Unicode (``/ToUnicode``, else ``/Encoding``), and
    whether it had a ToUnicode map.

    pypdf decodes fonts only inside ``extract_text``, which reports whole strings without the
    per-glyph positions the preflight measures; ``pypdf._cmap.get_encoding`` is the part of it
    that reads a font's maps, and pypdf has no public way to call it.
    """
    from pypdf._cmap import get_encoding

    encoding, cmap = get_encoding(font)
    table: dict[int, str] = {}
    if isinstance(encoding, dict):
        table.update(encoding)
    else:
        table.update({i: bytes([i]).decode(encoding, "replace") for i in range(256)})
    for key, value in cmap.items():
        if isinstance(key, str) and len(key) == 1 and isinstance(value, str):
            table[ord(key)] = value
    return table, bool(cmap)
