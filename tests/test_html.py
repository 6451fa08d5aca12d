"""The HTML companion as a phone or a screen reader gets it: the brand's fonts travel inside
the page, pictures are sized for screens and embedded once however often they are used, and
every picture keeps its text. No browser is needed: the page is parsed and its fonts decoded.

The leaflet here is a fixture written for the test, not the sample content.
"""

from __future__ import annotations

import base64
import io
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import MINIMAL
from fontTools.ttLib import TTFont
from pdfutil import TODAY
from PIL import Image

from brochure.document.compose import compose_patient
from brochure.pipeline import Paths, load_project
from brochure.render.html import render_html

ROOT = Path(__file__).resolve().parent.parent
REPEATS = 40  # one picture used this many times must still be embedded once

FIGURE = """\
        - type: figure
          image: images/dot.png
          width: 0.3
          alt: A small test dot, number {i}.
          caption: Dot {i}.
"""

LEAFLET = """\
document:
  id: T-9
  title: Caring for a small wound
  version: "1"
  last_reviewed: 2026-01-01
  main_message: Keep it clean and dry.
  cover_image:
    image: images/huge.png
    alt: A huge test picture.
brochure:
  key_facts:
    items: [Most small wounds heal in a week.]
  sections:
    - id: care
      title: Daily care
      blocks:
        - type: paragraph
          text: "Ça va? **Über** *naïve* ±5 µg — “quoted” it's & <fine>"
        - type: checklist
          items: [Ask about the dressing, Ask when to come back]
        - type: figure
          image: images/disc-diagram.svg
          alt: Two discs side by side.
          caption: A labelled drawing.
{figures}  disclaimer:
    text: Ask your nurse if unsure.
"""


class Page(HTMLParser):
    """What a reader meets: visible text, images with their text, and embedded data."""

    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.images: list[dict[str, str | None]] = []
        self.labelled: list[dict[str, str | None]] = []  # <svg role="img"> uses of a picture
        self.style = ""
        self._in: str | None = None  # inside <style> or <title>: not page text

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag in ("style", "title"):
            self._in = tag
        if tag == "img":
            self.images.append(a)
        if tag == "svg" and a.get("role") == "img":
            self.labelled.append(a)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "title"):
            self._in = None

    def handle_data(self, data: str) -> None:
        if self._in == "style":
            self.style += data
        elif self._in is None:
            self.text.append(data)


def make_project(root: Path) -> Path:
    root.mkdir(exist_ok=True)
    (root / "content.yaml").write_text(
        LEAFLET.format(figures="".join(FIGURE.format(i=i) for i in range(REPEATS))),
        encoding="utf-8",
    )
    shutil.copytree(ROOT / "assets", root / "assets")
    images = root / "assets" / "images"
    # A 3000 px picture of the kind that made the companion 1.5 MB (stored losslessly).
    ramp = Image.linear_gradient("L").resize((3000, 2000))
    Image.merge(
        "RGB", (ramp, ramp.rotate(90), ramp.transpose(Image.Transpose.FLIP_LEFT_RIGHT))
    ).save(images / "huge.png")
    Image.new("RGB", (400, 400), (200, 60, 30)).save(images / "dot.png")
    return root


def render(root: Path) -> str:
    project = load_project(Paths.for_project(root), TODAY)
    return render_html(compose_patient(project), project.theme).data.decode("utf-8")


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Page]:
    html = render(make_project(tmp_path_factory.mktemp("leaflet")))
    parsed = Page()
    parsed.feed(html)
    return html, parsed


def fonts(style: str) -> dict[tuple[str, str, str], TTFont]:
    """Each @font-face rule's (family, style, weight) and its font, decoded from the page."""
    out = {}
    for rule in re.findall(r"@font-face \{(.*?)\}", style):
        family = re.search(r'font-family: "([^"]+)"', rule)
        slant = re.search(r"font-style: (\w+)", rule)
        weight = re.search(r"font-weight: ([\d ]+);", rule)
        data = re.search(r"url\(data:font/woff2;base64,([A-Za-z0-9+/=]+)\)", rule)
        assert family and slant and weight and data, rule
        key = (family.group(1), slant.group(1), weight.group(1))
        raw = base64.b64decode(data.group(1))
        assert raw.startswith(b"wOF2") and len(raw) < 40_000, (key, len(raw))  # whole: 500 KB
        out[key] = TTFont(io.BytesIO(raw))
    return out


