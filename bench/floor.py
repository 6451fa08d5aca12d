"""The floor: a plain, hand-written ReportLab script for the same brochure content.

Honestly minimal, as issue 7 asks: no validation, no brand, no document control; plain
flowables for every text unit of content.yaml, the same TrueType fonts, the same pictures
(the rasters as files, the SVG diagram through svglib), a running footer with page numbers.
It is what the builder's cost is compared with.

Usage: python bench/floor.py CONTENT.yaml OUT.pdf
"""

from __future__ import annotations

import sys
from pathlib import Path
from xml.sax.saxutils import escape

import yaml
from reportlab import rl_config
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    Image,
    ListFlowable,
    ListItem,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Table,
)

ROOT = Path(__file__).resolve().parent.parent
FONTS = ROOT / "assets" / "fonts"
rl_config.invariant = 1


def main(content_path: str, out: str) -> None:
    for name in ("NotoSans-Regular", "NotoSans-Bold", "NotoSans-Italic", "NotoSerif-Bold"):
        family = name.split("-")[0]
        pdfmetrics.registerFont(TTFont(name, str(FONTS / family / f"{name}.ttf")))
    data = yaml.safe_load(Path(content_path).read_text(encoding="utf-8"))
    body = ParagraphStyle("b", fontName="NotoSans-Regular", fontSize=11.5, leading=16.3)
    h1 = ParagraphStyle("h1", fontName="NotoSerif-Bold", fontSize=19, leading=23, spaceBefore=12)
    h2 = ParagraphStyle("h2", fontName="NotoSans-Bold", fontSize=13, leading=16)

    def p(text: object, style: ParagraphStyle = body) -> Paragraph:
        return Paragraph(escape(" ".join(str(text).split())), style)

    def items(values: list) -> ListFlowable:
        return ListFlowable(
            [
                ListItem(p(f"{v['label']}. {v['text']}" if isinstance(v, dict) else v))
                for v in values
            ],
            bulletType="bullet",
            bulletFontName="NotoSans-Bold",
        )

    doc = data["document"]
    story: list = [
        p(doc["title"], h1),
        p(doc.get("subtitle", "")),
        Image(str(ROOT / "assets" / doc["cover_image"]["image"]), 7 * inch, 4.375 * inch),
        PageBreak(),
    ]
    for section in data["brochure"]["sections"]:
        story.append(p(section["title"], h1))
        for block in section["blocks"]:
            kind = block["type"]
            if block.get("title"):
                story.append(p(block["title"], h2))
            if kind == "paragraph":
                story.append(p(block["text"]))
            elif kind in ("bullets", "checklist"):
                story.append(items(block["items"]))
            elif kind == "steps":
                for n, step in enumerate(block["items"], 1):
                    story.append(p(f"{n}. {step['title']}", h2))
                    story.append(items(step.get("items", [])))
            elif kind == "callout":
                story.append(
                    p(block.get("text", "")) if block.get("text") else items(block["items"])
                )
            elif kind == "figure":
                path = ROOT / "assets" / block["image"]
                if path.suffix == ".svg":
                    from svglib.svglib import svg2rlg

                    story.append(svg2rlg(str(path)))
                else:
                    story.append(Image(str(path), 3.5 * inch, 2.33 * inch))
                story.append(p(block["caption"]))
            elif kind == "glossary":
                story.append(
                    Table(
                        [[p(e["term"]), p(e["definition"])] for e in block["entries"]],
                        colWidths=[2 * inch, 4.5 * inch],
                    )
                )
    story.append(p(data["brochure"]["disclaimer"]["text"]))

    def footer(canvas, document) -> None:
        canvas.setFont("NotoSans-Regular", 8.5)
        canvas.drawRightString(7.6 * inch, 0.5 * inch, f"Page {document.page}")

    SimpleDocTemplate(out, pagesize=LETTER).build(story, onFirstPage=footer, onLaterPages=footer)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
