"""The variant registry: each module exports one ``VARIANT``.

The CLI and Makefile read this list.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Literal

from ..pipeline import Project
from ..render import Rendered


@dataclass(frozen=True)
class Options:
    """How to build: office or press output, and the date checks count from."""

    press: bool = False
    today: date | None = None


@dataclass(frozen=True)
class Variant:
    name: str
    filename: str
    description: str
    audience: Literal["patient", "clinician"]
    build: Callable[[Project, Options], Rendered]
    reads: tuple[str, ...]  # the parts of content.yaml it prints (for rebuilds and watch)


def registry() -> dict[str, Variant]:
    """All variants, in build order."""
    from . import booklet, brochure, html, large_print, summary

    variants = [
        brochure.VARIANT,
        summary.VARIANT,
        booklet.VARIANT,
        large_print.VARIANT,
        html.VARIANT,
    ]
    return {v.name: v for v in variants}
