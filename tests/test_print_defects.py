"""Print defects a designer, a low-vision reader or a print shop rejects, each caught again.

Every leaflet here is a fixture written for the test: a 90-character title with no short
title, a narrow evidence table full of long words, a labelled SVG figure, a list of single
lines, a citation in the summary's status line.
"""

from __future__ import annotations

import shutil
from dataclasses import replace
from itertools import combinations, pairwise
from pathlib import Path

import pytest
from golden import Line, lines
from pdfutil import TODAY, reader, text

from brochure import build
from brochure.pipeline import Paths, load_project
from brochure.render.pdf import render_pdf
from brochure.variants import Options, registry

ROOT = Path(__file__).resolve().parent.parent

TITLE = "Looking after your skin and stitches in the weeks after a small operation on the hand"
TABLE_WORDS = (
    "Autologous culture-expanded paravertebral anesthetic intradiscal immunomodulatory degeneration"
)
LEAFLET = f"""\
document:
  id: P-9
  title: {TITLE}
  version: "3"
  last_reviewed: 2026-01-01
brochure:
  sections:
    - id: care
      title: Daily care
      blocks:
        - type: paragraph
          text: Keep the dressing dry for two days and then wash gently.
        - type: bullets
          items: [Soap, Water, A towel, A plaster, Tape, Scissors]
        - type: figure
          image: images/disc-diagram.svg
          alt: A labelled diagram
          caption: Short caption
  disclaimer:
    text: Ask your nurse if unsure.
summary:
  title: Hand wound summary
  status: Standard care [@nice].
  sections:
    - id: evidence
      title: Evidence
      blocks:
        - type: table
          columns: [Study, Cells, Control, Finding]
          rows:
            - [A 2020, {TABLE_WORDS}, None, Small pilot]
            - [B 2021, Allogeneic, {TABLE_WORDS}, Placebo controlled]
references:
  - id: nice
    text: NICE. Wound care. 2024.
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture leaflet's outputs: every variant, office and press."""
    root = tmp_path_factory.mktemp("print")
    (root / "content.yaml").write_text(LEAFLET, encoding="utf-8")
    shutil.copytree(ROOT / "assets", root / "assets")
    paths = Paths.for_project(root)
    variants = ["brochure", "summary", "booklet", "large-print"]
    build(paths, variants, root / "output", Options(TODAY))
    build(paths, ["booklet"], root / "press", Options(TODAY, press=True))
    return root


def overprints(page: list[Line]) -> list[tuple[str, str]]:
    """Pairs of unrotated lines whose glyph boxes (baseline - 0.2 em to + 0.75 em) overlap."""
    out = []
    flat = [line for line in page if not line.rotated]
    for a, b in combinations(flat, 2):
        across = min(a.right, b.right) - max(a.left, b.left)
        up = min(a.y + 0.75 * a.size, b.y + 0.75 * b.size) - max(
            a.y - 0.2 * a.size, b.y - 0.2 * b.size
        )
        if across > 0.5 and up > 0.5:
            out.append((a.text, b.text))
    return out


OUTPUTS = [
    "output/patient-brochure.pdf",
    "output/clinician-summary.pdf",
    "output/patient-brochure-large-print.pdf",
    "press/patient-booklet-press.pdf",
]


@pytest.mark.parametrize("name", OUTPUTS)
def test_no_text_overprints_other_text(built: Path, name: str) -> None:
    """This test ensures no two lines overprint anywhere: a 90-character title in the running
    header (it collided with the clinic name), the back cover's logo and document line (the
    logo overprinted it), footers in large type."""
    found = {n: hits for n, page in enumerate(lines(built / name), 1) if (hits := overprints(page))}
    assert found == {}


def test_the_long_title_runs_alone_or_shortened_in_the_header(built: Path) -> None:
    """This test ensures the running header never prints clinic and a title that does not fit
    beside it: the title then runs alone, whole or cut at a word with an ellipsis."""
    page = lines(built / "output/patient-brochure-large-print.pdf")[2]
    top = max(line.y for line in page if not line.rotated)
    header = [line for line in page if abs(line.y - top) < 1]
    assert len(header) == 1
    words = header[0].text.rstrip("\u2026").split()
    assert words == TITLE.split()[: len(words)] and len(words) >= 2


