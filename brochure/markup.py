"""Text made safe for ReportLab's paragraph markup and for XML (XMP, SVG attributes).

The two functions of ``xml.sax.saxutils`` the package uses, without importing it:
``saxutils`` imports ``urllib.request`` (and with it ``http.client``, ``email`` and ``ssl``),
about 18 ms of every build for three string replacements.
"""

from __future__ import annotations


def escape(data: str, entities: dict[str, str] | None = None) -> str:
    """``&``, ``<`` and ``>`` as entities, then each of ``entities``."""
    data = data.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")
    for key, value in (entities or {}).items():
        data = data.replace(key, value)
    return data


def quoteattr(data: str) -> str:
    """An attribute value, escaped (line breaks and tabs too) and quoted."""
    data = escape(data, {"\n": "&#10;", "\r": "&#13;", "\t": "&#9;"})
    if '"' not in data:
        return f'"{data}"'
    if "'" not in data:
        return f"'{data}'"
    return '"{}"'.format(data.replace('"', "&quot;"))
