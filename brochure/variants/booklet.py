"""The print booklet: the brochure re-flowed at half size, padded to 4, imposed two-up."""

from __future__ import annotations

from ..finish import impose_saddle_stitch
from ..pipeline import Project
from ..render import Rendered
from ..theme.styles import TypeScale
from . import Options, Variant
from .brochure import PatientLook, build_patient

# Body text keeps its normal size; margins and headings tighten for the narrower page.
LOOK = PatientLook(
    scale=TypeScale(body=10.5, leading=1.4, h1=16.0, h2=11.5, small=7.5, caption=8.5, space=0.9),
    half_size=True,
    margin_factor=0.62,
    glossary_table=False,
    about_on_back=False,
    pad_to=4,
)


def build_booklet(project: Project, options: Options) -> Rendered:
    """Office mode imposes two-up; press mode gives the print shop single pages in reading
    order (padded to a multiple of 4, with bleed), which is what print shops ask for."""
    pages = build_patient(project, options, LOOK)
    return pages if options.press else impose_saddle_stitch(pages)


VARIANT = Variant(
    name="booklet",
    filename="patient-booklet.pdf",
    description="patient brochure imposed for saddle-stitch printing (two-up, in booklet order)",
    audience="patient",
    build=build_booklet,
    reads=("document", "brochure"),
)
