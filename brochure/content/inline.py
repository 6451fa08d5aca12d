"""Convert the small inline syntax of content text (bold, italic, links, citations) safely.

Content is data: every character the author typed is escaped before it reaches ReportLab's
paragraph parser, so ``<font>`` or ``&amp;`` print literally. Only the marks below become markup:
``**bold**``, ``*italic*``, ``[label](https://…)`` and ``[@reference-id]``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from xml.sax.saxutils import escape, quoteattr

_TOKEN = re.compile(
    r"""\\(?P<esc>[\\*\[\]])
      | \*\*(?P<bold>(?:\\.|[^*])+?)\*\*
      | \*(?P<ital>[^*\s](?:(?:\\.|[^*])*?[^*\s\\])?)\*
      | \[@(?P<cite>[a-z0-9][a-z0-9-]*)\]
      | \[(?P<label>(?:\\.|[^\]\\])+)\]\((?P<url>(?:[^()\s]|\([^()\s]*\))+)\)""",
    re.X,
)
_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Fold the line breaks and runs of spaces that YAML folding leaves in prose."""
    return _SPACE.sub(" ", text).strip()


def _tokens(text: str) -> Iterator[tuple[str, str, str]]:
    pos = 0
    for m in _TOKEN.finditer(text):
        if m.start() > pos:
            yield "text", text[pos : m.start()], ""
        kind = m.lastgroup or "text"
        if kind == "url":
            yield "link", m.group("label"), m.group("url")
        else:
            yield kind, m.group(kind), ""
        pos = m.end()
    if pos < len(text):
        yield "text", text[pos:], ""


def links(text: str) -> list[tuple[int, str]]:
    """Every link target in ``text`` with its offset (for the check that refuses bad schemes)."""
    return [(m.start("url"), m.group("url")) for m in _TOKEN.finditer(text) if m.group("url")]


def citations(text: str) -> list[tuple[int, str]]:
    return [(m.start(), m.group("cite")) for m in _TOKEN.finditer(text) if m.group("cite")]


def to_markup(text: str, cite: dict[str, int] | None = None, link_color: str = "") -> str:
    """Return ReportLab paragraph markup for ``text`` with everything else escaped."""
    out = []
    for kind, value, url in _tokens(normalise(text)):
        if kind == "text" or kind == "esc":
            out.append(escape(value))
        elif kind == "bold":
            out.append(f"<b>{to_markup(value, cite, link_color)}</b>")
        elif kind == "ital":
            out.append(f"<i>{to_markup(value, cite, link_color)}</i>")
        elif kind == "cite":
            out.append(f"[{(cite or {}).get(value, '?')}]")
        elif kind == "link":
            color = f" color={quoteattr(link_color)}" if link_color else ""
            out.append(f"<a href={quoteattr(url)}{color}>{to_markup(value, cite, link_color)}</a>")
    return "".join(out)


def to_plain(text: str, cite: dict[str, int] | None = None) -> str:
    """Return the words a reader sees, without marks (for readability scores and diffs)."""
    out = []
    for kind, value, _url in _tokens(normalise(text)):
        if kind in ("bold", "ital", "link"):
            out.append(to_plain(value, cite))
        elif kind == "cite":
            out.append(f"[{(cite or {}).get(value, '?')}]")
        else:
            out.append(value)
    return "".join(out)


def to_html(text: str, cite: dict[str, int] | None = None) -> str:
    """Return HTML for ``text``: the same escaping, with <strong>, <em> and <a>."""
    out = []
    for kind, value, url in _tokens(normalise(text)):
        if kind in ("text", "esc"):
            out.append(escape(value))
        elif kind == "bold":
            out.append(f"<strong>{to_html(value, cite)}</strong>")
        elif kind == "ital":
            out.append(f"<em>{to_html(value, cite)}</em>")
        elif kind == "cite":
            out.append(f"[{(cite or {}).get(value, '?')}]")
        else:
            out.append(f"<a href={quoteattr(url)}>{to_html(value, cite)}</a>")
    return "".join(out)
