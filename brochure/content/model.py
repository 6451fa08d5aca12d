"""The content model: what a content author writes, as typed dataclasses (no ReportLab here)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Annotated, ClassVar, Literal

from .checks import AssetPath, Fraction, Grade, LangTag, Link, NonEmpty, Prose, Slug
from .schema import Node, Text


@dataclass(kw_only=True)
class Person(Node):
    """A person the leaflet names (its reviewer), with their role."""

    name: Prose
    role: Prose


@dataclass(kw_only=True)
class Approval(Node):
    """Who approved the content, and a hash of the content they approved."""

    name: Prose
    role: Prose
    date: date
    content_hash: Text | None = None


@dataclass(kw_only=True)
class ImageRef(Node):
    """A picture from assets/ and the words a screen reader says for it."""

    image: AssetPath
    alt: Prose


@dataclass(kw_only=True)
class DocumentInfo(Node):
    """The leaflet's identity, dates, language and approval: its front matter."""

    id: Prose
    title: Prose
    short_title: Text | None = None  # the running header's title; default: the title
    web_page: Link | None = None  # the leaflet's page online: where its QR code leads
    subtitle: Text | None = None
    tagline: Text | None = None
    main_message: Text | None = None
    version: Prose
    status: Literal["draft", "approved"] = "draft"
    # Text is an immutable str subclass, so sharing this one default instance is safe.
    language: LangTag = Text("en-US")  # noqa: RUF009
    audience: Text | None = None
    last_reviewed: date
    next_review: date | None = None
    reading_grade_target: Grade = 8.0
    keywords: list[Text] = field(default_factory=list)
    reviewed_by: Person | None = None
    approval: Approval | None = None
    cover_image: ImageRef | None = None
    source_hash: Text | None = None  # translations: hash of the English unit translated

    def problems(self) -> list[tuple[str, str]]:
        if self.next_review is not None and self.next_review <= self.last_reviewed:
            return [
                (
                    "next_review",
                    f"{self.next_review} is not after last_reviewed {self.last_reviewed}",
                )
            ]
        return []


@dataclass(kw_only=True)
class LabeledItem(Node):
    """A bullet whose label is printed in bold before its text."""

    label: Prose
    text: Prose


Item = Prose | LabeledItem


def item_text(item: Item, bold: bool = True) -> str:
    """A list item as printed: a label is run in with a full stop, as in print handouts."""
    if isinstance(item, LabeledItem):
        stop = "" if item.label.rstrip()[-1:] in ".:?!" else "."
        label = f"{item.label.strip()}{stop}"
        return f"**{label}** {item.text}" if bold else f"{label} {item.text}"
    return str(item)


@dataclass(kw_only=True)
class Block(Node):
    """One block of a section; ``kind`` is the ``type`` an author writes."""

    kind: ClassVar[str] = ""
    title: Text | None = None


@dataclass(kw_only=True)
class Paragraph(Block):
    """Running text."""

    kind: ClassVar[str] = "paragraph"
    text: Prose


@dataclass(kw_only=True)
class Bullets(Block):
    """An unordered list."""

    kind: ClassVar[str] = "bullets"
    items: Annotated[list[Item], NonEmpty]


@dataclass(kw_only=True)
class Step(Node):
    """One numbered step: a short title, with text or items under it."""

    title: Prose
    text: Text | None = None
    items: list[Item] = field(default_factory=list)


@dataclass(kw_only=True)
class Steps(Block):
    """Numbered steps, in the order the patient does them."""

    kind: ClassVar[str] = "steps"
    items: Annotated[list[Step], NonEmpty]


@dataclass(kw_only=True)
class Checklist(Block):
    """Tick boxes the patient fills in with a pen."""

    kind: ClassVar[str] = "checklist"
    items: Annotated[list[Prose], NonEmpty]


@dataclass(kw_only=True)
class Callout(Block):
    """A box set apart from the text; ``tone`` says how much it matters."""

    kind: ClassVar[str] = "callout"
    tone: Literal["info", "warning", "important"] = "info"
    text: Text | None = None
    items: list[Item] = field(default_factory=list)

    def problems(self) -> list[tuple[str, str]]:
        if not (self.text and self.text.strip()) and not self.items:
            return [("text", "a callout needs 'text' or 'items'")]
        return []


@dataclass(kw_only=True)
class Figure(Block):
    """A picture with alt text and a caption; ``width`` is its share of the column."""

    kind: ClassVar[str] = "figure"
    image: AssetPath
    alt: Prose
    caption: Prose
    width: Fraction = 1.0


