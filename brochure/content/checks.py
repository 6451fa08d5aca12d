"""Small value checks used by the models inside ``Annotated[...]``; each raises ValueError."""

from __future__ import annotations

import re
from pathlib import PurePosixPath
from typing import Annotated, Any

from .schema import Check, Text

_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_COLOR = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
_LENGTH = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(in|mm|cm|pt)\s*$")
_UNITS = {"in": 72.0, "mm": 72 / 25.4, "cm": 72 / 2.54, "pt": 1.0}
_LANG = re.compile(r"^[a-z]{2,3}(?:-[A-Z]{2})?$")
LINK_SCHEMES = ("http://", "https://", "mailto:", "tel:")


def _keep(old: str, new: str) -> str:
    """Return ``new`` still carrying the source location of ``old``."""
    return Text(new, old.src, old.span, old.source) if isinstance(old, Text) else new


def _non_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("is empty (expected some text)")
    return value


def _non_empty(value: list[Any]) -> list[Any]:
    if not value:
        raise ValueError("is empty (expected at least one entry)")
    return value


def _slug(value: str) -> str:
    if not _SLUG.match(value):
        raise ValueError(
            f"'{value}' is not a valid id (expected lower-case letters, digits and hyphens)"
        )
    return value


def _color(value: str) -> str:
    if not _COLOR.match(value.strip()):
        raise ValueError(f"'{value}' is not a colour (expected a hex colour like \"#RRGGBB\")")
    v = value.strip().upper()
    return _keep(value, "#" + "".join(c * 2 for c in v[1:]) if len(v) == 4 else v)


def _length(value: str) -> float:
    m = _LENGTH.match(value)
    if not m:
        raise ValueError(f"'{value}' is not a length (expected e.g. 0.75in, 18mm, 2cm or 54pt)")
    return float(m.group(1)) * _UNITS[m.group(2)]


def _asset_path(value: str) -> str:
    p = value.strip().replace("\\", "/")
    if not p or p.startswith(("/", "~")) or re.match(r"^[A-Za-z]:", p):
        raise ValueError(f"'{value}' must be a path inside assets/ (like images/cover.png)")
    if ".." in PurePosixPath(p).parts:
        raise ValueError(f"'{value}' leaves assets/ ('..' is not allowed)")
    return _keep(value, p)


def _link(value: str) -> str:
    if not value.strip().lower().startswith(LINK_SCHEMES):
        raise ValueError(f"'{value}' is not an allowed link (expected http, https, mailto or tel)")
    return _keep(value, value.strip())


def _lang(value: str) -> str:
    if not _LANG.match(value):
        raise ValueError(f"'{value}' is not a language tag (expected e.g. en-US or es-US)")
    return value


INK_LIMIT = 300.0  # total ink, percent: what every printing condition we print to allows


def _cmyk(value: list[float]) -> list[float]:
    if len(value) != 4 or not all(0 <= v <= 100 for v in value):
        raise ValueError(
            f"{value} is not a CMYK colour (expected four percentages from 0 to 100, "
            "cyan, magenta, yellow and black, like [100, 60, 0, 10])"
        )
    if sum(value) > INK_LIMIT:
        raise ValueError(
            f"{value} puts {sum(value):g}% of ink on the paper, over the {INK_LIMIT:g}% "
            "that coated-paper printing allows (take some from cyan, magenta and yellow)"
        )
    return value


def _fraction(value: float) -> float:
    if not 0.2 <= value <= 1.0:
        raise ValueError(f"{value} is out of range (expected a share of the width from 0.2 to 1.0)")
    return value


def _grade(value: float) -> float:
    if not 1 <= value <= 18:
        raise ValueError(f"{value} is out of range (expected a school grade from 1 to 18)")
    return value


PPI_RANGE = (300, 1200)  # below 300 the preflight flags every picture; above 1200 is no print


def _ppi(value: int) -> int:
    low, high = PPI_RANGE
    if not low <= value <= high:
        raise ValueError(
            f"{value} is out of range (expected pixels per inch from {low} to {high}; "
            "300 is print quality)"
        )
    return value


Prose = Annotated[Text, Check(_non_blank)]
Slug = Annotated[Text, Check(_non_blank), Check(_slug)]
Color = Annotated[Text, Check(_color)]
Length = Annotated[Text, Check(_length)]
AssetPath = Annotated[Text, Check(_asset_path)]
Link = Annotated[Text, Check(_link)]
LangTag = Annotated[Text, Check(_lang)]
Cmyk = Annotated[list[float], Check(_cmyk)]
Fraction = Annotated[float, Check(_fraction)]
Grade = Annotated[float, Check(_grade)]
Ppi = Annotated[int, Check(_ppi)]
NonEmpty = Check(_non_empty)
