"""Renderers: siblings over the same document tree (PDF, HTML, plain text).

Each returns an ``Output``: neutral bytes and facts that the orchestrator finishes, checks
and writes, whatever the format.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple

from ..theme.images import Placement

# The PDF Info key naming the variant a file was built as: the preflight reads it, so a
# renamed file is still checked against its own variant's rules.
VARIANT_KEY = "BrochureVariant"
FORMS_KEY = "BrochureFormPages"  # pages of forms padding the end (the preflight's exemption)


class Placed(NamedTuple):
    """One flowable as layout placed it: the page, the frame, and the content block (its
    source position) being laid out, which a split part no longer carries itself."""

    page: int
    frame: str
    src: Any
    flowable: Any


@dataclass
class Output:
    """What a renderer produced: media type, bytes, page count and what layout learned."""

    media_type: str
    data: bytes
    pages: int = 0
    images: list[Placement] = field(default_factory=list)
    placed: list[Placed] = field(default_factory=list, repr=False)
    # Folded sheets: where each page's folds are, from its left edge (press marks them).
    folds: tuple[tuple[float, ...], ...] = ()
