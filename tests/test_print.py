"""Print-shop output: the saddle-stitch booklet, press boxes and marks, the office safe margin."""

from __future__ import annotations

import re

import pypdfium2 as pdfium
import pytest
from pdfutil import TODAY, reader

from brochure.errors import BrochureError
from brochure.finish import verify
from brochure.render.pdf.pages import saddle_order

PAGE_LABEL = re.compile(r"Page (\d+) of (\d+)")


def test_saddle_order_matches_a_folded_booklet():
    """This test ensures that 12 pages print as 12|1, 2|11, 10|3, 4|9, 8|5, 6|7."""
    assert saddle_order(12) == [(12, 1), (2, 11), (10, 3), (4, 9), (8, 5), (6, 7)]
    for n in (4, 8, 16, 20):
        seen = sorted(p for side in saddle_order(n) for p in side)
        assert seen == list(range(1, n + 1))


def _halves(path, index, width, height):
    """Text on the left and right half of an imposed side, as pdfium reads it (it follows
    the form each reader page is drawn as)."""
    doc = pdfium.PdfDocument(str(path))
    try:
        text = doc[index].get_textpage()
        halves = (
            text.get_text_bounded(0, 0, width / 2, height),
            text.get_text_bounded(width / 2, 0, width, height),
        )
    finally:
        doc.close()
    return tuple(" ".join(half.split()) for half in halves)


def test_the_imposing_canvas_moves_pages_their_links_and_see_through_ink_to_the_sheet(tmp_path):
    """This test ensures a canvas that imposes (the office booklet) writes four reader pages
    as two landscape sides in folding order (4|1, 2|3), a link on a right-hand page moved by
    a page width with its words, a page's transparency kept in the form it is drawn as, and
    no structure tree or outline (the sheet is untagged) but the language and title."""
    from reportlab.lib.colors import red

    from brochure.render.pdf.pages import DeferredCanvas

    path = tmp_path / "imposed.pdf"
    canvas = DeferredCanvas(str(path), pagesize=(300, 400), impose=True, title="Imposed")
    for number in range(1, 5):
        canvas.drawString(50, 200, f"reader page {number}")
        if number == 1:
            canvas.linkURL("https://example.org/one", (40, 190, 200, 215))
        if number == 3:
            canvas.setFillColor(red, alpha=0.5)
            canvas.rect(20, 20, 100, 100, fill=1, stroke=0)
        canvas.showPage()
    canvas.save()
    pdf = reader(path)
    assert len(pdf.pages) == 2
    assert [float(v) for v in pdf.pages[0].mediabox] == [0, 0, 600, 400]
    for index, (left, right) in enumerate([(4, 1), (2, 3)]):
        assert _halves(path, index, 600, 400) == (f"reader page {left}", f"reader page {right}")
    (link,) = [a.get_object() for a in pdf.pages[0]["/Annots"]]
    assert [float(v) for v in link["/Rect"]] == [340, 190, 500, 215]  # page 1: right half
    assert link["/A"]["/URI"] == "https://example.org/one"
    assert link["/Contents"] == "Link: https://example.org/one"
    right = pdf.pages[1]["/Resources"]["/XObject"]
    forms = [right[name].get_object() for name in right]
    assert any("/ExtGState" in form["/Resources"] for form in forms)  # page 3's 50% red
    root = pdf.trailer["/Root"]
    assert "/StructTreeRoot" not in root and "/MarkInfo" not in root and "/Outlines" not in root
    assert root["/ViewerPreferences"]["/DisplayDocTitle"] == True  # noqa: E712 - a PDF boolean
    assert b"Imposed" in root["/Metadata"].get_object().get_data()


