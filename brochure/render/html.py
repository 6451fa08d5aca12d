"""The document tree -> one self-contained, semantic HTML page (the accessible companion).

Open-source ReportLab writes untagged PDF, so screen readers get little from it. This page
carries the same document with real structure: a lang attribute, one h1, headings in order
(a section of level n is titled h(n+1)), real lists, the checklist as a list of checkboxes,
figures with alt text and captions, embedded images, the brand's colours and logo, and print
CSS. Every block kind has one entry in ``HTML_BLOCKS``; the page around the blocks (masthead,
title block, cover picture, footer) comes from the document's head, covers and furniture.
"""

from __future__ import annotations

import base64
import contextlib
import re
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape, unescape
from pathlib import Path
from typing import Any

from ..content.inline import to_html, to_plain
from ..document import nodes as n
from ..session import Busy, Session
from ..theme.fonts import FontFamily, web_font
from ..theme.images import LOGO_BOX, SCREEN_BOX, ScreenImage, is_vector, screen_image
from ..theme.theme import Theme
from . import Output

# A picture as embedded: its file and the box (in pixels) it is scaled down to fit.
Picture = tuple[Path, tuple[int, int]]


def figure_picture(path: Path) -> Picture:
    return (path, SCREEN_BOX)


# Paragraph roles that are also CSS classes; the others only choose PDF type styles.
CLASSES = {"subtitle", "tagline", "status", "lead"}


@dataclass
class Page:
    """One render's state: the lines written so far and what must be unique in the page."""

    out: list[str] = field(default_factory=list)
    level: int = 2  # the heading level of a title at this point of the tree
    depth: int = 0  # how many sections, lists and callouts enclose this point
    ids: set[str] = field(default_factory=set)
    boxes: int = 0  # checkboxes so far: each gets its own name
    session: Session = field(default_factory=Session)
    families: tuple[FontFamily, ...] = ()  # the brand's body and heading fonts
    uses: Counter[Picture] = field(default_factory=Counter)  # how often each picture appears
    shared: dict[Picture, str] = field(default_factory=dict)  # picture -> id of its one copy

    def image(self, pic: Picture) -> ScreenImage:
        return screen_image(pic[0], None, self.session, pic[1])  # checked when loaded

    def data_uri(self, pic: Picture) -> str:
        image = self.image(pic)
        data = image.data
        if image.mime == "image/svg+xml" and self.families:
            data = svg_in_brand_fonts(data, self.families, self.session)
        return f"data:{image.mime};base64,{base64.b64encode(data).decode('ascii')}"

    def picture(self, pic: Picture, alt: str, cls: str) -> str:
        """An <img> with its alt text; a picture used more than once is drawn from one copy.

        Repeating a data URI at every use made 300 figures of one picture an 83 MB page, so a
        repeated picture is embedded once (see ``sprite``) and each use is an SVG <use> of it,
        labelled as an image with the same alt text.
        """
        if self.uses[pic] < 2:
            return f'<img class="{cls}" src="{self.data_uri(pic)}" alt="{escape(alt)}">'
        if pic not in self.shared:
            self.shared[pic] = self.unique_id("picture")
        w, h = self.image(pic).size
        label = f'role="img" aria-label="{escape(alt)}"' if alt.strip() else 'aria-hidden="true"'
        return (
            f'<svg class="{cls}" {label} viewBox="0 0 {w:g} {h:g}">'
            f'<use href="#{self.shared[pic]}"/></svg>'
        )

    def sprite(self) -> str:
        """The one embedded copy of every picture used more than once."""
        if not self.shared:
            return ""
        copies = "".join(
            f'<image id="{ref}" width="{w:g}" height="{h:g}" href="{self.data_uri(pic)}"/>'
            for pic, ref in self.shared.items()
            for w, h in [self.image(pic).size]
        )
        return f'<svg class="sprite" aria-hidden="true" focusable="false">{copies}</svg>'

    def unique_id(self, text: str) -> str:
        """An id made from the words of ``text``, not yet used in this page."""
        base = re.sub(r"\W+", "-", to_plain(text).lower()).strip("-_") or "part"
        name, i = base, 1
        while name in self.ids:
            i += 1
            name = f"{base}-{i}"
        self.ids.add(name)
        return name

    def heading(self, text: str, level: int | None = None, attrs: str = "") -> str:
        """A heading at ``level`` (default: here); nothing at all for a title with no words."""
        if not to_plain(text).strip():
            return ""
        h = min(level or self.level, 6)
        return f"<h{h}{attrs}>{to_html(text)}</h{h}>"

    def blocks(self, nodes: tuple[n.Block, ...], level: int | None = None) -> None:
        """Nested blocks, with titles one level below here (or at ``level``)."""
        saved = self.level, self.depth
        self.level, self.depth = level or self.level, self.depth + 1
        for node in nodes:
            block(node, self)
        self.level, self.depth = saved


