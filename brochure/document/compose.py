"""Compose: content + brand + locale -> one document tree per output.

This is the only place that knows reading order and fallbacks: section and block titles,
the locale's labels for untitled parts, citation numbers, which contact lines exist, what
the covers carry. Renderers only draw what they are given.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable
from dataclasses import replace

from ..content import model as m
from ..content.control import info_keys, is_draft, next_review
from ..content.inline import number_citations, to_plain
from ..errors import BrochureError
from ..locale import Labels
from ..pipeline import Project
from ..placeholders import fields, fill
from . import nodes as n


def literal(text: object) -> str:
    """Fixed or metadata text as inline syntax that prints exactly (an asterisk in a name)."""
    return str(text).replace("\\", "\\\\").replace("*", "\\*").replace("[", "\\[")


def one_line(value: object) -> str:
    """Brand text set on one line: YAML line breaks and tabs become single spaces."""
    return " ".join(str(value or "").split())


def host(url: object) -> str:
    text = str(url or "")
    for prefix in ("https://", "http://"):
        if text.startswith(prefix):
            text = text[len(prefix) :]
    return text.rstrip("/")


class Composer:
    """Turns one project's content model into nodes, numbering citations as it goes."""

    def __init__(self, project: Project, labels: Labels) -> None:
        self.project, self.labels = project, labels
        self.cite = {str(ref.id): i for i, ref in enumerate(project.content.references, 1)}
        self.fields = fields(project.brand)

    def text(self, value: str) -> str:
        """Content text as the leaflet prints it: the clinic's details filled in, citations
        numbered."""
        return number_citations(fill(value, self.fields), self.cite)

    def para(self, value: str, role: n.Role = "body") -> n.Paragraph:
        return n.Paragraph(text=self.text(value), role=role, src=getattr(value, "src", None))

    def items(self, items: list[m.Item], role: n.Role = "item") -> n.ListBlock:
        return n.ListBlock(
            style="bullets",
            items=tuple(
                n.ListItem(label="\u2022", body=(self.para(m.item_text(i), role),)) for i in items
            ),
        )

    def prose(
        self, text: str | None, items: list[m.Item], role: n.Role, item_role: n.Role
    ) -> tuple[n.Block, ...]:
        """A paragraph, then a list; either may be missing (steps, callouts)."""
        out: list[n.Block] = [self.para(text, role)] if text else []
        return (*out, self.items(items, item_role)) if items else tuple(out)

    def section(self, section: m.Section, level: int = 1) -> n.Section:
        children = tuple(self.titled(block, level + 1) for block in section.blocks)
        return n.Section(
            title=self.text(section.title),
            level=level,
            children=children,
            id=str(section.id),
            src=section.src,
        )

    def titled(self, block: m.AnyBlock, level: int) -> n.Block:
        """A block; with a title (not a callout, which shows its own), inside a sub-section."""
        node = BLOCKS[type(block)](self, block)
        if isinstance(block, m.Urgent):
            return replace(node, src=block.src)  # it shows its own title, like a callout
        if not isinstance(node, n.Figure):  # a picture's problems point at its image field
            node = replace(node, src=block.src)
        if block.title and not isinstance(block, m.Callout):
            return n.Section(
                title=self.text(block.title), level=level, children=(node,), src=block.src
            )
        return node

    def key_facts(self, facts: m.KeyFacts) -> n.Callout:
        title = self.text(facts.title) if facts.title else literal(self.labels.key_facts)
        return n.Callout(
            tone="info", title=title, body=(self.items(facts.items, "callout"),), src=facts.src
        )

    def disclaimer(self, *after: n.Block) -> n.Section:
        """The brand-locked disclaimer, closing every patient leaflet, and what follows it."""
        disclaimer = self.project.content.brochure.disclaimer
        title = self.text(disclaimer.title) if disclaimer.title else literal(self.labels.disclaimer)
        children = (self.para(disclaimer.text), *after)
        return n.Section(
            title=title, level=1, children=children, id="disclaimer", src=disclaimer.src
        )

    def furniture(self, header_left: str, header_right: str) -> n.Furniture:
        doc, labels = self.project.content.document, self.labels
        control = " \u00b7 ".join(
            [
                str(doc.id),
                labels.format("version", version=doc.version),
                labels.format("last_reviewed", date=labels.date(doc.last_reviewed)),
            ]
        )
        return n.Furniture(
            header_left=header_left,
            header_right=header_right,
            footer_left=control,
            page_label=labels.page,
            draft=labels.draft if is_draft(self.project.content) else None,
            pads=tuple(
                n.PadPage(
                    title=pad["title"],
                    hint=pad.get("hint", ""),
                    heads=tuple(pad.get("heads", ())),
                    boxes=bool(pad.get("boxes")),
                )
                for pad in labels.table("pads")
            ),
        )

    def meta(self, title: str, subject: str) -> n.Metadata:
        content = self.project.content
        return n.Metadata(
            title=title,
            author=one_line(self.project.brand.name),
            subject=subject,
            keywords=tuple(map(str, content.document.keywords)),
            info=tuple(info_keys(content).items()),
            epoch=calendar.timegm(content.document.last_reviewed.timetuple()),
        )

    def phone(self) -> n.Channel | None:
        """The clinic's phone as a call link, if the brand gives one."""
        phone = self.project.brand.contact.phone
        if not phone:
            return None
        digits = "".join(ch for ch in str(phone) if ch.isdigit() or ch == "+")
        return n.Channel(label=self.labels.phone, shown=str(phone), target="tel:" + digits)

    def contact(self) -> n.ContactCard:
        brand, labels = self.project.brand, self.labels
        contact = brand.contact
        phone = self.phone()
        channels = [phone] if phone else []
        if contact.email:
            channels.append(
                n.Channel(
                    label=labels.email, shown=str(contact.email), target=f"mailto:{contact.email}"
                )
            )
        if contact.website:
            channels.append(
                n.Channel(
                    label=labels.website, shown=host(contact.website), target=str(contact.website)
                )
            )
        return n.ContactCard(
            title=literal(labels.contact_title),
            name=literal(one_line(brand.name)),
            address=tuple(literal(line) for line in contact.address or []),
            channels=tuple(channels),
        )

    def about(self) -> n.Callout:
        """Document control, reviewer, where the sources are, and a feedback route (PIF TICK)."""
        doc, labels = self.project.content.document, self.labels
        lines = [
            labels.format(
                "about_control",
                id=doc.id,
                version=doc.version,
                date=labels.date(doc.last_reviewed),
                next=labels.date(next_review(self.project.content)),
            )
        ]
        if doc.reviewed_by:
            lines.append(
                labels.format(
                    "reviewed_by",
                    name=doc.reviewed_by.name,
                    role=doc.reviewed_by.role,
                    date=labels.date(doc.last_reviewed),
                )
            )
        # Only a leaflet with a clinician summary can offer it; without one, its references
        # (if any) are printed in it.
        content = self.project.content
        if content.summary is not None:
            lines.append(labels.about_sources)
        elif content.references:
            lines.append(labels.about_sources_listed)
        lines.append(labels.about_feedback)
        text = " ".join(literal(line) for line in lines)
        return n.Callout(
            tone="info",
            title=literal(labels.about_title),
            body=(n.Paragraph(text=text, role="callout", authored=False),),
        )


