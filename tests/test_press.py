"""Press files a print shop accepts: PDF/X-4 (or X-1a) in CMYK through the condition's profile.

A small project made for these tests (its own brand, a picture of known colours, a
transparent logo) is built once per module as PDF/X-4 and as PDF/X-1a; the tests open the
files and check what a shop's preflight checks.
"""

from __future__ import annotations

import io
import math
import shutil
from pathlib import Path
from typing import Any

import pytest
from conftest import MINIMAL, ROOT
from pdfutil import TODAY, reader
from PIL import Image, ImageCms
from pypdf.generic import NameObject

from brochure import build
from brochure.cli import main
from brochure.pipeline import Paths
from brochure.preflight.tokens import operations
from brochure.variants import Options

PROFILE = ROOT / "assets" / "profiles" / "GRACoL2006_coated.icc"  # Letter brands' default
PRIMARY = "#1B5E7A"  # converted through the profile (the brand gives no CMYK for it)
ACCENT_CMYK = [10, 90, 100, 5]  # the brand guide's own accent, printed exactly
SPOT = "PANTONE 7700 C"  # the secondary colour, printed as a spot ink
TEXT = "#222222"  # a neutral grey: black ink alone
# Blocks of known sRGB colours, the picture the tests compare through the profile.
SWATCHES = [(27, 94, 122), (200, 60, 40), (240, 200, 60), (90, 160, 90), (130, 130, 130)]

BRAND = f"""\
name: Press Test Clinic
paper: letter
logo: logos/mark.png
colors:
  primary: "{PRIMARY}"
  secondary: "#2B7A73"
  accent: "#B5501A"
  text: "{TEXT}"
press:
  colors:
    accent: {ACCENT_CMYK}
  spots:
    secondary: {SPOT}
contact:
  phone: "555 0100"
"""

CONTENT = MINIMAL.replace(
    "        - type: paragraph\n          text: Hello world.\n",
    "        - type: paragraph\n          text: Hello world, see https://example.org.\n"
    "        - type: figure\n          image: images/swatches.png\n"
    "          alt: Colour swatches\n          caption: Five colours\n",
)


def _swatches() -> Image.Image:
    im = Image.new("RGB", (1500, 300))
    for i, rgb in enumerate(SWATCHES):
        im.paste(rgb, (i * 300, 0, (i + 1) * 300, 300))
    return im


def _project(root: Path, svg: str | None = None) -> Path:
    (root / "content.yaml").write_text(CONTENT, encoding="utf-8")
    assets = root / "assets"
    for part in ("fonts/NotoSans", "fonts/NotoSerif", "profiles"):
        shutil.copytree(ROOT / "assets" / part, assets / part)
    (assets / "brands").mkdir()
    (assets / "brands" / "press.yaml").write_text(BRAND, encoding="utf-8")
    (assets / "images").mkdir()
    _swatches().save(assets / "images" / "swatches.png")
    (assets / "logos").mkdir()
    logo = Image.new("RGBA", (1800, 600), (0, 0, 0, 0))
    logo.paste((27, 94, 122, 255), (0, 0, 600, 600))  # opaque square, transparent elsewhere
    logo.save(assets / "logos" / "mark.png")
    return root


@pytest.fixture(scope="module")
def press(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Path]]:
    """Every press variant as PDF/X-4 and as PDF/X-1a: {standard: {variant: path}}."""
    root = _project(tmp_path_factory.mktemp("press"))
    paths = Paths.for_project(root, "press")
    names = ["brochure", "booklet", "large-print"]
    out = {}
    for flavour in ("x-4", "x-1a"):
        built = build(paths, names, root / flavour, Options(TODAY, True, flavour), workers=1)
        out[flavour] = {b.variant: b.path for b in built}
    return out


def _catalog(path: Path) -> Any:
    return reader(path).trailer["/Root"].get_object()


def _forms_and_pages(path: Path) -> list[tuple[str, bytes, Any]]:
    """Every content stream of the file with its resources: pages, and forms inside them."""
    out: list[tuple[str, bytes, Any]] = []
    seen: set[int] = set()

    def visit(label: str, data: bytes, resources: Any) -> None:
        out.append((label, data, resources))
        for name, ref in (resources or {}).get("/XObject", {}).items():
            obj = ref.get_object()
            if obj.get("/Subtype") == "/Form" and ref.idnum not in seen:
                seen.add(ref.idnum)
                visit(f"{label} form {name}", obj.get_data(), obj.get("/Resources", {}))

    pdf = reader(path)  # kept open while its streams are read
    for i, page in enumerate(pdf.pages, 1):
        contents = page.get_contents()
        visit(
            f"page {i}",
            contents.get_data() if contents is not None else b"",
            page.get("/Resources", {}),
        )
    return out


