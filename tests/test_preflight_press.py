"""The press preflight (``--press``): a small PDF/X-4 drawn here that passes every rule, and
for each rule one change that breaks it and the exact finding it must print (rule, page,
object). The pictures' ink is checked against values set in the test, with and without the
inverted ``/Decode`` that a PDF holding an Adobe CMYK JPEG carries."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageCms
from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    NumberObject,
    TextStringObject,
)
from reportlab.lib.colors import CMYKColor
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from brochure.adapters.pypdf import add_object, catalog, set_info_name
from brochure.adapters.reportlab import TaggedTTFont
from brochure.preflight import default_targets, preflight

ROOT = Path(__file__).resolve().parent.parent
PROFILE = (ROOT / "assets" / "profiles" / "FOGRA39L_coated.icc").read_bytes()
FONT = "PressSans"
if FONT not in pdfmetrics.getRegisteredFontNames():
    pdfmetrics.registerFont(
        TaggedTTFont(FONT, str(ROOT / "assets" / "fonts" / "NotoSans" / "NotoSans-Regular.ttf"))
    )
MEDIA = (254.0, 254.0)  # a 200 pt square trimmed page, 9 pt of bleed, 18 pt of slug for marks
TRIM = (27.0, 27.0, 227.0, 227.0)
BLEED = (18.0, 18.0, 236.0, 236.0)
DATE = "D:20261201120000+00'00'"
XMP = """<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:pdfxid="http://www.npes.org/pdfx/ns/id/"
 xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
 xmlns:xmp="http://ns.adobe.com/xap/1.0/" pdf:Trapped="False">
<pdfxid:GTS_PDFXVersion>{version}</pdfxid:GTS_PDFXVersion>
<xmpMM:DocumentID>uuid:5b1f0c1e-0000-4000-8000-000000000001</xmpMM:DocumentID>
<xmpMM:VersionID>1</xmpMM:VersionID><xmpMM:RenditionClass>default</xmpMM:RenditionClass>
<xmp:CreateDate>2026-12-01T12:00:00+00:00</xmp:CreateDate>
<xmp:ModifyDate>{modified}</xmp:ModifyDate>
</rdf:Description></rdf:RDF></x:xmpmeta>
<?xpacket end="w"?>"""

Draw = Callable[[Canvas], None]
Edit = Callable[[PdfWriter], None]


def clean(c: Canvas) -> None:
    """What a press page may hold: CMYK text and a CMYK band bleeding off the left edge."""
    c.setFillColorCMYK(0.9, 0.3, 0.5, 0.2)
    c.rect(18, 100, 100, 40, stroke=0, fill=1)
    c.setFillColor(CMYKColor(0, 0, 0, 1))
    c.setFont(FONT, 10)
    c.drawString(60, 180, "Ask your doctor.")


def crop_marks(c: Canvas) -> None:
    """Marks in registration colour (400%) in the slug, outside the bleed: cut off, fine."""
    c.setStrokeColorCMYK(1, 1, 1, 1)
    c.line(0, 27, 12, 27)
    c.line(27, 0, 27, 12)


def press_pdf(
    path: Path,
    *draws: Draw,
    version: str = "PDF/X-4",
    enforce: bool = True,
    edit: Edit | None = None,
) -> Path:
    """A PDF/X file (one page per drawing): boxes by ReportLab, then with pypdf the FOGRA39
    output intent, Info keys, XMP packet and PDF version; ``edit`` changes it last."""
    raw = io.BytesIO()
    c = Canvas(raw, pagesize=MEDIA, invariant=1, enforceColorSpace="cmyk" if enforce else None)
    for draw in draws or (clean,):
        c.setTrimBox(TRIM)
        c.setBleedBox(BLEED)
        draw(c)
        c.showPage()
    c.save()
    writer = PdfWriter(clone_from=io.BytesIO(raw.getvalue()))
    x1a = version.startswith("PDF/X-1a")
    writer.pdf_header = "%PDF-1.4" if x1a else "%PDF-1.6"
    profile = DecodedStreamObject()
    profile.set_data(PROFILE)
    profile[NameObject("/N")] = NumberObject(4)
    intent = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/OutputIntent"),
            NameObject("/S"): NameObject("/GTS_PDFX"),
            NameObject("/OutputConditionIdentifier"): TextStringObject("FOGRA39"),
            NameObject("/RegistryName"): TextStringObject("http://www.color.org"),
            NameObject("/DestOutputProfile"): add_object(writer, profile),
        }
    )
    root = catalog(writer)
    root[NameObject("/OutputIntents")] = ArrayObject([add_object(writer, intent)])
    xmp = DecodedStreamObject()
    xmp.set_data(XMP.format(version=version, modified="2026-12-01T12:00:00Z").encode())
    xmp[NameObject("/Type")] = NameObject("/Metadata")
    xmp[NameObject("/Subtype")] = NameObject("/XML")
    root[NameObject("/Metadata")] = add_object(writer, xmp)
    keys = {"/Title": "Press test", "/GTS_PDFXVersion": version, "/CreationDate": DATE}
    writer.add_metadata({**keys, "/ModDate": DATE})
    if x1a:
        writer.add_metadata({"/GTS_PDFXConformance": version})
    set_info_name(writer, "/Trapped", "/False")  # a name, not a string
    if edit is not None:
        edit(writer)
    writer.write(path)
    return path


def found(path: Path, rule: str | None = None) -> list[str]:
    """The press findings for one file (of one rule), without the file name."""
    lines = [str(f).removeprefix(f"{path}:") for f in preflight([path], press=True)]
    return [ln for ln in lines if rule is None or f" pt: {rule}: " in ln]


def page(writer: PdfWriter) -> Any:
    return writer.pages[0]


def direct(content: bytes, **keys: Any) -> DecodedStreamObject:
    s = DecodedStreamObject()
    s.set_data(content)
    for key, value in keys.items():
        s[NameObject(f"/{key}")] = value
    return s


def stream(writer: PdfWriter, content: bytes, **keys: Any) -> Any:
    return add_object(writer, direct(content, **keys))


def test_a_clean_pdfx4_file_has_no_finding(tmp_path: Path) -> None:
    """This test ensures the reference file, with crop marks in registration colour in the
    slug, passes every rule: anything found in the cases below is that case's fault."""
    path = press_pdf(tmp_path / "ok.pdf", lambda c: (clean(c), crop_marks(c)))
    assert found(path) == []


