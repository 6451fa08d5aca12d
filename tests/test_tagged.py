"""Tagged PDF on a fixture leaflet: the structure a screen reader walks, checked by our own
reader (tests/structure.py, pypdf), poppler's pdfinfo and the `pdfua` checker.

The leaflet is written here, so the test knows what a reader must hear, and in which order.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
import structure
from pdfutil import TODAY, reader

from brochure import build
from brochure.pipeline import Paths
from brochure.variants import Options

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).parent / "structure-golden" / "brochure.txt"

LEAFLET = """\
document:
  id: TAG-7
  title: Caring for a sprained ankle
  subtitle: Rest, ice and when to call us
  version: "2"
  last_reviewed: 2026-01-01
brochure:
  sections:
    - id: care
      title: Daily care
      blocks:
        - type: paragraph
          text: Rest the ankle for two days. Read more at [our page](https://example.org/ankle).
        - type: bullets
          items: [Ice packs, A soft bandage, A pillow]
        - type: figure
          image: images/injection.png
          alt: Two ankles side by side
          caption: A swollen ankle and a healed ankle
        - type: table
          columns: [Day, Ice]
          rows:
            - [One, Often]
            - [Two, Less]
    - id: steps
      title: What to do
      blocks:
        - type: steps
          items:
            - title: Rest
              text: Keep off the foot.
            - title: Move
              text: Walk a little each day.
        - type: checklist
          items: [Is it still swollen?, Can you stand on it?]
  disclaimer:
    text: Ask your nurse if unsure.
"""

# What a screen reader must read from the body, in this order (role, text).
BODY = [
    ("H2", "Daily care"),
    ("P", "Rest the ankle for two days. Read more at our page."),
    ("P", "Ice packs"),
    ("P", "A soft bandage"),
    ("P", "A pillow"),
    ("Figure", "Two ankles side by side"),
    ("P", "A swollen ankle and a healed ankle"),
    ("TH", "Day"),
    ("TH", "Ice"),
    ("TD", "One"),
    ("TD", "Often"),
    ("TD", "Two"),
    ("TD", "Less"),
    ("H2", "What to do"),
    ("Lbl", "1"),
    ("P", "Rest"),
    ("P", "Keep off the foot."),
    ("Lbl", "2"),
    ("P", "Move"),
    ("P", "Walk a little each day."),
    ("Lbl", "\u2610"),
    ("P", "Is it still swollen?"),
    ("Lbl", "\u2610"),
    ("P", "Can you stand on it?"),
]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("tagged")
    (root / "content.yaml").write_text(LEAFLET, encoding="utf-8")
    shutil.copytree(ROOT / "assets", root / "assets")
    paths = Paths.for_project(root)
    build(paths, ["brochure"], root / "output", Options(TODAY))
    build(paths, ["brochure"], root / "press", Options(TODAY, press=True))
    return root


def test_the_brochure_breaks_no_structure_rule(built):
    """This test ensures the brochure passes every rule our own reader checks: catalog,
    XMP, headings in order, lists, tables, figures, links, and no unmarked painting."""
    report = structure.check(built / "output" / "patient-brochure.pdf")
    assert report.problems == []
    assert {"Document", "H1", "H2", "L", "LI", "Lbl", "LBody", "Table", "TR", "TH", "TD"} <= set(
        report.roles()
    )
    assert {"Figure", "Link"} <= set(report.roles())


def test_a_screen_reader_hears_the_content_in_order(built):
    """This test ensures the text collected by walking the structure tree is the leaflet in
    reading order: title block first (cover), then the body, figure as its alt text."""
    heard = structure.reading(built / "output" / "patient-brochure.pdf")
    assert heard[0] == ("H1", "Caring for a sprained ankle")
    assert heard[1] == ("P", "Rest, ice and when to call us")
    start = heard.index(("H2", "Daily care"))
    assert heard[start : start + len(BODY)] == BODY


def test_furniture_and_watermark_are_artifacts(built):
    """This test ensures the running head (the title on every page), page numbers and the
    DRAFT watermark are not read aloud, and the watermark is a pagination watermark."""
    pdf = built / "output" / "patient-brochure.pdf"
    printed = "\n".join(p.extract_text() or "" for p in reader(pdf).pages)
    heard = " ".join(t for _, t in structure.reading(pdf))
    for furniture in ("Caring for a sprained ankle", "Page 2 of", "DRAFT"):
        assert furniture in printed
    assert heard.count("Caring for a sprained ankle") == 1  # the H1, not the running heads
    assert "Page 2 of" not in heard and "DRAFT" not in heard
    for page in reader(pdf).pages:
        content = page.get_contents().get_data()
        assert b"/Artifact <</Type /Pagination /Subtype /Watermark>> BDC" in content


def test_press_output_is_tagged_with_figures_where_they_print(built):
    """This test ensures bleed and crop marks keep the tags: the marks are artifacts, and a
    figure's bounding box moved with the page content into the trim box."""
    office = structure.check(built / "output" / "patient-brochure.pdf")
    press = structure.check(built / "press" / "patient-brochure-press.pdf")
    assert press.problems == []
    trim = reader(built / "press" / "patient-brochure-press.pdf").pages[0].trimbox
    boxes = [
        [float(v) for v in structure._attr(e.obj, "/BBox")]
        for r in (office, press)
        for e in r.elements()
        if e.role == "Figure"
    ]
    half = len(boxes) // 2
    for a, b in zip(boxes[:half], boxes[half:], strict=True):
        assert b[0] == pytest.approx(a[0] + float(trim[0]), abs=0.05)


def test_poppler_sees_a_tagged_pdf_and_the_structure_is_the_golden_one(built):
    """This test ensures pdfinfo reports Tagged: yes and its structure text matches
    tests/structure-golden/brochure.txt (set UPDATE_STRUCTURE_GOLDEN=1 to renew it)."""
    pdf = built / "output" / "patient-brochure.pdf"
    info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True, check=True).stdout
    assert "Tagged:          yes" in info
    tree = subprocess.run(
        ["pdfinfo", "-struct-text", pdf], capture_output=True, text=True, check=True
    ).stdout
    if os.environ.get("UPDATE_STRUCTURE_GOLDEN"):
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_text(tree, encoding="utf-8")
    assert tree == GOLDEN.read_text(encoding="utf-8")


