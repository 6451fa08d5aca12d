"""Resolve file references to real files strictly inside the project, before reading a byte.

Every file the build reads by a name an author or a command line chose (content, brand,
fonts, pictures) goes through ``contained``: it must resolve inside its folder, be a regular
file (a FIFO would block the build, ``/dev/zero`` would fill memory) and stay under a size
limit. It is checked with ``stat`` only, so nothing outside the project is ever opened.
"""

from __future__ import annotations

import re
import stat
from pathlib import Path, PurePosixPath

from ..errors import BrochureError, Report, SourceRef
from .schema import Text

MAX_ASSET_BYTES = 64 * 1024 * 1024  # a font or picture; the biggest real font is 4 MB
MAX_YAML_BYTES = 1024 * 1024  # a content or brand file; the real leaflet is 41 KB

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")
_LOCALE = re.compile(r"^[a-z]{2,3}(?:-[A-Z]{2})?$")


def contained(root: Path, rel: str, shown: str, what: str, max_bytes: int) -> Path:
    """The real path of ``root/rel``, or ValueError saying why it cannot be read.

    ``shown`` is how messages name the file (``assets/images/x.png``). Symlinks are
    followed only as far as ``resolve`` goes; the target is never opened here.
    """
    folder = "assets/" if shown.startswith("assets/") else "the project folder"
    try:
        real = (root / rel).resolve(strict=True)
    except FileNotFoundError:
        raise ValueError(f"{what} not found: {shown}") from None
    except (OSError, RuntimeError) as exc:  # symlink loops
        raise ValueError(f"{what} cannot be opened: {shown} ({exc})") from None
    if not real.is_relative_to(root.resolve()):
        raise ValueError(
            f"{shown} points outside {folder} (a link to {real}); copy the file into {folder}"
        )
    mode = real.stat().st_mode
    if not stat.S_ISREG(mode):
        kind = "a folder" if stat.S_ISDIR(mode) else "a pipe, socket or device"
        raise ValueError(f"{shown} is not a file (it is {kind}; nothing was read)")
    size = real.stat().st_size
    if size > max_bytes:
        raise ValueError(
            f"{shown} is {size:,} bytes (the limit for this {what} is {_amount(max_bytes)})"
        )
    return real


def _amount(size: int) -> str:
    return f"{size / 1_048_576:g} MB" if size % 1_048_576 == 0 else f"{size:,} bytes"


def resolve_asset(
    root: Path, rel: Text | str, report: Report, what: str = "file", max_bytes: int = 0
) -> Path | None:
    """Return the real path of ``rel`` under ``root`` (assets/), or report why it cannot be used."""
    try:
        return contained(root, str(rel), f"assets/{rel}", what, max_bytes or MAX_ASSET_BYTES)
    except ValueError as exc:
        report.error(rel.src if isinstance(rel, Text) else None, str(exc))
        return None


def project_file(root: Path, rel: str, shown: str, what: str) -> Path:
    """A content or brand file: contained in the project, a regular file, at most 1 MB.

    A missing file is left to the reader, which says "file not found" at the file's name.
    """
    try:
        return contained(root, rel, shown, what, MAX_YAML_BYTES)
    except ValueError as exc:
        if "not found" in str(exc):
            return root / rel
        message = str(exc).removeprefix(f"{shown} ")  # the location already names it
        raise BrochureError(message, SourceRef(shown)) from None


def check_names(brand: str, content: str, locale: str | None) -> None:
    """Command-line names are names, not paths: refuse anything that could leave the project."""
    if not _NAME.match(brand):
        raise BrochureError(
            f"'{brand}' is not a brand name (expected NAME of assets/brands/NAME.yaml: "
            "letters, digits, '-' and '_')",
            SourceRef("--brand"),
        )
    parts = PurePosixPath(content.replace("\\", "/")).parts
    if (
        not parts
        or content.startswith(("/", "~"))
        or re.match(r"^[A-Za-z]:", content)
        or ".." in parts
        or not content.endswith(".yaml")
    ):
        raise BrochureError(
            f"'{content}' is not a content file in the project (expected a .yaml file "
            "named relative to --root, like content.yaml)",
            SourceRef("--content"),
        )
    if locale is not None and not _LOCALE.match(locale):
        raise BrochureError(
            f"'{locale}' is not a language code (expected e.g. es)", SourceRef("--locale")
        )
