"""Pictures at print resolution: ppi checks, downsampling, metadata stripped, modes that work."""

from __future__ import annotations

import io
import json
import pickle
import shutil
from collections import OrderedDict
from pathlib import Path

import pytest
from conftest import copy_project
from pdfutil import images, reader
from PIL import Image

from brochure.cli import main

FIGURE = """        - type: figure
          image: images/{name}
          alt: A test picture
          caption: A test caption
          width: {width}
"""


def _with_figure(project, name: str, width: float = 1.0) -> None:
    """Put a figure with ``name`` at the start of the first section."""
    path = project / "content.yaml"
    source = path.read_text(encoding="utf-8")
    anchor = "      blocks:\n"
    i = source.index(anchor, source.index("  sections:")) + len(anchor)
    figure = FIGURE.format(name=name, width=width)
    path.write_text(source[:i] + figure + source[i:], encoding="utf-8")


@pytest.fixture
def project(tmp_path):
    return copy_project(tmp_path)


def _build(project, capsys, *extra):
    status = main(["build", "--root", str(project), "--variant", "brochure", *extra])
    return status, capsys.readouterr()


def _embedded(pdf):
    """Every raster image XObject: (width, height, bytes of its stream, PIL mode)."""
    out = []
    for page in reader(pdf).pages:
        for img in page.images:
            out.append((img.image.size, img.data, img.image.mode))
    return out


def test_low_resolution_warns_and_press_refuses(project, capsys):
    """This test ensures a 72 ppi picture warns in office mode and is refused for press."""
    # 480 px across the 6.7 in text width: 72 ppi
    Image.new("RGB", (480, 320), (30, 120, 160)).save(project / "assets/images/low.png")
    _with_figure(project, "low.png")
    status, out = _build(project, capsys)
    assert status == 0
    assert "low.png: 72 ppi where placed (300 is print quality)" in out.err
    status, out = _build(project, capsys, "--press")
    assert status == 2
    assert "low.png is only 72 ppi where it is placed" in out.err
    assert "content.yaml:" in out.err.splitlines()[0]


def test_big_photo_is_downsampled_and_the_pdf_stays_small(project, capsys):
    """This test ensures a 6000 x 4000 photo is embedded at about 300 ppi, not 6000 px."""
    photo = Image.radial_gradient("L").resize((6000, 4000)).convert("RGB")
    photo.save(project / "assets/images/big.jpg", quality=92)
    _with_figure(project, "big.jpg", 0.5)
    status, out = _build(project, capsys)
    assert status == 0, out.err
    pdf = project / "output" / "patient-brochure.pdf"
    sizes = [size for size, _data, _mode in _embedded(pdf)]
    assert (6000, 4000) not in sizes
    placed_width_in = 0.5 * (612 - 2 * 64.8) / 72
    # 300 ppi and the 1% margin that keeps rounding from reading 299: not a pixel more.
    assert any(abs(w - placed_width_in * 303) < 2 for w, _h in sizes), sizes
    assert pdf.stat().st_size < 2_000_000
    # A shop that asks for more sets the brand's picture_ppi.
    brand = project / "assets/brands/default.yaml"
    brand.write_text(brand.read_text(encoding="utf-8") + "picture_ppi: 450\n", encoding="utf-8")
    status, out = _build(project, capsys)
    assert status == 0, out.err
    sizes = [size for size, _data, _mode in _embedded(pdf)]
    assert any(abs(w - placed_width_in * 450 * 1.01) < 2 for w, _h in sizes), sizes


def test_picture_ppi_below_print_quality_is_refused(project, capsys):
    """This test ensures a brand cannot ask for pictures below 300 ppi (the preflight's floor)."""
    brand = project / "assets/brands/default.yaml"
    brand.write_text(brand.read_text(encoding="utf-8") + "picture_ppi: 200\n", encoding="utf-8")
    status, out = _build(project, capsys)
    assert status == 2
    assert "default.yaml:" in out.err and "picture_ppi" in out.err and "300" in out.err


