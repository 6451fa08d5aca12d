"""The variant registry: each module declares one ``VARIANT`` as data.

A variant says what it composes (which parts of the content, for which audience), how it
renders (a page plan for PDF, or another format), and which finishing steps follow. The
CLI, ``make`` and the tests read this list.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Literal

from ..document.nodes import Document
from ..pipeline import Project
from ..render.pdf.plan import PagePlan

Finish = Literal["impose-saddle", "bleed", "pdfx"]


@dataclass(frozen=True)
class Options:
    """How to build: office or press output, and the date review checks count from (the
    command line reads the clock; nothing below it does)."""

    today: date
    press: bool = False
    pdfx: str | None = None  # press: "x-4" or "x-1a" (default: the brand's, else PDF/X-4)


@dataclass(frozen=True)
class Variant:
    """One output: what it is made of, how it is laid out and finished."""

    name: str
    filename: str
    description: str
    audience: Literal["patient", "clinician"]
    compose: Callable[[Project], Document]
    plan: PagePlan | None  # None: not paged (the HTML companion)
    finish: tuple[Finish, ...] = ()  # office output
    press_finish: tuple[Finish, ...] = ("bleed", "pdfx")  # print-shop output
    needs: Literal["summary", "trifold"] | None = None  # a part of the content it is made of

    def steps(self, press: bool) -> tuple[Finish, ...]:
        return self.press_finish if press else self.finish

    def output_name(self, press: bool) -> str:
        return self.filename.replace(".pdf", "-press.pdf") if press else self.filename


def registry() -> dict[str, Variant]:
    """All variants, in build order."""
    from . import booklet, brochure, html, large_print, summary, trifold

    variants = [
        brochure.VARIANT,
        summary.VARIANT,
        booklet.VARIANT,
        large_print.VARIANT,
        trifold.VARIANT,
        html.VARIANT,
    ]
    return {v.name: v for v in variants}


def applicable(project: Project) -> list[str]:
    """The variants this content makes: the clinician summary only when it has a summary,
    the tri-fold only when it says what the tri-fold carries."""
    content = project.content
    return [n for n, v in registry().items() if v.needs is None or getattr(content, v.needs)]
