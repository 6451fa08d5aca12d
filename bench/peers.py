"""The brochure's content for the peers `make bench` times: reStructuredText for rst2pdf.

Writes OUT_DIR/brochure.rst and OUT_DIR/style.yaml: the same sections, paragraphs, lists,
steps, callouts (admonitions), figures (the same prepared JPEGs and the SVG diagram) and
glossary (a definition list), a running header and a "Page n of N" footer, in the brand's
Noto faces. WeasyPrint needs nothing from here: it prints the builder's own HTML companion.
What the peers leave out (cover art, watermark, back cover, tagging) is said in bench/run.py.

Usage: python bench/peers.py CONTENT.yaml PICTURES_DIR OUT_DIR
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent

STYLE = """\
embeddedFonts:
  - [NotoSans-Regular.ttf, NotoSans-Bold.ttf, NotoSans-Italic.ttf, NotoSans-BoldItalic.ttf]
  - [NotoSerif-Regular.ttf, NotoSerif-Bold.ttf, NotoSerif-Regular.ttf, NotoSerif-Bold.ttf]
fontsAlias:
  fontSans: NotoSans-Regular
  fontSansBold: NotoSans-Bold
  fontSansItalic: NotoSans-Italic
  fontSansBoldItalic: NotoSans-BoldItalic
  fontSerif: NotoSerif-Regular
  fontSerifBold: NotoSerif-Bold
  fontSerifItalic: NotoSerif-Regular
  fontSerifBoldItalic: NotoSerif-Bold
  fontMono: NotoSans-Regular
pageSetup:
  size: letter
styles:
  heading: {fontName: NotoSerif-Bold}
  title: {fontName: NotoSerif-Bold}
  normal: {fontSize: 11.5, leading: 16.3}
"""


def line(text: object) -> str:
    """One paragraph of plain text, with reST's markup characters made literal."""
    words = " ".join(str(text).split())
    for ch in "\\*`|_":
        words = words.replace(ch, "\\" + ch)
    return words


def heading(text: object, mark: str) -> list[str]:
    words = line(text)
    return [words, mark * len(words), ""]


def bullets(values: list, indent: str = "") -> list[str]:
    texts = [f"{v['label']}. {v['text']}" if isinstance(v, dict) else v for v in values]
    return [*(f"{indent}- {line(t)}" for t in texts), ""]


def rst(data: dict, pictures: Path) -> str:
    doc, brochure = data["document"], data["brochure"]
    out = [".. header:: " + line(doc["short_title"]), ""]
    out += [".. footer:: " + line(doc["id"]) + " · Page ###Page### of ###Total###", ""]
    out += [*heading(doc["title"], "="), line(doc["subtitle"]), ""]
    out += [f".. image:: {pictures / 'cover.jpg'}", "   :width: 100%", ""]
    facts = brochure["key_facts"]
    out += [f".. admonition:: {line(facts['title'])}", "", *bullets(facts["items"], "   ")]
    for section in brochure["sections"]:
        out += heading(section["title"], "-")
        for block in section["blocks"]:
            kind = block["type"]
            if block.get("title") and kind != "callout":
                out += [f"**{line(block['title'])}**", ""]
            if kind == "paragraph":
                out += [line(block["text"]), ""]
            elif kind in ("bullets", "checklist"):
                out += bullets(block["items"])
            elif kind == "steps":
                for n, step in enumerate(block["items"], 1):
                    out += [f"**{n}. {line(step['title'])}**", "", *bullets(step.get("items", []))]
            elif kind == "callout":
                out += [f".. admonition:: {line(block.get('title', 'Note'))}", ""]
                if block.get("text"):
                    out += ["   " + line(block["text"]), ""]
                else:
                    out += bullets(block["items"], "   ")
            elif kind == "figure":
                path = Path(block["image"])
                image = (
                    ROOT / "assets" / path
                    if path.suffix == ".svg"
                    else pictures / f"{path.stem}.jpg"
                )
                width = round(block.get("width", 1.0) * 100)
                out += [
                    f".. figure:: {image}",
                    f"   :width: {width}%",
                    "",
                    "   " + line(block["caption"]),
                    "",
                ]
            elif kind == "glossary":
                for entry in block["entries"]:
                    out += [line(entry["term"]), "   " + line(entry["definition"]), ""]
    out += [
        *heading(brochure["disclaimer"]["title"], "-"),
        line(brochure["disclaimer"]["text"]),
        "",
    ]
    return "\n".join(out)


def main(content: str, pictures: str, out_dir: str) -> None:
    data = yaml.safe_load(Path(content).read_text(encoding="utf-8"))
    out = Path(out_dir)
    (out / "brochure.rst").write_text(rst(data, Path(pictures).resolve()), encoding="utf-8")
    (out / "style.yaml").write_text(STYLE, encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3])