def test_sample_brochure_is_at_most_400_kib_at_print_resolution(built):
    """This test ensures the sample brochure's pictures are at print resolution, not above it,
    so that the file stays under 400 KiB (it was 837 KiB with a 428 ppi cover)."""
    pdf = built["brochure"].path
    assert pdf.stat().st_size <= 400 * 1024
    placed = [i for p in reader(pdf).pages for i in p.images]
    assert len(placed) == 3
    report = json.loads((pdf.parent / "build-report.json").read_text(encoding="utf-8"))
    entry = next(o for o in report["outputs"] if o["file"].endswith("patient-brochure.pdf"))
    ppis = [i["effective_ppi"] for i in entry["images"]]
    assert len(ppis) == 3 and all(300 <= p <= 306 for p in ppis), ppis


def test_gps_exif_never_reaches_the_pdf(project, capsys):
    """This test ensures camera and GPS metadata are stripped from embedded pictures."""
    exif = Image.Exif()
    exif[0x010F] = "SecretCam Maker"  # Make
    exif[0x8825] = {1: "N", 2: (51.0, 30.0, 12.34)}  # GPSInfo: latitude
    Image.new("RGB", (2000, 1400), (200, 90, 40)).save(
        project / "assets/images/gps.jpg", exif=exif.tobytes(), quality=90
    )
    assert b"SecretCam" in (project / "assets/images/gps.jpg").read_bytes()
    _with_figure(project, "gps.jpg", 0.6)
    status, out = _build(project, capsys)
    assert status == 0, out.err
    data = (project / "output" / "patient-brochure.pdf").read_bytes()
    assert b"SecretCam" not in data and b"Exif" not in data


def test_transparent_png_keeps_its_alpha(project, capsys):
    """This test ensures a transparent PNG is placed with a soft mask (transparency kept)."""
    im = Image.new("RGBA", (1600, 800), (0, 0, 0, 0))
    im.paste((20, 140, 90, 255), (400, 200, 1200, 600))
    im.save(project / "assets/images/alpha.png")
    _with_figure(project, "alpha.png", 0.8)
    status, out = _build(project, capsys)
    assert status == 0, out.err
    masked = 0
    for page in reader(project / "output" / "patient-brochure.pdf").pages:
        for xobj in (page["/Resources"].get("/XObject") or {}).values():
            obj = xobj.get_object()
            if obj.get("/Subtype") == "/Image" and "/SMask" in obj:
                masked += 1
    assert masked >= 1


@pytest.mark.parametrize("mode", ["CMYK", "L", "P"])
def test_cmyk_greyscale_and_palette_pictures_work(project, capsys, mode):
    """This test ensures CMYK and greyscale JPEGs and palette PNGs build and are embedded."""
    base = Image.new("RGB", (1800, 1200), (40, 120, 200))
    name = "mode.png" if mode == "P" else "mode.jpg"
    if mode == "P":
        base.convert("P").save(project / "assets/images" / name)
    else:
        base.convert(mode).save(project / "assets/images" / name, quality=90)
    _with_figure(project, name, 0.6)
    status, out = _build(project, capsys)
    assert status == 0, out.err
    before = len(images(project / "output" / "patient-brochure.pdf"))
    assert before >= 4  # the three illustrations and this one
    if mode == "CMYK":
        modes = {m for _s, _d, m in _embedded(project / "output" / "patient-brochure.pdf")}
        assert "CMYK" in modes


def test_office_pictures_need_no_decoding_twice(project, capsys, own_cache):
    """This test ensures a prepared picture is reused from the cache on the next build."""
    status, _ = _build(project, capsys)
    assert status == 0
    cached = list((project / ".cache" / "images").iterdir())
    assert cached
    # Each entry's inode: a rewrite makes a new file (written beside, then renamed); a read
    # may mark an old entry used by its modification time, which does not tell them apart.
    stamps = {p: p.stat().st_ino for p in cached}
    status, _ = _build(project, capsys, "--force")
    assert status == 0
    assert {p: p.stat().st_ino for p in cached} == stamps  # read, not rewritten
    assert io.BytesIO(cached[0].read_bytes()).getbuffer().nbytes > 0