def test_brand_fonts_are_embedded_and_draw_every_character_shown(page: tuple[str, Page]) -> None:
    """This test ensures the page carries the brand's body and heading fonts as small WOFF2
    subsets that still contain a glyph for every character the page shows."""
    _, parsed = page
    faces = fonts(parsed.style)
    body = re.search(r'body \{[^}]*font: [^"]*"([^"]+)"', parsed.style)
    heading = re.search(r'h1, h2 \{ font-family: "([^"]+)"', parsed.style)
    assert body and heading
    assert {(body.group(1), "normal", "400"), (body.group(1), "normal", "700")} <= set(faces)
    assert (body.group(1), "italic", "400") in faces
    assert any(name == heading.group(1) for name, _, _ in faces)
    shown = {ch for ch in "".join(parsed.text) if not ch.isspace()}
    assert {"Ç", "Ü", "ï", "±", "µ", "—", "“", "'", "&", "<"} <= shown
    for key, font in faces.items():
        cmap = font.getBestCmap()
        missing = sorted(ch for ch in shown if ord(ch) not in cmap)
        assert not missing, (key, missing)
        assert len(font.getGlyphOrder()) < 400, key  # a subset, not the whole font (>2000)


@pytest.mark.parametrize(
    ("brand", "families"),
    [("lakeshore", {"Liberation Sans", "Gentium Book Plus"}), ("riverside", {"Carlito"})],
)
def test_each_brands_web_page_carries_its_own_fonts(
    brand: str, families: set[str], tmp_path: Path
) -> None:
    """This test ensures a brand with fonts of its own (body and headings) gets a web page
    that embeds those and no others, as subsets that draw every character the page shows."""
    (tmp_path / "content.yaml").write_text(
        MINIMAL.replace("Hello world.", "Ça ira “µ ± 5 %” — naïve Über & <b>."),
        encoding="utf-8",
    )
    (tmp_path / "assets").symlink_to(ROOT / "assets")
    project = load_project(Paths.for_project(tmp_path, brand), TODAY)
    parsed = Page()
    parsed.feed(render_html(compose_patient(project), project.theme).data.decode("utf-8"))
    faces = fonts(parsed.style)
    assert {name for name, _, _ in faces} == families, sorted(faces)
    shown = {ch for ch in "".join(parsed.text) if not ch.isspace()}
    assert {"Ç", "µ", "±", "—", "“", "ï", "Ü", "&", "<"} <= shown
    for key, font in faces.items():
        missing = sorted(ch for ch in shown if ord(ch) not in font.getBestCmap())
        assert not missing, (key, missing)


def test_a_repeated_picture_is_embedded_once_and_every_use_keeps_its_text(
    page: tuple[str, Page],
) -> None:
    """This test ensures one picture used 40 times is embedded once (each use repeated its
    bytes: 300 uses made an 83 MB page), each use labelled with its own alt text."""
    html, parsed = page
    dot = [a for a in parsed.labelled if str(a.get("aria-label", "")).startswith("A small test")]
    assert [a["aria-label"] for a in dot] == [
        f"A small test dot, number {i}." for i in range(REPEATS)
    ]
    uris = re.findall(r'"data:(image/[a-z+]+);base64,([A-Za-z0-9+/=]+)"', html)
    payloads = [data for _, data in uris]
    assert len(payloads) == len(set(payloads))  # no picture twice
    ref = re.findall(r'<use href="#([\w-]+)"/>', html)
    assert len(ref) == REPEATS and len(set(ref)) == 1
    assert re.search(rf'<image id="{ref[0]}" width="\d+" height="\d+" href="data:image/', html)


def test_every_image_has_its_alt_text_and_the_big_cover_is_sized_for_screens(
    page: tuple[str, Page],
) -> None:
    """This test ensures every <img> has alt text, a 3000 px cover is embedded at most 1200 px
    wide, and the whole page (fonts, cover, 41 figures) stays small."""
    html, parsed = page
    assert parsed.images and all(str(a.get("alt") or "").strip() for a in parsed.images)
    cover = next(a for a in parsed.images if a.get("class") == "cover")
    assert cover["alt"] == "A huge test picture."
    mime, data = re.fullmatch(r"data:(image/\w+);base64,(.*)", str(cover["src"])).groups()  # type: ignore[union-attr]
    with Image.open(io.BytesIO(base64.b64decode(data))) as im:
        assert im.size == (1200, 800) and mime == "image/jpeg"
    assert len(html.encode()) < 250_000, len(html.encode())  # the PNG alone is over 1 MB


def test_checklist_words_hang_beside_their_boxes_and_captions_are_centred(
    page: tuple[str, Page],
) -> None:
    """This test ensures a checklist item's words are one flex item beside the box (a second
    line used to wrap under the box), and captions and figures are centred as in the PDF."""
    html, parsed = page
    assert '<input type="checkbox" name="q0"><span>Ask about the dressing</span></label>' in html
    style = parsed.style
    assert re.search(r"ul\.checklist label \{[^}]*display: flex", style)
    assert re.search(r"ul\.checklist input \{[^}]*flex: none", style)
    assert re.search(r"figcaption \{[^}]*text-align: center", style)
    assert re.search(r"figure \.pic \{[^}]*margin: 0 auto", style)
    narrow = re.search(r"@media \(max-width: 40rem\) \{(.*?)\n\}", style, re.S)
    assert narrow and "figure .pic { width: 100%; }" in narrow.group(1)
    assert 'figure class="drawing" style="--w:100%;--natural:720px"' in html


