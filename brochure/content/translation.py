"""Translations that cannot silently go stale.

A translated content file (``content.es.yaml``) has the same shape as ``content.yaml``. Each
translated unit (the document's words, the key facts, each section by id, the disclaimer)
records ``source_hash``: a short hash of the English unit it was translated from. When the
English changes, the hashes no longer match and check, build and strict mode say so with
both file positions. A unit missing from the translation is reported, never filled with
English.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from typing import Any

from ..errors import Problem, SourceRef
from .model import Content, DocumentInfo


def unit_hash(unit: Any) -> str:
    """Hash of what a translator translates: the words, not the ids or dates around them."""
    if isinstance(unit, DocumentInfo):
        words = (unit.title, unit.subtitle, unit.tagline, unit.main_message, unit.cover_image)
        # A short title joined the unit later: hashes of units without one stay valid.
        unit = (*words, unit.short_title) if unit.short_title else words
    elif hasattr(unit, "source_hash"):
        unit = replace(unit, source_hash=None)
    return hashlib.sha256(repr(unit).encode("utf-8")).hexdigest()[:8]


@dataclass(frozen=True)
class Unit:
    """One translatable piece and where it is."""

    key: str
    value: Any
    src: SourceRef


def units(content: Content) -> dict[str, Unit]:
    b = content.brochure
    out = {"document": Unit("document", content.document, content.document.src.at("document"))}
    if b.key_facts:
        out["key_facts"] = Unit("key_facts", b.key_facts, b.key_facts.src.at("brochure.key_facts"))
    for i, s in enumerate(b.sections):
        out[f"section:{s.id}"] = Unit(f"section '{s.id}'", s, s.src.at(f"brochure.sections[{i}]"))
    out["disclaimer"] = Unit("disclaimer", b.disclaimer, b.disclaimer.src.at("brochure.disclaimer"))
    if content.trifold:  # the tri-fold's own words (the sections it uses are units already)
        out["trifold"] = Unit("trifold", content.trifold, content.trifold.src.at("trifold"))
    return out


def translation_problems(english: Content, translated: Content) -> list[Problem]:
    """Stale, missing and orphaned units, as warnings (``--strict`` makes them errors)."""
    source, target = units(english), units(translated)
    problems = []
    for key, unit in source.items():
        if key not in target:
            problems.append(
                Problem(
                    translated.brochure.src.at("brochure"),
                    f"missing translation of {unit.key} ({unit.src}); "
                    "it is not printed in English instead",
                    "warning",
                )
            )
            continue
        done = target[key]
        now = unit_hash(unit.value)
        recorded = getattr(done.value, "source_hash", None)
        if recorded != now:
            problems.append(
                Problem(
                    done.src,
                    f"stale translation of {unit.key}: the English at {unit.src} changed "
                    f"(source_hash is {recorded or 'missing'}, English is now {now}); "
                    f"update the translation, then set source_hash: {now}",
                    "warning",
                )
            )
    for key, unit in target.items():
        if key not in source:
            problems.append(
                Problem(
                    unit.src, f"{unit.key} has no English original in {english.src.file}", "warning"
                )
            )
    return problems