def block(node: n.Block, page: Page) -> None:
    HTML_BLOCKS[type(node)](node, page)


def html_paragraph(node: n.Paragraph, page: Page) -> None:
    attr = f' class="{node.role}"' if node.role in CLASSES else ""
    page.out.append(f"<p{attr}>{to_html(node.text)}</p>")


def html_section(node: n.Section, page: Page) -> None:
    """Level 1: a <section> with its id. Deeper (a titled block): a heading in the flow."""
    attr = f' id="{escape(node.id)}"' if node.id else ""
    if node.level <= 1:
        page.out.append(f"<section{attr}>" + page.heading(node.title, node.level + 1))
        page.blocks(node.children, node.level + 2)
        page.out.append("</section>")
    else:
        page.out.append(page.heading(node.title, node.level + 1, attr))
        page.blocks(node.children, node.level + 2)


def html_list(node: n.ListBlock, page: Page) -> None:
    LISTS[node.style](node, page)


def _list(node: n.ListBlock, page: Page, tag: str, cls: str = "") -> None:
    """Items with a title or several blocks hold them; an item of one paragraph is its text."""
    attr = f' class="{cls}"' if cls else ""
    out = page.out
    out.append(f"<{tag}{attr}>")
    for item in node.items:
        first = item.body[0] if len(item.body) == 1 else None
        if item.title is None and isinstance(first, n.Paragraph):
            out.append(f"<li>{to_html(first.text)}</li>")
            continue
        out.append("<li>" + (page.heading(item.title) if item.title is not None else ""))
        page.blocks(item.body, page.level + 1)
        out.append("</li>")
    out.append(f"</{tag}>")


def html_bullets(node: n.ListBlock, page: Page) -> None:
    _list(node, page, "ul")


def html_steps(node: n.ListBlock, page: Page) -> None:
    _list(node, page, "ol", "steps")


def html_checklist(node: n.ListBlock, page: Page) -> None:
    """Each item's words label its own checkbox; anything after a first paragraph follows."""
    out = page.out
    out.append('<ul class="checklist">')
    for item in node.items:
        body, words = item.body, ""
        first = body[0] if body else None
        if isinstance(first, n.Paragraph):
            body, words = body[1:], to_html(first.text)
        box = f'<input type="checkbox" name="q{page.boxes}">'
        page.boxes += 1
        title = page.heading(item.title) if item.title is not None else ""
        label = f"<label>{box}<span>{words}</span></label>"  # the words hang beside the box
        out.append(f"<li>{title}{label}" + ("" if body else "</li>"))
        if body:
            page.blocks(body, page.level + 1)
            out.append("</li>")
    out.append("</ul>")


LISTS: dict[str, Callable[[n.ListBlock, Page], None]] = {
    "bullets": html_bullets,
    "steps": html_steps,
    "checklist": html_checklist,
}


def html_callout(node: n.Callout, page: Page) -> None:
    """A titled callout in the body's own flow (key facts) is a named region; else an aside."""
    if page.depth == 0 and node.title is not None:
        ref = page.unique_id(node.title)
        page.out.append(
            f'<section class="callout {escape(node.tone)}" aria-labelledby="{ref}">'
            + page.heading(node.title, attrs=f' id="{ref}"')
        )
        page.blocks(node.body, page.level + 1)
        page.out.append("</section>")
        return
    aside(node, page)


def aside(node: n.Callout, page: Page) -> None:
    title = page.heading(node.title) if node.title is not None else ""
    page.out.append(f'<aside class="callout {escape(node.tone)}">{title}')
    page.blocks(node.body, page.level + 1)
    page.out.append("</aside>")


def html_urgent(node: n.Urgent, page: Page) -> None:
    page.out.append(f'<aside class="callout warning urgent" role="note">{page.heading(node.title)}')
    page.blocks(node.body, page.level + 1)
    call = to_html(node.call)
    if node.phone is not None:
        call = f'<a href="{escape(node.phone.target)}">{call}</a>'
    page.out.append(f'<p class="call"><strong>{call}</strong></p></aside>')


