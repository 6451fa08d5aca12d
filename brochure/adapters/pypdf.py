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


def add_object(writer: PdfWriter, obj: Any) -> Any:
    """Add ``obj`` as an indirect object (``_add_object``): a structure tree is a web of
    references, and pypdf has no public call that makes one."""
    return writer._add_object(obj)


def font_decoder(font: Any, width: int = 1) -> dict[int, str]:
    """How a font's codes (``width`` bytes each) map to Unicode: ``/ToUnicode``, else
    ``/Encoding``.

    pypdf decodes fonts only inside ``extract_text``, which reports whole strings without the
    per-glyph positions the preflight measures; ``pypdf._cmap.get_encoding`` is the part of it
    that reads a font's maps, and pypdf has no public way to call it.
    """
    from pypdf._cmap import get_encoding

    encoding, cmap = get_encoding(font)
    table: dict[int, str] = {}
    if isinstance(encoding, dict):
        table.update(encoding)
    elif width == 1:
        table.update({i: bytes([i]).decode(encoding, "replace") for i in range(256)})
    else:  # a two-byte encoding such as UCS-2: decode the codes the text uses, on demand
        table = _Codec(encoding)
    for key, value in cmap.items():
        if isinstance(key, str) and len(key) == width and isinstance(value, str):
            table[int.from_bytes(key.encode("latin-1"), "big")] = value
    return table


class _Codec(dict[int, str]):
    """Two-byte codes decoded with a codec when they are first looked up."""

    def __init__(self, codec: str) -> None:
        super().__init__()
        self.codec = codec

    def __missing__(self, code: int) -> str:
        self[code] = value = code.to_bytes(2, "big").decode(self.codec, "replace")
        return value


def file_id(writer: PdfWriter) -> bytes:
    """The first half of the trailer /ID a writer cloned from its reader (``_ID``): pypdf
    writes it back but has no public way to read it, and PDF/X's XMP names the document by it."""
    ident = writer._ID
    return bytes(ident[0]) if ident else b""


def set_info_name(writer: PdfWriter, key: str, value: str) -> None:
    """Set an Info entry to a name (PDF/X's ``/Trapped /False``): ``add_metadata`` turns
    every value into a string, and the Info dictionary (``_info``) has no other setter."""
    from pypdf.generic import DictionaryObject

    if writer._info is None:
        writer._info = DictionaryObject()
    info: Any = writer._info.get_object()
    info[NameObject(key)] = NameObject(value)