def test_the_office_preflight_does_not_run_press_rules(tmp_path: Path) -> None:
    """This test ensures a file without --press gets the office rules only: an RGB file with
    no output intent passes them."""

    def rgb(c: Canvas) -> None:
        c.setFillColorRGB(0, 0, 1)
        c.rect(60, 60, 20, 20, fill=1, stroke=0)

    path = press_pdf(tmp_path / "rgb.pdf", rgb, enforce=False)
    assert preflight([path]) == []
    assert found(path, "colour") == [
        "page 1: (60, 60) pt: colour: page content: rg sets a DeviceRGB fill colour (0 0 1)"
    ]


def test_rgb_hidden_in_a_form_is_found_in_the_form(tmp_path: Path) -> None:
    """This test ensures an rg inside a Form XObject is named with the form, located where
    the form paints it (the form's own matrix applied)."""

    def draw(c: Canvas) -> None:
        c.beginForm("L")
        c.setFillColorRGB(1, 0, 0)
        c.rect(0, 0, 10, 10, fill=1, stroke=0)
        c.endForm()
        c.saveState()
        c.translate(100, 50)
        c.doForm("L")
        c.restoreState()

    path = press_pdf(tmp_path / "form.pdf", draw, enforce=False)
    assert found(path) == [
        "page 1: (100, 50) pt: colour: form /FormXob.L: rg sets a DeviceRGB fill colour (1 0 0)"
    ]


