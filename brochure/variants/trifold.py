"""The tri-fold: one landscape sheet, letter-folded in three and printed on both sides.

Outside, left to right: the flap face (seen first on opening the cover), the back panel
(clinic contact, QR code, document control), the front cover. Inside: three panels of the
sections the content's ``trifold:`` part chooses. The fold-in panel is the narrow one.
"""

from __future__ import annotations

from ..document.compose import compose_trifold
from ..render.pdf.covers import CoverPlan
from ..render.pdf.plan import Fold, PagePlan
from ..theme.styles import TypeScale
from . import Variant
from .brochure import COVER_STYLES

FOLD = Fold(sides=(("flap", "back", "cover"), ("text", "text", "text")), narrow=(0, 2))

# A rack handout's type: the booklet's, never shrunk to fit (an overflow is an error).
PLAN = PagePlan(
    label="tri-fold leaflet",
    scale=TypeScale(body=10.5, leading=1.38, h1=14.5, h2=11.5, small=7.5, caption=8.5, space=0.8),
    cover=CoverPlan(band_top=0.52, band_bottom=0.2, back_band=0.19),
    back_cover=True,
    head_styles=COVER_STYLES,
    glossary_table=False,
    back_offset=0.04,
    max_pages=2,
    fold=FOLD,
)

VARIANT = Variant(
    name="trifold",
    filename="patient-trifold.pdf",
    description="tri-fold patient leaflet: one sheet, letter-folded, printed on both sides",
    audience="patient",
    compose=compose_trifold,
    plan=PLAN,
    needs="trifold",
)
