"""Pillow internals we rely on: its registry of file-format plugins."""

from __future__ import annotations

from PIL import Image

WRITTEN_FOR = "13.0.0"


def only_formats(*formats: str) -> None:
    """Unregister every image format but ``formats``, process-wide.

    Pillow identifies a file by its content and tries every plugin it has: a PostScript
    file named ``.png`` (or sent as ``data:image/png`` inside an SVG, which svglib opens
    with no format list) goes to the EPS plugin, which runs Ghostscript on it. There is no
    public call to unregister a plugin, so ``Image.ID`` and ``Image.OPEN`` are pruned after
    ``Image.init()`` has loaded them all (a later ``init()`` does nothing).
    """
    Image.init()
    for name in [f for f in Image.ID if f not in formats]:
        Image.ID.remove(name)
        Image.OPEN.pop(name, None)
