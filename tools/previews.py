"""Render PDF pages to PNG with pypdfium2: every page, a contact sheet, and README thumbnails.

Usage: python tools/previews.py OUTPUT_DIR [DOCS_DIR]
Writes OUTPUT_DIR/previews/<name>/page-NN.png and OUTPUT_DIR/previews/<name>-sheet.png for
every PDF in OUTPUT_DIR; with DOCS_DIR, also DOCS_DIR/<name>.png (first page, small) and
DOCS_DIR/brands.png (the brochure's first two pages for every brand built under OUTPUT_DIR).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image


def render_pages(pdf: Path, scale: float) -> list[Image.Image]:
    doc = pdfium.PdfDocument(str(pdf))
    try:
        return [page.render(scale=scale).to_pil().convert("RGB") for page in doc]
    finally:
        doc.close()


def contact_sheet(pages: list[Image.Image], columns: int = 4, gap: int = 12) -> Image.Image:
    w = max(p.width for p in pages)
    h = max(p.height for p in pages)
    rows = (len(pages) + columns - 1) // columns
    cols = min(columns, len(pages))
    sheet = Image.new("RGB", (cols * (w + gap) + gap, rows * (h + gap) + gap), (96, 96, 96))
    for i, page in enumerate(pages):
        sheet.paste(page, (gap + (i % columns) * (w + gap), gap + (i // columns) * (h + gap)))
    return sheet


def small(image: Image.Image) -> Image.Image:
    """A committed preview: 256 colours keep the repository light."""
    return image.quantize(256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)


def main(argv: list[str]) -> int:
    out = Path(argv[0])
    docs = Path(argv[1]) if len(argv) > 1 else None
    for pdf in sorted(out.glob("*.pdf")):
        pages = render_pages(pdf, 100 / 72)
        folder = out / "previews" / pdf.stem
        folder.mkdir(parents=True, exist_ok=True)
        for n, page in enumerate(pages, 1):
            page.save(folder / f"page-{n:02d}.png")
        thumbs = [
            p.resize((p.width * 2 // 5, p.height * 2 // 5), Image.Resampling.LANCZOS) for p in pages
        ]
        contact_sheet(thumbs).save(out / "previews" / f"{pdf.stem}-sheet.png")
        print(f"{pdf.name}: {len(pages)} page(s) -> {folder}")
        if docs is not None and not pdf.stem.endswith("-press"):
            docs.mkdir(parents=True, exist_ok=True)
            first = render_pages(pdf, 60 / 72)[0]
            small(first).save(docs / f"{pdf.stem}.png", optimize=True)
    if docs is not None:
        locales = {p.name.split(".")[1] for p in Path(".").glob("content.*.yaml")}
        brand_pdfs = [out / "patient-brochure.pdf"] + [
            p
            for p in sorted(out.glob("*/patient-brochure.pdf"))
            if p.parent.name not in locales and not p.parent.name.startswith(".")
        ]
        pages = [p for pdf in brand_pdfs if pdf.exists() for p in render_pages(pdf, 40 / 72)[:2]]
        if pages:
            sheet = contact_sheet(pages, columns=min(len(pages), 6))
            small(sheet).save(docs / "brands.png", optimize=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
