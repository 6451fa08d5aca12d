"""Checks that span several fields of the content model (ids, citations, required parts)."""

from __future__ import annotations

import re

from ..errors import Report
from .model import Content, Section

CITATION = re.compile(r"\[@([a-z0-9][a-z0-9-]*)\]")


def validate_content(content: Content, report: Report) -> None:
    """Report duplicate ids, unknown citations and unused references."""
    _unique_ids(content.brochure.sections, "brochure.sections", report)
    if content.summary:
        _unique_ids(content.summary.sections, "summary.sections", report)
    known: dict[str, int] = {}
    for i, ref in enumerate(content.references):
        if ref.id in known:
            report.error(
                ref.src.at(f"references[{i}].id"),
                f"duplicate reference id '{ref.id}' (first is references[{known[ref.id]}])",
            )
        known.setdefault(ref.id, i)
    for text in iter_texts(content):
        for m in CITATION.finditer(text):
            if m.group(1) not in known:
                ref = text.ref_at(m.start()) if hasattr(text, "ref_at") else None
                report.error(
                    ref,
                    f"cites unknown reference '{m.group(1)}' (known: {', '.join(known) or 'none'})",
                )


def _unique_ids(sections: list[Section], path: str, report: Report) -> None:
    seen: dict[str, int] = {}
    for i, section in enumerate(sections):
        if section.id in seen:
            report.error(
                section.id.src.at(f"{path}[{i}].id") if section.id.src else section.src,
                f"duplicate section id '{section.id}' (also used by {path}[{seen[section.id]}])",
            )
        seen.setdefault(section.id, i)


def iter_texts(obj: object):  # type: ignore[no-untyped-def]
    """Yield every string in a model tree, in document order (used by the glyph and link checks)."""
    from dataclasses import fields, is_dataclass

    if isinstance(obj, str):
        yield obj
    elif isinstance(obj, list):
        for item in obj:
            yield from iter_texts(item)
    elif is_dataclass(obj):
        for f in fields(obj):
            if f.name != "src":
                yield from iter_texts(getattr(obj, f.name))