def _paragraph(c: Composer, b: m.Paragraph) -> n.Block:
    return c.para(b.text)


def _bullets(c: Composer, b: m.Bullets) -> n.Block:
    return c.items(b.items)


def _steps(c: Composer, b: m.Steps) -> n.Block:
    return n.ListBlock(
        style="steps",
        items=tuple(
            n.ListItem(
                label=str(i),
                title=c.text(step.title),
                body=c.prose(step.text, step.items, "body", "item"),
                src=step.src,
            )
            for i, step in enumerate(b.items, 1)
        ),
    )


def _checklist(c: Composer, b: m.Checklist) -> n.Block:
    return n.ListBlock(
        style="checklist",
        items=tuple(
            n.ListItem(label="\u2610", body=(c.para(item, "callout"),)) for item in b.items
        ),
    )


def _callout(c: Composer, b: m.Callout) -> n.Block:
    title = c.text(b.title) if b.title else None
    return n.Callout(tone=b.tone, title=title, body=c.prose(b.text, b.items, "callout", "callout"))


def _urgent(c: Composer, b: m.Urgent) -> n.Block:
    labels, phone = c.labels, c.phone()
    call = labels.format("urgent_call", phone=phone.shown) if phone else labels.urgent_no_phone
    return n.Urgent(
        title=c.text(b.title) if b.title else literal(labels.urgent_title),
        body=c.prose(b.text, b.items, "callout", "callout"),
        call=literal(call),
        phone=phone,
    )