@dataclass(kw_only=True)
class Table(Block):
    """A table under a header row; ``widths`` fix the columns' shares, else words size them."""

    kind: ClassVar[str] = "table"
    columns: Annotated[list[Prose], NonEmpty]
    rows: Annotated[list[list[Text]], NonEmpty]
    widths: list[float] | None = None

    def problems(self) -> list[tuple[str, str]]:
        out = []
        for i, row in enumerate(self.rows):
            if len(row) != len(self.columns):
                out.append(
                    (
                        f"rows[{i}]",
                        f"has {len(row)} cells (expected {len(self.columns)}, one per column)",
                    )
                )
        if self.widths is not None and (
            len(self.widths) != len(self.columns)
            or not all(math.isfinite(w) and w > 0 for w in self.widths)
        ):
            out.append(("widths", f"expected {len(self.columns)} positive numbers, one per column"))
        return out


@dataclass(kw_only=True)
class Urgent(Block):
    """ "When to call us": the warning signs, printed with the clinic's phone number."""

    kind: ClassVar[str] = "urgent"
    text: Text | None = None
    items: Annotated[list[Item], NonEmpty]


@dataclass(kw_only=True)
class GlossaryEntry(Node):
    """A term and its definition in plain words."""

    term: Prose
    definition: Prose


@dataclass(kw_only=True)
class Glossary(Block):
    """The terms the leaflet uses, defined in plain words."""

    kind: ClassVar[str] = "glossary"
    entries: Annotated[list[GlossaryEntry], NonEmpty]


@dataclass(kw_only=True)
class References(Block):
    """Where the content's ``references`` are listed, numbered."""

    kind: ClassVar[str] = "references"


AnyBlock = (
    Paragraph
    | Bullets
    | Steps
    | Checklist
    | Callout
    | Urgent
    | Figure
    | Table
    | Glossary
    | References
)


@dataclass(kw_only=True)
class Section(Node):
    """A titled run of blocks; ``id`` names it to links, the tri-fold and translators."""

    id: Slug
    title: Prose
    blocks: Annotated[list[AnyBlock], NonEmpty]
    source_hash: Text | None = None


@dataclass(kw_only=True)
class KeyFacts(Node):
    """The few facts a reader must take away, printed first."""

    title: Text | None = None
    items: Annotated[list[Item], NonEmpty]
    source_hash: Text | None = None


@dataclass(kw_only=True)
class Disclaimer(Node):
    """The closing words every patient leaflet carries."""

    title: Text | None = None
    text: Prose
    source_hash: Text | None = None


@dataclass(kw_only=True)
class Brochure(Node):
    """The patient brochure: key facts, sections and the disclaimer."""

    key_facts: KeyFacts | None = None
    sections: Annotated[list[Section], NonEmpty]
    disclaimer: Disclaimer


@dataclass(kw_only=True)
class Summary(Node):
    """The optional one-page summary for clinicians."""

    title: Prose
    status: Text | None = None
    sections: Annotated[list[Section], NonEmpty]


@dataclass(kw_only=True)
class TrifoldSection(Node):
    """One section a tri-fold carries: a brochure section by id (``use``, optionally ``only``
    some of its blocks, numbered from 1), or a short version written here."""

    use: Slug | None = None
    only: list[int] = field(default_factory=list)
    id: Slug | None = None
    title: Prose | None = None
    blocks: list[AnyBlock] = field(default_factory=list)

    def problems(self) -> list[tuple[str, str]]:
        if self.use is not None:
            if self.id or self.title or self.blocks:
                return [("use", "either 'use' a brochure section or write a short version here")]
            return []
        if self.only:
            return [("only", "'only' picks blocks of a used section (add 'use: <section id>')")]
        for name in ("id", "title", "blocks"):
            if not getattr(self, name):
                return [(name, f"missing '{name}' (or 'use: <section id>' of the brochure)")]
        return []

    def resolve(self, brochure: Brochure) -> Section:
        """The section as printed (validation has checked ``use`` and ``only``)."""
        if self.use is None:
            assert self.id is not None and self.title is not None
            return Section(id=self.id, title=self.title, blocks=self.blocks, src=self.src)
        used = next(s for s in brochure.sections if s.id == self.use)
        if not self.only:
            return used
        return replace(used, blocks=[used.blocks[i - 1] for i in self.only])


@dataclass(kw_only=True)
class Trifold(Node):
    """What the tri-fold leaflet carries: the flap face (the main message and the key facts,
    then ``flap``) and the three inside panels (``sections``); all must fit."""

    key_facts: KeyFacts | None = None  # default: the brochure's key facts
    flap: list[TrifoldSection] = field(default_factory=list)
    sections: Annotated[list[TrifoldSection], NonEmpty]
    source_hash: Text | None = None


@dataclass(kw_only=True)
class Reference(Node):
    """One source the leaflet rests on."""

    id: Slug
    text: Prose


@dataclass(kw_only=True)
class Content(Node):
    """A whole content file: one topic, its patient brochure and its clinician summary."""

    document: DocumentInfo
    brochure: Brochure
    summary: Summary | None = None
    trifold: Trifold | None = None
    references: list[Reference] = field(default_factory=list)