def test_drawing_labels_are_set_in_the_brands_fonts(page: tuple[str, Page]) -> None:
    """This test ensures an SVG figure carries the brand faces its labels use (an <img> cannot
    see the page's fonts, so its labels fell back to the browser's serif) and maps its
    families to them."""
    import xml.etree.ElementTree as ET

    _, parsed = page
    drawing = next(a for a in parsed.images if a.get("alt") == "Two discs side by side.")
    svg = base64.b64decode(str(drawing["src"]).split(",", 1)[1])
    root = ET.fromstring(svg)
    style = "".join(el.text or "" for el in root.iter("{http://www.w3.org/2000/svg}style"))
    labels = {
        ch
        for el in root.iter("{http://www.w3.org/2000/svg}text")
        for ch in "".join(el.itertext())
        if not ch.isspace()
    }
    faces = fonts(style)
    assert {style for _, style, _ in faces} == {"normal", "italic"}  # the drawing's own styles
    assert {weight for _, _, weight in faces} == {"400", "700"}
    assert "(" in labels and len(labels) > 20
    for key, font in faces.items():
        assert not [ch for ch in labels if ord(ch) not in font.getBestCmap()], key
    assert re.search(r'\[font-family\][^{]*\{ font-family: "Noto Sans" !important', style)


def test_the_page_is_the_same_bytes_when_built_again(
    tmp_path: Path, page: tuple[str, Page]
) -> None:
    """This test ensures two builds from scratch (no cache) give identical pages: font subsets
    carry no time stamp and pictures are encoded the same way."""
    assert render(make_project(tmp_path / "b")) == page[0]


def test_a_web_font_cut_from_the_kept_repertoire_is_the_direct_subset(tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    """This test ensures a page's web font, cut from the font already cut down to the web
    repertoire, has the bytes of a subset of the whole font, for English and Spanish text;
    the cut is made once per font and kept; text outside the repertoire (Greek) is subset
    from the whole font and still draws every character."""
    from brochure.session import Session
    from brochure.theme import fonts

    font = ROOT / "assets" / "fonts" / "NotoSans" / "NotoSans-Regular.ttf"
    made: list[str] = []
    real = fonts._subset
    monkeypatch.setattr(fonts, "_subset", lambda f, c, flavor: made.append(c) or real(f, c, flavor))
    said = "Rest the ankle \u201ctwo days\u201d \u2013 call 555-0142 \u2022 37.5 \u00b0C\u2026"
    english = "".join(sorted(set(said)))
    spanish = "".join(sorted(set("¿Le duele el tobillo? Descanse dos días, señora. ¡Llámenos!")))
    greek = "".join(sorted(set("Dose: 5 μg, Ω")))
    session = Session(tmp_path / "cache")
    pages = [fonts.web_font(font, chars, session) for chars in (english, spanish, greek)]
    assert made == [fonts.WEB_REPERTOIRE, english, spanish, greek]
    for page, chars in zip(pages, (english, spanish, greek), strict=True):
        assert page == real(font, chars, "woff2")
        cmap = TTFont(io.BytesIO(page)).getBestCmap()
        assert all(ord(c) in cmap for c in chars if not c.isspace())
    again = Session(tmp_path / "cache")  # a later process: the cut and the pages are kept
    assert [fonts.web_font(font, c, again) for c in (english, spanish)] == pages[:2]
    assert len(made) == 4


def test_a_face_another_process_is_cutting_is_taken_last(tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    """This test ensures a page whose first face another process is cutting now (a library's
    other worker, on a cold cache) cuts its other faces first and waits for that one last,
    and still declares every face, in the family's order."""
    from types import SimpleNamespace

    from brochure.render import html
    from brochure.session import Busy, Session

    regular, bold = tmp_path / "Face-Regular.ttf", tmp_path / "Face-Bold.ttf"
    asked: list[tuple[str, bool]] = []

    def web_font(path, chars, session, wait=True):  # type: ignore[no-untyped-def]
        asked.append((path.name, wait))
        if path == regular and not wait:
            raise Busy(str(path))
        return path.name.encode()

    monkeypatch.setattr(html, "web_font", web_font)
    monkeypatch.setattr(html, "family", lambda fam: "Face")
    fam = SimpleNamespace(files=[("regular", regular), ("bold", bold)])
    rules = html.font_faces((fam,), "abc", Session(tmp_path / "cache"))  # type: ignore[arg-type]
    first, second = "Face-Regular.ttf", "Face-Bold.ttf"
    assert asked == [(first, False), (second, False), (first, True)]
    encoded = [base64.b64encode(p.name.encode()).decode() for p in (regular, bold)]
    assert [line.split("base64,")[1].split(")")[0] for line in rules.splitlines()] == encoded
    lines = rules.splitlines()
    assert "font-weight: 400" in lines[0] and "font-weight: 700" in lines[1]
