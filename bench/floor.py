"""The floor: a plain, hand-written ReportLab script that prints the same brochure.

What `make bench` compares the builder with, so it does the same printing work with as little
code as possible: the same 14-odd pages from content.yaml (cover with its artwork clipped to a
frame, colour band, title, logo and clinic lines; running header and footer with "Page n of N";
the DRAFT watermark; key facts and callout boxes; bullets, steps, checklist, figures with
captions, the glossary table; the back cover with contact block and QR code; an outline of the
sections), the same four TrueType faces (subset), the same prepared pictures (the JPEG bytes
the brochure embeds, passed through unchanged, named by their file's path), the SVG diagram and logo
through svglib with their text in the brand's fonts, compressed binary streams.

What it omits, and the builder does: checking the content and brand (schema, links, glyphs,
pictures), inline markup (bold, links) and hyphenation, the brand's theme (colours are
literal), tagged PDF (structure tree, alt text, reading order: about a fifth of the objects),
document info and XMP, the widow/orphan and keep-together rules, fitting the figures' labels,
and everything after the file is written (fingerprints, build report, atomic publishing).

Usage: python bench/floor.py CONTENT.yaml PICTURES_DIR OUT.pdf
(PICTURES_DIR holds cover.jpg and one NAME.jpg per raster figure, as the bench extracts them.)
"""

from __future__ import annotations

import sys
from pathlib import Path
from xml.sax.saxutils import escape

import yaml
from reportlab import rl_config
from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Frame,
    Image,
    ListFlowable,
    ListItem,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from svglib.svglib import svg2rlg

ROOT = Path(__file__).resolve().parent.parent
FONTS = ROOT / "assets" / "fonts"
FACES = ("NotoSans-Regular", "NotoSans-Bold", "NotoSans-Italic", "NotoSerif-Bold")
PRIMARY, TINT, ACCENT = HexColor("#1B5E7A"), HexColor("#E9F2F5"), HexColor("#BC5B15")
W, H = LETTER
rl_config.invariant = 1
rl_config.useA85 = 0  # binary streams, as the builder writes

body = ParagraphStyle("b", fontName="NotoSans-Regular", fontSize=11.5, leading=16.3, spaceAfter=12)
h1 = ParagraphStyle(
    "h1", fontName="NotoSerif-Bold", fontSize=19, leading=23, spaceBefore=18, spaceAfter=6
)
h2 = ParagraphStyle(
    "h2", fontName="NotoSans-Bold", fontSize=13, leading=16, spaceBefore=10, spaceAfter=4
)
title = ParagraphStyle("t", fontName="NotoSerif-Bold", fontSize=30, leading=34, textColor="white")


def p(text: object, style: ParagraphStyle = body) -> Paragraph:
    return Paragraph(escape(" ".join(str(text).split())), style)


def items(values: list) -> ListFlowable:
    texts = [f"{v['label']}. {v['text']}" if isinstance(v, dict) else v for v in values]
    return ListFlowable([ListItem(p(t)) for t in texts], bulletType="bullet", spaceAfter=8)


def boxed(flowables: list, fill: object = TINT) -> Table:
    box = Table([[flowables]], colWidths=[W - 2 * 0.9 * inch - 12])
    box.setStyle(
        TableStyle([("BACKGROUND", (0, 0), (-1, -1), fill), ("PADDING", (0, 0), (-1, -1), 10)])
    )
    return box


def picture(path: Path, width: float) -> Image:
    im = Image(str(path), width, width)
    im._setup_inner()
    im.drawHeight = width * im.imageHeight / im.imageWidth
    return im


def svg(path: Path, width: float) -> Drawing:
    faces = {"sans-serif": "NotoSans-Regular", "serif": "NotoSerif-Bold"}
    drawing = svg2rlg(str(path), font_map=None)
    for node in _strings(drawing):
        node.fontName = faces.get(str(node.fontName).lower(), "NotoSans-Regular")
    scale = width / drawing.width
    drawing.scale(scale, scale)
    drawing.width, drawing.height = width, drawing.height * scale
    return drawing


