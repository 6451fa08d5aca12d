"""The brand editor's side of a brand file: its fields as a form, and the form saved back.

Saving goes through a round-trip YAML library (ruamel.yaml) and changes only the fields that
changed, so the comments marketing wrote (contrast notes, what a colour is for) and the order
of the keys stay as they were. The values are checked for their shape here (a colour is
``#RRGGBB``, a font is a family in ``assets/fonts/``); everything else is the build's check,
whose located error the preview shows as the command line would. Uploaded logos are checked by
their content with the build's own picture checks, never by their name.
"""

from __future__ import annotations

import io
import re
import tempfile
import warnings
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from ..content.assets import MAX_YAML_BYTES, check_names, contained
from ..errors import BrochureError
from ..files import write_atomic
from ..library import brands
from ..session import Session
from ..theme.brand import DEFAULTS
from ..theme.colors import checks, washes
from ..theme.images import RASTER_MAGIC, inspect_image

MAX_LOGO_BYTES = 4 * 1024 * 1024  # a logo; the biggest one shipped is a few KB
COLORS = ("primary", "secondary", "accent", "text", "background", "tint", "warning")
TEXTS = ("name", "tagline", "footer", "qr_url", "contact.phone", "contact.email", "contact.website")
STYLES = {"regular": "Regular", "bold": "Bold", "italic": "Italic", "bold_italic": "BoldItalic"}
ROLES = {"body": tuple(STYLES), "heading": ("regular", "bold")}  # as brand-defaults.yaml has
_HEX = re.compile(r"^#[0-9A-Fa-f]{6}$")


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap a long line someone wrote on one line
    yaml.indent(mapping=2, sequence=4, offset=2)  # lists as the brand files write them
    return yaml


def brand_file(root: Path, name: str) -> Path:
    """An existing brand's file, contained in assets/ like the build's (no link out)."""
    check_names(name, "content.yaml", None)
    rel = f"brands/{name}.yaml"
    try:
        return contained(root / "assets", rel, f"assets/{rel}", "brand file", MAX_YAML_BYTES)
    except ValueError as exc:
        raise BrochureError(str(exc)) from None


def _get(data: Any, dotted: str) -> Any:
    for key in dotted.split("."):
        if not isinstance(data, dict) or key not in data:
            return None
        data = data[key]
    return data


def font_families(root: Path) -> dict[str, dict[str, str]]:
    """``assets/fonts/FAMILY/FAMILY-Style.ttf`` by family, as brand files name them."""
    found = {}
    for folder in sorted((root / "assets" / "fonts").glob("*/")):
        files = {
            style: f"fonts/{folder.name}/{folder.name}-{suffix}.ttf"
            for style, suffix in STYLES.items()
            if (folder / f"{folder.name}-{suffix}.ttf").is_file()
        }
        if "regular" in files:
            found[folder.name] = files
    return found


def logos(root: Path) -> list[str]:
    folder = root / "assets" / "logos"
    return sorted(f"logos/{p.name}" for p in folder.glob("*") if p.suffix in (".svg", ".png"))


def _load(path: Path) -> Any:
    return _yaml().load(path.read_text(encoding="utf-8")) or CommentedMap()


def _effective(data: Any, defaults: Any, dotted: str) -> Any:
    """A field's value as the build sees it: the brand's own, else the default's, as text."""
    own = _get(data, dotted)
    value = own if own is not None else _get(defaults, dotted)
    if isinstance(value, list):
        return [str(line) for line in value]
    text = str(value or "")
    return text.upper() if dotted.startswith("colors.") else text


def read_fields(root: Path, name: str) -> dict[str, Any]:
    """The brand as the form shows it: its own values over the defaults every brand gets."""
    data, defaults = _load(brand_file(root, name)), _load(DEFAULTS)
    keys = (*TEXTS, "logo", "paper", "contact.address", *(f"colors.{c}" for c in COLORS))
    fields: dict[str, Any] = {k: _effective(data, defaults, k) for k in keys}
    for role in ROLES:
        regular = _effective(data, defaults, f"fonts.{role}.regular")
        fields[f"fonts.{role}"] = regular.split("/")[1] if regular.count("/") == 2 else ""
    return fields


def _checked(root: Path, fields: dict[str, Any]) -> dict[str, Any]:
    """The submitted fields in the shape the file takes; ValueError names the first bad one."""
    out: dict[str, Any] = {}
    for key in TEXTS:
        text = str(fields.get(key, ""))
        if "\n" in text or len(text) > 300:
            raise ValueError(f"{key}: one line of at most 300 characters")
        out[key] = text.strip()
    address = fields.get("contact.address", [])
    if not isinstance(address, list) or any("\n" in str(x) for x in address):
        raise ValueError("contact.address: one line per list item")
    out["contact.address"] = [str(x).strip() for x in address if str(x).strip()]
    for color in COLORS:
        hex_color = str(fields.get(f"colors.{color}", ""))
        if not _HEX.match(hex_color):
            raise ValueError(f"colors.{color}: '{hex_color}' is not a colour like #RRGGBB")
        out[f"colors.{color}"] = hex_color.upper()
    if fields.get("paper") not in ("letter", "a4"):
        raise ValueError("paper: letter or a4")
    out["paper"] = fields["paper"]
    logo = str(fields.get("logo", ""))
    if logo and logo not in logos(root):
        raise ValueError(f"logo: '{logo}' is not a logo in assets/logos/")
    out["logo"] = logo
    families = font_families(root)
    for role, styles in ROLES.items():
        family = fields.get(f"fonts.{role}")
        if family not in families:
            raise ValueError(f"fonts.{role}: '{family}' is not a font family in assets/fonts/")
        for style in styles:
            out[f"fonts.{role}.{style}"] = families[family].get(style, "")
    return out