def html_figure(node: n.Figure, page: Page) -> None:
    """A centred figure at its share of the column; full width on a phone.

    A labelled drawing (SVG) keeps at least its natural size on a narrow screen and scrolls
    sideways in its frame: shrunk to a 390 px phone its labels were 5 px and unreadable.
    """
    style = f"--w:{node.width * 100:.0f}%"
    kind = "photo"
    pic = figure_picture(node.image)
    if is_vector(node.image):
        kind, style = "drawing", f"{style};--natural:{page.image(pic).size[0]:g}px"
    page.out.append(
        f'<figure class="{kind}" style="{style}"><div class="frame">'
        + page.picture(pic, node.alt, "pic")
        + f"</div><figcaption>{to_html(node.caption)}</figcaption></figure>"
    )


def html_table(node: n.Table, page: Page) -> None:
    out = page.out
    out.append(
        "<table><thead><tr>"
        + "".join(f'<th scope="col">{to_html(c)}</th>' for c in node.header)
        + "</tr></thead><tbody>"
    )
    for row in node.rows:
        out.append("<tr>" + "".join(f"<td>{to_html(c)}</td>" for c in row) + "</tr>")
    out.append("</tbody></table>")


def html_glossary(node: n.Glossary, page: Page) -> None:
    out = page.out
    out.append('<dl class="glossary">')
    for term, definition in node.entries:
        out.append(f"<dt>{to_html(term)}</dt><dd>{to_html(definition)}</dd>")
    out.append("</dl>")


def html_references(node: n.References, page: Page) -> None:
    out = page.out
    out.append("<ol>")
    out += [f"<li>{to_html(text)}</li>" for text in node.entries]
    out.append("</ol>")


# One entry per block kind of the document tree; a test checks that none is missing.
HTML_BLOCKS: dict[type, Callable[[Any, Page], None]] = {
    n.Paragraph: html_paragraph,
    n.ListBlock: html_list,
    n.Callout: html_callout,
    n.Urgent: html_urgent,
    n.Figure: html_figure,
    n.Table: html_table,
    n.Glossary: html_glossary,
    n.References: html_references,
    n.Section: html_section,
}


def clinic(document: n.Document) -> str:
    if document.cover is not None:
        return document.cover.clinic
    return document.back.clinic if document.back is not None else document.meta.author


def masthead(document: n.Document, theme: Theme, page: Page) -> str:
    name = escape(clinic(document))
    logo = page.picture((theme.logo, LOGO_BOX), clinic(document), "logo") if theme.logo else ""
    return f'<header class="masthead">{logo}<p class="clinic">{name}</p></header>'


def title_block(document: n.Document, page: Page) -> None:
    """Draft banner, the head (title as the one h1), lead paragraphs, then the cover picture."""
    out = page.out
    if document.furniture.draft:
        out.append(f'<p class="draft" role="note">{escape(document.furniture.draft)}</p>')
    for para in document.head:
        if para.role == "title":
            out.append(f"<h1>{to_html(para.text)}</h1>")
        else:
            html_paragraph(para, page)
    body = document.body
    leads = 0
    for node in body:
        if not (isinstance(node, n.Paragraph) and node.role == "lead"):
            break
        leads += 1
    for node in body[:leads]:
        block(node, page)
    cover = document.cover
    if cover is not None and cover.art is not None and cover.art_alt:  # no alt: not shown
        out.append(page.picture(figure_picture(cover.art), cover.art_alt, "cover"))
    for node in body[leads:]:
        block(node, page)


def footer(document: n.Document, page: Page) -> None:
    """Contact card, the "about" box when the back cover has one, and document control."""
    back, out = document.back, page.out
    control = f'<p class="control">{escape(document.furniture.footer_left)}</p>'
    if back is None:
        out.append(f'<footer class="contact-block">{control}</footer>')
        return
    card = back.contact
    lines = [f"<strong>{to_html(card.name)}</strong>", *map(to_html, card.address)]
    channels = "".join(
        f'<li>{escape(ch.label)}: <a href="{escape(ch.target)}">{escape(ch.shown)}</a></li>'
        for ch in card.channels
    )
    out.append(
        '<footer class="contact-block">'
        + page.heading(card.title, 2)
        + f"<p>{'<br>'.join(lines)}</p>"
        + (f'<ul class="contact">{channels}</ul>' if channels else "")
    )
    if back.about is not None:
        aside(back.about, page)
    brand_line = f"<p>{escape(back.footer)}</p>" if back.footer else ""
    out.append(f"{brand_line}{control}</footer>")


