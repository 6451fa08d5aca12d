"""Large print: the same brochure re-flowed in 18 pt type for readers with low vision.

Follows the large-print guidance in the brief: body 18 pt, headings 24 pt and up, line
spacing 1.5, one ragged-right column, sans-serif headings, no italics.
"""

from __future__ import annotations

from functools import partial

from ..document.compose import compose_patient
from ..render.pdf.covers import CoverPlan
from ..render.pdf.plan import PagePlan
from ..theme.styles import TypeScale
from . import Variant
from .brochure import COVER_STYLES

SCALE = TypeScale(
    body=18.0,
    leading=1.5,
    h1=28.0,
    h2=24.0,
    h3=24.0,
    small=12.0,
    caption=18.0,
    min_text=18.0,
    space=0.9,
    italics=False,
    heading_serif=False,
)
PLAN = PagePlan(
    label="large-print brochure",
    scale=SCALE,
    margin_scale=(1.15, 1.15, 1.15, 1.15),
    cover=CoverPlan(),
    back_cover=True,
    head_styles=COVER_STYLES,
    glossary_table=False,
    back_offset=0.11,  # large type needs the room: text starts just under the band
    pad_to=2,  # printed on both sides: the back cover is an even page
)

VARIANT = Variant(
    name="large-print",
    filename="patient-brochure-large-print.pdf",
    description="patient brochure in large print (18 pt body, 24 pt headings)",
    audience="patient",
    compose=partial(compose_patient, about_on_back=False),
    plan=PLAN,
)