def _strings(group: object) -> list:
    found = []
    for child in getattr(group, "contents", []):
        found += [child] if hasattr(child, "fontName") else _strings(child)
    return found


def story(data: dict, pictures: Path) -> list:
    brochure = data["brochure"]
    out: list = [Spacer(1, 1), NextPageTemplate("body"), PageBreak()]
    out += [boxed([p(brochure["key_facts"]["title"], h2), items(brochure["key_facts"]["items"])])]
    for section in brochure["sections"]:
        out.append(p(section["title"], h1))
        for block in section["blocks"]:
            kind = block["type"]
            if block.get("title") and kind != "callout":
                out.append(p(block["title"], h2))
            if kind == "paragraph":
                out.append(p(block["text"]))
            elif kind in ("bullets", "checklist"):
                out.append(items(block["items"]))
            elif kind == "steps":
                for n, step in enumerate(block["items"], 1):
                    out += [p(f"{n}. {step['title']}", h2), items(step.get("items", []))]
            elif kind == "callout":
                inner = [p(block["text"])] if block.get("text") else [items(block["items"])]
                out.append(boxed([p(block.get("title", ""), h2), *inner]))
            elif kind == "figure":
                width = block.get("width", 1.0) * (W - 1.8 * inch)
                path = Path(block["image"])
                if path.suffix == ".svg":
                    out.append(svg(ROOT / "assets" / path, width))
                else:
                    out.append(picture(pictures / f"{path.stem}.jpg", width))
                out.append(p(block["caption"]))
            elif kind == "glossary":
                rows = [[p(e["term"], h2), p(e["definition"])] for e in block["entries"]]
                table = Table(rows, colWidths=[2 * inch, 4.7 * inch])
                table.setStyle(TableStyle([("PADDING", (0, 0), (-1, -1), 9)]))
                out.append(table)
    out += [p(brochure["disclaimer"]["title"], h1), p(brochure["disclaimer"]["text"])]
    out += [NextPageTemplate("back"), PageBreak(), Spacer(1, 1)]
    return out