def test_verify_reads_the_skeleton_of_what_reportlab_and_pypdf_write(tmp_path):
    """This test ensures the check made before any output is replaced passes whole files
    from either writer and stops a truncated file, a wrong page count and a cross-reference
    that points at the wrong object."""
    import io

    from pypdf import PdfWriter
    from reportlab.pdfgen.canvas import Canvas

    buf = io.BytesIO()
    canvas = Canvas(buf)
    for _ in range(3):
        canvas.drawString(72, 72, "page")
        canvas.showPage()
    canvas.save()
    made = buf.getvalue()
    writer = PdfWriter()
    for _ in range(2):
        writer.add_blank_page(100, 100)
    out = io.BytesIO()
    writer.write(out)
    verify(made, 3, "a.pdf")
    verify(out.getvalue(), 2, "b.pdf")
    moved = made.replace(b"\n2 0 obj", b"\n9 0 obj", 1)
    for bad, pages, says in [
        (made[:-300], 3, "not a whole PDF"),
        (made, 4, "has 3 pages, expected 4"),
        (moved, 3, "object 2 that is not there"),
    ]:
        with pytest.raises(BrochureError, match=says):
            verify(bad, pages, "x.pdf")


def test_booklet_is_imposed_in_saddle_stitch_order(built):
    """This test ensures that each side carries the right two reader pages, read from footers."""
    r = reader(built["booklet"].path)
    sides = len(r.pages)
    reader_pages = sides * 2
    assert reader_pages % 4 == 0
    first = r.pages[0]
    w, h = float(first.mediabox.width), float(first.mediabox.height)
    assert w > h  # landscape sheet
    assert w == pytest.approx(2 * 5.5 * 72, abs=0.5) and h == pytest.approx(8.5 * 72, abs=0.5)
    labelled = 0
    for index, (left_no, right_no) in enumerate(saddle_order(reader_pages)):
        left, right = _halves(built["booklet"].path, index, w, h)
        for text, number in ((left, left_no), (right, right_no)):
            found = PAGE_LABEL.search(text)
            if found:  # the covers, without a label, are checked below
                assert int(found.group(1)) == number, (number, text[-120:])
                assert int(found.group(2)) == reader_pages
                labelled += 1
    assert labelled == reader_pages - 2  # every inside page was found, on its half
    cover_left, cover_right = _halves(built["booklet"].path, 0, w, h)
    assert "Stem Cell Treatment" in cover_right  # page 1, the cover, on the right of side 1
    assert "Questions? Contact" in cover_left  # the back cover is last


def test_booklet_keeps_body_text_size(built):
    """This test ensures that the booklet is re-flowed, not scaled: body text stays >= 10 pt."""
    sizes = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            sizes.append(size * tm[3] * cm[3])

    reader(built["booklet"].path).pages[1].extract_text(visitor_text=visit)
    body = max(
        set(round(s, 1) for s in sizes), key=lambda s: sum(1 for x in sizes if round(x, 1) == s)
    )
    assert body >= 10.0


@pytest.fixture(scope="module")
def press(tmp_path_factory):
    """`build --press` of a copy of the frozen sample, once for the module: what the page-box
    and bleed tests read (the brochure and the booklet) and what the file-list test checks."""
    from conftest import copy_project

    from brochure.cli import main

    project = copy_project(tmp_path_factory.mktemp("press"))
    # --today: a module fixture is set up before the suite's clock is patched.
    assert main(["build", "--root", str(project), "--press", "--today", TODAY.isoformat()]) == 0
    return project / "output"


def test_press_page_boxes(press):
    """This test ensures TrimBox = finished page, BleedBox = trim + 0.125 in,
    MediaBox holds marks.
    """
    page = reader(press / "patient-brochure-press.pdf").pages[0]
    trim, bleed, media = page.trimbox, page.bleedbox, page.mediabox
    assert (float(trim.width), float(trim.height)) == (612.0, 792.0)
    assert float(bleed.left) == pytest.approx(float(trim.left) - 9)
    assert float(bleed.top) == pytest.approx(float(trim.top) + 9)
    assert float(bleed.width) == pytest.approx(612 + 18)
    assert float(media.width) > float(bleed.width) + 36 and float(media.left) == 0
    booklet = reader(press / "patient-booklet-press.pdf")
    assert len(booklet.pages) % 4 == 0  # the shop gets reader-order pages, padded for stitching
    assert float(booklet.pages[0].trimbox.width) == pytest.approx(5.5 * 72)


