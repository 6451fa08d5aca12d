"""The patient brochure: cover, key facts, sections, disclaimer and back cover."""

from __future__ import annotations

from ..document.compose import compose_patient
from ..render.pdf.covers import CoverPlan
from ..render.pdf.plan import PagePlan
from ..theme.styles import TypeScale
from . import Variant

COVER_STYLES = {"title": "cover_title", "subtitle": "cover_subtitle", "tagline": "cover_tagline"}

PLAN = PagePlan(
    label="patient brochure",
    scale=TypeScale(),
    cover=CoverPlan(),
    back_cover=True,
    head_styles=COVER_STYLES,
    pad_to=2,  # printed on both sides: the back cover is an even page
)

VARIANT = Variant(
    name="brochure",
    filename="patient-brochure.pdf",
    description="branded multi-page patient brochure",
    audience="patient",
    compose=compose_patient,
    plan=PLAN,
)