def main(content_path: str, pictures_dir: str, out: str) -> None:
    for face in FACES:
        pdfmetrics.registerFont(TTFont(face, str(FONTS / face.split("-")[0] / f"{face}.ttf")))
    data = yaml.safe_load(Path(content_path).read_text(encoding="utf-8"))
    brand = yaml.safe_load((ROOT / "assets/brands/default.yaml").read_text(encoding="utf-8"))
    doc, pictures = data["document"], Path(pictures_dir)
    logo = svg(ROOT / "assets" / brand["logo"], 2.2 * inch)
    footer = f"{doc['id']} · Version {doc['version']} · Last reviewed {doc['last_reviewed']}"
    pending: list = []

    class Numbered(Canvas):  # type: ignore[misc]
        """Writes "Page n of N" once N is known, in one layout pass (as the builder does)."""

        def showPage(self) -> None:
            pending.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            for n, state in enumerate(pending, 1):
                self.__dict__.update(state)
                if 1 < n < len(pending):
                    self.setFont("NotoSans-Bold", 7.5)
                    self.drawRightString(W - 0.9 * inch, 0.45 * inch, f"Page {n} of {len(pending)}")
                Canvas.showPage(self)
            Canvas.save(self)

    def cover(c: Canvas, _doc: object) -> None:
        art_bottom = H * 0.5
        c.saveState()
        clip = c.beginPath()
        clip.rect(0.25 * inch, art_bottom, W - 0.5 * inch, H - 0.25 * inch - art_bottom)
        c.clipPath(clip, stroke=0, fill=0)
        art = (0.25 * inch, art_bottom, W - 0.5 * inch, H - 0.25 * inch - art_bottom)
        c.drawImage(str(pictures / "cover.jpg"), *art)  # a file: named by its path
        c.restoreState()
        c.setFillColor(PRIMARY)
        c.rect(0.25 * inch, H * 0.2, W - 0.5 * inch, H * 0.3, stroke=0, fill=1)
        para = p(doc["title"], title)
        para.wrapOn(c, W - 2 * inch, H)
        para.drawOn(c, inch, H * 0.48 - para.height)
        c.setFillColor("white")
        c.setFont("NotoSans-Regular", 13)
        c.drawString(inch, H * 0.3, doc["subtitle"])
        c.setFont("NotoSans-Italic", 10)
        c.drawString(inch, H * 0.27, doc["tagline"])
        renderPDF.draw(logo, c, inch, H * 0.08)
        c.setFillColor(PRIMARY)
        c.setFont("NotoSans-Bold", 9)
        c.drawRightString(W - inch, H * 0.16, brand["name"])
        c.setFont("NotoSans-Regular", 8.5)
        c.drawRightString(W - inch, H * 0.14, brand["contact"]["phone"])
        c.drawString(inch, 0.45 * inch, footer)
        watermark(c)

    def page(c: Canvas, _doc: object) -> None:
        c.setFont("NotoSans-Bold", 7.5)
        c.setFillColor(PRIMARY)
        c.drawString(0.9 * inch, H - 0.5 * inch, brand["name"])
        c.drawRightString(W - 0.9 * inch, H - 0.5 * inch, doc["short_title"])
        c.setStrokeColor(PRIMARY)
        c.line(0.9 * inch, H - 0.56 * inch, W - 0.9 * inch, H - 0.56 * inch)
        c.drawString(0.9 * inch, 0.45 * inch, footer)
        watermark(c)

    def back(c: Canvas, _doc: object) -> None:
        c.setFillColor(PRIMARY)
        c.rect(0, H * 0.8, W, H * 0.2, stroke=0, fill=1)
        c.setFillColor("white")
        c.setFont("NotoSerif-Bold", 20)
        c.drawString(inch, H * 0.9, brand["name"])
        c.setFillColor(PRIMARY)
        c.setFont("NotoSerif-Bold", 16)
        c.drawString(inch, H * 0.7, "Questions? Contact us")
        c.setFont("NotoSans-Regular", 10)
        lines = [*brand["contact"]["address"], brand["contact"]["phone"], brand["contact"]["email"]]
        for i, line in enumerate(lines):
            c.drawString(inch, H * 0.66 - i * 14, line)
        qr = QrCodeWidget(brand["qr_url"].format(id=doc["id"]))
        code = Drawing(1.2 * inch, 1.2 * inch)
        code.add(qr)
        x0, y0, x1, y1 = qr.getBounds()
        code.scale(1.2 * inch / (x1 - x0), 1.2 * inch / (y1 - y0))
        renderPDF.draw(code, c, W - 2.4 * inch, H * 0.6)
        renderPDF.draw(logo, c, inch, inch)
        watermark(c)

    def watermark(c: Canvas) -> None:
        c.saveState()
        c.setFillColor(HexColor("#B3261E"), alpha=0.18)
        c.translate(W / 2, H / 2)
        c.rotate(55)
        c.setFont("NotoSans-Bold", 150)
        c.drawCentredString(0, -50, "DRAFT")
        c.restoreState()

    frame = Frame(0.9 * inch, 0.8 * inch, W - 1.8 * inch, H - 1.65 * inch)
    pdf = BaseDocTemplate(out, pagesize=LETTER, title=doc["title"])
    pdf.addPageTemplates(
        [
            PageTemplate("cover", [frame], onPage=cover),
            PageTemplate("body", [frame], onPage=page),
            PageTemplate("back", [frame], onPage=back),
        ]
    )

    def outline(flowable: object) -> None:
        if isinstance(flowable, Paragraph) and flowable.style is h1:
            key = f"s{id(flowable)}"
            pdf.canv.bookmarkPage(key)
            pdf.canv.addOutlineEntry(flowable.getPlainText(), key, 0)

    pdf.afterFlowable = outline
    pdf.build(story(data, pictures), canvasmaker=Numbered)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3])
