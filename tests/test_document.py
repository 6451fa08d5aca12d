"""The document tree: composition, renderer completeness, page plans, and the bugs the old
walkers had (stale outputs, stale pictures, empty headings, tall figures, the clock).

Every leaflet here is a fixture written for the test, not the sample content.
"""

from __future__ import annotations

import re
import shutil
import typing
from pathlib import Path

import pytest
from pdfutil import TODAY, images, reader, text
from PIL import Image

from brochure import build
from brochure.content import model as m
from brochure.document import nodes as n
from brochure.document.compose import BLOCKS, compose_patient, compose_summary
from brochure.pipeline import Paths, load_project
from brochure.render.html import HTML_BLOCKS, render_html
from brochure.render.pdf import render_pdf
from brochure.render.pdf.blocks import LAYOUTS
from brochure.render.pdf.plan import PagePlan, body_frames, page_setup
from brochure.render.text import TEXT, reading_units
from brochure.theme.styles import TypeScale
from brochure.variants import Options, registry
from brochure.variants.summary import PLAN as SUMMARY_PLAN

ROOT = Path(__file__).resolve().parent.parent

LEAFLET = """\
document:
  id: T-7
  title: Caring for a *small* wound
  version: "2"
  last_reviewed: 2026-01-01
  main_message: Keep it clean and dry.
brochure:
  key_facts:
    items: [Most small wounds heal in a week.]
  sections:
    - id: care
      title: Daily care
      blocks:
        - type: paragraph
          text: Wash your hands first [@nhs].
        - type: bullets
          title: What you need
          items: [Clean water, A plaster]
        - type: urgent
          items: [The wound gets hot and red, You get a fever]
    - id: sources
      title: Sources
      blocks:
        - type: references
  disclaimer:
    text: Ask your nurse if unsure.
summary:
  title: Wound care summary
  status: Standard care [@nhs].
  sections:
    - id: s1
      title: Evidence
      blocks:
        - type: paragraph
          text: Moist healing is standard [@nhs].
references:
  - id: nhs
    text: NHS. Cuts and grazes. 2024.
"""


@pytest.fixture
def leaflet(tmp_path: Path) -> Path:
    """A small project of its own: the fixture leaflet and a copy of assets/."""
    (tmp_path / "content.yaml").write_text(LEAFLET, encoding="utf-8")
    shutil.copytree(ROOT / "assets", tmp_path / "assets")
    return tmp_path


def project_of(root: Path, brand: str = "default"):  # type: ignore[no-untyped-def]
    return load_project(Paths.for_project(root, brand), TODAY)


# --- completeness: a new block kind can never be silently dropped --------------------------------


def test_every_content_block_kind_is_composed() -> None:
    """This test ensures the composer has an entry for every block type a content file may use."""
    assert set(typing.get_args(m.AnyBlock)) == set(BLOCKS)


@pytest.mark.parametrize("table", [LAYOUTS, HTML_BLOCKS, TEXT], ids=["pdf", "html", "text"])
def test_every_renderer_handles_every_node_kind(table: dict[type, object]) -> None:
    """This test ensures each renderer has one entry for every block kind of the tree."""
    assert set(n.BLOCK_KINDS) == set(table)
    assert set(typing.get_args(n.Block)) == set(n.BLOCK_KINDS)


# --- composition ----------------------------------------------------------------------------------


def test_composition_order_fallbacks_and_citation_numbers(leaflet: Path) -> None:
    """This test ensures the tree is in reading order, untitled parts get the locale's
    labels, and citations are numbered once for every renderer (the summary status too)."""
    project = project_of(leaflet)
    doc = compose_patient(project)
    assert [p.role for p in doc.head] == ["title"]
    lead, facts, care, sources, disclaimer = doc.body
    assert isinstance(lead, n.Paragraph) and lead.role == "lead"
    assert isinstance(facts, n.Callout) and facts.title == "Key facts"
    assert isinstance(care, n.Section) and care.id == "care" and care.level == 1
    assert isinstance(care.children[0], n.Paragraph)
    assert care.children[0].text == "Wash your hands first \\[1\\]."
    titled = care.children[1]
    assert isinstance(titled, n.Section) and titled.level == 2 and titled.title == "What you need"
    urgent = care.children[2]
    assert isinstance(urgent, n.Urgent) and urgent.title == "When to call us"
    assert isinstance(sources, n.Section) and isinstance(sources.children[0], n.References)
    assert isinstance(disclaimer, n.Section) and disclaimer.title == "Important information"
    summary = compose_summary(project)
    assert summary.head[1].text == "Standard care \\[1\\]."
    assert doc.src is not None and doc.src.file == "content.yaml"


