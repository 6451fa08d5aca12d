"""Large print: the same brochure re-flowed in 18 pt type for readers with low vision.

Follows the large-print guidance in the brief: body 18 pt, headings 24 pt and up, line
spacing 1.5, one ragged-right column, sans-serif headings, no italics.
"""

from __future__ import annotations

from ..pipeline import Project
from ..render import Rendered
from ..theme.styles import TypeScale
from . import Options, Variant
from .brochure import PatientLook, build_patient

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
LOOK = PatientLook(scale=SCALE, margin_factor=1.15, glossary_table=False, about_on_back=False)


def build_large_print(project: Project, options: Options) -> Rendered:
    return build_patient(project, options, LOOK)


VARIANT = Variant(
    name="large-print",
    filename="patient-brochure-large-print.pdf",
    description="patient brochure in large print (18 pt body, 24 pt headings)",
    audience="patient",
    build=build_large_print,
    reads=("document", "brochure"),
)
