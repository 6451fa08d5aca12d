"""Any clinic's brand: every brand x variant builds with its own paper, fonts and contact."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from pdfutil import TODAY, folded, font_families, reader, text

from brochure import build
from brochure.pipeline import Paths
from brochure.variants import Options, registry

BRANDS = sorted(p.stem for p in (Path(__file__).parent.parent / "assets" / "brands").glob("*.yaml"))
PAPER = {"letter": (612, 792), "a4": (595.3, 841.9)}


def _brand(root: Path, name: str) -> dict:
    data = yaml.safe_load((root / "assets" / "brands" / f"{name}.yaml").read_text(encoding="utf-8"))
    defaults = yaml.safe_load(
        (root / "brochure" / "theme" / "brand-defaults.yaml").read_text(encoding="utf-8")
    )
    return {
        **defaults,
        **data,
        "fonts": data.get("fonts", defaults["fonts"]),
        "contact": data.get("contact", defaults["contact"]),
    }


def _read_here(name: str) -> list[str]:
    """The variants this module's tests open for a brand: every PDF (paper, fonts, contact,
    golden snapshots, tags, the one-page summary), and for the minimal brand every variant,
    since its test is that they all build. (The web page of the other brands was built and
    never opened here: its fontTools subsets of each brand's fonts were 13 s of CPU.)"""
    if name == "minimal":
        return list(registry())
    return [n for n, v in registry().items() if v.filename.endswith(".pdf")]


@pytest.fixture(scope="module")
def every_brand(sample, tmp_path_factory, built):
    """The frozen sample in every brand, the variants of it this module reads; the default
    brand's is the session's ``built`` (the same build: the sample, default brand, every
    variant)."""
    out = {}
    for name in BRANDS:
        if name == "default":
            out[name] = built
            continue
        folder = tmp_path_factory.mktemp(name)
        paths = Paths.for_project(sample, name)
        out[name] = {b.variant: b for b in build(paths, _read_here(name), folder, Options(TODAY))}
    return out


def test_there_are_three_clearly_different_sample_brands(root):
    """This test ensures at least three brands with different palettes, fonts, logos and papers."""
    full = [b for b in BRANDS if "fonts" in _brand_raw(root, b)]
    assert len(full) >= 3
    brands = [_brand(root, b) for b in full]
    assert len({b["colors"]["primary"] for b in brands}) == len(brands)
    assert len({b["fonts"]["body"]["regular"] for b in brands}) == len(brands)
    assert len({b["logo"] for b in brands}) == len(brands)
    assert {b["paper"] for b in brands} == {"letter", "a4"}


def _ps_name(path: Path) -> str:
    """The PostScript name a PDF shows for a TrueType file (not always its file name)."""
    from reportlab.pdfbase.ttfonts import TTFontFile

    name = TTFontFile(str(path)).name
    return name.decode() if isinstance(name, bytes) else str(name)


def _brand_raw(root: Path, name: str) -> dict:
    return yaml.safe_load((root / "assets" / "brands" / f"{name}.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", BRANDS)
def test_brand_reaches_every_pdf(every_brand, root, name):
    """This test ensures paper size, only the brand's fonts, and the clinic's name, phone
    and web.
    """
    brand = _brand(root, name)
    expected_fonts = {
        _ps_name(root / "assets" / p) for fam in brand["fonts"].values() for p in fam.values()
    }
    contact = brand["contact"]
    for variant, built in every_brand[name].items():
        if built.path.suffix != ".pdf":
            continue
        r = reader(built.path)
        page = r.pages[-1]
        w, h = PAPER[brand.get("paper", "letter")]
        if variant == "booklet":
            w = h = None  # half size, two up: checked in test_print
        elif variant == "trifold":
            w, h = h, w  # the brand's sheet turned landscape, folded in three
            assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(
                (w, h), abs=0.5
            )
        else:
            assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(
                (w, h), abs=0.5
            )
        used = font_families(built.path)
        assert used <= expected_fonts, (name, variant, used - expected_fonts)
        body = folded(text(built.path))
        assert brand["name"] in body, (name, variant)
        if contact.get("phone"):
            assert contact["phone"] in body, (name, variant)
        if contact.get("website"):
            host = re.sub(r"^https?://", "", contact["website"]).rstrip("/")
            assert host in body.replace(" ", ""), (name, variant)


def test_minimal_brand_builds_every_variant(every_brand):
    """This test ensures a brand file with only a name, a logo and a phone builds every variant."""
    assert set(every_brand["minimal"]) == set(registry())


def test_summary_is_one_page_on_every_paper(every_brand):
    """This test ensures A4 reflows the dense summary and it still fits exactly one page."""
    for name, outputs in every_brand.items():
        assert len(reader(outputs["summary"].path).pages) == 1, name


def test_layout_code_names_no_colour_font_or_clinic(root):
    """This test ensures the package takes every colour, font and clinic detail from the brand."""
    names = {
        Path(p).stem.split("-")[0]
        for b in BRANDS
        for fam in _brand(root, b)["fonts"].values()
        for p in fam.values()
    }
    clinics = {_brand_raw(root, b)["name"] for b in BRANDS}
    for path in (root / "brochure").rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        assert not re.search(r"#[0-9A-Fa-f]{6}\b", source), path
        for word in [*names, "Helvetica", "Times-Roman", *clinics]:
            assert word not in source, (path, word)


@pytest.mark.parametrize("name", BRANDS)
def test_layout_matches_the_golden_snapshots(every_brand, root, name):
    """This test ensures a layout change shows up as a readable diff: every PDF of every brand
    matches tests/golden/ (lines, fonts, sizes, images within 3 pt); `make golden` renews them."""
    import golden

    pdfs = [b.path for b in every_brand[name].values() if b.path.suffix == ".pdf"]
    assert golden.mismatches(pdfs, root / "tests" / "golden" / name) == []


@pytest.mark.parametrize("name", BRANDS)
def test_every_reader_order_pdf_is_tagged_pdf_ua(every_brand, name):
    """This test ensures every patient PDF and the clinician summary of every sample brand is
    tagged: our structure reader (tests/structure.py) and the `pdfua` checker find nothing,
    and the two-up booklet is the one untagged PDF."""
    import structure

    for variant, built in every_brand[name].items():
        if built.path.suffix != ".pdf":
            continue
        if variant == "booklet":
            assert "catalog: no /StructTreeRoot" in structure.check(built.path).problems
            continue
        assert structure.check(built.path).problems == [], built.path.name
        assert structure.pdfua(built.path) == [], built.path.name
