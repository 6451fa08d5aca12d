"""Pillow internals we rely on: its registry of file-format plugins."""

from __future__ import annotations

import importlib
import sys

from PIL import Image

WRITTEN_FOR = "13.0.0"

# The plugin modules that read and write each format we allow.
PLUGINS = {"PNG": ("PngImagePlugin",), "JPEG": ("JpegImagePlugin",)}
# Plugins Pillow imports by itself while handling PNG and JPEG: TIFF to read EXIF (of either
# format) and MPO when a phone's JPEG opens. Importing a plugin registers its opener, so these
# are imported now, before the registry is pruned, and can add nothing later.
REACHED = ("TiffImagePlugin", "MpoImagePlugin")


def only_formats(*formats: str) -> None:
    """Make ``formats`` the only image formats Pillow opens, process-wide.

    Pillow identifies a file by its content and tries every plugin it has: a PostScript
    file named ``.png`` (or sent as ``data:image/png`` inside an SVG, which svglib opens
    with no format list) goes to the EPS plugin, which runs Ghostscript on it. There is no
    public call for this, so only the wanted plugins are imported (``Image.init()`` would
    import about forty, 25 ms of every cold build), openers of any other format are
    removed from ``Image.ID`` and ``Image.OPEN``, and Pillow is told it has already loaded
    its plugins, so that nothing imports the rest later.
    """
    for fmt in formats:
        if fmt not in PLUGINS:
            raise ValueError(f"no Pillow plugin known for {fmt!r} (known: {', '.join(PLUGINS)})")
    for plugin in (*(p for fmt in formats for p in PLUGINS[fmt]), *REACHED):
        importlib.import_module(f"PIL.{plugin}")
    for name in [f for f in Image.ID if f not in formats]:
        Image.ID.remove(name)
        Image.OPEN.pop(name, None)
    # Private, Pillow 13 (Image.py): ``_initialized`` 2 means "every plugin loaded", so
    # ``preinit()`` and ``init()`` (called by ``open`` and ``save`` when a format is not
    # registered, and by ``registered_extensions()``) return at once. ``open`` and ``save``
    # given a path also import the plugin its extension names (``_EXTENSION_PLUGIN``): a
    # PostScript file opened as ``x.eps`` would load the EPS plugin and register it again,
    # so extensions whose plugin is not loaded are forgotten.
    Image._initialized = 2
    for ext, plugin in list(Image._EXTENSION_PLUGIN.items()):
        if f"PIL.{plugin}" not in sys.modules:
            del Image._EXTENSION_PLUGIN[ext]
