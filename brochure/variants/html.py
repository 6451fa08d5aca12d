"""An accessible HTML companion: the patient brochure as one self-contained, semantic page.

Open-source ReportLab writes untagged PDF, so screen readers get little from it. This page
carries the same content with real structure: a lang attribute, one h1, nested headings in
order, real lists, the checklist as a list of checkboxes, figures with alt text and captions,
embedded images, the brand's colours and logo, and print CSS.
"""

from __future__ import annotations

import base64
from html import escape

from ..content import model as m
from ..content.control import is_draft, next_review
from ..content.inline import to_html, to_plain
from ..locale import Labels
from ..pipeline import Project
from ..render import Rendered
from . import Options, Variant

MIME = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".svg": "image/svg+xml"}


def _data_uri(path: object) -> str:
    from pathlib import Path

    p = Path(str(path))
    return (
        f"data:{MIME.get(p.suffix.lower(), 'application/octet-stream')};base64,"
        + base64.b64encode(p.read_bytes()).decode("ascii")
    )


class Page:
    """Writes HTML for one project; headings are numbered from the section level down."""

    def __init__(self, project: Project) -> None:
        self.p = project
        self.cite = project.cite
        self.labels = Labels(str(project.content.document.language))
        self.out: list[str] = []

    def text(self, value: str) -> str:
        return to_html(value, self.cite)

    def items(self, items: list[m.Item], tag: str = "ul", cls: str = "") -> None:
        attr = f' class="{cls}"' if cls else ""
        self.out.append(f"<{tag}{attr}>")
        for item in items:
            self.out.append(f"<li>{self.text(m.item_text(item))}</li>")
        self.out.append(f"</{tag}>")

    def prose(self, text: str | None, items: list[m.Item]) -> None:
        """A paragraph and then a list, either of them optional (steps, callouts)."""
        if text:
            self.out.append(f"<p>{self.text(text)}</p>")
        if items:
            self.items(items)

    def block(self, block: m.AnyBlock, level: int) -> None:
        o = self.out
        if block.title and not isinstance(block, m.Callout):
            o.append(f"<h{level}>{self.text(block.title)}</h{level}>")
        if isinstance(block, m.Paragraph):
            o.append(f"<p>{self.text(block.text)}</p>")
        elif isinstance(block, m.Bullets):
            self.items(block.items)
        elif isinstance(block, m.Steps):
            o.append('<ol class="steps">')
            for step in block.items:
                o.append(f"<li><h{level}>{self.text(step.title)}</h{level}>")
                self.prose(step.text, step.items)
                o.append("</li>")
            o.append("</ol>")
        elif isinstance(block, m.Checklist):
            o.append('<ul class="checklist">')
            for i, item in enumerate(block.items):
                o.append(
                    f'<li><label><input type="checkbox" name="q{i}"> {self.text(item)}</label></li>'
                )
            o.append("</ul>")
        elif isinstance(block, m.Callout):
            title = f"<h{level}>{self.text(block.title)}</h{level}>" if block.title else ""
            o.append(f'<aside class="callout {block.tone}">{title}')
            self.prose(block.text, block.items)
            o.append("</aside>")
        elif isinstance(block, m.Figure):
            src = _data_uri(self.p.images[str(block.image)])
            o.append(
                f'<figure><img src="{src}" alt="{escape(to_plain(block.alt))}" '
                f'style="width:{block.width * 100:.0f}%">'
                f"<figcaption>{self.text(block.caption)}</figcaption></figure>"
            )
        elif isinstance(block, m.Table):
            o.append(
                "<table><thead><tr>"
                + "".join(f'<th scope="col">{self.text(c)}</th>' for c in block.columns)
                + "</tr></thead><tbody>"
            )
            for row in block.rows:
                o.append("<tr>" + "".join(f"<td>{self.text(c)}</td>" for c in row) + "</tr>")
            o.append("</tbody></table>")
        elif isinstance(block, m.Glossary):
            o.append('<dl class="glossary">')
            for e in block.entries:
                o.append(f"<dt>{self.text(e.term)}</dt><dd>{self.text(e.definition)}</dd>")
            o.append("</dl>")
        elif isinstance(block, m.References):
            self.items([m.Text(r.text) for r in self.p.content.references], "ol")  # type: ignore[attr-defined]

    def page(self) -> str:
        c, brand, theme, labels = self.p.content, self.p.brand, self.p.theme, self.labels
        doc = c.document
        o = self.out
        logo = (
            f'<img class="logo" src="{_data_uri(theme.logo)}" alt="{escape(str(brand.name))}">'
            if theme.logo
            else ""
        )
        o.append(
            f'<header class="masthead">{logo}'
            f'<p class="clinic">{escape(str(brand.name))}</p></header>'
        )
        o.append("<main>")
        if is_draft(c):
            o.append(f'<p class="draft" role="note">{escape(labels.draft)}</p>')
        o.append(f"<h1>{self.text(doc.title)}</h1>")
        if doc.subtitle:
            o.append(f'<p class="subtitle">{self.text(doc.subtitle)}</p>')
        if doc.main_message:
            o.append(f'<p class="lead">{self.text(doc.main_message)}</p>')
        cover = doc.cover_image
        if cover and str(cover.image) in self.p.images:
            o.append(
                f'<img class="cover" src="{_data_uri(self.p.images[str(cover.image)])}" '
                f'alt="{escape(to_plain(cover.alt))}">'
            )
        facts = c.brochure.key_facts
        if facts:
            o.append(
                '<section class="callout info" aria-labelledby="key-facts">'
                f'<h2 id="key-facts">{self.text(facts.title or labels.key_facts)}</h2>'
            )
            self.items(facts.items)
            o.append("</section>")
        for s in c.brochure.sections:
            o.append(f'<section id="{escape(str(s.id))}"><h2>{self.text(s.title)}</h2>')
            for block in s.blocks:
                self.block(block, 3)
            o.append("</section>")
        d = c.brochure.disclaimer
        o.append(
            f'<section id="disclaimer"><h2>{self.text(d.title or "")}</h2>'
            f"<p>{self.text(d.text)}</p>"
        )
        review = labels.format(
            "review_line", date=labels.date(doc.last_reviewed), next=labels.date(next_review(c))
        )
        o.append(f"<p>{escape(review)}</p></section>")
        o.append("</main>")
        o.append(self.footer())
        style = CSS.format(
            **theme.hex,
            body=escape(theme.body.regular.split("-")[0]),
            heading=escape(theme.heading.regular.split("-")[0]),
        )
        title = escape(to_plain(doc.title))
        return (
            f'<!DOCTYPE html>\n<html lang="{escape(str(doc.language))}">\n'
            '<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{title}</title>\n"
            f'<meta name="description" content="{escape(to_plain(doc.subtitle or doc.title))}">\n'
            f"<style>{style}</style>\n</head>\n<body>\n" + "\n".join(o) + "\n</body>\n</html>\n"
        )

    def footer(self) -> str:
        brand, labels, doc = self.p.brand, self.labels, self.p.content.document
        contact = brand.contact
        parts = [
            f"<h2>{escape(labels.contact_title)}</h2>",
            f"<p><strong>{escape(str(brand.name))}</strong><br>"
            + "<br>".join(escape(str(line)) for line in contact.address or [])
            + "</p>",
            '<ul class="contact">',
        ]
        if contact.phone:
            tel = "".join(ch for ch in str(contact.phone) if ch.isdigit() or ch == "+")
            parts.append(
                f"<li>{escape(labels.phone)}: "
                f'<a href="tel:{tel}">{escape(str(contact.phone))}</a></li>'
            )
        if contact.email:
            email = escape(str(contact.email))
            parts.append(f'<li>{escape(labels.email)}: <a href="mailto:{email}">{email}</a></li>')
        if contact.website:
            website = escape(str(contact.website))
            parts.append(f'<li>{escape(labels.website)}: <a href="{website}">{website}</a></li>')
        parts.append("</ul>")
        control = " · ".join(
            [
                str(doc.id),
                labels.format("version", version=doc.version),
                labels.format("last_reviewed", date=labels.date(doc.last_reviewed)),
            ]
        )
        if brand.footer:
            parts.append(f"<p>{escape(' '.join(str(brand.footer).split()))}</p>")
        parts.append(f'<p class="control">{escape(control)}</p>')
        return '<footer class="contact-block">' + "".join(parts) + "</footer>"