def _render(path, index, dpi=72):
    doc = pdfium.PdfDocument(str(path))
    try:
        return doc[index].render(scale=dpi / 72).to_pil().convert("RGB")
    finally:
        doc.close()


def test_full_bleed_reaches_the_bleed_edge(press):
    """This test ensures the cover artwork is printed in the bleed, and nothing beyond it."""
    page = reader(press / "patient-brochure-press.pdf").pages[0]
    slug = float(page.trimbox.left)
    img = _render(press / "patient-brochure-press.pdf", 0)
    h = img.height
    y = int(h * 0.5)  # the colour band / illustration height
    inside_bleed = img.getpixel((int(slug - 9 + 2), y))
    beyond_bleed = img.getpixel((int(slug - 9 - 3), y))
    assert sum(inside_bleed) < 3 * 250  # artwork (not paper white) in the bleed
    assert beyond_bleed == (255, 255, 255)


def test_office_mode_keeps_a_quarter_inch_clear(built):
    """This test ensures nothing is printed within 0.25 in of the paper edge in office mode."""
    for variant in ("brochure", "summary", "large-print"):
        path = built[variant].path
        for i in range(len(reader(path).pages)):
            img = _render(path, i, 36)
            edge = int(0.24 * 36)
            w, h = img.size
            strips = [
                img.crop((0, 0, w, edge)),
                img.crop((0, h - edge, w, h)),
                img.crop((0, 0, edge, h)),
                img.crop((w - edge, 0, w, h)),
            ]
            for strip in strips:
                assert strip.getextrema() == ((255, 255), (255, 255), (255, 255)), (variant, i + 1)


def test_press_build_of_every_variant_skips_the_web_page(press):
    """This test ensures `build --press` makes press PDFs of the printed variants only."""
    names = sorted(p.name for p in press.glob("*.pdf"))
    assert names == [
        "clinician-summary-press.pdf",
        "patient-booklet-press.pdf",
        "patient-brochure-large-print-press.pdf",
        "patient-brochure-press.pdf",
        "patient-trifold-press.pdf",
    ]
    assert not list(press.glob("*.html"))


def test_the_qr_code_prints_every_module_of_the_code_and_is_kept(tmp_path):
    """This test ensures the QR code drawn as one path has a dark square exactly where
    ReportLab's encoder puts a dark module (sampled at each module's centre on the rendered
    page), and that a second build reads the modules back from the cache."""
    from reportlab.graphics import renderPDF
    from reportlab.graphics.barcode import qrencoder
    from reportlab.lib.colors import black

    from brochure.render.pdf.flowables import QUIET, qr_drawing, qr_modules
    from brochure.session import Session

    url = "https://clinic.example/leaflets/TEST-1"
    code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    code.addData(url)
    code.make()
    want = [[bool(m) for m in row] for row in code.modules]
    pdf = tmp_path / "qr.pdf"
    renderPDF.drawToFile(qr_drawing(url, 200, black, Session(tmp_path / "cache")), str(pdf))
    image = pdfium.PdfDocument(str(pdf))[0].render(scale=4).to_pil().convert("L")
    n = len(want)
    box = image.width / (n + 2 * QUIET)
    seen = [
        [
            image.getpixel((int((c + QUIET + 0.5) * box), int((r + QUIET + 0.5) * box))) < 128
            for c in range(n)
        ]
        for r in range(n)
    ]
    assert seen == want
    assert len(list((tmp_path / "cache").iterdir())) == 1  # the modules, kept
    kept = qr_modules(url, Session(tmp_path / "cache"))  # a new session: from the disk
    assert kept == ["".join("1" if m else "0" for m in row) for row in want]