def _images(path: Path) -> list[Any]:
    found: dict[int, Any] = {}
    for _label, _data, resources in _forms_and_pages(path):
        for ref in (resources or {}).get("/XObject", {}).values():
            obj = ref.get_object()
            if obj.get("/Subtype") == "/Image":
                found[ref.idnum] = obj
    return list(found.values())


def _set_colours(path: Path) -> list[tuple[bytes, list[float]]]:
    """Every colour-setting operator of every content stream, with its operands."""
    ops = (b"rg", b"RG", b"k", b"K", b"g", b"G", b"sc", b"SC", b"scn", b"SCN", b"cs", b"CS")
    return [
        (op, list(args))
        for _label, data, _res in _forms_and_pages(path)
        for args, op in operations(data)
        if op in ops
    ]


def _lab(rgb: tuple[int, int, int]) -> tuple[float, float, float]:
    t = ImageCms.buildTransform(
        ImageCms.createProfile("sRGB"), ImageCms.createProfile("LAB"), "RGB", "LAB"
    )
    L, a, b = ImageCms.applyTransform(Image.new("RGB", (1, 1), rgb), t).getpixel((0, 0))
    return L / 2.55, a - 128, b - 128


def _cmyk_to_lab(cmyk: tuple[float, ...]) -> tuple[float, float, float]:
    """What the press prints for these inks (0 to 1), as CIELAB under the profile."""
    t = ImageCms.buildTransform(
        ImageCms.ImageCmsProfile(str(PROFILE)),
        ImageCms.createProfile("LAB"),
        "CMYK",
        "LAB",
        ImageCms.Intent.RELATIVE_COLORIMETRIC,
    )
    px = tuple(round(v * 255) for v in cmyk)
    L, a, b = ImageCms.applyTransform(Image.new("CMYK", (1, 1), px), t).getpixel((0, 0))
    return L / 2.55, a - 128, b - 128


def _delta_e(x: tuple[float, ...], y: tuple[float, ...]) -> float:
    return math.dist(x, y)  # CIE76: plenty to tell a profile from a naive formula


# --- the PDF/X frame ---------------------------------------------------------------------------


@pytest.mark.parametrize("flavour", ["x-4", "x-1a"])
def test_press_files_carry_one_pdfx_output_intent_with_the_profile(press, flavour):
    """This test ensures every press file names its standard and printing condition the way a
    RIP reads them: one GTS_PDFX intent embedding the profile it was converted with."""
    version = {"x-4": "PDF/X-4", "x-1a": "PDF/X-1a:2003"}[flavour]
    header = {"x-4": "%PDF-1.6", "x-1a": "%PDF-1.4"}[flavour]
    for path in press[flavour].values():
        r = reader(path)
        assert r.pdf_header == header
        intents = _catalog(path)["/OutputIntents"]
        assert len(intents) == 1
        intent = intents[0].get_object()
        assert intent["/S"] == "/GTS_PDFX"
        assert intent["/OutputConditionIdentifier"] == "CGATS TR 006"
        assert intent["/RegistryName"] == "http://www.color.org"
        icc = intent["/DestOutputProfile"].get_object()
        assert icc["/N"] == 4 and icc.get_data() == PROFILE.read_bytes()
        profile = ImageCms.ImageCmsProfile(io.BytesIO(icc.get_data()))
        assert profile.profile.xcolor_space.strip() == "CMYK"
        assert profile.profile.device_class == "prtr"  # an output (printer) profile
        info = r.metadata
        assert info["/GTS_PDFXVersion"] == version
        assert info.get("/GTS_PDFXConformance") == (version if flavour == "x-1a" else None)
        assert isinstance(info["/Trapped"], NameObject) and info["/Trapped"] == "/False"
        assert info["/Title"] == "Test title"
        packet = _catalog(path)["/Metadata"].get_object().get_data().decode()
        assert f"<pdfxid:GTS_PDFXVersion>{version}</pdfxid:GTS_PDFXVersion>" in packet
        assert "<pdf:Trapped>False</pdf:Trapped>" in packet
        assert "<xmpMM:DocumentID>uuid:" in packet and "<xmpMM:VersionID>" in packet
        assert len(r.trailer["/ID"][0]) == 16


