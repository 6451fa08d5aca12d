"""The preflight: for each rule, a small PDF drawn here that breaks it and the exact line it
must print; a clean PDF that passes; and the subset tags of our own fonts."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from brochure import Built
from brochure.adapters.reportlab import TaggedTTFont, add_info_keys, subset_tag, tag_subsets
from brochure.cli import main
from brochure.preflight import preflight
from brochure.preflight.extract import font_names

ROOT = Path(__file__).resolve().parent.parent
FONTS = ROOT / "assets" / "fonts" / "NotoSans"
LETTER = (612.0, 792.0)


def _font(name: str, file: str, cls: type[TTFont] = TaggedTTFont) -> str:
    if name not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(cls(name, str(FONTS / file)))
    return name


SANS = _font("PreflightSans", "NotoSans-Regular.ttf")


def pdf(
    path: Path,
    *pages: Callable[[Canvas], None],
    variant: str | None = "summary",
    size: tuple[float, float] = LETTER,
) -> Path:
    """A PDF with one page per drawing function, in the brand font, naming ``variant``."""
    c = Canvas(str(path), pagesize=size, invariant=1)
    if variant:
        add_info_keys(c, {"BrochureVariant": variant})
    for draw in pages:
        c.setFont(SANS, 10)
        draw(c)
        c.showPage()
    c.save()
    return path


def lines(path: Path) -> list[str]:
    return [str(f) for f in preflight([path])]


def text_lines(c: Canvas, x: float, y: float, rows: list[str], size: float = 10) -> None:
    """One paragraph: one text object, ``rows`` set 1.2 x size apart."""
    t = c.beginText(x, y)
    t.setFont(SANS, size, size * 1.2)
    for row in rows:
        t.textLine(row)
    c.drawText(t)


def full(c: Canvas) -> None:
    """A page of text from the top to the bottom of the text area."""
    text_lines(c, 72, 720, ["Plain words fill this page from top to bottom."] * 54)


def test_text_overprinting_other_text_is_reported(tmp_path: Path) -> None:
    """This test ensures two lines drawn over each other (a header's two parts) are found."""

    def draw(c: Canvas) -> None:
        c.drawString(72, 700, "Northgate Spine")
        c.drawString(110, 702, "Treatment title")

    path = pdf(tmp_path / "a.pdf", draw)
    assert lines(path) == [
        f"{path}:page 1: (106, 698) pt: overprint: text overprints other text: "
        '"Northgate Spine" and "Treatment title"'
    ]


def test_a_word_broken_without_a_hyphen_is_reported(tmp_path: Path) -> None:
    """This test ensures "stu / died" is caught: the joined word is printed whole elsewhere
    and "stu" is not a word; a hyphenated break and two whole words are left alone."""

    def draw(c: Canvas) -> None:
        text_lines(c, 72, 700, ["Doctors studied it carefully.", "The trial is being stu"])
        text_lines(c, 72, 660, ["died in two clinics."])

    def draw_one_paragraph(c: Canvas) -> None:
        text_lines(
            c,
            72,
            700,
            [
                "Doctors studied it carefully.",
                "The trial is being stu",
                "died in two small clinics, some",
                "thing a doctor ex-",
                "plains at every visit.",
            ],
        )

    path = pdf(tmp_path / "b.pdf", draw_one_paragraph)
    assert lines(path) == [
        f"{path}:page 1: (161, 686) pt: broken-word: word broken across lines without a "
        'hyphen: "The trial is being stu / died in two small clinics, some"'
    ]
    # Across two paragraphs (two text objects) nothing is joined.
    assert lines(pdf(tmp_path / "c.pdf", draw)) == []


def test_the_content_twin_supplies_the_vocabulary(tmp_path: Path) -> None:
    """This test ensures a word the PDF never prints whole ("paravertebral", split over three
    lines) is found through the snapshot a build leaves beside it."""
    (tmp_path / ".snapshot.json").write_text(
        json.dumps({"sections": {"s": ["A sham paravertebral injection."]}}), encoding="utf-8"
    )

    def draw(c: Canvas) -> None:
        text_lines(c, 72, 700, ["Sham par", "avertebra", "l injection"])

    path = pdf(tmp_path / "d.pdf", draw)
    assert lines(path) == [
        f"{path}:page 1: (113, 698) pt: broken-word: word broken across lines without a "
        'hyphen: "Sham par / avertebra / l injection"'
    ]


def test_unresolved_markers_are_reported(tmp_path: Path) -> None:
    """This test ensures [?], ?? and a citation key left as typed are each found."""

    def draw(c: Canvas) -> None:
        c.drawString(72, 700, "Not approved [?] by ?? as in [@fda2021].")

    path = pdf(tmp_path / "e.pdf", draw)
    quoted = '"Not approved [?] by ?? as in [@fda2021]."'
    assert lines(path) == [
        f'{path}:page 1: (72, 698) pt: marker: unresolved marker "{m}" in {quoted}'
        for m in ("[?]", "??", "[@fda2021]")
    ]


@pytest.mark.parametrize(
    ("variant", "size", "floor"),
    [("large-print", 12.0, "18"), ("brochure", 8.0, "8.5"), ("summary", 7.0, "7.5")],
)
def test_text_below_the_variants_floor_is_reported(
    tmp_path: Path, variant: str, size: float, floor: str
) -> None:
    """This test ensures each variant's floor applies: 18 pt for every glyph in large print,
    the smallest size of the variant's type scale elsewhere."""

    def draw(c: Canvas) -> None:
        c.setFont(SANS, size)
        c.drawString(72, 700, "Page 2 of 9")
        c.setFont(SANS, 24)
        c.drawString(72, 600, "Big enough")

    path = pdf(tmp_path / "f.pdf", draw, variant=variant)
    found = [f for f in lines(path) if "small-text" in f]
    assert found == [
        f"{path}:page 1: (72, {700 - 0.18 * size:.0f}) pt: small-text: text at {size:.1f} pt, "
        f'below the {floor} pt minimum: "Page 2 of 9"'
    ]


def test_the_variant_comes_from_the_file_name_when_the_info_key_is_missing(
    tmp_path: Path,
) -> None:
    """This test ensures a large-print file without our Info key still gets the 18 pt floor."""

    def draw(c: Canvas) -> None:
        c.setFont(SANS, 12)
        c.drawString(72, 700, "Footer")

    path = pdf(tmp_path / "patient-brochure-large-print.pdf", draw, variant=None)
    assert any("below the 18 pt minimum" in f for f in lines(path))


def test_text_and_marks_inside_the_safe_margin_are_reported(tmp_path: Path) -> None:
    """This test ensures text 10 pt from the edge and a box that stops 6 pt short of the
    edge are found, while a full-bleed band that runs off the page is not."""

    def draw(c: Canvas) -> None:
        c.drawString(10, 400, "Too close")
        c.rect(6, 200, 90, 50, fill=1, stroke=0)
        c.rect(-9, 700, 630, 101, fill=1, stroke=0)  # bleeds off three edges: on purpose

    path = pdf(tmp_path / "g.pdf", draw)
    assert lines(path) == [
        f"{path}:page 1: (10, 398) pt: safe-margin: text inside the 0.25 in safe margin "
        '(10 pt from the left edge): "Too close"',
        f"{path}:page 1: (6, 200) pt: safe-margin: mark inside the 0.25 in safe margin "
        "(stops in the left band; 90 x 50 pt)",
    ]


def test_a_detail_of_artwork_clipped_to_a_bleeding_frame_may_sit_near_the_edge(
    tmp_path: Path,
) -> None:
    """This test ensures a shape inside cover artwork whose frame runs off the left edge (a
    forearm starting 6 pt in, under a sleeve) is not found, while the same shape outside any
    frame is (see the rule above)."""

    def art(c: Canvas) -> None:
        c.saveState()
        frame = c.beginPath()
        frame.rect(-9, 300, 630, 400)  # the artwork's frame bleeds off three edges
        c.clipPath(frame, stroke=0, fill=0)
        c.rect(6, 400, 90, 50, fill=1, stroke=0)
        c.restoreState()

    assert lines(pdf(tmp_path / "h.pdf", art)) == []


def test_press_content_outside_the_bleed_is_reported_but_crop_marks_are_not(
    tmp_path: Path,
) -> None:
    """This test ensures a press page (TrimBox inside the MediaBox) flags live content in the
    slug and leaves thin crop marks there alone."""

    def draw(c: Canvas) -> None:
        c.setTrimBox((36, 36, 648, 828))
        c.setBleedBox((27, 27, 657, 837))
        c.rect(27, 700, 630, 137, fill=1, stroke=0)  # art to the bleed edge: fine
        c.setLineWidth(0.5)
        c.line(36, 5, 36, 23)  # a crop mark
        c.drawString(100, 12, "Slug note")

    path = pdf(tmp_path / "h.pdf", draw, size=(684.0, 864.0))
    assert lines(path) == [
        f"{path}:page 1: (100, 10) pt: safe-margin: text inside the 0.25 in safe margin "
        '(-26 pt from the bottom edge): "Slug note"',
        f'{path}:page 1: (100, 10) pt: outside-bleed: text outside the bleed box: "Slug note"',
    ]


def _picture(pixels: int) -> ImageReader:
    buf = io.BytesIO()
    Image.new("RGB", (pixels, pixels), (200, 90, 40)).save(buf, "PNG")
    return ImageReader(io.BytesIO(buf.getvalue()))


def test_pictures_below_the_resolution_floor_are_reported(tmp_path: Path) -> None:
    """This test ensures a 30 px picture placed at 1 in (30 ppi) is found, a 300 ppi one not."""

    def draw(c: Canvas) -> None:
        c.drawImage(_picture(30), 72, 500, 72, 72)
        c.drawImage(_picture(300), 300, 500, 72, 72)

    path = pdf(tmp_path / "i.pdf", draw)
    assert lines(path) == [
        f"{path}:page 1: (72, 500) pt: resolution: picture at 30 ppi where placed, below 300 "
        "(30 x 30 px in 1.00 x 1.00 in)"
    ]


def test_fonts_not_embedded_are_reported_only_when_they_print(tmp_path: Path) -> None:
    """This test ensures Helvetica used for text is found; the Helvetica resource ReportLab
    names on every page but never draws with is not."""

    def draw(c: Canvas) -> None:
        c.setFont("Helvetica", 10)
        c.drawString(72, 700, "Standard font")

    path = pdf(tmp_path / "j.pdf", draw)
    assert lines(path) == [
        f"{path}:page 1: (72, 698) pt: font-not-embedded: font not embedded: Helvetica"
    ]
    assert lines(pdf(tmp_path / "k.pdf", lambda c: c.drawString(72, 700, "Brand font"))) == []


def _as_reportlab_names_them(path: Path) -> Path:
    """Rename every subset ``AAAAAA+``, as ReportLab does (our fonts no longer do)."""
    writer = PdfWriter(clone_from=path)
    for page in writer.pages:
        for ref in page["/Resources"]["/Font"].values():
            font = ref.get_object()
            _tag, plus, base = str(font["/BaseFont"]).partition("+")
            if plus:
                font[NameObject("/BaseFont")] = NameObject(f"/AAAAAA+{base}")
    writer.write(path)
    return path


def test_duplicate_subset_tags_are_reported(tmp_path: Path) -> None:
    """This test ensures one tag naming two fonts is caught in one file, and across two
    files that each use one of the fonts (a print shop merging them)."""
    bold = _font("PreflightBold", "NotoSans-Bold.ttf")

    def both(c: Canvas) -> None:
        c.drawString(72, 700, "Regular")
        c.setFont(bold, 10)
        c.drawString(72, 680, "Bold")

    path = _as_reportlab_names_them(pdf(tmp_path / "l.pdf", both))
    assert lines(path) == [
        f"{path}:page 1: (0, 0) pt: subset-tag: subset tag AAAAAA+ names different fonts: "
        "NotoSans-Bold, NotoSans-Regular"
    ]
    one, two, across = _clashing_pair(tmp_path)
    assert [str(f) for f in preflight([one, two])] == across


def _clashing_pair(tmp_path: Path) -> tuple[Path, Path, list[str]]:
    """Two PDFs whose one subset tag names a different font in each, and the finding."""
    bold = _font("PreflightBold", "NotoSans-Bold.ttf")

    def bold_only(c: Canvas) -> None:
        c.setFont(bold, 10)
        c.drawString(72, 680, "Bold")

    one = _as_reportlab_names_them(pdf(tmp_path / "one.pdf", lambda c: c.drawString(72, 700, "A")))
    two = _as_reportlab_names_them(pdf(tmp_path / "two.pdf", bold_only))
    across = [
        f"{one}:page 1: (0, 0) pt: subset-tag: subset tag AAAAAA+ names different fonts in the "
        f"files checked together: NotoSans-Bold ({two}), NotoSans-Regular ({one})"
    ]
    return one, two, across


def test_a_clash_across_kept_files_is_reported_without_reading_them(tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    """This test ensures the check across files still sees both files' fonts when each
    file's findings come from the cache: the second run reports the same clash without
    opening either PDF (the fonts were kept with the findings)."""
    import brochure.preflight as pf

    one, two, across = _clashing_pair(tmp_path)
    cache = tmp_path / "cache"
    assert [str(f) for f in preflight([one, two], cache=cache)] == across

    def unread(*args: object) -> None:
        raise AssertionError("a kept file was read again")

    monkeypatch.setattr(pf, "PdfReader", unread)
    assert [str(f) for f in preflight([one, two], cache=cache)] == across


def test_a_plain_font_registered_first_is_tagged_too() -> None:
    """This test ensures the build's fonts are tagged even when something in the process
    registered the same face as a plain TTFont first (ReportLab then reuses that object)."""
    plain = TTFont("PreflightPlain", str(FONTS / "NotoSans-Italic.ttf"))
    assert tag_subsets(plain) is plain and isinstance(plain, TaggedTTFont)


def test_subset_tags_come_from_font_and_contents() -> None:
    """This test ensures a tag is six capitals, the same for the same subset and different
    for another font or other characters."""
    tag = subset_tag("NotoSans-Regular", [65, 66])
    assert len(tag) == 6 and tag.isalpha() and tag.isupper()
    assert tag == subset_tag("NotoSans-Regular", [65, 66])
    assert tag != subset_tag("NotoSans-Bold", [65, 66])
    assert tag != subset_tag("NotoSans-Regular", [65, 67])


def test_our_fonts_get_distinct_reproducible_subset_tags(tmp_path: Path) -> None:
    """This test ensures two brand fonts in one file get different tags, the same bytes on a
    second run, and no preflight finding."""
    bold = _font("PreflightBold", "NotoSans-Bold.ttf")

    def draw(c: Canvas) -> None:
        c.drawString(72, 700, "Regular words")
        c.setFont(bold, 10)
        c.drawString(72, 680, "Bold words")

    first = pdf(tmp_path / "m.pdf", draw).read_bytes()
    second = pdf(tmp_path / "n.pdf", draw).read_bytes()
    assert first == second
    names = [n for _p, n in font_names(PdfReader(tmp_path / "m.pdf")) if "+" in n]
    tags = {n.split("+")[0] for n in names}
    assert len(names) == 2 and len(tags) == 2 and "AAAAAA" not in tags
    assert lines(tmp_path / "m.pdf") == []


def test_a_mostly_empty_page_is_reported_except_before_the_back_cover(tmp_path: Path) -> None:
    """This test ensures a page with one line at the top is found, while the cover, the back
    cover and the page before it may be short."""

    def sparse(n: int) -> Callable[[Canvas], None]:
        return lambda c: c.drawString(72, 720, f"Only line {'x' * n} here.")

    pages = [sparse(1), full, sparse(3), full, sparse(5), sparse(6)]
    path = pdf(tmp_path / "o.pdf", *pages, variant="brochure")
    assert lines(path) == [
        f"{path}:page 3: (72, 718) pt: empty-page: page is 99% empty: only the first 1% of its "
        "text area is used"
    ]


def test_the_texts_last_page_before_padding_forms_may_be_short(tmp_path: Path) -> None:
    """This test ensures a brochure whose text ends on a short page, followed by two pages of
    forms (the build records how many in the Info) and the back cover, is not reported; the
    same file without the record is."""

    def filled(tag: str) -> Callable[[Canvas], None]:
        return lambda c: text_lines(c, 72, 720, [f"{tag} fills line {i}." for i in range(54)])

    def sparse(c: Canvas) -> None:
        c.drawString(72, 720, "The last words of the leaflet.")

    pages = [filled("Cover"), filled("Text"), sparse, filled("Form"), filled("Notes"), full]
    found = lines(pdf(tmp_path / "f.pdf", *pages, variant="brochure"))
    assert [ln.split(": ")[1:3] for ln in found] == [["(72, 718) pt", "empty-page"]], found
    c = Canvas(str(tmp_path / "g.pdf"), pagesize=LETTER, invariant=1)
    add_info_keys(c, {"BrochureVariant": "brochure", "BrochureFormPages": "2"})
    for draw in pages:
        c.setFont(SANS, 10)
        draw(c)
        c.showPage()
    c.save()
    assert lines(tmp_path / "g.pdf") == []


def test_page_counts_that_do_not_suit_the_fold_are_reported(tmp_path: Path) -> None:
    """This test ensures a brochure whose back cover lands on an odd page, and a booklet of
    six pages (three imposed sides), are found."""
    brochure = pdf(tmp_path / "p.pdf", full, full, full, variant="brochure")
    assert lines(brochure) == [
        f"{brochure}:page 3: (0, 0) pt: page-count: 3 pages: the back cover lands on page 3, "
        "the front of a sheet (a folded brochure needs an even page count)"
    ]
    booklet = pdf(tmp_path / "q.pdf", full, full, full, variant="booklet", size=(792.0, 612.0))
    assert [f for f in lines(booklet) if "page-count" in f] == [
        f"{booklet}:page 3: (0, 0) pt: page-count: 6 pages: a saddle-stitched booklet needs a "
        "multiple of 4"
    ]


def test_a_clean_pdf_passes(tmp_path: Path) -> None:
    """This test ensures what a good page has (close but separate lines, a hyphenated break,
    a rotated watermark across the text, full-bleed art, a sharp picture) is not reported."""

    def draw(c: Canvas) -> None:
        c.rect(-9, 680, 630, 121, fill=1, stroke=0)
        rows = ["A short para-", "graph and a paragraph with a hyphen-", "ated break."]
        text_lines(c, 72, 600, rows)
        c.drawImage(_picture(300), 72, 300, 72, 72)
        c.line(72, 280, 540, 280)
        c.saveState()
        c.translate(306, 396)
        c.rotate(45)
        c.setFont(SANS, 120)
        c.drawCentredString(0, 0, "DRAFT")
        c.restoreState()

    assert lines(pdf(tmp_path / "clean.pdf", draw)) == []


def test_command_line_warns_and_strict_fails(tmp_path: Path) -> None:
    """This test ensures `brochure preflight` prints each finding and exits 0, and exits 3
    with --strict; given a folder, it checks the files the build report lists."""

    def draw(c: Canvas) -> None:
        c.drawString(72, 700, "See [?]")

    path = pdf(tmp_path / "clinician-summary.pdf", draw)
    pdf(tmp_path / "not-listed.pdf", draw)
    (tmp_path / "build-report.json").write_text(
        json.dumps({"outputs": [{"file": path.name}]}), encoding="utf-8"
    )
    out = io.StringIO()
    assert main(["preflight", str(tmp_path)], stdout=out) == 0
    assert out.getvalue().splitlines() == [
        f'{path}:page 1: (72, 698) pt: marker: unresolved marker "[?]" in "See [?]"'
    ]
    assert main(["preflight", "--strict", str(path)], stdout=io.StringIO()) == 3
    assert main(["preflight", str(tmp_path / "missing.pdf")], stdout=io.StringIO()) == 2


def test_built_pdfs_name_their_variant_and_have_unique_subset_tags(built: dict[str, Built]) -> None:
    """This test ensures a real build writes /BrochureVariant and no two fonts share a tag."""
    for name, b in built.items():
        if b.path.suffix != ".pdf":
            continue
        reader: Any = PdfReader(b.path)
        assert reader.metadata["/BrochureVariant"] == name
        tags: dict[str, set[str]] = {}
        for _page, font in font_names(reader):
            tag, _plus, base = font.partition("+")
            tags.setdefault(tag, set()).add(base)
        assert all(len(bases) == 1 for tag, bases in tags.items() if len(tag) == 6), tags


def test_a_composite_font_is_read_two_bytes_a_glyph(tmp_path: Path) -> None:
    """This test ensures a Type0 font (two-byte codes, as print-shop files use) is decoded:
    its marker is found and its missing embedding too."""
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    pdfmetrics.registerFont(UnicodeCIDFont("HeiseiMin-W3"))

    def draw(c: Canvas) -> None:
        c.setFont("HeiseiMin-W3", 12)
        c.drawString(72, 700, "See [?] here")

    path = pdf(tmp_path / "cid.pdf", draw)
    assert lines(path) == [
        f'{path}:page 1: (72, 698) pt: marker: unresolved marker "[?]" in "See [?] here"',
        f"{path}:page 1: (72, 698) pt: font-not-embedded: font not embedded: HeiseiMin-W3",
    ]


def test_a_file_checked_before_is_not_read_again_and_says_the_same(tmp_path: Path, monkeypatch):  # type: ignore[no-untyped-def]
    """This test ensures the project's preflight keeps each file's findings by what they
    depend on: the same file is not interpreted again and reports the same findings; new
    bytes, or a new text twin beside it (the vocabulary), are checked anew and replace what
    was kept; a PDF outside the project is checked without touching the project's cache."""
    import brochure.preflight as checks

    def draw(c: Canvas) -> None:
        c.drawString(72, 700, "See [?]")
        c.drawString(72, 650, "Northgate Spine")
        c.drawString(110, 652, "Treatment title")

    project = tmp_path / "project"
    out = project / "output"
    out.mkdir(parents=True)
    path = pdf(out / "clinician-summary.pdf", draw)
    cache = tmp_path / "cache"
    monkeypatch.setenv("BROCHURE_CACHE", str(cache))  # where the command keeps them too
    checked: list[str] = []
    real = checks._check
    monkeypatch.setattr(checks, "_check", lambda p, *a: checked.append(p.name) or real(p, *a))
    first = [str(f) for f in preflight([path], cache=cache)]
    assert [f.split(": ")[2] for f in first] == ["overprint", "marker"]
    assert [str(f) for f in preflight([path], cache=cache)] == first
    assert checked == ["clinician-summary.pdf"]
    (out / "patient-brochure.html").write_text("<p>Northgate</p>", encoding="utf-8")
    assert [str(f) for f in preflight([path], cache=cache)] == first
    pdf(path, lambda c: c.drawString(72, 700, "All clear"))
    assert preflight([path], cache=cache) == []
    assert checked == ["clinician-summary.pdf"] * 3
    assert len(list(cache.iterdir())) == 1  # the file's latest findings only: no growth

    elsewhere = pdf(tmp_path / "clinician-summary.pdf", draw)
    monkeypatch.chdir(project)
    assert main(["preflight", str(elsewhere)], stdout=io.StringIO()) == 0
    assert main(["preflight", str(elsewhere)], stdout=io.StringIO()) == 0
    assert checked[3:] == ["clinician-summary.pdf"] * 2  # not kept: not the project's
    entries = len(list(cache.iterdir()))
    assert main(["preflight", "output"], stdout=io.StringIO()) == 0
    assert main(["preflight", "output"], stdout=io.StringIO()) == 0
    assert len(list(cache.iterdir())) == entries and len(checked) == 5


def test_files_checked_on_two_processes_give_what_one_process_finds(tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    """This test ensures the preflight spreads the files it must read over forked processes
    (each file read in a child, none in this process) and reports exactly what one process
    does, in the same order: findings in each file, then the subset tags across them."""
    import os

    import brochure.preflight as pf

    def overprinted(c: Canvas) -> None:
        c.drawString(72, 700, "Northgate Spine")
        c.drawString(110, 702, "Treatment title")

    one, two, across = _clashing_pair(tmp_path)
    paths = [pdf(tmp_path / "a.pdf", overprinted), one, two, pdf(tmp_path / "b.pdf", overprinted)]
    alone = [str(f) for f in preflight(paths)]
    assert len(alone) == 3 and across[0] in alone
    log = tmp_path / "checked-by.txt"
    real = pf._check_and_fonts

    def logged(path, data, press):  # type: ignore[no-untyped-def]
        with log.open("a", encoding="utf-8") as fh:
            fh.write(f"{os.getpid()}\n")
        return real(path, data, press)

    monkeypatch.setattr(pf, "_check_and_fonts", logged)
    assert [str(f) for f in preflight(paths, workers=2)] == alone
    pids = set(log.read_text(encoding="utf-8").split())
    assert len(log.read_text(encoding="utf-8").split()) == 4 and len(pids) == 2
    assert str(os.getpid()) not in pids


def test_build_preflight_checks_what_it_built_in_the_same_command(tmp_path, capsys):  # type: ignore[no-untyped-def]
    """This test ensures `build --preflight` (what make runs) ends with the preflight of the
    folder it built: every PDF it made, counted in one line."""
    from conftest import MINIMAL, ROOT

    (tmp_path / "assets").symlink_to(ROOT / "assets")
    (tmp_path / "content.yaml").write_text(MINIMAL, encoding="utf-8")
    assert main(["build", "--root", str(tmp_path), "--preflight"]) == 0
    made = sorted((tmp_path / "output").glob("*.pdf"))
    assert len(made) >= 3
    assert f"preflight: 0 findings in {len(made)} files (ok;" in capsys.readouterr().err


def test_the_catalogue_beside_a_leaflet_is_not_one_of_its_text_twins(tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    """This test ensures the words of a folder's PDFs come from the text twins its build
    report lists (the snapshot and the leaflet's web page), not from the library's catalogue
    written beside them: a new catalogue neither adds words nor makes a kept check stale;
    the leaflet's own web page does both."""
    import brochure.preflight as checks
    from brochure.preflight import vocabulary_near

    out = tmp_path / "output"
    out.mkdir()
    path = pdf(out / "patient-brochure.pdf", lambda c: c.drawString(72, 700, "See [?]"))
    (out / "patient-brochure.html").write_text("<p>Northgate leaflet</p>", encoding="utf-8")
    report = {"outputs": [{"file": "patient-brochure.pdf"}, {"file": "patient-brochure.html"}]}
    (out / "build-report.json").write_text(json.dumps(report), encoding="utf-8")
    checked: list[str] = []
    real = checks._check
    monkeypatch.setattr(checks, "_check", lambda p, *a: checked.append(p.name) or real(p, *a))
    cache = tmp_path / "cache"
    first = [str(f) for f in preflight([path], cache=cache)]
    (out / "catalogue.html").write_text("<p>Riverside catalogue</p>", encoding="utf-8")
    assert "riverside" not in vocabulary_near(path) and "northgate" in vocabulary_near(path)
    assert [str(f) for f in preflight([path], cache=cache)] == first
    assert len(checked) == 1
    (out / "patient-brochure.html").write_text("<p>Northgate leaflet, new</p>", encoding="utf-8")
    preflight([path], cache=cache)
    assert len(checked) == 2


def test_ctrl_c_in_the_preflight_of_a_build_says_the_outputs_were_written(
    tmp_path, monkeypatch, capsys
):  # type: ignore[no-untyped-def]
    """This test ensures Ctrl-C during `build --preflight`'s preflight does not claim that
    nothing changed: the build had published its outputs, whole, before it."""
    from conftest import MINIMAL, ROOT

    import brochure.preflight as checks

    (tmp_path / "assets").symlink_to(ROOT / "assets")
    (tmp_path / "content.yaml").write_text(MINIMAL, encoding="utf-8")

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(checks, "run_preflight", interrupted)
    args = ["build", "--root", str(tmp_path), "--variant", "brochure", "--preflight"]
    assert main(args) == 130
    err = capsys.readouterr().err
    assert "its outputs are whole; the preflight was stopped" in err
    assert "nothing was changed" not in err
    assert (tmp_path / "output" / "patient-brochure.pdf").read_bytes().rstrip().endswith(b"%%EOF")
