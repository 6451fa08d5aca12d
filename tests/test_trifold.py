"""The tri-fold leaflet: panel geometry read back from the PDF, the overflow message, and the
reading order of the structure tree.

The leaflet here is written for the test (its words say which panel they belong to), never
the sample content.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import structure
from pdfutil import TODAY
from pypdf import PdfReader

from brochure.cli import main
from brochure.document.compose import compose_trifold
from brochure.finish import finish
from brochure.pipeline import Paths, load_project
from brochure.preflight.extract import Line, Page, read_pages
from brochure.render.pdf import render_pdf
from brochure.variants import applicable
from brochure.variants.trifold import VARIANT

ROOT = Path(__file__).resolve().parent.parent
FILLER = " ".join(["Plain inside words fill these narrow panel columns for the test."] * 9)
PARAGRAPHS = f"        - type: paragraph\n          text: {FILLER}\n" * 3
LEAFLET = f"""\
document:
  id: T-18
  title: Coverword title
  subtitle: Coverword subtitle
  version: "1"
  last_reviewed: 2026-01-01
  main_message: Flapword main message.
brochure:
  key_facts:
    items: [Flapword fact one., Flapword fact two.]
  sections:
    - id: whole
      title: Brochure only
      blocks:
        - type: paragraph
          text: Not carried by the tri-fold.
        - type: bullets
          items: [Usedword first item, Usedword second item]
  disclaimer:
    text: Closingword disclaimer.
trifold:
  sections:
    - id: first
      title: Leftword heading
      blocks:
{PARAGRAPHS}    - id: second
      title: Nextword heading
      blocks:
{PARAGRAPHS}    - use: whole
      only: [2]
"""
IN = 72.0
EIGHTH = IN / 8


@pytest.fixture
def leaflet(tmp_path: Path) -> Path:
    """A project of its own: the fixture leaflet, and the repository's assets linked in."""
    (tmp_path / "content.yaml").write_text(LEAFLET, encoding="utf-8")
    (tmp_path / "assets").symlink_to(ROOT / "assets")
    return tmp_path


def press_pages(root: Path, brand: str = "default") -> list[Page]:
    """The fixture's press tri-fold (crop and fold marks outside the bleed), as read back."""
    project = load_project(Paths.for_project(root, brand), TODAY)
    plan = VARIANT.plan
    assert plan is not None
    out = render_pdf(compose_trifold(project), plan, project.theme, True, "trifold")
    out = finish(out, ("bleed",), project.theme, "patient-trifold-press.pdf")
    path = root / "press.pdf"
    path.write_bytes(out.data)
    return list(read_pages(PdfReader(path)))


def folds(page: Page) -> list[float]:
    """Fold positions from the trim's left edge: the vertical marks outside the trim that
    are not at its corners (those are the crop marks)."""
    x0, y0, x1, y1 = page.trim
    found = {
        round((m.box[0] + m.box[2]) / 2 - x0, 2)  # the line's middle, not its stroke's edge
        for m in page.marks
        if m.kind == "stroke" and m.box[2] - m.box[0] < 1 and (m.box[1] >= y1 or m.box[3] <= y0)
    }
    return sorted(x for x in found if 1 < x < x1 - x0 - 1)


def panel_of(line: Line, page: Page, cuts: list[float]) -> int:
    """The panel (0 = left) a line of text is in."""
    left, right = line.box[0] - page.trim[0], line.box[2] - page.trim[0]
    edges = [0.0, *cuts, page.trim[2] - page.trim[0]]
    for i in range(3):
        if edges[i] <= left and right <= edges[i + 1]:
            return i
    raise AssertionError(f"{line.text!r} crosses a fold ({left:.1f}..{right:.1f}, folds {cuts})")


def words_by_panel(page: Page) -> list[str]:
    cuts = folds(page)
    text = ["", "", ""]
    for line in page.lines:
        if not line.rotated and line.text.strip():  # the DRAFT watermark is drawn rotated
            text[panel_of(line, page, cuts)] += line.text + " "
    return text


@pytest.mark.parametrize(
    ("brand", "outside", "inside"),
    [
        ("default", (3.625 * IN, 7.3125 * IN), (3.6875 * IN, 7.375 * IN)),
        ("riverside", (97 / 25.4 * IN, 197 / 25.4 * IN), (100 / 25.4 * IN, 200 / 25.4 * IN)),
    ],
    ids=["letter", "a4"],
)
def test_folds_make_the_fold_in_panel_narrow(leaflet, brand, outside, inside):
    """This test ensures the sheet is landscape and folded letter-fold: the narrow panel is
    the outside left, which is the inside right (Letter 3.625 in, A4 97 mm)."""
    out_side, in_side = press_pages(leaflet, brand)
    width = out_side.trim[2] - out_side.trim[0]
    assert width > out_side.trim[3] - out_side.trim[1]  # landscape
    assert folds(out_side) == pytest.approx(outside, abs=0.01)
    assert folds(in_side) == pytest.approx(inside, abs=0.01)
    assert width - folds(in_side)[1] < folds(in_side)[0]  # inside right is the narrow one