def test_reading_units_leave_out_headings_and_fixed_wording(leaflet: Path) -> None:
    """This test ensures the reading-level check scores the author's prose only."""
    units = dict(reading_units(compose_patient(project_of(leaflet))))
    assert units["Key facts"] == ["Keep it clean and dry.", "Most small wounds heal in a week."]
    assert units["Daily care"] == [
        "Wash your hands first [1].",
        "Clean water",
        "A plaster",
        "The wound gets hot and red",
        "You get a fever",
    ]
    assert units["Important information"] == ["Ask your nurse if unsure."]


# --- page plans -----------------------------------------------------------------------------------


def test_summary_plan_makes_a_title_strip_and_two_columns(leaflet: Path) -> None:
    """This test ensures a plan, read as data, gives the frames it describes."""
    theme = project_of(leaflet).theme
    setup = page_setup(SUMMARY_PLAN, theme, press=False)
    head, col1, col2 = body_frames(SUMMARY_PLAN, setup, first=True)
    assert head.height == 64 and col1.width == col2.width
    assert col2.x1 - (col1.x1 + col1.width) == pytest.approx(16)
    assert setup.margins[3] <= 40 and setup.margins[1] <= 40


def test_any_fixed_size_plan_reports_overflow_by_section(leaflet: Path) -> None:
    """This test ensures the page limit and its message come from the plan, for any variant."""
    project = project_of(leaflet)
    plan = PagePlan(label="wallet card", scale=TypeScale(body=30.0), max_pages=1)
    with pytest.raises(Exception, match=r"the wallet card overflows its one page by about \d+ pt"):
        render_pdf(compose_patient(project), plan, project.theme)


# --- the bugs of the four walkers -----------------------------------------------------------------


def test_disclaimer_without_title_has_the_same_heading_everywhere(leaflet: Path) -> None:
    """This test ensures an untitled disclaimer gets the locale's label in PDF and HTML alike
    (the HTML used to print an empty <h2></h2>)."""
    project = project_of(leaflet)
    doc = compose_patient(project)
    html = render_html(doc, project.theme).data.decode()
    assert not re.search(r"<h\d[^>]*>\s*</h\d>", html)
    assert "<h2>Important information</h2>" in html
    pdf = render_pdf(doc, registry()["brochure"].plan, project.theme)  # type: ignore[arg-type]
    out = leaflet / "b.pdf"
    out.write_bytes(pdf.data)
    assert "Important information" in text(out)


def test_editing_a_reference_rebuilds_the_brochure_that_prints_it(leaflet: Path) -> None:
    """This test ensures staleness follows what an output prints: the brochure lists the
    references, so editing one rebuilds it (it used to stay "up to date")."""
    out = leaflet / "output"
    paths = Paths.for_project(leaflet)
    build(paths, ["brochure"], out, Options(TODAY))
    source = (leaflet / "content.yaml").read_text(encoding="utf-8")
    (leaflet / "content.yaml").write_text(source.replace("2024.", "2025."), encoding="utf-8")
    again = build(paths, ["brochure"], out, Options(TODAY), force=False)
    assert not again[0].skipped
    assert "Cuts and grazes. 2025." in text(out / "patient-brochure.pdf")


def test_replaced_picture_is_not_served_from_a_cache(leaflet: Path) -> None:
    """This test ensures a long-running process (watch) prints the new picture after the
    file is replaced (caches used to be keyed by path alone)."""
    source = LEAFLET.replace(
        "        - type: references\n",
        "        - type: references\n"
        "        - type: figure\n"
        "          image: images/pic.png\n"
        "          alt: A test picture\n"
        "          caption: The picture\n",
    )
    (leaflet / "content.yaml").write_text(source, encoding="utf-8")
    pic = leaflet / "assets" / "images" / "pic.png"
    Image.new("RGB", (600, 400), (200, 30, 30)).save(pic)
    out = leaflet / "output"
    paths = Paths.for_project(leaflet)
    build(paths, ["brochure"], out, Options(TODAY), workers=1)
    before = {key for key, _w, _h in images(out / "patient-brochure.pdf")}
    Image.new("RGB", (600, 400), (30, 30, 200)).save(pic)
    build(paths, ["brochure"], out, Options(TODAY), force=False, workers=1)
    after = {key for key, _w, _h in images(out / "patient-brochure.pdf")}
    assert before - after and after - before