def family(fonts: FontFamily) -> str:
    """The CSS family: the typeface's own family name (``Noto Sans``), letters only.

    Not the registered font name: ReportLab hands every later registration of a face the
    font object registered first, whatever name that one was given.
    """
    name = fonts.fonts[0].face.familyName
    text = name.decode("latin-1") if isinstance(name, bytes) else str(name)
    return re.sub(r"[^\w -]", "", text).strip() or "Brand"


WEIGHT = {"regular": "400", "bold": "700", "italic": "400", "bold_italic": "700"}


def font_faces(
    families: tuple[FontFamily, ...],
    chars: str,
    session: Session,
    wanted: set[str] | None = None,
) -> str:
    """@font-face rules that carry the brand's fonts inside the page, subset to ``chars``.

    A file given for several styles (a heading family is its bold face only) is one rule
    covering their weights, so the browser neither embeds it twice nor fakes a bolder bold.
    A family whose name an earlier family already declared is the same typeface: skipped.
    ``wanted`` limits the rules to files that serve those styles (``"bold"``...).
    """
    faces: list[tuple[str, Path, list[str]]] = []
    declared: set[str] = set()
    for fam in families:
        name = family(fam)
        if name in declared:
            continue
        declared.add(name)
        styles: dict[Path, list[str]] = {}
        for style, path in fam.files:
            styles.setdefault(path, []).append(style)
        faces += [(name, p, s) for p, s in styles.items() if wanted is None or wanted & set(s)]
    # A face another process is cutting now (a library's other worker, on a cold cache) is
    # taken after the others, so that the two cut different faces instead of waiting.
    data: dict[Path, bytes] = {}
    for wait in (False, True):
        for _name, path, _given in faces:
            if path not in data:
                with contextlib.suppress(Busy):
                    data[path] = web_font(path, chars, session, wait)
    rules = []
    for name, path, given in faces:
        weights = " ".join(sorted({WEIGHT[s] for s in given}))
        slant = "italic" if "italic" in given[0] else "normal"
        encoded = base64.b64encode(data[path]).decode("ascii")
        rules.append(
            f'@font-face {{ font-family: "{name}"; font-style: {slant}; '
            f"font-weight: {weights}; font-display: swap; "
            f'src: url(data:font/woff2;base64,{encoded}) format("woff2"); }}'
        )
    return "\n".join(rules)


BOLD = {"bold", "bolder", "600", "700", "800", "900"}


def svg_in_brand_fonts(data: bytes, families: tuple[FontFamily, ...], session: Session) -> bytes:
    """An SVG picture whose text is set in the brand's fonts, as the PDF sets it.

    An <img> is a document of its own that cannot see the page's @font-face rules, so a
    drawing's labels fell back to the browser's default serif. The faces its text uses go
    into its own <style>, subset to its own characters, and its families are mapped as the
    PDF maps them: serif families to the heading font, every other family to the body font.
    """
    root = ET.fromstring(data)
    parents = {child: el for el in root.iter() for child in el}

    def inherited(el: ET.Element | None, name: str) -> str:
        while el is not None:
            found = el.get(name) or re.search(rf"{name}\s*:\s*([^;]+)", el.get("style", ""))
            if found:
                return (found if isinstance(found, str) else found.group(1)).strip().lower()
            el = parents.get(el)
        return ""

    body, heading = families[0], families[-1]
    need: dict[str, tuple[FontFamily, set[str], set[str]]] = {}  # CSS name: chars, styles
    for el in root.iter():
        words = "".join(el.itertext()) if el.tag.rsplit("}", 1)[-1] == "text" else ""
        if not words.strip():
            continue
        face = inherited(el, "font-family")
        fam = heading if "serif" in face and "sans" not in face else body
        bold = inherited(el, "font-weight") in BOLD
        italic = inherited(el, "font-style") in ("italic", "oblique")
        style = ("bold_" if bold else "") + "italic" if italic else "bold" if bold else "regular"
        _, chars, styles = need.setdefault(family(fam), (fam, set(), set()))
        chars.update(words)
        styles.add(style)
    if not need:
        return data
    faces = [
        font_faces((fam,), "".join(sorted(chars)), session, styles)
        for fam, chars, styles in need.values()
    ]
    b, h = family(body), family(heading)
    css = (
        f'svg {{ font-family: "{b}"; }} '
        f'[font-family], [style*="font-family"] {{ font-family: "{b}" !important; }} '
        '[font-family*="serif" i]:not([font-family*="sans" i]), '
        f'[style*="serif" i]:not([style*="sans" i]) {{ font-family: "{h}" !important; }}'
    )
    start = re.search(rb"<svg\b[^>]*>", data)
    if start is None:
        return data
    style_element = f"<style>{chr(10).join(faces)}\n{css}</style>".encode()
    return data[: start.end()] + style_element + data[start.end() :]