def test_each_panel_carries_its_role_and_nothing_nears_a_fold(leaflet):
    """This test ensures every line of text lies within one panel, at least 1/8 in from each
    fold and 1/4 in from the paper's edge, and the panels carry their roles: cover outside
    right, flap outside left, back (contact) outside middle, the chosen sections inside."""
    pages = press_pages(leaflet)
    for page in pages:
        cuts = folds(page)
        x0, y0, x1, y1 = page.trim
        for line in page.lines:
            if line.rotated or not line.text.strip():
                continue
            panel_of(line, page, cuts)  # within one panel
            left, bottom, right, top = line.box
            assert min(abs(left - x0 - c) for c in cuts) >= EIGHTH, line.text
            assert min(abs(right - x0 - c) for c in cuts) >= EIGHTH, line.text
            assert left - x0 >= 18 and x1 - right >= 18 and bottom - y0 >= 18 and y1 - top >= 18
    flap, back, cover = words_by_panel(pages[0])
    assert "Coverword title" in cover and "Flapword" not in cover
    assert "Flapword main message." in flap and "Flapword fact two." in flap
    assert "Leftword" not in flap + back + cover
    assert "Contact" in back and "Coverword" not in back
    left, middle, right = words_by_panel(pages[1])
    assert left.startswith("Leftword heading")
    assert "Nextword heading" in middle
    assert "Usedword second item" in right and "Closingword disclaimer." in right
    assert "Brochure only" in right  # a used section keeps its title ...
    assert "Not carried" not in left + middle + right  # ... and `only` its chosen blocks


def test_reading_order_is_cover_flap_inside_back(leaflet):
    """This test ensures a screen reader (the structure tree) hears the cover, the flap, the
    inside panels left to right, then the back panel; not the sheet's order (outside left to
    right, then inside), and that the file breaks no PDF/UA rule our reader checks."""
    status = main(["build", "--root", str(leaflet), "--variant", "trifold"])
    assert status == 0
    pdf = leaflet / "output" / "patient-trifold.pdf"
    assert structure.check(pdf).problems == []
    assert structure.pdfua(pdf) == []
    heard = " ".join(text for _, text in structure.reading(pdf))
    order = ["Coverword title", "Flapword main", "Leftword", "Nextword", "Usedword second"]
    order += ["Closingword", "Contact"]
    at = [heard.index(words) for words in order]
    assert at == sorted(at), heard


def test_overflow_names_the_block_and_by_how_much(leaflet, capsys):
    """This test ensures content that does not fit the inside panels fails the build with
    status 2 and a located message (file:line of the block, by how much, which panels),
    and output/ keeps the tri-fold built before."""
    assert main(["build", "--root", str(leaflet), "--variant", "trifold"]) == 0
    before = (leaflet / "output" / "patient-trifold.pdf").read_bytes()
    extra = f"    - id: third\n      title: Extra\n      blocks:\n{PARAGRAPHS}"
    more = LEAFLET.replace("    - use: whole\n", extra + "    - use: whole\n")
    (leaflet / "content.yaml").write_text(more, encoding="utf-8")
    capsys.readouterr()
    assert main(["build", "--root", str(leaflet), "--variant", "trifold"]) == 2
    err = capsys.readouterr().err.strip().splitlines()[0]
    lines = more.splitlines()
    extra_at = lines.index("      title: Extra")
    blocks = "|".join(str(i + 1) for i in range(extra_at, extra_at + 8) if "type:" in lines[i])
    assert re.fullmatch(
        rf"content\.yaml:({blocks}):\d+: trifold\.sections\[2\]\.blocks\[\d\]: the "
        r"tri-fold leaflet overflows its inside panels by about \d+ pt \(~\d+ lines\), from "
        r"section 'Extra' on; .*",
        err,
    ), err
    assert (leaflet / "output" / "patient-trifold.pdf").read_bytes() == before


def test_flap_overflow_is_its_own(leaflet, capsys):
    """This test ensures a flap that overflows says so (not the back panel it spills on)."""
    facts = ", ".join(f"Flapword fact {i} is long enough to wrap in the panel." for i in range(20))
    content = LEAFLET.replace("[Flapword fact one., Flapword fact two.]", f"[{facts}]")
    (leaflet / "content.yaml").write_text(content, encoding="utf-8")
    assert main(["build", "--root", str(leaflet), "--variant", "trifold"]) == 2
    err = capsys.readouterr().err
    assert re.match(
        r"content\.yaml:10:\d+: brochure\.key_facts: .* overflows its flap panel by", err
    )


def test_only_content_with_a_trifold_part_makes_one(leaflet, capsys):
    """This test ensures a leaflet without a `trifold:` part makes no tri-fold by default,
    and asking for one is a located error (exit status 2)."""
    content = LEAFLET[: LEAFLET.index("trifold:")]
    (leaflet / "content.yaml").write_text(content, encoding="utf-8")
    assert "trifold" not in applicable(load_project(Paths.for_project(leaflet), TODAY))
    assert main(["build", "--root", str(leaflet), "--variant", "trifold"]) == 2
    assert (
        "content.yaml:1:1: trifold: content.yaml has no 'trifold' part" in capsys.readouterr().err
    )


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("- use: whole", "- use: wholly", r":\d+:\d+: trifold\.sections\[2\]\.use: no brochure "),
        ("only: [2]", "only: [3]", r":\d+:\d+: trifold\.sections\[2\]\.only: section 'whole' has "),
        ("- use: whole", "- title: Half", r":42:13: trifold\.sections\[2\]\.only: 'only' picks "),
    ],
    ids=["unknown-section", "no-such-block", "only-without-use"],
)
def test_trifold_part_errors_are_located(leaflet, capsys, old, new, expected):
    """This test ensures a tri-fold entry naming no brochure section, a block it does not
    have, or neither a section nor a short version, is a located error (exit status 2)."""
    (leaflet / "content.yaml").write_text(LEAFLET.replace(old, new), encoding="utf-8")
    assert main(["check", "--root", str(leaflet)]) == 2
    assert re.search("content\\.yaml" + expected, capsys.readouterr().err)