def test_rgb_in_images_shadings_spaces_groups_and_annotations_is_found(tmp_path: Path) -> None:
    """This test ensures every other place RGB or Lab hides is named: an RGB picture, an
    ICC-based RGB space set with cs/scn, an Indexed picture on RGB, a Lab shading painted
    with sh, a pattern's RGB shading, the page's transparency group, an annotation's /C and
    its appearance stream; a Separation on CMYK is fine."""

    def picture(c: Canvas) -> None:
        c.drawImage(ImageReader(Image.new("RGB", (4, 4), "red")), 40, 40, 20, 20)

    def edit(w: PdfWriter) -> None:
        p = page(w)
        icc = stream(w, ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
        icc.get_object()[NameObject("/N")] = NumberObject(3)
        lab = DictionaryObject(
            {
                NameObject("/WhitePoint"): ArrayObject(
                    [FloatObject(0.95), FloatObject(1), FloatObject(1.09)]
                )
            }
        )
        shading = DictionaryObject(
            {
                NameObject("/ShadingType"): NumberObject(2),
                NameObject("/ColorSpace"): ArrayObject([NameObject("/Lab"), lab]),
            }
        )
        rgb_shading = DictionaryObject(
            {
                NameObject("/ShadingType"): NumberObject(2),
                NameObject("/ColorSpace"): NameObject("/DeviceRGB"),
            }
        )
        pattern = DictionaryObject(
            {
                NameObject("/PatternType"): NumberObject(2),
                NameObject("/Shading"): add_object(w, rgb_shading),
            }
        )
        gold = ArrayObject(
            [
                NameObject("/Separation"),
                NameObject("/Gold"),
                NameObject("/DeviceCMYK"),
                NumberObject(0),
            ]
        )
        indexed = stream(
            w,
            b"\x00\x01\x01\x00",
            Type=NameObject("/XObject"),
            Subtype=NameObject("/Image"),
            Width=NumberObject(2),
            Height=NumberObject(2),
            BitsPerComponent=NumberObject(8),
            ColorSpace=ArrayObject(
                [
                    NameObject("/Indexed"),
                    NameObject("/DeviceRGB"),
                    NumberObject(1),
                    TextStringObject("abcdef"),
                ]
            ),
        )
        res = p["/Resources"].get_object()
        res[NameObject("/ColorSpace")] = DictionaryObject(
            {
                NameObject("/CS0"): ArrayObject([NameObject("/ICCBased"), icc]),
                NameObject("/CS1"): gold,
            }
        )
        res[NameObject("/Shading")] = DictionaryObject({NameObject("/Sh0"): add_object(w, shading)})
        res[NameObject("/Pattern")] = DictionaryObject({NameObject("/P0"): add_object(w, pattern)})
        res[NameObject("/XObject")].get_object()[NameObject("/Ix")] = indexed
        extra = (
            b"q /CS0 cs 0.1 0.2 0.3 scn 70 70 10 10 re f Q"
            b" q /CS1 cs 1 scn 90 90 10 10 re f Q"
            b" q 1 0 0 1 120 120 cm /Sh0 sh Q"
            b" q /Pattern cs /P0 scn 140 140 10 10 re f Q"
            b" q 10 0 0 10 160 60 cm /Ix Do Q"
        )
        contents = p.get_contents()
        assert contents is not None
        p.replace_contents(direct(contents.get_data() + b"\n" + extra))
        p[NameObject("/Group")] = DictionaryObject(
            {
                NameObject("/S"): NameObject("/Transparency"),
                NameObject("/CS"): NameObject("/DeviceRGB"),
            }
        )
        appearance = stream(
            w,
            b"0 0 1 rg 0 0 5 5 re f",
            BBox=ArrayObject([NumberObject(0)] * 2 + [NumberObject(5)] * 2),
        )
        link = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Annot"),
                NameObject("/Subtype"): NameObject("/Square"),
                NameObject("/Rect"): ArrayObject([NumberObject(v) for v in (2, 2, 7, 7)]),
                NameObject("/C"): ArrayObject([NumberObject(0), NumberObject(0), NumberObject(1)]),
                NameObject("/AP"): DictionaryObject({NameObject("/N"): appearance}),
            }
        )
        p[NameObject("/Annots")] = ArrayObject([add_object(w, link)])

    path = press_pdf(tmp_path / "rgb.pdf", picture, edit=edit)
    lines = found(path, "colour")
    image = next(ln for ln in lines if "image /FormXob." in ln)
    assert image.startswith("page 1: (40, 40) pt: colour: image /FormXob.")
    assert image.endswith(": colour space DeviceRGB")
    assert sorted(ln for ln in lines if ln != image) == sorted(
        [
            "page 1: (0, 0) pt: colour: page: transparency group colour space DeviceRGB",
            "page 1: (70, 70) pt: colour: page content: cs sets the fill colour space /CS0 "
            "(ICCBased RGB)",
            "page 1: (70, 70) pt: colour: page content: scn sets an ICCBased RGB fill colour "
            "(0.1 0.2 0.3)",
            "page 1: (120, 120) pt: colour: shading /Sh0: colour space Lab",
            "page 1: (140, 140) pt: colour: pattern /P0: colour space DeviceRGB",
            "page 1: (160, 60) pt: colour: image /Ix: colour space Indexed on DeviceRGB",
            "page 1: (2, 2) pt: colour: annotation 1 (/Square): /C [0 0 1] is an RGB colour",
            "page 1: (2, 2) pt: colour: annotation 1 (/Square) appearance /N: rg sets a "
            "DeviceRGB fill colour (0 0 1)",
        ]
    )