def _set(data: CommentedMap, dotted: str, value: Any) -> None:
    """Set one field, keeping the quoting the file used for it; empty removes the field."""
    *parents, key = dotted.split(".")
    for part in parents:
        if not isinstance(data.get(part), dict):
            if value in ("", []):
                return
            data[part] = CommentedMap()
        data = data[part]
    if value in ("", []):
        data.pop(key, None)
        return
    old = data.get(key)
    if isinstance(old, str) and type(old) is not str and isinstance(value, str):
        value = type(old)(value)  # "quoted" stays "quoted"
    elif dotted.startswith("colors."):
        value = DoubleQuotedScalarString(value)  # '#' would start a comment
    data[key] = value


def save_fields(root: Path, name: str, fields: dict[str, Any]) -> Path:
    """Write the fields that differ from what the brand now says back into its file."""
    path = brand_file(root, name)
    wanted = _checked(root, fields)
    data, defaults = _load(path), _load(DEFAULTS)
    for key, value in wanted.items():
        if value != _effective(data, defaults, key):
            _set(data, key, value)
    buffer = io.StringIO()
    _yaml().dump(data, buffer)
    write_atomic(path, buffer.getvalue().encode("utf-8"))
    return path


def new_brand(root: Path, name: str, source: str) -> Path:
    """A new brand starts as a copy of ``source`` (its comments too)."""
    check_names(name, "content.yaml", None)
    if name in brands(root):
        raise BrochureError(f"there is already a brand '{name}' (assets/brands/{name}.yaml)")
    data = brand_file(root, source).read_bytes()
    target = root / "assets" / "brands" / f"{name}.yaml"
    write_atomic(target, data)
    return target


def contrast_report(palette: dict[str, str]) -> dict[str, list[dict[str, Any]]]:
    """For each palette colour, every pair the layout draws that it decides, worst first:
    its ratio, what WCAG AA needs there, and the nearest passing shade if it fails."""
    if set(palette) != set(COLORS) or not all(_HEX.match(v) for v in palette.values()):
        raise ValueError(f"expected the colours {', '.join(COLORS)}, each like #RRGGBB")
    found: dict[str, list[dict[str, Any]]] = {c: [] for c in COLORS}
    for check in checks(washes({k: v.upper() for k, v in palette.items()})):
        found[check.blame].append(
            {
                "ratio": round(check.ratio, 2),
                "needed": check.ink.needed,
                "passed": check.passed,
                "use": check.ink.describe(),
                "against": check.ink.bg if check.blame == check.ink.fg else check.ink.fg,
                "suggestion": check.suggestion,
            }
        )
    for items in found.values():
        items.sort(key=lambda i: i["ratio"] / i["needed"])
    return found


def _kind(data: bytes) -> str:
    """The file's type from its content: PNG or JPEG by their first bytes, else SVG."""
    for fmt, magic in RASTER_MAGIC.items():
        if data.startswith(magic):
            return ".png" if fmt == "PNG" else ".jpg"
    return ".svg"


def save_logo(root: Path, name: str, data: bytes) -> str:
    """Check an uploaded logo by its content and put it in assets/logos/ as NAME.png/.svg/.jpg.

    The checks are the build's own (picture header and size limits, well-formed self-contained
    SVG), then a raster is decoded in full and an SVG must have an ``<svg>`` root and no
    DOCTYPE (entities). Raises ValueError saying what is wrong.
    """
    if not re.match(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$", name):
        raise ValueError("a logo's name is letters, digits, '-' and '_'")
    if len(data) > MAX_LOGO_BYTES:
        raise ValueError(f"the logo is {len(data):,} bytes (the limit is {MAX_LOGO_BYTES:,})")
    suffix = _kind(data)
    with tempfile.TemporaryDirectory() as tmp:
        probe = Path(tmp) / f"{name}{suffix}"
        probe.write_bytes(data)
        try:
            inspect_image(probe, None, Session())
            if suffix == ".svg":
                _check_svg_root(data)
            else:
                _decode(probe)
        except BrochureError as exc:
            raise ValueError(str(exc)) from None
    folder = root / "assets" / "logos"
    if folder.is_symlink() or not folder.resolve().is_relative_to(root.resolve()):
        raise ValueError("assets/logos is a link out of the project; nothing was written")
    target = folder / f"{name}{suffix}"
    if target.is_symlink():
        raise ValueError(f"assets/logos/{target.name} is a link; nothing was written")
    write_atomic(target, data)
    return f"logos/{target.name}"


def _check_svg_root(data: bytes) -> None:
    import xml.etree.ElementTree as ET

    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise BrochureError("the SVG declares a DOCTYPE or entities (not allowed in a logo)")
    if ET.fromstring(data).tag != "{http://www.w3.org/2000/svg}svg":
        raise BrochureError("the file is XML but not an SVG drawing (no <svg> root element)")


def _decode(path: Path) -> None:
    from PIL import Image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            with Image.open(path) as im:
                im.load()
    except Exception as exc:  # Pillow raises OSError, SyntaxError, ValueError...
        raise BrochureError(f"the picture cannot be decoded ({exc})") from None