def picture_uses(document: n.Document, theme: Theme) -> Counter[Picture]:
    """How many times each picture appears in the page (logo, cover and figures)."""
    nodes = n.walk(document.body)
    if document.back is not None and document.back.about is not None:
        nodes += n.walk(document.back.about.body)
    uses = Counter(figure_picture(x.image) for x in nodes if isinstance(x, n.Figure))
    cover = document.cover
    if cover is not None and cover.art is not None and cover.art_alt:
        uses[figure_picture(cover.art)] += 1
    if theme.logo is not None:
        uses[(theme.logo, LOGO_BOX)] += 1
    return uses


def render_html(document: n.Document, theme: Theme) -> Output:
    """The whole page as UTF-8 bytes; pictures and fonts are embedded, so the file stands alone."""
    page = Page(
        session=theme.session,
        families=(theme.body, theme.heading),
        uses=picture_uses(document, theme),
    )
    page.ids.update(x.id for x in n.walk(document.body) if isinstance(x, n.Section) and x.id)
    head = masthead(document, theme, page)
    page.out.append("<main>")
    title_block(document, page)
    page.out.append("</main>")
    footer(document, page)
    page.out.append(page.sprite())
    style = CSS.format(**theme.hex, body=family(theme.body), heading=family(theme.heading))
    markup = "\n".join([head, *page.out])
    chars = "".join(sorted(set(unescape(markup + style + document.meta.title))))
    faces = font_faces((theme.body, theme.heading), chars, theme.session)
    meta = document.meta
    html = (
        f'<!DOCTYPE html>\n<html lang="{escape(document.lang)}">\n'
        '<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(meta.title)}</title>\n"
        f'<meta name="description" content="{escape(meta.subject)}">\n'
        f"<style>\n{faces}\n{style}</style>\n</head>\n<body>\n" + markup + "\n</body>\n</html>\n"
    )
    return Output(media_type="text/html", data=html.encode("utf-8"), pages=0)


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
.cover {{ display: block; width: 100%; height: auto; border-radius: 6px; }}
figure {{ margin: 1.5rem 0; }}
figure .pic {{ display: block; width: var(--w, 100%); height: auto; margin: 0 auto; }}
figcaption {{ font-style: italic; text-align: center; margin-top: .5rem; }}
.sprite {{ position: absolute; width: 0; height: 0; overflow: hidden; }}
.callout {{ background: var(--tint); border-left: 6px solid var(--primary); padding: .5rem 1.25rem;
  margin: 1.25rem 0; }}
.callout.warning {{ border-color: var(--warning); }} \
.callout.warning h3 {{ color: var(--warning); }}
.callout.important {{ border-color: var(--accent); }}
ol.steps > li {{ margin-bottom: 1rem; }} ol.steps h3 {{ margin: 0; color: var(--primary); }}
ul.checklist {{ list-style: none; padding-left: 0; }}
ul.checklist li {{ padding: .4rem 0; border-bottom: 1px solid var(--tint); }}
ul.checklist label {{ display: flex; gap: .6rem; align-items: flex-start; }}
ul.checklist input {{ flex: none; width: 1.2rem; height: 1.2rem; margin: .25rem 0 0; }}
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
@media (max-width: 40rem) {{
  main, footer {{ padding: 1rem; }} .masthead {{ padding: .75rem 1rem; }}
  figure .pic {{ width: 100%; }}
  figure.drawing .frame {{ overflow-x: auto; margin: 0 -1rem; padding: 0 1rem; }}
  figure.drawing .pic {{ min-width: min(var(--natural), 40rem); }}
}}
@media print {{
  body {{ font-size: 12pt; }} .masthead {{ border-bottom-width: 2pt; }}
  a[href^="http"]::after {{ content: " (" attr(href) ")"; font-size: 10pt; }}
  section, figure, aside {{ break-inside: avoid-page; }} h2, h3 {{ break-after: avoid-page; }}
  input[type=checkbox] {{ appearance: none; border: 1pt solid #000; }}
}}
"""
