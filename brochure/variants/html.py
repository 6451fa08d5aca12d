"""The accessible HTML companion: the patient brochure's document as one semantic page."""

from __future__ import annotations

from ..document.compose import compose_patient
from . import Variant

VARIANT = Variant(
    name="html",
    filename="patient-brochure.html",
    description="accessible HTML companion of the patient brochure",
    audience="patient",
    compose=compose_patient,
    plan=None,
)
