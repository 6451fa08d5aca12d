"""Checks that span several fields of the content model (ids, citations, required parts)."""

from __future__ import annotations

from dataclasses import fields, is_dataclass
from functools import cache

from ..errors import Report
from .inline import citations
from .model import Content, Section


def validate_content(content: Content, report: Report) -> None:
    """Report duplicate section and reference ids, and citations of unknown references."""
    _unique_ids(content.brochure.sections, "brochure.sections", report)
    if content.summary:
        _unique_ids(content.summary.sections, "summary.sections", report)
    if content.trifold:
        _trifold_uses(content, report)
    known: dict[str, int] = {}
    for i, ref in enumerate(content.references):
        if ref.id in known:
            report.error(
                ref.src.at(f"references[{i}].id"),
                f"duplicate reference id '{ref.id}' (first is references[{known[ref.id]}])",
            )
        known.setdefault(ref.id, i)
    for text in iter_texts(content):
        for offset, ref_id in citations(text):
            if ref_id not in known:
                where = text.ref_at(offset) if hasattr(text, "ref_at") else None
                report.error(
                    where,
                    f"cites unknown reference '{ref_id}' (known: {', '.join(known) or 'none'})",
                )


def _trifold_uses(content: Content, report: Report) -> None:
    """Every tri-fold section ``use``s a brochure section that exists, and ``only`` its blocks."""
    assert content.trifold is not None
    sections = {str(s.id): s for s in content.brochure.sections}
    for part in ("flap", "sections"):
        for i, item in enumerate(getattr(content.trifold, part)):
            if item.use is None:
                continue
            path = f"trifold.{part}[{i}]"
            used = sections.get(str(item.use))
            if used is None:
                report.error(
                    (item.use.src or item.src).at(f"{path}.use"),
                    f"no brochure section '{item.use}' (sections: {', '.join(sections)})",
                )
                continue
            bad = [n for n in item.only if not 1 <= n <= len(used.blocks)]
            if bad:
                report.error(
                    item.src.at(f"{path}.only"),
                    f"section '{used.id}' has blocks 1 to {len(used.blocks)}, not {bad[0]}",
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


def iter_texts(obj: object) -> list[str]:
    """Every string in a model tree, in document order (used by the glyph and link checks)."""
    found: list[str] = []
    _collect(obj, found)
    return found


def _collect(obj: object, found: list[str]) -> None:
    if isinstance(obj, str):
        found.append(obj)
    elif isinstance(obj, list):
        for item in obj:
            _collect(item, found)
    elif is_dataclass(obj):
        cls: type = type(obj)
        for name in _text_fields(cls):
            _collect(getattr(obj, name), found)


@cache
def _text_fields(cls: type) -> tuple[str, ...]:
    """A model class's fields but ``src`` (looked up once per class, not once per object)."""
    return tuple(f.name for f in fields(cls) if f.name != "src")
