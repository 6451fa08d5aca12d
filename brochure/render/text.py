"""The plain-text renderer: the words a reader meets, for reading level, diffs and reports.

One walker over the document tree yields units of text with what they are (prose a reader
reads, a heading, a caption, a reference); the reading-level check scores authored prose,
the diff snapshot keeps prose and headings. Both read the same tree the PDF and HTML print.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from ..content.inline import to_plain
from ..document import nodes as n

Kind = Literal["prose", "fixed", "heading", "caption", "reference"]


@dataclass(frozen=True)
class Unit:
    """One piece of authored prose, and what kind of block it came from."""

    text: str  # plain text, marks removed
    kind: Kind


def units(nodes: tuple[n.Block, ...]) -> list[Unit]:
    out: list[Unit] = []
    for node in nodes:
        out += TEXT[type(node)](node)
    return out


def _paragraph(node: n.Paragraph) -> list[Unit]:
    return [Unit(to_plain(node.text), "prose" if node.authored else "fixed")]


def _list(node: n.ListBlock) -> list[Unit]:
    out: list[Unit] = []
    for item in node.items:
        if item.title:
            out.append(Unit(to_plain(item.title), "heading"))
        out += units(item.body)
    return out


def _callout(node: n.Callout) -> list[Unit]:
    head = [Unit(to_plain(node.title), "heading")] if node.title else []
    return head + units(node.body)


def _urgent(node: n.Urgent) -> list[Unit]:
    return [
        Unit(to_plain(node.title), "heading"),
        *units(node.body),
        Unit(to_plain(node.call), "fixed"),
    ]


def _figure(node: n.Figure) -> list[Unit]:
    return [Unit(node.alt, "caption"), Unit(to_plain(node.caption), "caption")]


def _table(node: n.Table) -> list[Unit]:
    head = [Unit(to_plain(c), "heading") for c in node.header]
    return head + [Unit(to_plain(c), "prose") for row in node.rows for c in row]


def _glossary(node: n.Glossary) -> list[Unit]:
    return [
        u
        for t, d in node.entries
        for u in (Unit(to_plain(t), "heading"), Unit(to_plain(d), "prose"))
    ]


def _references(node: n.References) -> list[Unit]:
    return [Unit(to_plain(r), "reference") for r in node.entries]


def _section(node: n.Section) -> list[Unit]:
    return [Unit(to_plain(node.title), "heading"), *units(node.children)]


# One entry per block kind of the document tree; tests/test_document.py checks completeness.
TEXT: dict[type, Callable[[Any], list[Unit]]] = {
    n.Paragraph: _paragraph,
    n.ListBlock: _list,
    n.Callout: _callout,
    n.Urgent: _urgent,
    n.Figure: _figure,
    n.Table: _table,
    n.Glossary: _glossary,
    n.References: _references,
    n.Section: _section,
}


def parts(document: n.Document) -> list[tuple[str, str, list[Unit]]]:
    """(key, title, units) for the front matter and each top-level section, in order.

    The front matter is the title block and everything before the first section (the lead
    paragraph and key facts); its title is the first callout's (the key facts), if any.
    """
    front = [u for p in document.head for u in _paragraph(p)]
    front_title = ""
    out: list[tuple[str, str, list[Unit]]] = []
    for node in document.body:
        if isinstance(node, n.Section):
            out.append((node.id or "", to_plain(node.title), units(node.children)))
        else:
            if isinstance(node, n.Callout) and node.title and not front_title:
                front_title = to_plain(node.title)
            front += units((node,))
    return [("front", front_title, front), *out]


def reading_units(document: n.Document) -> list[tuple[str, list[str]]]:
    """(section title, authored prose) for the reading-level check; the title block and
    headings, captions, references and fixed wording are left out."""
    out = []
    for key, title, found in parts(document):
        body = found[len(document.head) :] if key == "front" else found
        prose = [u.text for u in body if u.kind == "prose"]
        if prose:
            out.append((title, prose))
    return out


def snapshot_sections(document: n.Document, part: str) -> dict[str, dict[str, Any]]:
    """The printed words of each part as sentences, keyed ``PART/ID`` (for ``diff``)."""
    out = {}
    for key, title, found in parts(document):
        words = [u.text for u in found if u.kind in ("prose", "heading")]
        out[f"{part}/{key}"] = {
            "title": title or "Cover and key facts",
            "sentences": sentences(words),
        }
    return out


def sentences(texts: list[str]) -> list[str]:
    """Texts joined as sentences (a unit without final punctuation gets a full stop)."""
    return [s for s in re.split(r"(?<=[.!?])\s+", joined(texts)) if s]


def joined(texts: list[str]) -> str:
    out = []
    for text in texts:
        t = text.strip()
        if t:
            out.append(t if t[-1] in ".!?" else t + ".")
    return " ".join(out)