def test_press_boxes_nest_and_page_counts_suit_the_fold(press):
    """This test ensures Media holds Bleed holds Trim on every page, no link lies on the
    printed area, the brochure and large print have an even page count and the booklet a
    multiple of 4."""
    for variant, path in press["x-4"].items():
        pages = reader(path).pages
        for page in pages:
            media, bleed, trim = page.mediabox, page.bleedbox, page.trimbox
            assert media.left <= bleed.left < trim.left and trim.right < bleed.right
            assert bleed.right <= media.right and media.bottom <= bleed.bottom < trim.bottom
            assert trim.top < bleed.top <= media.top
            assert "/Annots" not in page
            assert "/ArtBox" not in page  # PDF/X: a TrimBox or an ArtBox, never both
        assert len(pages) % (4 if variant == "booklet" else 2) == 0, (variant, len(pages))


def test_font_subsets_have_unique_tags_across_files(press):
    """This test ensures two subsets never share a tag, so files merged by a shop never swap
    one font's glyphs for another's."""
    owner: dict[str, str] = {}
    for path in [*press["x-4"].values(), *press["x-1a"].values()]:
        for page in reader(path).pages:
            for font in page.get("/Resources", {}).get("/Font", {}).values():
                font = font.get_object()
                base = str(font["/BaseFont"])
                if "+" in base:
                    tag, _, name = base.lstrip("/").partition("+")
                    descendant = font.get("/DescendantFonts")
                    widths = str(descendant[0].get_object().get("/W")) if descendant else ""
                    key = f"{name}|{widths}|{font.get('/FirstChar')}|{font.get('/Widths')}"
                    assert owner.setdefault(tag, key) == key, f"{tag} names two subsets"
    assert len(owner) >= 3


# --- colour ------------------------------------------------------------------------------------


@pytest.mark.parametrize("flavour", ["x-4", "x-1a"])
def test_no_rgb_anywhere(press, flavour):
    """This test ensures no RGB colour reaches a press file: no RGB operator in any page or form,
    no colour space but DeviceCMYK, DeviceGray and the spot ink's Separation, and every picture
    CMYK (or grey)."""
    for path in press[flavour].values():
        ops = {op for op, _args in _set_colours(path)}
        assert not ops & {b"rg", b"RG"}, path.name
        assert b"k" in ops  # the colours are there, as CMYK
        for _label, _data, resources in _forms_and_pages(path):
            for space in (resources or {}).get("/ColorSpace", {}).values():
                space = space.get_object()
                assert space[0] == "/Separation" and space[2] == "/DeviceCMYK", space
        for image in _images(path):
            assert image["/ColorSpace"] in ("/DeviceCMYK", "/DeviceGray"), path.name
            if "/SMask" in image:
                assert image["/SMask"].get_object()["/ColorSpace"] == "/DeviceGray"


def test_brand_colour_is_converted_through_the_profile(press):
    """This test ensures the brand's primary prints as the profile converts it: the inks in the
    file are the profile's (relative colorimetric), and printed under the profile they look
    like the brand's RGB."""
    path = press["x-4"]["brochure"]
    fills = {tuple(args) for op, args in _set_colours(path) if op == b"k"}
    target = _lab(tuple(int(PRIMARY[i : i + 2], 16) for i in (1, 3, 5)))  # type: ignore[arg-type]
    closest = min(fills, key=lambda inks: _delta_e(_cmyk_to_lab(inks), target))
    assert _delta_e(_cmyk_to_lab(closest), target) < 1.5  # in the press's gamut: itself
    expected = ImageCms.applyTransform(
        Image.new("RGB", (1, 1), PRIMARY),
        ImageCms.buildTransform(
            ImageCms.createProfile("sRGB"),
            ImageCms.ImageCmsProfile(str(PROFILE)),
            "RGB",
            "CMYK",
            ImageCms.Intent.RELATIVE_COLORIMETRIC,
        ),
    ).getpixel((0, 0))
    assert closest == pytest.approx([round(v / 255, 3) for v in expected], abs=0.0015)


def test_brand_guide_cmyk_spot_ink_and_neutral_text(press):
    """This test ensures the brand's own CMYK is printed exactly, its spot colour is drawn as
    that named ink, and grey text prints on black ink alone."""
    path = press["x-4"]["brochure"]
    colours = _set_colours(path)
    fills = [[round(v * 100, 1) for v in args] for op, args in colours if op in (b"k", b"K")]
    assert [float(v) for v in ACCENT_CMYK] in fills
    spaces = [
        space.get_object()
        for _l, _d, res in _forms_and_pages(path)
        for space in (res or {}).get("/ColorSpace", {}).values()
    ]
    assert any(s[1] == "/" + SPOT.replace(" ", "#20") or s[1] == "/" + SPOT for s in spaces)
    assert any(op == b"cs" for op, _args in colours)
    text_fills = []
    for _label, data, _res in _forms_and_pages(path):
        current = None
        for args, op in operations(data):
            if op == b"k":
                current = list(args)
            elif op in (b"Tj", b"TJ") and current is not None:
                text_fills.append(tuple(current))
    assert text_fills
    grey = [inks for inks in text_fills if inks[:3] == (0, 0, 0)]
    assert len(grey) > len(text_fills) / 2  # body text: black ink alone
    # As light as the grey, or as dark as black ink alone prints when the grey is darker.
    darkest = _cmyk_to_lab((0, 0, 0, 1))[0]
    wanted = max(_lab((0x22, 0x22, 0x22))[0], darkest)
    assert _cmyk_to_lab(grey[0])[0] == pytest.approx(wanted, abs=1.5)


