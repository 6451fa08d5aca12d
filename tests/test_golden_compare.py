"""Golden snapshots (tests/golden.py): what snapshot() reads from a PDF, what compare() reports."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import golden
import pytest
from PIL import Image
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

NOTO = Path(__file__).resolve().parent.parent / "assets/fonts/NotoSans/NotoSans-Regular.ttf"


@dataclass
class Text:
    x: float
    y: float
    text: str
    font: str = "Helvetica"
    size: float = 12


@dataclass
class Picture:
    x: float
    y: float
    w: float
    h: float
    px: tuple[int, int] = (40, 20)


PAGE = [
    Text(72, 700, "Stem cell treatment", "Helvetica-Bold", 24),
    Text(72, 670, "What it is, and what to ask your doctor."),
    Text(72, 655, "The studies so far are small."),
    Picture(72, 400, 200, 100),
    Text(72, 380, "A caption under the picture", "Helvetica-Oblique", 9),
]


def make_pdf(path: Path, *pages: list[Text | Picture]) -> Path:
    """A letter-size PDF with the given text lines and pictures, one list per page."""
    canvas = Canvas(str(path), pagesize=(612, 792), invariant=True)
    for page in pages:
        for item in page:
            if isinstance(item, Text):
                canvas.setFont(item.font, item.size)
                canvas.drawString(item.x, item.y, item.text)
            else:
                image = Image.new("RGB", item.px, (30, 90, 120))
                canvas.drawImage(ImageReader(image), item.x, item.y, item.w, item.h)
        canvas.showPage()
    canvas.save()
    return path


def snap(tmp_path: Path, *pages: list[Text | Picture]) -> str:
    name = f"doc{len(list(tmp_path.iterdir()))}.pdf"
    return golden.snapshot(make_pdf(tmp_path / name, *pages))


def changed(page: list[Text | Picture], i: int, **new: object) -> list[Text | Picture]:
    """A copy of ``page`` with item ``i`` changed (or removed, with no changes given)."""
    items = list(page)
    if new:
        items[i] = type(items[i])(**{**items[i].__dict__, **new})
    else:
        del items[i]
    return items


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> str:
    return snap(tmp_path_factory.mktemp("base"), PAGE)


# --- snapshot ----------------------------------------------------------------------------------


def test_snapshot_lists_pages_lines_and_images(base: str) -> None:
    assert base.splitlines()[1:] == [
        "pages 1",
        "page 1 612x792",
        "  t      72  700 Helvetica-Bold 24.0 | Stem cell treatment",
        "  t      72  670 Helvetica 12.0 | What it is, and what to ask your doctor.",
        "  t      72  655 Helvetica 12.0 | The studies so far are small.",
        "  img    72  400 200x100 px=40x20",
        "  t      72  380 Helvetica-Oblique 9.0 | A caption under the picture",
    ]


def test_snapshot_is_stable(tmp_path: Path, base: str) -> None:
    assert snap(tmp_path, PAGE) == base
    assert golden.compare(base, base) == []


def test_lines_split_on_font_runs_and_wide_gaps(tmp_path: Path) -> None:
    page = [
        Text(72, 700, "Bold term.", "Helvetica-Bold"),
        Text(133, 700, " Then the definition."),
        Text(72, 680, "Left column"),
        Text(400, 680, "Right column"),
        Text(72, 660, "One line drawn "),
        Text(72 + pdfmetrics.stringWidth("One line drawn ", "Helvetica", 12), 660, "in two pieces"),
    ]
    lines = [line for line in snap(tmp_path, page).splitlines() if line.startswith("  t")]
    assert lines == [
        "  t      72  700 Helvetica-Bold 12.0 | Bold term.",
        "  t     136  700 Helvetica 12.0 | Then the definition.",
        "  t      72  680 Helvetica 12.0 | Left column",
        "  t     400  680 Helvetica 12.0 | Right column",
        "  t      72  660 Helvetica 12.0 | One line drawn in two pieces",
    ]


def test_rotated_text_is_marked_and_kept_apart(tmp_path: Path) -> None:
    path = tmp_path / "draft.pdf"
    canvas = Canvas(str(path), pagesize=(612, 792), invariant=True)
    canvas.setFont("Helvetica", 12)
    canvas.drawString(72, 400, "Body text")
    canvas.saveState()
    canvas.translate(306, 396)
    canvas.rotate(52)
    canvas.setFont("Helvetica-Bold", 100)
    canvas.drawCentredString(0, 0, "DRAFT")
    canvas.restoreState()
    canvas.save()
    lines = golden.snapshot(path).splitlines()
    assert "  t      72  400 Helvetica 12.0 | Body text" in lines
    [rotated] = [line for line in lines if line.startswith("  r")]
    assert rotated.endswith("Helvetica-Bold 100.0 rot=52 | DRAFT")


def test_scaled_text_has_its_effective_size(tmp_path: Path) -> None:
    path = tmp_path / "scaled.pdf"
    canvas = Canvas(str(path), pagesize=(612, 792), invariant=True)
    canvas.translate(100, 500)
    canvas.scale(0.5, 0.5)
    canvas.setFont("Helvetica", 20)
    canvas.drawString(0, 0, "Half size")
    canvas.save()
    assert "  t     100  500 Helvetica 10.0 | Half size" in golden.snapshot(path).splitlines()


def test_images_inside_forms_are_placed_on_the_page(tmp_path: Path) -> None:
    path = tmp_path / "form.pdf"
    canvas = Canvas(str(path), pagesize=(612, 792), invariant=True)
    canvas.beginForm("logo")
    canvas.drawImage(ImageReader(Image.new("RGB", (30, 20))), 0, 0, 30, 20)
    canvas.endForm()
    canvas.translate(200, 50)
    canvas.scale(2, 2)
    canvas.doForm("logo")
    canvas.save()
    assert "  img   200   50 60x40 px=30x20" in golden.snapshot(path).splitlines()


@pytest.mark.skipif(not NOTO.is_file(), reason="Noto Sans not in assets/fonts")
def test_subset_prefix_is_stripped(tmp_path: Path) -> None:
    pdfmetrics.registerFont(TTFont("GoldenNoto", str(NOTO)))
    path = make_pdf(tmp_path / "noto.pdf", [Text(72, 700, "Embedded", "GoldenNoto", 11)])
    assert "  t      72  700 NotoSans-Regular 11.0 | Embedded" in golden.snapshot(path)


# --- compare -----------------------------------------------------------------------------------


def test_line_moved_10pt_is_reported(tmp_path: Path, base: str) -> None:
    diffs = golden.compare(base, snap(tmp_path, changed(PAGE, 1, y=660)))
    line = "t      72  670 Helvetica 12.0 | What it is, and what to ask your doctor."
    assert diffs == [f"page 1: moved dy=-10: {line}"]


def test_small_moves_are_within_tolerance(tmp_path: Path, base: str) -> None:
    moved = changed(changed(PAGE, 1, y=669, x=73), 3, x=74, w=202)
    assert golden.compare(base, snap(tmp_path, moved)) == []
    assert golden.compare(base, snap(tmp_path, moved), tol=0.5) != []


def test_changed_word_is_reported(tmp_path: Path, base: str) -> None:
    diffs = golden.compare(
        base, snap(tmp_path, changed(PAGE, 2, text="The studies so far are large."))
    )
    assert len(diffs) == 1
    assert "changed" in diffs[0]
    assert "so far are small." in diffs[0] and "so far are large." in diffs[0]


def test_different_font_is_reported(tmp_path: Path, base: str) -> None:
    diffs = golden.compare(base, snap(tmp_path, changed(PAGE, 2, font="Times-Roman")))
    assert len(diffs) == 1
    assert "Helvetica" in diffs[0] and "Times-Roman" in diffs[0]


def test_different_font_size_is_reported(tmp_path: Path, base: str) -> None:
    diffs = golden.compare(base, snap(tmp_path, changed(PAGE, 0, size=22)))
    assert diffs == [
        "page 1: font size 24 -> 22: t      72  700 Helvetica-Bold 24.0 | Stem cell treatment"
    ]


def test_missing_image_is_reported(tmp_path: Path, base: str) -> None:
    diffs = golden.compare(base, snap(tmp_path, changed(PAGE, 3)))
    assert diffs == [
        "page 1: 1 images expected, 0 found",
        "page 1: missing: img    72  400 200x100 px=40x20",
    ]


def test_resized_or_resampled_image_is_reported(tmp_path: Path, base: str) -> None:
    diffs = golden.compare(base, snap(tmp_path, changed(PAGE, 3, w=180, h=90)))
    assert diffs == ["page 1: resized dw=-20 dh=-10: img    72  400 200x100 px=40x20"]
    diffs = golden.compare(base, snap(tmp_path, changed(PAGE, 3, px=(80, 40))))
    assert len(diffs) == 1 and "px=40x20" in diffs[0] and "px=80x40" in diffs[0]


def test_extra_line_is_reported(tmp_path: Path, base: str) -> None:
    diffs = golden.compare(base, snap(tmp_path, [*PAGE, Text(72, 100, "A new line")]))
    assert diffs == [
        "page 1: 4 text lines expected, 5 found",
        "page 1: extra: t      72  100 Helvetica 12.0 | A new line",
    ]


def test_page_count_is_reported(tmp_path: Path, base: str) -> None:
    diffs = golden.compare(base, snap(tmp_path, PAGE, [Text(72, 700, "Overflow")]))
    assert diffs == ["page count: expected 1, found 2", "page 2: extra page (1 text lines)"]
    assert golden.compare(snap(tmp_path, PAGE, PAGE), base)[0] == "page count: expected 2, found 1"


def test_page_size_is_reported(tmp_path: Path, base: str) -> None:
    a4 = base.replace("page 1 612x792", "page 1 595x842")
    assert golden.compare(base, a4) == ["page 1: size 612x792 rotate=0 -> 595x842 rotate=0"]


def test_parse_rejects_other_text() -> None:
    with pytest.raises(ValueError, match="not a snapshot line"):
        golden.compare("pages 1\npage 1 612x792\nsomething else\n", "pages 1\npage 1 612x792\n")