# --- SVG drawings kept on disk ----------------------------------------------------------------

PICKLE = b"\x80\x05"  # how a kept drawing starts (pickle protocol 5); pictures never do


def _kept_drawings(project) -> dict:
    """The cache entries that are drawings (hyphenation patterns are pickled too)."""
    from brochure.adapters.svglib import thaw

    found = {}
    for p in (project / ".cache" / "images").iterdir():
        data = p.read_bytes()
        if data.startswith(PICKLE):
            try:
                thaw(data[:-20])  # without the entry's own digest
            except pickle.UnpicklingError:
                continue
            found[p] = data
    return found


def test_a_kept_svg_drawing_prints_the_same_bytes_and_a_damaged_one_is_made_again(
    tmp_path, capsys, own_cache
):
    """This test ensures a build that reads its SVG drawing (the brand's logo) back from the
    cache prints the bytes a build that parsed it printed, and that a truncated file in the
    cache is parsed again and replaced, never failing the build."""
    from conftest import MINIMAL, ROOT

    (tmp_path / "content.yaml").write_text(MINIMAL, encoding="utf-8")
    (tmp_path / "assets").symlink_to(ROOT / "assets")
    pdf = tmp_path / "output" / "patient-brochure.pdf"
    assert _build(tmp_path, capsys)[0] == 0
    parsed = pdf.read_bytes()
    ((kept, data),) = _kept_drawings(tmp_path).items()
    assert _build(tmp_path, capsys, "--force")[0] == 0
    assert pdf.read_bytes() == parsed
    kept.write_bytes(data[: len(data) // 2])
    status, out = _build(tmp_path, capsys, "--force")
    assert status == 0, out.err
    assert pdf.read_bytes() == parsed
    assert kept.read_bytes() == data


@pytest.fixture(scope="module")
def theme(tmp_path_factory):
    """The shipped project's theme (its fonts registered), with a cache of its own."""
    from conftest import ROOT
    from pdfutil import TODAY

    from brochure.pipeline import Paths, load_project
    from brochure.session import Session

    cache = tmp_path_factory.mktemp("cache")
    return load_project(Paths.for_project(ROOT), TODAY, Session(cache)).theme


def _pdf(drawing) -> bytes:
    """The drawing alone on a page, reproducibly."""
    from reportlab.graphics import renderPDF
    from reportlab.pdfgen.canvas import Canvas

    buf = io.BytesIO()
    canvas = Canvas(buf, invariant=1)
    renderPDF.draw(drawing, canvas, 0, 0)
    canvas.save()
    return buf.getvalue()


def _load(svg, cache, theme):
    """The drawing as a new session (a new build) loads it."""
    from brochure.session import Session
    from brochure.theme.images import load_drawing

    return load_drawing(svg, None, Session(cache), theme.body, theme.heading)


def _drawing_entry(cache):  # type: ignore[no-untyped-def]
    """The one kept drawing in ``cache``, beside the SVG file's kept check, "(w, h)"."""
    (entry,) = [f for f in cache.iterdir() if not f.read_bytes().startswith(b"(")]
    return entry


@pytest.mark.parametrize(
    "damage",
    [b"", b"\x80\x05not a pickle", b"garbage", pickle.dumps(OrderedDict(), protocol=5)],
    ids=["empty", "garbled", "garbage", "foreign"],
)
def test_unreadable_kept_drawing_is_replaced(tmp_path, theme, damage):
    """This test ensures an empty, garbled or foreign file (a pickle of a class no drawing
    holds) in the cache is parsed again from the SVG and replaced by a whole drawing."""
    from conftest import ROOT

    from brochure.adapters.svglib import thaw

    svg = tmp_path / "washing.svg"  # svglib makes some of its shapes with classes of its own
    svg.write_bytes((ROOT / "leaflets/wound-care/images/washing.svg").read_bytes())
    cache = tmp_path / "cache"
    parsed = _pdf(_load(svg, cache, theme))
    kept = _drawing_entry(cache)
    whole = kept.read_bytes()
    kept.write_bytes(damage)
    assert _pdf(_load(svg, cache, theme)) == parsed
    assert kept.read_bytes() == whole
    assert thaw(whole).width == 540


def _jpeg_uri() -> str:
    import base64

    buf = io.BytesIO()
    Image.new("RGB", (20, 10), (200, 30, 30)).save(buf, "JPEG")
    return "data:image/jpeg;base64," + base64.b64encode(buf.getvalue()).decode()


SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
    'width="100" height="60"><defs><clipPath id="c"><rect width="50" height="60"/></clipPath>'
    '<linearGradient id="g"><stop offset="0" stop-color="red"/><stop offset="1" '
    'stop-color="blue"/></linearGradient></defs>{}</svg>'
)
# A clip path and a filled open path: shapes svglib makes with classes of its own.
CLIPPED = (
    '<g clip-path="url(#c)"><circle cx="50" cy="30" r="25" fill="#1B5E7A"/></g>'
    '<path d="M 10 50 L 50 10 L 90 50" fill="#E07A2F" stroke="#000" stroke-width="3"/>'
)
GRADIENT = '<rect width="80" height="40" fill="url(#g)"/>'


@pytest.mark.parametrize(
    ("body", "kept"),
    [
        (CLIPPED, True),
        (GRADIENT, False),
        ('<image width="20" height="10" xlink:href="{}"/>', False),
    ],
    ids=["clipped", "gradient", "jpeg"],
)
def test_kept_or_not_a_drawing_prints_as_svglib_made_it(tmp_path, theme, body, kept):
    """This test ensures a drawing read back from the cache prints what svglib's own drawing
    prints (its clip paths and fill-only paths are pickled as copies of its classes), and
    that one holding what cannot be kept (a gradient svglib draws with its own code; a
    data: picture, which ReportLab prints from the open JPEG) is parsed in every build."""
    from brochure.session import NOT_KEPT
    from brochure.theme.images import _parse_svg

    svg = tmp_path / "art.svg"
    svg.write_text(SVG.format(body.format(_jpeg_uri())), encoding="utf-8")
    svglib_made = _pdf(_parse_svg(svg, None, theme.body, theme.heading))
    cache = tmp_path / "cache"
    assert _pdf(_load(svg, cache, theme)) == svglib_made
    file = _drawing_entry(cache)
    assert (not file.read_bytes().startswith(NOT_KEPT)) == kept
    assert _pdf(_load(svg, cache, theme)) == svglib_made
    if "image" in body:
        from pypdf import PdfReader

        page = PdfReader(io.BytesIO(svglib_made)).pages[0].get_contents()
        assert page is not None and b"\nEI\n" in page.get_data()  # the picture, inline


def test_a_cache_entry_torn_by_a_crash_is_made_again_not_used(tmp_path):
    """This test ensures a kept entry (a prepared picture, a parsed font) that a crash left
    short or empty fails its digest and is made again, instead of being embedded."""
    from brochure.session import Session, disk_cached

    source, cache = tmp_path / "logo.png", tmp_path / "cache"
    source.write_bytes(b"source")
    session = Session(cache)
    calls: list[int] = []

    def make() -> bytes:
        calls.append(1)
        return b"prepared picture bytes"

    assert disk_cached(session, source, "target", make) == b"prepared picture bytes"
    assert disk_cached(session, source, "target", make) == b"prepared picture bytes"
    assert len(calls) == 1  # the second read came from the disk
    (entry,) = cache.iterdir()
    for torn in (entry.read_bytes()[:-5], b""):
        entry.write_bytes(torn)
        assert disk_cached(session, source, "target", make) == b"prepared picture bytes"
    assert len(calls) == 3


def _making_in_a_child(cache: Path, source: Path, target: str, log: Path, seconds: float) -> int:
    """A forked process that makes the cache entry for ``target``, taking ``seconds``; its
    pid, once it has started making it (its pid is in ``log``)."""
    import os
    import time

    from brochure.session import Session, disk_cached

    pid = os.fork()
    if pid == 0:
        try:

            def make() -> bytes:
                with log.open("a") as f:
                    f.write(f"{os.getpid()}\n")
                time.sleep(seconds)
                return b"made by the child"

            disk_cached(Session(cache), source, target, make)
        finally:
            os._exit(0)
    deadline = time.monotonic() + 30
    while str(pid) not in log.read_text() and time.monotonic() < deadline:
        time.sleep(0.005)
    return pid


def test_two_processes_wanting_one_missing_entry_make_it_once(tmp_path):
    """This test ensures sibling processes (a library's workers) that want the same missing
    cache entry at once make it once: the other waits for it and reads it, or with
    wait=False is told it is being made (Busy); no claim file is left; and a maker killed
    midway leaves the entry to the next process, which makes it."""
    import os
    import signal

    from brochure.session import Busy, Session, disk_cached

    source, cache, log = tmp_path / "font.ttf", tmp_path / "cache", tmp_path / "makers"
    source.write_bytes(b"font")
    log.write_text("")  # the cache folder is not there yet: the first entry is claimed too
    mine: list[int] = []

    def make() -> bytes:
        mine.append(1)
        return b"made here"

    child = _making_in_a_child(cache, source, "cut", log, 0.5)
    with pytest.raises(Busy):
        disk_cached(Session(cache), source, "cut", make, wait=False)
    assert disk_cached(Session(cache), source, "cut", make) == b"made by the child"
    os.waitpid(child, 0)
    assert mine == [] and log.read_text().split() == [str(child)]
    assert [e.name for e in cache.iterdir() if e.name.endswith(".claim")] == []

    killed = _making_in_a_child(cache, source, "other cut", log, 60)
    os.kill(killed, signal.SIGKILL)
    os.waitpid(killed, 0)
    assert disk_cached(Session(cache), source, "other cut", make) == b"made here"
    assert mine == [1]


def test_a_cache_on_a_file_system_without_locks_still_works(tmp_path, monkeypatch):
    """This test ensures a cache folder whose file system refuses locks (some network file
    systems answer ENOLCK) still keeps and reads entries, and leaves no claim file behind."""
    import errno
    import fcntl

    from brochure.session import Session, disk_cached

    def no_locks(fd: int, operation: int) -> None:
        raise OSError(errno.ENOLCK, "No locks available")

    monkeypatch.setattr(fcntl, "flock", no_locks)
    source, cache = tmp_path / "logo.png", tmp_path / "cache"
    source.write_bytes(b"source")
    assert disk_cached(Session(cache), source, "print", lambda: b"prepared") == b"prepared"
    assert disk_cached(Session(cache), source, "print", lambda: b"made again") == b"prepared"
    assert [e.name.endswith(".claim") for e in cache.iterdir()] == [False]


def test_the_cache_keeps_to_its_size_dropping_what_was_used_longest_ago(tmp_path, monkeypatch):
    """This test ensures a cache folder past its size loses the entries used longest ago
    (reading an entry marks it used) down to four fifths of the size, keeps the others
    whole, and loses a temporary file a killed write left, but not one being written; and
    that a build trims the project's cache (BROCHURE_CACHE_MB)."""
    import os
    import time

    from conftest import MINIMAL, ROOT

    from brochure.session import Session, disk_cached, trim

    cache = tmp_path / "cache"
    session = Session(cache)
    sources = []
    for n in range(5):  # five entries of 1000 bytes, made 10 to 6 days ago
        source = tmp_path / f"picture{n}.png"
        source.write_bytes(b"source %d" % n)
        sources.append(source)
        disk_cached(session, source, "print", lambda: b"x" * 980)
    entries = sorted(cache.iterdir(), key=lambda e: e.stat().st_mtime_ns)
    for age, entry in zip(range(10, 5, -1), entries, strict=True):
        os.utime(entry, (time.time() - age * 86400,) * 2)
    disk_cached(session, sources[0], "print", lambda: b"made again")  # read: now in use
    left, under_way = cache / ".x.left.tmp", cache / ".y.writing.tmp"
    left.write_bytes(b"")
    os.utime(left, (time.time() - 7200,) * 2)
    claimed = cache / ".z.claim"  # the claim of a build killed while it made an entry
    claimed.write_bytes(b"")
    os.utime(claimed, (time.time() - 7200,) * 2)
    under_way.write_bytes(b"")
    os.utime(under_way, (time.time(),) * 2)  # being written now, by the clock trim reads
    trim(cache, most=4000)
    kept = {e.name for e in cache.iterdir()}
    assert kept == {entries[0].name, entries[3].name, entries[4].name, under_way.name}
    assert disk_cached(session, sources[4], "print", lambda: b"made again") == b"x" * 980

    project = tmp_path / "project"
    project.mkdir()
    (project / "assets").symlink_to(ROOT / "assets")
    (project / "content.yaml").write_text(MINIMAL, encoding="utf-8")
    monkeypatch.setenv("BROCHURE_CACHE", str(cache))
    monkeypatch.setenv("BROCHURE_CACHE_MB", "0")
    assert main(["build", "--root", str(project), "--variant", "brochure"]) == 0
    assert [e.name for e in cache.iterdir()] == [under_way.name]


def test_an_old_entry_of_a_read_only_cache_is_still_used(tmp_path, monkeypatch):
    """This test ensures an entry that cannot be marked used (a cache on a read-only disk,
    shared by CI) is still read, not made again."""
    import os
    import time

    from brochure.session import Session, disk_cached

    source, cache = tmp_path / "logo.png", tmp_path / "cache"
    source.write_bytes(b"source")
    session = Session(cache)
    assert disk_cached(session, source, "print", lambda: b"prepared") == b"prepared"
    (entry,) = cache.iterdir()
    os.utime(entry, (time.time() - 3 * 86400,) * 2)

    def read_only(*args: object, **kwargs: object) -> None:
        raise PermissionError("read-only file system")

    monkeypatch.setattr(os, "utime", read_only)
    assert disk_cached(session, source, "print", lambda: b"made again") == b"prepared"


def test_a_copied_project_finds_what_the_first_one_prepared(tmp_path, capsys, monkeypatch):
    """This test ensures kept pictures, fonts and drawings are found by their bytes, not
    their path: a second project with copies of the same files (a library's next leaflet, a
    fresh checkout) makes no new cache entries and prints the same bytes; BROCHURE_CACHE
    names the folder they share."""
    from conftest import MINIMAL, ROOT

    shared = tmp_path / "shared"
    monkeypatch.setenv("BROCHURE_CACHE", str(shared))
    made = []
    for name in ("first", "second"):
        project = tmp_path / name
        (project / "assets").mkdir(parents=True)
        (project / "content.yaml").write_text(
            MINIMAL.replace(
                "text: Hello world.",
                "text: Hello world.\n"
                "        - type: figure\n          image: images/cover.png\n"
                "          alt: A picture\n          caption: A caption",
            ),
            encoding="utf-8",
        )
        for sub in ("brands", "images", "logos", "fonts"):  # copies: new paths, same bytes
            shutil.copytree(ROOT / "assets" / sub, project / "assets" / sub)
        assert _build(project, capsys)[0] == 0
        made.append(((project / "output/patient-brochure.pdf").read_bytes(), set(shared.iterdir())))
        assert not (project / ".cache").exists()
    (first_pdf, first_entries), (second_pdf, second_entries) = made
    # At least the picture at its size and the logo (fonts this process registered in an
    # earlier test are not parsed again, so they may make no entry here).
    assert len(first_entries) >= 2
    assert second_entries == first_entries and second_pdf == first_pdf