def test_a_figure_taller_than_the_page_is_scaled_to_fit(leaflet: Path) -> None:
    """This test ensures a tall portrait picture is placed, shrunk to the frame, with its caption
    (it used to fail as "cannot fit on one page")."""
    source = LEAFLET.replace(
        "        - type: references\n",
        "        - type: figure\n"
        "          image: images/tall.png\n"
        "          alt: A tall test picture\n"
        "          caption: A very tall picture\n",
    )
    (leaflet / "content.yaml").write_text(source, encoding="utf-8")
    Image.new("RGB", (300, 3000), (0, 120, 0)).save(leaflet / "assets" / "images" / "tall.png")
    out = leaflet / "output"
    built = build(Paths.for_project(leaflet), ["brochure"], out, Options(TODAY))
    pdf = reader(out / "patient-brochure.pdf")
    assert built[0].pages == len(pdf.pages)
    page = next(p for p in pdf.pages if "A very tall picture" in (p.extract_text() or ""))
    assert len(page.images) == 1


def test_no_code_below_the_command_line_reads_the_clock() -> None:
    """This test ensures every date check takes today as an argument; tests fix it, so none
    of them starts failing on a later day (four did, in 2027 and 2028)."""
    readers = [
        p.relative_to(ROOT)
        for p in (ROOT / "brochure").rglob("*.py")
        if re.search(r"\b(date|datetime)\.(today|now)\b", p.read_text(encoding="utf-8"))
    ]
    assert readers == [Path("brochure/cli.py")]


def test_the_suite_runs_on_its_own_clock() -> None:
    """This test ensures the command line's clock is the suite's fixed date during tests."""
    import argparse

    from brochure.cli import today

    assert today(argparse.Namespace(today=None)) == TODAY


# --- one block kind added the way the design says: the urgent "when to call us" box -----------


def test_urgent_box_prints_the_brands_phone_in_pdf_and_html(leaflet: Path) -> None:
    """This test ensures the urgent box shows the clinic's phone as a call link in both outputs,
    and the fallback wording for a brand without a phone."""
    project = project_of(leaflet)
    phone = str(project.brand.contact.phone)
    doc = compose_patient(project)
    pdf = render_pdf(doc, registry()["brochure"].plan, project.theme)  # type: ignore[arg-type]
    (leaflet / "u.pdf").write_bytes(pdf.data)
    body = " ".join(text(leaflet / "u.pdf").split())
    assert "When to call us" in body and f"Call us now on {phone}" in body
    digits = "".join(ch for ch in phone if ch.isdigit() or ch == "+")
    links = [
        str(a.get_object().get("/A", {}).get("/URI", ""))
        for page in reader(leaflet / "u.pdf").pages
        for a in page.get("/Annots", []) or []
    ]
    assert f"tel:{digits}" in links
    html = render_html(doc, project.theme).data.decode()
    assert f'<a href="tel:{digits}">Call us now on {phone}</a>' in html
    bare = project_of(leaflet, "minimal")
    assert bare.brand.contact.phone is None
    urgent = next(x for x in n.walk(compose_patient(bare).body) if isinstance(x, n.Urgent))
    assert urgent.call == "Call your clinic or doctor now" and urgent.phone is None


# --- the registry drives make -------------------------------------------------------------------


def test_makefile_has_a_target_per_variant() -> None:
    """This test ensures `make NAME` exists for exactly the variants in the registry."""
    import subprocess

    listed = subprocess.run(
        ["make", "-s", "--no-print-directory", "print-variants"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert sorted(listed) == sorted(registry())
    dry = subprocess.run(
        ["make", "-n", "--no-print-directory", *listed], cwd=ROOT, capture_output=True, text=True
    )
    for name in listed:
        assert f"--variant {name}" in dry.stdout, name


def test_building_one_variant_keeps_the_whole_leaflet_in_the_diff_snapshot(
    leaflet: Path,
) -> None:
    """This test ensures `diff` compares the whole leaflet however few variants a build made
    (building only the summary must not look like the brochure's sections were removed)."""
    from brochure.diff import run_diff

    out = leaflet / "output"
    paths = Paths.for_project(leaflet)
    build(paths, ["brochure", "summary"], out, Options(TODAY), workers=1)
    build(paths, ["summary"], out, Options(TODAY), workers=1)
    assert run_diff(out) == ["no changes in the printed text or page counts"]
    build(paths, ["booklet"], out, Options(TODAY), workers=1)
    assert run_diff(out) == ["no changes in the printed text or page counts"]