CSS = """
:root {{ --primary: {primary}; --secondary: {secondary}; --accent: {accent}; --text: {text};
  --bg: {background}; --tint: {tint}; --warning: {warning}; }}
* {{ box-sizing: border-box; }}
body {{ margin: 0; background: var(--bg); color: var(--text);
  font: 1.125rem/1.6 "{body}", "Noto Sans", system-ui, sans-serif; }}
.masthead {{ display: flex; align-items: center; gap: 1rem; padding: 1rem 1.5rem;
  border-bottom: 4px solid var(--accent); }}
.masthead .logo {{ height: 3rem; }} \
.masthead .clinic {{ font-weight: bold; color: var(--primary); }}
main, footer {{ max-width: 44rem; margin: 0 auto; padding: 1rem 1.5rem; }}
h1, h2 {{ font-family: "{heading}", Georgia, serif; color: var(--primary); line-height: 1.2; }}
h1 {{ font-size: 2.2rem; }} h3 {{ color: var(--secondary); }}
.subtitle {{ font-size: 1.25rem; }} .lead {{ color: var(--primary); font-size: 1.2rem; }}
img.cover {{ width: 100%; height: auto; border-radius: 6px; }}
figure {{ margin: 1.5rem 0; }} figure img {{ max-width: 100%; height: auto; }}
figcaption {{ font-style: italic; }}
.callout {{ background: var(--tint); border-left: 6px solid var(--primary); padding: .5rem 1.25rem;
  margin: 1.25rem 0; }}
.callout.warning {{ border-color: var(--warning); }} \
.callout.warning h3 {{ color: var(--warning); }}
.callout.important {{ border-color: var(--accent); }}
ol.steps > li {{ margin-bottom: 1rem; }} ol.steps h3 {{ margin: 0; color: var(--primary); }}
ul.checklist {{ list-style: none; padding-left: 0; }}
ul.checklist li {{ padding: .4rem 0; border-bottom: 1px solid var(--tint); }}
ul.checklist input {{ width: 1.2rem; height: 1.2rem; margin-right: .6rem; \
vertical-align: -.15rem; }}
dl.glossary dt {{ font-weight: bold; color: var(--primary); margin-top: .75rem; }}
dl.glossary dd {{ margin-left: 0; }}
table {{ border-collapse: collapse; width: 100%; }} \
th {{ background: var(--primary); color: var(--bg); }}
th, td {{ text-align: left; padding: .4rem; border-bottom: 1px solid var(--tint); }}
a {{ color: var(--primary); }}
.draft {{ background: var(--warning); color: var(--bg); font-weight: bold; text-align: center;
  padding: .25rem; letter-spacing: .3em; }}
footer {{ border-top: 4px solid var(--primary); margin-top: 2rem; }}
.control {{ font-size: .9rem; color: var(--secondary); }}
@media print {{
  body {{ font-size: 12pt; }} .masthead {{ border-bottom-width: 2pt; }}
  a[href^="http"]::after {{ content: " (" attr(href) ")"; font-size: 10pt; }}
  section, figure, aside {{ break-inside: avoid-page; }} h2, h3 {{ break-after: avoid-page; }}
  input[type=checkbox] {{ appearance: none; border: 1pt solid #000; }}
}}
"""


def build_html(project: Project, options: Options) -> Rendered:
    return Rendered(Page(project).page().encode("utf-8"), 0, [])


VARIANT = Variant(
    name="html",
    filename="patient-brochure.html",
    description="accessible HTML companion of the patient brochure",
    audience="patient",
    build=build_html,
    reads=("document", "brochure"),
)