def test_the_pdfua_checker_passes(built):
    """This test ensures the `pdfua` checker (a subset of veraPDF's PDF/UA-1 rules) finds
    nothing in the office and press brochure."""
    assert structure.pdfua(built / "output" / "patient-brochure.pdf") == []
    assert structure.pdfua(built / "press" / "patient-brochure-press.pdf") == []


def test_a_split_paragraph_is_one_element_and_a_repeated_header_is_read_once(tmp_path):
    """This test ensures a paragraph that runs onto the next page stays one structure element
    (content on both pages), and a table header repeated on the next page is read only once."""
    from functools import partial

    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Frame, PageTemplate
    from reportlab.platypus.doctemplate import BaseDocTemplate

    from brochure.render.pdf.flowables import RowTable, TaggedParagraph
    from brochure.render.pdf.pages import DeferredCanvas
    from brochure.render.pdf.tags import Structure, tag

    tags = Structure("en-US")
    style = ParagraphStyle("p", fontName="Helvetica", fontSize=12, leading=14)
    words = " ".join(f"word{i}" for i in range(400))
    story = [tag(TaggedParagraph(words, style), tags.child("P"))]
    with tags.open("Table"):
        rows = []
        for r in range(60):
            with tags.open("TR"):
                role = {"role": "TH", "once": True, "attrs": {"Scope": "Column"}} if r == 0 else {}
                cells = [f"head{c}" if r == 0 else f"cell{r}-{c}" for c in range(2)]
                rows.append(
                    [
                        tag(TaggedParagraph(t, style), tags.child(**{"role": "TD", **role}))
                        for t in cells
                    ]
                )
    story.append(RowTable(rows, repeatRows=1))
    pdf = tmp_path / "split.pdf"
    doc = BaseDocTemplate(str(pdf), pagesize=(300, 300), title="Split", lang="en-US")
    doc.addPageTemplates([PageTemplate("p", [Frame(20, 20, 260, 260)])])
    doc.build(story, canvasmaker=partial(DeferredCanvas, structure=tags.root, title="Split"))
    report = structure.check(pdf)
    assert [p for p in report.problems if "font" not in p] == []  # Helvetica: a test font
    paragraph = next(e for e in report.elements() if e.role == "P")
    assert len({page for page, _ in paragraph.mcids}) >= 2
    heads = [e for e in report.elements() if e.role == "TH"]
    assert len(heads) == 2 and all(len(h.mcids) == 1 for h in heads)
    assert report.pages > 3  # the table went on over pages, repeating its header
    assert structure.reading(pdf).count(("TH", "head0")) == 1


# A warning box taller than a large-print page: its list must split inside an item.
LONG_ITEM = "Stop {n} and call the clinic if the ankle swells again overnight. " * 14
SPLIT_CALLOUT = """\
document:
  id: TAG-8
  title: Caring for a sprained ankle
  version: "1"
  last_reviewed: 2026-01-01
brochure:
  sections:
    - id: warn
      title: When to stop
      blocks:
        - type: callout
          tone: warning
          title: Stop and call us
          text: Some signs mean the ankle needs a doctor.
          items:
"""


def test_a_list_split_inside_a_box_keeps_its_elements(tmp_path):
    """This test ensures a list item's paragraph split across pages inside a box (a table
    row split by ReportLab, which tries the split on a deep copy of the item) still marks
    its content for its own element: both halves belong to one P in the tree, read once."""
    items = [LONG_ITEM.format(n=word).strip() for word in ("walking", "running", "driving")]
    source = SPLIT_CALLOUT + "".join(f"            - {item}\n" for item in items)
    source += "  disclaimer:\n    text: Ask your nurse if unsure.\n"
    (tmp_path / "content.yaml").write_text(source, encoding="utf-8")
    shutil.copytree(ROOT / "assets", tmp_path / "assets")
    build(Paths.for_project(tmp_path), ["large-print"], tmp_path / "out", Options(TODAY))
    pdf = tmp_path / "out" / "patient-brochure-large-print.pdf"
    report = structure.check(pdf)
    assert report.problems == []
    split = [e for e in report.elements() if len({page for page, _ in e.mcids}) > 1]
    assert split and {e.role for e in split} == {"P"}  # the box split inside items' paragraphs
    heard = [text for role, text in structure.reading(pdf) if role == "P"]
    assert [heard.count(item) for item in items] == [1, 1, 1]
