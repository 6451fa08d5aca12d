"""Resolve file references to real files strictly inside the assets folder."""

from __future__ import annotations

from pathlib import Path

from ..errors import Report
from .schema import Text


def resolve_asset(root: Path, rel: Text | str, report: Report, what: str = "file") -> Path | None:
    """Return the real path of ``rel`` under ``root``, or report why it cannot be used."""
    src = rel.src if isinstance(rel, Text) else None
    path = root / rel
    try:
        real = path.resolve(strict=True)
    except FileNotFoundError:
        report.error(src, f"{what} not found: assets/{rel}")
        return None
    except (OSError, RuntimeError) as exc:  # symlink loops
        report.error(src, f"{what} cannot be opened: assets/{rel} ({exc})")
        return None
    if not real.is_relative_to(root.resolve()):
        report.error(
            src,
            f"assets/{rel} points outside assets/ (a link to {real}); copy the file into assets/",
        )
        return None
    if not real.is_file():
        report.error(src, f"assets/{rel} is not a file")
        return None
    return real
