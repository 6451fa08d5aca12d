"""The clinic's details written into leaflet text as placeholders: ``{clinic.phone}``.

A leaflet is shared by every brand, so "call us on ..." cannot carry one clinic's number; it
carries ``{clinic.phone}``, filled from the brand at composition. An unknown name, or a name the
brand leaves empty, is a located error at check time, never a blank in print.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .content.inline import escape_marks
from .errors import Report
from .theme.brand import Brand

PLACEHOLDER = re.compile(r"\{([a-z]+(?:\.[a-z_]+)+)\}")


def fields(brand: Brand) -> dict[str, str]:
    """Every name a leaflet may use, with the brand's value ("" when the brand has none)."""
    contact = brand.contact
    website = str(contact.website or "")
    return {
        "clinic.name": " ".join(str(brand.name).split()),
        "clinic.phone": str(contact.phone or ""),
        "clinic.email": str(contact.email or ""),
        "clinic.website": website.removeprefix("https://").removeprefix("http://").rstrip("/"),
        "clinic.address": ", ".join(str(line) for line in contact.address or []),
    }


def fill(text: str, values: dict[str, str]) -> str:
    """``text`` with every known placeholder replaced by its value, escaped as literal text."""
    return PLACEHOLDER.sub(lambda m: escape_marks(values[m[1]]) if m[1] in values else m[0], text)


def check(texts: Iterable[str], brand: Brand, report: Report) -> None:
    """Report each unknown placeholder, and each one this brand cannot fill, where it is."""
    values = fields(brand)
    for text in texts:
        for match in PLACEHOLDER.finditer(text):
            name = match[1]
            where = text.ref_at(match.start()) if hasattr(text, "ref_at") else None
            if name not in values:
                report.error(
                    where,
                    f"unknown placeholder {{{name}}} (known: "
                    + ", ".join(f"{{{k}}}" for k in values)
                    + ")",
                )
            elif not values[name]:
                report.error(
                    where,
                    f"{{{name}}} cannot be filled: brand '{brand.slug}' gives no "
                    f"{name.split('.', 1)[1]} (add it to assets/brands/{brand.slug}.yaml)",
                )