def test_picture_is_converted_through_the_profile(press):
    """This test ensures a picture is CMYK through the profile: printed under the profile, its
    colours are those of the RGB original (mean colour difference under 3), where the naive
    formula (K = 1 - max(RGB)) is more than twice as far off."""
    path = press["x-4"]["brochure"]
    pictures = [i for i in _images(path) if i["/Width"] >= 1000 and "/SMask" not in i]
    assert pictures
    assert pictures[0]["/Filter"] == ["/DCTDecode"]
    assert list(pictures[0]["/Decode"]) == [1, 0] * 4  # an Adobe (inverted) CMYK JPEG
    picture = Image.open(io.BytesIO(pictures[0].get_data()))  # which Pillow reads as such
    assert picture.mode == "CMYK"
    width = picture.width
    diffs: list[float] = []
    naive: list[float] = []
    for i, rgb in enumerate(SWATCHES):
        x = int((i + 0.5) * width / len(SWATCHES))
        inks = tuple(v / 255 for v in picture.getpixel((x, picture.height // 2)))
        diffs.append(_delta_e(_cmyk_to_lab(inks), _lab(rgb)))
        naive.append(_delta_e(_cmyk_to_lab(_naive(rgb)), _lab(rgb)))
    assert sum(diffs) / len(diffs) < 3, diffs
    assert sum(naive) > 2 * sum(diffs), (naive, diffs)


def _naive(rgb: tuple[int, int, int]) -> tuple[float, ...]:
    """CMYK by formula, without a profile: what a tool without colour management writes."""
    r, g, b = (v / 255 for v in rgb)
    k = 1 - max(r, g, b)
    return (*((1 - v - k) / (1 - k) if k < 1 else 0.0 for v in (r, g, b)), k)


def test_transparent_logo_keeps_its_mask_in_x4_and_is_flattened_in_x1a(press):
    """This test ensures PDF/X-4 keeps a logo's transparency (a grey soft mask) and PDF/X-1a,
    which allows none, has no soft mask, no constant alpha and no blend group anywhere."""
    masked = [i for i in _images(press["x-4"]["brochure"]) if "/SMask" in i]
    assert masked and all(i["/ColorSpace"] == "/DeviceCMYK" for i in masked)
    for path in press["x-1a"].values():
        assert not [i for i in _images(path) if "/SMask" in i], path.name
        for _label, _data, resources in _forms_and_pages(path):
            for state in (resources or {}).get("/ExtGState", {}).values():
                state = state.get_object()
                assert state.get("/ca", 1) == 1 and state.get("/CA", 1) == 1, path.name


def test_x1a_refuses_see_through_svg_art_by_name(tmp_path, capsys):
    """This test ensures PDF/X-1a stops at SVG art painted see-through (it cannot be made
    opaque without knowing what it covers) with a located one-line error, exit 2, and the
    output folder untouched; PDF/X-4 prints it."""
    root = _project(tmp_path)
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100" viewBox="0 0 200 100">'
        '<rect width="200" height="100" fill="#336699"/>'
        '<circle cx="100" cy="50" r="40" fill="#FFFFFF" fill-opacity="0.5"/></svg>'
    )
    (root / "assets" / "images" / "glass.svg").write_text(svg, encoding="utf-8")
    content = (root / "content.yaml").read_text(encoding="utf-8")
    (root / "content.yaml").write_text(
        content.replace("images/swatches.png", "images/glass.svg"), encoding="utf-8"
    )
    args = ["build", "--root", str(root), "--brand", "press", "--press", "--variant", "brochure"]
    assert main([*args, "--out", str(root / "x4")]) == 0
    out = root / "x1a"
    out.mkdir()
    (out / "keep.pdf").write_bytes(b"%PDF-1.4 whole")
    capsys.readouterr()
    assert main([*args, "--pdfx", "x-1a", "--out", str(out)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err[0].startswith("content.yaml:")
    assert "'glass.svg' paints shapes see-through (opacity 0.5)" in err[0]
    assert "PDF/X-1a" in err[0]
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == ["keep.pdf"]
    assert (out / "keep.pdf").read_bytes() == b"%PDF-1.4 whole"
