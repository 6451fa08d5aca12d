"""Lay out a story with ReportLab into PDF bytes, deterministically, in one pass."""

from __future__ import annotations

import io
from collections.abc import Callable
from functools import partial
from typing import Any

from reportlab.platypus.doctemplate import LayoutError

from ...adapters.reportlab import build_settings
from ...errors import BrochureError
from ...theme.images import recording
from .. import Output
from .pages import BrochureDoc, DeferredCanvas
from .tags import Elem


def layout(
    make_doc: Callable[[io.BytesIO], BrochureDoc],
    story: list[Any],
    base_font: str,
    epoch: int,
    colors: Callable[[Any], Any] | None = None,
    structure: Elem | None = None,
    title: str = "",
    impose: bool = False,
) -> Output:
    """Build ``story`` with the doc template ``make_doc`` returns, into PDF bytes, tagged
    with ``structure`` (titled ``title``) when there is one; ``impose``: two-up on sheets in
    saddle-stitch order (untagged), as the office booklet prints.

    ``colors`` sees every colour the canvas sets (ReportLab's ``enforceColorSpace`` hook):
    press output converts them all to CMYK there, whoever draws them, and has no links.
    """
    buf = io.BytesIO()
    doc = make_doc(buf)
    # The page preamble names the canvas's initial font; make it an embedded brand font, not
    # the unembedded standard-14 font that print-shop preflight flags.
    canvasmaker = partial(
        DeferredCanvas,
        initialFontName=base_font,
        structure=structure,
        title=title,
        links=colors is None,
        impose=impose,
    )
    doc.enforceColorSpace = colors  # the template hands it to the canvas it makes
    with build_settings(base_font, epoch), recording() as images:
        try:
            doc.build(story, canvasmaker=canvasmaker)
        except LayoutError:
            raise BrochureError(
                "this block cannot fit on one page even when split (a very long word, or a "
                "table row or list item taller than a page); shorten it or split it up",
                doc.current_src,
            ) from None
    pages = doc.page // 2 if impose else doc.page  # sheet sides: two reader pages each
    return Output("application/pdf", buf.getvalue(), pages, images, placed=doc.placed)
