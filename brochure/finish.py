"""Finish and write PDFs: verify with pypdf, then replace the old file atomically."""

from __future__ import annotations

import io
import os
import tempfile
from pathlib import Path

from pypdf import PdfReader

from .errors import BrochureError


def verify(data: bytes, pages: int, name: str) -> None:
    """Re-open the PDF and check the page count before it may replace anything."""
    try:
        got = len(PdfReader(io.BytesIO(data)).pages)
    except Exception as exc:  # pragma: no cover - ReportLab output always parses
        raise BrochureError(f"internal: {name} did not re-open as a PDF ({exc})") from None
    if got != pages:  # pragma: no cover
        raise BrochureError(f"internal: {name} has {got} pages, expected {pages}")


def write_atomic(path: Path, data: bytes) -> None:
    """Write to a temporary file beside ``path`` and rename it into place only when complete.

    A failed or interrupted build leaves the previous file byte-identical and no temporary
    file behind.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
