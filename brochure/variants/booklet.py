"""The print booklet: the brochure re-flowed at half size, padded to 4, imposed two-up.

Office output imposes two-up; press output gives the print shop single pages in reading
order (padded to a multiple of 4, with bleed), which is what print shops ask for.
"""

from __future__ import annotations

from functools import partial

from ..document.compose import compose_patient
from ..render.pdf.covers import CoverPlan
from ..render.pdf.plan import PagePlan
from ..theme.styles import TypeScale
from . import Variant
from .brochure import COVER_STYLES

# Body text keeps its normal size; margins and headings tighten for the narrower page.
PLAN = PagePlan(
    label="patient booklet",
    scale=TypeScale(body=10.5, leading=1.4, h1=16.0, h2=11.5, small=7.5, caption=8.5, space=0.9),
    sheet="half",
    margin_scale=(0.62, 0.62, 0.62, 0.62),
    cover=CoverPlan(),
    back_cover=True,
    head_styles=COVER_STYLES,
    glossary_table=False,
    pad_to=4,
)

VARIANT = Variant(
    name="booklet",
    filename="patient-booklet.pdf",
    description="patient brochure imposed for saddle-stitch printing (two-up, in booklet order)",
    audience="patient",
    compose=partial(compose_patient, about_on_back=False),
    plan=PLAN,
    finish=("impose-saddle",),
)
