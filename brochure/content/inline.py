"""Convert the small inline syntax of content text (bold, italic, links, citations) safely.

Content is data: every character the author typed is escaped before it reaches ReportLab's
paragraph parser, so ``<font>`` or ``&amp;`` print literally. Only the marks below become markup:
``**bold**``, ``*italic*``, ``[label](https://…)`` and ``[@reference-id]``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from ..markup import escape, quoteattr

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


@dataclass(frozen=True)
class _Format:
    """How one output format writes text and the four marks."""

    escape: Callable[[str], str]
    bold: str
    italic: str
    link: Callable[[str, str], str]


def _render(text: str, cite: dict[str, int] | None, fmt: _Format) -> str:
    out = []
    for kind, value, url in _tokens(normalise(text)):
        if kind in ("text", "esc"):
            out.append(fmt.escape(value))
        elif kind == "cite":
            out.append(fmt.escape(f"[{(cite or {}).get(value, '?')}]"))
        else:
            inner = _render(value, cite, fmt)
            if kind == "link":
                out.append(fmt.link(url, inner))
            else:
                out.append((fmt.bold if kind == "bold" else fmt.italic).format(inner))
    return "".join(out)


def to_markup(text: str, cite: dict[str, int] | None = None, link_color: str = "") -> str:
    """Return ReportLab paragraph markup for ``text`` with everything else escaped."""
    color = f" color={quoteattr(link_color)}" if link_color else ""

    def link(url: str, inner: str) -> str:
        return f"<a href={quoteattr(url)}{color}>{inner}</a>"

    return _render(text, cite, _Format(escape, "<b>{}</b>", "<i>{}</i>", link))


def to_plain(text: str, cite: dict[str, int] | None = None) -> str:
    """Return the words a reader sees, without marks (for readability scores and diffs)."""
    return _render(text, cite, _Format(str, "{}", "{}", lambda _url, inner: inner))


def to_html(text: str, cite: dict[str, int] | None = None) -> str:
    """Return HTML for ``text``: the same escaping, with <strong>, <em> and <a>."""

    def link(url: str, inner: str) -> str:
        return f"<a href={quoteattr(url)}>{inner}</a>"

    return _render(text, cite, _Format(escape, "<strong>{}</strong>", "<em>{}</em>", link))


def escape_marks(text: str) -> str:
    """``text`` (a value from outside the content, such as a phone number) as literal text:
    every character the inline syntax reads as a mark is backslash-escaped."""
    return re.sub(r"([\\*\[\]])", r"\\\1", text)


def number_citations(text: str, cite: dict[str, int]) -> str:
    """``text`` with every ``[@id]`` replaced by its printed number, ``\\[3\\]``.

    Composition numbers citations once, so every renderer prints the same numbers and none
    needs the reference list. Escapes, marks and links are kept as written.
    """

    def sub(match: re.Match[str]) -> str:
        kind = match.lastgroup
        if kind == "cite":
            return f"\\[{cite.get(match.group('cite'), '?')}\\]"
        if kind == "bold":
            return f"**{number_citations(match.group('bold'), cite)}**"
        if kind == "ital":
            return f"*{number_citations(match.group('ital'), cite)}*"
        if kind == "url":
            return f"[{number_citations(match.group('label'), cite)}]({match.group('url')})"
        return match.group(0)

    return _TOKEN.sub(sub, text)
