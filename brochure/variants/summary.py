"""The one-page clinician summary: dense, two columns, and never more than one page."""

from __future__ import annotations

from ..document.compose import compose_summary
from ..render.pdf.plan import PagePlan
from ..theme.styles import TypeScale
from . import Variant

PLAN = PagePlan(
    label="clinician summary",
    # 7.5 pt is the floor: below it a dense page stops being readable.
    scale=TypeScale(body=8.0, leading=1.22, h1=9.6, h2=8.4, small=7.5, caption=7.5, space=0.55),
    # A dense reference page: narrower margins, still clear of the office-printer edge.
    margin_scale=(0.75, 1.0, 0.8, 1.0),
    side_max=40.0,
    columns=2,
    gutter=16.0,
    head_height=64.0,
    head_styles={"title": "summary_title", "status": "summary_status"},
    max_pages=1,
)

VARIANT = Variant(
    name="summary",
    filename="clinician-summary.pdf",
    description="one-page clinician summary",
    audience="clinician",
    compose=compose_summary,
    plan=PLAN,
    needs="summary",
)