def _figure(c: Composer, b: m.Figure) -> n.Block:
    return n.Figure(
        image=c.project.images[str(b.image)],
        alt=to_plain(b.alt),
        caption=c.text(b.caption),
        width=float(b.width),
        src=b.image.src,
    )


def _table(c: Composer, b: m.Table) -> n.Block:
    return n.Table(
        header=tuple(c.text(col) for col in b.columns),
        rows=tuple(tuple(c.text(cell) for cell in row) for row in b.rows),
        widths=tuple(b.widths) if b.widths else None,
    )


def _glossary(c: Composer, b: m.Glossary) -> n.Block:
    return n.Glossary(entries=tuple((c.text(e.term), c.text(e.definition)) for e in b.entries))


def _references(c: Composer, b: m.References) -> n.Block:
    return n.References(entries=tuple(c.text(r.text) for r in c.project.content.references))


# One entry per block kind of the content model; a test checks that none is missing.
BLOCKS: dict[type, Callable[[Composer, m.AnyBlock], n.Block]] = {
    m.Paragraph: _paragraph,  # type: ignore[dict-item]
    m.Bullets: _bullets,  # type: ignore[dict-item]
    m.Steps: _steps,  # type: ignore[dict-item]
    m.Checklist: _checklist,  # type: ignore[dict-item]
    m.Callout: _callout,  # type: ignore[dict-item]
    m.Urgent: _urgent,  # type: ignore[dict-item]
    m.Figure: _figure,  # type: ignore[dict-item]
    m.Table: _table,  # type: ignore[dict-item]
    m.Glossary: _glossary,  # type: ignore[dict-item]
    m.References: _references,  # type: ignore[dict-item]
}


def compose_patient(project: Project, about_on_back: bool = True) -> n.Document:
    """The patient leaflet: cover, key facts, sections, disclaimer, back cover; composed
    once per project for each placement of the box below (its nodes are frozen, so the
    outputs that print the same leaflet share it).

    ``about_on_back``: the "About this leaflet" box goes on the back cover; pages too small
    or type too large for it there close the text with it instead.
    """
    return project.once(("patient", about_on_back), lambda: _patient(project, about_on_back))


