"""The foundation: a real patient brochure and a one-page clinician summary, built from the frozen
sample leaflet (tests/fixtures/stem-cell), whatever the project's own content.yaml says."""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from pdfutil import TODAY, folded, font_families, fonts, images, outline_titles, reader, text

from brochure import build
from brochure.pipeline import Paths
from brochure.variants import Options

JUNK = [
    "umccalltoaction",
    "14 min read",
    "Table of Contents",
    "Latest Posts",
    "Related Post",
    "Thank you for visiting",
    "Extensive Membrane System",
    "Acetaminophen With Antibiotics",
    "Ancestral North Indian",
    "Fluorescence In Situ",
    "Rheumatoid Arthritis",
    "don't miss to bookmark",
]


def _content(root: Path) -> dict:
    return yaml.safe_load((root / "content.yaml").read_text(encoding="utf-8"))


def test_page_counts(built):
    """This test ensures that the brochure has at least 6 pages and the summary exactly one."""
    assert built["brochure"].pages >= 6
    assert len(reader(built["brochure"].path).pages) == built["brochure"].pages
    assert len(reader(built["summary"].path).pages) == 1


def test_every_heading_is_printed_and_bookmarked(built, sample):
    """This test ensures that every section heading is in the text and in the outline."""
    data = _content(sample)
    body = folded(text(built["brochure"].path))
    titles = [s["title"] for s in data["brochure"]["sections"]]
    for title in titles:
        assert folded(title) in body, title
    outline = outline_titles(built["brochure"].path)
    assert outline[: len(titles)] == titles
    assert data["brochure"]["disclaimer"]["title"] in outline
    summary_outline = outline_titles(built["summary"].path)
    assert summary_outline == [s["title"] for s in data["summary"]["sections"]]


def test_greek_terms_extract_exactly(built):
    """This test ensures that Greek letters come out of the PDF as real text, not boxes."""
    body = text(built["summary"].path)
    # The Greek letters are intentional: the test checks they extract as real text.
    for term in ("TGF-β", "IL-1β", "TNF-α"):  # noqa: RUF001
        assert term in body, term


def test_no_web_junk_and_no_arabic(built):
    """This test ensures that nothing of the seed's web page furniture is printed."""
    for variant in ("brochure", "summary"):
        body = text(built[variant].path)
        for junk in JUNK:
            assert junk.lower() not in body.lower(), (variant, junk)
        assert not re.search(r"[\u0600-\u06FF]", body), variant


def test_every_font_is_embedded(built):
    """This test ensures that every referenced font is embedded (no bare Helvetica)."""
    for variant in ("brochure", "summary"):
        found = fonts(built[variant].path)
        assert found, variant
        missing = [name for name, embedded in found.items() if not embedded]
        assert missing == [], (variant, missing)
        assert not any("Helvetica" in f for f in font_families(built[variant].path))


def test_brochure_has_pictures(built):
    """This test ensures that the cover, figures and logo reach the PDF as images."""
    assert len(images(built["brochure"].path)) >= 3


def test_metadata(built, sample):
    """This test ensures that title, author, language and the viewer's title display are set."""
    clinic = yaml.safe_load((sample / "assets/brands/default.yaml").read_text(encoding="utf-8"))
    r = reader(built["brochure"].path)
    meta = r.metadata
    assert meta.title == _content(sample)["document"]["title"]
    assert meta.author == clinic["name"]
    assert meta.subject and meta.creator
    root_obj = r.trailer["/Root"]
    assert root_obj["/Lang"] == "en-US"
    assert root_obj["/ViewerPreferences"]["/DisplayDocTitle"]
    s = reader(built["summary"].path).metadata
    assert s.author == clinic["name"] and s.title


def test_builds_are_byte_identical(built, sample, tmp_path):
    """This test ensures that building twice gives the same bytes."""
    again = build(Paths.for_project(sample), ["brochure", "summary"], tmp_path, Options(TODAY))
    for b in again:
        assert b.path.read_bytes() == built[b.variant].path.read_bytes(), b.variant


def test_footer_on_every_body_page(built, sample):
    """This test ensures that every inside page shows the document id and 'Page N of M'."""
    r = reader(built["brochure"].path)
    total = len(r.pages)
    doc_id = _content(sample)["document"]["id"]
    for n, page in enumerate(r.pages[1:-1], 2):
        t = page.extract_text()
        assert f"Page {n} of {total}" in t
        assert doc_id in t


def test_loading_content_again_and_again_keeps_none_of_it(tmp_path):
    """This test ensures a long-running process (watch, the studio) that loads the content at
    every save holds nothing of the earlier loads: no YAML node survives a load."""
    import gc

    from conftest import MINIMAL

    from brochure.content.project import load_content
    from brochure.errors import Report

    path = tmp_path / "content.yaml"
    path.write_text(MINIMAL.replace("2026-01-01", "2026-01-02"), encoding="utf-8")
    assert load_content(path, Report()) is not None  # warm: anything made once is made

    def nodes() -> int:
        gc.collect()
        return sum(isinstance(o, yaml.Node) for o in gc.get_objects())

    before = nodes()
    for _ in range(3):
        assert load_content(path, Report()) is not None
    assert nodes() == before
