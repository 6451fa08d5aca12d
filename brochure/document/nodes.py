"""The document tree: what every output shows, in reading order, with no layout in it.

Compose builds one tree per variant; the PDF, HTML and plain-text renderers walk the same
tree. Text fields hold the content's inline syntax (bold, italic, links) with citations
already numbered and fixed strings already escaped, so a renderer only converts marks.
Every node keeps the source position it came from (for located layout errors); positions
are left out of ``repr`` so that the tree's fingerprint changes only when what prints does.
Nodes are frozen (variants share one tree) and compared by identity: ``eq=False`` saves the
generated comparison methods, a measurable part of start-up.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from ..errors import SourceRef

Role = Literal[
    "title", "subtitle", "tagline", "status", "lead", "body", "item", "callout", "small", "caption"
]
Tone = Literal["info", "warning", "important"]
ListStyle = Literal["bullets", "steps", "checklist"]


@dataclass(frozen=True, kw_only=True, eq=False)
class Node:
    """Every node keeps where in the content it came from, for located errors."""

    src: SourceRef | None = field(default=None, repr=False, compare=False)


@dataclass(frozen=True, kw_only=True, eq=False)
class Paragraph(Node):
    """Text in one role (title, lead, body, caption...), in inline markup."""

    text: str
    role: Role = "body"
    authored: bool = True  # False: fixed wording from the locale (not scored for reading level)


@dataclass(frozen=True, kw_only=True, eq=False)
class ListItem(Node):
    """One entry: its label (bullet, step number or tick box), an optional title, a body."""

    label: str
    body: tuple[Block, ...]
    title: str | None = None


@dataclass(frozen=True, kw_only=True, eq=False)
class ListBlock(Node):
    """Bullets, numbered steps or tick boxes."""

    style: ListStyle
    items: tuple[ListItem, ...]


@dataclass(frozen=True, kw_only=True, eq=False)
class Callout(Node):
    """A boxed block with a tone."""

    tone: Tone
    body: tuple[Block, ...]
    title: str | None = None


@dataclass(frozen=True, kw_only=True, eq=False)
class Urgent(Node):
    """Warning signs and who to call: the clinic's phone, or the fallback wording."""

    title: str
    body: tuple[Block, ...]
    call: str  # "Call us now on (217) 555-0142"
    phone: Channel | None = None


@dataclass(frozen=True, kw_only=True, eq=False)
class Figure(Node):
    """A picture, its alt text and caption."""

    image: Path
    alt: str
    caption: str
    width: float = 1.0  # share of the text width


@dataclass(frozen=True, kw_only=True, eq=False)
class Table(Node):
    """A header row and rows of cells."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...] | None = None  # relative column weights


@dataclass(frozen=True, kw_only=True, eq=False)
class Glossary(Node):
    """Terms and their definitions."""

    entries: tuple[tuple[str, str], ...]  # (term, definition)


@dataclass(frozen=True, kw_only=True, eq=False)
class References(Node):
    """The sources, numbered in this order."""

    entries: tuple[str, ...]  # numbered 1..n in this order


@dataclass(frozen=True, kw_only=True, eq=False)
class Channel(Node):
    """One way to reach the clinic: a label, what is shown, and the link target."""

    label: str
    shown: str
    target: str


@dataclass(frozen=True, kw_only=True, eq=False)
class ContactCard(Node):
    """How to reach the clinic: name, address and channels."""

    title: str
    name: str
    address: tuple[str, ...]
    channels: tuple[Channel, ...]


@dataclass(frozen=True, kw_only=True, eq=False)
class QRCode(Node):
    """The code's target, the words under it and the address shown."""

    url: str
    caption: str
    shown: str


@dataclass(frozen=True, kw_only=True, eq=False)
class Section(Node):
    """A heading and what it introduces; level 1 sections are bookmarked."""

    title: str
    level: int
    children: tuple[Block, ...]
    id: str | None = None


Block = Paragraph | ListBlock | Callout | Urgent | Figure | Table | Glossary | References | Section
BLOCK_KINDS: tuple[type[Node], ...] = (
    Paragraph,
    ListBlock,
    Callout,
    Urgent,
    Figure,
    Table,
    Glossary,
    References,
    Section,
)


@dataclass(frozen=True, kw_only=True, eq=False)
class Furniture(Node):
    """Page furniture: repeated on pages, never part of the reading order."""

    header_left: str
    header_right: str
    footer_left: str
    page_label: str  # pattern with {n} and {total}; empty: no page numbers
    draft: str | None = None  # the watermark word while the content is not approved
    pads: tuple[PadPage, ...] = ()  # pages that fill a booklet to a multiple of 4


@dataclass(frozen=True, kw_only=True, eq=False)
class PadPage(Node):
    """A page a reader fills in (questions, appointments, medicines, notes): a booklet's
    padding is something a patient can use, never blank or repeated ruled pages."""

    title: str
    hint: str = ""
    heads: tuple[str, ...] = ()  # column heads of a form; none: plain writing lines
    boxes: bool = False  # a tick box at the start of each line (a questions checklist)


@dataclass(frozen=True, kw_only=True, eq=False)
class Cover(Node):
    """The front cover's pictures and clinic strip (its words are the document's head)."""

    art: Path | None
    art_alt: str
    logo: Path | None
    clinic: str
    reach: tuple[str, ...]  # phone, web address


@dataclass(frozen=True, kw_only=True, eq=False)
class BackCover(Node):
    """The back cover: the clinic, its contact card, QR code and the about box."""

    clinic: str
    tagline: str | None
    footer: str | None
    logo: Path | None
    contact: ContactCard
    qr: QRCode | None
    about: Callout | None


@dataclass(frozen=True, kw_only=True, eq=False)
class Metadata(Node):
    """What the file says about itself: title, author, subject, keywords, Info keys."""

    title: str
    author: str
    subject: str
    keywords: tuple[str, ...]
    info: tuple[tuple[str, str], ...]  # document-control keys for the PDF Info dictionary
    epoch: int  # when the PDF says it was made: the content's review date, never the clock


@dataclass(frozen=True, kw_only=True, eq=False)
class Document(Node):
    """One output's content: head (title block), body in reading order, covers, furniture."""

    lang: str
    meta: Metadata
    furniture: Furniture
    head: tuple[Paragraph, ...]
    body: tuple[Block, ...]
    cover: Cover | None = None
    back: BackCover | None = None
    flap: tuple[Block, ...] = ()  # a folded leaflet's flap face: read after the cover


def walk(nodes: tuple[Block, ...] | tuple[Paragraph, ...]) -> list[Node]:
    """Every block node below ``nodes``, depth first, in reading order."""
    out: list[Node] = []
    for node in nodes:
        out.append(node)
        if isinstance(node, Section):
            out += walk(node.children)
        elif isinstance(node, Callout | Urgent):
            out += walk(node.body)
        elif isinstance(node, ListBlock):
            for item in node.items:
                out += walk(item.body)
    return out