def _patient(project: Project, about_on_back: bool) -> n.Document:
    content, brand, theme = project.content, project.brand, project.theme
    doc = content.document
    labels = Labels(str(doc.language))
    c = Composer(project, labels)
    head = [c.para(doc.title, "title")]
    head += [c.para(doc.subtitle, "subtitle")] if doc.subtitle else []
    head += [c.para(doc.tagline, "tagline")] if doc.tagline else []
    body: list[n.Block] = []
    if doc.main_message:
        body.append(c.para(doc.main_message, "lead"))
    if content.brochure.key_facts:
        body.append(c.key_facts(content.brochure.key_facts))
    body += [c.section(s) for s in content.brochure.sections]
    if about_on_back:
        review = labels.format(
            "review_line",
            date=labels.date(doc.last_reviewed),
            next=labels.date(next_review(content)),
        )
        body.append(c.disclaimer(n.Paragraph(text=literal(review), authored=False)))
    else:
        body.append(c.disclaimer(c.about()))
    cover_image = doc.cover_image
    art = project.images.get(str(cover_image.image)) if cover_image else theme.cover_image
    contact = brand.contact
    # The leaflet's own page; else the brand's pattern with this leaflet's id; else its site.
    pattern = str(brand.qr_url or "").replace("{id}", str(doc.id))
    qr_url = str(doc.web_page or pattern or contact.website or "")
    plain_title = to_plain(doc.title)
    return n.Document(
        lang=str(doc.language),
        meta=c.meta(plain_title, to_plain(doc.subtitle or doc.title)),
        furniture=c.furniture(one_line(brand.name), to_plain(doc.short_title or doc.title)),
        head=tuple(head),
        body=tuple(body),
        cover=n.Cover(
            art=art,
            art_alt=to_plain(cover_image.alt) if cover_image else "",
            logo=theme.logo,
            clinic=one_line(brand.name),
            reach=tuple(one_line(x) for x in (contact.phone, host(contact.website)) if x),
        ),
        back=n.BackCover(
            clinic=one_line(brand.name),
            tagline=one_line(brand.tagline) if brand.tagline else None,
            footer=one_line(brand.footer) if brand.footer else None,
            logo=theme.logo,
            contact=c.contact(),
            qr=n.QRCode(url=qr_url, caption=literal(labels.qr_caption), shown=literal(host(qr_url)))
            if qr_url
            else None,
            about=c.about() if about_on_back else None,
        ),
        src=content.src,
    )


def compose_summary(project: Project) -> n.Document:
    """The clinician summary: a title block, then the summary's sections (always English);
    composed once per project (its own output and the word snapshot share it)."""
    return project.once(("summary",), lambda: _summary(project))


def _summary(project: Project) -> n.Document:
    content, brand = project.content, project.brand
    summary = content.summary
    if summary is None:
        raise BrochureError(
            "content.yaml has no 'summary' section, so the clinician summary cannot be built",
            content.src.at("summary"),
        )
    labels = Labels("en-US")
    c = Composer(project, labels)
    head = [c.para(summary.title, "title")]
    head += [c.para(summary.status, "status")] if summary.status else []
    contact = brand.contact
    reach = " \u00b7 ".join(str(x) for x in (contact.phone, host(contact.website)) if x)
    doc = content.document
    return n.Document(
        lang="en-US",
        meta=c.meta(to_plain(summary.title), f"{to_plain(doc.title)}: {labels.clinician_only}"),
        furniture=c.furniture(
            f"{one_line(brand.name)} \u00b7 {labels.clinician_only}",
            reach or to_plain(doc.title),
        ),
        head=tuple(head),
        body=tuple(c.section(s) for s in summary.sections),
        src=summary.src,
    )


def compose_trifold(project: Project) -> n.Document:
    """The tri-fold: the patient leaflet's covers, a flap face (main message, key facts and
    the flap's sections) and the inside sections the content's ``trifold:`` part chooses."""
    content = project.content
    part = content.trifold
    if part is None:
        raise BrochureError(
            f"{content.src.file} has no 'trifold' part, so the tri-fold cannot be built",
            content.src.at("trifold"),
        )
    patient = compose_patient(project)
    c = Composer(project, Labels(str(content.document.language)))
    flap: list[n.Block] = []
    if content.document.main_message:
        flap.append(c.para(content.document.main_message, "lead"))
    facts = part.key_facts or content.brochure.key_facts
    flap += [c.key_facts(facts)] if facts else []
    flap += [c.section(s.resolve(content.brochure)) for s in part.flap]
    body = [c.section(s.resolve(content.brochure)) for s in part.sections]
    # The back panel has room for the contact card, the code and the document-control line
    # at its foot, not for the "About this leaflet" box.
    back = replace(patient.back, about=None) if patient.back else None
    return replace(patient, flap=tuple(flap), body=(*body, c.disclaimer()), back=back, src=part.src)