def test_large_print_sets_every_glyph_at_18_pt_or_more(built: Path) -> None:
    """This test ensures large print is large throughout: running header and footer, cover
    and back-cover small print, figure labels (numbered, with their words in a key) all at
    18 pt or more, and no italics. The clinic's logo is drawn as outlines: no small text."""
    pdf = built / "output/patient-brochure-large-print.pdf"
    pages = lines(pdf)
    small = [
        (n, line.text, line.size)
        for n, page in enumerate(pages, 1)
        for line in page
        if line.size < 17.95
    ]
    assert small == []
    assert not [line for page in pages for line in page if "Italic" in line.font]
    numbers = {line.text for page in pages for line in page if "Bold" in line.font}
    assert {"1", "2", "3"} <= numbers, "the figure's small labels are not numbered"


def test_table_words_are_hyphenated_never_cut(built: Path) -> None:
    """This test ensures narrow table columns hyphenate with the language's patterns and are
    at least as wide as their longest word: every printed fragment is a word of the content,
    the start of one ending in a hyphen, or the end of one ("cu / lture-expan / ded" was)."""
    words = {w.strip(",.;") for w in (TABLE_WORDS + " Allogeneic Placebo controlled").split()}
    printed = text(built / "output/clinician-summary.pdf").split()
    table = [
        t.strip(",.;") for t in printed if len(t) > 3 and any(t.strip(",.;") in w for w in words)
    ]
    assert table, "the table's words are not in the PDF"
    for token in table:
        head = token[:-1] if token.endswith("-") else None
        assert (
            token in words
            or (head and any(w.startswith(head) and w != head for w in words))
            or any(w.endswith(token) for w in words)
        ), token


def test_summary_status_line_numbers_its_citation(built: Path) -> None:
    """This test ensures the status line's citation prints as [1] (it printed [?] while check
    said 0 warnings), and a one-page summary has no "Page 1 of 1"."""
    summary = text(built / "output/clinician-summary.pdf")
    assert "Standard care [1]." in " ".join(summary.split())
    assert "[?]" not in summary and "Page 1 of 1" not in summary


def test_list_items_are_evenly_spaced(built: Path) -> None:
    """This test ensures one list has one spacing: six single-line items (split into groups so
    that no item is left alone at a page edge) stand at equal steps (19.8/16.4/19.8 before)."""
    page = next(
        p
        for p in lines(built / "output/patient-brochure.pdf")
        if any(line.text == "Soap" for line in p)
    )
    items = ["Soap", "Water", "A towel", "A plaster", "Tape", "Scissors"]
    ys = [next(line.y for line in page if line.text == item) for item in items]
    steps = {round(a - b, 1) for a, b in pairwise(ys)}
    assert len(steps) == 1, steps


def test_booklet_padding_is_something_a_patient_can_use(built: Path) -> None:
    """This test ensures padding pages are different forms a patient can fill in (questions,
    appointments, medicines, then notes), never the same ruled page repeated: the booklet's
    plan is asked to pad to 16 pages so that every kind appears."""
    project = load_project(Paths.for_project(built), TODAY)
    plan = replace(registry()["booklet"].plan, pad_to=16)  # type: ignore[type-var]
    out = built / "padded.pdf"
    document = registry()["booklet"].compose(project)
    out.write_bytes(render_pdf(document, plan, project.theme).data)
    pdf = reader(out)
    assert len(pdf.pages) % 16 == 0
    pads = ["Questions for my care team", "My appointments", "My medicines", "Notes"]
    found = [
        line.strip()
        for page in pdf.pages
        for line in (page.extract_text() or "").splitlines()
        if line.strip() in pads
    ]
    assert found[:4] == pads and set(found[4:]) <= {"Notes"}, found


def test_brochure_opens_with_its_outline_and_ends_on_an_even_page(built: Path) -> None:
    """This test ensures a PDF with bookmarks opens with them shown, and a brochure printed on
    both sides ends with its back cover on an even page."""
    for name in ("patient-brochure.pdf", "patient-brochure-large-print.pdf"):
        pdf = reader(built / "output" / name)
        assert pdf.trailer["/Root"]["/PageMode"] == "/UseOutlines"
        assert len(pdf.pages) % 2 == 0, name


def test_figure_captions_are_centred_under_their_figures(built: Path) -> None:
    """This test ensures a caption is centred on the text column, like its figure."""
    pdf = built / "output/patient-brochure.pdf"
    width = float(reader(pdf).pages[0].mediabox.width)
    caption = next(line for page in lines(pdf) for line in page if line.text == "Short caption")
    assert abs((caption.left + caption.right) / 2 - width / 2) < 2