def _intent(w: PdfWriter) -> Any:
    return catalog(w)["/OutputIntents"][0].get_object()


@pytest.mark.parametrize(
    ("edit", "what"),
    [
        (
            lambda w: catalog(w).__delitem__("/OutputIntents"),
            "0 /GTS_PDFX output intents, where PDF/X needs exactly one",
        ),
        (
            lambda w: catalog(w)["/OutputIntents"].append(catalog(w)["/OutputIntents"][0]),
            "2 /GTS_PDFX output intents, where PDF/X needs exactly one",
        ),
        (
            lambda w: _intent(w).__setitem__(
                NameObject("/RegistryName"), TextStringObject("http://example.org")
            ),
            "/RegistryName 'http://example.org' for FOGRA39, which http://www.color.org registers",
        ),
        (
            lambda w: _intent(w).__delitem__("/OutputConditionIdentifier"),
            "no /OutputConditionIdentifier",
        ),
        (
            lambda w: (
                _intent(w)["/DestOutputProfile"]
                .get_object()
                .set_data(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
            ),
            "/DestOutputProfile is a RGB profile of class 'mntr', not a CMYK output ('prtr') "
            "profile",
        ),
    ],
)
def test_a_missing_or_malformed_output_intent_is_found(
    tmp_path: Path, edit: Edit, what: str
) -> None:
    """This test ensures the output intent is there once, registered where it says, with a
    CMYK output profile that opens."""
    path = press_pdf(tmp_path / "oi.pdf", edit=edit)
    assert found(path) == [f"page 1: (0, 0) pt: output-intent: catalog /OutputIntents: {what}"]


def _xmp(w: PdfWriter, version: str = "PDF/X-4", modified: str = "2026-12-01T12:00:00Z") -> None:
    catalog(w)["/Metadata"].get_object().set_data(
        XMP.format(version=version, modified=modified).encode()
    )


@pytest.mark.parametrize(
    ("edit", "what"),
    [
        (
            lambda w: w.add_metadata({"/Trapped": TextStringObject("False")}),
            "Info /Trapped is the string 'False': must be the name /True or /False",
        ),
        (
            lambda w: _xmp(w, version="PDF/X-3:2002"),
            "XMP pdfxid:GTS_PDFXVersion 'PDF/X-3:2002' differs from Info's 'PDF/X-4'",
        ),
        (
            lambda w: _xmp(w, modified="2026-12-02T12:00:00Z"),
            "XMP xmp:ModifyDate '2026-12-02T12:00:00Z' differs from Info /ModDate "
            "\"D:20261201120000+00'00'\"",
        ),
        (
            lambda w: setattr(w, "pdf_header", "%PDF-1.4"),
            "PDF 1.4: PDF/X-4 needs PDF 1.6 or later",
        ),
        (
            lambda w: w.add_metadata({"/GTS_PDFXVersion": "PDF/X-5"}),
            "Info /GTS_PDFXVersion 'PDF/X-5', not one of PDF/X-4, PDF/X-1a:2003",
        ),
    ],
)
def test_pdfx_identification_is_checked(tmp_path: Path, edit: Edit, what: str) -> None:
    """This test ensures the Info keys, their XMP twins and the PDF version agree with the
    standard the file claims."""
    path = press_pdf(tmp_path / "meta.pdf", edit=edit)
    lines = found(path)
    assert f"page 1: (0, 0) pt: pdfx-metadata: {what}" in lines
    assert all(" pdfx-metadata: " in ln for ln in lines)


def test_missing_xmp_is_found(tmp_path: Path) -> None:
    path = press_pdf(tmp_path / "x.pdf", edit=lambda w: catalog(w).__delitem__("/Metadata"))
    assert found(path) == [
        "page 1: (0, 0) pt: pdfx-metadata: catalog /Metadata (the XMP packet) missing"
    ]


def test_page_boxes_are_present_and_nested(tmp_path: Path) -> None:
    """This test ensures a page without a bleed box, a trim box poking out of the bleed box
    and an art box beside the trim box are each named on their page."""

    def edit(w: PdfWriter) -> None:
        del w.pages[0]["/BleedBox"]
        w.pages[1][NameObject("/TrimBox")] = ArrayObject(
            [NumberObject(v) for v in (10, 27, 227, 227)]
        )
        w.pages[2][NameObject("/ArtBox")] = ArrayObject(
            [NumberObject(v) for v in (27, 27, 227, 227)]
        )

    path = press_pdf(tmp_path / "boxes.pdf", clean, clean, clean, edit=edit)
    assert found(path, "boxes") == [
        "page 1: (0, 0) pt: boxes: no /BleedBox",
        "page 2: (10, 27) pt: boxes: /TrimBox [10 27 227 227] is not inside /BleedBox "
        "[18 18 236 236]",
        "page 3: (27, 27) pt: boxes: both /TrimBox and /ArtBox (PDF/X allows one)",
    ]


def test_annotations_in_the_bleed_box_are_found(tmp_path: Path) -> None:
    """This test ensures a link on the page is named, while a printer's mark in the slug and
    a link wholly outside the bleed box are left alone."""

    def draw(c: Canvas) -> None:
        clean(c)
        c.linkURL("https://example.org", (60, 60, 120, 72), relative=0, thickness=0)
        c.linkURL("https://example.org", (0, 0, 10, 10), relative=0, thickness=0)

    path = press_pdf(tmp_path / "links.pdf", draw)
    assert found(path) == [
        "page 1: (60, 60) pt: annotation: annotation 1 (/Link) [60 60 120 72] lies in the bleed box"
    ]


def test_ink_over_the_limit_set_by_an_operator_is_found(tmp_path: Path) -> None:
    """This test ensures a rich black of 360% inside the bleed is found where it is painted;
    the same 400% registration colour only in the slug (crop marks) is not."""

    def draw(c: Canvas) -> None:
        crop_marks(c)
        c.setFillColorCMYK(0.9, 0.9, 0.9, 0.9)
        c.rect(50, 150, 30, 30, fill=1, stroke=0)

    path = press_pdf(tmp_path / "ink.pdf", draw)
    assert found(path) == [
        "page 1: (50, 150) pt: ink: page content: k sets 360% total ink (0.9 0.9 0.9 0.9), "
        "over the 300% limit"
    ]


def jpeg(value: int) -> ImageReader:
    """A flat CMYK JPEG whose every ink is ``value`` (of 255), as Pillow (Adobe) writes it."""
    out = io.BytesIO()
    Image.new("CMYK", (16, 16), (value,) * 4).save(out, "JPEG", quality=95)
    return ImageReader(io.BytesIO(out.getvalue()))


def _no_decode(w: PdfWriter) -> None:
    for ref in w.pages[0]["/Resources"]["/XObject"].values():
        del ref.get_object()["/Decode"]


def test_cmyk_jpeg_ink_is_read_with_the_pdf_decode_array(tmp_path: Path) -> None:
    """This test ensures a CMYK JPEG's ink is what a press prints: 90% of each ink (360%) is
    over; 8% of each (31%) is not; and the same light JPEG without ReportLab's inverted
    /Decode prints 92% of each ink (369%), which is found."""
    dark = press_pdf(tmp_path / "dark.pdf", lambda c: c.drawImage(jpeg(230), 40, 40, 40, 40))
    light = press_pdf(tmp_path / "light.pdf", lambda c: c.drawImage(jpeg(20), 40, 40, 40, 40))
    flipped = press_pdf(
        tmp_path / "flip.pdf", lambda c: c.drawImage(jpeg(20), 40, 40, 40, 40), edit=_no_decode
    )
    (line,) = found(dark, "ink")
    assert line.startswith("page 1: (40, 40) pt: ink: image /FormXob.")
    assert line.endswith(
        ": up to 361% total ink, 100.0% of its pixels over the 300% limit "
        "(under 0.1% is tolerated as JPEG noise)"
    )
    assert found(light, "ink") == []
    (line,) = found(flipped, "ink")
    assert ": up to 369% total ink, 100.0% of its pixels" in line


def test_a_few_hot_pixels_are_tolerated(tmp_path: Path) -> None:
    """This test ensures a picture with 5 pixels over the limit in 10,000 (0.05%, the size of
    JPEG noise) passes, and one with 20 (0.2%) is found with its share."""

    def picture(hot: int) -> Draw:
        im = Image.new("CMYK", (100, 100), (50, 50, 50, 50))
        for i in range(hot):
            im.putpixel((i, i), (255, 255, 255, 40))  # 316%
        return lambda c: c.drawImage(ImageReader(im), 40, 40, 100, 100)

    assert found(press_pdf(tmp_path / "few.pdf", picture(5)), "ink") == []
    (line,) = found(press_pdf(tmp_path / "many.pdf", picture(20)), "ink")
    assert line.startswith("page 1: (40, 40) pt: ink: image /FormXob.")
    assert line.endswith(
        ": up to 316% total ink, 0.2% of its pixels over the 300% limit "
        "(under 0.1% is tolerated as JPEG noise)"
    )


def test_transparency_is_found_only_in_a_pdfx1a_file(tmp_path: Path) -> None:
    """This test ensures a 50% opaque fill is refused in PDF/X-1a (named with its graphics
    state) and accepted in PDF/X-4, which keeps live transparency."""

    def draw(c: Canvas) -> None:
        c.setFillAlpha(0.5)
        c.setFillColorCMYK(0, 0.5, 0, 0)
        c.rect(60, 60, 20, 20, fill=1, stroke=0)

    def masked(c: Canvas) -> None:
        shadow = Image.new("RGBA", (300, 300), (0, 0, 0, 128))
        c.drawImage(ImageReader(shadow), 100, 100, 72, 72, mask="auto")

    x4 = press_pdf(tmp_path / "x4.pdf", draw)
    x1a = press_pdf(tmp_path / "x1a.pdf", draw, version="PDF/X-1a:2003")
    assert found(x4) == []
    assert found(x1a) == [
        "page 1: (60, 60) pt: transparency: page content: gs /gRLs0 sets /ca 0.5 (opacity below 1)"
    ]
    assert found(press_pdf(tmp_path / "m4.pdf", masked), "transparency") == []
    (line,) = found(
        press_pdf(tmp_path / "m1a.pdf", masked, version="PDF/X-1a:2003"), "transparency"
    )
    assert line.startswith("page 1: (100, 100) pt: transparency: image /FormXob.")
    assert line.endswith(": a soft mask (/SMask)")


def test_fonts_are_checked_under_press(tmp_path: Path) -> None:
    """This test ensures the office font rule runs with --press: Helvetica is not embedded."""

    def draw(c: Canvas) -> None:
        c.setFont("Helvetica", 10)
        c.drawString(60, 180, "Not embedded")

    path = press_pdf(tmp_path / "font.pdf", draw)
    assert found(path) == ["page 1: (60, 178) pt: font-not-embedded: font not embedded: Helvetica"]


def test_a_folder_gives_its_press_files(tmp_path: Path) -> None:
    """This test ensures ``preflight --press FOLDER`` reads the press files, not the screen ones."""
    for name in ("patient-brochure.pdf", "patient-brochure-press.pdf"):
        (tmp_path / name).write_bytes(b"%PDF-1.4")
    assert default_targets(tmp_path, press=True) == [tmp_path / "patient-brochure-press.pdf"]
    assert len(default_targets(tmp_path)) == 2
