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
